/// Entry points the CLI uses to set up a state before the first frame (also used by `render`).
extension TutorState {
  /// Shows a one-line notice in the status line (e.g. a progress-file warning).
  public mutating func show(notice: String) { self.notice = notice }

  /// Pauses the step's animation after `count` units (events, or flow steps in a flow view), settled.
  public mutating func show(event count: Int) {
    play.isPlaying = false
    cursor = min(max(count, 0), animationLength)
    phase = cursor == 0 ? 0 : lastPhase
  }

  /// Plays at the fastest speed from the start of the step (the UI benchmark animates without input).
  public mutating func setFastestPlayback() {
    play.speedIndex = PlayState.speeds.count - 1
    play.isPlaying = true
    rewind()
  }

  /// Opens an overlay by name: `help`, `index`, `exercise`, `review` or `blank`.
  public mutating func open(overlayNamed name: String) throws(OverlayNameError) {
    switch name {
    case "help": overlay = .help
    case "index": overlay = .lessonIndex(selected: lessonIndex)
    case "exercise": overlay = currentExercise == nil ? nil : .exercise(freshPrompt())
    case "review": overlay = .review
    case "blank": overlay = .blank
    default: throw OverlayNameError(name: name)
    }
  }
}

/// An unknown overlay name.
public struct OverlayNameError: Error, CustomStringConvertible {
  public let name: String
  public var description: String { "unknown overlay '\(name)'; choose help, index, exercise, review or blank" }
}
