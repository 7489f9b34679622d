extension CellGrid {
  /// The grid as a terminal with `capabilities` shows it: ASCII look-alikes for every non-ASCII scalar when
  /// unicode is off, no colours when colour is off. What `render --ascii` prints and what curses paints agree.
  public func adapted(to capabilities: TerminalCapabilities) -> CellGrid {
    guard !capabilities.unicode || !capabilities.color else { return self }
    var grid = self
    for i in grid.cells.indices {
      grid.cells[i].character = capabilities.effective(grid.cells[i].character)
      grid.cells[i].style = capabilities.effective(grid.cells[i].style)
    }
    return grid
  }
}
