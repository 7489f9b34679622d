import TermGrid
import VirtioLessons

/// Opening, typing into and leaving the sandbox command line.
extension TutorState {
  /// `c`: opens the command line on the current ring or memory step.
  mutating func openSandbox() -> [TutorEffect] {
    guard view == .ring || view == .memory || view == .pair, !lesson.steps.isEmpty else {
      notice = "the sandbox needs a ring step (this one shows \(view.rawValue))"
      return []
    }
    var prefix = lesson.meta.setup.map { [$0.source] } ?? []
    for step in lesson.steps.prefix(stepIndex + 1) { prefix += step.scripts.map(\.source) }
    sandbox = SandboxState(prefix: prefix, resume: (cursor, phase, heldForExercise, play.isPlaying, notice))
    play.isPlaying = true
    settle()
    notice = nil
    return []
  }

  /// Leaves the sandbox: the lesson step comes back exactly as it was.
  mutating func closeSandbox() {
    guard let resume = sandbox?.resume else { return }
    sandbox = nil
    cursor = resume.cursor
    phase = resume.phase
    play.isPlaying = resume.playing
    notice = resume.notice
  }

  mutating func handleSandboxKey(_ key: Key) -> [TutorEffect] {
    guard var box = sandbox else { return [] }
    switch key {
    case .ctrl("c"): return [.saveProgress, .quit]
    case .escape:
      closeSandbox()
      return []
    case .pageDown, .pageUp:
      closeSandbox()
      return handle(KeyMap.intent(for: key))
    case .enter:
      return submitSandbox()
    case .backspace:
      box.line = String(box.line.dropLast())
    case .tab:
      (box.line, box.candidates) = SandboxCompletion.complete(box.line, packed: box.session.packedQueue != nil)
      sandbox = box
      return []
    case .up, .down:
      box.browseHistory(back: key == .up)
    case .character(let c) where box.line.count < 200:
      box.line.append(c)
    default:
      return []
    }
    box.candidates = []
    sandbox = box
    return []
  }

  /// Runs the typed line: a `:` command of the sandbox itself, or a script command that the ring pane animates.
  mutating func submitSandbox() -> [TutorEffect] {
    guard var box = sandbox else { return [] }
    let typed = box.line.trimmingSpaces()
    box.line = ""
    box.historyIndex = nil
    box.candidates = []
    guard !typed.isEmpty else { return [] }
    if box.history.last != typed { box.history.append(typed) }
    if typed == ":quit" || typed == ":q" {
      sandbox = box
      closeSandbox()
      return []
    }
    if typed.hasPrefix(":save") {
      let path = typed.dropFirst(5).trimmingCharacters(in: " ")
      sandbox = box
      guard !path.isEmpty else {
        notice = "say where: :save FILE.virtio"
        return []
      }
      return [.writeScript(path: path, contents: box.script(header: "virtio-tutor sandbox: \(lesson.id) step \(stepIndex + 1)"))]
    }
    guard box.run(typed) else {
      sandbox = box
      return []
    }
    sandbox = box
    rewind()
    play.isPlaying = true
    return checkGoal()
  }

  /// Marks the current step's goal exercise right once the sandbox's engine satisfies its `goal:`.
  mutating func checkGoal() -> [TutorEffect] {
    guard let box = sandbox, let exercise = currentExercise, let goal = exercise.goal, box.satisfies(goal: goal) else { return [] }
    let key = LearnerProgress.exerciseKey(lesson: lesson.id, step: stepIndex)
    var result = progress.exercises[key] ?? LearnerProgress.ExerciseResult()
    guard !result.correct else { return [] }
    result.attempts += 1
    result.correct = true
    progress.exercises[key] = result
    notice = "goal reached: \(goal)" + (exercise.explain.map { ". \($0)" } ?? "")
    sandbox?.resume.held = false
    return [.saveProgress]
  }
}

extension SandboxState {
  /// ↑ goes back through the history, ↓ forward (past the newest: an empty line).
  mutating func browseHistory(back: Bool) {
    guard !history.isEmpty else { return }
    let index: Int? =
      back ? max(0, (historyIndex ?? history.count) - 1)
      : historyIndex.flatMap { $0 + 1 < history.count ? $0 + 1 : nil }
    historyIndex = index
    line = index.map { history[$0] } ?? ""
  }
}

extension Substring {
  func trimmingCharacters(in set: Character) -> String {
    String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
  }
}
