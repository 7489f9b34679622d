/// How the emulated NIC's registers are reached (reference `virtio.md` §1.1, blog "Motivation").
public enum EmulatedVariant: String, CaseIterable, Equatable, Hashable, Sendable {
  /// Port I/O, one byte per `inb`/`outb`, as the blog's `nic_write_buffer` does.
  case pio
  /// Memory-mapped registers: wider accesses (the options' MMIO width), "still traps per write and writes are
  /// size-limited" (the blog's note).
  case mmio

  /// `PIO` or `MMIO`.
  public var displayName: String { rawValue.uppercased() }
}
