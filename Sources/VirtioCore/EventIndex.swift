/// The event-index notification rule (2.7.10 / 2.7.7 with VIRTIO_F_EVENT_IDX).
public enum EventIndex {
  /// Whether a side that just moved its index from `old` to `new` must notify a peer that asked to be told when
  /// the index passes `event`.
  ///
  /// Exactly the spec's `vring_need_event` (also Linux `include/uapi/linux/virtio_ring.h`):
  /// ```c
  /// return (__u16)(new_idx - event_idx - 1) < (__u16)(new_idx - old);
  /// ```
  @inlinable public static func needsEvent(event: UInt16, new: UInt16, old: UInt16) -> Bool {
    (new &- event &- 1) < (new &- old)
  }
}
