/// Splits a lesson body into steps.
///
/// Every top-level level-2 heading starts a step titled with its text.
/// Content before the first one (other than a first level-1 heading) forms an
/// introductory step when it has anything to show or run. Directives,
/// scripts and the exercise attach to the step they appear in.
struct StepBuilder {
  private struct Draft {
    var title: String?
    var position: SourcePosition
    var isIntroduction: Bool
    var blocks: [MarkdownBlock] = []
    var scripts: [StepScript] = []
    var notes: [String] = []
    var exercise: Exercise?
    var view: LessonView?
    var noPictureReason: String?
    var advanceAfter: Double?
    var directives: [SourcePosition] = []
    /// An exercise block was there, even if it had errors.
    var hadExercise = false
  }

  private let source: SourceText
  private let lessonTitle: String
  private var draft: Draft
  private(set) var steps: [LessonStep] = []
  private(set) var diagnostics: [LessonDiagnostic] = []

  /// - Parameters:
  ///   - bodyStart: the first line after the front matter.
  init(source: SourceText, lessonTitle: String, bodyStart: Int) {
    self.source = source
    self.lessonTitle = lessonTitle
    self.draft = Draft(position: source.position(line: bodyStart), isIntroduction: true)
  }

  /// Builds the steps of `elements`.
  static func build(
    _ elements: [BodyElement], source: SourceText, lessonTitle: String, bodyStart: Int
  ) -> ([LessonStep], [LessonDiagnostic]) {
    var builder = StepBuilder(source: source, lessonTitle: lessonTitle, bodyStart: bodyStart)
    for element in elements { builder.add(element) }
    builder.flush()
    if builder.steps.isEmpty {
      builder.diagnostics.append(
        .error(
          "lesson has no steps: write text after the front matter and start each step with '## Title'",
          at: source.position(line: bodyStart)))
    }
    return (builder.steps, builder.diagnostics)
  }

  private mutating func add(_ element: BodyElement) {
    switch element {
    case .block(.heading(level: 2, let inlines), let at):
      flush()
      let title = inlines.plainText.trimmingWhitespace()
      if title.isEmpty { diagnostics.append(.error("step heading is empty", at: at)) }
      draft = Draft(title: title, position: at, isIntroduction: false)
    case .block(.heading(level: 1, let inlines), let at)
    where draft.isIntroduction && draft.title == nil && draft.blocks.isEmpty:
      draft.title = inlines.plainText.trimmingWhitespace()
      draft.position = at
    case .block(let block, let at):
      if draft.isIntroduction && draft.blocks.isEmpty && draft.title == nil { draft.position = at }
      draft.blocks.append(block)
    case .script(let script):
      draft.scripts.append(script)
    case .exercise(let text, let fence, let firstLine):
      addExercise(text: text, fence: fence, firstLine: firstLine)
    case .comment(let lines, let at):
      let (directive, problems) = DirectiveParser.parse(lines: lines, position: at, source: source)
      diagnostics += problems
      if let directive { apply(directive, at: at) }
    }
  }

  private mutating func addExercise(text: String, fence: SourcePosition, firstLine: Int) {
    let (exercise, problems) = ExerciseParser.parse(text: text, fence: fence, firstLine: firstLine)
    diagnostics += problems
    defer { draft.hadExercise = true }
    if draft.hadExercise {
      diagnostics.append(.error("a step has at most one exercise", at: fence))
    } else if let exercise {
      draft.exercise = exercise
    }
  }

  private mutating func apply(_ directive: Directive, at: SourcePosition) {
    draft.directives.append(at)
    switch directive {
    case .note(let text):
      draft.notes.append(text)
    case .view(let view, let reason):
      if draft.view != nil { diagnostics.append(.error("'view' given twice in one step", at: at)) }
      draft.view = view
      draft.noPictureReason = reason
    case .replay(let name):
      // The recording runs where the directive stands, before the step's later scripts (their expects check it).
      if let source = RecordedRun.script(named: name) {
        draft.scripts.append(StepScript(source: source, position: RecordedRun.position(named: name)))
      }
    case .advance(let seconds):
      if draft.advanceAfter != nil { diagnostics.append(.error("'advance' given twice in one step", at: at)) }
      draft.advanceAfter = seconds
    }
  }

  private mutating func flush() {
    let hasContent = !draft.blocks.isEmpty || !draft.scripts.isEmpty || draft.hadExercise
    if draft.isIntroduction && !hasContent {
      if let first = draft.directives.first {
        diagnostics.append(
          .warning("ignored: a directive before the first '##' step applies only to introductory text", at: first))
      }
      return
    }
    let title = draft.title ?? lessonTitle
    if !hasContent {
      diagnostics.append(.warning("step '\(title.shown)' has nothing to show", at: draft.position))
    }
    if let exercise = draft.exercise, exercise.prelude > 0, exercise.prelude >= draft.scripts.count {
      let scripts = draft.scripts.count == 1 ? "1 script" : "\(draft.scripts.count) scripts"
      diagnostics.append(
        .error("exercise 'prelude' is \(exercise.prelude) but the step has \(scripts): at least one must play after the answer",
          at: exercise.preludePosition ?? exercise.position))
    }
    steps.append(
      LessonStep(
        title: title, blocks: draft.blocks, scripts: draft.scripts, notes: draft.notes,
        exercise: draft.exercise, view: draft.view, noPictureReason: draft.noPictureReason,
        advanceAfter: draft.advanceAfter, position: draft.position))
  }
}
