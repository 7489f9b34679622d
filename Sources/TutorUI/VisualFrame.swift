import TermGrid
import VirtioCore
import VirtioFlows
import VirtioScript

/// Everything the visualisation panes draw for one animation frame, derived from the tutor state.
///
/// Ring steps animate the engine's trace entries one by one: `events[0..<cursor]` have happened, `current` is
/// `events[cursor - 1]`, and `phase` (0..<``VisualFrame/phases``) is how far its animation has got (the field
/// lights up, then settles). Flow steps animate the flow run's steps the same way with `flowCursor`.
public struct VisualFrame: Sendable {
  /// Animation frames per ring event.
  public static let phases = 4
  /// Animation frames per hop of a flow step: the arrow of each hop grows over this many frames, so a flow step of
  /// n hops has n × 3 (0.45 s per hop at 1×, ring events 0.6 s each; see `docs/DECISIONS.md`, "Pace").
  public static let phasesPerHop = 3

  /// The animation frames of a flow step with `hops` hops (a step without hops still takes one hop's time).
  public static func phases(forHops hops: Int) -> Int { max(1, hops) * phasesPerHop }

  /// The engine's private state to show (free list, indices, chains in flight): the snapshot at the start of the
  /// command being animated, or the step's end state once every event has played.
  public var session: ScriptSession
  /// Guest memory at the cursor: ring fields are exact for every event (writes replayed up to the cursor).
  public var memory: GuestMemoryView?
  /// The step's engine trace entries.
  public var events: [TraceEntry]
  /// How many of `events` have happened.
  public var cursor: Int
  /// Animation progress of the current event, 0..<``phaseCount``.
  public var phase: Int
  /// How many animation frames the current unit has: ``phases`` for a ring event, ``phases(forHops:)`` for the flow
  /// step being animated.
  public var phaseCount = VisualFrame.phases
  /// The flow run of this step, if any.
  public var flow: FlowRun?
  /// How many flow steps have happened.
  public var flowCursor: Int
  /// The last run of each compared flow (emulated, assigned, virtio), for the compare view.
  public var compareRuns: [FlowRun]
  /// The counters' rows, one per run up to the cursor (see ``FrameBuilder``).
  public var counterRows: [CounterRow]
  /// A problem running the step's scripts, shown instead of a crash.
  public var problem: String?
  /// The quantity the step's exercise checks while it is unanswered: the panes that show it draw `?` there (and say
  /// so), so the count appears after the answer (issue 12 item 7).
  public var concealed: ScriptQuantity?
  /// What the caption says instead of an event while the step is held for its exercise and the part before the
  /// question has played (``TutorState/heldForExercise``); nil otherwise.
  public var heldCaption: String?

  public init(
    session: ScriptSession, memory: GuestMemoryView?, events: [TraceEntry], cursor: Int, phase: Int, flow: FlowRun?,
    flowCursor: Int, compareRuns: [FlowRun], counterRows: [CounterRow], problem: String?
  ) {
    self.session = session
    self.memory = memory
    self.events = events
    self.cursor = cursor
    self.phase = phase
    self.flow = flow
    self.flowCursor = flowCursor
    self.compareRuns = compareRuns
    self.counterRows = counterRows
    self.problem = problem
  }

  /// The event being animated, if any.
  public var current: TraceEntry? { cursor > 0 && cursor <= events.count ? events[cursor - 1] : nil }
  /// The flow step being animated, if any.
  public var currentFlowStep: FlowStep? {
    guard let flow, flowCursor > 0, flowCursor <= flow.steps.count else { return nil }
    return flow.steps[flowCursor - 1]
  }
  /// The queue being shown (from the session), if any.
  public var queue: Virtqueue? { session.queue }
  /// The packed queue being shown (from the session), if the step's queue is packed.
  public var packedQueue: PackedVirtqueue? { session.packedQueue }
  /// Whether the current event's animation has finished.
  public var isSettled: Bool { phase >= phaseCount - 1 }
}

/// What every pane gets besides its area: the frame, the theme and the glyphs the terminal can show.
public struct PaneContext: Sendable {
  public var frame: VisualFrame
  public var theme: Theme
  public var capabilities: TerminalCapabilities
  /// Whether this pane has the keyboard focus (scrolling keys go to it).
  public var focused: Bool
  /// Why the step has no picture (`<!-- view: none: … -->`), for ``NoPicturePane``.
  public var noPictureReason: String?

  public init(frame: VisualFrame, theme: Theme, capabilities: TerminalCapabilities, focused: Bool = false) {
    self.frame = frame
    self.theme = theme
    self.capabilities = capabilities
    self.focused = focused
  }

  /// Box glyphs for the terminal (unicode or ascii).
  public var glyphs: BoxGlyphs { capabilities.boxGlyphs }
  /// Picks the unicode or the ascii spelling of a symbol (arrows, bullets, blocks).
  public func symbol(_ unicode: String, _ ascii: String) -> String { capabilities.unicode ? unicode : ascii }
}
