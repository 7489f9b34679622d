import Testing
import VirtioCore
import VirtioFlows
@testable import VirtioScript

/// A `queue` line declares the transport its kicks and interrupts would take (`notify=`, `ioeventfd=`, `msix=`), so
/// a lesson about a device without ioeventfd or MSI-X prices its engine kicks as the heavy exits they are.
@Suite struct TransportScriptTests {
  @Test func theQueueLineSetsTheSessionsTransport() throws {
    let (session, outcome) = try runScript("queue size=1 ioeventfd=off msix=off notify=mmio\n")
    #expect(outcome == .completed)
    #expect(session.transport == EngineTransport(notify: .mmio, ioeventfd: false, msix: false))
    let (plain, _) = try runScript("queue size=1 ioeventfd=off\nqueue size=2\n")
    #expect(plain.transport == .default)
  }

  @Test func badValuesAreNamedAtTheirColumn() {
    func failure(_ text: String) -> String? {
      do { _ = try ScriptParser(file: "t.virtio").parse(text); return nil } catch { return error.description }
    }
    #expect(failure("queue size=1 ioeventfd=maybe") == "t.virtio:1:24: error: ioeventfd must be on or off, found 'maybe'")
    #expect(failure("queue size=1 notify=usb") == "t.virtio:1:21: error: notify must be pci, mmio or pio, found 'usb'")
    // The other switches read on/off the same way and keep their own messages.
    #expect(failure("device strict=maybe") == "t.virtio:1:15: error: expected strict=on or strict=off, found 'maybe'")
    #expect(failure("driver interrupts maybe") == "t.virtio:1:19: error: expected 'on' or 'off', found 'maybe'")
    #expect(failure("queue size=1 msix=OFF\ndevice strict=On\ndriver interrupts ON") == nil)
  }

  @Test func aHeavyKickAndAnISRReadArePricedFromTheDeclaredTransport() throws {
    let script = "queue size=1 ioeventfd=off msix=off\ndriver add out=4 in=4\ndriver publish\ndriver kick\n"
      + "device pop\ndevice push len=4\ndevice interrupt\n"
    let (session, _) = try runScript(script)
    let counters = try #require(session.queue?.counters)
    let totals = session.transport.totals(kicks: counters.kicks, interrupts: counters.interrupts)
    // The kick exits to QEMU (no ioeventfd); the INTx handler's ISR read exits to QEMU; the EOI exits too.
    #expect(totals.userspaceExits == 2)
    #expect(totals.exits == 3)
  }
}
