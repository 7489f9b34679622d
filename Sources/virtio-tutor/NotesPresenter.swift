import Foundation
import TutorUI

/// `learn --present`: turns the tutor's state into ``PresenterState``s for the ``NotesHub`` (only when the place
/// or the notes change), keeping the clock readings the followers count from: when the talk started and when the
/// current lesson was entered.
final class NotesPresenter {
  let hub: NotesHub
  let talkStarted: Double
  private var lessonStarted: Double
  private var lessonIndex: Int?
  private(set) var last: PresenterState?

  init(path: String, now: Double = Date().timeIntervalSince1970) throws {
    hub = try NotesHub(path: path)
    talkStarted = now
    lessonStarted = now
  }

  /// Called by the run loop after every change and on a short interval: publishes a new place, serves followers.
  func publish(_ state: TutorState) {
    publish(state, now: Date().timeIntervalSince1970)
  }

  func publish(_ state: TutorState, now: Double) {
    if lessonIndex != state.lessonIndex {
      lessonIndex = state.lessonIndex
      lessonStarted = now
    }
    let current = PresenterState(state, lessonStarted: lessonStarted, talkStarted: talkStarted)
    if last.map({ !$0.samePlace(as: current) }) ?? true {
      last = current
      hub.publish(PresenterMessage(state: current))
    }
    hub.service()
  }

  func close() { hub.close() }
}
