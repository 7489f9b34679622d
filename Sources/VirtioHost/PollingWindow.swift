/// An adaptive polling window (the default of `guest` and `bench guest`, `--poll-adaptive`): how long the device polls the available ring after
/// serving, adjusted after every window by when the next request really came. The rule is QEMU's for its event
/// loop's `poll-max-ns` (util/aio-posix.c, `adjust_polling_time`), with one addition for polls that find work late:
///
/// - a poll found the request `gap` seconds into the window: the window was long enough; when the request came in
///   its second half the window doubles (a little later and polling would have missed it), else it stays;
/// - the window ran out and the request came later, but within ``maximum`` of the window's start: the window doubles
///   (from 0 it becomes ``minimum``): polling that long would have found it;
/// - the window ran out and the request came after ``maximum`` (the driver is idle): the window halves, and below
///   ``minimum`` it is 0 (the device goes back to sleeping at once, re-enabling notifications).
///
/// Pure: every time is given by the caller (monotonic seconds); the back end's clock-driven poller
/// (``NotificationPolling``) feeds it.
public struct PollingWindow: Equatable, Sendable {
  /// The shortest non-zero window (a window growing from 0 starts here).
  public let minimum: Double
  /// The longest window (`--poll-us`).
  public let maximum: Double
  /// The window the next poll uses, 0 to ``maximum``.
  public private(set) var current: Double
  /// When the last window that ran out without work started (its request has not come yet).
  public private(set) var ranOutSince: Double?
  /// How often the window grew and shrank.
  public private(set) var grown = 0
  public private(set) var shrunk = 0

  /// The default ``minimum``: 8 µs (a few polls of `avail.idx`).
  public static let defaultMinimum = 0.000_008

  /// A window between `minimum` and `maximum` (clamped so that 0 < minimum ≤ maximum), starting at `minimum`.
  public init(minimum: Double = defaultMinimum, maximum: Double) {
    self.maximum = max(0, maximum)
    self.minimum = min(max(Double.leastNonzeroMagnitude, minimum), self.maximum)
    current = self.minimum
  }

  /// A poll found a request `gap` seconds after the window started.
  public mutating func found(after gap: Double) {
    ranOutSince = nil
    if gap > current / 2 { grow() }
  }

  /// The window that started at `start` ran out without a request (also for a window of 0: it ran out at once).
  public mutating func ranOut(startedAt start: Double) {
    ranOutSince = start
  }

  /// A request arrived at `now` other than by polling (a kick, or the check after notifications were re-enabled):
  /// if a window ran out before it, its gap decides.
  public mutating func requestArrived(at now: Double) {
    guard let start = ranOutSince else { return }
    ranOutSince = nil
    if now - start <= maximum { grow() } else { shrink() }
  }

  private mutating func grow() {
    let next = current == 0 ? minimum : min(maximum, current * 2)
    if next != current { grown += 1 }
    current = next
  }

  private mutating func shrink() {
    guard current > 0 else { return }
    shrunk += 1
    current = current / 2 < minimum ? 0 : current / 2
  }
}
