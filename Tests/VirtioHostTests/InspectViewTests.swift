import Foundation
import TermGrid
import Testing
import TutorUI
import VirtioCore
import VirtioHost

/// `inspect --format tui` as values: the real snapshot fixture's queues, one at a time, with the lessons' ring
/// picture; keys move between queues and scroll; a golden frame of the net receive queue.
struct InspectViewTests {
  static func state(size: Size) throws -> InspectViewState {
    let snapshot = try RingSnapshotTests.snapshot()
    let memory = try snapshot.memory()
    let queues = try RingSnapshotTests.reports(snapshot).map { r in
      let device = SplitDevice(layout: r.layout, features: r.features, lastAvailIdx: r.qemuLastAvail, usedIdx: r.qemuUsedIdx)
      return InspectViewState.Queue(
        title: "\(r.device) queue \(r.queue)", lines: r.checks.map { "[\($0.ok ? "OK" : "MISMATCH")] \($0.name): \($0.detail)" },
        consistent: r.isConsistent, snapshot: QueueSnapshot(layout: r.layout, memory: memory.currentView, device: device, driver: nil))
    }
    return InspectViewState(queues: queues, size: size)
  }

  @Test func keysMoveBetweenQueuesScrollAndQuit() throws {
    var s = try Self.state(size: Size(width: 80, height: 24))
    #expect(s.queues.count == 5)
    s.press(.left)
    #expect(s.selected == 4)
    s.press(.tab)
    s.press(.right)
    #expect(s.selected == 1)
    s.press(.down)
    s.press(.down)
    #expect(s.scroll == 2)
    s.press(.up)
    #expect(s.scroll == 1)
    s.press(.character("n"))
    #expect((s.selected, s.scroll) == (2, 0))
    #expect(!s.quitRequested)
    s.press(.character("q"))
    #expect(s.quitRequested)
  }

  @Test func theNetReceiveQueueMatchesGolden() throws {
    let s = try Self.state(size: Size(width: 100, height: 30))
    let grid = InspectView.frame(s, theme: .dark, capabilities: TerminalCapabilities(unicode: true, color: true))
    #expect(grid.text.contains("virtio-net queue 0"))
    #expect(grid.text.contains("queue 1/5 consistent"))
    let actual = grid.text + "\n"
    let file = GuestViewTests.screens.appendingPathComponent("inspect-net-rx-100x30.screen")
    guard ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != "1", let golden = try? String(contentsOf: file, encoding: .utf8) else {
      try actual.write(to: file, atomically: true, encoding: .utf8)
      Issue.record("recorded new baseline \(file.lastPathComponent); review it and run again")
      return
    }
    #expect(actual == golden, "\(file.lastPathComponent) differs; run with RECORD_SNAPSHOTS=1 to re-record")
  }
}
