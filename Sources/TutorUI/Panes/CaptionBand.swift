import TermGrid

/// The current event's caption (``EventCaption``) across the whole screen under the lesson and right-hand panes, on
/// screens whose event log is narrow (80×24: 36 columns would need up to 9 lines; 78 need at most 4): wrapped, never
/// cut, in the strong style (an error in the error style). ``TutorView/layout(for:)`` gives it the rows only where
/// the step's text leaves them and draws it only when the caption fits them; otherwise the event log has it.
///
/// ```
/// └────────────────────────────────────────┘└────────────────────────────────────┘
///  device error indirect-bad-size: Invalid size for indirect buffer table: desc[0].len = 24 is not a
///  non-zero multiple of 16. Reported by QEMU: "Invalid size for indirect buffer table"; vhost: "Invalid
///  length in indirect descriptor"; rust-vmm InvalidIndirectDescriptorTable.
///  L10/16 S8/18 ▶ playing 1×  …
/// ```
public enum CaptionBand {
  /// The lines of `caption` in a band `width` columns wide (one column of margin each side).
  static func lines(_ caption: EventCaption, width: Int, context: PaneContext) -> [String] {
    TextWrap.wrap(context.text(caption.text), width: max(1, width - 2))
  }

  /// Draws the frame's current caption into `area` (cleared first; empty when no event is current).
  public static func render(in area: Rect, into grid: inout CellGrid, context: PaneContext) {
    let area = area.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    grid.fill(area)
    let frame = context.frame
    guard let caption = EventCaption.current(frame, flow: EventLogPane().showsFlow(frame)) else { return }
    let style = context.style(caption.isError ? .error : .strong)
    for (i, line) in lines(caption, width: area.width, context: context).prefix(area.height).enumerated() {
      grid.put(line, at: Point(x: area.x + 1, y: area.y + i), style: style, clip: area)
    }
  }
}
