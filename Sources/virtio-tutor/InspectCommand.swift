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
      virtio-net (RAM in /dev/shm), lets each do one request, stops it and inspects it (--pmemsave: from a \
      pmemsave dump instead of the RAM file). --save-snapshot FILE writes the QMP replies and the ring bytes read \
      (the test fixture's format); --snapshot FILE inspects such a file without QEMU. Exit status 1 when a check \
      fails or a ring is malformed.
      """)

  @Option(help: "The guest's QMP socket.")
  var qmp: String?

  @Option(help: "The guest's RAM: a memory-backend-file (e.g. in /dev/shm) or a pmemsave dump, at guest-physical 0.")
  var memory: String?

  @Flag(help: "Boot the stock guest (QEMU's own virtio-rng, blk, net) and inspect it.")
  var boot = false

  @Flag(help: "With --boot: read the rings from a pmemsave dump of the stopped guest instead of its RAM file.")
  var pmemsave = false

  @Option(help: "Inspect a saved snapshot (QMP replies + ring bytes) instead of a guest.")
  var snapshot: String?

  @Option(help: "Also write what was read (QMP replies + ring bytes) to this snapshot file.")
  var saveSnapshot: String?

  @Option(help: "text, json, or tui (a terminal view: each queue's report beside its ring picture).")
  var format = "text"

  func run() throws {
    guard ["text", "json", "tui"].contains(format) else { throw ValidationError("--format must be text, json or tui") }
    guard !pmemsave || boot else { throw ValidationError("--pmemsave goes with --boot (else give the dump as --memory)") }
    let reports: [QueueReport]
    let ram: GuestMemory
    if let snapshot {
      guard !boot, qmp == nil, memory == nil, saveSnapshot == nil else {
        throw ValidationError("--snapshot takes none of --boot, --qmp, --memory, --save-snapshot")
      }
      (reports, ram) = try inspect(snapshotPath: snapshot)
    } else if boot {
      guard qmp == nil, memory == nil else { throw ValidationError("--boot does not take --qmp or --memory") }
      (reports, ram) = try bootAndInspect()
    } else {
      guard let qmp, let memory else { throw ValidationError("give --qmp SOCKET and --memory FILE, --boot, or --snapshot FILE") }
      (reports, ram) = try inspect(qmpPath: qmp, memoryPath: memory)
    }
    if format == "tui" {
      let status = try InspectScreen.show(reports, memory: ram)
      if status != 0 { throw ExitCode(status) }
      return
    }
    print(format == "json" ? InspectReportFormat.json(reports) : InspectReportFormat.text(reports), terminator: "")
    if !reports.allSatisfy(\.isConsistent) { throw ExitCode(1) }
  }

  func inspect(qmpPath: String, memoryPath: String) throws -> ([QueueReport], GuestMemory) {
    do {
      let client = try QMPClient(path: qmpPath, connectTimeout: 2)
      defer { client.close() }
      let (memory, size) = try guestMemory(memoryPath)
      return (try inspectAndSave(client, memory: memory, ramSize: size, how: "inspect --qmp \(qmpPath) --memory \(memoryPath)"), memory)
    } catch let error as VhostUserError {
      throw CLIError("inspect: \(error.message)")
    }
  }

  func inspect(snapshotPath: String) throws -> ([QueueReport], GuestMemory) {
    guard let data = FileManager.default.contents(atPath: snapshotPath) else { throw CLIError("inspect: cannot read \(snapshotPath)") }
    do {
      let snapshot = try RingSnapshot(json: data)
      let memory = try snapshot.memory()
      return (try RingInspector.inspect(qmp: snapshot.qmp, memory: memory), memory)
    } catch let error as VhostUserError {
      throw CLIError("inspect: \(snapshotPath): \(error.message)")
    } catch {
      throw CLIError("inspect: \(snapshotPath): \(error)")
    }
  }

  /// Inspects through `client`; with --save-snapshot, records the exchanges and writes the snapshot file.
  func inspectAndSave(_ client: QMPClient, memory: GuestMemory, ramSize: UInt64, how: String) throws -> [QueueReport] {
    guard let saveSnapshot else { return try RingInspector.inspect(qmp: client, memory: memory) }
    let recorder = RecordingQMP(client)
    let reports = try RingInspector.inspect(qmp: recorder, memory: memory)
    let snapshot = try RingSnapshot.capture(
      qemuVersion: client.version, capturedWith: how, exchanges: recorder.exchanges, reports: reports, memory: memory, ramSize: ramSize)
    guard FileManager.default.createFile(atPath: saveSnapshot, contents: try snapshot.json()) else {
      throw CLIError("inspect: cannot write \(saveSnapshot)")
    }
    return reports
  }

  /// The RAM file or dump mapped read-only at guest-physical 0, and its size.
  func guestMemory(_ path: String) throws -> (GuestMemory, UInt64) {
    let region = try MappedRegion.file(path: path)
    do {
      return (try GuestMemory(regions: [
        GuestMemoryRegion(guestPhysicalAddress: 0, size: region.size, base: region.base, writable: false, owner: region)
      ]), region.size)
    } catch {
      throw CLIError("inspect: \(error)")
    }
  }

  func bootAndInspect() throws -> ([QueueReport], GuestMemory) {
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
      var ram = session.ramFile!
      if pmemsave {
        ram = session.directory + "/pmemsave.bin"
        try client.execute("pmemsave", ["val": 0, "size": session.memoryMiB << 20, "filename": ram])
      }
      let (memory, size) = try guestMemory(ram)
      return (
        try inspectAndSave(client, memory: memory, ramSize: size, how: "virtio-tutor inspect --boot\(pmemsave ? " --pmemsave" : "")"),
        memory
      )
    } catch let error as VhostUserError {
      throw CLIError("inspect --boot: \(error.message)")
    }
  }
}
