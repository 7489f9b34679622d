import Yams

/// A front-matter key or value as ``FrontMatterDecoder`` checks it: made from a node Yams composed, or by
/// ``SimpleFrontMatter`` from a plain `key: value` line. The checks (and so every message and position) are the same
/// whichever made it.
struct FrontMatterValue {
  /// Where Yams puts a node: the 1-based line within the YAML (the file's line minus one), the 1-based column in
  /// Unicode scalars.
  struct Mark {
    var line: Int
    var column: Int
  }

  enum Shape { case scalar, mapping, sequence, alias }

  var shape: Shape
  /// A scalar's text ("" for the other shapes).
  var string = ""
  /// A scalar's type (``PlainScalarType``; `.text` for the other shapes).
  var type = PlainScalarType.text
  var style = Node.Scalar.Style.any
  var mark: Mark?
  /// A whole number's value, when `type` is `.int` and the text is one.
  var integer: Int?

  /// The value of a composed node.
  init(_ node: Node) {
    mark = node.mark.map { Mark(line: $0.line, column: $0.column) }
    switch node {
    case .scalar(let scalar):
      shape = .scalar
      string = scalar.string
      type = PlainScalarType.of(scalar)
      style = scalar.style
      if type == .int { integer = PlainScalarType.plainDecimal(scalar) ?? Int.construct(from: scalar) }
    case .mapping: shape = .mapping
    case .sequence: shape = .sequence
    case .alias: shape = .alias
    }
  }

  /// A scalar read without Yams.
  init(scalar string: String, type: PlainScalarType, style: Node.Scalar.Style, mark: Mark, integer: Int?) {
    shape = .scalar
    self.string = string
    self.type = type
    self.style = style
    self.mark = mark
    self.integer = integer
  }

  /// Whether the value is YAML's null (`~`, `null`, or nothing at all).
  var isNull: Bool { shape == .scalar && type == .null }
}
