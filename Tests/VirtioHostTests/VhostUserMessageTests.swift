import Testing
import VirtioHost

/// The message codec on hostile bytes: every length and index from the socket is checked, nothing traps.
struct VhostUserMessageTests {
  func header(_ request: UInt32, flags: UInt32 = 1, size: UInt32) -> [UInt8] {
    var b: [UInt8] = []
    for v in [request, flags, size] { withUnsafeBytes(of: v.littleEndian) { b += $0 } }
    return b
  }

  @Test func encodesAReplyExactly() {
    let reply = VhostUserMessage.reply(to: .getFeatures, u64: 0x1_7000_0000)
    #expect(reply.encoded() == [1, 0, 0, 0, 5, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x70, 1, 0, 0, 0])
  }

  @Test func roundTrips() throws {
    let m = VhostUserMessage(request: .setVringNum, flags: 1 | 8, payload: [0, 0, 0, 0, 4, 0, 0, 0])
    let back = try VhostUserMessage.decode(m.encoded())
    #expect(back == m)
    #expect(back.needsReply)
    #expect(try back.vringState() == VringStatePayload(index: 0, num: 4))
  }

  @Test func rejectsShortHeadersBadVersionsAndHugeSizes() {
    #expect(throws: VhostUserError(.truncated, "5 bytes, shorter than the 12-byte header")) { try VhostUserMessage.decode([1, 2, 3, 4, 5]) }
    #expect(throws: VhostUserError(.badVersion, "GET_FEATURES has version 2, expected 1")) {
      try VhostUserMessage.decode(self.header(1, flags: 2, size: 0))
    }
    #expect(throws: VhostUserError(.oversized, "SET_MEM_TABLE announces 4294967295 payload bytes (at most 4096)")) {
      try VhostUserMessage.decode(self.header(5, size: .max))
    }
    #expect(throws: VhostUserError(.truncated, "SET_FEATURES announces 8 payload bytes but 3 arrived")) {
      try VhostUserMessage.decode(self.header(2, size: 8) + [1, 2, 3])
    }
  }

  @Test func typedPayloadsCheckTheirSize() throws {
    let short = VhostUserMessage(request: .setVringAddr, payload: [UInt8](repeating: 0, count: 39))
    #expect(throws: VhostUserError(.badPayload, "SET_VRING_ADDR payload is 39 bytes, expected 40")) { try short.vringAddress() }
    let long = VhostUserMessage(request: .setFeatures, payload: [UInt8](repeating: 0, count: 9))
    #expect(throws: VhostUserError(.badPayload, "SET_FEATURES payload is 9 bytes, expected 8")) { try long.u64() }
    var tooMany: [UInt8] = [9, 0, 0, 0, 0, 0, 0, 0]
    tooMany += [UInt8](repeating: 0, count: 9 * 32)
    #expect(throws: VhostUserError(.badPayload, "SET_MEM_TABLE announces 9 regions (at most 8)")) {
      try VhostUserMessage(request: .setMemTable, payload: tooMany).memoryTable()
    }
    let truncated = VhostUserMessage(request: .setMemTable, payload: [2, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 40))
    #expect(throws: VhostUserError(.truncated, "SET_MEM_TABLE announces 2 regions (72 bytes) in 48 bytes")) { try truncated.memoryTable() }
    #expect(throws: VhostUserError(.badPayload, "SET_MEM_TABLE payload of 4 bytes has no region count")) {
      try VhostUserMessage(request: .setMemTable, payload: [1, 0, 0, 0]).memoryTable()
    }
  }

  @Test func decodesAMemoryTable() throws {
    var p: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0]
    for v: UInt64 in [0, 128 << 20, 0x7f00_0000_0000, 0] { withUnsafeBytes(of: v.littleEndian) { p += $0 } }
    let regions = try VhostUserMessage(request: .setMemTable, payload: p).memoryTable()
    #expect(regions == [MemoryRegionPayload(guestPhysicalAddress: 0, size: 128 << 20, userAddress: 0x7f00_0000_0000, mmapOffset: 0)])
  }

  @Test func namesRequests() {
    #expect(VhostUserRequest.setVringKick.description == "SET_VRING_KICK")
    #expect(VhostUserRequest(rawValue: 99).description == "request 99")
  }

  /// Every byte string of a fuzz corpus either decodes or throws a named error.
  @Test func randomBytesNeverTrap() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    var decoded = 0
    for _ in 0..<2000 {
      let count = Int(next() % 64)
      var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
      if bytes.count >= 12 && next() % 2 == 0 {  // a plausible header half the time
        bytes.replaceSubrange(0..<12, with: header(UInt32(next() % 45), size: UInt32(bytes.count - 12)))
      }
      if let m = try? VhostUserMessage.decode(bytes) {
        decoded += 1
        _ = try? m.u64()
        _ = try? m.vringState()
        _ = try? m.vringAddress()
        _ = try? m.memoryTable()
      }
    }
    #expect(decoded > 0)
  }
}
