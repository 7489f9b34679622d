import Foundation

/// One QMP command and what QEMU answered: its `return` value or its error description.
public struct QMPExchange: @unchecked Sendable {
  public var command: String
  public var arguments: [String: Any]
  /// The `return` value (JSON: objects, arrays, numbers, strings, booleans), or nil when QEMU answered an error.
  public var reply: Any?
  /// QEMU's error description, when it answered one.
  public var error: String?

  public init(command: String, arguments: [String: Any], reply: Any?, error: String?) {
    self.command = command
    self.arguments = arguments
    self.reply = reply
    self.error = error
  }
}

/// Passes commands to a live source and keeps every exchange (for `inspect --save-snapshot`).
public final class RecordingQMP: QMPSource {
  public let source: any QMPSource
  public private(set) var exchanges: [QMPExchange] = []

  public init(_ source: any QMPSource) { self.source = source }

  public func execute(_ command: String, _ arguments: [String: Any]) throws(VhostUserError) -> Any {
    do {
      let reply = try source.execute(command, arguments)
      exchanges.append(QMPExchange(command: command, arguments: arguments, reply: reply, error: nil))
      return reply
    } catch {
      exchanges.append(QMPExchange(command: command, arguments: arguments, reply: nil, error: error.message))
      throw error
    }
  }
}

/// Answers from recorded exchanges (the same command with the same arguments gets the same reply); a command that
/// was never recorded is an error naming it.
public final class RecordedQMP: QMPSource {
  private var replies: [String: QMPExchange] = [:]

  public init(_ exchanges: [QMPExchange]) {
    for e in exchanges { replies[Self.key(e.command, e.arguments)] = e }
  }

  public func execute(_ command: String, _ arguments: [String: Any]) throws(VhostUserError) -> Any {
    guard let e = replies[Self.key(command, arguments)] else {
      throw VhostUserError(.system, "QMP \(command): not in the recorded snapshot (\(Self.key(command, arguments)))")
    }
    if let error = e.error { throw VhostUserError(.system, error) }
    return e.reply ?? [String: Any]()
  }
}
