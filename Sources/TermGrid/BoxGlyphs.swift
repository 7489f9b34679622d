/// The characters used to draw boxes, lines and their junctions.
///
/// Use ``unicode`` on UTF-8 terminals and ``ascii`` otherwise (see
/// ``TerminalCapabilities/boxGlyphs``).
public struct BoxGlyphs: Hashable, Sendable {
  public var horizontal: Unicode.Scalar
  public var vertical: Unicode.Scalar
  public var topLeft: Unicode.Scalar
  public var topRight: Unicode.Scalar
  public var bottomLeft: Unicode.Scalar
  public var bottomRight: Unicode.Scalar
  /// `├`: a vertical line with a branch to the right.
  public var teeRight: Unicode.Scalar
  /// `┤`: a vertical line with a branch to the left.
  public var teeLeft: Unicode.Scalar
  /// `┬`: a horizontal line with a branch down.
  public var teeDown: Unicode.Scalar
  /// `┴`: a horizontal line with a branch up.
  public var teeUp: Unicode.Scalar
  /// `┼`.
  public var cross: Unicode.Scalar

  public init(
    horizontal: Unicode.Scalar, vertical: Unicode.Scalar,
    topLeft: Unicode.Scalar, topRight: Unicode.Scalar,
    bottomLeft: Unicode.Scalar, bottomRight: Unicode.Scalar,
    teeRight: Unicode.Scalar, teeLeft: Unicode.Scalar,
    teeDown: Unicode.Scalar, teeUp: Unicode.Scalar, cross: Unicode.Scalar
  ) {
    self.horizontal = horizontal
    self.vertical = vertical
    self.topLeft = topLeft
    self.topRight = topRight
    self.bottomLeft = bottomLeft
    self.bottomRight = bottomRight
    self.teeRight = teeRight
    self.teeLeft = teeLeft
    self.teeDown = teeDown
    self.teeUp = teeUp
    self.cross = cross
  }

  /// Light box drawing: `┌─┐ │ └┘ ├┤┬┴┼`.
  public static let unicode = BoxGlyphs(
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
    bottomRight: "┘", teeRight: "├", teeLeft: "┤", teeDown: "┬", teeUp: "┴", cross: "┼")

  /// Rounded corners: `╭─╮ │ ╰╯`, with the light junctions.
  public static let rounded = BoxGlyphs(
    horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮", bottomLeft: "╰",
    bottomRight: "╯", teeRight: "├", teeLeft: "┤", teeDown: "┬", teeUp: "┴", cross: "┼")

  /// Plain ASCII: `+-+ | ++`, with `+` for every junction.
  public static let ascii = BoxGlyphs(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
    bottomRight: "+", teeRight: "+", teeLeft: "+", teeDown: "+", teeUp: "+", cross: "+")
}
