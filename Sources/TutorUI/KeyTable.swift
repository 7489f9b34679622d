import TermGrid

/// The one table of the tutor's main-screen keys. The reducer (``KeyMap/intent(for:)``), the help overlay
/// (``KeyHelp/entries``) and the status line's hints (``StatusBar``) are generated from it, and a test checks the
/// README's key table against it.
///
/// Keys follow the peers and presentation clickers (`../shared/reference/tui-peers.md` §4.1): clickers send
/// PgUp/PgDn, Esc or F5 on "start/stop" and `.` for "blank", so Esc only closes overlays and F5 does nothing.
public enum KeyTable {
  /// Keys that mean one intent.
  public struct Binding: Sendable {
    public var keys: [Key]
    public var intent: TutorIntent
  }

  /// One line of the help: how it spells the keys, what they do, their group, the bindings, and the status line's
  /// hint for them (lower `rank` first) when the status line shows one.
  public struct Row: Sendable {
    public var label: String
    public var action: String
    public var group: String
    public var bindings: [Binding]
    public var hint: (rank: Int, text: String)?
  }

  private static func row(
    _ label: String, _ action: String, _ group: String, hint: (Int, String)? = nil, _ bindings: [([Key], TutorIntent)]
  ) -> Row {
    Row(label: label, action: action, group: group, bindings: bindings.map { Binding(keys: $0.0, intent: $0.1) },
      hint: hint.map { (rank: $0.0, text: $0.1) })
  }

  private static func chars(_ text: String) -> [Key] { text.map { Key.character($0) } }

  /// Every binding of the main screen, in the order the help shows them, grouped.
  public static let rows: [Row] = [
    row("→ l Space PgDn n Enter", "next step", "Steps", hint: (0, "→/Space next"),
      [([.right, .pageDown, .enter] + chars(" ln"), .nextStep)]),
    row("← h PgUp p Backspace", "previous step", "Steps", hint: (1, "← back"),
      [([.left, .pageUp, .backspace] + chars("hp"), .previousStep)]),
    row("g Home  G End", "first / last step", "Steps", [([.home] + chars("g"), .firstStep), ([.end] + chars("G"), .lastStep)]),
    row("0-9 :", "go to step: digits, Enter", "Steps",
      (0...9).map { (chars(String($0)), TutorIntent.goToDigit($0)) } + [(chars(":"), .goToPrompt)]),
    row("i Tab", "lesson index", "Lessons", hint: (6, "i lessons"), [([.tab] + chars("i"), .openLessonIndex)]),
    row("s  S", "play / pause; end of step", "Animation", hint: (2, "s play/pause"),
      [(chars("s"), .togglePlay), (chars("S"), .endOfStep)]),
    row("e ,  E ]  [", "next/back hop; next/back event", "Animation", hint: (3, "e/E step"),
      [(chars("e"), .stepHop), (chars(","), .stepHopBack), (chars("E]"), .stepEvent), (chars("["), .stepEventBack)]),
    row("+ -", "faster / slower", "Animation", hint: (4, "+/- speed"), [(chars("+=>"), .faster), (chars("-<"), .slower)]),
    row("r", "replay the step", "Animation", hint: (5, "r replay"), [(chars("r"), .replay)]),
    row("↑ ↓ j k  f", "scroll; f: text or log", "Text",
      [([.up] + chars("k"), .scrollUp), ([.down] + chars("j"), .scrollDown), (chars("f"), .toggleFocus)]),
    row("a", "answer the exercise", "Exercise", [(chars("a"), .openExercise)]),
    row("x  v", "redo it / review the lesson's", "Exercise", [(chars("x"), .redoExercise), (chars("v"), .openReview)]),
    row("c", "sandbox: type commands, watch", "Exercise", [(chars("c"), .openSandbox)]),
    row("b .  ?", "blank the screen / this help", "Screen", hint: (7, "? help"),
      [(chars("b."), .toggleBlank), (chars("?"), .openHelp)]),
    row("Esc", "close an overlay (never quits)", "Screen", [([.escape], .closeOverlay)]),
    row("q Ctrl-C", "quit", "Screen", hint: (8, "q quit"), [([.ctrl("c")] + chars("q"), .quit)]),
  ]

  /// What a presentation clicker's keys mean whatever is open (an overlay, the go-to prompt): PgDn/PgUp close what
  /// is open and move a step (PgDn also un-blanks), Esc closes, F5 does nothing, `.` and `b` blank (see
  /// ``KeyMap/clickerIntent(for:)`` for `b` in an answer field).
  public static let clicker: [Binding] = [
    Binding(keys: [.pageDown], intent: .nextStep), Binding(keys: [.pageUp], intent: .previousStep),
    Binding(keys: [.escape], intent: .closeOverlay), Binding(keys: [.function(5)], intent: .none),
    Binding(keys: chars(".b"), intent: .toggleBlank),
  ]

  /// The main screen's intent for each bound key.
  static let intents: [Key: TutorIntent] = index(rows.flatMap(\.bindings))
  /// The clicker's intent for each of its keys.
  static let clickerIntents: [Key: TutorIntent] = index(clicker)

  private static func index(_ bindings: [Binding]) -> [Key: TutorIntent] {
    var table: [Key: TutorIntent] = [:]
    for binding in bindings {
      for key in binding.keys where table[key] == nil { table[key] = binding.intent }
    }
    return table
  }

  /// The help row that binds `intent`: its keys as the help spells them (`row.label`) and what they do.
  public static func row(for intent: TutorIntent) -> Row? {
    rows.first { $0.bindings.contains { $0.intent == intent } }
  }

  /// The status line's key hints, in rank order.
  public static var statusHints: [String] {
    rows.compactMap(\.hint).sorted { $0.rank < $1.rank }.map(\.text)
  }
}
