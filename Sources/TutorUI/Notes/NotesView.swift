import TermGrid

/// The `virtio-tutor notes` screen: a pure frame from values (the presenter's last state, the follower's clock
/// and timer, whether the presenter is connected), and the same content as lines when standard output is not a
/// terminal.
///
/// ```
///  Speaker notes · Lesson 1/2 · Step 2/4 · The split virtqueue
/// ┌─ Step 2/4: The driver offers a buffer ──────────────┐
/// │ Ask the class who owns each part.                    │
/// └──────────────────────────────────────────────────────┘
///  Next: Step 3: The kick
///  Lesson 02:13   Timer 15:42               t resets the timer · q quits
/// ```
public enum NotesView {
  /// What the notes screen shows.
  public struct Model: Equatable, Sendable {
    /// The presenter's last state, if one arrived.
    public var presenter: PresenterState?
    /// Whether the presenter is connected now.
    public var connected: Bool
    /// Seconds since the epoch, now.
    public var now: Double
    /// When the timer was last restarted (`t`), or nil to count from the talk's start.
    public var timerStarted: Double?
    /// Where the follower looks for the presenter (shown while waiting).
    public var socketPath: String

    public init(presenter: PresenterState?, connected: Bool, now: Double, timerStarted: Double? = nil, socketPath: String) {
      self.presenter = presenter
      self.connected = connected
      self.now = now
      self.timerStarted = timerStarted
      self.socketPath = socketPath
    }

    /// Seconds in the current lesson and on the timer.
    public var lessonSeconds: Int { presenter.map { Self.seconds(now - $0.lessonStarted) } ?? 0 }
    public var timerSeconds: Int { Self.seconds(now - (timerStarted ?? presenter?.talkStarted ?? now)) }

    static func seconds(_ value: Double) -> Int { value.isFinite && value > 0 ? Int(min(value, 359_999)) : 0 }
  }

  /// `mm:ss`, or `h:mm:ss` from an hour.
  public static func clock(_ seconds: Int) -> String {
    let s = max(0, seconds)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(two(s / 60)):\(two(s % 60))"
  }

  /// The whole screen.
  public static func render(_ model: Model, size: Size, theme: Theme, capabilities: TerminalCapabilities) -> CellGrid {
    var grid = CellGrid(size: size)
    let screen = Rect(size: size)
    guard size.width >= 20, size.height >= 5 else {
      grid.put("too small", at: Point(x: 0, y: 0), style: theme.style(.warning), clip: screen)
      return grid.themed(theme).adapted(to: capabilities)
    }
    let unicode = capabilities.unicode
    let sep = unicode ? " · " : " | "
    let title = Rect(x: 0, y: 0, width: size.width, height: 1)
    grid.fill(title, style: theme.style(.titleBar))
    var heading = " Speaker notes"
    if let p = model.presenter { heading += sep + "Lesson \(p.lesson)/\(p.lessonCount)" + sep + "Step \(p.step)/\(p.stepCount)" + sep + p.lessonTitle }
    grid.put(cut(heading, size.width, unicode), at: Point(x: 0, y: 0), style: theme.style(.titleBar), clip: title)

    let box = Rect(x: 0, y: 1, width: size.width, height: size.height - 4)
    let boxTitle = model.presenter.map { "Step \($0.step)/\($0.stepCount): \($0.stepTitle)" } ?? "Waiting for the presenter"
    grid.drawBox(
      box, title: cut(boxTitle, size.width - 6, unicode), style: theme.style(.borderFocused),
      titleStyle: theme.style(.paneTitle), glyphs: capabilities.boxGlyphs)
    let area = box.inset(horizontal: 2, vertical: 1)
    let lines = bodyLines(model, width: area.width)
    for (row, line) in lines.prefix(area.height).enumerated() {
      grid.put(line.text, at: Point(x: area.x, y: area.y + row), style: theme.style(line.role), clip: area)
    }
    if lines.count > area.height, area.height > 0 {
      grid.put(unicode ? "…" : "~", at: Point(x: area.maxX - 1, y: area.maxY - 1), style: theme.style(.keyHint), clip: area)
    }

    let nextText = model.presenter.map { " Next: " + ($0.next ?? "(end of the last lesson)") } ?? ""
    grid.put(cut(nextText, size.width, unicode), at: Point(x: 0, y: size.height - 3), style: theme.style(.strong), clip: screen)
    let clocks = model.presenter == nil ? "" : " Lesson \(clock(model.lessonSeconds))   Timer \(clock(model.timerSeconds))"
    grid.put(clocks, at: Point(x: 0, y: size.height - 2), style: theme.style(.heading2), clip: screen)
    let status = Rect(x: 0, y: size.height - 1, width: size.width, height: 1)
    grid.fill(status, style: theme.style(.statusBar))
    let state = model.connected ? "following the presenter" : (model.presenter == nil ? "no presenter yet" : "presenter gone, waiting")
    let keys = "t resets the timer" + sep + "q quits"
    let line = " " + state + String(repeating: " ", count: max(1, size.width - state.count - keys.count - 2)) + keys
    grid.put(cut(line, size.width, unicode), at: Point(x: 0, y: size.height - 1), style: theme.style(.statusBar), clip: status)
    return grid.themed(theme).adapted(to: capabilities)
  }

  /// The notes wrapped at `width`, a blank line between notes; the waiting text when there is no presenter.
  static func bodyLines(_ model: Model, width: Int) -> [(text: String, role: ThemeRole)] {
    guard width > 0 else { return [] }
    guard let p = model.presenter else {
      return (TextWrap.wrap("Start the presenter with virtio-tutor learn --present; these notes follow it.", width: width)
        + [""] + TextWrap.wrap("Socket: \(model.socketPath)", width: width)).map { ($0, .text) }
    }
    guard !p.notes.isEmpty else { return [("(no speaker notes for this step)", .dim)] }
    var out: [(String, ThemeRole)] = []
    for (i, note) in p.notes.enumerated() {
      if i > 0 { out.append(("", .text)) }
      for paragraph in note.split(separator: "\n", omittingEmptySubsequences: false) {
        out += TextWrap.wrap(TextSanitizer.sanitizedString(String(paragraph)), width: width).map { ($0, .text) }
      }
    }
    return out
  }

  /// The lines printed for a new state when standard output is not a terminal.
  public static func lines(_ model: Model) -> [String] {
    guard let p = model.presenter else { return ["Waiting for the presenter at \(model.socketPath)."] }
    var out = ["Lesson \(p.lesson)/\(p.lessonCount), step \(p.step)/\(p.stepCount): \(p.stepTitle)"]
    out += p.notes.isEmpty ? ["  (no speaker notes for this step)"] : p.notes.flatMap { note in
      note.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + TextSanitizer.sanitizedString(String($0)) }
    }
    out.append("Next: " + (p.next ?? "(end of the last lesson)"))
    out.append("Lesson \(clock(model.lessonSeconds)), timer \(clock(model.timerSeconds))")
    return out
  }

  static func cut(_ text: String, _ width: Int, _ unicode: Bool) -> String {
    guard text.count > width, width > 1 else { return text }
    return String(text.prefix(width - 1)) + (unicode ? "…" : "~")
  }
}
