/// Where a lesson was in the catalog the last time the tutor built it: each lesson's id and file, in teaching
/// order, one line each (`id<TAB>file`). The tutor's start-up uses it to find the lesson it opens (and its number
/// and the lesson count for the title bar) without reading every lesson file; the catalog itself is built after
/// the first frame and replaces what the hint said.
///
/// A hint is never trusted for the lesson's content: the file it names is read and parsed, and used only when its
/// id is the one asked for. A stale hint (a lesson renamed, added, re-ordered) only makes the first frame's lesson
/// number, or in the worst case its lesson, differ from the catalog's, which the tutor corrects as soon as the
/// catalog is built. Nothing here touches the file system.
public enum LessonIndexHint {
  /// The first line of a hint file (the format's version).
  static let header = "virtio-tutor lesson index 1"

  /// Where the hint puts a lesson.
  public struct Entry: Equatable, Sendable {
    /// The lesson file (as the catalog names it: the directory joined with the file name).
    public var file: String
    /// The lesson's 0-based number in teaching order.
    public var position: Int
    /// How many lessons the catalog had.
    public var count: Int

    public init(file: String, position: Int, count: Int) {
      self.file = file
      self.position = position
      self.count = count
    }
  }

  /// The hint for `lessons` (the catalog, in order), or nil when an id or file name would not fit on a line.
  public static func encode(_ lessons: [Lesson]) -> [UInt8]? {
    var bytes = Array(header.utf8)
    bytes.append(newline)
    for lesson in lessons {
      let (id, file) = (lesson.id.utf8, lesson.file.utf8)
      guard !id.contains(where: isSeparator), !file.isEmpty, !file.contains(where: isSeparator) else { return nil }
      bytes += id
      bytes.append(tab)
      bytes += file
      bytes.append(newline)
    }
    return bytes
  }

  /// Where `hint` puts the lesson with id `id` (nil: the first lesson), or nil when it has no such lesson or is not
  /// a hint of this format. Looks at bytes only: one pass over the lines, no strings but the file found.
  public static func lookup(_ hint: [UInt8], id: String?) -> Entry? {
    hint.withUnsafeBufferPointer { buffer -> Entry? in
      let header = Array(Self.header.utf8)
      guard buffer.count > header.count, buffer[header.count] == newline,
        buffer[..<header.count].elementsEqual(header)
      else { return nil }
      let wanted = id.map { Array($0.utf8) }
      var start = header.count + 1
      var line = 0
      var found: (file: Range<Int>, position: Int)?
      while start < buffer.count {
        guard let end = buffer[start...].firstIndex(of: newline),
          let tabIndex = buffer[start..<end].firstIndex(of: tab), tabIndex > start, tabIndex + 1 < end
        else { return nil }
        if found == nil, wanted.map({ buffer[start..<tabIndex].elementsEqual($0) }) ?? true {
          found = (tabIndex + 1..<end, line)
        }
        line += 1
        start = end + 1
      }
      guard let found else { return nil }
      let file = String(decoding: UnsafeBufferPointer(rebasing: buffer[found.file]), as: UTF8.self)
      return Entry(file: file, position: found.position, count: line)
    }
  }

  private static let newline = UInt8(ascii: "\n")
  private static let tab = UInt8(ascii: "\t")
  private static func isSeparator(_ byte: UInt8) -> Bool { byte == newline || byte == tab }
}
