import Testing
@testable import VirtioCore

/// Every named error, reproduced through the engine as a real driver or device would hit it.
@Suite struct ErrorTests {
  func queue(size: Int = 8, features: VirtioFeatures = [.version1, .indirectDesc]) throws -> Virtqueue {
    var q = try Virtqueue(.init(size: size, offered: features.union(.version1)))
    try q.initialize(accepting: features)
    return q
  }

  /// Adds one 2-descriptor chain (no indirect), publishes it, applies `corrupt`, pops; returns the error kind.
  func popError(features: VirtioFeatures = [.version1, .indirectDesc], _ corrupt: (inout Virtqueue) throws -> Void) throws -> VirtqueueError.Kind? {
    var q = try queue(features: features)
    q.setIndirectPolicy(.never)
    try q.add(readable: [[1, 2]], writable: [4])
    try q.publish()
    try corrupt(&q)
    do {
      _ = try q.pop()
      return nil
    } catch {
      #expect(q.registers.status.contains(.deviceNeedsReset))
      #expect(q.device.isBroken)
      #expect(try q.pop() == nil)  // a broken device ignores the queue until reset
      return error.kind
    }
  }

  @Test func deviceSideErrors() throws {
    #expect(try popError { try $0.poke(.availIdx, 9) } == .availIndexJump)
    #expect(try popError { try $0.poke(.availRing(0), 8) } == .headOutOfRange)
    #expect(try popError { try $0.poke(.descriptor(0, .next), 8) } == .nextOutOfRange)
    #expect(try popError { try $0.poke(.descriptor(1, .flags), 3); try $0.poke(.descriptor(1, .next), 1) } == .loopedDescriptor)
    #expect(try popError { try $0.poke(.descriptor(0, .len), 0) } == .zeroLengthBuffer)
    #expect(try popError { try $0.poke(.descriptor(0, .addr), UInt64.max - 1) } == .addressOutOfRange)
    #expect(try popError { try $0.poke(.descriptor(0, .flags), 3); try $0.poke(.descriptor(1, .flags), 0) } == .readableAfterWritable)
    #expect(try popError { try $0.poke(.descriptor(0, .flags), 5) } == .indirectWithNext)
    #expect(try popError(features: [.version1]) { try $0.poke(.descriptor(0, .flags), 4) } == .indirectNotNegotiated)
    #expect(try popError { try $0.poke(.descriptor(0, .flags), 4); try $0.poke(.descriptor(0, .len), 20) } == .indirectBadSize)
    #expect(try popError { try $0.poke(.descriptor(0, .flags), 4); try $0.poke(.descriptor(0, .len), 0) } == .indirectBadSize)
    #expect(try popError { try $0.poke(.descriptor(0, .flags), 4); try $0.poke(.descriptor(0, .len), 65_537 * 16) } == .indirectTooLarge)
  }

  @Test func nestedIndirectAndIndirectLoop() throws {
    var q = try queue()
    try q.add(readable: [[1]], writable: [4])  // auto policy: indirect
    try q.publish()
    let table = try q.value(of: .descriptor(0, .addr))
    try q.poke(.indirect(table: table, 1, .flags), 4)
    #expect(throws: VirtqueueError(.nestedIndirect, "Nested indirect descriptor: entry 1 of the table at \(hex(table))")) { try q.pop() }

    var r = try queue()
    try r.add(readable: [[1]], writable: [4])
    try r.publish()
    let t = try r.value(of: .descriptor(0, .addr))
    try r.poke(.indirect(table: t, 1, .flags), 3)  // NEXT|WRITE
    try r.poke(.indirect(table: t, 1, .next), 1)  // points at itself
    do { _ = try r.pop(); Issue.record("expected an error") } catch { #expect(error.kind == .loopedDescriptor) }
  }

  @Test func tooManyInFlight() throws {
    var q = try queue(size: 2)
    try q.add(readable: [[1]], writable: [])
    try q.add(readable: [[2]], writable: [])
    try q.publish()
    try q.pop(); try q.pop()
    try q.poke(.availIdx, 3)  // one more than published, within the jump limit
    do { _ = try q.pop(); Issue.record("expected an error") } catch { #expect(error.kind == .tooManyInFlight) }
  }

  @Test func driverSideUsedIDChecks() throws {
    var q = try queue()
    try q.add(readable: [[1]], writable: [])
    try q.publish()
    try q.pop()
    try q.push(length: 0)
    try q.poke(.usedRingID(0), 9)
    do { _ = try q.reclaim(); Issue.record("expected an error") } catch { #expect(error.kind == .usedIDOutOfRange) }
    #expect(q.driver.isBroken)
    do { _ = try q.add(readable: [[1]], writable: []) } catch { #expect(error.kind == .queueBroken) }

    var r = try queue()
    try r.add(readable: [[1]], writable: [])
    try r.publish()
    try r.pop()
    try r.push(length: 0)
    try r.poke(.usedRingID(0), 3)  // in range, but nothing outstanding starts at 3
    do { _ = try r.reclaim(); Issue.record("expected an error") } catch { #expect(error.kind == .usedIDNotHead) }
  }

  @Test func queueSetupErrors() {
    do { _ = try Virtqueue(.init(size: 6)) } catch { #expect(error.kind == .invalidQueueSize) }
    var c = Virtqueue.Configuration(size: 8)
    c.addresses = (0x1004, 0x2000, 0x3000)
    do { _ = try Virtqueue(c) } catch { #expect(error.kind == .misalignedRing) }
  }

  @Test func anUnofferedFeatureIsMaskedAsQEMUDoesUnlessStrict() throws {
    var q = try Virtqueue(.init(size: 8, offered: [.version1, .eventIdx]))
    try q.writeStatus(.acknowledge)
    try q.writeStatus(.driver)
    try q.acceptFeatures([.version1, .indirectDesc, .eventIdx])
    try q.writeStatus(.featuresOK)
    #expect(q.registers.status == [.acknowledge, .driver, .featuresOK])
    #expect(q.negotiated == [.version1, .eventIdx])
    #expect(q.trace.entries.last?.detail.contains("INDIRECT_DESC dropped") == true || q.trace.entries.contains { $0.detail.contains("val &= host_features") })
    #expect(q.firstError == nil)
  }

  @Test func statusAndFeatureNegotiation() throws {
    var q = try Virtqueue(.init(size: 8, offered: [.version1, .eventIdx]))
    try q.writeStatus(.acknowledge)
    try q.writeStatus(.driver)
    q.setStrictFeatures(true)
    try q.acceptFeatures([.version1, .indirectDesc])
    do { try q.writeStatus(.featuresOK); Issue.record("expected refusal") } catch { #expect(error.kind == .featureNotOffered) }
    #expect(!q.registers.status.contains(.featuresOK))
    do { try q.writeStatus(.driverOK) } catch { #expect(error.kind == .statusOutOfOrder) }
    do { try q.add(readable: [[1]], writable: []) } catch { #expect(error.kind == .queueNotReady) }

    var r = try Virtqueue(.init(size: 8))
    do { try r.writeStatus(.driver) } catch { #expect(error.kind == .statusOutOfOrder) }
    try r.writeStatus(.acknowledge)
    try r.writeStatus(.driver)
    try r.acceptFeatures([.version1])
    try r.writeStatus(.featuresOK)
    try r.add(readable: [[1]], writable: [])  // populating queues before DRIVER_OK is allowed (3.1.1 step 7)
    try r.publish()
    do { _ = try r.kick() } catch { #expect(error.kind == .queueNotReady) }
    do { _ = try r.pop() } catch { #expect(error.kind == .queueNotReady) }
    do { try r.acceptFeatures([.version1, .eventIdx]) } catch { #expect(error.kind == .statusOutOfOrder) }
  }

  @Test func queueFullAndSpuriousKick() throws {
    var q = try queue(size: 2, features: [.version1])
    try q.add(readable: [[1], [2]], writable: [])
    do { try q.add(readable: [[3]], writable: []) } catch { #expect(error.kind == .queueFull) }
    #expect(try q.pop() == nil)  // nothing published yet: a spurious notification is ignored
    #expect(q.counters.spuriousNotifications == 1)
    #expect(q.firstError?.kind == .queueFull)
    #expect(!q.device.isBroken)
  }

  @Test func everyKindHasATest() {
    // The kinds above plus the ones exercised here; a new kind must get a test.
    let covered: Set<VirtqueueError.Kind> = [
      .availIndexJump, .headOutOfRange, .nextOutOfRange, .loopedDescriptor, .indirectBadSize, .indirectTooLarge,
      .nestedIndirect, .indirectWithNext, .indirectNotNegotiated, .readableAfterWritable, .zeroLengthBuffer,
      .addressOutOfRange, .misalignedRing, .invalidQueueSize, .queueNotReady, .tooManyInFlight, .usedIDOutOfRange,
      .usedIDNotHead, .featureNotOffered, .statusOutOfOrder, .queueFull, .queueBroken,
    ]
    #expect(Set(VirtqueueError.Kind.allCases) == covered)
  }
}
