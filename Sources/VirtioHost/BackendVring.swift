import VirtioCore

/// What the front end told the back end about one vring (`SET_VRING_NUM/ADDR/BASE/KICK/CALL/ENABLE`), before and
/// while the device serves it.
public struct BackendVring: Sendable {
  /// Queue size (`SET_VRING_NUM`).
  public var size = 0
  /// Ring addresses as sent (front-end user virtual addresses).
  public var userAddresses: VringAddressPayload?
  /// The ring addresses translated to guest-physical, once the memory table is known.
  public var layout: SplitLayout?
  /// `SET_VRING_BASE`: the next available index to take.
  public var base: UInt16 = 0
  /// The kick eventfd (QEMU writes it when the driver notifies).
  public var kick: EventFD?
  /// The call eventfd (the back end writes it to interrupt the guest); replaced after enable.
  public var call: EventFD?
  /// The error eventfd.
  public var err: EventFD?
  /// `SET_VRING_ENABLE` (with protocol features the ring starts disabled).
  public var enabled = false
  /// Started by `SET_VRING_KICK`, stopped by `GET_VRING_BASE`.
  public var started = false

  public init() {}

  /// Whether the ring can be served: started, enabled and laid out.
  public var isLive: Bool { started && enabled && layout != nil }
}
