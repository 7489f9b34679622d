/// Turns a lesson file's bytes into a ``Lesson`` and a list of problems.
///
/// Pure and total: it never traps and never reads files, whatever the bytes
/// (binary data, invalid UTF-8, no front matter, huge lines). The pipeline:
/// check the bytes (``TextScanner``) → split off the front matter and decode it
/// with Yams → parse the body with cmark-gfm into ``MarkdownBlock``s → split it
/// into steps, reading directives, scripts and exercises.
///
/// ```swift
/// let (lesson, diagnostics) = LessonParser.parse(bytes: bytes, file: "Lessons/01-rings.md")
/// diagnostics.forEach { print($0) }   // "Lessons/01-rings.md:2:1: error: unknown key 'titel'; did you mean 'title'?"
/// ```
public enum LessonParser {
  /// The largest file accepted, in bytes (1 MiB; lessons are a few KiB).
  public static let maxFileSize = 1 << 20

  /// Parses a lesson.
  ///
  /// - Parameters:
  ///   - bytes: the file's contents.
  ///   - file: the name to use in positions and to derive the default id from.
  /// - Returns: the lesson, or `nil` if there is any error; and every problem
  ///   found (errors and warnings), sorted by position.
  public static func parse(bytes: [UInt8], file: String) -> (Lesson?, [LessonDiagnostic]) {
    let head: Head
    switch readHead(bytes: bytes, file: file) {
    case .failure(let problems): return (nil, problems.diagnostics)
    case .success(let h): head = h
    }
    let (source, frontMatter, meta) = (head.source, head.frontMatter, head.meta)
    var diagnostics = head.diagnostics
    let bodyStart = frontMatter.closingLine + 1
    let body = source.lines.dropFirst(frontMatter.closingLine).joinedText(separator: "\n")
    let (elements, markdownProblems) = MarkdownConverter.convert(
      body: body, source: source, lineOffset: frontMatter.closingLine)
    diagnostics += markdownProblems
    let (steps, stepProblems) = StepBuilder.build(
      elements, source: source, lessonTitle: meta?.title ?? "", bodyStart: bodyStart)
    diagnostics += stepProblems
    diagnostics += unexplainedEmptyPanes(steps, lessonView: meta?.view)

    diagnostics = sorted(diagnostics)
    guard let meta, !diagnostics.contains(where: \.isError) else { return (nil, diagnostics) }
    return (Lesson(meta: meta, steps: steps, file: file), diagnostics)
  }

  /// Reads only the front matter (and checks the bytes and the limits); the body is parsed when the lesson's
  /// steps are first read. A body with errors then becomes one step that lists them (`file:line:col: message`),
  /// so a broken lesson opened in the tutor says what is wrong instead of vanishing.
  /// Only the bytes up to the closing fence are checked now (``FrontMatter/headLength(of:)``): the catalog's cost
  /// does not grow with the lessons' bodies.
  public static func parseDeferringBody(bytes: [UInt8], file: String) -> (Lesson?, [LessonDiagnostic]) {
    let head = FrontMatter.headLength(of: bytes).map { Array(bytes[..<$0]) } ?? bytes
    guard bytes.count <= maxFileSize else { return parse(bytes: bytes, file: file) }
    switch readHead(bytes: head, file: file) {
    case .failure(let problems): return (nil, problems.diagnostics)
    case .success(let head):
      let diagnostics = sorted(head.diagnostics)
      guard let meta = head.meta, !diagnostics.contains(where: \.isError) else { return (nil, diagnostics) }
      return (Lesson(meta: meta, file: file) { bodySteps(bytes: bytes, file: file, meta: meta) }, diagnostics)
    }
  }

  /// The steps of a lesson whose front matter is known to be good, or one step listing the body's errors.
  static func bodySteps(bytes: [UInt8], file: String, meta: LessonMeta) -> [LessonStep] {
    let (lesson, diagnostics) = parse(bytes: bytes, file: file)
    if let lesson { return lesson.steps }
    let errors = diagnostics.filter(\.isError).prefix(20).map { MarkdownBlock.paragraph([.code("\($0)")]) }
    let intro = MarkdownBlock.paragraph([.text("This lesson has errors; run "), .code("virtio-tutor check \(file)"), .text(":")])
    return [LessonStep(title: meta.title, blocks: [intro] + errors, position: SourcePosition(file: file, line: 1, column: 1))]
  }

  /// The one step of a lesson whose file could no longer be read when its body was wanted.
  static func unreadableSteps(file: String, meta: LessonMeta) -> [LessonStep] {
    let text = MarkdownBlock.paragraph([.text("This lesson's file can no longer be read: "), .code(file)])
    return [LessonStep(title: meta.title, blocks: [text], position: SourcePosition(file: file, line: 1, column: 1))]
  }

  /// What every parse reads first: the checked text, the front matter's place and its decoded keys.
  struct Head {
    var source: SourceText
    var frontMatter: FrontMatter
    var meta: LessonMeta?
    var diagnostics: [LessonDiagnostic]
  }

  /// Problems that stop a parse before the body.
  struct HeadProblems: Error { var diagnostics: [LessonDiagnostic] }

  static func readHead(bytes: [UInt8], file: String) -> Result<Head, HeadProblems> {
    let start = SourcePosition(file: file, line: 1, column: 1)
    guard bytes.count <= maxFileSize else {
      return .failure(HeadProblems(diagnostics: [.error("not a lesson: the file is \(bytes.count) bytes; a lesson may be at most 1 MiB", at: start)]))
    }
    let (text, textProblems) = TextScanner.scan(bytes, file: file)
    let source = SourceText(text: text, file: file)
    if let tooBig = LessonLimits.check(source) { return .failure(HeadProblems(diagnostics: sorted(textProblems + [tooBig]))) }
    guard let firstLine = source.lines.first, FrontMatter.isFence(firstLine) else {
      return .failure(HeadProblems(diagnostics: [.error(notALessonMessage(bytes: bytes, text: text, problems: textProblems), at: start)]))
    }
    guard let frontMatter = FrontMatter.locate(in: source) else {
      let message = "front matter is never closed: add a '---' line after its last key"
      return .failure(HeadProblems(diagnostics: sorted(textProblems + [.error(message, at: start)])))
    }
    let (meta, metaProblems) = FrontMatterDecoder.decode(
      source: source, frontMatter: frontMatter, defaultID: LessonID.derive(fromFile: file))
    return .success(Head(source: source, frontMatter: frontMatter, meta: meta, diagnostics: textProblems + metaProblems))
  }

  /// Parses a lesson held in a string (a convenience for tests and tools).
  public static func parse(text: String, file: String) -> (Lesson?, [LessonDiagnostic]) {
    parse(bytes: Array(text.utf8), file: file)
  }

  /// Why a file whose first line is not `---` is not a lesson.
  private static func notALessonMessage(bytes: [UInt8], text: String, problems: [LessonDiagnostic]) -> String {
    if text.allSatisfy(\.isWhitespace) {
      return "not a lesson: the file is empty (a lesson starts with a '---' line opening its front matter)"
    }
    if bytes.contains(0) || problems.contains(where: { $0.message.hasPrefix("invalid UTF-8") }) {
      return "not a lesson: the file holds binary data, not UTF-8 text"
    }
    return "not a lesson: the first line must be '---', opening the front matter (title: …)"
  }

  /// A step without a picture says why (issue 12: no empty right pane unless the text is about something that has
  /// no picture, and the lesson says which).
  static func unexplainedEmptyPanes(_ steps: [LessonStep], lessonView: LessonView?) -> [LessonDiagnostic] {
    steps.filter { ($0.view ?? lessonView ?? .ring) == .none && $0.noPictureReason == nil }.map { step in
      .warning(
        "step '\(step.title.shown)' has no picture: choose one with '<!-- view: … -->' or say why with "
          + "'<!-- view: none: the reason -->'", at: step.position)
    }
  }

  /// Sorted by line, then column; stable otherwise.
  static func sorted(_ diagnostics: [LessonDiagnostic]) -> [LessonDiagnostic] {
    diagnostics.enumerated().sorted { a, b in
      let (pa, pb) = (a.element.position, b.element.position)
      if pa.line != pb.line { return pa.line < pb.line }
      if pa.column != pb.column { return pa.column < pb.column }
      return a.offset < b.offset
    }.map(\.element)
  }
}
