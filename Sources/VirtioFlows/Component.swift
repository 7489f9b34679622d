/// A part of the machine that acts in a flow; the TUI draws one box per component.
///
/// The set follows the machine model: the guest's application and kernel driver, the vCPU, the
/// hypervisor (KVM), the device model in the VMM (QEMU, user space), the host kernel (ioeventfd, vhost, the tap
/// device and the host NIC driver), the IOMMU, the physical NIC and the host interrupt controller. Guest memory
/// is added as the place rings, buffers and DMA land.
public enum Component: String, CaseIterable, Equatable, Hashable, Sendable {
  case guestApplication = "guest-app"
  case guestDriver = "guest-driver"
  case guestMemory = "guest-memory"
  case vcpu
  case hypervisor = "kvm"
  case deviceModel = "qemu"
  case hostKernel = "host-kernel"
  case iommu
  case physicalNIC = "pnic"
  case interruptController = "host-irqchip"

  /// The name the TUI and text output show.
  public var displayName: String {
    switch self {
    case .guestApplication: return "guest application"
    case .guestDriver: return "guest driver"
    case .guestMemory: return "guest memory"
    case .vcpu: return "vCPU"
    case .hypervisor: return "hypervisor (KVM)"
    case .deviceModel: return "device model (QEMU)"
    case .hostKernel: return "host kernel"
    case .iommu: return "IOMMU"
    case .physicalNIC: return "physical NIC"
    case .interruptController: return "host interrupt controller"
    }
  }

  /// Whether the component runs inside the guest (the vCPU counts as the boundary and is on the guest side).
  public var isGuestSide: Bool {
    switch self {
    case .guestApplication, .guestDriver, .guestMemory, .vcpu: return true
    default: return false
    }
  }
}
