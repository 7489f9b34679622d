import Foundation
import Glibc
import Synchronization
import Testing
import VirtioCore

@testable import VirtioHost

/// Our device's polling after a request (notifications off for a window, then "enable, then check again") against
/// a driver written here the way Linux's is (`virtqueue_add_split` then `virtqueue_kick_prepare_split`: publish
/// `avail.idx`, full barrier, then `vring_need_event(avail_event, new, old)` under EVENT_IDX or `used.flags`
/// NO_NOTIFY without). The driver posts at chosen points of the device's serve loop; a kick it decides on is
/// delivered once the device sleeps, as the eventfd would wake it. No request may be left behind, whatever the
/// point; requests posted while the device polls must cost no kick.
struct NotificationPollingTests {
  /// The guest's driver side: one 64-byte device-writable buffer per request (virtio-rng's shape).
  final class Driver {
    var memory: GuestMemory
    let layout: SplitLayout
    let eventIdx: Bool
    var availIdx: UInt16 = 0
    var kicksDecided = 0
    var kicksPending = 0

    init(memory: GuestMemory, layout: SplitLayout, eventIdx: Bool) {
      self.memory = memory
      self.layout = layout
      self.eventIdx = eventIdx
    }

    /// Posts one request and decides whether to kick; returns the decision.
    @discardableResult func post() throws -> Bool {
      let head = availIdx % UInt16(layout.size)
      let desc = layout.descriptor(Int(head))
      try memory.store(UInt64(0x40000 + 64 * Int(head)), at: desc)
      try memory.store(UInt32(64), at: desc + 8)
      try memory.store(UInt16(2), at: desc + 12)  // VRING_DESC_F_WRITE
      try memory.store(UInt16(0), at: desc + 14)
      try memory.store(head, at: layout.availEntry(layout.slot(availIdx)))
      if eventIdx { try memory.store(availIdx, at: layout.usedEvent) }  // interrupt me when this one is used
      let old = availIdx
      availIdx &+= 1
      atomicMemoryFence(ordering: .releasing)
      try memory.store(availIdx, at: layout.availIdx)
      atomicMemoryFence(ordering: .sequentiallyConsistent)  // virtio_mb before reading the device's suppression
      let kick: Bool
      if eventIdx {
        kick = EventIndex.needsEvent(event: try memory.load(UInt16.self, at: layout.availEvent), new: availIdx, old: old)
      } else {
        kick = try memory.load(UInt16.self, at: layout.usedFlags) & 1 == 0  // VRING_USED_F_NO_NOTIFY
      }
      if kick {
        kicksDecided += 1
        kicksPending += 1
      }
      return kick
    }

    func usedFlags() throws -> UInt16 { try memory.load(at: layout.usedFlags) }
    func availEvent() throws -> UInt16 { try memory.load(at: layout.availEvent) }
  }

  /// A poller that answers from a script: each window lasts `windowSpins` polls, the burst never ends (unless
  /// `burstRequests` is reached), and `action` runs at every consultation (numbered from 0) before the answer.
  struct ScriptedPoller: ServePoller {
    var windowSpins: Int
    var burstRequests = Int.max
    var consultations = 0
    var points: [PollPoint] = []
    var action: (Int, PollPoint) -> Void

    mutating func consult(_ point: PollPoint) -> Bool {
      action(consultations, point)
      consultations += 1
      points.append(point)
      switch point {
      case .window(let spins): return spins < windowSpins
      case .served(let requests): return requests < burstRequests
      case .enabled, .found: return true
      }
    }
  }

  func setUp(eventIdx: Bool) throws -> (RngDevice, Driver) {
    let region = try RunRecorderTests().sharedRAM()
    let layout = try SplitLayout(size: 4, descriptorTable: 0x10000, availRing: 0x10040, usedRing: 0x11000)
    let view = try GuestMemory(
      regions: [GuestMemoryRegion(guestPhysicalAddress: 0, size: region.size, base: region.base, writable: true, owner: region)])
    let device = RngDevice(pattern: Array("virtio-tutor ".utf8), tracing: true)
    let features: VirtioFeatures = eventIdx ? [.version1, .eventIdx] : [.version1]
    device.attach(memory: MemoryTable(regions: [region]), layout: layout, features: features, lastAvailIdx: 0)
    return (device, Driver(memory: view, layout: layout, eventIdx: eventIdx))
  }

  /// Delivers the kicks the driver decided on, one serve per kick, as the back end's event loop would;
  /// `interrupted` runs at each interrupt.
  func deliverKicks(_ device: RngDevice, _ driver: Driver, interrupted: () -> Void) {
    while driver.kicksPending > 0 {
      driver.kicksPending -= 1
      device.countKick()
      var poller = ScriptedPoller(windowSpins: 2) { _, _ in }
      _ = device.serve(poller: &poller, interrupt: interrupted)
    }
  }

  @Test(arguments: [false, true]) func aRequestPostedWhileTheDeviceWatchesCostsNoKick(eventIdx: Bool) throws {
    let (device, driver) = try setUp(eventIdx: eventIdx)
    #expect(try driver.post())  // notifications are on: the first request kicks
    var seen: [(flags: UInt16, availEvent: UInt16)] = []
    var decided: [Bool] = []
    var poller = ScriptedPoller(windowSpins: 3) { _, point in
      guard case .window(let spins) = point else { return }
      seen.append((try! driver.usedFlags(), try! driver.availEvent()))
      if spins == 1 && decided.isEmpty { decided.append(try! driver.post()) }
    }
    var interrupts = 0
    device.countKick()
    #expect(device.serve(poller: &poller) { interrupts += 1 } == false)
    #expect(decided == [false])  // posted while the device polled: Linux skipped its notify
    #expect(device.counters.requestsServed == 2)
    #expect(device.counters.polledRequests == 1)
    #expect(interrupts == 2)
    // While the device polled: NO_NOTIFY set (no EVENT_IDX), or avail_event left at 0, behind avail.idx.
    #expect(seen.allSatisfy { $0 == (eventIdx ? 0 : 1, 0) })
    // Asleep again: notifications back on, so the next request kicks.
    #expect(try driver.usedFlags() == 0)
    if eventIdx { #expect(try driver.availEvent() == 2) }
    #expect(try driver.post())
    #expect(poller.points == [.served(requests: 1), .window(spins: 0), .window(spins: 1), .found(spins: 1), .served(requests: 2),
                              .window(spins: 0), .window(spins: 1), .window(spins: 2), .window(spins: 3), .enabled])
    // The suppression is the engine's, traced: off, then on once the window closed.
    let notifications = device.recentTrace.filter { $0.kind == .notifications }.map(\.detail)
    #expect(notifications == ["device disables available-buffer notifications", "device enables available-buffer notifications"])
    #expect(device.recentTrace.contains { $0.kind == .note && $0.detail.contains("without a kick") })
  }

  @Test(arguments: [false, true]) func aRequestPostedAsTheWindowClosesIsFoundByTheCheckAfterEnabling(eventIdx: Bool) throws {
    let (device, driver) = try setUp(eventIdx: eventIdx)
    try driver.post()
    var decided: [Bool] = []
    // The driver publishes at the window's last poll and the poller then says stop: the device leaves the window
    // without reading avail.idx again, and only the check after re-enabling can find the request.
    var poller = ScriptedPoller(windowSpins: 2) { _, point in
      if point == .window(spins: 2) && decided.isEmpty { decided.append(try! driver.post()) }
    }
    var interrupts = 0
    device.countKick()
    _ = device.serve(poller: &poller) { interrupts += 1 }
    #expect(decided == [false])  // notifications were still off when the driver looked
    #expect(driver.kicksPending == 1)  // only the first request's
    #expect(device.counters.requestsServed == 2)
    #expect(device.counters.polledRequests == 0)
    #expect(interrupts == 2)
    #expect(try driver.usedFlags() == 0)
    if eventIdx { #expect(try driver.availEvent() == 2) }
  }

  @Test(arguments: [false, true]) func aRequestPostedAfterEnablingKicksAndIsServedOnce(eventIdx: Bool) throws {
    let (device, driver) = try setUp(eventIdx: eventIdx)
    try driver.post()
    driver.kicksPending = 0
    var decided: [Bool] = []
    var poller = ScriptedPoller(windowSpins: 1) { _, point in
      if point == .enabled && decided.isEmpty { decided.append(try! driver.post()) }
    }
    var interrupts = 0
    _ = device.serve(poller: &poller) { interrupts += 1 }
    #expect(decided == [true])  // notifications were on again: the driver kicks
    #expect(device.counters.requestsServed == 2)  // and the re-check already served it
    deliverKicks(device, driver) { interrupts += 1 }
    #expect(device.counters.requestsServed == 2)  // the late kick finds an empty ring
    #expect(device.recentTrace.last { $0.kind == .queueEmpty } != nil)
    #expect(interrupts == 2)
  }

  /// The property: a request posted at any consultation of the serve loop (or after it) is served, with window
  /// lengths 0 to 3 polls and one or two requests posted per run; no request is ever left in the available ring.
  @Test(arguments: [false, true]) func noRequestIsLostWhereverTheDriverPosts(eventIdx: Bool) throws {
    for windowSpins in 0...3 {
      for first in 0..<14 {
        for second in [nil, first + 1, first + 3] as [Int?] {
          let (device, driver) = try setUp(eventIdx: eventIdx)
          try driver.post()
          var posted = 1
          var poller = ScriptedPoller(windowSpins: windowSpins) { n, _ in
            if n == first || n == second {
              try! driver.post()
              posted += 1
            }
          }
          // used.idx as the driver could see it at the last interrupt: every used element must be followed by one.
          var interruptedAt: UInt16 = 0
          let interrupted = { interruptedAt = try! driver.memory.load(UInt16.self, at: driver.layout.usedIdx) }
          device.countKick()
          driver.kicksPending -= 1
          _ = device.serve(poller: &poller, interrupt: interrupted)
          if first >= poller.consultations {  // the loop ended first: the driver posts while the device sleeps
            try driver.post()
            posted += 1
          }
          deliverKicks(device, driver, interrupted: interrupted)
          let context = "window \(windowSpins), posts at \(first) and \(second.map(String.init) ?? "-")"
          #expect(device.counters.requestsServed == posted, "\(context)")
          #expect(device.lastAvailIdx == driver.availIdx, "\(context)")
          #expect(try driver.memory.load(UInt16.self, at: driver.layout.usedIdx) == driver.availIdx, "\(context)")
          #expect(interruptedAt == driver.availIdx, "\(context): the driver was interrupted after the last used element")
          #expect(try driver.usedFlags() == 0, "\(context): asleep with notifications on")
        }
      }
    }
  }

  @Test(arguments: [false, true]) func aBurstThatRunsOutLeavesNotificationsOffAndServesOnTheNextCall(eventIdx: Bool) throws {
    let (device, driver) = try setUp(eventIdx: eventIdx)
    try driver.post()
    var poller = ScriptedPoller(windowSpins: 5, burstRequests: 1) { _, _ in }
    var interrupts = 0
    #expect(device.serve(poller: &poller) { interrupts += 1 })  // pending: the caller must come back
    #expect(try driver.usedFlags() == (eventIdx ? 0 : 1))
    #expect(try !driver.post())  // still off: no kick for this one
    var next = ScriptedPoller(windowSpins: 0) { _, _ in }
    #expect(device.serve(poller: &next) { interrupts += 1 } == false)
    #expect(device.counters.requestsServed == 2)
    #expect(interrupts == 2)
    #expect(try driver.usedFlags() == 0)
  }
}
