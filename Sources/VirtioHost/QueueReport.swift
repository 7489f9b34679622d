import VirtioCore

/// One virtqueue of a QEMU guest as `inspect` shows it: QEMU's view (QMP), the ring read from guest RAM with the
/// engine, the chains still available to the device decoded and validated, and the checks between the two views.
public struct QueueReport: Sendable {
  /// One decoded chain: where it sat in the available ring and what the engine's device made of it.
  public struct Chain: Sendable {
    public var position: UInt16
    public var head: UInt16
    public var chain: DescriptorChain?
    /// The named ring error, when the chain is malformed.
    public var error: VirtqueueError?
  }

  /// One comparison between QEMU's view and guest RAM.
  public struct Check: Sendable {
    public var name: String
    public var ok: Bool
    public var detail: String
  }

  public var device: String
  public var path: String
  public var queue: Int
  public var layout: SplitLayout
  public var features: VirtioFeatures
  /// QMP `x-query-virtio-queue-status`: last-avail-idx, shadow-avail-idx, used-idx, inuse.
  public var qemuLastAvail: UInt16
  public var qemuShadowAvail: UInt16
  public var qemuUsedIdx: UInt16
  public var qemuInUse: Int
  /// Guest RAM.
  public var availFlags: UInt16
  public var availIdx: UInt16
  public var usedFlags: UInt16
  public var usedIdx: UInt16
  public var usedEvent: UInt16?
  public var availEvent: UInt16?
  /// Chains from `last-avail-idx` up to `avail.idx` (what the device has not taken yet) plus the ones in use.
  public var chains: [Chain]
  public var checks: [Check]

  /// Whether every check held and no chain is malformed.
  public var isConsistent: Bool { checks.allSatisfy(\.ok) && chains.allSatisfy { $0.error == nil } }
}
