import Foundation
import Testing

@testable import VirtioLessons

/// The head cache `learn` starts from: the same catalog as reading every file, a changed or unsettled file read
/// again, and a cache of another version or a damaged one ignored.
@Suite struct LessonHeadCacheTests {
  static func stamp(_ n: Int64, time: Int64 = 1_000) -> FileStamp {
    FileStamp(size: n, modified: time, modifiedNanoseconds: 5, changed: time, changedNanoseconds: 6, inode: 40 + n)
  }

  static let now: Int64 = 2_000

  /// The shipped lessons plus broken heads (errors, warnings, an unknown key), with stamps.
  static func files() throws -> [(name: String, bytes: [UInt8], stamp: FileStamp)] {
    var files = try DeferredBodyTests.shippedFiles()
    files.append((name: "L/typo.md", bytes: Array("---\ntitel: A\n---\nText.\n".utf8)))
    files.append((name: "L/bom.md", bytes: Array("\u{FEFF}---\ntitle: \"A \\u202E\"\norder: 0x1F\n---\n## S\n\nT.\n".utf8)))
    files.append((name: "L/empty.md", bytes: []))
    return files.enumerated().map { i, f in (f.name, f.bytes, stamp(Int64(i))) }
  }

  func refresh(_ files: [(name: String, bytes: [UInt8], stamp: FileStamp)], cached: [String: LessonHeadCache.Entry])
    -> (LessonHeadCache.Refreshed, reads: [String])
  {
    var reads: [String] = []
    let bytes = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.bytes) })
    let refreshed = LessonHeadCache.refresh(files: files.map { ($0.name, $0.stamp) }, cached: cached, now: Self.now) {
      (name: String) -> [UInt8] in
      reads.append(name)
      return bytes[name]!
    }
    return (refreshed, reads)
  }

  @Test func aCachedCatalogIsTheCatalogOfTheFiles() throws {
    let files = try Self.files()
    let eager = LessonLoader.load(files.map { ($0.name, $0.bytes) })
    let (cold, coldReads) = refresh(files, cached: [:])
    #expect(coldReads == files.map(\.name))
    #expect(cold.changed)
    let bytes = LessonHeadCache.encode(cold.entries, version: "v1")
    let decoded = LessonHeadCache.decode(bytes, version: "v1")
    #expect(decoded == cold.entries)
    let (warm, warmReads) = refresh(files, cached: decoded)
    #expect(warmReads == [])
    #expect(!warm.changed)
    let contents = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.bytes) })
    let loaded = LessonLoader.load(heads: warm.heads) { contents[$0] }
    #expect(loaded.diagnostics == eager.diagnostics)
    #expect(loaded.catalog.lessons.map(\.id) == eager.catalog.lessons.map(\.id))
    #expect(loaded.catalog.lessons == eager.catalog.lessons)
  }

  @Test func aChangedFileIsReadAgain() throws {
    let files = try Self.files()
    let (cold, _) = refresh(files, cached: [:])
    for change in [
      { (s: inout FileStamp) in s.size += 1 }, { $0.modifiedNanoseconds += 1 }, { $0.changed += 1 }, { $0.inode += 1 },
    ] {
      var edited = files
      change(&edited[2].stamp)
      edited[2].bytes = Array("---\ntitle: Edited\norder: 7\n---\nText.\n".utf8)
      let (warm, reads) = refresh(edited, cached: cold.entries)
      #expect(reads == [edited[2].name])
      #expect(warm.changed)
      #expect(warm.heads[2].head.meta?.title == "Edited")
      #expect(warm.entries[edited[2].name]?.stamp == edited[2].stamp)
    }
  }

  @Test func aFileChangedInTheLastSecondsIsNotStored() throws {
    var files = try Self.files()
    files[0].stamp = Self.stamp(0, time: Self.now - LessonHeadCache.settleSeconds)
    let (refreshed, _) = refresh(files, cached: [:])
    #expect(refreshed.entries[files[0].name] == nil)
    #expect(refreshed.entries[files[1].name] != nil)
    #expect(refreshed.heads[0].head.meta != nil)
  }

  @Test func aRemovedFileLeavesTheCache() throws {
    let files = try Self.files()
    let (cold, _) = refresh(files, cached: [:])
    let (warm, reads) = refresh(Array(files.dropFirst()), cached: cold.entries)
    #expect(reads == [])
    #expect(warm.changed)
    #expect(warm.entries.count == files.count - 1)
  }

  @Test func anotherVersionOrDamagedBytesAreAnEmptyCache() throws {
    let (cold, _) = refresh(try Self.files(), cached: [:])
    let bytes = LessonHeadCache.encode(cold.entries, version: "exe 1")
    #expect(LessonHeadCache.decode(bytes, version: "exe 2") == [:])
    #expect(LessonHeadCache.decode(Array(bytes.dropLast()), version: "exe 1") == [:])
    #expect(LessonHeadCache.decode(bytes + [0x30], version: "exe 1") == [:])
    #expect(LessonHeadCache.decode([], version: "exe 1") == [:])
    var flipped = bytes
    flipped[40] = UInt8(ascii: "x")
    #expect(LessonHeadCache.decode(flipped, version: "exe 1").count < cold.entries.count)
  }

  @Test func aBodyThatCannotBeReadIsAStepThatSaysSo() throws {
    let file = (name: "L/a.md", bytes: Array("---\ntitle: A\n---\n## One\n\nText.\n".utf8), stamp: Self.stamp(1))
    let (cold, _) = refresh([file], cached: [:])
    let (warm, _) = refresh([file], cached: cold.entries)
    let lesson = try #require(LessonLoader.load(heads: warm.heads) { _ in nil }.catalog.lessons.first)
    #expect(lesson.steps.count == 1)
    #expect(lesson.steps[0].blocks == [.paragraph([.text("This lesson's file can no longer be read: "), .code("L/a.md")])])
  }

  /// The byte rule for ASCII names says what the `Character` rule says; other names take the `Character` rule.
  @Test(arguments: [
    ("01-a.md", true), ("A.MD", true), ("dir/02-b.md", true), ("x.md/", true), ("a.md", true), (".hidden.md", false),
    ("_draft.md", false), ("README.md", false), ("readme.MD", false), ("dir/.x.md", false), (".md", false),
    ("a.txt", false), ("a.md.bak", false), ("", false), ("///", false), ("d/README.md", false),
  ])
  func lessonFileNames(name: String, expected: Bool) {
    #expect(LessonLoader.isASCIILessonFileName(name) == expected)
    #expect(LessonLoader.isLessonFileName(name) == expected)
  }

  @Test func aLargeInodeAndNegativeTimesRoundTrip() throws {
    let stamp = FileStamp(
      size: 1, modified: -5, modifiedNanoseconds: 999_999_999, changed: .max, changedNanoseconds: 0, inode: .min)
    let entries = ["L/a.md": LessonHeadCache.Entry(stamp: stamp, head: LessonHead(meta: nil, diagnostics: []))]
    #expect(LessonHeadCache.decode(LessonHeadCache.encode(entries, version: "v"), version: "v") == entries)
    #expect(LessonLoader.isASCIILessonFileName("é.md") == nil)
    #expect(LessonLoader.isLessonFileName("é.md"))
  }
}
