import Testing

@testable import VirtioHost

/// A served request's log line is kept as numbers and written when read: the same line, the same equality.
struct BackendEventTests {
  @Test func aServedRequestReadsAsItsLine() {
    let served = BackendEvent(served: .init(head: 3, bytes: 64, lastAvailIdx: 7, usedIdx: 7))
    #expect(served.source == .device)
    #expect(served.text == "served chain 3: 64 bytes; last_avail_idx 7, used.idx 7")
    #expect(served.description == "[device] served chain 3: 64 bytes; last_avail_idx 7, used.idx 7")
    #expect(served == BackendEvent(.device, "served chain 3: 64 bytes; last_avail_idx 7, used.idx 7"))
    #expect(served != BackendEvent(.vhostUser, "served chain 3: 64 bytes; last_avail_idx 7, used.idx 7"))
    #expect(BackendEvent(.device, "ring of 4").served == nil)
  }

  @Test func writingTheTextReplacesTheServedNumbers() {
    var event = BackendEvent(served: .init(head: 0, bytes: 16, lastAvailIdx: 1, usedIdx: 1))
    event.text = "edited"
    #expect(event.served == nil)
    #expect(event.text == "edited")
  }

  @Test func theDeviceLogsEachServedRequestOnlyWithTracing() throws {
    for tracing in [true, false] {
      var (device, view, _) = try RecentTraceTests().attached(tracing: tracing)
      try RecentTraceTests().serve(2, from: 0, device: device, view: &view)
      let served = device.takeEvents().compactMap(\.served)
      #expect(served == (tracing ? [.init(head: 0, bytes: 64, lastAvailIdx: 1, usedIdx: 1), .init(head: 1, bytes: 64, lastAvailIdx: 2, usedIdx: 2)] : []))
    }
  }
}
