/// How long the device keeps watching the available ring after serving, with available-buffer notifications
/// suppressed, before it re-enables them and sleeps (vhost-net's `busyloop_timeout`, QEMU's `poll-max-ns`).
///
/// While the device polls, the driver's kick check says "no notify" (`used.flags` NO_NOTIFY, or under EVENT_IDX an
/// `avail_event` left behind), so a request posted in the window costs the guest no notify and the back end no
/// wake-up. The window restarts after every request served; ``burst`` bounds how long one call may keep the
/// event loop (the console, QEMU's messages) waiting. Before sleeping the device re-enables notifications, fences
/// and checks the ring again (VIRTIO 1.x 2.7.10; Linux `virtqueue_enable_cb`, vhost `vhost_enable_notify`), so
/// a request posted while notifications were off is never left behind.
public struct NotificationPolling: Equatable, Sendable {
  /// Seconds to poll after serving (0: re-enable notifications at once, the behaviour without polling).
  public var window: Double
  /// Seconds one serve call may last before it returns to the event loop (notifications still off; the back end
  /// serves again without waiting for a kick).
  public var burst: Double
  /// Whether the window adapts (``PollingWindow``, `--poll-adaptive`, the default): ``window`` is then its maximum.
  public var adaptive: Bool
  /// The longest window of the default adaptive polling, `--poll-us`'s default: 500 µs (under TCG the guest's next
  /// request comes 100–300 µs after our interrupt, docs/benchmarks.md, session 6).
  public static let defaultAdaptiveMaximum = 0.0005
  /// The default: an adaptive window of up to ``defaultAdaptiveMaximum`` after each request (the rule of QEMU's own
  /// event loop, `poll-max-ns`), return to the event loop after 5 ms. An idle guest shrinks the window to 0, so it
  /// costs no polling. Chosen in session 11 from quiet-machine runs of `bench guest` (docs/DECISIONS.md, "Adaptive
  /// polling is the default"); under heavy load on 2 cores it can lose (session 9), and `--no-poll-adaptive
  /// --poll-us 0` turns polling off.
  public static let standard = NotificationPolling(window: defaultAdaptiveMaximum, adaptive: true)
  /// No polling: notifications are re-enabled as soon as the ring is empty.
  public static let off = NotificationPolling(window: 0)

  public init(window: Double, burst: Double = 0.005, adaptive: Bool = false) {
    self.window = max(0, window)
    self.burst = max(0, burst)
    self.adaptive = adaptive && window > 0
  }

  /// A fresh adaptive window for a device, or nil when the window is fixed.
  public func makeWindow() -> PollingWindow? {
    adaptive ? PollingWindow(maximum: window) : nil
  }

  /// The clock-driven ``ServePoller`` for one serve call started at `start` (monotonic seconds); with an
  /// `adaptive` window it polls for the window's current length and tells the window what each poll saw (the
  /// caller keeps the window between calls).
  struct Poller: ServePoller {
    let polling: NotificationPolling
    let burstEnd: Double
    var windowStart = 0.0
    var windowEnd = 0.0
    var adaptive: PollingWindow?

    init(_ polling: NotificationPolling, start: Double, adaptive: PollingWindow? = nil) {
      self.polling = polling
      burstEnd = start + polling.burst
      self.adaptive = adaptive
    }

    mutating func consult(_ point: PollPoint) -> Bool {
      switch point {
      case .window(let spins):
        if adaptive == nil { return fixedWindow(spins) }
        let now = Monotonic.now
        if spins == 0 {
          adaptive?.requestArrived(at: now)  // the batch just served came after a window ran out, without a kick
          windowStart = now
          windowEnd = now + (adaptive?.current ?? 0)
        }
        if now < windowEnd { return true }
        adaptive?.ranOut(startedAt: windowStart)
        return false
      case .found:
        adaptive?.found(after: Monotonic.now - windowStart)
        return true
      case .served:
        return Monotonic.now < burstEnd
      case .enabled:
        return true
      }
    }

    private mutating func fixedWindow(_ spins: Int) -> Bool {
      guard polling.window > 0 else { return false }
      let now = Monotonic.now
      if spins == 0 { windowEnd = now + polling.window }
      return now < windowEnd
    }
  }
}

/// Where ``RngDevice``'s serve loop consults its poller.
public enum PollPoint: Equatable, Sendable {
  /// After a batch was served and the driver interrupted, notifications still off: keep polling `avail.idx`?
  /// (`spins` counts the polls of this window so far; 0 starts a new window.)
  case window(spins: Int)
  /// A poll of this window found a request (after `spins` polls); it is served next (the answer is ignored).
  case found(spins: Int)
  /// After `requests` were served in this call: keep serving (false returns to the event loop)?
  case served(requests: Int)
  /// Notifications were re-enabled and fenced; the ring is checked once more next (the answer is ignored).
  case enabled
}

/// Decides, at each ``PollPoint``, whether ``RngDevice`` keeps polling or serving. The back end's is
/// ``NotificationPolling/Poller`` (the clock); a test's posts driver requests at chosen points.
protocol ServePoller {
  mutating func consult(_ point: PollPoint) -> Bool
}
