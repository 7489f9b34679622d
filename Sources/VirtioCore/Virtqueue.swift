/// One virtqueue with its device: guest memory, the driver side, the device side and the device registers.
///
/// The driver and the device are separate values that share only ``memory``; this type is the "bus" that lets a
/// script, a flow or a test act as either party in turn, counts notifications, and applies the device's reaction
/// to a malformed ring (stop the queue and set DEVICE_NEEDS_RESET, as QEMU's `virtio_error` does).
public struct Virtqueue: Equatable, Sendable {
  /// How to build a virtqueue.
  public struct Configuration: Equatable, Sendable {
    /// Queue size N.
    public var size: Int
    /// Modern or legacy layout.
    public var layout: SplitLayout.Kind
    /// Explicit ring addresses (desc, avail, used); nil to lay them out contiguously at 0x1000.
    public var addresses: (desc: GuestAddress, avail: GuestAddress, used: GuestAddress)? {
      get { explicit.map { ($0[0], $0[1], $0[2]) } }
      set { explicit = newValue.map { [$0.desc, $0.avail, $0.used] } }
    }
    var explicit: [GuestAddress]?
    /// Features the device offers.
    public var offered: VirtioFeatures
    /// Bytes of guest memory; nil for "rings plus a data area sized for the queue".
    public var memorySize: Int?
    /// Whether the trace records entries.
    public var tracing: Bool

    public init(
      size: Int, layout: SplitLayout.Kind = .modern, offered: VirtioFeatures = [.version1, .indirectDesc, .eventIdx],
      memorySize: Int? = nil, tracing: Bool = true
    ) {
      self.size = size
      self.layout = layout
      self.offered = offered
      self.memorySize = memorySize
      self.tracing = tracing
    }
  }

  /// Counts of notifications and chain movements since creation.
  public struct Counters: Equatable, Sendable {
    public var kicks = 0
    public var kicksSuppressed = 0
    public var interrupts = 0
    public var interruptsSuppressed = 0
    public var chainsAdded = 0
    public var chainsPopped = 0
    public var chainsPushed = 0
    public var chainsReclaimed = 0
    public var spuriousNotifications = 0
    public init() {}
  }

  /// Guest memory, the only thing the two sides share.
  public var memory: GuestMemory
  /// Where the rings are.
  public let layout: SplitLayout
  /// Status and feature registers.
  public internal(set) var registers: DeviceRegisters
  /// The driver side.
  public internal(set) var driver: SplitDriver
  /// The device side.
  public internal(set) var device: SplitDevice
  /// Everything that happened, in order.
  public var trace: Trace
  /// Notification and chain counts.
  public internal(set) var counters = Counters()
  /// The first error detected, if any.
  public internal(set) var firstError: VirtqueueError?
  let configuration: Configuration

  /// Lays out the rings, zeroes guest memory and leaves the device in status 0 (reset).
  public init(_ configuration: Configuration) throws(VirtqueueError) {
    self.configuration = configuration
    let layout: SplitLayout
    if let a = configuration.explicit {
      layout = try SplitLayout(size: configuration.size, kind: configuration.layout, descriptorTable: a[0], availRing: a[1], usedRing: a[2])
    } else {
      layout = try SplitLayout(size: configuration.size, kind: configuration.layout)
    }
    let dataStart = SplitLayout.align(layout.end, to: 4096)
    let dataSize = UInt64(max(0x10000, layout.size * 512))
    let (implicitSize, overflow) = dataStart.addingReportingOverflow(dataSize)
    let wanted = configuration.memorySize.map { UInt64(max(0, $0)) } ?? (overflow ? .max : implicitSize)
    try GuestMemory.checkOwnedSize(wanted, what: "a queue whose rings end at \(hex(layout.end))")
    let size = Int(wanted)
    memory = GuestMemory(size: size)
    try memory.checkRange(layout.descriptorTable, length: layout.descriptorTableSize, what: "Cannot map desc")
    try memory.checkRange(layout.availRing, length: layout.availRingSize, what: "Cannot map avail")
    try memory.checkRange(layout.usedRing, length: layout.usedRingSize, what: "Cannot map used")
    let dataEnd = UInt64(size)
    let allocator = GuestAllocator(start: min(dataStart, dataEnd), length: dataEnd > dataStart ? dataEnd - dataStart : 0)
    self.layout = layout
    registers = DeviceRegisters(offering: configuration.offered)
    driver = SplitDriver(layout: layout, allocator: allocator)
    device = SplitDevice(layout: layout)
    trace = Trace(enabled: configuration.tracing)
  }

  /// The features both sides use.
  public var negotiated: VirtioFeatures { registers.negotiated }
}
