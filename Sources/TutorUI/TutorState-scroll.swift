extension TutorState {
  /// How far the lesson text of the current step can scroll at the current screen size.
  func lessonMaxScroll(_ state: TutorState) -> Int {
    LessonPane.maxScroll(lesson: state.lesson, stepIndex: state.stepIndex, screen: state.screen)
  }
}
