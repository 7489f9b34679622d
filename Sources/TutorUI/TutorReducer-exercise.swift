import TermGrid
import VirtioLessons
import VirtioScript

/// The exercise box: typing (free text) or picking (↑/↓ or a number, for choices), checking, hints, the answer
/// revealed after the third wrong try, and redoing one exercise.
extension TutorState {
  /// Wrong tries after which the answer (and the explanation) is shown.
  public static let revealAfter = 3

  /// The prompt an exercise opens with: the first choice highlighted when it has choices.
  func freshPrompt() -> ExercisePrompt {
    ExercisePrompt(selected: currentExercise.map { $0.choices.isEmpty ? nil : 0 } ?? nil)
  }

  mutating func handleExerciseKey(_ key: Key, prompt: ExercisePrompt) -> [TutorEffect] {
    guard let exercise = currentExercise else {
      overlay = nil
      return []
    }
    if exercise.goal != nil {
      guard key == .character("c") else { return [] }
      overlay = nil
      return openSandbox()
    }
    if !exercise.choices.isEmpty { return handleChoiceKey(key, prompt: prompt, choices: exercise.choices) }
    var prompt = prompt
    switch key {
    case .backspace:
      prompt.input = String(prompt.input.dropLast())
      prompt.feedback = nil
    case .enter:
      return submitAnswer(prompt.input)
    case .character(let c) where prompt.input.count < 40 && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == " " || c == "|"):
      prompt.input += String(c)
      prompt.feedback = nil
    default:
      return []
    }
    overlay = .exercise(prompt)
    return []
  }

  /// Multiple choice: ↑/↓ (or k/j) move, Enter picks the highlighted one, a number picks at once (the choice's
  /// position when they are words, the choice itself when they are numbers). Letters do nothing.
  mutating func handleChoiceKey(_ key: Key, prompt: ExercisePrompt, choices: [String]) -> [TutorEffect] {
    var prompt = prompt
    let current = min(max(prompt.selected ?? 0, 0), choices.count - 1)
    switch key {
    case .up, .character("k"), .left:
      prompt.selected = max(0, current - 1)
    case .down, .character("j"), .right, .tab:
      prompt.selected = min(choices.count - 1, current + 1)
    case .enter, .character(" "):
      return submitAnswer(choices[current], selected: current)
    case .character(let c) where c.isASCII && c.isNumber:
      let digit = String(c)
      let index = ExerciseOverlay.choicesAreNumbered(choices)
        ? Int(digit).map { $0 - 1 } : choices.firstIndex { ExerciseAnswer(parsing: $0)?.matches(digit) == true }
      guard let index, choices.indices.contains(index) else { return [] }
      return submitAnswer(choices[index], selected: index)
    default:
      return []
    }
    overlay = .exercise(prompt)
    return []
  }

  /// Checks an answer against the exercise's expected value (computed by the engine when the exercise has a
  /// `check:`), records the attempt, and shows the verdict: right (with the explanation), wrong (with the hint), or
  /// wrong for the third time (with the answer and the explanation).
  mutating func submitAnswer(_ input: String, selected: Int? = nil) -> [TutorEffect] {
    guard let exercise = currentExercise else { return [] }
    let typed = input.trimmingSpaces()
    guard !typed.isEmpty else { return [] }
    let wasHeld = heldForExercise
    let correct = isCorrect(typed, for: exercise)
    let key = LearnerProgress.exerciseKey(lesson: lesson.id, step: stepIndex)
    var result = progress.exercises[key] ?? LearnerProgress.ExerciseResult()
    result.attempts += 1
    result.correct = result.correct || correct
    let wrongTries = correct ? 0 : result.attempts - (result.correct ? 1 : 0)
    let feedback: ExerciseFeedback
    if correct {
      feedback = .correct("\(typed) is right", explanation: exercise.explain)
    } else if wrongTries >= Self.revealAfter, let answer = expectedAnswer(for: exercise) {
      result.revealed = true
      feedback = ExerciseFeedback(.revealed, "\(typed) is not it. The answer is \(answer).", explanation: exercise.explain)
    } else {
      let left = Self.revealAfter - wrongTries
      let more = left == 1 ? " (one more try, then the answer is shown)" : ""
      feedback = .incorrect("\(typed) is not it" + (exercise.hint.map { ". Hint: \($0)" } ?? "") + more)
    }
    progress.exercises[key] = result
    overlay = .exercise(ExercisePrompt(input: selected == nil ? typed : "", selected: selected, feedback: feedback))
    if wasHeld && !heldForExercise {
      // Released: the step plays from where the hold stopped it (the end of its prelude) once the box closes.
      play.isPlaying = true
      notice = nil
    }
    return [.saveProgress]
  }

  /// The answer as the learner would type it: the engine's value of `check`, else the literal `answer`.
  func expectedAnswer(for exercise: Exercise) -> String? {
    let whole = wholeStepPlayback
    if let check = exercise.check, case .success(let value) = whole.after.evaluate(check, memory: whole.memoryAtEnd) {
      return EngineValue(value).text
    }
    return exercise.answer?.description
  }

  /// `x`: forgets this step's exercise result only, and shows the step again from its start, waiting for a new
  /// prediction.
  mutating func redoExercise() -> [TutorEffect] {
    guard currentExercise != nil else {
      notice = "this step has no exercise"
      return []
    }
    let key = LearnerProgress.exerciseKey(lesson: lesson.id, step: stepIndex)
    progress.exercises[key] = nil
    skippedExercises.remove(key)
    rewind()
    notice = "exercise reset: predict again, a answers"
    return [.saveProgress]
  }

  /// What the status line says on a step held for its exercise.
  static let heldNotice = "predict first: a answers; s skips the exercise and plays the step"

  /// What the caption (and the event log) says while a held step waits for its answer.
  static let heldCaption = "this step plays after the answer: answer the exercise (a) to watch it, or s to skip"

  /// What the status line says when kiosk mode skips a question nobody answered.
  static let kioskSkippedNotice = "not answered in time: skipped, the step plays (a still answers it)"

  /// Kiosk mode, when a held question has had the step's time: skips it as `s` would (for this run; the next
  /// round of the loop asks again), says so, and the step plays, then moves on after its time.
  mutating func kioskSkip() {
    skipExercise()
    advanceTicks = 0
    notice = Self.kioskSkippedNotice
  }

  /// `s` on a held step: skips its exercise (for this run) and lets the step play from where the hold stopped it.
  mutating func skipExercise() {
    guard heldForExercise else { return }
    skippedExercises.insert(LearnerProgress.exerciseKey(lesson: lesson.id, step: stepIndex))
    play.isPlaying = true
    notice = nil
  }
}

extension TutorState {
  /// The step as the tutor shows it right after its exercise is answered (`virtio-tutor render --answered`): a
  /// question answered right with the engine's answer (the exercise box with the verdict and the `explain:` text,
  /// the whole step played), a goal reached (the status line says so with the explanation, as the sandbox does).
  /// False when the step has no exercise, or its answer cannot be worked out (a `check:` the engine cannot
  /// evaluate).
  public mutating func showAnswered() -> Bool {
    guard let exercise = currentExercise else { return false }
    play.isPlaying = false
    if let goal = exercise.goal {
      let key = LearnerProgress.exerciseKey(lesson: lesson.id, step: stepIndex)
      progress.exercises[key] = LearnerProgress.ExerciseResult(attempts: 1, correct: true)
      notice = "goal reached: \(goal)" + (exercise.explain.map { ". \($0)" } ?? "")
      settle()
      return true
    }
    guard let answer = expectedAnswer(for: exercise) else { return false }
    let picked = exercise.choices.firstIndex { ExerciseAnswer(parsing: $0)?.matches(answer) == true }
    _ = submitAnswer(picked.map { exercise.choices[$0] } ?? answer, selected: picked)
    play.isPlaying = false
    settle()
    return exerciseAnswered
  }
}
