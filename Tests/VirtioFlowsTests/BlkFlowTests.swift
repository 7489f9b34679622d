import Testing
import VirtioCore
@testable import VirtioFlows

/// virtio-blk: a disk request handled in an `-object iothread` (ioeventfd → iothread → AIO → completion → irqfd),
/// or in QEMU's main loop, or submitted on the vCPU thread without ioeventfd.
@Suite struct BlkFlowTests {
  /// The thread of every kept hop that starts or ends in QEMU, with the hop's kind.
  func threads(_ run: FlowRun) -> [(HopKind, QEMUThread?)] {
    run.steps.flatMap(\.hops).filter(\.touchesDeviceModel).map { ($0.kind, $0.thread) }
  }

  @Test func theIothreadServesTheRequestFromKickToIrqfd() throws {
    let r = try run(.blk)
    let hops = r.steps.flatMap(\.hops)
    // The kick's ioeventfd wakes the iothread, not the main loop; nothing of the request runs on the main loop.
    #expect(hops.contains { $0.kind == .eventfdSignal && $0.from == .hypervisor && $0.to == .deviceModel && $0.thread == .iothread })
    #expect(hops.contains { $0.kind == .wakeUp && $0.thread == .iothread })
    #expect(!threads(r).contains { $0.1 == .mainLoop || $0.1 == .vcpu })
    // The iothread submits the AIO to the host kernel; the completion's eventfd comes back to it.
    #expect(hops.contains { $0.from == .deviceModel && $0.to == .hostKernel && $0.kind == .call && $0.label.contains("io_submit") && $0.thread == .iothread })
    #expect(hops.contains { $0.from == .hostKernel && $0.to == .deviceModel && $0.kind == .eventfdSignal && $0.thread == .iothread })
    // The interrupt goes through an irqfd to KVM, from the iothread.
    let irq = try #require(hops.first { $0.kind == .eventfdSignal && $0.to == .hypervisor })
    #expect(irq.from == .deviceModel && irq.thread == .iothread && irq.label.contains("irqfd"))
    // One request: one light exit (the kick), one wake-up, one injection, one EOI exit; nothing heavy.
    #expect(r.totals.kernelExits == 1 && r.totals.userspaceExits == 0 && r.totals.wakeUps == 1)
    #expect(r.totals.injectedInterrupts == 1 && r.totals.interruptExits == 1)
    #expect(r.options.summary(for: .blk).contains("iothread"))
  }

  @Test func theEngineCarriesTheRequestAndItsAnswer() throws {
    let r = try run(.blk, [("packets", "2")])
    let queue = try #require(r.queue)
    #expect(queue.counters.chainsPopped == 2 && queue.counters.chainsPushed == 2)
    // A 4 KiB read: the device made 4096 + 1 bytes writable (data and status), the used len QEMU gives (in_len).
    for slot in 0..<2 {
      #expect(try queue.value(of: .usedRingLen(slot)) == 4097)
    }
    #expect(try queue.value(of: .usedIdx) == 2)
    // The driver's request: header type IN (0), sector 8 for the second 4 KiB, in one indirect table of 3.
    let add = try #require(r.steps.last { $0.summary.contains("adds the request") })
    #expect(add.summary.contains("type IN, sector 8") && add.summary.contains("3-entry indirect table"))
    let write = try run(.blk, [("direction", "tx"), ("bytes", "512")])
    #expect(try write.queue!.value(of: .usedRingLen(0)) == 1)  // a write: only the status byte is writable
    #expect(write.steps.contains { $0.summary.contains("type OUT, sector 0") })
    #expect(write.steps.flatMap(\.hops).contains { $0.from == .guestMemory && $0.to == .hostKernel && $0.kind == .memoryRead })
  }

  @Test func withoutAnIothreadTheMainLoopDoesTheWork() throws {
    let r = try run(.blk, [("iothread", "off")])
    let hops = threads(r)
    #expect(!hops.isEmpty && hops.allSatisfy { $0.1 == .mainLoop })
    #expect(r.steps.contains { $0.summary.contains("QEMU's main loop pops request") })
    // Without ioeventfd the kick exits to QEMU, which submits on the vCPU thread; the completion is the main loop's.
    let sync = try run(.blk, [("iothread", "off"), ("ioeventfd", "off")])
    let submit = try #require(sync.steps.flatMap(\.hops).first { $0.to == .hostKernel && $0.kind == .call })
    #expect(submit.thread == .vcpu)
    #expect(sync.steps.flatMap(\.hops).first { $0.from == .hostKernel && $0.kind == .eventfdSignal }?.thread == .mainLoop)
    #expect(sync.totals.userspaceExits == 1 && sync.totals.wakeUps == 0)
  }

  @Test func virtioNetNeverUsesAnIothread() throws {
    for settings in [[], [("direction", "rx")], [("iothread", "on")]] {
      #expect(!threads(try run(.virtio, settings)).contains { $0.1 == .iothread })
    }
  }

  @Test func badOptionsSayWhatToChange() {
    #expect(failure(.blk, [("ioeventfd", "off")])?.contains("turn ioeventfd on, or iothread off") == true)
    #expect(failure(.blk, [("bytes", "1000")])?.contains("512-byte sectors") == true)
    #expect(failure(.blk, [("vhost", "on")])?.contains("turn vhost off") == true)
    #expect(failure(.blk, [("batch", "2")])?.contains("batch must be 1") == true)
    #expect(failure(.blk, [("bytes", "8192"), ("indirect", "off"), ("queue-size", "2")])?.contains("queue has only 2") == true)
    #expect(Flow(name: "virtio-blk") == .blk && Flow(name: "disk") == .blk)
  }
}
