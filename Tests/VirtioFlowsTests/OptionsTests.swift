import Testing
@testable import VirtioFlows

/// Options: parsing and the clear messages bad options get.
@Suite struct OptionsTests {
  @Test func featuresParseAndUnknownOnesAreRejected() throws {
    var o = FlowOptions()
    try o.setFeatures("VIRTIO_F_EVENT_IDX")
    #expect(o.eventIdx && !o.indirect)
    try o.setFeatures("indirect_desc, version_1")
    #expect(!o.eventIdx && o.indirect)
    try o.setFeatures("none")
    #expect(o.features == .version1)
    #expect(throws: FlowError("unknown feature 'turbo'; known: version_1, indirect_desc, event_idx")) {
      try o.setFeatures("event_idx,turbo")
    }
    #expect(throws: FlowError.self) { try o.setFeatures("ring_packed") }
  }

  @Test func togglesAndValuesParse() throws {
    var o = FlowOptions()
    try o.set("intx", nil)
    try o.set("posted_interrupts", "yes")
    try o.set("variant", "MMIO")
    try o.set("direction", "rx")
    #expect(!o.msix && o.postedInterrupts && o.variant == .mmio && o.direction == .rx)
    #expect(throws: FlowError.self) { try o.set("ioeventfd", "maybe") }
    #expect(throws: FlowError.self) { try o.set("bytes", "many") }
    #expect(throws: FlowError.self) { try o.set("colour", "blue") }
    #expect(throws: FlowError.self) { try o.set("variant", "dma") }
  }

  @Test(arguments: [
    ("bytes", "0", "bytes must be at least 1"),
    ("bytes", "-5", "bytes must be at least 1"),
    ("bytes", "70000", "bytes must be at most 65,535"),
    ("packets", "0", "packets must be at least 1"),
    ("batch", "-1", "batch must be at least 1"),
    ("queue-size", "3", "queue-size must be a power of 2"),
    ("queue-size", "65536", "queue-size must be a power of 2"),
  ])
  func badSizesAreRejected(key: String, value: String, message: String) throws {
    let error = try #require(failure(.virtio, [(key, value)]))
    #expect(error.contains(message), "\(error)")
  }

  @Test func packetsThatCannotFitTheQueueAreRejected() throws {
    // 20000 bytes = 5 page fragments (the header pushed into the first) = 5 descriptors, in a queue of 4
    // without indirect.
    let long = try #require(failure(.virtio, [("bytes", "20000"), ("queue-size", "4"), ("indirect", "off")]))
    #expect(long.contains("5 buffers") && long.contains("only 4 descriptor"))
    #expect(failure(.virtio, [("bytes", "20000"), ("queue-size", "4"), ("indirect", "on")]) == nil)
    // A batch needs its descriptors free at once (two batches with the overlapping device thread).
    let batch = try #require(failure(.virtio, [("batch", "64"), ("packets", "64"), ("queue-size", "64"), ("bytes", "5000"), ("indirect", "off"), ("ioeventfd", "off")]))
    #expect(batch.contains("128 free descriptors"))
    #expect(try #require(failure(.virtio, [("batch", "40"), ("packets", "80"), ("queue-size", "64")])).contains("two batches"))
    #expect(failure(.virtio, [("batch", "40"), ("packets", "80"), ("queue-size", "64"), ("overlap", "off")]) == nil)
  }

  @Test func otherBadCombinationsAreRejected() throws {
    #expect(try #require(failure(.virtio, [("vhost", "on"), ("ioeventfd", "off")])).contains("vhost needs ioeventfd"))
    #expect(try #require(failure(.virtio, [("direction", "rx"), ("bytes", "9000")])).contains("does not fit a receive buffer"))
    #expect(failure(.virtio, [("direction", "rx"), ("bytes", "9000"), ("mtu", "9000")]) == nil)
    #expect(try #require(failure(.emulated, [("variant", "mmio"), ("mmio-width", "3")])).contains("1, 2, 4 or 8"))
    #expect(try #require(failure(.assigned, [("batch", "8"), ("packets", "8"), ("queue-size", "4")])).contains("NIC descriptors"))
    #expect(try #require(failure(.emulated, [("bytes", "65535"), ("packets", "1000")])).contains("more than the emulated flow steps through"))
    #expect(invalid(.virtio, [("bytes", "65535"), ("packets", "1000")]) == nil)
  }

  @Test func flowNamesParse() {
    #expect(Flow(name: "Passthrough") == .assigned)
    #expect(Flow(name: "virtio-net") == .virtio)
    #expect(Flow(name: "increment") == .increment)
    #expect(Flow(name: "carrier-pigeon") == nil)
  }
}
