/// Why a flow cannot run: bad options, an unknown name, or an engine error while running.
public struct FlowError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
  /// A message a learner can act on.
  public var message: String

  /// Creates an error with a message.
  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
