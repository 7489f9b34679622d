import TermGrid
import VirtioLessons

/// The lesson index (`i`): one row per lesson with a mark for the open lesson (`▸`) and for completed ones
/// (`✓`), `n/m`, the title and the minutes; the selected row highlighted in the `selection` role and kept in
/// view (centred when the list scrolls); the selected lesson's summary and the keys underneath.
public enum LessonIndexOverlay {
  /// One row of the index.
  public struct Entry: Equatable, Sendable {
    public var title: String
    public var minutes: Int?
    public var summary: String?
    public var completed: Bool

    public init(title: String, minutes: Int? = nil, summary: String? = nil, completed: Bool = false) {
      self.title = title
      self.minutes = minutes
      self.summary = summary
      self.completed = completed
    }
  }

  /// Rows for `lessons`, completed when their id is in `completed`.
  public static func entries(_ lessons: [Lesson], completed: some Sequence<String>) -> [Entry] {
    let done = Set(completed)
    return lessons.map {
      Entry(title: $0.meta.title, minutes: $0.meta.minutes, summary: $0.meta.summary, completed: done.contains($0.id))
    }
  }

  /// The widest the rows get (title column included).
  public static let preferredWidth = 64

  /// Draws the index centred in `screen`. `selected` and `current` are indices into `entries` (clamped / ignored
  /// when out of range).
  public static func render(
    in screen: Rect, into grid: inout CellGrid, entries: [Entry], selected: Int, current: Int? = nil,
    theme: Theme, capabilities: TerminalCapabilities
  ) {
    let width = OverlayBox.contentWidth(preferred: preferredWidth, screen: screen)
    let lines = lines(
      entries: entries, selected: selected, current: current, width: width, screenHeight: screen.height,
      theme: theme, unicode: capabilities.unicode)
    OverlayBox.render(
      title: "Lessons", lines: lines, contentWidth: width, in: screen, into: &grid, theme: theme,
      capabilities: capabilities)
  }

  /// Draws the index of `lessons` (completed ids from the progress) centred in `screen`.
  public static func render(
    in screen: Rect, into grid: inout CellGrid, lessons: [Lesson], completed: some Sequence<String>, selected: Int,
    current: Int? = nil, theme: Theme, capabilities: TerminalCapabilities
  ) {
    render(
      in: screen, into: &grid, entries: entries(lessons, completed: completed), selected: selected,
      current: current, theme: theme, capabilities: capabilities)
  }

  static func lines(
    entries: [Entry], selected: Int, current: Int?, width: Int, screenHeight: Int, theme: Theme, unicode: Bool
  ) -> [LessonSpans.Line] {
    let base = theme.style(.overlay)
    let dim = LessonSpans.merge(base, theme.style(.dim))
    let ellipsis = unicode ? "…" : "~"
    let keys = (unicode ? "↑↓" : "Up/Down") + " choose · Enter open · Esc close"
    let footerKeys = [LessonSpans.span(unicode ? keys : keys.replacingDots(), dim)]
    guard !entries.isEmpty else {
      return [[LessonSpans.span("no lessons found", base)], [], footerKeys]
    }
    let chosen = min(max(selected, 0), entries.count - 1)
    let summary = entries[chosen].summary.map {
      LessonSpans.truncate([LessonSpans.span($0, dim)], to: width, ellipsis: ellipsis).0
    }
    let footer: [LessonSpans.Line] = [[]] + (summary.map { [$0] } ?? []) + [footerKeys]
    // Border, padding and a margin above and below.
    let visible = max(1, min(entries.count, screenHeight - 6 - footer.count))
    let top = min(max(0, chosen - visible / 2), entries.count - visible)

    let count = entries.count
    let numberWidth = "\(count)/\(count)".count
    let minutes = entries.map { $0.minutes.map { "\($0) min" } ?? "" }
    let minutesWidth = minutes.map(\.count).max() ?? 0
    let titleWidth = max(1, width - 3 - numberWidth - 2 - (minutesWidth > 0 ? minutesWidth + 2 : 0))
    var out: [LessonSpans.Line] = []
    for index in top..<(top + visible) {
      let entry = entries[index]
      let isSelected = index == chosen
      let rowBase = isSelected ? LessonSpans.merge(base, theme.style(.selection)) : base
      func styled(_ role: ThemeRole) -> Style { LessonSpans.merge(rowBase, theme.style(role)) }
      let number = "\(index + 1)/\(count)"
      var line: LessonSpans.Line = [
        LessonSpans.span(index == current ? (unicode ? "▸" : ">") : " ", styled(.listMarker)),
        LessonSpans.span(entry.completed ? (unicode ? "✓" : "*") : " ", styled(.success)),
        LessonSpans.span(" " + String(repeating: " ", count: numberWidth - number.count) + number + "  ", rowBase),
      ]
      let title = LessonSpans.truncate(
        [LessonSpans.span(entry.title, index == current ? styled(.strong) : rowBase)], to: titleWidth,
        ellipsis: ellipsis
      ).0
      line += LessonSpans.pad(title, to: titleWidth, style: rowBase)
      if minutesWidth > 0 {
        let text = minutes[index]
        line.append(LessonSpans.span("  " + String(repeating: " ", count: minutesWidth - text.count) + text, rowBase))
      }
      out.append(LessonSpans.merged(LessonSpans.pad(line, to: width, style: rowBase)))
    }
    return out + footer
  }
}

extension String {
  /// `·` separators as ASCII `-` (lesson index footer).
  fileprivate func replacingDots() -> String {
    String(map { $0 == "·" ? "-" : $0 })
  }
}
