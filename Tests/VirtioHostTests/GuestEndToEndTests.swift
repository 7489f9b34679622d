import Foundation
import Glibc
import Testing
import VirtioCore
import VirtioHost

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

  @Test(.enabled(if: QEMUAvailability.ready, QEMUAvailability.skipReason), arguments: [true, false])
  func guestReadsOurPattern(eventIdx: Bool) throws {
    let pattern = Array("TUTOR-RNG-13-".utf8)  // 13 bytes: no two hexdump lines alike, so none is folded into "*"
    var options = GuestSession.Options()
    options.pattern = pattern
    options.eventIdx = eventIdx
    options.initArguments = "tutor=read tutor_reads=3 tutor_bs=64"
    let session = try GuestSession(image: QEMUAvailability.image, runtimeDirectory: NSTemporaryDirectory(), options: options)
    defer { session.shutdown() }
    let qmp = try session.connectQMP()
    try session.waitForConsole("TUTOR: press Enter to read", timeout: 120)
    let device = try #require(session.server?.backend.device)
    let before = device.counters.requestsServed
    try session.type("\r")
    try session.waitForConsole("TUTOR: READ-DONE", timeout: 60)

    // The bytes the guest printed are ours, 64 per read.
    let printed = HexdumpParser.bytes(in: session.serialText.components(separatedBy: "press Enter to read").last ?? "")
    let one = (0..<64).map { pattern[$0 % pattern.count] }
    #expect(printed == one + one + one, "console: \(session.serialText.components(separatedBy: "press Enter to read").last ?? "")")

    // Every 64-byte read needed a request (the hwrng kthread may add one more before it stops).
    let served = device.counters.requestsServed
    #expect(served - before >= 3)
    #expect(device.error == nil)
    #expect(device.features?.contains(.eventIdx) == eventIdx)

    // Our indices, the guest's RAM and QEMU's view agree.
    let state = try #require(device.engineState)
    let layout = state.device.layout
    let availIdx: UInt16 = try state.memory.load(at: layout.availIdx)
    let usedIdx: UInt16 = try state.memory.load(at: layout.usedIdx)
    #expect(state.device.lastAvailIdx == availIdx)
    #expect(state.device.usedIdx == usedIdx)
    #expect(Int(usedIdx) == served)
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

  @Test(.enabled(if: QEMUAvailability.ready, QEMUAvailability.skipReason))
  func faultShowsTheLinuxComplaint() throws {
    var options = GuestSession.Options()
    options.fault = .usedIDOutOfRange
    options.initArguments = "tutor=idle"
    let session = try GuestSession(image: QEMUAvailability.image, runtimeDirectory: NSTemporaryDirectory(), options: options)
    defer { session.shutdown() }
    try session.connectQMP()
    try session.waitForConsole(DeviceFault.usedIDOutOfRange.linuxComplaint, timeout: 120)
    let line = session.serialText.split(whereSeparator: \.isNewline).first { $0.contains("out of range") }.map(String.init) ?? ""
    #expect(line.contains("id 7 out of range"))  // queue size 4 + 3, as the fault writes
    #expect(session.server?.backend.device.error?.kind == .queueBroken)
  }
}

/// Reads the bytes back out of `hexdump -C` lines (`00000010  74 69 … |tio-…|`).
enum HexdumpParser {
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
