import Foundation
import Glibc

/// A QEMU Machine Protocol client: one JSON object per line over a unix socket (QEMU `docs/interop/qmp-spec`).
/// Every wait has a deadline; events that arrive between replies are kept in ``events``.
public final class QMPClient: @unchecked Sendable {
  private let socket: UnixSocket
  private var buffer: [UInt8] = []
  /// Seconds one command may take.
  public var timeout: Double
  /// Asynchronous events received so far (`{"event": ...}`).
  public private(set) var events: [[String: Any]] = []
  /// The greeting's QEMU version, e.g. `7.2.22`.
  public private(set) var version = ""
  /// Called about every 10 ms while waiting, so a single-threaded caller keeps serving its vhost-user back end
  /// (QEMU blocks on the back end's replies while it handles some commands, `quit` among them).
  public var idle: () -> Void

  /// Connects to `path`, retrying until `connectTimeout` (QEMU creates the socket shortly after it starts),
  /// reads the greeting and negotiates capabilities.
  public init(path: String, connectTimeout: Double = 10, timeout: Double = 30, idle: @escaping () -> Void = {})
    throws(VhostUserError)
  {
    self.timeout = timeout
    self.idle = idle
    let deadline = Monotonic.now + connectTimeout
    var connected: UnixSocket?
    while connected == nil {
      do {
        connected = try UnixSocket.connect(path: path)
      } catch {
        if Monotonic.now >= deadline { throw VhostUserError(.system, "QMP socket \(path): \(error.message)") }
        idle()
        usleep(10_000)
      }
    }
    socket = connected!
    let greeting = try readObject()
    if let q = greeting["QMP"] as? [String: Any], let v = q["version"] as? [String: Any], let n = v["qemu"] as? [String: Any] {
      version = "\(n["major"] ?? 0).\(n["minor"] ?? 0).\(n["micro"] ?? 0)"
    }
    _ = try execute("qmp_capabilities")
  }

  /// Closes the connection.
  public func close() { socket.close() }

  /// Runs `command` and returns its `return` value; a QMP error becomes a `system-error` with QEMU's description.
  @discardableResult
  public func execute(_ command: String, _ arguments: [String: Any] = [:]) throws(VhostUserError) -> Any {
    var message: [String: Any] = ["execute": command]
    if !arguments.isEmpty { message["arguments"] = arguments }
    guard let data = try? JSONSerialization.data(withJSONObject: message) else {
      throw VhostUserError(.badPayload, "QMP \(command): arguments are not JSON")
    }
    try socket.writeAll(Array(data) + [0x0a])
    while true {
      let reply = try readObject()
      if reply["event"] != nil { events.append(reply); continue }
      if let error = reply["error"] as? [String: Any] {
        throw VhostUserError(.system, "QMP \(command): \(error["desc"] ?? error)")
      }
      if let value = reply["return"] { return value }
    }
  }

  /// Runs a command whose reply is an object.
  public func object(_ command: String, _ arguments: [String: Any] = [:]) throws(VhostUserError) -> [String: Any] {
    guard let o = try execute(command, arguments) as? [String: Any] else {
      throw VhostUserError(.badPayload, "QMP \(command) did not return an object")
    }
    return o
  }

  private func readObject() throws(VhostUserError) -> [String: Any] {
    let deadline = Monotonic.now + timeout
    while true {
      if let newline = buffer.firstIndex(of: 0x0a) {
        let line = Array(buffer[..<newline])
        buffer.removeSubrange(...newline)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
          throw VhostUserError(.badPayload, "QMP sent a line that is not a JSON object: \(String(decoding: line.prefix(80), as: UTF8.self))")
        }
        return object
      }
      let left = deadline - Monotonic.now
      guard left > 0 else { throw VhostUserError(.system, "QMP: no reply within \(Int(timeout)) s") }
      var p = pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0)
      guard poll(&p, 1, 10) > 0 else {
        idle()
        continue
      }
      let chunk = try socket.read(upTo: 65536)
      guard !chunk.isEmpty else { throw VhostUserError(.disconnected, "QEMU closed the QMP socket") }
      buffer += chunk
    }
  }
}
