/// A parsed lesson: front matter, steps, and the file it came from.
///
/// Built by ``LessonParser/parse(bytes:file:)``. A `Lesson` value always passed
/// the parser's checks: its text holds no control characters other than `\n`
/// and `\t`, and it has at least one step.
///
/// ```swift
/// let (lesson, diagnostics) = LessonParser.parse(bytes: Array(data), file: "Lessons/01-rings.md")
/// for d in diagnostics { print(d) }          // "Lessons/01-rings.md:3:1: error: …"
/// if let lesson { print(lesson.meta.title, lesson.steps.count) }
/// ```
public struct Lesson: Equatable, Hashable, Sendable, Identifiable {
  /// The front matter.
  public var meta: LessonMeta
  /// The steps, in file order; never empty. A lesson loaded with its body deferred parses it on first access.
  public var steps: [LessonStep] {
    get { body.steps }
    set { body = LessonBody(steps: newValue) }
  }
  /// The file name given to the parser.
  public var file: String
  /// Nil for a lesson parsed whole. For a preview (``LessonParser/preview(bytes:file:through:)``, what the tutor
  /// draws its first frame from), how many leading steps were parsed; the steps after them are placeholders (the
  /// title of their `##` line, nothing else) until the whole lesson replaces the preview. Not part of `==`.
  public private(set) var previewedSteps: Int?
  private var body: LessonBody

  /// Creates a lesson.
  public init(meta: LessonMeta, steps: [LessonStep], file: String) {
    self.meta = meta
    self.body = LessonBody(steps: steps)
    self.file = file
  }

  /// A preview: `steps` of which the first `previewed` were parsed.
  init(meta: LessonMeta, steps: [LessonStep], file: String, previewed: Int) {
    self.init(meta: meta, steps: steps, file: file)
    previewedSteps = previewed
  }

  /// A lesson whose body is parsed only when its steps are first read (``LessonLoader/load(_:deferringBodies:)``):
  /// the tutor opens one lesson and lists the others by their front matter.
  init(meta: LessonMeta, file: String, parseBody: @escaping @Sendable () -> [LessonStep]) {
    self.meta = meta
    self.body = LessonBody(parse: parseBody)
    self.file = file
  }

  public static func == (a: Lesson, b: Lesson) -> Bool { a.meta == b.meta && a.file == b.file && a.steps == b.steps }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(meta)
    hasher.combine(file)
    hasher.combine(steps)
  }

  /// The lesson id (``LessonMeta/id``).
  public var id: String { meta.id }

  /// The visualisation for step `index`: the step's own, else the lesson's, else ``LessonView/ring``.
  public func view(forStep index: Int) -> LessonView {
    guard steps.indices.contains(index) else { return meta.view ?? .ring }
    return steps[index].view ?? meta.view ?? .ring
  }

  /// Seconds before step `index` auto-advances: the step's own, else the lesson's; `nil` for never.
  public func advanceAfter(forStep index: Int) -> Double? {
    guard steps.indices.contains(index) else { return meta.autoAdvance }
    return steps[index].advanceAfter ?? meta.autoAdvance
  }
}
