// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: VirtioCore ← VirtioFlows ← VirtioScript ← VirtioLessons ← TutorUI → TermGrid ← TutorTerminal;
// VirtioLessons also uses TermGrid's TextSanitizer (the one rule for unsafe text) to check lessons.
// VirtioCore knows nothing of any UI; TutorTerminal is the only target that talks to curses.
// Release builds of the modules on the tutor's start-up path reach a concrete generic type's metadata through its
// accessor, with the witness tables passed in, instead of by mangled name: in the static executable each first
// mangled-name look-up of a type such as `[ThemeRole: Style]` makes the runtime scan every protocol conformance
// record of the binary (Foundation's included) for its `Hashable`, ~0.37 M instructions each, 5 M of the first
// frame (docs/DECISIONS.md, "Start-up, session 7"). Debug builds and the tests are unchanged.
let startupPath: [SwiftSetting] = [
  .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release))
]

let package = Package(
  name: "virtio-tutor",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "virtio-tutor", targets: ["virtio-tutor"]),
    // Libraries for the libFuzzer package in Fuzz/ (its targets link what they fuzz).
    .library(name: "VirtioCore", targets: ["VirtioCore"]),
    .library(name: "VirtioScript", targets: ["VirtioScript"]),
    .library(name: "VirtioLessons", targets: ["VirtioLessons"]),
    .library(name: "VirtioHost", targets: ["VirtioHost"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // System libraries and C shims.
    .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
    .target(name: "CTermShim", dependencies: ["CNcursesw"]),
    .systemLibrary(
      name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
      providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
    .target(name: "CVringBench"),
    // Sets the crash-report policy before the Swift runtime reads it (a constructor; see CrashReporting.swift).
    .target(name: "CStartup"),

    // Pure libraries.
    .target(name: "VirtioCore"),
    .target(name: "VirtioFlows", dependencies: ["VirtioCore"], swiftSettings: startupPath),
    .target(name: "VirtioScript", dependencies: ["VirtioCore", "VirtioFlows"], swiftSettings: startupPath),
    .target(name: "VirtioLessons", dependencies: ["VirtioScript", "CCmarkGFM", "Yams", "TermGrid"], swiftSettings: startupPath),
    .target(name: "TermGrid", swiftSettings: startupPath),
    .target(
      name: "TutorUI", dependencies: ["TermGrid", "VirtioLessons", "VirtioScript", "VirtioFlows", "VirtioCore"],
      swiftSettings: startupPath),

    // The vhost-user back end, QMP and QEMU control (Glibc; the engine's device on a real guest's RAM).
    .target(name: "VirtioHost", dependencies: ["VirtioCore"]),

    // The only curses importer.
    .target(name: "TutorTerminal", dependencies: ["TermGrid", "CTermShim", "CNcursesw"], swiftSettings: startupPath),

    // The command-line tool: wiring, files, clock, environment.
    .executableTarget(
      name: "virtio-tutor",
      dependencies: [
        "VirtioCore", "VirtioFlows", "VirtioScript", "VirtioLessons", "TermGrid", "TutorUI", "TutorTerminal",
        "CVringBench", "VirtioHost", "CStartup",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // The release binary is one static executable (the Swift runtime, Foundation, ncurses, cmark-gfm and libc
      // inside): no dynamic loading or relocation of ~20 shared objects at start-up (docs/DECISIONS.md, "A static
      // release binary"). Debug builds and the tests stay dynamic. Unsafe flags are allowed here because this is
      // the root package's executable; the library products other packages use (Fuzz/) carry none.
      swiftSettings: startupPath + [.unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release))],
      linkerSettings: [
        .unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release)),
        .linkedLibrary("tinfo", .when(platforms: [.linux], configuration: .release)),
        // ncurses' own calls to its terminfo evaluator go through CTermShim's memo (tparm_cache.c): the same
        // `sgr`/`setaf`/cursor-motion strings are evaluated once, not at every attribute switch and cost estimate
        // (docs/DECISIONS.md, "Start-up, session 9"). Static link only: the debug build's shared ncurses is unwrapped.
        // And ncurses' flushes during a paint are held until its doupdate returns (flush_hold.c): one write(2) a
        // frame, not one per cursor movement.
        .unsafeFlags(
          ["-Xlinker", "--wrap=_nc_tiparm", "-Xlinker", "--wrap=_nc_flush_sp"],
          .when(platforms: [.linux], configuration: .release)),
      ]),

    // Helpers shared by the test targets (memory bounds checked with getrusage, grid goldens with styles).
    .target(name: "TestSupport", dependencies: ["TermGrid"], path: "Tests/TestSupport"),
    .testTarget(name: "VirtioCoreTests", dependencies: ["VirtioCore"]),
    .testTarget(name: "VirtioFlowsTests", dependencies: ["VirtioFlows", "VirtioCore", "TestSupport"]),
    .testTarget(name: "VirtioScriptTests", dependencies: ["VirtioScript", "VirtioCore", "TestSupport"]),
    .testTarget(
      name: "VirtioLessonsTests",
      dependencies: ["VirtioLessons", "VirtioScript", "TestSupport", .product(name: "Yams", package: "Yams")],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "TermGridTests", dependencies: ["TermGrid"]),
    .testTarget(name: "TutorTerminalTests", dependencies: ["CTermShim"]),
    .testTarget(
      name: "TutorUITests", dependencies: ["TutorUI", "TermGrid", "VirtioLessons", "TestSupport"],
      exclude: ["App/Screens", "App/Snapshots", "Narration/Goldens", "Notes/Screens", "Panes/Snapshots"]),  // goldens, read by path
    .testTarget(name: "VirtioHostTests", dependencies: ["VirtioHost", "VirtioCore", "TutorUI", "TermGrid"], exclude: ["Fixtures", "Screens"]),
    .testTarget(name: "EndToEndTests", dependencies: ["virtio-tutor", "TutorUI", "TestSupport", "VirtioHost"]),
  ]
)
