import TermGrid

extension CellGrid {
  /// The grid with the theme's own colours where a pane left the terminal's defaults, and dim turned off when the
  /// theme allows none (the projector theme owns every cell). Unchanged for themes that keep the terminal's colours.
  public func themed(_ theme: Theme) -> CellGrid {
    guard theme.ownColors != nil || !theme.allowsDim else { return self }
    var grid = self
    for y in 0..<height {
      for x in 0..<width {
        grid[x, y] = themed(self[x, y], theme)
      }
    }
    return grid
  }

  private func themed(_ cell: Cell, _ theme: Theme) -> Cell {
    var cell = cell
    var style = cell.style
    if let own = theme.ownColors {
      if style.fg == .default { style.fg = own.foreground }
      if style.bg == .default { style.bg = own.background }
    }
    if !theme.allowsDim { style.dim = false }
    cell.style = style
    return cell
  }
}
