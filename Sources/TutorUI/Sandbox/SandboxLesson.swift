import VirtioLessons

/// The one-step lesson `virtio-tutor sandbox` opens: a fresh queue of the given size and format (split, or packed
/// with `packed: true`) on the ring view.
public enum SandboxLesson {
  public static func make(size: Int, packed: Bool = false) -> Lesson {
    let at = SourcePosition(file: "sandbox", line: 1, column: 1)
    let kind = packed ? "packed queue" : "queue"
    let step = LessonStep(
      title: "Sandbox", blocks: [.paragraph([.text("A \(kind) of \(size) descriptors, yours to drive. Type commands below (Tab completes, Esc leaves); docs/script-language.md lists them all.")])],
      scripts: [StepScript(source: "queue size=\(size)" + (packed ? " format=packed" : ""), position: at)], view: .ring, position: at)
    return Lesson(meta: LessonMeta(id: "sandbox", idPosition: at, title: "Sandbox"), steps: [step], file: "sandbox")
  }
}

extension TutorState {
  /// Opens the command line at once (for `virtio-tutor sandbox`); Esc then leaves it for the lesson screen.
  public mutating func openSandboxNow() { _ = openSandbox() }
}
