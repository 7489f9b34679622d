extension TutorState {
  /// Shows the step after `count` events with the last of them still animating: the field it writes is "now"
  /// (`virtio-tutor render --event N`). Up to the step's set-up (0 events, or none of the set-up's), the step's
  /// start, settled, as the step opens (``startCursor``).
  public mutating func show(litEvent count: Int) {
    show(event: count)
    if cursor > startCursor, lastPhase > 0 { phase = lastPhase - 1 }
  }
}
