import TermGrid

/// Records lesson steps as an asciicast from the frames the terminal would show: the tutor's own reducer plays each
/// step (a step held for its exercise shows its held frame, then its question, then plays: predict, then watch),
/// ``TutorView`` renders every animation frame, and ``AnsiPainter`` writes what
/// the diff painter would paint. Times come from the animation (one frame interval per tick, then a pause on the
/// settled step). One marker per step, titled with its heading, right after the step's first frame, so
/// `asciinema play -m` stops on each step.
public enum LessonRecorder {
  /// Milliseconds a settled step stays on screen before the next one.
  public static let pauseMilliseconds = 1500

  /// Records steps `steps` (0-based, clamped) of the state's open lesson.
  public static func record(_ start: TutorState, steps: ClosedRange<Int>) -> Asciicast {
    var state = start
    var cast = Asciicast(
      width: state.screen.width, height: state.screen.height, title: "virtio-tutor: \(state.lesson.meta.title)",
      palette: state.theme.palette)
    let count = state.lesson.steps.count
    guard count > 0 else { return cast }
    let range = max(0, steps.lowerBound)...min(count - 1, max(0, steps.upperBound))
    // A clear screen at 0 and the first step a moment later: players skip a marker at time 0.
    cast.events.append(.init(milliseconds: 0, code: "o", data: AnsiPainter.clear))
    var time = 100
    var previous: CellGrid?
    state.play = PlayState()
    state.kioskSeconds = nil
    for index in range {
      state.overlay = nil
      state.stepIndex = index
      _ = state.arrive(animate: true)
      emit(&state, &cast, &previous, at: time)
      cast.events.append(.init(milliseconds: time, code: "m", data: "Step \(index + 1): \(state.lesson.steps[index].title)"))
      play(&state, &cast, &previous, time: &time)
      if state.heldForExercise {
        // Predict, then watch: the held frame with the question in its box, a pause to think, then the step plays.
        state.overlay = .exercise(state.freshPrompt())
        time += state.play.frameMilliseconds
        emit(&state, &cast, &previous, at: time)
        time += pauseMilliseconds
        state.overlay = nil
        state.skipExercise()
        state.notice = nil
        play(&state, &cast, &previous, time: &time)
      }
      time += pauseMilliseconds
    }
    return cast
  }

  /// Ticks the state until its step (or its held part) is settled, emitting every frame.
  static func play(_ state: inout TutorState, _ cast: inout Asciicast, _ previous: inout CellGrid?, time: inout Int) {
    var ticks = 0
    while !state.isSettled && ticks < 100_000 {
      time += state.play.frameMilliseconds
      _ = TutorReducer.reduce(&state, .ticked)
      emit(&state, &cast, &previous, at: time)
      ticks += 1
    }
  }

  static func emit(_ state: inout TutorState, _ cast: inout Asciicast, _ previous: inout CellGrid?, at time: Int) {
    let grid = TutorView.render(state)
    let data = previous.map { AnsiPainter.frame(grid, since: $0) } ?? AnsiPainter.firstFrame(grid)
    previous = grid
    if !data.isEmpty { cast.events.append(.init(milliseconds: time, code: "o", data: data)) }
  }
}

extension PlayState {
  /// Milliseconds between animation frames at the current speed.
  public var frameMilliseconds: Int { Int(Double(Self.baseFrameMilliseconds) / speed) }
}
