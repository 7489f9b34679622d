/// The buffers of every chain the device holds, resolved and validated, in one table (QEMU keeps them in each
/// `VirtQueueElement`'s iovec arrays; here a chain is a range of this table, so popping allocates nothing once
/// the table is warm).
///
/// Chains are appended in pop order. When nothing is in flight the table starts over; when a device keeps chains
/// in flight for ever, ``compact(keeping:)`` moves the live ranges to the front, so the table stays within a few
/// times the buffers really held.
struct ResolvedBuffers: Equatable, Sendable {
  /// Where a chain's buffers are: `buffers[start..<start + count]`, and the indirect table it came from.
  struct Range: Equatable, Sendable {
    var start = 0
    var count = 0
    var indirectTable: DescriptorChain.IndirectTable?
  }

  /// The table; entries at and after ``end`` are left over from earlier chains.
  private(set) var buffers: [DescriptorChain.Buffer] = []
  /// One past the last entry in use.
  private(set) var end = 0
  /// Buffers of the chains still held (what a compaction keeps).
  private(set) var live = 0

  /// The buffer at `index` (inside a range handed out earlier).
  subscript(index: Int) -> DescriptorChain.Buffer { buffers[index] }

  /// Appends one buffer of the chain being walked.
  mutating func append(_ buffer: DescriptorChain.Buffer) {
    if end < buffers.count { buffers[end] = buffer } else { buffers.append(buffer) }
    end += 1
  }

  /// Forgets the entries after `position` (a walk that failed part-way).
  mutating func truncate(to position: Int) { end = position }

  /// A walked chain is now held.
  mutating func hold(_ range: Range) { live += range.count }

  /// A chain went back to the driver; with nothing left, the table starts over.
  mutating func release(_ range: Range, nothingLeft: Bool) {
    live -= range.count
    if nothingLeft { end = 0 }
  }

  /// Whether the table has grown well past what is held (time to ``compact(keeping:)``).
  var needsCompaction: Bool { end > 1024 && end > 4 * live }

  /// Moves the held chains' buffers to the front, in order, and updates their ranges.
  mutating func compact(keeping heads: some Sequence<UInt16>, ranges: inout [Range]) {
    var next = 0
    for head in heads {
      let r = ranges[Int(head)]
      for k in 0..<r.count { buffers[next + k] = buffers[r.start + k] }
      ranges[Int(head)].start = next
      next += r.count
    }
    end = next
  }

  /// The buffers of `range`, as an array (for inspection and the public chain values).
  func array(_ range: Range) -> [DescriptorChain.Buffer] { Array(buffers[range.start..<range.start + range.count]) }
}
