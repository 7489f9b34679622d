import TermGrid
import VirtioLessons

/// What the tutor reacts to. Keys are mapped to intents by ``KeyMap``; the reducer handles intents.
public enum TutorAction: Equatable, Sendable {
  /// A key was pressed.
  case keyPressed(Key)
  /// The terminal changed size.
  case resized(Size)
  /// An animation frame is due (only sent while something animates).
  case ticked
  /// `learn --watch`: the open lesson's file changed and parsed.
  case lessonReloaded(Lesson)
  /// `learn --watch`: the open lesson's file changed but has an error (`file:line:col: message`).
  case lessonReloadFailed(String)
}

/// What a key means, independent of which key it was.
public enum TutorIntent: Equatable, Sendable {
  case nextStep, previousStep, firstStep, lastStep
  /// A digit of a step number to go to (Enter goes there).
  case goToDigit(Int)
  /// `:` opens the go-to prompt (then digits and Enter).
  case goToPrompt
  case togglePlay, stepHop, stepEvent, stepEventBack, faster, slower, replay
  /// `,`: back one hop of a flow step (on a ring step, one event), to the frame `e` showed there.
  case stepHopBack
  case scrollUp, scrollDown
  /// `f`: the arrows and j/k scroll the lesson text or the event log.
  case toggleFocus
  /// `S`: the step's animation jumps to its end (paused).
  case endOfStep
  case openLessonIndex, openHelp, openExercise, toggleBlank, closeOverlay
  /// `x`: forget the current step's exercise result and predict again.
  case redoExercise
  /// `v`: the lesson's exercises, attempts and results.
  case openReview
  /// `c`: the sandbox command line on a ring step.
  case openSandbox
  case quit
  case none
}
