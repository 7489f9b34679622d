/// The lessons available to the tutor, in teaching order.
///
/// Ordered by front matter `order` (lessons without one come last), then by
/// file name (the last path component, byte order), then by full path. Ids
/// must be unique: ``init(lessons:)`` reports each duplicate as an error at
/// the later lesson's `id` (or `file:1:1` when the id comes from the file name)
/// and keeps the first lesson with that id.
public struct LessonCatalog: Equatable, Sendable {
  /// The lessons, in order.
  public private(set) var lessons: [Lesson]

  /// Orders `lessons` and checks their ids.
  ///
  /// - Returns: the catalog and one error per duplicate id.
  public static func make(lessons: [Lesson]) -> (LessonCatalog, [LessonDiagnostic]) {
    let ordered = lessons.sorted(by: Self.precedes)
    var seen: [String: Lesson] = [:]
    var kept: [Lesson] = []
    var diagnostics: [LessonDiagnostic] = []
    for lesson in ordered {
      if let first = seen[lesson.id] {
        diagnostics.append(
          .error("duplicate lesson id '\(lesson.id)' (also used by \(first.file))", at: lesson.meta.idPosition))
      } else {
        seen[lesson.id] = lesson
        kept.append(lesson)
      }
    }
    return (LessonCatalog(ordered: kept), diagnostics)
  }

  /// An empty catalog.
  public init() { lessons = [] }

  private init(ordered: [Lesson]) { lessons = ordered }

  /// The lesson with `id`, if any.
  public func lesson(id: String) -> Lesson? { lessons.first { $0.id == id } }

  /// Whether `a` comes before `b` in teaching order.
  public static func precedes(_ a: Lesson, _ b: Lesson) -> Bool {
    switch (a.meta.order, b.meta.order) {
    case (let x?, let y?) where x != y: return x < y
    case (.some, nil): return true
    case (nil, .some): return false
    default: break
    }
    let (na, nb) = (fileName(a.file), fileName(b.file))
    if na != nb { return na.utf8.lexicographicallyPrecedes(nb.utf8) }
    return a.file.utf8.lexicographicallyPrecedes(b.file.utf8)
  }

  /// What follows the last `/` (a byte search: `/` is ASCII, so the index is a character boundary).
  private static func fileName(_ path: String) -> Substring {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return Substring(path) }
    return path[path.utf8.index(after: slash)...]
  }
}
