/// One packed virtqueue with its device: guest memory, the packed driver, the packed device and the device
/// registers — the packed ring's counterpart of ``Virtqueue``, the same "bus" with the same rules (every error
/// recorded, a device-side error stops the queue and sets DEVICE_NEEDS_RESET).
public struct PackedVirtqueue: Equatable, Sendable {
  /// How to build a packed virtqueue.
  public struct Configuration: Equatable, Sendable {
    /// Queue size N (1…32768, any value).
    public var size: Int
    /// Where the ring starts (the two event structures follow it).
    public var base: GuestAddress
    /// Features the device offers (RING_PACKED is always added).
    public var offered: VirtioFeatures
    /// Bytes of guest memory; nil for "ring plus a data area sized for the queue".
    public var memorySize: Int?
    /// Whether the trace records entries.
    public var tracing: Bool

    public init(size: Int, base: GuestAddress = 0x1000, offered: VirtioFeatures = [.version1, .indirectDesc, .eventIdx],
                memorySize: Int? = nil, tracing: Bool = true) {
      self.size = size
      self.base = base
      self.offered = offered
      self.memorySize = memorySize
      self.tracing = tracing
    }
  }

  /// Guest memory, the only thing the two sides share.
  public var memory: GuestMemory
  /// Where the ring and the event structures are.
  public let layout: PackedLayout
  /// Status and feature registers.
  public internal(set) var registers: DeviceRegisters
  /// The driver side.
  public internal(set) var driver: PackedDriver
  /// The device side.
  public internal(set) var device: PackedDevice
  /// Everything that happened, in order.
  public var trace: Trace
  /// Notification and chain counts.
  public internal(set) var counters = Virtqueue.Counters()
  /// The first error detected, if any.
  public internal(set) var firstError: VirtqueueError?

  /// Lays out the ring, zeroes guest memory ("The descriptor ring is zero-initialized") and leaves the device in
  /// status 0.
  public init(_ configuration: Configuration) throws(VirtqueueError) {
    layout = try PackedLayout(size: configuration.size, base: configuration.base)
    let dataStart = SplitLayout.align(layout.end, to: 4096)
    let dataSize = UInt64(max(0x10000, layout.size * 512))
    let (implicitSize, overflow) = dataStart.addingReportingOverflow(dataSize)
    let wanted = configuration.memorySize.map { UInt64(max(0, $0)) } ?? (overflow ? .max : implicitSize)
    try GuestMemory.checkOwnedSize(wanted, what: "a packed queue whose ring ends at \(hex(layout.end))")
    memory = GuestMemory(size: Int(wanted))
    try memory.checkRange(layout.descriptorRing, length: layout.descriptorRingSize, what: "Cannot map desc")
    try memory.checkRange(layout.driverEvent, length: 8, what: "Cannot map the event suppression structures")
    let dataEnd = wanted
    let allocator = GuestAllocator(start: min(dataStart, dataEnd), length: dataEnd > dataStart ? dataEnd - dataStart : 0)
    registers = DeviceRegisters(offering: configuration.offered.union(.ringPacked))
    driver = PackedDriver(layout: layout, allocator: allocator)
    device = PackedDevice(layout: layout)
    trace = Trace(enabled: configuration.tracing)
  }

  /// The features both sides use.
  public var negotiated: VirtioFeatures { registers.negotiated }

  /// The packed field a script names: `desc[i].addr/len/id/flags`, `driver_event.*`, `device_event.*` (the split
  /// spelling `desc[i].flags` parses as a split field and means the same slot here); nil for split-only fields.
  public static func packedField(_ field: RingField) -> PackedField? {
    switch field {
    case .packed(let f): return f
    case .descriptor(let i, .addr): return .descriptor(i, .addr)
    case .descriptor(let i, .len): return .descriptor(i, .len)
    case .descriptor(let i, .flags): return .descriptor(i, .flags)
    case .indirect(let t, let i, .addr): return .indirect(table: t, i, .addr)
    case .indirect(let t, let i, .len): return .indirect(table: t, i, .len)
    case .indirect(let t, let i, .flags): return .indirect(table: t, i, .flags)
    default: return nil
    }
  }

  /// Where a field is, or a named error saying why it is not part of this queue.
  public func location(of field: RingField) throws(VirtqueueError) -> (field: PackedField, address: GuestAddress, width: Int) {
    guard let f = Self.packedField(field) else {
      throw VirtqueueError(.addressOutOfRange, "\(field) is a split-ring field; a packed queue has desc[i].addr/len/id/flags, driver_event.off_wrap/flags and device_event.off_wrap/flags")
    }
    guard let (address, width) = layout.location(of: f) else {
      throw VirtqueueError(.addressOutOfRange, "\(f) is outside the packed queue of size \(layout.size)")
    }
    return (f, address, width)
  }
}
