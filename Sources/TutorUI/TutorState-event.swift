extension TutorState {
  /// Shows the step after `count` events with the last of them still animating: the field it writes is "now"
  /// (`virtio-tutor render --event N`). With 0 events, the step's start.
  public mutating func show(litEvent count: Int) {
    show(event: count)
    if cursor > 0, lastPhase > 0 { phase = lastPhase - 1 }
  }
}
