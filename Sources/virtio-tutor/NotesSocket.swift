import Foundation
#if canImport(Glibc)
  import Glibc
#endif

/// Where `learn --present` publishes and `notes` follows: `$XDG_RUNTIME_DIR/virtio-tutor/presenter.sock`, in a
/// directory of mode 0700 owned by the user (made if missing, refused if anyone else could reach it), and the few
/// socket calls both sides need, non-blocking.
enum NotesSocket {
  /// The socket's path, checked: a clear error when `XDG_RUNTIME_DIR` is unset, relative or unusable.
  static func path(environment: [String: String] = ProcessInfo.processInfo.environment, create: Bool) throws -> String {
    guard let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty else {
      throw CLIError(
        "XDG_RUNTIME_DIR is not set: the presenter's notes socket lives there (a login session sets it, e.g. /run/user/\(getuid()))")
    }
    guard runtime.hasPrefix("/") else { throw CLIError("XDG_RUNTIME_DIR must be an absolute path, not '\(runtime)'") }
    var info = stat()
    guard stat(runtime, &info) == 0, info.st_mode & mode_t(S_IFMT) == mode_t(S_IFDIR) else {
      throw CLIError("XDG_RUNTIME_DIR \(runtime) is not a directory")
    }
    let directory = runtime.hasSuffix("/") ? runtime + "virtio-tutor" : runtime + "/virtio-tutor"
    if create, stat(directory, &info) != 0 {
      guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
        throw CLIError("cannot make \(directory): \(String(cString: strerror(errno)))")
      }
      _ = chmod(directory, 0o700)  // the umask may have taken bits away, never added any
    }
    guard stat(directory, &info) == 0 else {
      throw CLIError("no presenter: \(directory) does not exist (start virtio-tutor learn --present first)")
    }
    guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFDIR), info.st_uid == getuid(), info.st_mode & 0o777 == 0o700 else {
      throw CLIError(
        "\(directory) must be a directory of mode 0700 owned by you (it is mode \(String(info.st_mode & 0o777, radix: 8)), owner \(info.st_uid)); remove it or fix it with chmod 700")
    }
    let path = directory + "/presenter.sock"
    guard path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else {
      throw CLIError("the socket path \(path) is too long for a unix socket; set XDG_RUNTIME_DIR to a shorter directory")
    }
    return path
  }

  static func address(_ path: String) -> sockaddr_un {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { dst in
      for (k, b) in path.utf8.prefix(dst.count - 1).enumerated() { dst[k] = b }
    }
    return address
  }

  static func makeSocket() throws -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
    guard fd >= 0 else { throw CLIError("socket: \(String(cString: strerror(errno)))") }
    return fd
  }

  static func bind(_ fd: Int32, _ path: String) -> Int32 {
    var a = address(path)
    return withUnsafePointer(to: &a) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
  }

  /// Connects a non-blocking socket to `path`; nil when nobody listens there.
  static func connect(_ path: String) -> Int32? {
    guard let fd = try? makeSocket() else { return nil }
    var a = address(path)
    let result = withUnsafePointer(to: &a) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard result == 0 || errno == EINPROGRESS else {
      close(fd)
      return nil
    }
    return fd
  }

  /// Listens on `path`: a socket left by a presenter that died is replaced; a live presenter there is an error.
  static func listen(_ path: String) throws -> Int32 {
    if let other = connect(path) {
      close(other)
      throw CLIError("another presenter is already publishing on \(path)")
    }
    unlink(path)
    let fd = try makeSocket()
    guard bind(fd, path) == 0, Glibc.listen(fd, 16) == 0 else {
      let reason = String(cString: strerror(errno))
      close(fd)
      throw CLIError("cannot listen on \(path): \(reason)")
    }
    _ = chmod(path, 0o600)
    return fd
  }
}
