import TermGrid

/// The tutor's only loop: draw the state, wait for input (blocking when nothing animates, or until the next
/// animation frame), reduce, run effects. Generic over the backend, so it runs on curses and on
/// ``HeadlessTerminal`` in tests; a ``Terminal`` around the backend owns the previous frame and the diff.
public enum TutorProgram {
  /// Why the loop ended.
  public enum Exit: Equatable, Sendable {
    /// The learner quit.
    case quit
    /// A signal arrived (SIGINT, SIGTERM, SIGHUP); the caller exits with 128 + signal after restoring the terminal.
    case signal(Int32)
  }

  /// Runs until the learner quits or a signal arrives. `save` is called for every `saveProgress` effect and on
  /// exit; the error it returns (a failed save) is shown in the status line. For the UI benchmark, `maxFrames` stops after that many frames (or as soon as nothing animates), and
  /// `onFrame` is told each frame's number after it is drawn. `writeFile(path, contents)` writes a sandbox's
  /// `:save` and returns the line to show (saved, or why not). `watch.check` is asked at least every `watch.interval`
  /// whether the lesson file changed (`learn --watch`). `present.publish` is given the state after every change
  /// and at least every `present.interval` (`learn --present`: the notes followers are served without blocking).
  /// `afterFirstFrame` runs once, right after the first frame is drawn and before any input is read (the tutor's
  /// start-up builds its lesson catalog there); what it changes is drawn at once.
  public static func run<Backend: TerminalBackend>(
    _ state: inout TutorState, on backend: inout Backend, save: (LearnerProgress) -> String?, maxFrames: Int? = nil,
    onFrame: ((Int) -> Void)? = nil, writeFile: ((String, String) -> String)? = nil,
    watch: (interval: Duration, check: (TutorState) -> TutorAction?)? = nil,
    present: (interval: Duration, publish: (TutorState) -> Void)? = nil,
    afterFirstFrame: ((inout TutorState) -> Void)? = nil
  ) throws -> Exit {
    var terminal = Terminal(backend)
    defer { backend = terminal.backend }
    state.screen = terminal.size
    var frames = 0
    while true {
      try terminal.draw(TutorView.render(state))
      frames += 1
      onFrame?(frames)
      if frames == 1, let afterFirstFrame {
        afterFirstFrame(&state)
        try terminal.draw(TutorView.render(state))
      }
      if let maxFrames, frames >= maxFrames || state.nextTick == nil { return .quit }
      present?.publish(state)
      let tick = state.nextTick
      var timeout = watch.map { w in tick.map { min($0, w.interval) } ?? w.interval } ?? tick
      if let present { timeout = timeout.map { min($0, present.interval) } ?? present.interval }
      let event = try terminal.nextInput(timeout: timeout)
      var effects: [TutorEffect] = []
      if let watch, let change = watch.check(state) { effects += TutorReducer.reduce(&state, change) }
      switch event {
      case nil:
        if tick != nil { effects += TutorReducer.reduce(&state, .ticked) }
      case .key(let key)?:
        effects += TutorReducer.reduce(&state, .keyPressed(key))
      case .resize(let size)?:
        effects += TutorReducer.reduce(&state, .resized(size))
      case .signal(let number)?:
        _ = save(state.progress)
        return .signal(number)
      }
      for effect in effects {
        switch effect {
        case .saveProgress:
          if let failure = save(state.progress) { state.show(notice: failure) }
        case .quit: return .quit
        case .writeScript(let path, let contents):
          state.show(notice: writeFile?(path, contents) ?? "no file writing here")
        }
      }
    }
  }
}
