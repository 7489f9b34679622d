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

  public var source: Source
  public var text: String

  public init(_ source: Source, _ text: String) {
    self.source = source
    self.text = text
  }

  public var description: String { "[\(source.rawValue)] \(text)" }
}
