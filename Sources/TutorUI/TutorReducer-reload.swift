import VirtioLessons

/// `learn --watch`: the open lesson's file changed and was parsed again (or failed to parse).
extension TutorState {
  /// Replaces the open lesson with `lesson` (same id or not), keeping the learner on the step with the same title,
  /// else the same number, else the nearest; the step shows settled.
  mutating func reload(_ lesson: Lesson) {
    let title = self.lesson.steps.indices.contains(stepIndex) ? self.lesson.steps[stepIndex].title : nil
    lessons[lessonIndex] = lesson
    playback = LessonPlayback(lesson: lesson)
    let sameTitle = title.flatMap { t in lesson.steps.firstIndex { $0.title == t } }
    stepIndex = sameTitle ?? min(stepIndex, max(0, lesson.steps.count - 1))
    overlay = nil
    sandbox = nil
    settle()
    clampScroll()
    notice = "reloaded \(lesson.file)"
  }
}
