/// Whether the step's animation runs by itself, and how fast.
public struct PlayState: Equatable, Sendable {
  /// Speeds the learner can pick, as multipliers.
  public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8]
  /// Milliseconds per animation phase at 1×: 150 × ``VisualFrame/phases`` (4) = 0.6 s per event or flow step, the
  /// pace issue 12 asks for (at 70 ms a flow hop was gone before the eye reached it; see `docs/DECISIONS.md`).
  public static let baseFrameMilliseconds = 150
  /// A step with more animation units than this (its own, after its set-up) plays only its first ``summaryPlayed``
  /// and then jumps to its end (the counters and the log show all of them; `e`/`E` still step through every one).
  public static let summaryThreshold = 100
  /// How many units a summarised step plays before jumping to its end.
  public static let summaryPlayed = 24

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
