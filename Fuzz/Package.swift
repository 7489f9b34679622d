// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets over the main package's libraries. Built and run by `Fuzz/run TARGET SECONDS`, which passes
// `-sanitize=fuzzer,address` to every Swift target (coverage for the code under test, ASan for memory errors).
// Each target is `LLVMFuzzerTestOneInput` plus an `@main` that starts libFuzzer (FuzzSupport/FuzzDriver.swift).
let package = Package(
  name: "virtio-tutor-fuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "virtio-tutor", path: "..")],
  targets: [
    .target(name: "CFuzzDriver"),
    .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"]),
    .executableTarget(name: "FuzzScriptParser", dependencies: ["FuzzSupport", .product(name: "VirtioScript", package: "virtio-tutor")]),
    .executableTarget(name: "FuzzSplitRing", dependencies: ["FuzzSupport", .product(name: "VirtioCore", package: "virtio-tutor")]),
    .executableTarget(name: "FuzzPackedRing", dependencies: ["FuzzSupport", .product(name: "VirtioCore", package: "virtio-tutor")]),
    .executableTarget(name: "FuzzLesson", dependencies: ["FuzzSupport", .product(name: "VirtioLessons", package: "virtio-tutor")]),
    .executableTarget(name: "FuzzVhostUser", dependencies: ["FuzzSupport", .product(name: "VirtioHost", package: "virtio-tutor")]),
  ]
)
