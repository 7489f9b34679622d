/// The tutor's catalog without reading every lesson file: each file's head (front matter and its diagnostics), kept
/// between runs and used only while the file's ``FileStamp`` is unchanged.
///
/// The CLI stats each file, hands the stamps and the cache's bytes here, and reads (through a closure) only the
/// files whose stamp is new. Nothing here touches the file system. A head is stored only when its file had not
/// changed for ``settleSeconds`` when it was read: a file written twice within the file system's timestamp
/// granularity, at the same size, could otherwise keep the first write's stamp ("racy" entries, as git calls
/// them). The cache's bytes carry a version (the format and the executable's identity): another build's cache
/// is ignored, not trusted.
public enum LessonHeadCache {
  /// A head is stored only when its file's modification and change times are this much older than the read.
  public static let settleSeconds: Int64 = 2

  /// One file's cached head.
  public struct Entry: Equatable, Sendable {
    public var stamp: FileStamp
    public var head: LessonHead
    public init(stamp: FileStamp, head: LessonHead) {
      self.stamp = stamp
      self.head = head
    }
  }

  /// What ``refresh(files:cached:now:read:)`` found.
  public struct Refreshed: Sendable {
    /// Each file's head, in the order given, with the bytes read when it was not cached (`nil` for a hit).
    public var heads: [(name: String, head: LessonHead, bytes: [UInt8]?)]
    /// What to store for the next run (settled files only).
    public var entries: [String: Entry]
    /// Whether `entries` differs from what was cached (the cache should be written).
    public var changed: Bool
  }

  /// The heads of `files`: from `cached` when the stamp matches, else read with `read` and parsed.
  /// - Parameter now: the wall-clock time in seconds (for the settle rule).
  /// - Parameter read: a file's bytes, or an error message; a failure ends the refresh with that error.
  public static func refresh(
    files: [(name: String, stamp: FileStamp)], cached: [String: Entry], now: Int64, read: (String) throws -> [UInt8]
  ) rethrows -> Refreshed {
    var heads: [(name: String, head: LessonHead, bytes: [UInt8]?)] = []
    var entries: [String: Entry] = [:]
    var changed = false
    for (name, stamp) in files {
      if let hit = cached[name], hit.stamp == stamp {
        heads.append((name, hit.head, nil))
        entries[name] = hit
        continue
      }
      let bytes = try read(name)
      let head = LessonHead(bytes: bytes, file: name)
      heads.append((name, head, bytes))
      if stamp.isSettled(at: now, seconds: settleSeconds) {
        entries[name] = Entry(stamp: stamp, head: head)
        changed = true
      }
    }
    if entries.count != cached.count { changed = true }
    return Refreshed(heads: heads, entries: entries, changed: changed)
  }
}

/// What identifies one version of a file for ``LessonHeadCache``: size, modification and status-change times
/// (seconds and nanoseconds) and inode (an editor's save-by-rename makes a new one).
public struct FileStamp: Equatable, Hashable, Sendable {
  public var size: Int64
  public var modified: Int64
  public var modifiedNanoseconds: Int64
  public var changed: Int64
  public var changedNanoseconds: Int64
  public var inode: Int64

  public init(size: Int64, modified: Int64, modifiedNanoseconds: Int64, changed: Int64, changedNanoseconds: Int64, inode: Int64) {
    self.size = size
    self.modified = modified
    self.modifiedNanoseconds = modifiedNanoseconds
    self.changed = changed
    self.changedNanoseconds = changedNanoseconds
    self.inode = inode
  }

  /// Whether both times are at least `seconds` before `now` (whole seconds; a time in the future is not settled).
  func isSettled(at now: Int64, seconds: Int64) -> Bool {
    max(modified, changed) + seconds < now
  }
}

/// A lesson file's head as the catalog needs it: its front matter (`nil` when the file has errors) and every
/// problem found reading it, as ``LessonParser/parseDeferringBody(bytes:file:)`` reports them.
public struct LessonHead: Equatable, Sendable {
  public var meta: LessonMeta?
  public var diagnostics: [LessonDiagnostic]

  public init(meta: LessonMeta?, diagnostics: [LessonDiagnostic]) {
    self.meta = meta
    self.diagnostics = diagnostics
  }

  /// Reads the head of a file's bytes.
  public init(bytes: [UInt8], file: String) {
    let (lesson, diagnostics) = LessonParser.parseDeferringBody(bytes: bytes, file: file)
    self.init(meta: lesson?.meta, diagnostics: diagnostics)
  }
}
