import Foundation
import TermGrid
import Testing
@testable import TutorUI
import VirtioCore
import VirtioLessons

/// The screen-reader narration: every trace entry as one sentence from its structured values, a whole lesson as
/// printed when there is no terminal, and a whole screen-reader session, against golden files in `Goldens/`
/// (a missing golden is recorded and the test fails; `RECORD_SNAPSHOTS=1` re-records).
@Suite struct NarrationTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

  func matchesGolden(_ actual: String, _ name: String) throws {
    let file = Self.directory.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    guard !record, let golden = try? String(contentsOf: file, encoding: .utf8) else {
      try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
      try actual.write(to: file, atomically: true, encoding: .utf8)
      Issue.record("recorded new baseline \(name); review it and run again")
      return
    }
    #expect(actual == golden, "\(name) differs; run with RECORD_SNAPSHOTS=1 to re-record")
  }

  static let ring = AppFixtures.lessons()[0]

  @Test func fieldWritesReadAsTheDriverWritesFieldEqualsValue() {
    let write = TraceEntry(role: .driver, kind: .write, field: .descriptor(0, .len), address: 0x1008, length: 4, value: 32, oldValue: 0, note: .fieldWrite)
    #expect(EventSentence.sentence(write) == "The driver writes desc[0].len = 32.")
    let read = TraceEntry(role: .device, kind: .read, field: .availIdx, value: 1, note: .fieldRead)
    #expect(EventSentence.sentence(read) == "The device reads avail.idx and finds 1.")
    let flags = TraceEntry(role: .driver, kind: .write, field: .descriptor(2, .flags), value: 3, oldValue: 0, note: .fieldWrite)
    #expect(EventSentence.sentence(flags) == "The driver writes desc[2].flags = NEXT|WRITE.")
    let poke = TraceEntry(role: .driver, kind: .poke, field: .descriptor(0, .next), value: 9, oldValue: 1, note: .fieldWrite)
    #expect(EventSentence.sentence(poke) == "The driver pokes desc[0].next = 9 (it was 1).")
  }

  @Test func decisionsAndChainsSayWhoDidWhatAndWhy() {
    let kick = TraceEntry(role: .driver, kind: .kickSuppressed, note: .kick(.usedFlags(noNotify: true)))
    #expect(EventSentence.sentence(kick) == "The driver does not notify the device, because the device set VRING_USED_F_NO_NOTIFY.")
    let irq = TraceEntry(role: .device, kind: .interrupt, note: .interrupt(.firstInterrupt))
    #expect(EventSentence.sentence(irq) == "The device interrupts the driver, because first interrupt decision (signalled_used not yet valid).")
    let pushed = TraceEntry(role: .device, kind: .usedPushed, value: 1, oldValue: 0, note: .pushed(slot: 0, id: 3, length: 512))
    #expect(EventSentence.sentence(pushed) == "The device returns chain 3 with len 512 in used.ring[0], and used.idx goes from 0 to 1.")
    let added = TraceEntry(role: .driver, kind: .chainAdded, value: 0, note: .chainAdded(readable: 1, writable: 2, indirect: false, slot: 0, numFree: 5))
    #expect(EventSentence.sentence(added) == "The driver adds a chain with head 0: 1 readable buffer and 2 writable buffers, and puts it in avail.ring[0]; 5 descriptors free.")
    let index = TraceEntry(role: .device, kind: .index, value: 1, oldValue: 0, note: .index("last_avail_idx"))
    #expect(EventSentence.sentence(index) == "The device moves its last_avail_idx from 0 to 1.")
    let error = TraceEntry(role: .device, kind: .error, detail: "desc[0] chain loops back to desc[0].", error: .loopedDescriptor)
    #expect(EventSentence.sentence(error) == "The device reports the error looped-descriptor: desc[0] chain loops back to desc[0]. Reported by \(VirtqueueError.Kind.loopedDescriptor.reportedBy).")
    let reset = TraceEntry(role: .device, kind: .reset, detail: "device reset: queue state cleared")
    #expect(EventSentence.sentence(reset) == "The device reset: queue state cleared.")
  }

  @Test func everyEventOfTheRingLessonIsOneSentence() {
    let playback = LessonPlayback(lesson: Self.ring)
    let events = playback.steps.flatMap(\.events)
    #expect(events.count > 20)
    for event in events {
      let sentence = EventSentence.sentence(event)
      #expect(sentence.hasPrefix("The driver ") || sentence.hasPrefix("The device "), "\(sentence)")
      #expect(sentence.hasSuffix(".") && !sentence.contains("\n"), "\(sentence)")
    }
  }

  @Test func aWholeLessonPrintedAsPlainTextMatchesItsGolden() throws {
    let narrator = Narrator(prose: PlainProse(width: 80, unicode: true), mode: .printed)
    try matchesGolden(narrator.lesson(Self.ring).joined(separator: "\n") + "\n", "ring-basics-printed.txt")
  }

  @Test func asciiOutputSpellsArrowsAsArrows() {
    #expect(PlainGlyphs.ascii("who → whom ← back, a ≤ b…") == "who -> whom <- back, a <= b...")
    let prose = PlainProse(width: nil, unicode: false)
    let lines = prose.lines([.paragraph([.text("driver → device "), .code("desc[0] → desc[1]")])])
    #expect(lines == ["driver -> device desc[0] -> desc[1]"])
    #expect(PlainProse(width: nil, unicode: true).lines([.paragraph([.text("driver → device")])]) == ["driver → device"])
  }

  @Test func tablesListsAndCodeAreReadWithoutBoxDrawing() {
    let prose = PlainProse(width: nil, unicode: true)
    let table = MarkdownBlock.table(
      header: [[.text("field")], [.text("size")]], alignments: [.none, .none],
      rows: [[[.code("desc[0].addr")], [.text("8")]], [[.code("desc[0].len")], [.text("4")]]])
    #expect(prose.lines([table]) == [
      "Table of 2 rows, columns: field, size.", "Row 1: field: desc[0].addr; size: 8.", "Row 2: field: desc[0].len; size: 4.",
    ])
    let list = MarkdownBlock.list(ordered: true, start: 1, tight: true, items: [
      ListItem(blocks: [.paragraph([.text("pop")])]), ListItem(blocks: [.paragraph([.link(url: "https://x.org", [.text("push")])])]),
    ])
    #expect(prose.lines([list, .codeBlock(info: "c", text: "a;\nb;")]) == ["1. pop", "2. push (https://x.org)", "", "Code:", "    a;", "    b;"])
  }

  /// The whole lesson in the screen-reader mode: every command and every line said, exactly.
  @Test func aWholeScreenReaderSessionMatchesItsGolden() throws {
    var session = ScreenReaderSession(
      state: AppFixtures.state(), narrator: Narrator(prose: PlainProse(width: nil, unicode: true), mode: .interactive))
    var transcript = session.start()
    var saves = 0
    for line in ["n", "a", "n", "a", "7", "a 2", "1", "b", "n", "s", "n", "zz", "g 9", "g 1", "q"] {
      let (lines, effects) = session.handle(line: line)
      saves += effects.filter { $0 == .saveProgress }.count
      transcript += ["> " + line] + lines
      if effects.contains(.quit) { break }
    }
    try matchesGolden(transcript.joined(separator: "\n") + "\n", "ring-basics-session.txt")
    let result = session.state.progress.exercises[LearnerProgress.exerciseKey(lesson: "ring-basics", step: 2)]
    #expect(result == LearnerProgress.ExerciseResult(attempts: 3, correct: true))
    #expect(saves >= 4)
  }

  @Test func aHeldStepSaysItsEventsOnlyAfterTheAnswer() {
    var session = ScreenReaderSession(
      state: AppFixtures.state(step: 1), narrator: Narrator(prose: PlainProse(width: nil, unicode: true), mode: .interactive))
    let arrival = session.handle(line: "n").lines
    #expect(arrival.contains("Predict first: the rest of the step is held until you answer; s skips the exercise and reads it."))
    #expect(!arrival.contains { $0.hasPrefix("What happens") })
    let wrong = session.handle(line: "a 5").lines
    #expect(wrong.first == "5 is not it. Hint: one push, one step of used.idx.")
    #expect(!wrong.contains { $0.hasPrefix("What happens") })
    let right = session.handle(line: "a 1").lines
    #expect(right.first == "1 is right.")
    #expect(right.contains("What happens, in 26 events:"))
    #expect(!session.state.heldForExercise)
  }
}
