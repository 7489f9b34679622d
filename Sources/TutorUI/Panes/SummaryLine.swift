import TermGrid
import VirtioCore

/// A ring picture's one-line summary (indices, flags, event fields), in the first of its spellings that fits; a
/// field the step touched is marked "now" (with the glyph in place of the space before it) or "earlier".
struct SummaryLine {
  /// A piece of a summary line: its text, the ring field it shows (if any) and its style when untouched.
  struct Piece {
    var text: String
    var field: RingField?
    var base: Style
    /// For a private index's value: the side whose index it is (marked when the current event moves it).
    var index: Role?

    init(_ text: String, _ field: RingField? = nil, _ base: Style = .plain, index: Role? = nil) {
      self.text = text
      self.field = field
      self.base = base
      self.index = index
    }
  }

  let touches: RingTouches
  let context: PictureContext

  /// The style of a value showing `field`.
  func style(_ field: RingField, base: Style) -> Style {
    guard let mark = touches.mark(field) else { return base }
    return mark.now ? context.now(mark.writer) : context.earlier(mark.writer)
  }

  /// The style of a private index that the current event may move.
  func indexStyle(_ side: Role, base: Style) -> Style {
    guard touches.movedIndex == side else { return base }
    return touches.lit ? context.now(side) : context.earlier(side)
  }

  /// The cells `variant` takes (the now glyph stands in a space, so marks do not change it).
  func width(_ variant: [Piece]) -> Int {
    variant.reduce(0) { $0 + context.text($1.field != nil && $1.field == touches.concealed ? "?" : $1.text).unicodeScalars.count }
  }

  /// Draws the first variant that fits (or the last one cut short).
  func draw(_ variants: [[Piece]], at y: Int, inner: Rect, into grid: inout CellGrid) {
    guard y >= inner.y, y < inner.maxY else { return }
    var chosen = LineBuilder()
    for variant in variants {
      var line = LineBuilder()
      for (n, piece) in variant.enumerated() {
        var text = context.text(piece.field != nil && piece.field == touches.concealed ? "?" : piece.text)
        if n + 1 < variant.count, text.hasSuffix(" "), let next = variant[n + 1].field,
          touches.mark(next)?.now == true, let role = touches.currentRole
        {
          text.removeLast()
          line.add(text, piece.base)
          line.add(context.nowGlyph(role), context.now(role))
          continue
        }
        var style = piece.field.map { self.style($0, base: piece.base) } ?? piece.base
        if let side = piece.index { style = indexStyle(side, base: style) }
        line.add(text, style)
      }
      chosen = line
      if line.width <= inner.width { break }
    }
    chosen.draw(at: Point(x: inner.x, y: y), limit: inner.width, into: &grid, ellipsis: context.text("…"))
  }
}
