import VirtioCore

/// The vhost-user protocol state of a one-queue device back end: it answers QEMU's messages, maps guest RAM,
/// keeps the vring configuration and hands a live ring to its ``RngDevice``.
///
/// Message handling never traps: an unknown request is logged (and acknowledged when the front end asked), a
/// malformed payload is an error line, and a ring that cannot be set up is marked broken.
public final class VhostUserBackend: @unchecked Sendable {
  /// Virtio features offered: VERSION_1, INDIRECT_DESC, EVENT_IDX, and PROTOCOL_FEATURES (QEMU 7.2 asserts on it).
  public static let offeredFeatures: UInt64 =
    VirtioFeatures([.version1, .indirectDesc, .eventIdx]).rawValue | VhostUserFeature.protocolFeatures
  /// Protocol features offered: MQ and REPLY_ACK.
  public static let offeredProtocolFeatures: UInt64 = VhostUserFeature.protocolMQ | VhostUserFeature.protocolReplyAck

  /// The device that serves the ring.
  public let device: RngDevice
  /// The one vring.
  public private(set) var vring = BackendVring()
  /// Guest RAM, after `SET_MEM_TABLE`.
  public private(set) var memory: MemoryTable?
  /// `SET_FEATURES`.
  public private(set) var features: UInt64 = 0
  /// `SET_PROTOCOL_FEATURES`.
  public private(set) var protocolFeatures: UInt64 = 0
  /// Messages handled, by name (for the counters and tests).
  public private(set) var messageCounts: [String: Int] = [:]
  /// Log lines not yet taken by ``takeEvents()``.
  public private(set) var events: [BackendEvent] = []

  public init(device: RngDevice) { self.device = device }

  /// Returns and clears the pending log lines (the device's included).
  public func takeEvents() -> [BackendEvent] {
    let all = events + device.takeEvents()
    events = []
    return all
  }

  func log(_ source: BackendEvent.Source, _ text: String) { events.append(BackendEvent(source, text)) }

  /// Handles one message and returns the reply to send, if any. Descriptors in the message are taken over
  /// (kept or closed).
  public func handle(_ message: VhostUserMessage) -> VhostUserMessage? {
    messageCounts[message.request.description, default: 0] += 1
    do {
      if let reply = try dispatch(message) { return reply }
    } catch {
      log(.error, "\(message.request): \(error)")
      if message.needsReply && protocolFeatures & VhostUserFeature.protocolReplyAck != 0 {
        return .reply(to: message.request, u64: 1)
      }
      return nil
    }
    if message.needsReply && protocolFeatures & VhostUserFeature.protocolReplyAck != 0 {
      return .reply(to: message.request, u64: 0)
    }
    return nil
  }

  private func dispatch(_ m: VhostUserMessage) throws(VhostUserError) -> VhostUserMessage? {
    switch m.request {
    case .getFeatures:
      log(.vhostUser, "GET_FEATURES → \(hexString(Self.offeredFeatures))")
      return .reply(to: m.request, u64: Self.offeredFeatures)
    case .setFeatures:
      features = try m.u64()
      log(.vhostUser, "SET_FEATURES \(hexString(features)) (\(VirtioFeatures(rawValue: features & ~VhostUserFeature.protocolFeatures)))")
      if features & VhostUserFeature.protocolFeatures == 0 { vring.enabled = true }  // no protocol features: enabled at once
    case .getProtocolFeatures:
      log(.vhostUser, "GET_PROTOCOL_FEATURES → \(hexString(Self.offeredProtocolFeatures)) (MQ, REPLY_ACK)")
      return .reply(to: m.request, u64: Self.offeredProtocolFeatures)
    case .setProtocolFeatures:
      protocolFeatures = try m.u64() & Self.offeredProtocolFeatures
      log(.vhostUser, "SET_PROTOCOL_FEATURES \(hexString(protocolFeatures))")
    case .getQueueNum:
      log(.vhostUser, "GET_QUEUE_NUM → 1")
      return .reply(to: m.request, u64: 1)
    case .setOwner:
      log(.vhostUser, "SET_OWNER")
    case .resetOwner, .resetDevice:
      log(.vhostUser, "\(m.request): the ring stops")
      stopRing()
    case .setMemTable:
      memory = nil
      let table = try MemoryTable.map(m)
      memory = table
      for r in table.regions {
        log(.vhostUser, "SET_MEM_TABLE region gpa \(hexString(r.guestPhysicalAddress)) size \(r.size >> 20) MiB (user \(hexString(r.userAddress))) mapped")
      }
      try relayout()
    case .setVringNum:
      let state = try vringState(m)
      guard state.num >= 1, state.num <= 32768, state.num & (state.num - 1) == 0 else {
        throw VhostUserError(.badPayload, "SET_VRING_NUM \(state.num) is not a power of 2 up to 32768")
      }
      vring.size = Int(state.num)
      log(.vhostUser, "SET_VRING_NUM \(state.num)")
    case .setVringBase:
      let state = try vringState(m)
      guard let base = UInt16(exactly: state.num) else {
        throw VhostUserError(.badPayload, "SET_VRING_BASE \(state.num) does not fit a split ring's 16-bit index")
      }
      vring.base = base
      log(.vhostUser, "SET_VRING_BASE \(base)")
    case .setVringAddr:
      let address = try m.vringAddress()
      guard address.index == 0 else { throw VhostUserError(.badVring, "SET_VRING_ADDR for vring \(address.index); the device has 1") }
      vring.userAddresses = address
      log(.vhostUser, "SET_VRING_ADDR desc \(hexString(address.descriptorTable)) avail \(hexString(address.availRing)) used \(hexString(address.usedRing)) (user addresses)")
      try relayout()
    case .getVringBase:
      let state = try vringState(m)
      let next = device.lastAvailIdx ?? vring.base
      log(.vhostUser, "GET_VRING_BASE → \(next); the ring stops")
      stopRing()
      vring.base = next
      var payload: [UInt8] = []
      appendLE(state.index, to: &payload)
      appendLE(UInt32(next), to: &payload)
      return .reply(to: m.request, payload: payload)
    case .setVringKick, .setVringCall, .setVringErr:
      try setEventFD(m)
    case .setVringEnable:
      let state = try vringState(m)
      vring.enabled = state.num != 0
      log(.vhostUser, "SET_VRING_ENABLE \(state.num)")
      if vring.enabled { serve(reason: "enable") }  // buffers may already be waiting
    case .getMaxMemSlots:
      return .reply(to: m.request, u64: 8)
    default:
      m.fds.forEach { EventFD(fd: $0).close() }
      log(.vhostUser, "\(m.request) (\(m.payload.count) payload bytes) not handled by this device: ignored")
    }
    return nil
  }

  private func vringState(_ m: VhostUserMessage) throws(VhostUserError) -> VringStatePayload {
    let state = try m.vringState()
    guard state.index == 0 else { throw VhostUserError(.badVring, "\(m.request) for vring \(state.index); the device has 1") }
    return state
  }

  private func setEventFD(_ m: VhostUserMessage) throws(VhostUserError) {
    let wrapped = m.fds.map { EventFD(fd: $0) }
    let value = try m.u64()
    let index = value & 0xff
    let noFD = value & 0x100 != 0
    guard index == 0 else { throw VhostUserError(.badVring, "\(m.request) for vring \(index); the device has 1") }
    guard noFD ? wrapped.isEmpty : wrapped.count == 1 else {
      throw VhostUserError(.badDescriptors, "\(m.request) carries \(wrapped.count) descriptors (\(noFD ? "none" : "one") expected)")
    }
    let fd = wrapped.first
    switch m.request {
    case .setVringKick:
      if let fd, !fd.makeNonBlocking() { log(.error, "SET_VRING_KICK fd \(fd.fd): cannot make it non-blocking") }
      vring.kick = fd
      vring.started = true
      log(.vhostUser, "SET_VRING_KICK fd \(fd?.fd ?? -1): the ring starts")
      try relayout()
      serve(reason: "start")
    case .setVringCall:
      vring.call = fd
      log(.vhostUser, "SET_VRING_CALL fd \(fd?.fd ?? -1)")
    default:
      vring.err = fd
      log(.vhostUser, "SET_VRING_ERR fd \(fd?.fd ?? -1)")
    }
  }

  /// Translates the ring addresses once both the memory table and SET_VRING_ADDR are known, and gives the
  /// device a fresh view of the ring when it starts.
  private func relayout() throws(VhostUserError) {
    guard let memory, let a = vring.userAddresses, vring.size > 0 else { return }
    let desc = try memory.guestPhysical(userAddress: a.descriptorTable, what: "descriptor table")
    let avail = try memory.guestPhysical(userAddress: a.availRing, what: "available ring")
    let used = try memory.guestPhysical(userAddress: a.usedRing, what: "used ring")
    do {
      vring.layout = try SplitLayout(size: vring.size, descriptorTable: desc, availRing: avail, usedRing: used)
    } catch {
      throw VhostUserError(.badAddress, "ring layout: \(error)")
    }
    if vring.started, let layout = vring.layout {
      device.attach(memory: memory, layout: layout, features: VirtioFeatures(rawValue: features & ~VhostUserFeature.protocolFeatures),
                    lastAvailIdx: vring.base)
    }
  }

  private func stopRing() {
    hasPendingService = false
    vring.started = false
    vring.kick = nil
    device.detach()
  }

  /// The kick eventfd became readable: drain it, then serve. Draining first means a kick that arrives while we serve
  /// leaves the eventfd readable and wakes the loop again, so no request is left without a kick and every wake-up by
  /// a kick is counted (docs/DECISIONS.md, "Session 11: the recent trace made when read; the kick still drained
  /// first", on the drain-after order that was tried and not kept).
  public func kicked() {
    vring.kick?.drain()
    device.countKick()
    serve(reason: "kick")
  }

  /// Whether the device stopped serving only because its burst ran out (notifications still off, requests may be
  /// waiting): ``BackendServer`` then polls without sleeping and calls ``resumeService()``.
  public private(set) var hasPendingService = false

  /// Serves again after a burst ran out.
  public func resumeService() {
    if hasPendingService { serve(reason: "resume") }
  }

  func serve(reason: String) {
    hasPendingService = false
    guard vring.isLive else { return }
    var poller = NotificationPolling.Poller(device.polling, start: Monotonic.now, adaptive: device.pollingWindow)
    hasPendingService = device.serve(poller: &poller) { signalCall() }
    if poller.adaptive != nil { device.pollingWindow = poller.adaptive }
  }

  /// Interrupts the guest through the current call eventfd (it is replaced after enable).
  private func signalCall() {
    guard let call = vring.call else { return }
    if !call.signal() { log(.error, "writing the call eventfd failed") }
  }
}
