/// Which way the packets go: guest to wire (transmit) or wire to guest (receive).
public enum Direction: String, CaseIterable, Equatable, Hashable, Sendable {
  case tx, rx

  /// `TX` or `RX`.
  public var displayName: String { rawValue.uppercased() }
}
