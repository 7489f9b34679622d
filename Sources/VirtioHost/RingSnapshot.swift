import Foundation
import Glibc
import VirtioCore

/// A real guest's virtqueues at one moment, small enough to check in: every QMP exchange `inspect` made and the
/// bytes of guest RAM its decoding read (each queue's descriptor table, available and used rings, and the indirect
/// tables of outstanding chains) plus the RAM size. Replayed through ``RecordedQMP`` and ``memory()``, it gives the
/// same reports as the live guest did, without QEMU; RAM outside the captured ranges (the data buffers) reads as
/// zeros, which the decoder never looks at (it checks that buffers lie in RAM, not what they hold).
public struct RingSnapshot: @unchecked Sendable {
  /// A range of guest-physical memory and its bytes.
  public struct Range: Equatable, Sendable {
    public var address: UInt64
    public var bytes: [UInt8]
    public init(address: UInt64, bytes: [UInt8]) {
      self.address = address
      self.bytes = bytes
    }
  }

  /// The QEMU version from the QMP greeting.
  public var qemuVersion: String
  /// How the snapshot was taken (the command line, for the record).
  public var capturedWith: String
  public var exchanges: [QMPExchange]
  public var ranges: [Range]
  /// Bytes of guest RAM at guest-physical 0 (the ranges lie inside it).
  public var ramSize: UInt64

  /// The most RAM a snapshot may describe (the tutor's guests have 128 MiB).
  public static let maximumRAMSize: UInt64 = 1 << 30

  public init(qemuVersion: String, capturedWith: String, exchanges: [QMPExchange], ranges: [Range], ramSize: UInt64) {
    self.qemuVersion = qemuVersion
    self.capturedWith = capturedWith
    self.exchanges = exchanges
    self.ranges = ranges
    self.ramSize = ramSize
  }

  /// Captures what `reports` were decoded from: the rings of every queue and the indirect tables of its chains,
  /// read from `memory`; ranges that touch or overlap are merged (a ring access never straddles two of them).
  public static func capture(
    qemuVersion: String, capturedWith: String, exchanges: [QMPExchange], reports: [QueueReport], memory: GuestMemory,
    ramSize: UInt64
  ) throws(VirtqueueError) -> RingSnapshot {
    var spans: [(UInt64, UInt64)] = []
    for r in reports {
      let l = r.layout
      spans.append((l.descriptorTable, l.descriptorTable + UInt64(l.descriptorTableSize)))
      spans.append((l.availRing, l.availRing + UInt64(l.availRingSize)))
      spans.append((l.usedRing, l.usedRing + UInt64(l.usedRingSize)))
      for c in r.chains { if let t = c.chain?.indirectTable { spans.append((t.address, t.address + 16 * UInt64(t.count))) } }
    }
    spans.sort { $0.0 < $1.0 }
    var merged: [(UInt64, UInt64)] = []
    for s in spans {
      if let last = merged.last, s.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, s.1) } else { merged.append(s) }
    }
    var ranges: [Range] = []
    for (start, end) in merged { ranges.append(Range(address: start, bytes: try memory.read(at: start, count: Int(end - start)))) }
    return RingSnapshot(qemuVersion: qemuVersion, capturedWith: capturedWith, exchanges: exchanges, ranges: ranges, ramSize: ramSize)
  }

  /// Guest memory of ``ramSize`` bytes (read-only), zeros except the captured ranges. Throws `address-out-of-range`
  /// for a range outside the RAM or a RAM larger than ``maximumRAMSize``.
  public func memory() throws(VirtqueueError) -> GuestMemory {
    guard ramSize > 0, ramSize <= Self.maximumRAMSize, let size = Int(exactly: ramSize) else {
      throw VirtqueueError(.addressOutOfRange, "a snapshot's RAM must be 1 byte to 1 GiB, not \(ramSize)")
    }
    for r in ranges where r.address > ramSize || UInt64(r.bytes.count) > ramSize - r.address {
      throw VirtqueueError(.addressOutOfRange, "captured range \(hexString(r.address)) + \(r.bytes.count) lies outside the \(ramSize)-byte RAM")
    }
    let store = SnapshotStore(size: size, ranges: ranges)
    return try GuestMemory(regions: [GuestMemoryRegion(guestPhysicalAddress: 0, size: ramSize, base: store.base, writable: false, owner: store)])
  }

  /// The QMP replies, for ``RingInspector/inspect(qmp:memory:)``.
  public var qmp: RecordedQMP { RecordedQMP(exchanges) }
}

/// A snapshot's RAM: zeroed pages (`calloc`: untouched pages cost nothing) with the captured ranges copied in,
/// freed with the last memory that uses it.
final class SnapshotStore: @unchecked Sendable {
  let base: UnsafeMutableRawPointer

  /// `ranges` must lie inside `size` bytes (``RingSnapshot/memory()`` checks).
  init(size: Int, ranges: [RingSnapshot.Range]) {
    base = calloc(size, 1)!
    for r in ranges where !r.bytes.isEmpty {
      r.bytes.withUnsafeBytes { (base + Int(r.address)).copyMemory(from: $0.baseAddress!, byteCount: r.bytes.count) }
    }
  }

  deinit { free(base) }
}
