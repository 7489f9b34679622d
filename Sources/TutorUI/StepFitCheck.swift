import VirtioLessons

/// The `virtio-tutor check` hook: does a step fit the smallest supported screen with the tutor's own layout?
public enum StepFitCheck {
  /// A diagnostic when step `index` of `lesson` needs scrolling at 80×24, else nil.
  public static func diagnostic(_ lesson: Lesson, _ index: Int) -> LessonDiagnostic? {
    StepFit.check(lesson: lesson, stepIndex: index)
  }
}
