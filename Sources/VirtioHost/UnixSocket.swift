import Glibc

/// A stream `AF_UNIX` socket: listen, accept, connect, and messages with `SCM_RIGHTS` file descriptors.
///
/// The descriptor is closed by ``close()`` (owners call it on every exit path); nothing here traps on what the
/// peer sends: short reads, a hang-up and oversize control data are errors.
public final class UnixSocket: @unchecked Sendable {
  /// The file descriptor, or -1 once closed.
  public private(set) var fd: Int32

  init(fd: Int32) { self.fd = fd }

  deinit { close() }

  /// Closes the descriptor (idempotent).
  public func close() {
    if fd >= 0 { _ = Glibc.close(fd) }
    fd = -1
  }

  /// Binds and listens on `path` (an existing file there is removed first).
  public static func listen(path: String) throws(VhostUserError) -> UnixSocket {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw systemError("socket") }
    let s = UnixSocket(fd: fd)
    unlink(path)
    var address = try socketAddress(path)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard bound == 0, Glibc.listen(fd, 1) == 0 else { throw systemError("bind/listen \(path)") }
    return s
  }

  /// Connects to the socket at `path`.
  public static func connect(path: String) throws(VhostUserError) -> UnixSocket {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw systemError("socket") }
    let s = UnixSocket(fd: fd)
    var address = try socketAddress(path)
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard result == 0 else { throw systemError("connect \(path)") }
    return s
  }

  /// Accepts one connection.
  public func accept() throws(VhostUserError) -> UnixSocket {
    let c = Glibc.accept(fd, nil, nil)
    guard c >= 0 else { throw Self.systemError("accept") }
    // Not atomic (Glibc's module exposes no accept4): a child spawned by another thread in between inherits the
    // connection. Known and left: sessions accept once, early.
    _ = fcntl(c, F_SETFD, FD_CLOEXEC)
    return UnixSocket(fd: c)
  }

  private static func socketAddress(_ path: String) throws(VhostUserError) -> sockaddr_un {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard bytes.count < capacity else {
      throw VhostUserError(.system, "socket path \(path) is longer than \(capacity - 1) bytes")
    }
    withUnsafeMutableBytes(of: &address.sun_path) { dst in
      for (k, b) in bytes.enumerated() { dst[k] = b }
    }
    return address
  }

  static func systemError(_ what: String) -> VhostUserError {
    VhostUserError(.system, "\(what): \(String(cString: strerror(errno)))")
  }

  // MARK: - Messages

  /// The most descriptors one message may carry (`VHOST_MEMORY_BASELINE_NREGIONS`).
  static let maximumFDs = 8

  /// Receives one vhost-user message: the header with `recvmsg` (collecting `SCM_RIGHTS`), then the payload.
  /// Descriptors received with a malformed message are closed before the error is thrown.
  public func receiveMessage() throws(VhostUserError) -> VhostUserMessage {
    var header = [UInt8](repeating: 0, count: VhostUserMessage.headerSize)
    var fds: [Int32] = []
    let got = try receiveWithDescriptors(into: &header, fds: &fds)
    guard got > 0 else {
      fds.forEach { _ = Glibc.close($0) }
      throw VhostUserError(.disconnected, "the front end closed the connection")
    }
    do throws(VhostUserError) {
      guard got == header.count else {
        throw VhostUserError(.truncated, "header of \(got) bytes, expected \(VhostUserMessage.headerSize)")
      }
      let decoded = try VhostUserMessage.decodeHeader(header)
      var payload = [UInt8](repeating: 0, count: decoded.size)
      try readFully(&payload)
      return VhostUserMessage(request: decoded.request, flags: decoded.flags, payload: payload, fds: fds)
    } catch {
      fds.forEach { _ = Glibc.close($0) }
      throw error
    }
  }

  /// Sends a message (no descriptors; the back end never sends any to QEMU).
  public func send(_ message: VhostUserMessage) throws(VhostUserError) {
    try writeAll(message.encoded())
  }

  /// Writes all of `bytes`.
  public func writeAll(_ bytes: [UInt8]) throws(VhostUserError) {
    var sent = 0
    while sent < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { throw Self.systemError("send") }
      sent += n
    }
  }

  /// Reads up to `count` bytes (fewer when fewer are ready); an empty result means the peer hung up.
  public func read(upTo count: Int) throws(VhostUserError) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: count)
    while true {
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, count, 0) }
      if n < 0 && errno == EINTR { continue }
      guard n >= 0 else { throw Self.systemError("recv") }
      return Array(buffer[0..<n])
    }
  }

  private func readFully(_ buffer: inout [UInt8]) throws(VhostUserError) {
    var have = 0
    while have < buffer.count {
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + have, $0.count - have, 0) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else {
        throw VhostUserError(.truncated, "payload cut short after \(have) of \(buffer.count) bytes")
      }
      have += n
    }
  }

  /// `recvmsg` into `buffer`, appending any `SCM_RIGHTS` descriptors to `fds`. CMSG_SPACE(n·4) is 16 + align8(4n)
  /// on x86_64 Linux; the data start at offset 16.
  private func receiveWithDescriptors(into buffer: inout [UInt8], fds: inout [Int32]) throws(VhostUserError) -> Int {
    let controlSpace = 16 + ((4 * Self.maximumFDs + 7) & ~7)
    let control = UnsafeMutableRawPointer.allocate(byteCount: controlSpace, alignment: 8)
    defer { control.deallocate() }
    memset(control, 0, controlSpace)
    var message = msghdr()
    var got = 0
    while true {
      got = buffer.withUnsafeMutableBytes { raw in
        var iov = iovec(iov_base: raw.baseAddress, iov_len: raw.count)
        return withUnsafeMutablePointer(to: &iov) { iovPointer in
          message.msg_iov = iovPointer
          message.msg_iovlen = 1
          message.msg_control = control
          message.msg_controllen = controlSpace
          return recvmsg(fd, &message, Int32(MSG_CMSG_CLOEXEC))
        }
      }
      if got < 0 && errno == EINTR { continue }
      break
    }
    guard got >= 0 else { throw Self.systemError("recvmsg") }
    var offset = 0
    while offset + 16 <= message.msg_controllen {
      let header = control.load(fromByteOffset: offset, as: cmsghdr.self)
      let length = Int(header.cmsg_len)
      guard length >= 16, offset + length <= message.msg_controllen else { break }
      if header.cmsg_level == SOL_SOCKET && header.cmsg_type == Int32(SCM_RIGHTS) {
        for k in 0..<((length - 16) / 4) {
          fds.append(control.load(fromByteOffset: offset + 16 + 4 * k, as: Int32.self))
        }
      }
      offset += (length + 7) & ~7
    }
    if message.msg_flags & Int32(MSG_CTRUNC) != 0 {
      fds.forEach { _ = Glibc.close($0) }
      fds = []
      throw VhostUserError(.badDescriptors, "more than \(Self.maximumFDs) file descriptors in one message")
    }
    return got
  }
}
