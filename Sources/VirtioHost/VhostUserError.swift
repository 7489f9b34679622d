/// A malformed or unexpected vhost-user message, or a failed system call of the back end.
///
/// Each case becomes one log line; the back end never traps on what arrives from the socket.
public struct VhostUserError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What went wrong.
  public enum Kind: String, Sendable, Equatable {
    /// Fewer than 12 header bytes, or fewer payload bytes than the header's `size`.
    case truncated = "truncated-message"
    /// The header's version bits are not 1.
    case badVersion = "bad-version"
    /// The payload is larger than any vhost-user message (the back end refuses to allocate it).
    case oversized = "oversized-message"
    /// The payload is shorter or longer than the request's payload type.
    case badPayload = "bad-payload"
    /// A vring index the device does not have.
    case badVring = "bad-vring-index"
    /// A ring address or region outside every memory region, or a region that does not fit.
    case badAddress = "bad-address"
    /// A message that needs a file descriptor came without one, or with too many.
    case badDescriptors = "bad-file-descriptors"
    /// A system call failed (`errno` text in the message).
    case system = "system-error"
    /// The front end closed the connection.
    case disconnected = "disconnected"
  }

  public let kind: Kind
  public let message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { "\(kind.rawValue): \(message)" }
}
