import Testing

@testable import VirtioLessons

/// Plain `key: value` front matter is read without Yams (``SimpleFrontMatter``): the meta and every diagnostic must
/// be what the Yams way gives, and anything it does not read exactly must go to Yams.
@Suite struct SimpleFrontMatterTests {
  /// The decoded front matter of `yaml` both ways, and whether the simple reader took it.
  static func both(_ yaml: String, file: String = "L/01-t.md") -> (simple: Bool, equal: Bool, yams: [LessonDiagnostic]) {
    let (text, _) = TextScanner.scan(Array("---\n\(yaml)\n---\nBody.\n".utf8), file: file)
    let source = SourceText(text: text, file: file)
    let frontMatter = FrontMatter.locate(in: source)!
    let simple = SimpleFrontMatter.entries(source: source, frontMatter: frontMatter) != nil
    let fast = FrontMatterDecoder.decode(source: source, frontMatter: frontMatter, defaultID: "t")
    let yams = FrontMatterDecoder.decode(source: source, frontMatter: frontMatter, defaultID: "t", simpleLines: false)
    return (simple, fast.0 == yams.0 && fast.1 == yams.1, yams.1)
  }

  static let read = [
    "title: T", "title: \"Why virtio: three ways\"\nid: why-virtio\norder: 1", "title: 'single: quoted'",
    "title: The blog's three steps, [x] {y} a:b a#b", "title: T\norder: -3\nminutes: 7", "title: T\norder: +5",
    "title: T\norder: 0", "title: T\nminutes: 0", "title: T\nminutes: abc", "title: T\norder: 1.5", "title: ~",
    "title: null", "title: \"null\"", "title: '~'", "title: \"\"", "title: yes", "title: T\nview: nope",
    "title: T\nview: none", "title: T\nview: ring", "title: T\nid: Bad!", "title: T\nid: ok.id_2",
    "title: T\nauto_advance: 2.5s", "title: T\nauto_advance: x", "title: T\nsetup: queue size=8 features=event_idx",
    "title: T\nsetup: \"queue size=8\"", "title: T\nsetup: 'queue size=8'", "summary: no title", "id: x\norder: 2",
    "title: T\nsummary: \"   \"", "title: a.b-c_d/e(f)=g+h", "title: -x", "title: ?x", "title: :x",
  ]

  static let yamsOnly = [
    "title: T\norder: 007", "title: T\norder: 1_000", "title: T\norder: 1:30", "title: T\norder: 0x1F", "summary: a: b",
    "title: x #c", "title: T\nid: a\ntitle: U", "titel: T", "title: \"a\\tb\"", "title: caf\u{e9}", "title: [x]",
    "title: -", "title:  two spaces", "title: T ", "title: T\n\nid: a", "# c\ntitle: T", "title: T\nsetup: |\n  queue",
    "title: 'it''s'", "title: \"a\"b\"", "title:", "title: T\n  more", "Title: T", "title: &a T", "title: *a",
    "title: !!str T", "title: >\n  T", "title: {a: b}", "title: T:", "title: T\t", "title: @x", "title: %x", "title: 1:30", "title: - x", "title: ? x",
    "title: T\norder: 12345678901234567890",
  ]

  @Test(arguments: read) func simpleLinesDecodeAsYamsDoes(_ yaml: String) {
    let result = Self.both(yaml)
    #expect(result.simple, "\(yaml)")
    #expect(result.equal, "\(yaml): \(result.yams)")
  }

  @Test(arguments: yamsOnly) func everythingElseGoesToYams(_ yaml: String) {
    let result = Self.both(yaml)
    #expect(!result.simple, "\(yaml)")
    #expect(result.equal, "\(yaml)")
  }

  @Test func theShippedLessonsFrontMattersAreSimple() throws {
    for file in try DeferredBodyTests.shippedFiles() {
      let text = String(decoding: file.bytes, as: UTF8.self)
      let yaml = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix { $0 != "---" }
      let result = Self.both(yaml.joined(separator: "\n"), file: file.name)
      #expect(result.simple, "\(file.name)")
      #expect(result.equal, "\(file.name)")
    }
  }
}
