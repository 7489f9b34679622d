import Foundation
import Testing

@testable import VirtioLessons

@Suite struct LessonParserTests {
  @Test func goodFixtureParsesWithoutDiagnostics() throws {
    let (lesson, diagnostics) = Fixture.parse("good/01-split-ring.md")
    #expect(diagnostics == [])
    let parsed = try #require(lesson)
    #expect(parsed.meta.title == "The split virtqueue")
    #expect(parsed.meta.id == "split-ring")
    #expect(parsed.meta.order == 1)
    #expect(parsed.meta.minutes == 10)
    #expect(parsed.meta.view == .ring)
    #expect(
      parsed.meta.setup
        == StepScript(source: "queue size=8", position: .init(file: "good/01-split-ring.md", line: 7, column: 8)))
    #expect(parsed.file == "good/01-split-ring.md")
  }

  @Test func stepsSplitAtLevelTwoHeadings() throws {
    let lesson = try #require(Fixture.parse("good/01-split-ring.md").0)
    #expect(
      lesson.steps.map(\.title) == ["Split virtqueues", "The driver offers a buffer", "The kick", "The device answers"])
    #expect(lesson.steps.map(\.position.line) == [10, 23, 41, 63])
    #expect(lesson.steps.map(\.position.column) == [1, 1, 1, 1])
  }

  @Test func introductionDropsItsLevelOneHeading() throws {
    let lesson = try #require(Fixture.parse("good/01-split-ring.md").0)
    let intro = lesson.steps[0]
    #expect(intro.blocks.count == 2)
    guard case .paragraph(let inlines) = intro.blocks[0] else {
      Issue.record("expected a paragraph, got \(intro.blocks[0])")
      return
    }
    #expect(
      inlines == [
        .text("A "), .emphasis([.text("virtqueue")]), .text(" is the shared memory a driver and a device use to"),
        .softBreak, .text("exchange buffers. It has three parts:"),
      ])
  }

  @Test func noIntroductionWhenNothingPrecedesTheFirstStep() throws {
    let (lesson, diagnostics) = Fixture.parse("good/02-notes-and-views.md")
    #expect(diagnostics == [])
    let parsed = try #require(lesson)
    #expect(parsed.steps.map(\.title) == ["One", "Two", "Three"])
    #expect(parsed.meta.id == "notes-and-views")
    #expect(parsed.meta.autoAdvance == 2.5)
  }

  @Test func tablesAreMapped() throws {
    let lesson = try #require(Fixture.parse("good/01-split-ring.md").0)
    #expect(
      lesson.steps[0].blocks[1]
        == .table(
          header: [[.text("Part")], [.text("Written by")], [.text("Size (bytes)")]],
          alignments: [.left, .center, .right],
          rows: [
            [[.text("descriptor table")], [.text("driver")], [.text("16 × size")]],
            [[.text("available ring")], [.text("driver")], [.text("6 + 2 × size")]],
            [[.text("used ring")], [.text("device")], [.text("6 + 8 × size")]],
          ]))
  }

  @Test func taskListsAndOrderedListsAreMapped() throws {
    let lesson = try #require(Fixture.parse("good/01-split-ring.md").0)
    #expect(
      lesson.steps[1].blocks[1]
        == .list(
          ordered: false, start: 1, tight: true,
          items: [
            ListItem(checked: true, blocks: [.paragraph([.text("descriptor written")])]),
            ListItem(checked: true, blocks: [.paragraph([.text("avail ring entry written")])]),
            ListItem(checked: false, blocks: [.paragraph([.text("device told (not yet!)")])]),
          ]))
    #expect(
      lesson.steps[3].blocks[0]
        == .list(
          ordered: true, start: 1, tight: true,
          items: [
            ListItem(blocks: [.paragraph([.text("The device "), .strong([.text("pops")]), .text(" the chain.")])]),
            ListItem(blocks: [.paragraph([.text("It "), .strong([.text("pushes")]), .text(" it onto the used ring.")])]
            ),
            ListItem(blocks: [.paragraph([.text("The driver "), .strong([.text("reclaims")]), .text(" it.")])]),
          ]))
    #expect(
      lesson.steps[3].blocks[1]
        == .blockQuote([
          .paragraph([.text("The driver owns the available ring; the device owns the used ring.")])
        ]))
  }

  @Test func inlineMarkupIsMapped() throws {
    let lesson = try #require(Fixture.parse("good/01-split-ring.md").0)
    #expect(
      lesson.steps[2].blocks == [
        .paragraph([
          .text("Publishing is not enough: the device may be asleep. The driver"), .softBreak,
          .emphasis([.text("kicks")]), .text(" it. With "), .strikethrough([.text("polling")]),
          .text(" notifications, that costs a VM exit."),
        ])
      ])
    #expect(
      lesson.steps[1].blocks[0]
        == .paragraph([
          .text("The driver fills a descriptor, puts its index in the "), .strong([.text("available ring")]),
          .text(","),
          .softBreak, .text("then publishes the new "), .code("avail.idx"), .text("."),
        ]))
  }

  @Test func scriptsAreKeptWithTheirPositionsAndNotShown() throws {
    let lesson = try #require(Fixture.parse("good/01-split-ring.md").0)
    let file = "good/01-split-ring.md"
    #expect(
      lesson.steps[1].scripts == [
        StepScript(
          source: "driver add out=64\ndriver publish\nexpect avail.idx == 1",
          position: .init(file: file, line: 29, column: 1))
      ])
    #expect(lesson.steps[2].scripts.map(\.position.line) == [47])
    #expect(lesson.steps[3].scripts.map(\.position.line) == [66])
    #expect(lesson.steps[3].scripts[0].filePosition(line: 3, column: 5) == .init(file: file, line: 68, column: 5))
    for step in lesson.steps {
      for block in step.blocks {
        if case .codeBlock = block { Issue.record("a script or exercise leaked into the prose: \(block)") }
      }
    }
  }

  @Test func otherCodeBlocksStayProse() throws {
    let lesson = try #require(Fixture.parse("good/02-notes-and-views.md").0)
    #expect(
      lesson.steps[1].blocks == [
        .paragraph([.text("Text two with <span>raw html</span>.")]),
        .codeBlock(info: "c", text: "struct virtq_desc { le64 addr; };"),
      ])
  }

  @Test func notesAreHiddenFromBlocks() throws {
    let lesson = try #require(Fixture.parse("good/02-notes-and-views.md").0)
    #expect(lesson.steps[0].notes == ["first note", "second\nnote"])
    #expect(lesson.steps[0].blocks == [.paragraph([.text("Text one.")])])
    let ring = try #require(Fixture.parse("good/01-split-ring.md").0)
    #expect(ring.steps[0].notes == ["Ask the class who owns each part before revealing the table."])
    #expect(
      ring.steps[2].notes == ["Pause here. Point at the kick counter on the right.\nAsk: what would event_idx change?"])
  }

  @Test func viewsAndAdvanceApplyPerStepWithLessonDefaults() throws {
    let lesson = try #require(Fixture.parse("good/02-notes-and-views.md").0)
    #expect(lesson.steps.map(\.view) == [nil, .flow, nil])
    #expect(lesson.steps.map(\.advanceAfter) == [nil, 3, nil])
    #expect((0..<3).map { lesson.view(forStep: $0) } == [.ring, .flow, .ring])
    #expect((0..<3).map { lesson.advanceAfter(forStep: $0) } == [2.5, 3, 2.5])
    let ring = try #require(Fixture.parse("good/01-split-ring.md").0)
    #expect(ring.steps[1].view == .ring)
    #expect(ring.steps[1].advanceAfter == 5)
  }

  @Test func aStepWithoutAPictureSaysWhy() throws {
    let text = """
      ---
      title: T
      ---
      ## Explained
      Text.
      <!-- view: none: a table of IDs;
        the text is the picture -->
      ## Unexplained
      Text.
      <!-- view: none -->
      ## Wrong
      Text.
      <!-- view: ring: why -->
      """
    let (lesson, diagnostics) = LessonParser.parse(text: text, file: "t.md")
    #expect(lesson == nil)
    #expect(diagnostics.map(\.description) == [
      "t.md:8:1: warning: step 'Unexplained' has no picture: choose one with '<!-- view: … -->' or say why with "
        + "'<!-- view: none: the reason -->'",
      "t.md:13:12: error: only 'view: none' takes a reason ('<!-- view: none: why this step has no picture -->')",
    ])
    let fixed = text.replacingOccurrences(of: "<!-- view: ring: why -->", with: "<!-- view: ring -->")
    let parsed = try #require(LessonParser.parse(text: fixed, file: "t.md").0)
    #expect(parsed.steps.map(\.noPictureReason) == ["a table of IDs; the text is the picture", nil, nil])
  }

  @Test func exercisesAreParsed() throws {
    let lesson = try #require(Fixture.parse("good/01-split-ring.md").0)
    let file = "good/01-split-ring.md"
    #expect(
      lesson.steps[2].exercise
        == Exercise(
          question: "How many kicks has the driver sent so far?", answer: .integer(1),
          answerPosition: .init(file: file, line: 53, column: 9), check: "kicks",
          checkPosition: .init(file: file, line: 52, column: 8), hint: "Count the `driver kick` lines.",
          explain: "One `driver kick` line, one kick: nothing here suppresses it.",
          position: .init(file: file, line: 50, column: 1)))
    #expect(lesson.steps[3].exercise?.choices == ["0", "1", "2"])
    #expect(lesson.steps[1].exercise == nil)
  }

  @Test func crlfFilesParseLikeLfFiles() {
    let lf = String(decoding: Fixture.bytes("good/01-split-ring.md"), as: UTF8.self)
    let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
    let (a, da) = LessonParser.parse(text: lf, file: "x.md")
    let (b, db) = LessonParser.parse(text: crlf, file: "x.md")
    #expect(da == [] && db == [])
    #expect(a == b)
  }
}
