import Foundation
import Glibc
import Testing
import VirtioCore
import VirtioHost
import VirtioScript

/// A real Linux guest under QEMU (TCG) whose virtio-rng is our engine over vhost-user. Every wait has a deadline,
/// QEMU is killed by pid on every path, and nothing is asserted about time.
@Suite(.serialized) struct GuestEndToEndTests {
  @Test func qemuIsPresentInCI() {
    if QEMUAvailability.isCI {
      #expect(QEMUAvailability.problem == nil, "CI=true but the QEMU tests cannot run: \(QEMUAvailability.problem ?? "")")
    } else if let problem = QEMUAvailability.problem {
      print("note: the QEMU tests of VirtioHostTests are skipped: \(problem) (run `virtio-tutor guest setup`)")
    }
  }

  /// With EVENT_IDX on and off, and with the device polling the ring after each request (`--poll-us 500`, fixed
  /// and `--poll-adaptive`).
  @Test(
    .enabled(if: QEMUAvailability.ready, QEMUAvailability.skipReason),
    arguments: [(true, 0.0, false), (false, 0.0, false), (true, 0.0005, false), (false, 0.0005, false), (true, 0.0005, true)])
  func guestReadsOurPattern(eventIdx: Bool, pollWindow: Double, adaptive: Bool) throws {
    let pattern = Array("TUTOR-RNG-13-".utf8)  // 13 bytes: no two hexdump lines alike, so none is folded into "*"
    var options = GuestSession.Options()
    options.pattern = pattern
    options.eventIdx = eventIdx
    options.polling = NotificationPolling(window: pollWindow, adaptive: adaptive)
    options.initArguments = "tutor=read tutor_reads=3 tutor_bs=64"
    let session = try GuestSession(image: QEMUAvailability.image, runtimeDirectory: NSTemporaryDirectory(), options: options)
    defer { session.shutdown() }
    let qmp = try session.connectQMP()
    try session.waitForConsole("TUTOR: press Enter to read", timeout: 120)
    let device = try #require(session.server?.backend.device)

    // A batch is 3 reads of 64 bytes; Linux's virtio-rng keeps one 64-byte buffer posted, so each read takes one
    // request. The hwrng kthread also reads the device now and then (Linux 6.1 starts it for every rng; the init
    // sets rng_quality 0 so it exits at its next wake-up). The guest reports whether it ran in each interval
    // between its lines: READ-START covers the prompt and our counting after the previous batch, READ-DONE the
    // batch. A batch counts when its READ-START, its READ-DONE and the next batch's READ-START all say
    // kthread=0: then everything our device served between the two Enters was one of the batch's reads.
    var batch: (served: Int, printed: [UInt8])?
    var candidate: [UInt8]?  // the bytes of a batch that was quiet so far
    var before = device.counters.requestsServed
    for _ in 0..<8 where batch == nil {
      let mark = session.serial.count
      let served = device.counters.requestsServed - before
      before = device.counters.requestsServed
      try session.type("\r")
      try session.waitForConsole("TUTOR: press Enter to read", after: mark + 1, timeout: 60)
      let text = session.consoleText(after: mark)
      let quietBefore = HexdumpParser.hasLine("TUTOR: READ-START kthread=0", in: text)
      if let printed = candidate, quietBefore { batch = (served, printed) }
      // Each read posts the next request before it returns (virtio-rng keeps one buffer posted), so at the prompt
      // the batch's last request is in the ring, perhaps not served yet. The batch's count is complete once the
      // device has taken everything the driver made available: wait for that (the count depends on nothing else),
      // under an overall deadline, so that a slow machine delays the test instead of moving a request into the
      // next batch's count.
      try session.pump(until: "the device has served the batch's 3 requests and the ring is drained", timeout: 60) {
        device.counters.requestsServed - before >= 3 && device.pendingRequests == 0
      }
      let quietDuring = HexdumpParser.hasLine("TUTOR: READ-DONE reads=3 bs=64 kthread=0", in: text)
      candidate = quietBefore && quietDuring ? HexdumpParser.bytes(in: text) : nil
    }
    let (served, printed) = try #require(batch, "every batch overlapped the hwrng kthread: \(session.serialText.suffix(400))")
    #expect(served == 3)  // requests served == the guest's reads

    // The bytes the guest printed are ours, 64 per read.
    let one = (0..<64).map { pattern[$0 % pattern.count] }
    #expect(printed == one + one + one)
    #expect(device.error == nil)
    #expect(device.features?.contains(.eventIdx) == eventIdx)
    if adaptive {
      // Every window that ran out was settled by the next request: one within 500 µs grows it, a later one (the
      // prompts are seconds apart) shrinks it, so a run of batches moves it.
      let window = try #require(device.pollingWindow)
      #expect(window.grown + window.shrunk > 0)
      #expect(window.current <= window.maximum)
    } else {
      #expect(device.pollingWindow == nil)
    }

    // Our indices, the guest's RAM and QEMU's view agree.
    let state = try #require(device.engineState)
    let layout = state.device.layout
    let availIdx: UInt16 = try state.memory.load(at: layout.availIdx)
    let usedIdx: UInt16 = try state.memory.load(at: layout.usedIdx)
    #expect(state.device.lastAvailIdx == availIdx)
    #expect(state.device.usedIdx == usedIdx)
    #expect(Int(usedIdx) == device.counters.requestsServed)
    if eventIdx {
      let availEvent: UInt16 = try state.memory.load(at: layout.availEvent)
      #expect(availEvent == availIdx)  // the device asked to be kicked at the next request
    }
    let vhost = try qmp.object("x-query-virtio-vhost-queue-status", ["path": QEMUCommand.virtioPath(id: "vurng0"), "queue": 0])
    // QEMU's vhost view has the ring's guest-physical addresses and size (its indices live in guest RAM).
    #expect((vhost["desc-phys"] as? NSNumber)?.uint64Value == layout.descriptorTable)
    #expect((vhost["avail-phys"] as? NSNumber)?.uint64Value == layout.availRing)
    #expect((vhost["used-phys"] as? NSNumber)?.uint64Value == layout.usedRing)
    #expect((vhost["num"] as? NSNumber)?.intValue == layout.size)
    let directory = session.directory
    session.shutdown()
    #expect(!FileManager.default.fileExists(atPath: directory))
    #expect(!session.qemu.isRunning)
  }

  /// QEMU refuses an option and exits before the guest is up: the error line says how it ended and what QEMU
  /// printed, and nothing of the run is left behind.
  @Test(.enabled(if: QEMUAvailability.ready, QEMUAvailability.skipReason))
  func anEarlyQEMUExitShowsWhatQEMUPrinted() throws {
    var options = GuestSession.Options()
    options.initArguments = "tutor=idle"
    options.extraQEMUArguments = ["-tutor-no-such-option"]
    let runtime = NSTemporaryDirectory() + "virtio-tutor-early-exit-\(getpid())"
    #expect(mkdir(runtime, 0o700) == 0)
    defer { rmdir(runtime) }
    let error = #expect(throws: VhostUserError.self) {
      try GuestSession(image: QEMUAvailability.image, runtimeDirectory: runtime, options: options).shutdown()
    }
    let message = error?.message ?? ""
    #expect(
      message == "QEMU exited (exit code 1) before its console could be connected; QEMU printed: "
        + "qemu-system-x86_64: -tutor-no-such-option: invalid option; the guest console's last lines: (nothing)")
    #expect((try? FileManager.default.contentsOfDirectory(atPath: runtime)) == [])  // the run directory is gone
  }

  /// The device returns a bad used id; the guest's Linux driver complains on its console (`BAD_RING` in
  /// `virtqueue_get_buf_ctx_split`). virtio-rng posts one descriptor at a time, always descriptor 0.
  @Test(
    .enabled(if: QEMUAvailability.ready, QEMUAvailability.skipReason),
    arguments: [(DeviceFault.usedIDOutOfRange, "id 7 out of range"), (.usedIDNotHead, "id 1 is not a head!")])
  func faultShowsTheLinuxComplaint(fault: DeviceFault, complaint: String) throws {
    var options = GuestSession.Options()
    options.fault = fault
    options.recording = true
    options.initArguments = "tutor=idle"
    let session = try GuestSession(image: QEMUAvailability.image, runtimeDirectory: NSTemporaryDirectory(), options: options)
    defer { session.shutdown() }
    try session.connectQMP()
    let line = try session.waitForConsoleLine(containing: fault.linuxComplaint, timeout: 120)
    #expect(line.contains("virtio_rng virtio0: input:\(complaint)"), "console line: \(line)")
    let device = try #require(session.server?.backend.device)
    #expect(device.error?.kind == .queueBroken)
    // The fault is the engine's: its writes are in the live trace and in the recording, which replays.
    let forged = device.recentTrace.filter { $0.kind == .poke && $0.role == .device }
    #expect(forged.map(\.field).last == .usedIdx)
    #expect(forged.first?.value == UInt64(complaint.split(separator: " ")[1])!)  // the id Linux names
    let recorder = try #require(device.recorder)
    #expect(recorder.lines.last == "note recording stopped: the device is broken on purpose and serves nothing more")
    #expect(recorder.lines.contains { $0.hasPrefix("note device fault \(fault.rawValue): used.ring[") })
    var replay = ScriptSession()
    #expect(replay.run(try ScriptParser(file: "fault-run").parse(recorder.script)) == .completed)
  }
}

/// Reads the bytes back out of `hexdump -C` lines (`00000010  74 69 … |tio-…|`).
enum HexdumpParser {
  /// Whether `text` has a console line that is exactly `line` (line endings \n or \r\n).
  static func hasLine(_ line: String, in text: String) -> Bool {
    text.split(whereSeparator: \.isNewline).contains { $0 == line }
  }

  static func bytes(in text: String) -> [UInt8] {
    var result: [UInt8] = []
    for line in text.split(whereSeparator: \.isNewline) {
      let parts = line.split(separator: "|", maxSplits: 1)
      guard let head = parts.first, head.count > 10, head.prefix(8).allSatisfy(\.isHexDigit), parts.count == 2 else { continue }
      for field in head.dropFirst(8).split(separator: " ") {
        if field.count == 2, let b = UInt8(field, radix: 16) { result.append(b) }
      }
    }
    return result
  }
}
