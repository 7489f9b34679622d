import VirtioFlows

/// A box of the flow diagram: a component of the machine, with QEMU drawn as one box per thread, its vCPU thread,
/// its main loop and (only for a flow that uses one, virtio-blk's) an `-object iothread`, since which thread
/// handles a hop (``Hop/thread``, from the flow model) is what tells a heavyweight exit from an eventfd wake-up, and
/// work under the big QEMU lock from work without it.
enum FlowNode: Hashable, Sendable {
  case component(Component)
  case qemu(QEMUThread)

  /// The box of `component`; QEMU's box is the one of `thread` (the vCPU thread when the model names none).
  init(_ component: Component, thread: QEMUThread?) {
    self = component == .deviceModel ? .qemu(thread ?? .vcpu) : .component(component)
  }

  /// Where a hop starts.
  static func from(_ hop: Hop) -> FlowNode { FlowNode(hop.from, thread: hop.thread) }
  /// Where a hop ends.
  static func to(_ hop: Hop) -> FlowNode { FlowNode(hop.to, thread: hop.thread) }

  /// The box of a step's actor: for QEMU, the thread of the step's first hop that runs in QEMU.
  static func actor(of step: FlowStep) -> FlowNode {
    FlowNode(step.actor, thread: step.hops.first { $0.touchesDeviceModel }?.thread)
  }

  /// Every box a step touches, its actor first.
  static func nodes(of step: FlowStep) -> [FlowNode] {
    var seen = [actor(of: step)]
    for hop in step.hops {
      for node in [from(hop), to(hop)] where !seen.contains(node) { seen.append(node) }
    }
    return seen
  }

  /// The component the box belongs to (for its colour).
  var component: Component {
    switch self {
    case .component(let component): return component
    case .qemu: return .deviceModel
    }
  }

  /// Guest boxes on the left, host boxes on the right, each with its row (the vCPU faces KVM, guest memory faces
  /// the IOMMU, QEMU's vCPU thread sits over KVM, its main loop above that and an iothread on top, on a row of its
  /// own that is closed up when no flow step uses it).
  static let left: [(FlowNode, Int)] = [
    (.component(.guestApplication), 0), (.component(.guestDriver), 1), (.component(.vcpu), 2),
    (.component(.guestMemory), 5),
  ]
  static let right: [(FlowNode, Int)] = [
    (.qemu(.iothread), -1), (.qemu(.mainLoop), 0), (.qemu(.vcpu), 1), (.component(.hypervisor), 2), (.component(.hostKernel), 3),
    (.component(.interruptController), 4), (.component(.iommu), 5), (.component(.physicalNIC), 6),
  ]

  /// The box's row slot and column.
  var slot: (row: Int, isLeft: Bool) {
    if let row = Self.left.first(where: { $0.0 == self })?.1 { return (row, true) }
    return (Self.right.first { $0.0 == self }?.1 ?? 0, false)
  }

  /// The box's label.
  func label(wide: Bool) -> String {
    switch self {
    case .qemu(.vcpu): return wide ? "QEMU vCPU thread" : "QEMU vCPU"
    case .qemu(.mainLoop): return wide ? "QEMU main loop" : "QEMU loop"
    case .qemu(.iothread): return "QEMU iothread"
    case .component(let component):
      switch component {
      case .guestApplication: return wide ? "application" : "app"
      case .guestDriver: return wide ? "guest driver" : "driver"
      case .guestMemory: return wide ? "guest memory" : "memory"
      case .vcpu: return "vCPU"
      case .hypervisor: return wide ? "KVM (hypervisor)" : "KVM"
      case .deviceModel: return wide ? "QEMU (VMM)" : "QEMU"
      case .hostKernel: return wide ? "host kernel" : "host"
      case .interruptController: return wide ? "irq controller" : "irqchip"
      case .iommu: return "IOMMU"
      case .physicalNIC: return wide ? "physical NIC" : "NIC"
      }
    }
  }

  /// The boxes a run uses (every step's actor and hop ends); the others are not drawn. A run without steps shows
  /// every box but QEMU's main loop and iothread.
  static func used(by run: FlowRun?) -> Set<FlowNode> {
    var used = Set<FlowNode>()
    for step in run?.steps ?? [] { used.formUnion(nodes(of: step)) }
    if used.isEmpty { used = Set((left + right).map(\.0)).subtracting([.qemu(.mainLoop), .qemu(.iothread)]) }
    return used
  }
}
