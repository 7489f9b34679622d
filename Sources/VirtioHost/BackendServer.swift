import Glibc

/// The back end's event loop: a listening socket, QEMU's one connection, the kick eventfd. Single-threaded:
/// ``step(timeout:watching:)`` polls everything once and handles what is ready, so a CLI loop or a test drives it.
public final class BackendServer: @unchecked Sendable {
  /// The protocol state and the device.
  public let backend: VhostUserBackend
  /// The socket path (removed by ``close()``).
  public let path: String
  private var listener: UnixSocket?
  private var connection: UnixSocket?
  /// Whether QEMU has connected and not hung up yet.
  public private(set) var isConnected = false
  /// Whether QEMU connected and then hung up.
  public private(set) var hasDisconnected = false
  /// The poll set, kept between steps (a step per request must not allocate).
  private var pollSet: [pollfd] = []

  /// Listens on `path` (the directory should be private, mode 0700).
  public init(path: String, backend: VhostUserBackend) throws(VhostUserError) {
    self.path = path
    self.backend = backend
    listener = try UnixSocket.listen(path: path)
  }

  deinit { close() }

  /// Closes every descriptor and removes the socket file.
  public func close() {
    connection?.close()
    connection = nil
    if listener != nil { unlink(path) }
    listener?.close()
    listener = nil
    isConnected = false
  }

  /// Polls for at most `timeout` milliseconds, handles a connection, messages and kicks, and returns which of the
  /// `watching` descriptors are readable (for a caller's own inputs: a console socket, the terminal).
  @discardableResult
  public func step(timeout: Int32, watching extra: [Int32] = []) -> Set<Int32> {
    var readable: Set<Int32> = []
    step(timeout: timeout, watching: extra) { readable.insert($0) }
    return readable
  }

  /// ``step(timeout:watching:)`` calling `ready` for each readable `watching` descriptor instead of building a
  /// set: the request path (a kick, served, a call) then makes no allocation.
  public func step(timeout: Int32, watching extra: [Int32], ready: (Int32) -> Void) {
    pollSet.removeAll(keepingCapacity: true)
    let socketFD = connection?.fd ?? listener?.fd ?? -1
    if socketFD >= 0 { pollSet.append(pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)) }
    let kickFD = backend.vring.kick?.fd ?? -1
    if kickFD >= 0 { pollSet.append(pollfd(fd: kickFD, events: Int16(POLLIN), revents: 0)) }
    for fd in extra { pollSet.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
    // A device whose burst ran out with notifications off is served again first (no kick will come for what
    // waits), and while it still has work the poll does not sleep.
    backend.resumeService()
    let wait = backend.hasPendingService ? 0 : timeout
    guard poll(&pollSet, nfds_t(pollSet.count), wait) > 0 else { return }
    for i in pollSet.indices where pollSet[i].revents != 0 {
      let fd = pollSet[i].fd
      if fd == kickFD && kickFD >= 0 {
        backend.kicked()
      } else if fd == socketFD && socketFD >= 0 {
        socketReady()
      } else {
        ready(fd)
      }
    }
  }

  private func socketReady() {
    if connection == nil {
      do {
        connection = try listener?.accept()
        isConnected = connection != nil
        backend.log(.vhostUser, "QEMU connected on \(path)")
      } catch {
        backend.log(.error, "accept: \(error)")
      }
      return
    }
    guard let connection else { return }
    do {
      let message = try connection.receiveMessage()
      if let reply = backend.handle(message) { try connection.send(reply) }
    } catch where error.kind == .disconnected {
      backend.log(.vhostUser, "QEMU hung up")
      self.connection?.close()
      self.connection = nil
      isConnected = false
      hasDisconnected = true
    } catch {
      backend.log(.error, "\(error)")
      if error.kind == .truncated || error.kind == .system {  // the stream is out of step: drop it
        self.connection?.close()
        self.connection = nil
        isConnected = false
        hasDisconnected = true
      }
    }
  }
}
