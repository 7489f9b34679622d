import Foundation

/// Anything that answers QMP commands: a live ``QMPClient``, or a ``RecordedQMP`` replaying the replies of a real
/// guest (the checked-in snapshot fixture), so the ring decoder is tested where QEMU is absent.
public protocol QMPSource: AnyObject {
  /// Runs `command` and returns its `return` value; a QMP error is thrown as a `system-error`.
  func execute(_ command: String, _ arguments: [String: Any]) throws(VhostUserError) -> Any
}

extension QMPSource {
  /// Runs a command whose reply is an object.
  public func object(_ command: String, _ arguments: [String: Any] = [:]) throws(VhostUserError) -> [String: Any] {
    guard let o = try execute(command, arguments) as? [String: Any] else {
      throw VhostUserError(.badPayload, "QMP \(command) did not return an object")
    }
    return o
  }

  /// The key an exchange is recorded under: the command and its arguments as JSON with sorted keys.
  static func key(_ command: String, _ arguments: [String: Any]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: arguments, options: [.sortedKeys])) ?? Data()
    return command + " " + String(decoding: data, as: UTF8.self)
  }
}

extension QMPClient: QMPSource {}
