import Foundation
import VirtioLessons

/// The tutor's catalog at start-up (`learn`): every lesson file is `stat`ed, and only the files whose stamp
/// (size, times, inode) is not in the head cache are read (``LessonHeadCache``). The cache is one file per lessons
/// directory under `$XDG_CACHE_HOME/virtio-tutor/` (else `~/.cache/virtio-tutor/`), written atomically when it
/// changed; without either variable, or when it cannot be read or written, every file is read as before.
/// A lesson's body is read when it is opened (the watcher reloads a lesson that changes while the tutor runs).
enum LessonHeadStore {
  /// Loads the catalog of `directory` through the cache.
  static func load(directory: String) throws -> LessonLoader.Result {
    try load(directory: directory, cacheFile: cacheFile(for: directory))
  }

  /// Loads the catalog of `directory` through the cache in `cacheFile` (nil: no cache).
  static func load(directory: String, cacheFile: String?) throws -> LessonLoader.Result {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter(LessonLoader.isLessonFileName).sorted()
    var files: [(name: String, stamp: FileStamp)] = []
    for name in names {
      let path = (directory as NSString).appendingPathComponent(name)
      guard let stamp = stamp(of: path) else { throw CLIError("cannot read '\(path)'") }
      files.append((path, stamp))
    }
    let version = self.version()
    let cached = cacheFile.flatMap { try? LessonFiles.bytes(of: $0) }.map { LessonHeadCache.decode($0, version: version) } ?? [:]
    let refreshed = try LessonHeadCache.refresh(files: files, cached: cached, now: Int64(time(nil))) { try LessonFiles.bytes(of: $0) }
    if refreshed.changed, let cacheFile {
      write(LessonHeadCache.encode(refreshed.entries, version: version), to: cacheFile)
    }
    return LessonLoader.load(heads: refreshed.heads) { try? LessonFiles.bytes(of: $0) }
  }

  /// A file's stamp, or nil when it cannot be `stat`ed.
  static func stamp(of path: String) -> FileStamp? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileStamp(
      size: Int64(info.st_size), modified: Int64(info.st_mtim.tv_sec), modifiedNanoseconds: Int64(info.st_mtim.tv_nsec),
      changed: Int64(info.st_ctim.tv_sec), changedNanoseconds: Int64(info.st_ctim.tv_nsec),
      inode: Int64(bitPattern: UInt64(info.st_ino)))
  }

  /// The cache file for `directory`: named by a hash of its absolute path, or nil without a cache directory.
  static func cacheFile(for directory: String) -> String? {
    let environment = ProcessEnvironment.values(["XDG_CACHE_HOME", "HOME"])
    let base: String
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      base = xdg
    } else if let home = environment["HOME"], home.hasPrefix("/") {
      base = (home as NSString).appendingPathComponent(".cache")
    } else {
      return nil
    }
    let absolute = directory.hasPrefix("/") ? directory : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(directory)
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
    for byte in absolute.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return (base as NSString).appendingPathComponent("virtio-tutor/lesson-heads-\(String(hash, radix: 16)).cache")
  }

  /// The lesson index hint for `directory` (``LessonIndexHint``), beside its head cache.
  static func hintFile(for directory: String) -> String? {
    cacheFile(for: directory).map(hintFile(besideCache:))
  }

  /// The hint file that goes with the head cache `cacheFile`.
  static func hintFile(besideCache cacheFile: String) -> String {
    (cacheFile as NSString).deletingPathExtension + ".index"
  }

  /// The cache's version: this executable's stamp (a rebuilt tutor may read heads differently).
  static func version() -> String {
    guard let s = stamp(of: "/proc/self/exe") else { return "unknown executable" }
    return "exe \(s.size) \(s.modified).\(s.modifiedNanoseconds) \(s.inode)"
  }

  /// Writes `bytes` to `path` through a temporary file and a rename; failures are ignored (it is only a cache).
  static func write(_ bytes: [UInt8], to path: String) {
    let directory = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let temporary = path + ".\(getpid()).tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return }
    if rename(temporary, path) != 0 { unlink(temporary) }
    removeStrayTemporaries(of: path)
  }

  /// Removes `PATH.PID.tmp` files whose process is gone (a write killed before its rename), as ``ProgressStore``
  /// does for its own: a tutor killed mid-write leaves no litter past the next write.
  static func removeStrayTemporaries(of path: String) {
    let directory = (path as NSString).deletingLastPathComponent
    let prefix = (path as NSString).lastPathComponent + "."
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
      guard let pid = Int32(name.dropFirst(prefix.count).dropLast(4)) else { continue }
      if pid == getpid() || kill(pid, 0) == 0 { continue }
      unlink((directory as NSString).appendingPathComponent(name))
    }
  }
}
