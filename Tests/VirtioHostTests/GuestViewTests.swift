import Foundation
import TermGrid
import Testing
import TutorUI
import VirtioCore
import VirtioHost

/// The split screen of `virtio-tutor guest` as values: the console, the chord, and golden frames drawn from the real
/// snapshot fixture (the guest's rng ring) and a real console transcript, without a terminal or QEMU.
struct GuestViewTests {
  @Test func consoleHandlesLineEndsBackspaceTabsAndDropsEscapes() {
    var c = ConsoleScreen()
    c.feed(Array("/ # \u{1B}[6nls\u{8}s\r\nbin  dev\tproc\r\n".utf8))
    c.feed(Array("\u{1B}]0;title\u{7}caf".utf8) + [0xC3])  // é split across two chunks
    c.feed([0xA9, 0x07, 0x00])
    #expect(c.text == ["/ # ls", "bin  dev        proc", "café"])
    c.feed(Array("abc\rX".utf8))
    #expect(c.text.last == "Xaféabc")
    #expect(c.column == 1)
  }

  @Test func consoleKeepsItsLimitAndWrapsRows() {
    var c = ConsoleScreen(limit: 3)
    c.feed(Array("1\n2\n3\n4\n0123456789".utf8))
    #expect(c.text == ["3", "4", "0123456789"])
    #expect(c.rows(width: 4, height: 4) == ["4", "0123", "4567", "89"])
  }

  @Test func theChordLeavesAndEveryOtherKeyGoesToTheGuest() {
    var s = GuestViewState(caption: "", size: Size(width: 80, height: 24))
    #expect(GuestReducer.reduce(&s, .key(.character("q"))) == [.send([0x71])])
    #expect(GuestReducer.reduce(&s, .key(.enter)) == [.send([0x0D])])
    #expect(GuestReducer.reduce(&s, .key(.up)) == [.send([0x1B, 0x5B, 0x41])])
    #expect(GuestReducer.reduce(&s, .key(.ctrl("d"))) == [.send([0x04])])
    #expect(GuestReducer.reduce(&s, .key(.ctrl("a"))) == [])
    #expect(s.chordPending)
    #expect(GuestReducer.reduce(&s, .key(.ctrl("a"))) == [.send([0x01])])  // Ctrl-A Ctrl-A: a literal Ctrl-A
    _ = GuestReducer.reduce(&s, .key(.ctrl("a")))
    #expect(GuestReducer.reduce(&s, .key(.character("z"))) == [])  // cancelled
    #expect(!s.quitRequested)
    _ = GuestReducer.reduce(&s, .key(.ctrl("a")))
    #expect(GuestReducer.reduce(&s, .key(.character("q"))) == [.quit])
    #expect(s.quitRequested)
  }

  @Test func onlyChangesBumpTheRevision() {
    var s = GuestViewState(caption: "", size: Size(width: 80, height: 24))
    _ = GuestReducer.reduce(&s, .console([]))
    _ = GuestReducer.reduce(&s, .log([]))
    _ = GuestReducer.reduce(&s, .phase("booting"))
    #expect(s.revision == 0)
    _ = GuestReducer.reduce(&s, .console(Array("x".utf8)))
    #expect(s.revision == 1)
  }

  @Test func driverWritesAndDeviceActionsAreToldApart() {
    let lines = GuestLogLine.lines(for: [
      TraceEntry(role: .device, kind: .read, field: .availIdx, address: 0x1000, length: 2, value: 5, note: .fieldRead),
      TraceEntry(role: .device, kind: .barrier, detail: "x"),
      TraceEntry(role: .device, kind: .write, field: .usedIdx, address: 0x2000, length: 2, value: 5, note: .fieldWrite),
      TraceEntry(role: .device, kind: .error, detail: "id 7 out of range", error: .usedIDOutOfRange),
    ])
    #expect(lines == [
      GuestLogLine(.driver, "avail.idx → 5"), GuestLogLine(.device, "used.idx = 5"),
      GuestLogLine(.error, "used-id-out-of-range: id 7 out of range"),
    ])
  }

  // MARK: - Golden frames

  /// The guest's rng ring from the fixture, as our device would resume it, with a real console transcript.
  static func fixtureState(size: Size) throws -> GuestViewState {
    let snapshot = try RingSnapshotTests.snapshot()
    let rng = try #require(try RingSnapshotTests.reports(snapshot).first { $0.device == "virtio-rng" })
    let device = SplitDevice(layout: rng.layout, features: rng.features, lastAvailIdx: rng.qemuLastAvail, usedIdx: rng.qemuUsedIdx)
    let picture = QueueSnapshot(layout: rng.layout, memory: try snapshot.memory().currentView, device: device, driver: nil)
    var state = GuestViewState(caption: "pattern \"virtio-tutor \" · EVENT_IDX on · INDIRECT on", size: size)
    let console = try [UInt8](Data(contentsOf: RingSnapshotTests.fixtures.appendingPathComponent("guest-console.bin")))
    _ = GuestReducer.reduce(&state, .phase("running"))
    _ = GuestReducer.reduce(&state, .console(console))
    _ = GuestReducer.reduce(&state, .log([GuestLogLine(.vhostUser, "SET_VRING_KICK: kick fd 23 for vring 0")]))
    let touched = [
      TraceEntry(role: .device, kind: .read, field: .availIdx, address: rng.layout.availIdx, length: 2, value: 4, note: .fieldRead),
      TraceEntry(role: .device, kind: .write, field: .usedIdx, address: rng.layout.usedIdx, length: 2, value: 4, note: .fieldWrite),
    ]
    _ = GuestReducer.reduce(
      &state, .device(snapshot: picture, touched: touched, counters: .init(kicks: 4, interrupts: 4, requestsServed: 4, bytesServed: 256), ringError: nil))
    return state
  }

  static var screens: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Screens") }

  @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
  func splitScreenMatchesGolden(size: Size) throws {
    var state = try Self.fixtureState(size: size)
    var frames = [GuestView.frame(state, theme: .dark, capabilities: TerminalCapabilities(unicode: true, color: true)).text]
    _ = GuestReducer.reduce(&state, .key(.ctrl("a")))
    frames.append(GuestView.frame(state, theme: .dark, capabilities: TerminalCapabilities(unicode: false, color: false)).text)
    let actual = frames.joined(separator: "\n----\n") + "\n"
    let file = Self.screens.appendingPathComponent("guest-\(size.width)x\(size.height).screen")
    guard ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != "1", let golden = try? String(contentsOf: file, encoding: .utf8) else {
      try FileManager.default.createDirectory(at: Self.screens, withIntermediateDirectories: true)
      try actual.write(to: file, atomically: true, encoding: .utf8)
      Issue.record("recorded new baseline \(file.lastPathComponent); review it and run again")
      return
    }
    #expect(actual == golden, "\(file.lastPathComponent) differs; run with RECORD_SNAPSHOTS=1 to re-record")
  }

  @Test func aBrokenRingIsSaidInRed() throws {
    var state = try Self.fixtureState(size: Size(width: 80, height: 24))
    _ = GuestReducer.reduce(
      &state, .device(snapshot: state.snapshot, touched: [], counters: state.counters, ringError: "queue-broken: device fault injected"))
    let grid = GuestView.frame(state, theme: .dark, capabilities: TerminalCapabilities(unicode: true, color: true))
    let row = try #require(grid.lines.firstIndex { $0.contains("ring broken: queue-broken") })
    let x = try #require(grid.lines[row].range(of: "ring broken")).lowerBound.utf16Offset(in: grid.lines[row])
    #expect(grid[x, row].style == Theme.dark.style(.error))
  }
}
