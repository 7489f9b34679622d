import Glibc

/// An eventfd received from QEMU (kick, call or err): read and written as one 8-byte counter.
/// Closed on ``close()`` or when the last reference goes away.
public final class EventFD: @unchecked Sendable {
  /// The descriptor, or -1 once closed.
  public private(set) var fd: Int32

  public init(fd: Int32) { self.fd = fd }

  deinit { close() }

  public func close() {
    if fd >= 0 { _ = Glibc.close(fd) }
    fd = -1
  }

  /// Adds 1 to the counter (signals the peer). Returns false when the write failed.
  @discardableResult public func signal() -> Bool {
    var one: UInt64 = 1
    return write(fd, &one, 8) == 8
  }

  /// Reads and clears the counter (after poll said it is readable); 0 when nothing was pending (it never blocks once
  /// ``makeNonBlocking()`` was called).
  @discardableResult public func drain() -> UInt64 {
    var value: UInt64 = 0
    return read(fd, &value, 8) == 8 ? value : 0
  }

  /// Sets `O_NONBLOCK`, so that ``drain()`` returns 0 instead of blocking when the counter is 0 (QEMU creates its
  /// eventfds with `EFD_NONBLOCK`, but a descriptor from a socket is not ours to trust). Returns false on failure.
  @discardableResult public func makeNonBlocking() -> Bool {
    let flags = fcntl(fd, F_GETFL)
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
  }
}
