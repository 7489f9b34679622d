import CNcursesw
import CTermShim
import TermGrid

extension NCursesTerminal {
  /// Error thrown when drawing or reading after ``close()``.
  public struct Closed: Error, Equatable, Sendable {}

  /// Paints `runs` (a ``TermGrid/Terminal`` diffed and adapted them), then one `doupdate`.
  ///
  /// A full repaint erases the window first; ``TermGrid/Repaint/clearing`` also makes curses clear the physical
  /// screen, which repairs garbage, as Ctrl-L should. Cells beyond the screen are clipped, and the bottom-right
  /// cell is never written (curses would scroll or fail).
  public func paint(_ runs: [StyleRun], _ repaint: Repaint) throws {
    guard let window else { throw Closed() }
    let screenSize = size
    if repaint != .changes { _ = werase(window) }
    if repaint == .clearing { _ = clearok(ts_curscr(), true) }
    // One buffer for every run of the frame (a run never exceeds the screen's width), not an array per run.
    var wide: [wchar_t] = []
    wide.reserveCapacity(screenSize.width + 1)
    for run in runs {
      paint(run, in: window, screen: screenSize, buffer: &wide)
    }
    _ = wnoutrefresh(window)
    // One write(2) per frame instead of one per cursor movement (ncurses flushes after each while the screen has
    // never been through endwin; the bytes are the same).
    ts_hold_flushes()
    _ = doupdate()
    ts_release_flushes()
  }

  /// Writes one run with `wattr_set` + `mvwaddnwstr`, clipped to the screen, its characters in `wide` (emptied
  /// first, its capacity kept).
  private func paint(
    _ run: StyleRun, in window: UnsafeMutablePointer<WINDOW>, screen: Size, buffer wide: inout [wchar_t]
  ) {
    let y = run.origin.y
    guard y >= 0, y < screen.height else { return }
    var start = max(0, run.origin.x)
    var end = min(screen.width, run.origin.x + run.count)
    if y == screen.height - 1 { end = min(end, screen.width - 1) }  // never the bottom-right cell
    guard start < end else { return }
    let x = start
    let count = end - start
    // NUL-terminated: ncurses' waddnwstr tests `*str` before it counts `n`, so it reads str[n] (one element past
    // the run). Without the terminator that read ran off the array's allocation and crashed under ASan.
    wide.removeAll(keepingCapacity: true)
    wide.reserveCapacity(count + 1)
    while start < end {
      wide.append(wchar_t(bitPattern: run.characters[start - run.origin.x].value))
      start += 1
    }
    wide.append(0)
    _ = wattr_set(window, attributes(for: run.style), colors.pair(for: run.style), nil)
    _ = mvwaddnwstr(window, Int32(y), Int32(x), wide, Int32(count))
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
