import Testing
@testable import VirtioCore

@Suite struct EventIndexTests {
  /// Reference semantics, written independently: notify iff `event` is one of old, old+1, …, new-1 (mod 2^16).
  func crosses(event: UInt16, new: UInt16, old: UInt16) -> Bool {
    var i = old
    while i != new {
      if i == event { return true }
      i &+= 1
    }
    return false
  }

  @Test func exhaustiveOverSmallDomainsIncludingWrap() {
    let bases: [UInt16] = [0, 1, 100, 65_500, 65_530]
    var checked = 0
    for base in bases {
      for o in 0..<40 {
        for d in 0..<40 {
          for e in 0..<80 {
            let old = base &+ UInt16(o)
            let new = old &+ UInt16(d)
            let event = base &+ UInt16(e)
            #expect(EventIndex.needsEvent(event: event, new: new, old: old) == crosses(event: event, new: new, old: old))
            checked += 1
          }
        }
      }
    }
    #expect(checked == 5 * 40 * 40 * 80)
  }

  @Test func specExamples() {
    #expect(EventIndex.needsEvent(event: 5, new: 7, old: 4))  // reference §2.5: (1 < 3)
    #expect(!EventIndex.needsEvent(event: 8, new: 7, old: 4))  // (65534 < 3) is false
    #expect(EventIndex.needsEvent(event: 0, new: 1, old: 0))  // used_event = 0: notify after the first buffer
  }
}
