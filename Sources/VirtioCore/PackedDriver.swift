/// The driver (guest) side of a packed virtqueue, shaped like Linux `drivers/virtio/virtio_ring.c`
/// (`virtqueue_add_packed`, `virtqueue_kick_prepare_packed`, `virtqueue_get_buf_ctx_packed`).
///
/// Private state: the Buffer ID free list (Linux `desc_extra[].next`, one entry per descriptor), `desc_state` per
/// id, `next_avail_idx` with the avail wrap counter and `avail_used_flags`, `last_used_idx` with the used wrap
/// counter, and the shadow of the driver event flags. Everything the device sees goes through ``GuestMemory``.
///
/// ``add(readable:writable:memory:trace:)`` writes every field of the chain except the first descriptor's flags;
/// ``publish(memory:trace:)`` writes those after a write barrier. Linux does both in one call; the tutor keeps
/// them apart so the moment a chain becomes visible is a step of its own, as `avail.idx` is for the split ring.
public struct PackedDriver: Equatable, Sendable {
  /// When the driver puts a multi-buffer chain into an indirect table (the split ring's rule, Linux
  /// `virtqueue_use_indirect`).
  public typealias IndirectPolicy = SplitDriver.IndirectPolicy

  /// What the driver remembers about a buffer it made available (Linux `desc_state[id]`).
  public struct Outstanding: Equatable, Sendable {
    /// Ring slots used, in chain order (one when indirect): Linux `desc_state[id].num` is their count.
    public var slots: [Int]
    /// The last `desc_extra` entry the chain took from the free list (Linux `desc_state[id].last`).
    public var last: UInt16
    /// The buffers, as the driver built them.
    public var buffers: [DescriptorChain.Buffer]
    /// The indirect table, if one was used.
    public var indirectTable: DescriptorChain.IndirectTable?
    /// Whether the driver allocated the buffers (and releases them when the device returns them).
    public var ownsBuffers: Bool
  }

  /// A chain written but whose first descriptor's flags are held back until ``publish(memory:trace:)``.
  public struct PendingHead: Equatable, Sendable {
    /// The chain's first slot and the flags it will get.
    public var slot: Int
    public var flags: PackedDescriptorFlags
    /// Where the next chain starts after this one, and the wrap counter there.
    public var end: Int
    public var endWrap: Bool
    /// Ring descriptors the chain uses.
    public var count: Int
  }

  /// Linux `desc_extra[i]` without `next` (that is ``links``): one buffer of an outstanding chain as the driver
  /// wrote it, kept so the chain can be released and its written bytes collected without trusting the ring. A
  /// chain's entries are its Buffer ID and the free-list entries after it (with VIRTIO_F_IN_ORDER: its slots).
  struct SlotBuffer: Equatable, Sendable {
    var address: GuestAddress = 0
    var length: UInt32 = 0
    var isWritable = false
  }

  /// Linux `desc_state[id]` as plain values: no arrays per id, so adding and reclaiming copy nothing.
  struct IDState: Equatable, Sendable {
    var isOutstanding = false
    /// The ring slot of the chain's first descriptor.
    var firstSlot = 0
    /// Ring slots used (Linux `desc_state[id].num`; one when indirect).
    var slotCount = 0
    /// The last free-list entry the chain took (Linux `desc_state[id].last`).
    var last: UInt16 = 0
    /// Whether the driver allocated the buffers.
    var ownsBuffers = true
    /// The indirect table, if one was used (its buffers are in `indirectBuffers`).
    var indirectTable: DescriptorChain.IndirectTable?
  }

  /// The layout the driver allocated.
  public let layout: PackedLayout
  /// The negotiated features.
  public internal(set) var features: VirtioFeatures = []
  /// When to use indirect tables.
  public var indirectPolicy: IndirectPolicy = .auto
  /// The guest allocator for buffers and indirect tables.
  public var allocator: GuestAllocator

  /// Head of the Buffer ID free list (Linux `free_head`).
  public internal(set) var freeHead: UInt16 = 0
  /// Number of free descriptors (Linux `num_free`).
  public internal(set) var numFree: Int
  /// `desc_extra[i].next`: the free list's links.
  public internal(set) var links: [UInt16]
  /// Linux `packed.next_avail_idx`: the ring slot the next chain starts at.
  public internal(set) var nextAvailIdx = 0
  /// Linux `packed.avail_wrap_counter`: starts at 1, flips each time the driver passes the last slot.
  public internal(set) var availWrapCounter = true
  /// Linux `packed.avail_used_flags`: AVAIL = wrap, USED = !wrap (flipped mid-chain at the ring end).
  public internal(set) var availUsedFlags: PackedDescriptorFlags = .avail
  /// Chains written but not yet visible, oldest first.
  public var pending: [PendingHead] { pendingHeads.elements }
  var pendingHeads: PackedFIFO<PendingHead>
  /// The slot after the last published chain and the wrap counter there.
  public internal(set) var publishedIdx = 0
  public internal(set) var publishedWrap = true
  /// Descriptors published since the last kick decision (Linux `num_added`, in descriptors for packed).
  public internal(set) var numAdded = 0
  /// Linux `last_used_idx` (the slot part): the next slot to look at for a used descriptor.
  public internal(set) var lastUsedIdx = 0
  /// Linux `packed.used_wrap_counter` (bit 15 of `last_used_idx` in newer kernels).
  public internal(set) var usedWrapCounter = true
  /// Linux `packed.event_flags_shadow`: what the driver last wrote to `driver_event.flags`.
  public internal(set) var eventFlagsShadow = PackedEvent.enable
  /// Linux in-order `batch_last`: the id and length of the used descriptor that ends the current batch.
  public internal(set) var batchLast: (id: UInt16, length: UInt32)? {
    get { batchLastID.map { ($0, batchLastLength) } }
    set { batchLastID = newValue?.id; batchLastLength = newValue?.length ?? 0 }
  }
  var batchLastID: UInt16?
  var batchLastLength: UInt32 = 0
  /// `desc_state[id]` for every id (built on demand, for inspection); meaningful where ``isOutstanding(_:)``.
  public var states: [Outstanding] { (0..<layout.size).map { record(of: UInt16($0)) } }
  var idStates: [IDState]
  /// `desc_extra`: the buffers of outstanding direct chains, at their chains' entries (see ``SlotBuffer``).
  var extra: [SlotBuffer]
  /// The buffers of outstanding chains that went into an indirect table, by Buffer ID.
  var indirectBuffers: [UInt16: [DescriptorChain.Buffer]] = [:]
  /// The buffers of the chain being added, before its descriptors are written.
  var staged = StagedBuffers()
  /// Number of outstanding buffers.
  public internal(set) var outstandingCount = 0
  /// Set after the device returned something impossible (Linux `vq->broken`).
  public internal(set) var isBroken = false

  /// Scratch storage for one add; not part of the driver's state (two drivers that differ only here are equal).
  struct StagedBuffers: Equatable, Sendable {
    var table = ResolvedBuffers()
    static func == (_: StagedBuffers, _: StagedBuffers) -> Bool { true }
  }

  /// Creates the driver side for `layout`, handing out buffers from `allocator`.
  public init(layout: PackedLayout, allocator: GuestAllocator) {
    self.layout = layout
    self.allocator = allocator
    numFree = layout.size
    links = (0..<layout.size).map { UInt16(truncatingIfNeeded: $0 + 1) }
    idStates = Array(repeating: IDState(), count: layout.size)
    extra = Array(repeating: SlotBuffer(), count: layout.size)
    pendingHeads = PackedFIFO(capacity: layout.size, filler: PendingHead(slot: 0, flags: [], end: 0, endWrap: true, count: 0))
  }

  /// Whether buffer `id` is outstanding (Linux `desc_state[id].data != NULL`).
  public func isOutstanding(_ id: UInt16) -> Bool { Int(id) < idStates.count && idStates[Int(id)].isOutstanding }
  /// The outstanding buffer with this id.
  public func outstanding(_ id: UInt16) -> Outstanding? { isOutstanding(id) ? record(of: id) : nil }
  /// With VIRTIO_F_IN_ORDER the Buffer ID is the ring slot of the chain's first descriptor (Linux
  /// `PACKED_IN_ORDER`), and the device may return a whole batch with one used descriptor.
  public var inOrder: Bool { features.contains(.inOrder) }

  /// The record of `id` as a value (its slots and buffers), built from the plain state.
  func record(of id: UInt16) -> Outstanding {
    guard Int(id) < idStates.count else { return Outstanding(slots: [], last: 0, buffers: [], indirectTable: nil, ownsBuffers: true) }
    let state = idStates[Int(id)]
    let slots = (0..<state.slotCount).map { layout.advance(state.firstSlot, by: $0).slot }
    var buffers = indirectBuffers[id] ?? []
    if state.indirectTable == nil {
      var entry = Int(id)
      for s in slots {
        let b = extra[entry]
        buffers.append(DescriptorChain.Buffer(address: b.address, length: b.length, isWritable: b.isWritable, source: .packed(.descriptor(s, .addr))))
        entry = nextEntry(after: entry)
      }
    }
    return Outstanding(slots: slots, last: state.last, buffers: buffers, indirectTable: state.indirectTable, ownsBuffers: state.ownsBuffers)
  }

  /// The `desc_extra` entry after `entry` in a chain: the free-list link, or with VIRTIO_F_IN_ORDER the next slot.
  @inline(__always) func nextEntry(after entry: Int) -> Int { inOrder ? layout.advance(entry).slot : Int(links[entry]) }

  /// Whether a chain of `count` buffers goes into an indirect table under the current policy.
  public func usesIndirect(bufferCount count: Int) -> Bool {
    switch indirectPolicy {
    case .auto: return features.contains(.indirectDesc) && count > 1 && numFree > 0
    case .always: return true
    case .never: return false
    }
  }

  mutating func markBroken() { isBroken = true }
  mutating func setFeatures(_ f: VirtioFeatures) { features = f }
}
