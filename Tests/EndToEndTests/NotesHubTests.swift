import Foundation
import Testing
import TutorUI
import VirtioLessons
@testable import virtio_tutor
#if canImport(Glibc)
  import Glibc
#endif

/// The presenter's notes socket, driven for real: the runtime directory's rules, a follower that gets the state
/// after a step change, several followers, and a follower that never reads, which costs the presenter a bounded
/// queue and dropped (coalesced) states, never a blocked publish.
@Suite(.serialized) struct NotesHubTests {
  /// A fresh `XDG_RUNTIME_DIR` (mode 0700, as a login session makes it).
  func runtimeDirectory() throws -> String {
    let path = "/tmp/vt-notes-\(getpid())-\(UUID().uuidString.prefix(6))"
    guard mkdir(path, 0o700) == 0 else { throw CLIError("mkdir \(path)") }
    return path
  }

  func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

  func lessons() throws -> [Lesson] { try LessonFiles.load(option: TutorEndToEndTests.lessons).catalog.lessons }

  @Test func theSocketLivesInAPrivateDirectoryUnderTheRuntimeDirectory() throws {
    #expect(throws: CLIError.self) { try NotesSocket.path(environment: [:], create: true) }
    let unset = try? NotesSocket.path(environment: [:], create: true)
    #expect(unset == nil)
    do {
      _ = try NotesSocket.path(environment: ["XDG_RUNTIME_DIR": ""], create: true)
      Issue.record("an empty XDG_RUNTIME_DIR was accepted")
    } catch { #expect("\(error)".contains("XDG_RUNTIME_DIR is not set")) }
    do {
      _ = try NotesSocket.path(environment: ["XDG_RUNTIME_DIR": "run/user"], create: true)
      Issue.record("a relative XDG_RUNTIME_DIR was accepted")
    } catch { #expect("\(error)".contains("absolute")) }
    let runtime = try runtimeDirectory()
    defer { remove(runtime) }
    let path = try NotesSocket.path(environment: ["XDG_RUNTIME_DIR": runtime], create: true)
    #expect(path == runtime + "/virtio-tutor/presenter.sock")
    var info = stat()
    #expect(stat(runtime + "/virtio-tutor", &info) == 0)
    #expect(info.st_mode & 0o777 == 0o700)
    // A directory others can enter is refused, with what to do.
    chmod(runtime + "/virtio-tutor", 0o755)
    do {
      _ = try NotesSocket.path(environment: ["XDG_RUNTIME_DIR": runtime], create: true)
      Issue.record("a directory of mode 0755 was accepted")
    } catch { #expect("\(error)".contains("mode 0700") && "\(error)".contains("it is mode 755")) }
    // The follower does not create it: no directory means no presenter.
    let other = try runtimeDirectory()
    defer { remove(other) }
    do {
      _ = try NotesSocket.path(environment: ["XDG_RUNTIME_DIR": other], create: false)
      Issue.record("a missing directory was accepted by the follower")
    } catch { #expect("\(error)".contains("no presenter")) }
  }

  @Test func aFollowerGetsTheStateAfterAStepChange() throws {
    let runtime = try runtimeDirectory()
    defer { remove(runtime) }
    let path = try NotesSocket.path(environment: ["XDG_RUNTIME_DIR": runtime], create: true)
    let presenter = try NotesPresenter(path: path, now: 1_000)
    defer { presenter.close() }
    var state = TutorState(lessons: try lessons())
    presenter.publish(state, now: 1_000)
    let follower = try #require(NotesFollower(path: path))
    let second = try #require(NotesFollower(path: path))
    presenter.publish(state, now: 1_001)  // accepts both; each gets the latest state
    let first = try #require(follower.read(timeoutMilliseconds: 5_000).last)
    #expect(first.step == 1 && first.notes == ["Ask the class who owns each part before revealing the table."])
    #expect(first.next == "Step 2: The driver offers a buffer")
    #expect(first.talkStarted == 1_000 && first.lessonStarted == 1_000)
    #expect(second.read(timeoutMilliseconds: 5_000).last == first)
    _ = TutorReducer.reduce(&state, .keyPressed(.pageDown))
    _ = TutorReducer.reduce(&state, .keyPressed(.pageDown))
    presenter.publish(state, now: 1_010)
    let moved = try #require(follower.read(timeoutMilliseconds: 5_000).last)
    #expect(moved.step == 3 && moved.stepTitle == "The kick")
    #expect(moved.notes == ["Pause here. Point at the kick counter on the right.\nAsk: what would event_idx change?"])
    #expect(moved.sequence > first.sequence)
    #expect(presenter.hub.followers.count == 2)
    // The presenter stops: the follower sees the connection end.
    presenter.close()
    _ = follower.read(timeoutMilliseconds: 5_000)
    #expect(follower.closed)
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func aFollowerThatNeverReadsCostsABoundedQueueAndNeverBlocksThePresenter() throws {
    let runtime = try runtimeDirectory()
    defer { remove(runtime) }
    let path = try NotesSocket.path(environment: ["XDG_RUNTIME_DIR": runtime], create: true)
    let hub = try NotesHub(path: path)
    defer { hub.close() }
    let stuck = try #require(NotesSocket.connect(path))  // connected, never read
    defer { close(stuck) }
    let reader = try #require(NotesFollower(path: path))
    hub.service()
    #expect(hub.followers.count == 2)
    let base = PresenterState(
      sequence: 0, lessonID: "l", lessonTitle: "L", lesson: 1, lessonCount: 1, step: 1, stepCount: 1, stepTitle: "s",
      notes: [String(repeating: "n", count: 8_000)], next: nil, lessonStarted: 0, talkStarted: 0)
    let publishes = 5_000
    var largestMessage = 0
    var total = 0
    for k in 1...publishes {
      var state = base
      state.stepTitle = "step \(k)"
      let size = PresenterMessage(state: state).encoded(sequence: k).count
      largestMessage = max(largestMessage, size)
      total += size
      hub.publish(PresenterMessage(state: state))  // returns: the sockets are non-blocking
      let held = hub.followers[0].queued
      #expect(held <= 2 * largestMessage, "publish \(k): \(held) bytes held for the stuck follower")
    }
    let stuckFollower = hub.followers[0]
    #expect(stuckFollower.sent < total / 10)  // the kernel took a socket buffer's worth, no more
    #expect(stuckFollower.dropped > publishes * 9 / 10)
    // The follower that reads ends on the latest state: the others were coalesced away, not queued.
    var last: PresenterState?
    for _ in 0..<200 where last?.sequence != publishes {
      hub.service()
      last = reader.read(timeoutMilliseconds: 50).last ?? last
    }
    #expect(last?.sequence == publishes && last?.stepTitle == "step \(publishes)")
  }

  @Test func aSecondPresenterOnTheSameSocketIsRefused() throws {
    let runtime = try runtimeDirectory()
    defer { remove(runtime) }
    let path = try NotesSocket.path(environment: ["XDG_RUNTIME_DIR": runtime], create: true)
    let hub = try NotesHub(path: path)
    defer { hub.close() }
    do {
      _ = try NotesHub(path: path)
      Issue.record("a second presenter was allowed")
    } catch { #expect("\(error)".contains("another presenter")) }
  }
}
