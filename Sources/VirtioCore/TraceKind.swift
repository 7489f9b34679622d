/// What a trace entry records. Raw values are the kebab-case names used in the CLI's JSON.
public enum TraceKind: String, Hashable, Sendable, CaseIterable {
  /// Ring field or buffer bytes read from guest memory.
  case read
  /// Ring field or buffer bytes written to guest memory.
  case write
  /// A memory barrier the spec requires at this point (`virtio_wmb`, `virtio_mb`, `smp_rmb`…).
  case barrier
  /// A private index moved (`last_avail_idx`, `last_used_idx`, the shadow avail idx, `num_added`).
  case index
  /// The driver wrote the device status register.
  case status
  /// Feature bits offered, accepted or validated.
  case features
  /// The driver built a chain and placed its head in the available ring.
  case chainAdded = "chain-added"
  /// The driver published `avail.idx`.
  case availPublished = "avail-published"
  /// The driver notified the device.
  case kick
  /// The driver decided not to notify (NO_NOTIFY or `avail_event`).
  case kickSuppressed = "kick-suppressed"
  /// The device took a chain from the available ring.
  case chainPopped = "chain-popped"
  /// The device found nothing new (a spurious notification, handled quietly).
  case queueEmpty = "queue-empty"
  /// The device returned a chain through the used ring.
  case usedPushed = "used-pushed"
  /// The device interrupted the driver.
  case interrupt
  /// The device decided not to interrupt (NO_INTERRUPT or `used_event`).
  case interruptSuppressed = "interrupt-suppressed"
  /// The driver took back a used chain.
  case reclaimed
  /// A side turned its notifications on or off.
  case notifications
  /// A field was corrupted on purpose (a buggy or hostile party wrote it).
  case poke
  /// A named error was detected.
  case error
  /// The device or queue was reset.
  case reset
  /// A free-form note about what happened.
  case note
}
