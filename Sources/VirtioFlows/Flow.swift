/// The four ways the tutor moves data between a guest and a device (reference `virtio.md` §1.1, §6.4).
///
/// The blog's Motivation section names the first three ways to give a VM a network card (a fully emulated
/// device, device assignment, a paravirtual virtio device); the fourth is Bettan's increment-edu example device,
/// the seed's own code (§1.2, §1.3).
public enum Flow: String, CaseIterable, Equatable, Hashable, Sendable {
  /// Full virtualization: the unmodified driver talks to an emulated NIC register by register; every access traps.
  case emulated
  /// Device assignment (VFIO passthrough): the NIC's BAR is mapped into the guest and the NIC DMAs through the IOMMU.
  case assigned
  /// Paravirtual virtio-net on the real split-virtqueue engine.
  case virtio
  /// Bettan's increment-edu device: one `requestq` of size 1, a 2-entry indirect table, INTx plus an ISR read.
  case increment

  /// The flows `compare` runs side by side, in display order.
  public static let compared: [Flow] = [.emulated, .assigned, .virtio]

  /// A short human title.
  public var title: String {
    switch self {
    case .emulated: return "emulated NIC (full virtualization)"
    case .assigned: return "device assignment (VFIO passthrough)"
    case .virtio: return "paravirtual virtio-net"
    case .increment: return "increment-edu (Bettan's virtio example device)"
    }
  }

  /// Parses a flow name (`emulated`, `assigned`, `virtio`, `increment`, case-insensitive; `passthrough` and
  /// `virtio-net` are accepted as aliases).
  public init?(name: String) {
    switch name.lowercased() {
    case "emulated", "emulation", "full": self = .emulated
    case "assigned", "assignment", "passthrough", "vfio": self = .assigned
    case "virtio", "virtio-net", "paravirtual": self = .virtio
    case "increment", "increment-edu", "example": self = .increment
    default: return nil
    }
  }
}
