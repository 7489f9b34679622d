import Testing
import VirtioFlows

/// An engine kick and interrupt priced under a transport with the flows' hops.
@Suite struct EngineTransportTests {
  @Test func aKickWithIoeventfdIsOneLightExit() {
    let t = EngineTransport.default.totals(kicks: 1, interrupts: 0)
    #expect(t.kernelExits == 1)
    #expect(t.userspaceExits == 0)
    #expect(t.kicks == 1)
    #expect(t.cycles == CostModel.default.kernelExitCycles)
  }

  @Test func aKickWithoutIoeventfdIsOneHeavyExitOnEveryTransport() {
    for notify in EngineTransport.Notify.allCases {
      let t = EngineTransport(notify: notify, ioeventfd: false).totals(kicks: 2, interrupts: 0)
      #expect(t.userspaceExits == 2)
      #expect(t.entries == 2)
      #expect(t.cycles == 2 * CostModel.default.userspaceExitCycles)
    }
  }

  @Test func anInterruptIsAnInjectionAndItsEOI() {
    let msix = EngineTransport.default.totals(kicks: 0, interrupts: 1)
    #expect(msix.injectedInterrupts == 1)
    #expect(msix.interruptExits == 1)
    #expect(msix.hostInterrupts == 0)
    let posted = EngineTransport(postedInterrupts: true).totals(kicks: 0, interrupts: 1)
    #expect(posted.interruptExits == 0)
    #expect(posted.injectedInterrupts == 1)
    let intx = EngineTransport(msix: false).totals(kicks: 0, interrupts: 1)
    #expect(intx.userspaceExits == 1)  // the ISR read
    #expect(intx.interruptExits == 1)  // the EOI
  }

  @Test func suppressedNotificationsAreCountedAndFree() {
    let t = EngineTransport.default.totals(kicks: 0, kicksSuppressed: 3, interrupts: 0, interruptsSuppressed: 2)
    #expect(t.kicksSuppressed == 3)
    #expect(t.interruptsSuppressed == 2)
    #expect(t.exits == 0)
    #expect(t.cycles == 0)
  }
}
