import Foundation
import TermGrid

/// A golden file for a cell grid that records styles as well as characters, so that a highlight regression (a
/// field no longer lit, a state drawn in the wrong colour) fails a test just like a wrong character.
///
/// The file is the grid's text, then a `── styles ──` section with one key character per cell (`.` for plain) and
/// a `── key ──` section naming each key's style (`a fg:cyan+bold`). Keys are given in order of first appearance,
/// so an unchanged picture gives an unchanged file and a diff shows which cells changed style.
///
/// ```swift
/// try GridSnapshot.verify(grid, named: "ring-chain-80x24")   // Snapshots/ring-chain-80x24.grid next to the test
/// ```
/// A missing golden is written and the check fails with "recorded new baseline"; `RECORD_SNAPSHOTS=1` re-records
/// every golden a run checks (review the diff before committing).
public enum GridSnapshot {
  /// What a failed check throws: the golden's path and the first rows that differ.
  public struct Mismatch: Error, CustomStringConvertible {
    public let description: String
  }

  /// Key characters for styles, in order of first use (`.` is plain).
  static let keys = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

  /// The snapshot text of `grid`.
  public static func render(_ grid: CellGrid) -> String {
    var keyOf: [Style: Character] = [.plain: "."]
    var order: [Style] = []
    var styleRows: [String] = []
    for y in 0..<grid.height {
      var row = ""
      for x in 0..<grid.width {
        let style = grid[x, y].style
        if keyOf[style] == nil {
          keyOf[style] = order.count < keys.count ? keys[order.count] : "?"
          order.append(style)
        }
        row.append(keyOf[style]!)
      }
      styleRows.append(row)
    }
    var text = grid.lines.joined(separator: "\n") + "\n── styles ──\n" + styleRows.joined(separator: "\n") + "\n── key ──\n"
    for style in order { text += "\(keyOf[style]!) \(style)\n" }
    return text
  }

  /// The directory goldens go in by default: `Snapshots/` next to the test file.
  public static func directory(for testFile: String) -> URL {
    URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Snapshots")
  }

  /// Checks `grid` against the golden `name.grid` (in `Snapshots/` next to `testFile` unless `directory` says
  /// otherwise); records it when missing or when `RECORD_SNAPSHOTS=1`.
  public static func verify(
    _ grid: CellGrid, named name: String, directory: URL? = nil, testFile: String = #filePath
  ) throws {
    let folder = directory ?? self.directory(for: testFile)
    let file = folder.appendingPathComponent(name + ".grid")
    let actual = render(grid)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    guard !record, let golden = try? String(contentsOf: file, encoding: .utf8) else {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try actual.write(to: file, atomically: true, encoding: .utf8)
      if record { return }
      throw Mismatch(description: "recorded new baseline \(file.path); review it and run again")
    }
    guard actual != golden else { return }
    throw Mismatch(description: "\(file.lastPathComponent) differs (RECORD_SNAPSHOTS=1 re-records):\n" + difference(golden, actual))
  }

  /// The first few differing lines of two snapshot texts, as `-golden` / `+actual` pairs with their line numbers.
  static func difference(_ golden: String, _ actual: String) -> String {
    let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(a.count, b.count) where out.count < 12 {
      let x = i < a.count ? String(a[i]) : "<none>"
      let y = i < b.count ? String(b[i]) : "<none>"
      if x != y { out += ["line \(i + 1) -\(x)", "line \(i + 1) +\(y)"] }
    }
    return out.joined(separator: "\n")
  }
}
