import VirtioCore

/// The engine's device side on real guest RAM: ``GuestMemory`` over the mapped regions and a ``SplitDevice``
/// resumed at the indices QEMU hands over. The only file that builds engine values from mapped memory.
struct EngineQueue {
  var memory: GuestMemory
  var device: SplitDevice
  var trace: Trace

  /// Views the mapped regions as guest memory and resumes the device at `lastAvailIdx` (`SET_VRING_BASE`) and the
  /// `used.idx` the ring holds now (as libvhost-user does in `vu_set_vring_addr_exec`).
  init(table: MemoryTable, layout: SplitLayout, features: VirtioFeatures, lastAvailIdx: UInt16, tracing: Bool)
    throws(VirtqueueError)
  {
    memory = try Self.memory(of: table.regions)
    let usedIdx: UInt16 = try memory.load(at: layout.usedIdx)
    device = SplitDevice(layout: layout, features: features, lastAvailIdx: lastAvailIdx, usedIdx: usedIdx)
    trace = Trace(enabled: tracing)
  }

  /// Guest memory over mapped regions; each region keeps its mapping alive.
  static func memory(of regions: [MappedRegion]) throws(VirtqueueError) -> GuestMemory {
    try GuestMemory(
      regions: regions.map {
        GuestMemoryRegion(guestPhysicalAddress: $0.guestPhysicalAddress, size: $0.size, base: $0.base, writable: $0.writable, owner: $0)
      })
  }
}
