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
  /// The default window: none. Measured with `bench guest` on the project's 2-core machine (docs/benchmarks.md,
  /// "bench guest", session 6), polling did not pay: under TCG the guest's vCPU thread needs a core all the time,
  /// and a polling back end takes the other one from QEMU's main loop, which must run to inject our interrupt.
  /// `--poll-us` sets it for a machine with cores to spare.
  public static let defaultWindow = 0.0
  /// The default: poll ``defaultWindow`` after each request, return to the event loop after 5 ms.
  public static let standard = NotificationPolling(window: defaultWindow)
  /// No polling: notifications are re-enabled as soon as the ring is empty.
  public static let off = NotificationPolling(window: 0)

  public init(window: Double, burst: Double = 0.005) {
    self.window = max(0, window)
    self.burst = max(0, burst)
  }

  /// The clock-driven ``ServePoller`` for one serve call started at `start` (monotonic seconds).
  struct Poller: ServePoller {
    let polling: NotificationPolling
    let burstEnd: Double
    var windowEnd = 0.0

    init(_ polling: NotificationPolling, start: Double) {
      self.polling = polling
      burstEnd = start + polling.burst
    }

    mutating func consult(_ point: PollPoint) -> Bool {
      switch point {
      case .window(let spins):
        guard polling.window > 0 else { return false }
        let now = Monotonic.now
        if spins == 0 { windowEnd = now + polling.window }
        return now < windowEnd
      case .served:
        return Monotonic.now < burstEnd
      case .enabled:
        return true
      }
    }
  }
}

/// Where ``RngDevice``'s serve loop consults its poller.
public enum PollPoint: Equatable, Sendable {
  /// After a batch was served and the driver interrupted, notifications still off: keep polling `avail.idx`?
  /// (`spins` counts the polls of this window so far; 0 starts a new window.)
  case window(spins: Int)
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
