import TermGrid

/// The `?` overlay: every key from ``KeyHelp/entries``, grouped, in three columns (group, keys, action).
///
/// ```
/// ┌─ Keys ─────────────────────────────────────────────────────┐
/// │                                                            │
/// │  Steps      → l Space PgDn n Enter  next step              │
/// │             ← h PgUp p Backspace    previous step          │
/// │  ...                                                       │
/// ```
public enum HelpOverlay {
  /// Draws the help centred in `screen`.
  public static func render(
    in screen: Rect, into grid: inout CellGrid, theme: Theme, capabilities: TerminalCapabilities
  ) {
    OverlayBox.render(
      title: "Keys", lines: lines(theme: theme, unicode: capabilities.unicode), in: screen, into: &grid,
      theme: theme, capabilities: capabilities)
  }

  /// Draws the help centred in `screen` with the pane context's theme and capabilities.
  public static func render(in screen: Rect, into grid: inout CellGrid, context: PaneContext) {
    render(in: screen, into: &grid, theme: context.theme, capabilities: context.capabilities)
  }

  /// The help's lines: one per key binding, the group named on its first line, then how to close it.
  static func lines(theme: Theme, unicode: Bool) -> [LessonSpans.Line] {
    let base = theme.style(.overlay)
    let groupStyle = LessonSpans.merge(base, theme.style(.overlayTitle))
    let keyStyle = LessonSpans.merge(base, theme.style(.strong))
    let rows = KeyHelp.entries.map { (KeyHelp.spelled($0.keys, unicode: unicode), $0.action, $0.group) }
    let groupWidth = (rows.map(\.2.count).max() ?? 0) + 2
    let keysWidth = (rows.map(\.0.count).max() ?? 0) + 2
    var out: [LessonSpans.Line] = []
    var previous: String?
    for (keys, action, group) in rows {
      let label = group == previous ? "" : group
      previous = group
      out.append(
        LessonSpans.merged(
          LessonSpans.pad([LessonSpans.span(label, groupStyle)], to: groupWidth, style: base)
            + LessonSpans.pad([LessonSpans.span(keys, keyStyle)], to: keysWidth, style: base)
            + [LessonSpans.span(action, base)]))
    }
    out.append([])
    out.append([LessonSpans.span("Esc or ? closes this help", LessonSpans.merge(base, theme.style(.dim)))])
    return out
  }
}
