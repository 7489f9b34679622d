/// Whether the step's animation runs by itself, and how fast.
public struct PlayState: Equatable, Sendable {
  /// Speeds the learner can pick, as multipliers.
  public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8]
  /// Milliseconds per animation phase at 1×.
  public static let baseFrameMilliseconds = 70

  /// Playing (animation advances on ticks) or paused (nothing runs; the program blocks on input).
  public var isPlaying = true
  /// Index into ``speeds``.
  public var speedIndex = 2

  public init() {}

  /// The current multiplier.
  public var speed: Double { Self.speeds[min(max(speedIndex, 0), Self.speeds.count - 1)] }
  /// Time between animation frames.
  public var frameInterval: Duration { .milliseconds(Int(Double(Self.baseFrameMilliseconds) / speed)) }
  /// `1×`, `0.5×`.
  public var speedLabel: String {
    let s = speed
    return (s == s.rounded() ? String(Int(s)) : String(s)) + "×"
  }
}
