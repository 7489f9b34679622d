import Testing
import VirtioCore
@testable import VirtioFlows

/// Which QEMU thread handles each hop (``Hop/thread``): the vCPU thread for heavyweight exits and for a kick QEMU
/// handles inside its exit; the main loop for what an eventfd or the tap device wakes.
@Suite struct QEMUThreadTests {
  /// The threads of every kept hop that starts or ends in QEMU, by hop kind.
  func threads(_ run: FlowRun) -> [(HopKind, QEMUThread?)] {
    run.steps.flatMap(\.hops).filter(\.touchesDeviceModel).map { ($0.kind, $0.thread) }
  }

  @Test func everyHopInQEMUNamesItsThreadAndNoOtherDoes() throws {
    for flow in Flow.allCases {
      for settings in [[], [("ioeventfd", "off")], [("direction", "rx")]] where flow != .increment || settings.isEmpty {
        // blk's iothread is woken by the ioeventfd: without one, the main loop.
        let r = try run(flow, flow == .blk && !settings.isEmpty ? settings + [("iothread", "off")] : settings)
        for hop in r.steps.flatMap(\.hops) {
          #expect((hop.thread != nil) == hop.touchesDeviceModel, "\(flow) \(settings): \(hop)")
        }
      }
    }
  }

  @Test func bettansIncrementRunsEntirelyOnTheVCPUThread() throws {
    // No ioeventfd: the kick exits to QEMU, which pops, pushes and raises INTx inside that exit.
    let hops = threads(try run(.increment))
    #expect(!hops.isEmpty)
    #expect(hops.allSatisfy { $0.1 == .vcpu })
    #expect(hops.contains { $0.0 == .exitToUserspace })
  }

  @Test func withIoeventfdTheMainLoopServesTransmitAndTheVCPUThreadOnlyTraps() throws {
    let r = try run(.virtio, [("ioeventfd", "on")])
    let hops = threads(r)
    // The eventfd wakes the main loop; the pop (a read of guest memory), the push and the MSI are its work.
    #expect(hops.contains { $0.0 == .eventfdSignal && $0.1 == .mainLoop })
    #expect(hops.contains { $0.0 == .wakeUp && $0.1 == .mainLoop })
    #expect(hops.filter { $0.0 == .memoryRead || $0.0 == .memoryWrite }.allSatisfy { $0.1 == .mainLoop })
    #expect(!hops.contains { $0.1 == .vcpu })  // MSI-X: no ISR read, so no heavyweight exit at all
    let intx = threads(try run(.virtio, [("ioeventfd", "on"), ("msix", "off")]))
    #expect(intx.contains { $0.0 == .exitToUserspace && $0.1 == .vcpu })  // the ISR read traps to the vCPU thread
  }

  /// An irqfd exists only outside the big lock (vhost's call eventfd, blk's dataplane); QEMU's own device calls
  /// `msix_notify` and hands the MSI to KVM itself.
  @Test func qemusOwnDeviceSendsTheMSIItselfOnlyVhostAndTheDataplaneUseAnIrqfd() throws {
    func toKVM(_ r: FlowRun, from: Component) -> [Hop] {
      r.steps.flatMap(\.hops).filter { $0.from == from && $0.to == .hypervisor }
    }
    for r in [try run(.virtio), try run(.blk, [("iothread", "off")])] {
      let msi = toKVM(r, from: .deviceModel)
      #expect(msi.count == 1 && msi[0].kind == .call && msi[0].thread == .mainLoop, "\(msi)")
      #expect(msi[0].label.contains("KVM_SIGNAL_MSI") && !msi[0].label.contains("irqfd"))
    }
    let vhost = toKVM(try run(.virtio, [("vhost", "on")]), from: .hostKernel).filter { $0.kind == .eventfdSignal }
    #expect(vhost.count == 1 && vhost[0].label.contains("irqfd"))
    let dataplane = toKVM(try run(.blk), from: .deviceModel)
    #expect(dataplane.count == 1 && dataplane[0].kind == .eventfdSignal && dataplane[0].label.contains("irqfd"))
  }

  @Test func anArrivingFrameIsReadInTheMainLoopEvenWithoutIoeventfd() throws {
    let r = try run(.virtio, [("direction", "rx"), ("ioeventfd", "off")])
    let read = r.steps.flatMap(\.hops).first { $0.kind == .call && $0.to == .deviceModel }
    #expect(read?.thread == .mainLoop)  // read(tap)
    // The kick for posted buffers exits to QEMU on the vCPU thread.
    #expect(threads(r).contains { $0.0 == .exitToUserspace && $0.1 == .vcpu })
    let emulated = try run(.emulated, [("direction", "rx")])
    #expect(emulated.steps.flatMap(\.hops).first { $0.to == .deviceModel && $0.kind == .call }?.thread == .mainLoop)
    #expect(threads(emulated).filter { $0.0 == .emulation }.allSatisfy { $0.1 == .vcpu })
  }

  @Test func theThreadIsInTheHopsTextAndJSON() throws {
    let hop = try #require(try run(.increment).steps.flatMap(\.hops).first { $0.kind == .exitToUserspace })
    #expect(hop.description.contains("{vcpu}"))
    #expect(hop.json == .object([
      "from": .string("kvm"), "to": .string("qemu"), "kind": .string("exit-to-userspace"), "label": .string(hop.label),
      "cycles": .int(0), "basis": .string("none"), "thread": .string("vcpu"),
    ]))
  }
}
