import Testing
import VirtioHost

/// The adaptive polling window's rule, state by state (times are given, no clock): grow when a poll finds work
/// late in the window or a longer window would have found it, shrink to 0 when the driver is idle.
@Suite struct PollingWindowTests {
  /// 10 µs to 80 µs, in microseconds for readable expectations.
  func window() -> PollingWindow { PollingWindow(minimum: 10e-6, maximum: 80e-6) }

  func micros(_ w: PollingWindow) -> Double { (w.current * 1e6).rounded() }

  @Test func startsAtTheMinimum() {
    let w = window()
    #expect(micros(w) == 10)
    #expect(w.ranOutSince == nil)
    #expect(w.grown == 0 && w.shrunk == 0)
  }

  @Test func aPollThatFindsWorkLateDoublesEarlyKeeps() {
    var w = window()
    w.found(after: 3e-6)  // in the first half of 10 µs: long enough
    #expect(micros(w) == 10)
    w.found(after: 7e-6)  // in the second half: grow
    #expect(micros(w) == 20)
    w.found(after: 15e-6)
    w.found(after: 35e-6)
    w.found(after: 70e-6)
    #expect(micros(w) == 80)  // capped at the maximum
    w.found(after: 79e-6)
    #expect(micros(w) == 80)
    #expect(w.grown == 3)
  }

  @Test func aRequestJustAfterTheWindowGrowsItOneAfterTheMaximumShrinksIt() {
    var w = window()
    w.ranOut(startedAt: 1.0)
    #expect(w.ranOutSince == 1.0)
    w.requestArrived(at: 1.0 + 50e-6)  // within the maximum: a longer window would have found it
    #expect(micros(w) == 20)
    #expect(w.ranOutSince == nil)
    w.ranOut(startedAt: 2.0)
    w.requestArrived(at: 2.0 + 81e-6)  // beyond the maximum: poll less
    #expect(micros(w) == 10)
    #expect(w.shrunk == 1)
  }

  @Test func anIdleDriverTakesTheWindowToZeroAndAQuickOneBringsItBack() {
    var w = window()
    w.ranOut(startedAt: 0)
    w.requestArrived(at: 1)  // a second later: halving 10 µs goes below the minimum, so 0
    #expect(w.current == 0)
    w.ranOut(startedAt: 5)  // a window of 0 runs out at once
    w.requestArrived(at: 6)
    #expect(w.current == 0)  // still idle, nothing to shrink
    #expect(w.shrunk == 1)
    w.ranOut(startedAt: 7)
    w.requestArrived(at: 7 + 30e-6)  // polling 30 µs would have found it: back to the minimum
    #expect(micros(w) == 10)
  }

  @Test func aRequestWithoutAWindowThatRanOutChangesNothing() {
    var w = window()
    w.requestArrived(at: 3)
    #expect(w == window())
    w.ranOut(startedAt: 4)
    w.found(after: 1e-6)  // a later window found work: the ran-out one is settled
    #expect(w.ranOutSince == nil)
    w.requestArrived(at: 4 + 50e-6)
    #expect(micros(w) == 10)
  }

  @Test func boundsAreClamped() {
    let w = PollingWindow(minimum: 1, maximum: 0.5)
    #expect(w.minimum == 0.5 && w.maximum == 0.5 && w.current == 0.5)
    let none = PollingWindow(minimum: -1, maximum: -1)
    #expect(none.maximum == 0 && none.current == 0)
  }

  @Test func theAdaptivePolicyMakesAWindowTheFixedOneDoesNot() {
    #expect(NotificationPolling(window: 0.0005, adaptive: true).makeWindow() == PollingWindow(maximum: 0.0005))
    #expect(NotificationPolling(window: 0.0005).makeWindow() == nil)
    #expect(NotificationPolling(window: 0, adaptive: true).adaptive == false)  // nothing to adapt up to
  }
}
