import ArgumentParser
import Foundation
import VirtioCore
import VirtioHost

/// `virtio-tutor inspect`: a QEMU guest's virtqueues, read through QMP and its RAM, decoded and checked by the
/// engine.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Read and check the virtqueues of a QEMU guest (QMP + its RAM), or boot a stock guest to inspect.",
    discussion: """
      With --qmp SOCKET and --memory FILE (a memory-backend-file in /dev/shm read live, or a pmemsave dump) it \
      inspects any QEMU guest; with --boot it boots the tutor's guest with QEMU's own virtio-rng, virtio-blk and \
      virtio-net (RAM in /dev/shm), lets each do one request, stops it and inspects it. Exit status 1 when a check \
      fails or a ring is malformed.
      """)

  @Option(help: "The guest's QMP socket.")
  var qmp: String?

  @Option(help: "The guest's RAM: a memory-backend-file (e.g. in /dev/shm) or a pmemsave dump, at guest-physical 0.")
  var memory: String?

  @Flag(help: "Boot the stock guest (QEMU's own virtio-rng, blk, net) and inspect it.")
  var boot = false

  @Option(help: "text or json.")
  var format = "text"

  func run() throws {
    guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
    let reports: [QueueReport]
    if boot {
      guard qmp == nil, memory == nil else { throw ValidationError("--boot does not take --qmp or --memory") }
      reports = try bootAndInspect()
    } else {
      guard let qmp, let memory else { throw ValidationError("give --qmp SOCKET and --memory FILE, or --boot") }
      reports = try inspect(qmpPath: qmp, memoryPath: memory)
    }
    print(format == "json" ? InspectReportFormat.json(reports) : InspectReportFormat.text(reports), terminator: "")
    if !reports.allSatisfy(\.isConsistent) { throw ExitCode(1) }
  }

  func inspect(qmpPath: String, memoryPath: String) throws -> [QueueReport] {
    do {
      let client = try QMPClient(path: qmpPath, connectTimeout: 2)
      defer { client.close() }
      return try RingInspector.inspect(qmp: client, memory: try guestMemory(memoryPath))
    } catch let error as VhostUserError {
      throw CLIError("inspect: \(error.message)")
    }
  }

  func guestMemory(_ path: String) throws -> GuestMemory {
    let region = try MappedRegion.file(path: path)
    do {
      return try GuestMemory(regions: [
        GuestMemoryRegion(guestPhysicalAddress: 0, size: region.size, base: region.base, writable: false, owner: region)
      ])
    } catch {
      throw CLIError("inspect: \(error)")
    }
  }

  func bootAndInspect() throws -> [QueueReport] {
    let image = try GuestPaths.readyImage()
    GuestSignals.install()
    var options = GuestSession.Options()
    options.vhostUserRng = false
    options.stockDevices = true
    options.ramFile = true
    options.initArguments = "tutor=demo"
    do {
      let session = try GuestSession(image: image, runtimeDirectory: GuestPaths.runtimeDirectory, options: options)
      defer { session.shutdown() }
      let client = try session.connectQMP()
      try session.waitForConsole("TUTOR: IO-DONE", timeout: 120)
      try client.execute("stop")
      return try RingInspector.inspect(qmp: client, memory: try guestMemory(session.ramFile!))
    } catch let error as VhostUserError {
      throw CLIError("inspect --boot: \(error.message)")
    }
  }
}
