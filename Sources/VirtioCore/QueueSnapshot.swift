/// A typed picture of one split virtqueue at one moment, computed by the engine for everyone who shows a queue.
///
/// Who holds each descriptor (free, the driver, available to the device, in the device, used), every chain as
/// head → descriptors → buffers (and its indirect table), the public indices and each side's private ones, and the
/// event fields — read from guest memory at the moment (a write-log view) and from the two sides' private state.
/// The TUI draws this; it never works ring state out for itself. Without our driver (a real guest's queue), the
/// owners come from the device's private state and the rings alone.
public struct QueueSnapshot: Sendable {
  /// Who holds a descriptor.
  public enum Owner: String, CaseIterable, Equatable, Hashable, Sendable {
    /// On the driver's free list (or, for a real guest, not referenced by anything the device can see).
    case free
    /// In a chain the driver added but has not published (its head is past `avail.idx`).
    case driver
    /// Published in the available ring, not yet taken by the device.
    case available
    /// Taken by the device (popped) and not returned yet (QEMU `inuse`).
    case device
    /// Returned through the used ring, not yet reclaimed by the driver.
    case used
  }

  /// One descriptor of the table as it is in memory, with its owner.
  public struct Descriptor: Equatable, Sendable {
    public var index: Int
    public var address: GuestAddress
    public var length: UInt32
    public var flags: DescriptorFlags
    public var next: UInt16
    public var owner: Owner
  }

  /// A chain: its head, owner, the table descriptors it occupies, its buffers and its indirect table.
  public struct Chain: Equatable, Sendable {
    public var head: UInt16
    public var owner: Owner
    /// Descriptor-table indices in chain order (the head alone when the chain uses an indirect table).
    public var descriptors: [Int]
    public var buffers: [DescriptorChain.Buffer]
    public var indirectTable: DescriptorChain.IndirectTable?
  }

  /// The layout of the queue.
  public let layout: SplitLayout
  /// The negotiated features.
  public let features: VirtioFeatures
  /// Guest memory at the snapshot's moment.
  public internal(set) var memory: GuestMemoryView
  /// The device's `last_avail_idx` (QEMU).
  public internal(set) var lastAvailIdx: UInt16
  /// The device's shadow of `used.idx` (QEMU `used_idx`).
  public internal(set) var deviceUsedIdx: UInt16
  /// The value the driver last wrote to `avail.idx` (nil without our driver).
  public internal(set) var publishedIdx: UInt16?
  /// The driver's `avail_idx_shadow` (Linux), including unpublished chains.
  public internal(set) var availIdxShadow: UInt16?
  /// The driver's `last_used_idx` (Linux).
  public internal(set) var lastUsedIdx: UInt16?
  /// The driver's free descriptors (Linux `num_free`).
  public internal(set) var numFree: Int?
  /// Owners of the descriptors that are not free.
  public internal(set) var owners: [Int: Owner] = [:]
  /// Chains the driver has outstanding (or the device holds), by head.
  public internal(set) var chains: [UInt16: Chain] = [:]
  /// Descriptors the driver is writing for a chain it has not finished adding (a command in progress).
  public internal(set) var beingBuilt: [Int] = []
  /// Heads the device holds, oldest first.
  public internal(set) var inFlight: [UInt16] = []
  /// Whether our driver's private state is part of the snapshot (false for a real guest's queue).
  public let hasDriver: Bool

  /// A snapshot of `queue`, with memory as in `memory` (default: now).
  public init(_ queue: Virtqueue, memory: GuestMemoryView? = nil) {
    self.init(layout: queue.layout, memory: memory ?? queue.memory.currentView, device: queue.device, driver: queue.driver)
  }

  /// A snapshot from the device's private state and, if we are the driver too, the driver's.
  public init(layout: SplitLayout, memory: GuestMemoryView, device: SplitDevice, driver: SplitDriver?) {
    self.layout = layout
    self.memory = memory
    features = device.features.union(driver?.features ?? [])
    lastAvailIdx = device.lastAvailIdx
    deviceUsedIdx = device.usedIdx
    publishedIdx = driver?.publishedIdx
    availIdxShadow = driver?.availIdxShadow
    lastUsedIdx = driver?.lastUsedIdx
    numFree = driver?.numFree
    hasDriver = driver != nil
    inFlight = device.inFlight.map(\.head)
    if let driver {
      for head in 0..<layout.size {
        guard let record = driver.outstanding(head: UInt16(head)) else { continue }
        chains[UInt16(head)] = Chain(
          head: UInt16(head), owner: .driver, descriptors: record.descriptors.map(Int.init), buffers: record.buffers,
          indirectTable: record.indirectTable)
      }
    }
    for chain in device.inFlight where chains[chain.head] == nil {
      chains[chain.head] = Chain(
        head: chain.head, owner: .device, descriptors: chain.descriptorIndices, buffers: chain.buffers,
        indirectTable: chain.indirectTable)
    }
    classify()
  }

  /// Works out every chain's owner from where its head is in the rings and what the device holds.
  mutating func classify() {
    owners = [:]
    for head in chains.keys { chains[head]!.owner = .driver }
    let published = publishedIdx ?? availIdx
    for k in 0..<min(Int(published &- lastAvailIdx), layout.size) {
      if let head = availHead(lastAvailIdx &+ UInt16(truncatingIfNeeded: k)) { mark(head, .available, create: !hasDriver) }
    }
    if let shadow = availIdxShadow, let published = publishedIdx {
      for k in 0..<min(Int(shadow &- published), layout.size) {
        if let head = availHead(published &+ UInt16(truncatingIfNeeded: k)) { mark(head, .driver, create: false) }
      }
    }
    if let lastUsed = lastUsedIdx {
      for k in 0..<min(Int(deviceUsedIdx &- lastUsed), layout.size) {
        let slot = layout.slot(lastUsed &+ UInt16(truncatingIfNeeded: k))
        if let id = try? memory.load(UInt32.self, at: layout.usedElement(slot)), id < UInt32(layout.size) {
          mark(UInt16(id), .used, create: false)
        }
      }
    }
    for head in inFlight { mark(head, .device, create: false) }
    for index in beingBuilt where owners[index] == nil { owners[index] = .driver }
    for (head, chain) in chains where chain.owner == .driver {
      // Without our driver, a chain the device neither sees available nor holds is the guest's business again.
      if hasDriver { mark(head, .driver, create: false) } else { chains[head] = nil }
    }
  }

  private mutating func mark(_ head: UInt16, _ owner: Owner, create: Bool) {
    if chains[head] == nil {
      guard create, Int(head) < layout.size else { return }
      chains[head] = Chain(head: head, owner: owner, descriptors: [Int(head)], buffers: [], indirectTable: nil)
    }
    chains[head]!.owner = owner
    for index in chains[head]!.descriptors where index >= 0 && index < layout.size { owners[index] = owner }
  }

  func availHead(_ index: UInt16) -> UInt16? {
    guard let head = try? memory.load(UInt16.self, at: layout.availEntry(layout.slot(index))), Int(head) < layout.size else {
      return nil
    }
    return head
  }

  // MARK: - Reading

  /// The owner of descriptor `index`.
  public func owner(of index: Int) -> Owner { owners[index] ?? .free }

  /// Descriptor `index` as it is in memory (zeros where memory cannot be read).
  public func descriptor(_ index: Int) -> Descriptor {
    let base = layout.descriptor(index)
    return Descriptor(
      index: index, address: (try? memory.load(UInt64.self, at: base)) ?? 0,
      length: (try? memory.load(UInt32.self, at: base + 8)) ?? 0,
      flags: DescriptorFlags(rawValue: (try? memory.load(UInt16.self, at: base + 12)) ?? 0),
      next: (try? memory.load(UInt16.self, at: base + 14)) ?? 0, owner: owner(of: index))
  }

  /// The value of a ring field in memory at the snapshot's moment (0 when unreadable).
  public func value(_ field: RingField) -> UInt64 {
    guard let (address, width) = layout.location(of: field) else { return 0 }
    switch width {
    case 2: return UInt64((try? memory.load(UInt16.self, at: address)) ?? 0)
    case 4: return UInt64((try? memory.load(UInt32.self, at: address)) ?? 0)
    case 8: return (try? memory.load(UInt64.self, at: address)) ?? 0
    default: return 0
    }
  }

  /// `avail.idx` in memory.
  public var availIdx: UInt16 { UInt16(truncatingIfNeeded: value(.availIdx)) }
  /// `used.idx` in memory.
  public var usedIdx: UInt16 { UInt16(truncatingIfNeeded: value(.usedIdx)) }
  /// The chains by owner, heads in ascending order.
  public func chains(ownedBy owner: Owner) -> [Chain] {
    chains.values.filter { $0.owner == owner }.sorted { $0.head < $1.head }
  }
  /// The first `count` bytes of a buffer (fewer if it is shorter or unreadable).
  public func firstBytes(of buffer: DescriptorChain.Buffer, count: Int = 8) -> [UInt8] {
    (try? memory.read(at: buffer.address, count: min(count, Int(buffer.length)))) ?? []
  }
  /// The entries of an indirect table as they are in memory.
  public func entries(of table: DescriptorChain.IndirectTable) -> [Descriptor] {
    (0..<min(table.count, 4096)).map { i in
      let base = table.address &+ 16 * UInt64(i)
      return Descriptor(
        index: i, address: (try? memory.load(UInt64.self, at: base)) ?? 0,
        length: (try? memory.load(UInt32.self, at: base &+ 8)) ?? 0,
        flags: DescriptorFlags(rawValue: (try? memory.load(UInt16.self, at: base &+ 12)) ?? 0),
        next: (try? memory.load(UInt16.self, at: base &+ 14)) ?? 0, owner: .free)
    }
  }
}
