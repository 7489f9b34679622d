/// One line of the back end's log: a vhost-user message handled, a request served, an error.
public struct BackendEvent: Equatable, Sendable, CustomStringConvertible {
  /// Where the line comes from.
  public enum Source: String, Sendable {
    /// A vhost-user message from QEMU and what the back end did with it.
    case vhostUser = "vhost-user"
    /// The device side of the virtqueue (the engine).
    case device
    /// An error: a malformed message, a broken ring, a failed system call.
    case error
  }

  /// A request the device served, kept as numbers: its line is written only when read, so that the request path
  /// (tracing on) formats nothing.
  public struct ServedChain: Equatable, Sendable {
    /// The head of the chain the device served (QEMU's element index).
    public var head: UInt16
    /// Bytes the device wrote into the chain (`used.len`).
    public var bytes: Int
    /// The device's `last_avail_idx` after it took the chain.
    public var lastAvailIdx: UInt16
    /// `used.idx` after the device pushed the chain.
    public var usedIdx: UInt16
  }

  public var source: Source
  /// The line (for a served request, made from ``served`` when read).
  public var text: String {
    get { served.map(Self.line) ?? written }
    set {
      written = newValue
      served = nil
    }
  }
  /// The served request this line reports, if it is one.
  public private(set) var served: ServedChain?
  private var written: String

  public init(_ source: Source, _ text: String) {
    self.source = source
    written = text
  }

  /// The device's line for a served request.
  public init(served: ServedChain) {
    source = .device
    written = ""
    self.served = served
  }

  private static func line(_ s: ServedChain) -> String {
    "served chain \(s.head): \(s.bytes) bytes; last_avail_idx \(s.lastAvailIdx), used.idx \(s.usedIdx)"
  }

  public var description: String { "[\(source.rawValue)] \(text)" }

  public static func == (lhs: BackendEvent, rhs: BackendEvent) -> Bool { lhs.source == rhs.source && lhs.text == rhs.text }
}
