import TermGrid
import VirtioLessons

/// The tutor's update function: `(state, action) → (state', effects)`. Pure; each case calls one named helper.
public enum TutorReducer {
  /// Applies `action` to `state` and returns the effects to run.
  public static func reduce(_ state: inout TutorState, _ action: TutorAction) -> [TutorEffect] {
    switch action {
    case .resized(let size):
      state.screen = size
      state.clampScroll()
      return []
    case .ticked:
      return state.tick()
    case .lessonReloaded(let lesson):
      state.reload(lesson)
      return []
    case .lessonReloadFailed(let message):
      state.notice = message
      return []
    case .keyPressed(let key):
      if let overlay = state.overlay { return state.handleOverlayKey(key, overlay) }
      if state.sandbox != nil { return state.handleSandboxKey(key) }
      if state.goTo != nil { return state.handleGoToKey(key) }
      return state.handle(KeyMap.intent(for: key))
    }
  }
}

extension TutorState {
  mutating func handle(_ intent: TutorIntent) -> [TutorEffect] {
    switch intent {
    case .nextStep: return goToStep(stepIndex + 1, animate: true)
    case .previousStep: return goToStep(stepIndex - 1, animate: false)
    case .firstStep: return goToStep(0, animate: true)
    case .lastStep: return goToStep(lesson.steps.count - 1, animate: true)
    case .goToDigit(let digit): goTo = String(digit)
    case .goToPrompt: goTo = ""
    case .togglePlay: togglePlay()
    case .stepHop: stepHop()
    case .stepEvent: stepEvent(forward: true)
    case .stepEventBack: stepEvent(forward: false)
    case .stepHopBack: stepHopBack()
    case .faster: play.speedIndex = min(play.speedIndex + 1, PlayState.speeds.count - 1)
    case .slower: play.speedIndex = max(play.speedIndex - 1, 0)
    case .replay:
      rewind()
      play.isPlaying = true
    case .scrollUp: focus == .log ? scrollLog(by: 1) : scrollBy(-1)
    case .scrollDown: focus == .log ? scrollLog(by: -1) : scrollBy(1)
    case .toggleFocus:
      focus = focus == .lesson ? .log : .lesson
      notice = focus == .log ? "event log focused: ↑/↓ scroll it, f returns to the text" : nil
    case .endOfStep:
      play.isPlaying = false
      settle()
    case .openLessonIndex: overlay = .lessonIndex(selected: lessonIndex)
    case .openHelp: overlay = .help
    case .openExercise:
      if lesson.steps.indices.contains(stepIndex), lesson.steps[stepIndex].exercise != nil {
        overlay = .exercise(freshPrompt())
      } else {
        notice = "this step has no exercise"
      }
    case .toggleBlank:
      underBlank = nil
      overlay = .blank
    case .closeOverlay: notice = nil
    case .redoExercise: return redoExercise()
    case .openReview: overlay = .review
    case .openSandbox: return openSandbox()
    case .quit: return [.saveProgress, .quit]
    case .none: break
    }
    return []
  }

  /// Moves to a step. Forward moves play the step's animation; backward moves show the step's end state at
  /// once (the engine state is the one recorded for that step: deterministic replay). Past a lesson's last step
  /// the next lesson opens at its first step; before the first step, the previous lesson at its last.
  mutating func goToStep(_ index: Int, animate: Bool) -> [TutorEffect] {
    guard !lesson.steps.isEmpty else { return [] }
    guard index < lesson.steps.count else {
      guard lessonIndex + 1 < lessons.count else {
        notice = "last step of the last lesson: press i for the lesson index"
        return []
      }
      return enterLesson(lessonIndex + 1, step: 0, animate: animate)
    }
    guard index >= 0 else {
      guard lessonIndex > 0 else {
        notice = "first step of the first lesson"
        return []
      }
      return enterLesson(lessonIndex - 1, step: .max, animate: false)
    }
    guard index != stepIndex else { return [] }
    stepIndex = index
    return arrive(animate: animate)
  }

  /// Shows the (new) current step from its start (`animate`) or at its recorded end, and saves the position.
  mutating func arrive(animate: Bool) -> [TutorEffect] {
    scroll = 0
    logScroll = 0
    notice = nil
    advanceTicks = 0
    if heldForExercise { notice = Self.heldNotice }
    if animate {
      rewind()
      if !heldForExercise, !play.isPlaying, animationLength > startCursor {
        notice = "paused: s plays this step, e one event, S its end"
      }
    } else {
      settle()
    }
    recordPosition()
    return [.saveProgress]
  }

  mutating func togglePlay() {
    if heldForExercise {
      skipExercise()
      return
    }
    play.isPlaying.toggle()
    if play.isPlaying && isSettled && animationLength > 0 && autoAdvanceSeconds == nil { rewind() }
  }

  /// Single-steps one animation unit, a whole ring event or flow step (pausing playback).
  mutating func stepEvent(forward: Bool) {
    play.isPlaying = false
    if forward {
      if cursor == 0 || phase >= lastPhase {
        guard cursor < animationLength else { return }
        cursor += 1
      }
      phase = lastPhase
    } else {
      cursor = max(startCursor, cursor - (phase >= lastPhase ? 1 : 0))
      phase = cursor == 0 ? 0 : lastPhase
    }
  }

  /// Single-steps one hop of a flow step (the next hop's arrow drawn whole), into the next flow step after the
  /// last hop; on a ring step a hop is a whole event (pausing playback).
  mutating func stepHop() {
    play.isPlaying = false
    if cursor == 0 || phase >= lastPhase {
      guard cursor < animationLength else { return }
      cursor += 1
      phase = min(phasesPerHop - 1, lastPhase)
      return
    }
    phase = min((phase / phasesPerHop + 1) * phasesPerHop + phasesPerHop - 1, lastPhase)
  }

  /// Steps back one hop: to the last hop-settled frame before the current one, exactly the frame ``stepHop()``
  /// showed there (a hop's last frame; the previous flow step's last hop; before the first unit, the step's start).
  /// On a ring step a hop is a whole event. Pauses playback.
  mutating func stepHopBack() {
    play.isPlaying = false
    let perHop = phasesPerHop
    let current = min(cursor, animationLength)
    if current > 0, phase >= perHop {
      cursor = current
      phase = ((phase - perHop) / perHop) * perHop + perHop - 1
      return
    }
    cursor = max(startCursor, current - 1)
    phase = cursor == 0 ? 0 : lastPhase
  }

  mutating func tick() -> [TutorEffect] {
    guard play.isPlaying, overlay == nil else { return [] }
    if !isSettled {
      // The step's own units: its set-up (``startCursor``) is on screen from the first frame and not played.
      let own = animationLength - startCursor
      if own > PlayState.summaryThreshold, cursor - startCursor >= PlayState.summaryPlayed, phase >= lastPhase {
        let played = cursor - startCursor
        settle()
        // The stepping keys as the one key table spells them (e , E ] [ today), so the notice follows the table.
        let keys = KeyTable.row(for: .stepHop)?.label ?? ""
        notice =
          "played \(played) of \(own) \(animatesFlow ? "flow steps" : "events"), then the end "
          + "(all logged and counted; \(keys) step through)"
        return []
      }
      if cursor == 0 {
        cursor = 1
        phase = 0
      } else if phase < lastPhase {
        phase += 1
      } else {
        cursor += 1
        phase = 0
      }
      return []
    }
    guard let seconds = autoAdvanceSeconds else { return [] }
    advanceTicks += 1
    let elapsed = Double(advanceTicks) * Double(PlayState.baseFrameMilliseconds) / play.speed / 1000
    guard elapsed >= seconds else { return [] }
    if heldForExercise {
      kioskSkip()  // only kiosk mode times a held step (autoAdvanceSeconds)
      return []
    }
    if stepIndex + 1 >= lesson.steps.count && lessonIndex + 1 >= lessons.count {
      skippedExercises = []  // the next round asks every question again
      return enterLesson(0, step: 0, animate: true)  // kiosk mode loops
    }
    return goToStep(stepIndex + 1, animate: true)
  }

  mutating func scrollBy(_ delta: Int) {
    scroll += delta
    clampScroll()
  }

  /// Scrolls the event log `delta` entries back in time (negative: forward), within the entries up to the cursor.
  mutating func scrollLog(by delta: Int) {
    logScroll = min(max(logScroll + delta, 0), max(0, min(cursor, animationLength) - 1))
  }

  mutating func clampScroll() {
    scroll = min(max(scroll, 0), maxScroll)
  }

  /// The largest useful scroll offset for the current step at the current screen size.
  var maxScroll: Int {
    guard lesson.steps.indices.contains(stepIndex) else { return 0 }
    return lessonMaxScroll(self)
  }

  /// Remembers the position and marks the lesson completed when its last step is reached.
  mutating func recordPosition() {
    progress.currentLesson = lesson.id
    progress.steps[lesson.id] = stepIndex
    if stepIndex == lesson.steps.count - 1 && !progress.completed.contains(lesson.id) {
      progress.completed.append(lesson.id)
    }
  }

  /// Opens lesson `index` at `step` (clamped; `.max` is its last step) for the cross-lesson moves.
  mutating func enterLesson(_ index: Int, step: Int, animate: Bool) -> [TutorEffect] {
    guard lessons.indices.contains(index) else { return [] }
    if index != lessonIndex {
      lessonIndex = index
      playback = LessonPlayback(lesson: lessons[index])
    }
    stepIndex = min(max(step, 0), max(0, playback.steps.count - 1))
    return arrive(animate: animate)
  }

  mutating func openLesson(_ index: Int) {
    guard lessons.indices.contains(index) else { return }
    if index != lessonIndex {
      lessonIndex = index
      playback = LessonPlayback(lesson: lessons[index])
      stepIndex = min(progress.steps[lessons[index].id] ?? 0, max(0, playback.steps.count - 1))
    }
    scroll = 0
    rewind()
    if !play.isPlaying { settle() }
    recordPosition()
  }
}
