/// Parses a set of lesson files (already read by the caller) into a catalog.
///
/// The CLI finds the directory (see ``LessonSearchPath``), lists it, reads the
/// files ``isLessonFileName(_:)`` accepts, and hands their bytes here. Nothing
/// here touches the file system.
///
/// ```swift
/// let files = names.filter(LessonLoader.isLessonFileName).map { (name: dir + "/" + $0, bytes: read($0)) }
/// let result = LessonLoader.load(files)
/// result.diagnostics.forEach { print($0) }
/// ```
public enum LessonLoader {
  /// What loading a directory produced.
  public struct Result: Equatable, Sendable {
    /// The lessons that parsed without errors, in teaching order, ids unique.
    public var catalog: LessonCatalog
    /// Every problem in every file, grouped by file (in the order given), then by position.
    public var diagnostics: [LessonDiagnostic]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains(where: \.isError) }
  }

  /// Parses each file and builds the catalog.
  ///
  /// - Parameter files: `name` is used in positions (pass the path to show).
  /// - Parameter deferringBodies: read only each file's front matter now and parse a lesson's body when its steps
  ///   are first read (the tutor's start-up: it shows one lesson); `check` and the other commands parse everything.
  public static func load(_ files: [(name: String, bytes: [UInt8])], deferringBodies: Bool = false) -> Result {
    var lessons: [Lesson] = []
    var diagnostics: [LessonDiagnostic] = []
    for file in files {
      let (lesson, problems) = deferringBodies
        ? LessonParser.parseDeferringBody(bytes: file.bytes, file: file.name)
        : LessonParser.parse(bytes: file.bytes, file: file.name)
      diagnostics += problems
      if let lesson { lessons.append(lesson) }
    }
    let (catalog, duplicates) = LessonCatalog.make(lessons: lessons)
    return Result(catalog: catalog, diagnostics: diagnostics + duplicates)
  }

  /// Builds the catalog from heads already read (``LessonHeadCache``): a lesson's body is parsed when its steps are
  /// first read, from `bytes` when given, else from what `read` returns for its file then (`nil`: it could not be
  /// read, and the lesson's one step says so).
  public static func load(
    heads: [(name: String, head: LessonHead, bytes: [UInt8]?)], read: @escaping @Sendable (String) -> [UInt8]?
  ) -> Result {
    var lessons: [Lesson] = []
    var diagnostics: [LessonDiagnostic] = []
    for (name, head, bytes) in heads {
      diagnostics += head.diagnostics
      guard let meta = head.meta else { continue }
      lessons.append(
        Lesson(meta: meta, file: name) {
          guard let bytes = bytes ?? read(name) else { return LessonParser.unreadableSteps(file: name, meta: meta) }
          return LessonParser.bodySteps(bytes: bytes, file: name, meta: meta)
        })
    }
    let (catalog, duplicates) = LessonCatalog.make(lessons: lessons)
    return Result(catalog: catalog, diagnostics: diagnostics + duplicates)
  }

  /// Whether a directory entry is a lesson: ends in `.md` (any case), does not
  /// start with `.` or `_`, and is not `README.md` (any case).
  public static func isLessonFileName(_ name: String) -> Bool {
    if let ascii = isASCIILessonFileName(name) { return ascii }
    let base = name.split(separator: "/").last.map(String.init) ?? name
    let lower = base.lowercased()
    return lower.hasSuffix(".md") && lower.count > 3 && !base.hasPrefix(".") && !base.hasPrefix("_")
      && lower != "readme.md"
  }

  /// ``isLessonFileName(_:)`` over the bytes of an ASCII name (the `Character`-based rule cost 18 k instructions a
  /// name: a fifth of a warm start-up with 1,200 lessons); nil for any other name.
  static func isASCIILessonFileName(_ name: String) -> Bool? {
    let bytes = Array(name.utf8)
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
    var end = bytes.count
    while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
    guard end > 0 else { return false }
    let start = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
    let base = bytes[start..<end].map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    let first = bytes[start]
    return base.count > 3 && base.suffix(3).elementsEqual(".md".utf8) && first != UInt8(ascii: ".")
      && first != UInt8(ascii: "_") && !base.elementsEqual("readme.md".utf8)
  }
}
