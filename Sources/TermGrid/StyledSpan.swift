/// A piece of text in one style: the unit of styled text that ``TextWrap`` wraps and
/// ``CellGrid/put(_:at:clip:)`` draws.
public struct StyledSpan: Hashable, Sendable, CustomStringConvertible {
  public var text: String
  public var style: Style

  public init(_ text: String, style: Style = .plain) {
    self.text = text
    self.style = style
  }

  public var description: String { "\(style)\"\(text)\"" }
}
