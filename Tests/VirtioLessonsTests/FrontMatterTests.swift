import Testing

@testable import VirtioLessons

@Suite struct FrontMatterTests {
  @Test func allKeysDecode() throws {
    let (lesson, diagnostics) = parse(
      """
      ---
      title: "All keys: quoted"
      id: my.id_2
      order: -3
      summary: One line.
      minutes: 7
      setup: |
        queue size=8
        driver add out=64
      view: memory
      auto_advance: 4s
      ---
      Intro.
      """)
    #expect(diagnostics == [])
    let meta = try #require(lesson?.meta)
    #expect(
      meta
        == LessonMeta(
          id: "my.id_2", idPosition: .init(file: "t.md", line: 3, column: 5), title: "All keys: quoted", order: -3,
          summary: "One line.", minutes: 7,
          setup: StepScript(
            source: "queue size=8\ndriver add out=64", position: .init(file: "t.md", line: 8, column: 3)),
          view: .memory, autoAdvance: 4))
  }

  @Test func idDefaultsToTheFileStemWithoutItsNumber() {
    #expect(LessonID.derive(fromFile: "Lessons/01-split-ring.md") == "split-ring")
    #expect(LessonID.derive(fromFile: "07_Event Index.MD") == "event-index")
    #expect(LessonID.derive(fromFile: "intro.md") == "intro")
    #expect(LessonID.derive(fromFile: "2024.md") == "2024")
    #expect(LessonID.derive(fromFile: "-.md") == "lesson")
    let (lesson, _) = LessonParser.parse(text: lesson("x\n"), file: "dir/03-packed.md")
    #expect(lesson?.meta.id == "packed")
    #expect(lesson?.meta.idPosition == SourcePosition(file: "dir/03-packed.md", line: 1, column: 1))
  }

  @Test(arguments: [
    ("titel: X\n", ["t.md:2:1: error: unknown key 'titel'; did you mean 'title'?"]),
    (
      "title: X\nfoo: 1\n",
      [
        "t.md:3:1: error: unknown key 'foo' (known keys: title, id, order, summary, minutes, setup, view, auto_advance)"
      ]
    ),
    ("title: X\nauto-advance: 3\n", ["t.md:3:1: error: unknown key 'auto-advance'; did you mean 'auto_advance'?"]),
    ("order: 1\n", ["t.md:1:1: error: front matter has no 'title'"]),
    ("", ["t.md:1:1: error: front matter has no 'title'"]),
    ("title:\n", ["t.md:2:1: error: 'title' must be text, not nothing"]),
    ("title: [a, b]\n", ["t.md:2:1: error: 'title' must be text, not a list"]),
    ("title: '  '\n", ["t.md:2:1: error: 'title' is empty"]),
    ("title: X\norder: \"3\"\n", ["t.md:3:1: error: 'order' must be a whole number, not '3'"]),
    (
      "title: X\n  minutes: 0\n",
      ["t.md:3:10: error: front matter is not valid YAML: mapping values are not allowed in this context"]
    ),
    ("title: X\nminutes: 0\n", ["t.md:3:1: error: 'minutes' must be at least 1, not 0"]),
    ("title: X\nminutes: 2.5\n", ["t.md:3:1: error: 'minutes' must be a whole number, not '2.5'"]),
    (
      "title: X\nview: rign\n",
      [
        "t.md:3:1: error: 'view' must be one of ring, flow, compare, memory, status, features, pci, pair, transports, none, not 'rign'; did you mean 'ring'?"
      ]
    ),
    (
      "title: X\nauto_advance: -1\n",
      [
        "t.md:3:1: error: 'auto_advance' must be a number of seconds such as 5 or 2.5s, not '-1'"
      ]
    ),
    (
      "title: X\nid: has space\n",
      [
        "t.md:3:1: error: 'id' must be letters, digits, '-', '_' or '.', starting with a letter or digit, not 'has space'"
      ]
    ),
    ("title: X\ntitle: Y\n", ["t.md:3:1: error: key 'title' appears more than once"]),
    ("- a\n- b\n", ["t.md:2:1: error: front matter must be 'key: value' lines"]),
    ("title: X\nsetup: \"\"\n", ["t.md:3:1: error: 'setup' is empty"]),
    (
      "title: [unclosed\n",
      [
        "t.md:3:1: error: front matter is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 8)"
      ]
    ),
  ])
  func frontMatterErrors(_ yaml: String, _ expected: [String]) {
    let (lesson, diagnostics) = parse("---\n" + yaml + "---\nText.\n")
    #expect(lesson == nil)
    #expect(diagnostics == expected)
  }

  @Test func advanceAcceptsNumbersAndSeconds() {
    for (text, value) in [("5", 5.0), ("2.5", 2.5), ("5s", 5.0), ("0.5s", 0.5)] {
      let (lesson, _) = parse("---\ntitle: X\nauto_advance: \(text)\n---\nText.\n")
      #expect(lesson?.meta.autoAdvance == value, "auto_advance: \(text)")
    }
  }

  @Test func frontMatterFenceMayHaveTrailingBlanks() {
    let (lesson, diagnostics) = parse("--- \ntitle: X\n---\t\nText.\n")
    #expect(diagnostics == [])
    #expect(lesson?.steps.count == 1)
  }

  @Test func aLeadingByteOrderMarkIsIgnored() {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(lesson("Text.\n").utf8)
    let (lesson, diagnostics) = LessonParser.parse(bytes: bytes, file: "t.md")
    #expect(diagnostics == [])
    #expect(lesson?.meta.title == "T")
  }
}
