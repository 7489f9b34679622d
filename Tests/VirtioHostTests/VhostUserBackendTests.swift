import Testing
import VirtioHost

/// The protocol state machine without QEMU: replies are exact, unknown and malformed messages are log lines.
struct VhostUserBackendTests {
  func backend() -> VhostUserBackend { VhostUserBackend(device: RngDevice(pattern: Array("x".utf8))) }

  func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

  @Test func answersTheHandshake() {
    let b = backend()
    #expect(b.handle(VhostUserMessage(request: .getFeatures)) == .reply(to: .getFeatures, u64: 0x1_7000_0000))
    #expect(b.handle(VhostUserMessage(request: .getProtocolFeatures)) == .reply(to: .getProtocolFeatures, u64: 0x9))
    #expect(b.handle(VhostUserMessage(request: .setProtocolFeatures, payload: u64(0x9))) == nil)
    #expect(b.protocolFeatures == 0x9)
    #expect(b.handle(VhostUserMessage(request: .getQueueNum)) == .reply(to: .getQueueNum, u64: 1))
    // REPLY_ACK: a need_reply message gets u64 0 on success.
    #expect(b.handle(VhostUserMessage(request: .setOwner, flags: 1 | 8)) == .reply(to: .setOwner, u64: 0))
  }

  @Test func unknownAndMalformedMessagesAreLogLines() {
    let b = backend()
    _ = b.handle(VhostUserMessage(request: .setProtocolFeatures, payload: u64(0x9)))
    _ = b.takeEvents()
    #expect(b.handle(VhostUserMessage(request: VhostUserRequest(rawValue: 77), payload: [1, 2, 3])) == nil)
    #expect(b.takeEvents() == [BackendEvent(.vhostUser, "request 77 (3 payload bytes) not handled by this device: ignored")])
    // A failed need_reply message is answered with a non-zero u64.
    #expect(b.handle(VhostUserMessage(request: .setVringNum, flags: 1 | 8, payload: [1, 0, 0, 0, 4, 0, 0, 0])) == .reply(to: .setVringNum, u64: 1))
    #expect(b.takeEvents() == [BackendEvent(.error, "SET_VRING_NUM: bad-vring-index: SET_VRING_NUM for vring 1; the device has 1")])
    _ = b.handle(VhostUserMessage(request: .setVringNum, payload: [0, 0, 0, 0, 3, 0, 0, 0]))
    #expect(b.takeEvents() == [BackendEvent(.error, "SET_VRING_NUM: bad-payload: SET_VRING_NUM 3 is not a power of 2 up to 32768")])
    _ = b.handle(VhostUserMessage(request: .setVringBase, payload: [0, 0, 0, 0, 0, 0, 1, 0]))
    #expect(b.takeEvents() == [BackendEvent(.error, "SET_VRING_BASE: bad-payload: SET_VRING_BASE 65536 does not fit a split ring's 16-bit index")])
    _ = b.handle(VhostUserMessage(request: .setVringKick, payload: u64(0)))
    #expect(b.takeEvents() == [BackendEvent(.error, "SET_VRING_KICK: bad-file-descriptors: SET_VRING_KICK carries 0 descriptors (one expected)")])
    _ = b.handle(VhostUserMessage(request: .setMemTable, payload: [1, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 32)))
    #expect(b.takeEvents() == [BackendEvent(.error, "SET_MEM_TABLE: bad-file-descriptors: SET_MEM_TABLE names 1 regions but carries 0 file descriptors")])
    #expect(b.memory == nil)
  }

  @Test func getVringBaseRepliesWithTheNextAvailIndex() {
    let b = backend()
    _ = b.handle(VhostUserMessage(request: .setVringBase, payload: [0, 0, 0, 0, 7, 0, 0, 0]))
    let reply = b.handle(VhostUserMessage(request: .getVringBase, payload: [0, 0, 0, 0, 0, 0, 0, 0]))
    #expect(reply == .reply(to: .getVringBase, payload: [0, 0, 0, 0, 7, 0, 0, 0]))
  }
}
