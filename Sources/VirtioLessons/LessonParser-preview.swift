/// The tutor's first frame from a part of the lesson: the front matter and the steps up to the one shown are parsed,
/// the steps after it are placeholders (issue 12 item 10: the first frame in 2× mdp's time; parsing a whole lesson
/// was half of it). The tutor replaces the preview with the whole lesson right after the first frame
/// (``complete(_:bytes:)``); `check` and every other command parse whole lessons as before.
extension LessonParser {
  /// The lesson in `bytes` parsed through step `step` (0-based): the file's prefix up to the `##` line after that
  /// step is parsed as a lesson of its own (so every position is the file's), and each later `##` line
  /// (``StepBoundaries``) becomes a placeholder step. Nil when a preview would not be the whole parse's beginning
  /// or would save nothing: the prefix has an error, parses to another number of steps than the scan expects, the
  /// body holds a construct the scan does not follow, or `step` is the last step. The caller then parses the
  /// whole lesson.
  public static func preview(bytes: [UInt8], file: String, through step: Int) -> Lesson? {
    guard bytes.count <= maxFileSize, step >= 0, let headEnd = FrontMatter.headLength(of: bytes) else { return nil }
    let headLines = bytes[..<headEnd].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    guard let scan = StepBoundaries.scan(bytes, from: headEnd, firstLine: headLines) else { return nil }
    let introduction = scan.introductionHasContent ? 1 : 0
    // The prefix ends at heading `cut` (0-based): before it stand the introduction and `cut` `##` steps.
    let cut = max(step + 1 - introduction, 0)
    guard cut < scan.headings.count else { return nil }
    let expected = introduction + cut
    let (parsed, _) = parse(bytes: Array(bytes[..<scan.headings[cut].offset]), file: file)
    guard let parsed, parsed.steps.count == expected, expected > step else { return nil }
    let placeholders = scan.headings[cut...].map { heading in
      LessonStep(title: heading.title, position: SourcePosition(file: file, line: heading.line, column: 1))
    }
    return Lesson(meta: parsed.meta, steps: parsed.steps + placeholders, file: file, previewed: expected)
  }

  /// The whole lesson a preview was made from (`bytes`: the same file contents): parsed, or, when the whole file
  /// has errors the preview's part did not, the lesson whose one step lists them (what opening it without a
  /// preview shows). A lesson that is not a preview is returned as it is.
  public static func complete(_ preview: Lesson, bytes: [UInt8]) -> Lesson {
    guard preview.previewedSteps != nil else { return preview }
    let (whole, _) = parse(bytes: bytes, file: preview.file)
    if let whole { return whole }
    return Lesson(meta: preview.meta, file: preview.file) { bodySteps(bytes: bytes, file: preview.file, meta: preview.meta) }
  }
}
