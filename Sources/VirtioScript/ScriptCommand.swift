import VirtioCore
import VirtioFlows

/// One command of the engine's script language (documented in `docs/script-language.md`).
public enum ScriptCommand: Equatable, Sendable {
  /// `queue size=8 layout=modern features=event_idx,indirect_desc …`: build a virtqueue (and, unless
  /// `init=manual`, run the driver's initialisation sequence).
  case queue(QueueSetup)
  /// `driver status ACKNOWLEDGE|DRIVER` (or `0` to reset): add bits to the device status.
  case driverStatus(DeviceStatus)
  /// `driver features event_idx,indirect_desc`: write the accepted feature bits.
  case driverFeatures(VirtioFeatures)
  /// `driver init [features=LIST]`: the whole initialisation sequence.
  case driverInit(VirtioFeatures?)
  /// `driver add out=64,12 in=512 [data=HEX|le32=N|text="…"] [indirect=auto|always|never]`.
  case driverAdd(readable: [[UInt8]], writable: [Int], indirect: SplitDriver.IndirectPolicy?)
  /// `driver publish`: write `avail.idx`.
  case driverPublish
  /// `driver kick`: notify the device if it asked for it.
  case driverKick
  /// `driver reclaim`: take back used buffers.
  case driverReclaim
  /// `driver interrupts on|off`.
  case driverInterrupts(Bool)
  /// `device pop`: take and validate the next available chain.
  case devicePop
  /// `device read`: read the readable buffers of the oldest chain in flight.
  case deviceRead
  /// `device push [len=N] [data=HEX|le32=N|increment]`: return the oldest popped chain.
  case devicePush(length: UInt32?, data: PushData)
  /// `device push count=N [len=N] [data=HEX|le32=N|increment]`: complete the `count` oldest popped chains (each as
  /// `device push` would) and publish them once: QEMU `virtqueue_fill` for each, then one `virtqueue_flush`.
  case devicePushBatch(count: Int, length: UInt32?, data: PushData)
  /// `device interrupt`: interrupt the driver if it asked for it.
  case deviceInterrupt
  /// `device notifications on|off`.
  case deviceNotifications(Bool)
  /// `device strict=on|off`: refuse FEATURES_OK for an unoffered feature (on) or mask it as QEMU does (off, the
  /// default).
  case deviceStrict(Bool)
  /// `poke FIELD=VALUE`: corrupt a ring field on purpose.
  case poke(RingField, UInt64)
  /// `expect QUANTITY OP VALUE`.
  case expect(Expectation)
  /// `flow NAME key=value…`: run one of the three flows (or the increment device) through the machine model.
  case flow(name: String, arguments: [String: String])
  /// `note "text"`: a line in the trace for the learner.
  case note(String)
}

/// What the device writes into the writable buffers when it pushes a chain.
public enum PushData: Equatable, Sendable {
  /// A deterministic byte pattern of `len` bytes.
  case pattern
  /// These bytes.
  case bytes([UInt8])
  /// Bettan's increment device: read a little-endian 32-bit integer from the readable buffers, write it plus one.
  case increment
}

/// The arguments of a `queue` command.
public struct QueueSetup: Equatable, Sendable {
  public var size: Int
  public var layout: SplitLayout.Kind = .modern
  /// Split (the default) or packed (VIRTIO_F_RING_PACKED).
  public var format: RingFormat = .split
  /// Features the driver accepts (and, unless `offered` is given, the device offers plus VERSION_1).
  public var features: VirtioFeatures = []
  /// Features the device offers; nil for `features` plus VERSION_1.
  public var offered: VirtioFeatures?
  public var descriptorTable: GuestAddress?
  public var availRing: GuestAddress?
  public var usedRing: GuestAddress?
  public var memorySize: Int?
  /// Run the initialisation sequence automatically.
  public var autoInit = true
  public var indirectPolicy: SplitDriver.IndirectPolicy = .auto
  /// How the queue's kicks and interrupts would reach a VM (`notify=pci|mmio|pio ioeventfd=on|off msix=on|off`):
  /// what prices an engine kick as the VM exit it is. QEMU's virtio-pci default unless the line says otherwise.
  public var transport: EngineTransport = .default

  public init(size: Int) { self.size = size }
}

/// One parsed line of a script, with where it came from.
public struct ScriptLine: Equatable, Sendable {
  public var command: ScriptCommand
  /// 1-based line in the file.
  public var line: Int
  /// 1-based column of the command's first character.
  public var column: Int
  /// The source text of the line, without the comment.
  public var text: String
}

/// A parsed script.
public struct Script: Equatable, Sendable {
  /// The file the script came from (for `file:line:col` messages).
  public var file: String
  public var lines: [ScriptLine]
  public init(file: String, lines: [ScriptLine]) {
    self.file = file
    self.lines = lines
  }
}
