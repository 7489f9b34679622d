import Testing

@testable import VirtioLessons

/// Step splitting, directives, exercises and markdown mapping, from inline lessons.
@Suite struct BodyTests {
  @Test func introductionIsKeptOnlyWhenItHasContent() throws {
    let withIntro = try #require(parse(lesson("# Heading\n\nHello.\n\n## A\nx\n")).0)
    #expect(withIntro.steps.map(\.title) == ["Heading", "A"])
    #expect(withIntro.steps[0].position == SourcePosition(file: "t.md", line: 4, column: 1))
    let titleless = try #require(parse(lesson("Hello.\n## A\nx\n")).0)
    #expect(titleless.steps.map(\.title) == ["T", "A"])
    #expect(titleless.steps[0].position == SourcePosition(file: "t.md", line: 4, column: 1))
    let onlyHeading = try #require(parse(lesson("# Heading\n## A\nx\n")).0)
    #expect(onlyHeading.steps.map(\.title) == ["A"])
  }

  @Test func headingsInsideStepsAndContainersAreProse() throws {
    let parsed = try #require(parse(lesson("## A\n### Sub\n> ## Quoted\n\n# One\n")).0)
    #expect(parsed.steps.count == 1)
    #expect(
      parsed.steps[0].blocks == [
        .heading(level: 3, [.text("Sub")]), .blockQuote([.heading(level: 2, [.text("Quoted")])]),
        .heading(level: 1, [.text("One")]),
      ])
  }

  @Test func setextHeadingsAndRules() throws {
    let parsed = try #require(parse(lesson("Intro\n\nStep two\n--------\ntext\n\n---\n\nafter\n")).0)
    #expect(parsed.steps.map(\.title) == ["T", "Step two"])
    #expect(parsed.steps[1].blocks == [.paragraph([.text("text")]), .thematicBreak, .paragraph([.text("after")])])
  }

  @Test func stepTitlesAreThePlainTextOfTheHeading() throws {
    let parsed = try #require(parse(lesson("## The *avail* `idx` [ring](http://x)\nx\n")).0)
    #expect(parsed.steps[0].title == "The avail idx ring")
  }

  @Test func inlinesMapLinksImagesBreaksAndRawHTML() throws {
    let parsed = try #require(
      parse(lesson("## A\nSee <https://a.b>, www.c.d and ![the *ring*](r.png) <kbd>x</kbd>  \nnext\\\nlast\n")).0)
    #expect(
      parsed.steps[0].blocks == [
        .paragraph([
          .text("See "), .link(url: "https://a.b", [.text("https://a.b")]), .text(", "),
          .link(url: "http://www.c.d", [.text("www.c.d")]), .text(" and "), .image(url: "r.png", alt: "the ring"),
          .text(" <kbd>x</kbd>"), .lineBreak, .text("next"), .lineBreak, .text("last"),
        ])
      ])
  }

  @Test func rawHTMLBlocksBecomePlainText() throws {
    let parsed = try #require(parse(lesson("## A\n<div class=\"x\">\n<b>hi</b>\n</div>\n")).0)
    #expect(
      parsed.steps[0].blocks == [
        .paragraph([.text("<div class=\"x\">"), .lineBreak, .text("<b>hi</b>"), .lineBreak, .text("</div>")])
      ])
  }

  @Test func looseOrderedListKeepsStartAndTightness() throws {
    let parsed = try #require(parse(lesson("## A\n3. one\n\n4. two\n")).0)
    #expect(
      parsed.steps[0].blocks == [
        .list(
          ordered: true, start: 3, tight: false,
          items: [
            ListItem(blocks: [.paragraph([.text("one")])]), ListItem(blocks: [.paragraph([.text("two")])]),
          ])
      ])
  }

  @Test func indentedFenceScriptPositionsShiftColumns() throws {
    let parsed = try #require(parse(lesson("## A\n  ```virtio\n  queue size=4\n  ```\n")).0)
    let script = parsed.steps[0].scripts[0]
    #expect(script == StepScript(source: "queue size=4", position: .init(file: "t.md", line: 6, column: 3)))
    #expect(script.filePosition(line: 1, column: 7) == SourcePosition(file: "t.md", line: 6, column: 9))
  }

  @Test func scriptsAreCollectedInOrderAndAFenceInfoTypoWarns() throws {
    let (parsed, diagnostics) = parse(
      lesson("## A\n```virtio\nqueue size=4\n```\n```virtoi\nx\n```\n```virtio extra\ndriver kick\n```\n"))
    #expect(
      diagnostics == [
        "t.md:8:1: warning: code block language 'virtoi' is shown as code; did you mean 'virtio'?",
        "t.md:11:1: warning: unknown word 'extra' after 'virtio' is ignored (known: continues)",
      ])
    #expect(parsed?.steps[0].scripts.map(\.source) == ["queue size=4", "driver kick"])
    #expect(parsed?.steps[0].blocks == [.codeBlock(info: "virtoi", text: "x")])
    #expect(parsed?.steps[0].scripts.map(\.continues) == [false, false])
  }

  @Test func continuesMarksAScriptThatPlaysItsReset() throws {
    let (parsed, diagnostics) = parse(lesson("## A\n```virtio continues\ndriver reset\n```\n```virtio\ndriver kick\n```\n"))
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    #expect(parsed?.steps[0].scripts.map(\.continues) == [true, false])
    #expect(parsed?.steps[0].scripts.first?.position.line == 6)
  }

  @Test(arguments: [
    ("<!-- nots: x -->", "t.md:7:6: error: unknown directive 'nots'; did you mean 'note'?"),
    ("<!-- pause -->", "t.md:7:6: error: unknown directive 'pause' (directives: note, view, advance, replay)"),
    ("<!-- Note: x -->", "t.md:7:6: error: unknown directive 'Note'; did you mean 'note'?"),
    (
      "<!-- just a remark -->",
      "t.md:7:1: error: plain comments are not supported; write speaker notes as '<!-- note: ... -->'"
    ),
    ("<!-- -->", "t.md:7:1: error: plain comments are not supported; write speaker notes as '<!-- note: ... -->'"),
    ("<!-- view -->", "t.md:7:6: error: directive 'view' needs a value: '<!-- view: ... -->'"),
    ("<!-- note: -->", "t.md:7:6: error: directive 'note' needs a value: '<!-- note: ... -->'"),
    (
      "<!-- view: rign -->",
      "t.md:7:12: error: 'view' must be one of ring, flow, compare, memory, status, features, pci, pair, transports, none, not 'rign'; did you mean 'ring'?"
    ),
    ("<!-- advance: soon -->", "t.md:7:15: error: 'advance' must be a number of seconds such as 5 or 2.5s, not 'soon'"),
    ("<!-- note: a --> b", "t.md:7:18: error: text after '-->': put each comment on its own line"),
    (
      "<!-- note: never closed\n\nmore",
      "t.md:7:1: error: comment is never closed: add '-->' (everything after it is swallowed)"
    ),
    ("<!--\n  nots: x\n-->", "t.md:8:3: error: unknown directive 'nots'; did you mean 'note'?"),
    (
      "Text <!-- note: x --> more",
      "t.md:7:6: error: a comment inside text is not allowed; put '<!-- … -->' on its own lines"
    ),
    (
      "- item\n\n  <!-- note: x -->",
      "t.md:9:3: error: a comment directive must be at the top level of a step, not inside a list or quote"
    ),
    (
      "> ```virtio\n> kick\n> ```",
      "t.md:7:3: error: a 'virtio' block must be at the top level of a step, not inside a list or quote"
    ),
    (
      "<div>\n<!-- note: x -->\n</div>",
      "t.md:7:1: error: a comment inside raw HTML would be shown as text; put '<!-- … -->' on its own lines"
    ),
    ("<!-- view: ring -->\n<!-- view: flow -->", "t.md:8:1: error: 'view' given twice in one step"),
    ("<!-- advance: 1 -->\n<!-- advance: 2 -->", "t.md:8:1: error: 'advance' given twice in one step"),
  ])
  func directiveErrors(_ body: String, _ expected: String) {
    let (parsed, diagnostics) = parse(lesson("## A\nx\n\n" + body + "\n"))
    #expect(parsed == nil)
    #expect(diagnostics == [expected])
  }

  @Test func directivesBeforeAnyContentAreIgnoredWithAWarning() throws {
    let (parsed, diagnostics) = parse(lesson("<!-- view: flow -->\n## A\nx\n"))
    #expect(
      diagnostics == [
        "t.md:4:1: warning: ignored: a directive before the first '##' step applies only to introductory text"
      ])
    #expect(parsed?.steps.map(\.view) == [nil])
  }

  @Test func emptyStepsWarnAndEmptyHeadingsAreErrors() {
    #expect(parse(lesson("## A\n## B\nx\n")).1 == ["t.md:4:1: warning: step 'A' has nothing to show"])
    #expect(parse(lesson("##\nx\n")).1 == ["t.md:4:1: error: step heading is empty"])
  }

  @Test func nestingIsBounded() {
    let deep = String(repeating: ">", count: 5000) + " x\n"
    let (parsed, diagnostics) = parse(lesson("## A\n" + deep))
    #expect(parsed == nil)
    #expect(diagnostics == ["t.md:5:33: error: markdown nested more than 32 levels deep"])
    // Lines of 3,000 characters (a line may be at most 10,000): the nesting still spans them.
    let opening = String(repeating: String(repeating: "*a ", count: 1000) + "\n", count: 3)
    let emphasis = opening + String(repeating: String(repeating: "a* ", count: 1000) + "\n", count: 3)
    #expect(
      parse(lesson("## A\n" + emphasis)).1 == ["t.md:5:92: error: markdown nested more than 32 levels deep"])
  }
}
