import Glibc

/// Whole-file reads and directory listings with POSIX calls, for the tutor's start-up path: Foundation's
/// `FileManager.contents(atPath:)`, `contentsOfDirectory(atPath:)` and `URL.path` each build generic collections
/// (`Dictionary<String, Any>`, `Set<UInt8>`) whose first use makes the Swift runtime scan every protocol conformance
/// record of the static executable (docs/DECISIONS.md, "Start-up, session 7").
enum FileBytes {
  /// The file's bytes, or nil when it cannot be opened or read (a missing file, a directory, no permission).
  static func read(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    var buffer = [UInt8](repeating: 0, count: max(4096, Int(info.st_size) + 1))
    var result: [UInt8] = []
    result.reserveCapacity(Int(info.st_size))
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if count == 0 { return result }
      result.append(contentsOf: buffer[..<count])
    }
  }

  /// The names in `directory` (without `.` and `..`) that start with `prefix`; nil when it cannot be listed.
  static func names(in directory: String, prefix: String) -> [String]? {
    guard let stream = opendir(directory) else { return nil }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != ".", name != "..", name.hasPrefix(prefix) { names.append(name) }
    }
    return names
  }
}
