import Foundation
import TermGrid
import TutorTerminal
import TutorUI
import VirtioCore
import VirtioHost

/// `inspect --format tui`: the pure ``InspectView`` on the terminal; blocks for keys (no timer), redraws on each.
enum InspectScreen {
  /// The view's queues: each report's lines beside the engine's snapshot of its ring (the device resumed at QEMU's
  /// `last-avail-idx` and `used-idx`, no driver state: a real guest's).
  static func queues(_ reports: [QueueReport], memory: GuestMemory) -> [InspectViewState.Queue] {
    reports.map { r in
      var lines = InspectReportFormat.text([r]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      lines = Array(lines.dropFirst().dropLast(2))  // the heading goes in the box title; the summary line is for many queues
      let device = SplitDevice(layout: r.layout, features: r.features, lastAvailIdx: r.qemuLastAvail, usedIdx: r.qemuUsedIdx)
      let snapshot = QueueSnapshot(layout: r.layout, memory: memory.currentView, device: device, driver: nil)
      return .init(title: "\(r.device) queue \(r.queue)", lines: lines, consistent: r.isConsistent, snapshot: snapshot)
    }
  }

  /// Shows the reports until q; returns the exit status (1 when a queue is inconsistent, 128 + a signal).
  static func show(_ reports: [QueueReport], memory: GuestMemory) throws -> Int32 {
    guard case .success(let terminal) = NCursesTerminal.open() else {
      throw CLIError("inspect: --format tui needs a terminal (use --format text or json)")
    }
    defer { terminal.close() }
    var state = InspectViewState(queues: queues(reports, memory: memory), size: terminal.size)
    var screen = Terminal(terminal)
    while !state.quitRequested {
      try screen.draw(InspectView.frame(state, theme: .dark, capabilities: terminal.capabilities))
      switch try screen.nextInput(timeout: nil) {
      case .key(let key)?: state.press(key)
      case .resize(let size)?: state.size = size
      case .signal(let n)?: return 128 + n
      case nil: break
      }
    }
    return reports.allSatisfy(\.isConsistent) ? 0 : 1
  }
}
