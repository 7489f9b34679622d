import Synchronization

/// A guest-physical address.
public typealias GuestAddress = UInt64

/// Guest RAM, the only thing the driver and the device share: read and written at guest-physical addresses,
/// checked, little-endian (VIRTIO 1.x 2.4 "Structure Size and Alignment": le16/le32/le64).
///
/// The rings reach memory only through these accessors, whatever is behind them (rust-vmm's `vm-memory` shape):
/// - ``init(size:)``: zeroed bytes the engine owns, at address 0 (lessons, tests);
/// - ``init(regions:)``: a table of regions mapped from a live guest (vhost-user `SET_MEM_TABLE`), shared with
///   the guest; the ring code's fences are real memory fences there;
/// - ``init(image:base:)``: a read-only copy of a dump or a RAM file, for inspection.
///
/// Guest RAM is one object, like a VM's RAM: copies of a `GuestMemory` (and of a queue holding it) share the same
/// bytes, and nothing ever copies it whole. History is a write log instead (``startJournal()``,
/// ``view(at:)``, ``rewind(to:)``).
///
/// Every range is checked, including 64-bit overflow of `address + length`, and a bad range throws
/// ``VirtqueueError/Kind/addressOutOfRange`` instead of trapping. A range that straddles two regions is refused.
public struct GuestMemory: Equatable, @unchecked Sendable {
  var backing: GuestMemoryBacking
  // The largest region, cached so that the common access is one subtraction and two compares.
  var hotBase: UnsafeMutableRawPointer
  var hotStart: GuestAddress
  var hotSize: UInt64
  var hotWritable: Bool

  /// The most bytes one owned guest memory may have (the script's `memory=` cap, and every implicit size).
  public static let maximumOwnedSize = 256 << 20

  /// Zeroed guest memory of `size` bytes at guest-physical address 0 (at most ``maximumOwnedSize``; larger sizes
  /// are clamped, so callers check with ``checkOwnedSize(_:)`` first).
  public init(size: Int) {
    self.init(backing: GuestMemoryBacking(ownedSize: min(max(0, size), Self.maximumOwnedSize)))
  }

  /// Guest RAM made of regions that someone else mapped (each `owner` keeps its mapping alive).
  public init(regions: [GuestMemoryRegion]) throws(VirtqueueError) {
    self.init(backing: try GuestMemoryBacking(mapped: regions))
  }

  /// A read-only image of `bytes` starting at guest-physical address `base` (a dump, or a guest's RAM file).
  public init(image bytes: [UInt8], base: GuestAddress = 0) {
    self.init(backing: GuestMemoryBacking(image: bytes, base: base))
  }

  init(backing: GuestMemoryBacking) {
    self.backing = backing
    let hot = backing.regions.max { $0.size < $1.size }
    hotBase = hot?.base ?? UnsafeMutableRawPointer(bitPattern: 1)!
    hotStart = hot?.guestPhysicalAddress ?? 0
    hotSize = hot?.size ?? 0
    hotWritable = hot?.isWritable ?? false
  }

  /// Throws `address-out-of-range` unless `size` bytes fit under ``maximumOwnedSize``.
  public static func checkOwnedSize(_ size: UInt64, what: String) throws(VirtqueueError) {
    guard size <= UInt64(maximumOwnedSize) else {
      throw VirtqueueError(
        .addressOutOfRange, "\(what) needs \(size) bytes of guest memory, more than the 256M the tutor allows")
    }
  }

  public static func == (a: GuestMemory, b: GuestMemory) -> Bool {
    a.backing === b.backing || (a.regions.map(\.guestPhysicalAddress) == b.regions.map(\.guestPhysicalAddress) && a.bytes == b.bytes)
  }

  /// The regions, sorted by guest-physical address.
  public var regions: [GuestMemoryRegion] { backing.regions }
  /// Whether the memory is shared with another party (a live guest), so fences must be real.
  public var isShared: Bool { backing.kind == .mapped }
  /// Whether the memory may be written.
  public var isWritable: Bool { backing.regions.allSatisfy(\.isWritable) }

  /// The number of bytes from address 0 to the end of the highest region.
  public var size: Int { Int(clamping: backing.regions.last?.end ?? 0) }

  /// All bytes from address 0 to ``size`` (holes read as zero). For small memories: dumps, tests.
  public var bytes: [UInt8] {
    var result = [UInt8](repeating: 0, count: size)
    result.withUnsafeMutableBytes { target in
      for region in backing.regions where region.guestPhysicalAddress < UInt64(size) {
        let count = Int(min(region.size, UInt64(size) - region.guestPhysicalAddress))
        target.baseAddress!.advanced(by: Int(region.guestPhysicalAddress)).copyMemory(from: region.base, byteCount: count)
      }
    }
    return result
  }

  /// Whether `[address, address + length)` lies inside one region (no overflow, no wrap).
  public func contains(_ address: GuestAddress, length: UInt64) -> Bool {
    hotOffset(address, length) != nil || backing.region(containing: address, length: length) != nil
  }

  /// Throws `address-out-of-range` unless `[address, address + length)` lies inside guest memory.
  public func checkRange(_ address: GuestAddress, length: UInt64, what: @autoclosure () -> String)
    throws(VirtqueueError)
  {
    guard contains(address, length: length) else { throw outOfRange(address, length, what()) }
  }

  // Errors and the other regions are off the hot path: kept out of line so that every access inlines only the
  // hot-region check.
  @inline(never) func outOfRange(_ address: GuestAddress, _ length: UInt64, _ what: String) -> VirtqueueError {
    let map = backing.regions.map { "\(hex($0.guestPhysicalAddress))–\(hex($0.end))" }.joined(separator: ", ")
    return VirtqueueError(
      .addressOutOfRange, "\(what) at \(hex(address)) length \(length) is outside guest memory (\(map.isEmpty ? "none" : map))")
  }

  /// The byte offset of `address` in the hot region, if the whole range is inside it.
  @inline(__always) func hotOffset(_ address: GuestAddress, _ length: UInt64) -> Int? {
    let offset = address &- hotStart
    guard address >= hotStart, offset <= hotSize, length <= hotSize &- offset else { return nil }
    return Int(truncatingIfNeeded: offset)
  }

  /// Where `[address, address + length)` is in this process, or nil.
  @inline(__always) func pointer(_ address: GuestAddress, _ length: UInt64) -> UnsafeMutableRawPointer? {
    if let offset = hotOffset(address, length) { return hotBase + offset }
    return coldPointer(address, length)
  }

  /// ``pointer(_:_:)`` outside the hot region.
  @inline(never) func coldPointer(_ address: GuestAddress, _ length: UInt64) -> UnsafeMutableRawPointer? {
    guard let region = backing.region(containing: address, length: length) else { return nil }
    return region.base + Int(truncatingIfNeeded: address &- region.guestPhysicalAddress)
  }

  /// Where a write of `[address, address + length)` goes, after copy-on-write of owned memory; throws for a range
  /// outside memory or a read-only region.
  @inline(__always) mutating func writablePointer(_ address: GuestAddress, _ length: UInt64) throws(VirtqueueError)
    -> UnsafeMutableRawPointer
  {
    if hotWritable, let offset = hotOffset(address, length) { return hotBase + offset }
    return try coldWritablePointer(address, length)
  }

  /// ``writablePointer(_:_:)`` outside the hot region (or in read-only memory).
  @inline(never) func coldWritablePointer(_ address: GuestAddress, _ length: UInt64) throws(VirtqueueError)
    -> UnsafeMutableRawPointer
  {
    guard let region = backing.region(containing: address, length: length) else {
      throw outOfRange(address, length, "write")
    }
    guard region.isWritable else {
      throw VirtqueueError(.addressOutOfRange, "write at \(hex(address)) length \(length): this guest memory is a read-only image")
    }
    return region.base + Int(truncatingIfNeeded: address &- region.guestPhysicalAddress)
  }

  // MARK: - Typed access

  /// Reads a little-endian integer at `address`.
  @inline(__always) public func load<T: FixedWidthInteger & UnsignedInteger>(_: T.Type = T.self, at address: GuestAddress)
    throws(VirtqueueError) -> T
  {
    guard let p = pointer(address, UInt64(MemoryLayout<T>.size)) else {
      throw outOfRange(address, UInt64(MemoryLayout<T>.size), "read")
    }
    return T(littleEndian: p.loadUnaligned(as: T.self))
  }

  /// Writes a little-endian integer at `address`.
  @inline(__always) public mutating func store<T: FixedWidthInteger & UnsignedInteger>(_ value: T, at address: GuestAddress)
    throws(VirtqueueError)
  {
    let p = try writablePointer(address, UInt64(MemoryLayout<T>.size))
    if backing.journal != nil {
      var le = value.littleEndian
      withUnsafeBytes(of: &le) { journal(address, MemoryLayout<T>.size, at: p, new: $0.baseAddress!) }
    }
    p.storeBytes(of: value.littleEndian, as: T.self)
  }

  // MARK: - Ring fields (one check per operation, QEMU's MemoryRegionCache)

  /// Whether the rings of `layout` lie in one writable region of this memory with no write log kept: the ring
  /// code asks once per operation, and then reads and writes the ring's own fields (whose addresses come from the
  /// layout, never from guest data) with ``ringLoad(at:)`` and ``ringStore(_:at:)``, without a range check per
  /// field. Buffer and indirect-table addresses, which the guest supplies, always go through the checked accessors.
  @inline(__always) public func holdsRing(_ layout: SplitLayout) -> Bool {
    hotWritable && backing.journal == nil && hotOffset(layout.ringStart, layout.ringLength) != nil
  }

  /// The rings of `layout` as one view of plain memory for this operation, when ``holdsRing(_:)`` accepts them
  /// (the untraced hot paths of the split ring use it; nil sends them to the checked, traced path).
  @inline(__always) func splitRing(_ layout: SplitLayout) -> SplitRingView? {
    guard holdsRing(layout) else { return nil }
    return SplitRingView(base: hotBase, regionStart: hotStart, layout: layout)
  }

  /// Reads a little-endian ring field at `address`, inside a ring ``holdsRing(_:)`` accepted.
  @inline(__always) func ringLoad<T: FixedWidthInteger & UnsignedInteger>(_: T.Type = T.self, at address: GuestAddress) -> T {
    assert(hotOffset(address, UInt64(MemoryLayout<T>.size)) != nil, "ring field outside the checked ring")
    return T(littleEndian: (hotBase + Int(truncatingIfNeeded: address &- hotStart)).loadUnaligned(as: T.self))
  }

  /// Writes a little-endian ring field at `address`, inside a ring ``holdsRing(_:)`` accepted (so no write log).
  @inline(__always) mutating func ringStore<T: FixedWidthInteger & UnsignedInteger>(_ value: T, at address: GuestAddress) {
    assert(hotWritable && backing.journal == nil && hotOffset(address, UInt64(MemoryLayout<T>.size)) != nil)
    (hotBase + Int(truncatingIfNeeded: address &- hotStart)).storeBytes(of: value.littleEndian, as: T.self)
  }

  // MARK: - Ordering (the barriers the rings need, real only when the memory is shared)

  /// `virtio_wmb()` / `smp_wmb()`: earlier stores are visible before later ones.
  @inline(__always) public func releaseFence() {
    if backing.kind == .mapped { atomicMemoryFence(ordering: .releasing) }
  }

  /// `virtio_rmb()` / `smp_rmb()`: later loads see at least what the earlier load saw.
  @inline(__always) public func acquireFence() {
    if backing.kind == .mapped { atomicMemoryFence(ordering: .acquiring) }
  }

  /// `virtio_mb()` / `smp_mb()`: a full barrier between stores and the loads after them.
  @inline(__always) public func fullFence() {
    if backing.kind == .mapped { atomicMemoryFence(ordering: .sequentiallyConsistent) }
  }

  // MARK: - History (the write log)

  /// Starts recording every write (address, old bytes, new bytes). Idempotent.
  public func startJournal() {
    if backing.journal == nil { backing.journal = WriteJournal() }
  }

  /// Whether writes are being recorded.
  public var isJournaling: Bool { backing.journal != nil }

  /// The number of writes recorded so far: a point in this memory's history.
  public var journalPosition: Int { backing.journal?.position ?? 0 }

  /// The memory as it was at `position` (undoing, as it reads, every write recorded after it). Without a journal
  /// the view shows the memory as it is.
  public func view(at position: Int) -> GuestMemoryView { GuestMemoryView(memory: self, position: position) }

  /// The memory as it is now, as a view.
  public var currentView: GuestMemoryView { view(at: journalPosition) }

  /// Undoes every write recorded after `position` and forgets them: the bytes are exactly what they were then.
  public func rewind(to position: Int) {
    guard var journal = backing.journal, position < journal.position else { return }
    for r in journal.records[max(0, position)...].reversed() {
      guard let p = pointer(r.address, UInt64(r.count)) else { continue }
      journal.oldBytes(r).withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: r.count) }
    }
    journal.truncate(to: max(0, position))
    backing.journal = journal
  }

  func journal(_ address: GuestAddress, _ count: Int, at p: UnsafeMutableRawPointer, new: UnsafeRawPointer) {
    backing.journal!.record(address: address, count: count, old: p, new: new)
  }

  /// The bytes of `[address, address + count)` as they were at `position` (nil when outside memory).
  func bytes(at address: GuestAddress, count: Int, asOf position: Int) -> [UInt8]? {
    guard var bytes = try? read(at: address, count: count) else { return nil }
    backing.journal?.undo(after: position, into: &bytes, at: address)
    return bytes
  }
}
