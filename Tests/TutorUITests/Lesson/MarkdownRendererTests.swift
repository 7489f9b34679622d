import TermGrid
import Testing
import VirtioLessons

@testable import TutorUI

/// The markdown renderer, block by block, on lessons built by the real parser.
@Suite struct MarkdownRendererTests {
  /// The first step's blocks of a one-step lesson with `body`.
  func blocks(_ body: String) -> [MarkdownBlock] {
    LessonFixtures.oneStep(body).steps[0].blocks
  }

  func render(_ body: String, width: Int, capabilities: TerminalCapabilities = .full) -> [String] {
    let lines = MarkdownRenderer(theme: .dark, capabilities: capabilities).render(blocks(body), width: width)
    return LessonFixtures.text(lines, width: width)
  }

  @Test func headingsLevelOneIsRuledOthersBold() {
    #expect(render("# Top level\n\n### Third\n\n#### Fourth", width: 20) == ["Top level", "═════════", "", "Third", "", "Fourth"])
    let lines = MarkdownRenderer(theme: .dark).render(blocks("# Top\n\n### Third"), width: 20)
    #expect(lines[0] == [StyledSpan("Top", style: Style(fg: .yellow, bold: true, underline: true))])
    #expect(lines[1] == [StyledSpan("═══", style: Style(fg: .yellow, bold: true))])
    #expect(lines[3] == [StyledSpan("Third", style: Style(fg: .yellow, bold: true))])
  }

  /// Inline code and code blocks are bold as well as coloured, so they stay distinct without colour (NO_COLOR).
  @Test func inlineStylesComeFromTheTheme() {
    let lines = MarkdownRenderer(theme: .dark).render(blocks("*em* **st** `co` ~~x~~ ***both***"), width: 40)
    #expect(
      lines == [
        [
          StyledSpan("em", style: Style(italic: true)), StyledSpan(" "),
          StyledSpan("st", style: Style(bold: true)), StyledSpan(" "),
          StyledSpan("co", style: Style(fg: .green, bold: true)), StyledSpan(" "),
          StyledSpan("~x~", style: Style(dim: true)), StyledSpan(" "),
          StyledSpan("both", style: Style(bold: true, italic: true)),
        ]
      ])
    #expect(render("*em* **st** `co` ~~x~~", width: 40) == ["em st co ~x~"])
  }

  @Test func paragraphsWrapAndBreak() {
    #expect(render("one two three four five six", width: 10) == ["one two", "three four", "five six"])
    #expect(render("soft\nbreak", width: 20) == ["soft break"])
    #expect(render("hard  \nbreak\\\nthere", width: 20) == ["hard", "break", "there"])
    #expect(render("first\n\nsecond", width: 20) == ["first", "", "second"])
  }

  @Test func codeBlocksKeepTheirLinesAndAreCutNotWrapped() {
    let body = "```c\nint main(void) { return 0; }\n\tx;\n\n```"
    #expect(render(body, width: 20) == ["│ int main(void) { …", "│     x;", "│"])
    #expect(render(body, width: 20, capabilities: .minimal) == ["| int main(void) { ~", "|     x;", "|"])
    let result = MarkdownRenderer().rendering(blocks(body), width: 20)
    #expect(result.truncations == [.init(kind: .codeLine, needed: 30, available: 20)])
    #expect(MarkdownRenderer().rendering(blocks(body), width: 30).truncations.isEmpty)
    let styled = MarkdownRenderer(theme: .dark).render(blocks("```\nx\n```"), width: 10)
    #expect(styled == [[StyledSpan("│ ", style: Style(dim: true)), StyledSpan("x", style: Style(fg: .green, bold: true))]])
  }

  @Test func bulletListsNestWithHangingIndent() {
    let body = "- one two three four\n- two\n  - nested item\n    - deeper\n- last"
    #expect(
      render(body, width: 12) == [
        "• one two", "  three four", "• two", "  ◦ nested", "    item", "    ▪ deeper", "• last",
      ])
    #expect(
      render(body, width: 12, capabilities: .minimal) == [
        "- one two", "  three four", "- two", "  * nested", "    item", "    + deeper", "- last",
      ])
  }

  @Test func orderedListsAlignTheirNumbers() {
    #expect(render("9. nine\n10. ten\n11. eleven", width: 20) == [" 9. nine", "10. ten", "11. eleven"])
    #expect(render("3. a\n4. b", width: 20) == ["3. a", "4. b"])
    #expect(render("1. a long item text", width: 10) == ["1. a long", "   item", "   text"])
  }

  @Test func looseListsKeepBlankLinesBetweenItems() {
    #expect(render("- a\n\n- b\n\n  more", width: 20) == ["• a", "", "• b", "", "  more"])
  }

  @Test func taskListsShowCheckBoxes() {
    #expect(render("- [x] done\n- [ ] todo", width: 20) == ["[✓] done", "[ ] todo"])
    #expect(render("- [x] done\n- [ ] todo", width: 20, capabilities: .minimal) == ["[x] done", "[ ] todo"])
    #expect(render("1. [x] done\n2. plain", width: 20) == ["1. [✓] done", "2. plain"])
    let lines = MarkdownRenderer(theme: .dark).render(blocks("- [x] a"), width: 10)
    #expect(lines[0].first == StyledSpan("[✓]", style: Style(fg: .green)))
  }

  @Test func blockQuotesHaveABarAndTheQuoteRole() {
    #expect(render("> quoted text here\n>\n> - item", width: 12) == ["▌ quoted", "▌ text here", "▌", "▌ • item"])
    #expect(render("> a\n> > b", width: 12, capabilities: .minimal) == ["> a", ">", "> > b"])
    #expect(render("a\n\n>\n\nb", width: 12) == ["a", "", "▌", "", "b"])
    let lines = MarkdownRenderer(theme: .dark).render(blocks("> **q**"), width: 10)
    #expect(
      lines == [
        [
          StyledSpan("▌ ", style: Style(fg: .magenta, italic: true)),
          StyledSpan("q", style: Style(fg: .magenta, bold: true, italic: true)),
        ]
      ])
  }

  @Test func tablesAlignColumnsUnderABoldHeader() {
    let body = "| Left | Mid | Right |\n|:-----|:---:|------:|\n| a | b | c |"
    #expect(render(body, width: 30) == ["Left │ Mid │ Right", "─────┼─────┼──────", "a    │  b  │     c"])
    #expect(render(body, width: 30, capabilities: .minimal) == ["Left | Mid | Right", "-----+-----+------", "a    |  b  |     c"])
    let header = MarkdownRenderer(theme: .dark).render(blocks(body), width: 30)[0]
    #expect(header.first == StyledSpan("Left", style: Style(bold: true)))
  }

  @Test func tablesTooWideShareTheWidthAndCutCells() {
    let body = "| a | b |\n|---|---|\n| short | a very long cell text |"
    #expect(render(body, width: 20) == ["a     │ b", "──────┼─────────────", "short │ a very long…"])
    let result = MarkdownRenderer().rendering(blocks(body), width: 20)
    #expect(result.truncations == [.init(kind: .table, needed: 29, available: 20)])
    // Far too narrow: one cell per column, clipped at the width, never wider.
    for width in 1...8 {
      #expect(render(body, width: width).allSatisfy { $0.count <= width })
    }
  }

  @Test func columnFittingKeepsShortColumns() {
    #expect(MarkdownPass.fit([5, 21], into: 17) == [5, 12])
    #expect(MarkdownPass.fit([10, 10, 10], into: 20) == [7, 7, 6])
    #expect(MarkdownPass.fit([3, 4], into: 10) == [3, 4])
    #expect(MarkdownPass.fit([3, 4], into: 1) == [1, 1])
    #expect(MarkdownPass.fit([3, 4], into: -5) == [1, 1])
  }

  @Test func linksShowTheirTargetsAsNumberedReferences() {
    let body = "See [spec](https://a.org/s), [again](https://a.org/s), [other](https://b.org) and <https://c.org>."
    #expect(
      render(body, width: 60) == [
        "See spec[1], again[1], other[2] and https://c.org.", "", "[1] https://a.org/s", "[2] https://b.org",
      ])
    #expect(
      render("[x](https://example.org/virtio)", width: 16) == [
        "x[1]", "", "[1] https://exam", "    ple.org/virt", "    io",
      ])
    #expect(render("[](https://e.org) www.x.org", width: 40) == ["https://e.org www.x.org"])
    let lines = MarkdownRenderer(theme: .dark).render(blocks("[s](u)"), width: 20)
    #expect(lines[0] == [StyledSpan("s", style: Style(fg: .cyan, underline: true)), StyledSpan("[1]", style: Style(dim: true))])
  }

  @Test func breaksAndImages() {
    #expect(render("a\n\n---\n\n![the ring](r.png) ![](x.png)", width: 10) == ["a", "", "──────────", "", "[image:", "the ring]", "[image]"])
    #expect(render("---", width: 4, capabilities: .minimal) == ["----"])
  }

  @Test func everyLineFitsAnyWidthAndNothingTraps() {
    let tour = LessonFixtures.lesson(LessonFixtures.tour).steps[0].blocks
    let deep = String(repeating: "> ", count: 25) + "deep **quote** with `code`"
    for width in [-5, 0] {
      #expect(MarkdownRenderer().render(tour, width: width).isEmpty)
    }
    for blocks in [tour, blocks(deep)] {
      for width in 1...60 {
        for capabilities in [TerminalCapabilities.full, .minimal] {
          let lines = MarkdownRenderer(capabilities: capabilities).render(blocks, width: width)
          #expect(lines.allSatisfy { LessonSpans.width($0) <= width }, "width \(width)")
        }
      }
    }
    for width in [1 << 30, Int.max] {
      let lines = MarkdownRenderer().render(tour, width: width)
      #expect(lines.map(LessonSpans.width).max() == MarkdownRenderer.maxWidth)  // the thematic break's rule
    }
  }

  @Test func renderingIsDeterministic() {
    let tour = LessonFixtures.lesson(LessonFixtures.tour).steps[0].blocks
    let a = MarkdownRenderer(theme: .projector).rendering(tour, width: 37)
    let b = MarkdownRenderer(theme: .projector).rendering(tour, width: 37)
    #expect(a == b)
  }

  @Test func asciiCapabilitiesGiveASCIIOnly() {
    let tour = LessonFixtures.lesson(LessonFixtures.tour).steps[0].blocks
    let extra = blocks("Accents: café, “quotes” — and arrows → ← ✓ ▌")
    for width in [10, 38, 80] {
      let lines = MarkdownRenderer(capabilities: .minimal).render(tour + extra, width: width)
      let scalars = lines.flatMap { $0.flatMap { $0.text.unicodeScalars } }
      #expect(scalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
    }
  }

  @Test func controlCharactersNeverReachALine() {
    let evil = "a\u{1B}[2Jb\u{7}c\u{9B}d\u{7F}e\u{0}f"
    let blocks: [MarkdownBlock] = [
      .heading(level: 1, [.text(evil)]),
      .paragraph([.text(evil), .code(evil), .link(url: evil, [.text("l")]), .image(url: "", alt: evil)]),
      .codeBlock(info: evil, text: evil + "\n" + evil),
      .list(ordered: false, start: 1, tight: true, items: [ListItem(blocks: [.paragraph([.text(evil)])])]),
      .blockQuote([.paragraph([.text(evil)])]),
      .table(header: [[.text(evil)]], alignments: [.none], rows: [[[.text(evil + "\n" + evil)]]]),
    ]
    for capabilities in [TerminalCapabilities.full, .minimal] {
      let lines = MarkdownRenderer(capabilities: capabilities).render(blocks, width: 30)
      let scalars = lines.flatMap { $0.flatMap { $0.text.unicodeScalars } }
      #expect(!scalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
      #expect(LessonFixtures.text(lines, width: 30).contains { $0.contains(capabilities.unicode ? "a�[2Jb�c�d�e�f" : "a?[2Jb?c?d?e?f") })
    }
  }
}
