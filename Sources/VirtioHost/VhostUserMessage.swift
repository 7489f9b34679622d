/// One vhost-user message: the 12-byte header (`u32 request; u32 flags; u32 size`, native little-endian), the
/// payload and the file descriptors that came with it as `SCM_RIGHTS`.
///
/// Decoding checks every length from the socket: the header must be 12 bytes with version 1, the payload at most
/// ``maximumPayload`` bytes and exactly `size` long, and each typed accessor checks the payload's size before
/// reading a byte (vhost-user.rst "Message Specification").
public struct VhostUserMessage: Equatable, Sendable {
  /// The request code.
  public var request: VhostUserRequest
  /// Header flags: version in bits 0–1, REPLY (0x4), NEED_REPLY (0x8).
  public var flags: UInt32
  /// The payload bytes.
  public var payload: [UInt8]
  /// File descriptors received with the message (the receiver owns them).
  public var fds: [Int32]

  /// Size of the header.
  public static let headerSize = 12
  /// The largest payload accepted: the biggest QEMU 7.2 sends is a config space (12 + 256 bytes); 4 KiB leaves room.
  public static let maximumPayload = 4096
  /// The version in bits 0–1 of `flags`.
  public static let version: UInt32 = 0x1
  /// `VHOST_USER_REPLY_MASK`.
  public static let replyFlag: UInt32 = 0x4
  /// `VHOST_USER_NEED_REPLY_MASK`.
  public static let needReplyFlag: UInt32 = 0x8

  public init(request: VhostUserRequest, flags: UInt32 = version, payload: [UInt8] = [], fds: [Int32] = []) {
    self.request = request
    self.flags = flags
    self.payload = payload
    self.fds = fds
  }

  /// Whether the front end asked for a REPLY_ACK answer.
  public var needsReply: Bool { flags & Self.needReplyFlag != 0 }

  /// Decodes a header: returns the request, flags and payload size, or throws `truncated`, `bad-version` or
  /// `oversized-message`.
  public static func decodeHeader(_ bytes: [UInt8]) throws(VhostUserError) -> (request: VhostUserRequest, flags: UInt32, size: Int) {
    guard bytes.count == headerSize else {
      throw VhostUserError(.truncated, "header of \(bytes.count) bytes, expected \(headerSize)")
    }
    let request = le32(bytes, 0)
    let flags = le32(bytes, 4)
    let size = le32(bytes, 8)
    guard flags & 0x3 == version else {
      throw VhostUserError(.badVersion, "\(VhostUserRequest(rawValue: request)) has version \(flags & 0x3), expected 1")
    }
    guard let count = Int(exactly: size), count <= maximumPayload else {
      throw VhostUserError(.oversized, "\(VhostUserRequest(rawValue: request)) announces \(size) payload bytes (at most \(maximumPayload))")
    }
    return (VhostUserRequest(rawValue: request), flags, count)
  }

  /// Decodes a whole message from `bytes` (header and payload), as a test or a replay would.
  public static func decode(_ bytes: [UInt8], fds: [Int32] = []) throws(VhostUserError) -> VhostUserMessage {
    guard bytes.count >= headerSize else {
      throw VhostUserError(.truncated, "\(bytes.count) bytes, shorter than the \(headerSize)-byte header")
    }
    let header = try decodeHeader(Array(bytes[0..<headerSize]))
    let body = bytes.count - headerSize
    guard body == header.size else {
      throw VhostUserError(.truncated, "\(header.request) announces \(header.size) payload bytes but \(body) arrived")
    }
    return VhostUserMessage(request: header.request, flags: header.flags, payload: Array(bytes[headerSize...]), fds: fds)
  }

  /// The wire bytes of this message.
  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Self.headerSize + payload.count)
    appendLE(request.rawValue, to: &bytes)
    appendLE(flags, to: &bytes)
    appendLE(UInt32(payload.count), to: &bytes)
    bytes += payload
    return bytes
  }

  /// A reply to `request` (flags version | REPLY).
  public static func reply(to request: VhostUserRequest, payload: [UInt8]) -> VhostUserMessage {
    VhostUserMessage(request: request, flags: version | replyFlag, payload: payload)
  }

  /// A reply carrying one `u64`.
  public static func reply(to request: VhostUserRequest, u64 value: UInt64) -> VhostUserMessage {
    var payload: [UInt8] = []
    appendLE(value, to: &payload)
    return reply(to: request, payload: payload)
  }

  // MARK: - Typed payloads

  /// The payload as one `u64` (GET/SET_FEATURES, SET_PROTOCOL_FEATURES, KICK/CALL/ERR…).
  public func u64() throws(VhostUserError) -> UInt64 {
    try expectSize(8)
    return le64(payload, 0)
  }

  /// The payload as a vring state `{u32 index; u32 num}`.
  public func vringState() throws(VhostUserError) -> VringStatePayload {
    try expectSize(8)
    return VringStatePayload(index: le32(payload, 0), num: le32(payload, 4))
  }

  /// The payload as a vring address `{u32 index; u32 flags; u64 desc; u64 used; u64 avail; u64 log}`.
  public func vringAddress() throws(VhostUserError) -> VringAddressPayload {
    try expectSize(40)
    return VringAddressPayload(
      index: le32(payload, 0), flags: le32(payload, 4), descriptorTable: le64(payload, 8), usedRing: le64(payload, 16),
      availRing: le64(payload, 24), log: le64(payload, 32))
  }

  /// The payload as a memory table `{u32 nregions; u32 padding; regions[nregions]}` of at most 8 regions, each
  /// `{u64 guest_phys_addr; u64 memory_size; u64 userspace_addr; u64 mmap_offset}`.
  public func memoryTable() throws(VhostUserError) -> [MemoryRegionPayload] {
    guard payload.count >= 8 else {
      throw VhostUserError(.badPayload, "\(request) payload of \(payload.count) bytes has no region count")
    }
    let count = le32(payload, 0)
    guard count <= 8 else {
      throw VhostUserError(.badPayload, "\(request) announces \(count) regions (at most 8)")
    }
    let needed = 8 + 32 * Int(count)
    guard payload.count >= needed else {
      throw VhostUserError(.truncated, "\(request) announces \(count) regions (\(needed) bytes) in \(payload.count) bytes")
    }
    return (0..<Int(count)).map { k in
      let o = 8 + 32 * k
      return MemoryRegionPayload(
        guestPhysicalAddress: le64(payload, o), size: le64(payload, o + 8), userAddress: le64(payload, o + 16),
        mmapOffset: le64(payload, o + 24))
    }
  }

  private func expectSize(_ size: Int) throws(VhostUserError) {
    guard payload.count == size else {
      throw VhostUserError(.badPayload, "\(request) payload is \(payload.count) bytes, expected \(size)")
    }
  }
}

/// `struct vhost_vring_state`.
public struct VringStatePayload: Equatable, Sendable {
  public var index: UInt32
  public var num: UInt32
  public init(index: UInt32, num: UInt32) {
    self.index = index
    self.num = num
  }
}

/// `struct vhost_vring_addr`; the ring addresses are the front end's user virtual addresses.
public struct VringAddressPayload: Equatable, Sendable {
  public var index: UInt32
  public var flags: UInt32
  public var descriptorTable: UInt64
  public var usedRing: UInt64
  public var availRing: UInt64
  public var log: UInt64
}

/// One `VhostUserMemoryRegion`.
public struct MemoryRegionPayload: Equatable, Sendable {
  public var guestPhysicalAddress: UInt64
  public var size: UInt64
  public var userAddress: UInt64
  public var mmapOffset: UInt64
  public init(guestPhysicalAddress: UInt64, size: UInt64, userAddress: UInt64, mmapOffset: UInt64) {
    self.guestPhysicalAddress = guestPhysicalAddress
    self.size = size
    self.userAddress = userAddress
    self.mmapOffset = mmapOffset
  }
}

func le32(_ b: [UInt8], _ o: Int) -> UInt32 {
  UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
}

func le64(_ b: [UInt8], _ o: Int) -> UInt64 {
  UInt64(le32(b, o)) | UInt64(le32(b, o + 4)) << 32
}

func appendLE<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
  withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
}
