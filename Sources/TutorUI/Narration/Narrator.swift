import VirtioLessons

/// The linear, spoken form of the tutor, shared by the screen-reader mode (`--screen-reader`) and the plain text
/// printed when there is no terminal: each step as plain prose, then each event of its animation as one sentence
/// (``EventSentence``), then its exercise as numbered choices. Pure: values in, lines out.
public struct Narrator: Sendable {
  /// How the exercises say they are answered.
  public enum Mode: Sendable {
    /// The screen-reader session reads the answer from standard input.
    case interactive
    /// Printed once (no terminal): the footer says how to answer in plain mode.
    case printed
  }

  public var prose: PlainProse
  public var mode: Mode

  public init(prose: PlainProse, mode: Mode) {
    self.prose = prose
    self.mode = mode
  }

  /// The whole lesson, every step with its events and exercise: the plain fallback's output.
  public func lesson(_ lesson: Lesson) -> [String] {
    let playback = LessonPlayback(lesson: lesson)
    var out = [prose.shown(lesson.meta.title), String(repeating: "=", count: min(80, prose.shown(lesson.meta.title).count))]
    for index in lesson.steps.indices {
      out.append("")
      out += step(lesson, index)
      // Printed once, nobody answers: a step held for its exercise prints its prelude's events only (predict,
      // then watch: the rest is said after the answer, in the screen-reader mode).
      let exercise = lesson.steps[index].exercise
      let held = exercise?.holdsPlayback == true
      let shown = held ? playback.step(index).prefix(scripts: exercise?.prelude ?? 0) : playback.step(index)
      let events = self.events(shown, flow: lesson.view(forStep: index) == .flow)
      if !events.isEmpty { out += [""] + events }
      if let exercise { out += [""] + self.exercise(exercise, lesson: lesson, step: index) }
      if held { out += prose.wrapped(Self.heldPrinted, indent: "") }
    }
    return out
  }

  /// What the printed lesson says after the exercise of a held step.
  static let heldPrinted = "The rest of this step plays after the answer: answer it first, then watch what happens."

  /// `Step 2 of 4: title.` and the step's prose.
  public func step(_ lesson: Lesson, _ index: Int) -> [String] {
    guard lesson.steps.indices.contains(index) else { return [] }
    let step = lesson.steps[index]
    var out = prose.wrapped("Step \(index + 1) of \(lesson.steps.count): \(EventSentence.stripped(step.title)).", indent: "")
    let text = prose.lines(step.blocks)
    if !text.isEmpty { out += [""] + text }
    return out
  }

  /// What happens in the step, one sentence per event (per flow step in a flow view), after a count.
  public func events(_ playback: StepPlayback, flow: Bool) -> [String] {
    var out: [String] = []
    if flow, let run = playback.flow {
      out += prose.wrapped("What happens, in \(EventSentence.count(run.steps.count, "flow step")):", indent: "")
      for (i, step) in run.steps.enumerated() {
        out += prose.wrapped(EventSentence.sentence(step, index: i, count: run.steps.count), indent: "  ", first: "")
      }
    } else if !playback.events.isEmpty {
      out += prose.wrapped("What happens, in \(EventSentence.count(playback.events.count, "event")):", indent: "")
      for entry in playback.events {
        out += prose.wrapped(EventSentence.sentence(entry), indent: "  ", first: "")
      }
    }
    if let problem = playback.problem {
      out += prose.wrapped("The step's script stopped at line \(problem.line): \(problem.message).", indent: "")
    }
    return out
  }

  /// The exercise: question, choices numbered from 1 (or listed when they are numbers themselves), and how to
  /// answer in this mode.
  public func exercise(_ exercise: Exercise, lesson: Lesson, step: Int, answered: Bool = false) -> [String] {
    var out = prose.wrapped("Exercise: \(exercise.question)", indent: "")
    let numbered = ExerciseOverlay.choicesAreNumbered(exercise)
    for (i, choice) in exercise.choices.enumerated() {
      out += prose.wrapped(choice, indent: "     ", first: numbered ? "  \(i + 1). " : "  - ")
    }
    if let goal = exercise.goal {
      out += prose.wrapped(
        "This exercise is done in the sandbox of the full-screen tutor (press c there): reach the goal \(goal).",
        indent: "")
      return out
    }
    if answered { return out + ["You have answered this one."] }
    let how: String
    switch mode {
    case .interactive:
      how = exercise.choices.isEmpty
        ? "To answer, type a, then your answer."
        : numbered ? "To answer, type the number of your choice." : "To answer, type the value you choose."
    case .printed:
      let reply = exercise.choices.isEmpty ? "a and your answer" : numbered ? "the number of your choice" : "the value"
      return out + prose.wrapped("To answer in plain mode, run this command and type \(reply):", indent: "")
        + ["    virtio-tutor learn \(lesson.id) --step \(step + 1) --screen-reader"]
    }
    return out + prose.wrapped(how, indent: "")
  }
}
