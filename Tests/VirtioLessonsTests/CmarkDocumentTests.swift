import Foundation
import Synchronization
import Testing
@testable import VirtioLessons

/// cmark-gfm's extension characters live in a process-wide table that each parse adds to and removes from. The
/// tutor parses on one thread, but Swift Testing runs lesson-parsing suites on several at once: parses must not race.
@Suite struct CmarkDocumentTests {
  /// The inline node types of every paragraph of a document, in order.
  static func inlineTypes(_ text: String) -> [String] {
    guard let document = CmarkDocument(text) else { return [] }
    return CmarkNode.children(document.root).flatMap { CmarkNode.children($0).map(CmarkNode.typeString) }
  }

  @Test func parsesOnManyThreadsAtOnceSeeEveryExtension() {
    let text = String(repeating: "A ~~struck~~ word, a link www.example.com and ~~another~~ one.\n\n", count: 200)
    let alone = Self.inlineTypes(text)
    #expect(alone.filter { $0 == "strikethrough" }.count == 400)
    #expect(alone.filter { $0 == "link" }.count == 200)
    // 4 threads × 50 parses of 200 paragraphs. With the table unguarded (measured: 12–14 of the 200 differ), a
    // parse finishing on one thread removes `~` while another is parsing inlines and reads `~~struck~~` as text.
    let differing = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
      for _ in 0..<50 where Self.inlineTypes(text) != alone { differing.withLock { $0 += 1 } }
    }
    #expect(differing.withLock { $0 } == 0)
  }
}
