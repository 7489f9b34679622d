import VirtioLessons

/// The one-step lesson `virtio-tutor sandbox` opens: a fresh queue of the given size on the ring view.
public enum SandboxLesson {
  public static func make(size: Int) -> Lesson {
    let at = SourcePosition(file: "sandbox", line: 1, column: 1)
    let step = LessonStep(
      title: "Sandbox", blocks: [.paragraph([.text("A queue of \(size) descriptors, yours to drive. Type commands below (Tab completes, Esc leaves); docs/script-language.md lists them all.")])],
      scripts: [StepScript(source: "queue size=\(size)", position: at)], view: .ring, position: at)
    return Lesson(meta: LessonMeta(id: "sandbox", idPosition: at, title: "Sandbox"), steps: [step], file: "sandbox")
  }
}

extension TutorState {
  /// Opens the command line at once (for `virtio-tutor sandbox`); Esc then leaves it for the lesson screen.
  public mutating func openSandboxNow() { _ = openSandbox() }
}
