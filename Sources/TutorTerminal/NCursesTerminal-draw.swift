import CNcursesw
import CTermShim
import TermGrid

extension NCursesTerminal {
  /// Error thrown when drawing or reading after ``close()``.
  public struct Closed: Error, Equatable, Sendable {}

  /// Paints `grid`: only the runs that changed since the last frame, then one `doupdate`.
  ///
  /// Repaints everything when `previous` is `nil` (and then also clears the physical screen,
  /// which repairs garbage, as Ctrl-L should), after a resize, or when the grid size changed.
  /// The diff base is the grid this terminal painted last, so a stale `previous` cannot leave
  /// wrong cells behind. Cells beyond the screen are clipped, and the bottom-right cell is
  /// never written (curses would scroll or fail).
  public func draw(_ grid: CellGrid, previous: CellGrid?) throws {
    guard let window else { throw Closed() }
    let screenSize = size
    let base: CellGrid? =
      if previous != nil, let lastDrawn, lastDrawn.size == grid.size,
        lastDrawnScreenSize == screenSize
      {
        lastDrawn
      } else {
        nil
      }
    let runs: [StyleRun]
    if let base {
      runs = grid.changes(since: base)
    } else {
      _ = werase(window)
      if previous == nil { _ = clearok(ts_curscr(), true) }
      runs = grid.allRuns()
    }
    for run in runs {
      paint(run, in: window, screen: screenSize)
    }
    _ = wnoutrefresh(window)
    _ = doupdate()
    lastDrawn = grid
    lastDrawnScreenSize = screenSize
  }

  /// Writes one run with `wattr_set` + `mvwaddnwstr`, clipped to the screen.
  private func paint(_ run: StyleRun, in window: UnsafeMutablePointer<WINDOW>, screen: Size) {
    let y = run.origin.y
    guard y >= 0, y < screen.height else { return }
    var start = max(0, run.origin.x)
    var end = min(screen.width, run.origin.x + run.count)
    if y == screen.height - 1 { end = min(end, screen.width - 1) }  // never the bottom-right cell
    guard start < end else { return }
    var wide: [wchar_t] = []
    wide.reserveCapacity(end - start)
    while start < end {
      let scalar = capabilities.effective(run.characters[start - run.origin.x])
      wide.append(wchar_t(bitPattern: scalar.value))
      start += 1
    }
    let x = end - wide.count
    _ = wattr_set(window, attributes(for: run.style), colors.pair(for: run.style), nil)
    _ = mvwaddnwstr(window, Int32(y), Int32(x), wide, Int32(wide.count))
  }

  /// Curses attributes for `style`; these survive `NO_COLOR`.
  private func attributes(for style: Style) -> attr_t {
    var attributes = ts_a_normal()
    if style.bold { attributes |= ts_a_bold() }
    if style.dim { attributes |= ts_a_dim() }
    if style.italic { attributes |= ts_a_italic() }
    if style.underline { attributes |= ts_a_underline() }
    if style.reverse { attributes |= ts_a_reverse() }
    return attributes | colors.extraAttributes(for: style)
  }
}
