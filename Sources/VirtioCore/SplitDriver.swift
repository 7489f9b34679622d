/// The driver (guest) side of a split virtqueue, shaped like Linux `drivers/virtio/virtio_ring.c`.
///
/// Private state: the free-descriptor list (Linux keeps it in `desc_extra[].next`, outside the shared ring), the
/// shadow available index, `last_used_idx`, and what each outstanding head holds. Everything the device sees goes
/// through ``GuestMemory``.
public struct SplitDriver: Equatable, Sendable {
  /// When the driver puts a multi-buffer chain into an indirect table.
  public enum IndirectPolicy: String, Equatable, Sendable, CaseIterable {
    /// Linux's rule (`virtqueue_use_indirect`): negotiated, more than one buffer, and at least one free descriptor.
    case auto
    /// Always, for any chain (requires VIRTIO_F_INDIRECT_DESC).
    case always
    /// Never: chain descriptors in the table.
    case never
  }

  /// What the driver remembers about a chain it made available (Linux `desc_state` / `desc_extra`).
  public struct Outstanding: Equatable, Sendable {
    /// Ring descriptors used, in chain order (one when indirect).
    public var descriptors: [UInt16]
    /// The buffers, as the driver built them.
    public var buffers: [DescriptorChain.Buffer]
    /// The indirect table, if one was used.
    public var indirectTable: DescriptorChain.IndirectTable?
  }

  /// The layout the driver allocated.
  public let layout: SplitLayout
  /// The negotiated features.
  public internal(set) var features: VirtioFeatures = []
  /// When to use indirect tables.
  public var indirectPolicy: IndirectPolicy = .auto
  /// The guest allocator for buffers and indirect tables.
  public var allocator: GuestAllocator

  /// Head of the free-descriptor list.
  public internal(set) var freeHead: UInt16 = 0
  /// Number of free descriptors (Linux `num_free`).
  public internal(set) var numFree: Int
  /// `desc_extra[i].next`: the free list's links (and chain links of outstanding chains).
  public var links: [UInt16] { extra.map(\.next) }
  /// Linux `avail_idx_shadow`: the avail index including chains added but not yet published.
  public internal(set) var availIdxShadow: UInt16 = 0
  /// The value last written to `avail.idx`.
  public internal(set) var publishedIdx: UInt16 = 0
  /// `avail.idx` when the driver last decided whether to kick.
  public internal(set) var kickedIdx: UInt16 = 0
  /// Linux `last_used_idx`: the next used-ring entry to reclaim.
  public internal(set) var lastUsedIdx: UInt16 = 0
  /// Whether the driver wants used-buffer notifications (the inverse of Linux's `avail_flags_shadow`).
  public internal(set) var interruptsEnabled = true
  /// The chain the device has not returned yet that starts at `head`, if any (built from `desc_extra`; no copy of
  /// the other heads).
  public func outstanding(head: UInt16) -> Outstanding? {
    Int(head) < state.count && state[Int(head)].isOutstanding ? record(of: head) : nil
  }
  /// Every chain the device has not returned yet, by ascending head (builds an array: for tests and inspection).
  public var outstandingChains: [Outstanding] {
    state.indices.filter { state[$0].isOutstanding }.map { record(of: UInt16($0)) }
  }
  /// Number of outstanding chains.
  public internal(set) var outstandingCount = 0
  /// Linux `desc_extra`: for every descriptor, the addr, len and flags the driver wrote into it, and `next`, the
  /// link of the free list and of an outstanding chain. The driver never reads the shared table back.
  var extra: [SplitDescriptor]
  /// Linux `desc_state`, per head.
  var state: [HeadState]
  /// The buffers of each head's indirect table, if it has one (Linux keeps them in the table, `indir_desc`).
  var indirectBuffers: [[DescriptorChain.Buffer]]
  /// Set after the device returned something impossible (Linux `vq->broken`).
  public internal(set) var isBroken = false
  /// VIRTIO_F_IN_ORDER: the used entry that ends the batch being reclaimed (Linux `batch_last`), nil when none is
  /// pending.
  public internal(set) var batchLast: BatchLast?
  /// VIRTIO_F_IN_ORDER: the head of the oldest outstanding chain (descriptors go out in ring order, so it is the
  /// next one the device returns).
  public internal(set) var nextUsedHead: UInt16 = 0

  /// The used element `{id, len}` that ends an in-order batch (Linux `struct used_entry batch_last`).
  public struct BatchLast: Equatable, Sendable {
    /// The head of the batch's last chain.
    public var id: UInt16
    /// `used.ring[].len` for that chain.
    public var length: UInt32
  }

  /// Whether VIRTIO_F_IN_ORDER was negotiated: descriptors are handed out in ring order (2.7.5.2: `next` is
  /// `x + 1`, and 0 after the last descriptor of the table) and the device may return a batch with one used element.
  public var inOrder: Bool { features.contains(.inOrder) }

  /// The descriptor after `index` on the free list (Linux `desc_extra[index].next`); with VIRTIO_F_IN_ORDER the next
  /// descriptor in ring order (Linux `free_head += descs_used`, wrapping).
  func link(after index: UInt16) -> UInt16 {
    inOrder ? UInt16((Int(index) + 1) % layout.size) : extra[Int(index)].next
  }

  /// What the driver keeps per head (Linux `vring_desc_state_split`).
  struct HeadState: Equatable, Sendable {
    /// Whether a chain starting here is outstanding (Linux: `data != NULL`).
    var isOutstanding = false
    /// Ring descriptors the chain uses (one when indirect).
    var descriptorCount = 0
    /// The indirect table, if the chain uses one.
    var indirectTable: DescriptorChain.IndirectTable?
  }

  /// Creates the driver side for `layout`, handing out buffers from `allocator`.
  public init(layout: SplitLayout, allocator: GuestAllocator) {
    self.layout = layout
    self.allocator = allocator
    numFree = layout.size
    extra = (0..<layout.size).map {
      SplitDescriptor(address: 0, length: 0, flags: [], next: UInt16(truncatingIfNeeded: $0 + 1))
    }
    state = Array(repeating: HeadState(), count: layout.size)
    indirectBuffers = Array(repeating: [], count: layout.size)
  }

  /// The chain at `head` as the driver built it: its ring descriptors (following `desc_extra` links) and buffers.
  func record(of head: UInt16) -> Outstanding {
    let s = state[Int(head)]
    if let table = s.indirectTable {
      return Outstanding(descriptors: [head], buffers: indirectBuffers[Int(head)], indirectTable: table)
    }
    var descriptors: [UInt16] = []
    var buffers: [DescriptorChain.Buffer] = []
    var index = head
    for _ in 0..<s.descriptorCount {
      let d = extra[Int(index)]
      descriptors.append(index)
      buffers.append(.init(address: d.address, length: d.length, isWritable: d.flags.contains(.write), source: .descriptor(Int(index), .addr)))
      index = link(after: index)
    }
    return Outstanding(descriptors: descriptors, buffers: buffers, indirectTable: nil)
  }

  /// Chains added and published since the last kick decision (Linux `num_added`).
  public var numAdded: UInt16 { publishedIdx &- kickedIdx }
  /// Chains added but not yet published.
  public var unpublished: UInt16 { availIdxShadow &- publishedIdx }

  /// Whether a chain of `count` buffers goes into an indirect table under the current policy.
  public func usesIndirect(bufferCount count: Int) -> Bool {
    switch indirectPolicy {
    case .auto: return features.contains(.indirectDesc) && count > 1 && numFree > 0
    case .always: return true
    case .never: return false
    }
  }
}
