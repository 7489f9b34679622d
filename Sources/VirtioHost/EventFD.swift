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

  /// Reads and clears the counter (after poll said it is readable); 0 when nothing was pending.
  @discardableResult public func drain() -> UInt64 {
    var value: UInt64 = 0
    return read(fd, &value, 8) == 8 ? value : 0
  }
}
