/// The ways the tutor moves data between a guest and a device (reference `virtio.md` §1.1, §4.6, §6.4).
///
/// The blog's Motivation section names the first three ways to give a VM a network card (a fully emulated
/// device, device assignment, a paravirtual virtio device); the fourth is Bettan's increment-edu example device,
/// the seed's own code (§1.2, §1.3); the fifth is a virtio-blk disk, whose requests QEMU can handle in an
/// `-object iothread` rather than the main loop (§4.6 step 2, §4.7).
public enum Flow: String, CaseIterable, Equatable, Hashable, Sendable {
  /// Full virtualization: the unmodified driver talks to an emulated NIC register by register; every access traps.
  case emulated
  /// Device assignment (VFIO passthrough): the NIC's BAR is mapped into the guest and the NIC DMAs through the IOMMU.
  case assigned
  /// Paravirtual virtio-net on the real split-virtqueue engine.
  case virtio
  /// Bettan's increment-edu device: one `requestq` of size 1, a 2-entry indirect table, INTx plus an ISR read.
  case increment
  /// Paravirtual virtio-blk on the real split-virtqueue engine: a disk read or write, handled in an iothread (or
  /// QEMU's main loop with `iothread` off).
  case blk

  /// The flows `compare` runs side by side, in display order.
  public static let compared: [Flow] = [.emulated, .assigned, .virtio]

  /// A short human title.
  public var title: String {
    switch self {
    case .emulated: return "emulated NIC (full virtualization)"
    case .assigned: return "device assignment (VFIO passthrough)"
    case .virtio: return "paravirtual virtio-net"
    case .increment: return "increment-edu (Bettan's virtio example device)"
    case .blk: return "paravirtual virtio-blk (a disk request)"
    }
  }

  /// Parses a flow name (`emulated`, `assigned`, `virtio`, `increment`, `blk`, case-insensitive; `passthrough`,
  /// `virtio-net` and `virtio-blk` are accepted as aliases).
  public init?(name: String) {
    switch name.lowercased() {
    case "emulated", "emulation", "full": self = .emulated
    case "assigned", "assignment", "passthrough", "vfio": self = .assigned
    case "virtio", "virtio-net", "paravirtual": self = .virtio
    case "increment", "increment-edu", "example": self = .increment
    case "blk", "virtio-blk", "disk": self = .blk
    default: return nil
    }
  }
}
