import VirtioCore
import VirtioFlows

extension LineContext {
  mutating func queueSetup() throws(ScriptFailure) -> QueueSetup {
    let args = try arguments(
      after: 1, allowed: ["size", "layout", "features", "offer", "desc", "avail", "used", "memory", "init", "indirect", "format",
        "notify", "ioeventfd", "msix"])
    guard let sizeArg = args["size"] else { throw fail("queue needs size=N", at: tokens[0]) }
    guard let size = try number(sizeArg, "size"), size <= UInt64(Int32.max) else {
      throw fail("size is too large", column: sizeArg.1)
    }
    var setup = QueueSetup(size: Int(size))
    if let (text, column) = args["layout"] {
      guard let kind = SplitLayout.Kind(rawValue: text.lowercased()) else {
        throw fail("layout must be modern or legacy, found '\(text)'", column: column)
      }
      setup.layout = kind
    }
    if let (text, column) = args["format"] {
      guard let format = RingFormat(rawValue: text.lowercased()) else {
        throw fail("format must be split or packed, found '\(text)'", column: column)
      }
      guard format == .split || (args["layout"] == nil && args["avail"] == nil) else {
        throw fail("a packed queue has no split layout: drop layout=, desc=, avail= and used=", at: tokens[0])
      }
      setup.format = format
    }
    setup.features = try features(args["features"]) ?? []
    setup.offered = try features(args["offer"])
    setup.descriptorTable = try number(args["desc"], "desc")
    setup.availRing = try number(args["avail"], "avail")
    setup.usedRing = try number(args["used"], "used")
    let explicit = [setup.descriptorTable, setup.availRing, setup.usedRing].compactMap { $0 }.count
    if explicit != 0 && explicit != 3 {
      throw fail("give all three of desc=, avail= and used=, or none", at: tokens[0])
    }
    if let (text, column) = args["memory"] {
      guard let bytes = ScriptNumber.parseSize(text), bytes > 0, bytes <= 256 << 20 else {
        throw fail("memory must be a size from 1 byte to 256M, found '\(text)'", column: column)
      }
      setup.memorySize = Int(bytes)
    }
    if let (text, column) = args["init"] {
      switch text.lowercased() {
      case "auto": setup.autoInit = true
      case "manual": setup.autoInit = false
      default: throw fail("init must be auto or manual, found '\(text)'", column: column)
      }
    }
    if let policy = try indirectPolicy(args["indirect"]) { setup.indirectPolicy = policy }
    setup.transport = try transport(args)
    return setup
  }

  /// The transport a `queue` line declares: `notify=pci|mmio|pio`, `ioeventfd=on|off`, `msix=on|off` (QEMU's
  /// virtio-pci defaults: pci, on, on).
  func transport(_ args: [String: (String, Int)]) throws(ScriptFailure) -> EngineTransport {
    var transport = EngineTransport.default
    if let (text, column) = args["notify"] {
      guard let notify = EngineTransport.Notify(rawValue: text.lowercased()) else {
        throw fail("notify must be pci, mmio or pio, found '\(text)'", column: column)
      }
      transport.notify = notify
    }
    if let arg = args["ioeventfd"] { transport.ioeventfd = try onOff(arg, name: "ioeventfd") }
    if let arg = args["msix"] { transport.msix = try onOff(arg, name: "msix") }
    return transport
  }

  func onOff(_ arg: (String, Int), name: String) throws(ScriptFailure) -> Bool {
    guard let value = Self.onOff(arg.0) else { throw fail("\(name) must be on or off, found '\(arg.0)'", column: arg.1) }
    return value
  }

  func indirectPolicy(_ arg: (String, Int)?) throws(ScriptFailure) -> SplitDriver.IndirectPolicy? {
    guard let (text, column) = arg else { return nil }
    guard let policy = SplitDriver.IndirectPolicy(rawValue: text.lowercased()) else {
      throw fail("indirect must be auto, always or never, found '\(text)'", column: column)
    }
    return policy
  }

  mutating func driverCommand() throws(ScriptFailure) -> ScriptCommand {
    guard tokens.count > 1 else { throw fail("driver needs an action: status, features, init, add, publish, kick, reclaim, interrupts", at: tokens[0]) }
    let verb = tokens[1]
    switch verb.text.lowercased() {
    case "status": return .driverStatus(try statusBits())
    case "features":
      guard tokens.count == 3 else { throw fail("driver features needs one comma-separated list", at: verb) }
      return .driverFeatures(try featureList(tokens[2].text, column: tokens[2].column))
    case "init":
      let args = try arguments(after: 2, allowed: ["features"])
      return .driverInit(try features(args["features"]))
    case "reset":
      try noMoreTokens(after: 1)
      return .driverStatus([])
    case "add": return try driverAdd()
    case "publish": try noMoreTokens(after: 1); return .driverPublish
    case "kick": try noMoreTokens(after: 1); return .driverKick
    case "reclaim": try noMoreTokens(after: 1); return .driverReclaim
    case "interrupts": return .driverInterrupts(try onOff(2, what: "driver interrupts"))
    default:
      let verbs = ["status", "features", "init", "reset", "add", "publish", "kick", "reclaim", "interrupts"]
      throw fail("unknown driver action '\(verb.text)'" + hint(verb.text, verbs), at: verb)
    }
  }

  func statusBits() throws(ScriptFailure) -> DeviceStatus {
    guard tokens.count == 3 else { throw fail("driver status needs one value, e.g. ACKNOWLEDGE or DRIVER|FEATURES_OK", at: tokens[1]) }
    let token = tokens[2]
    if let n = ScriptNumber.parse(token.text), n <= 255 { return DeviceStatus(rawValue: UInt8(n)) }
    var bits = DeviceStatus()
    for name in token.text.split(separator: "|") {
      guard let bit = DeviceStatus.named(String(name)) else {
        throw fail("unknown status bit '\(name)'" + hint(String(name).uppercased(), DeviceStatus.named.map(\.name)), at: token)
      }
      bits.formUnion(bit)
    }
    return bits
  }

  func driverAdd() throws(ScriptFailure) -> ScriptCommand {
    let args = try arguments(after: 2, allowed: ["out", "in", "data", "le32", "text", "indirect"])
    let outSizes = try sizeList(args["out"], "out")
    let inSizes = try sizeList(args["in"], "in")
    let contents = try contentBytes(args)
    try checkChainShape(out: outSizes ?? [], in: inSizes ?? [])
    var readable: [[UInt8]]
    if let data = contents {
      let sizes = outSizes ?? [data.count]
      guard sizes.reduce(0, +) == data.count else {
        throw fail("data is \(data.count) bytes but out= adds up to \(sizes.reduce(0, +))", at: tokens[1])
      }
      readable = []
      var offset = 0
      for size in sizes {
        readable.append(Array(data[offset..<offset + size]))
        offset += size
      }
    } else {
      readable = (outSizes ?? []).enumerated().map { i, size in Virtqueue.pattern(count: size, seed: UInt16(truncatingIfNeeded: i &+ 1)) }
    }
    let writable = inSizes ?? []
    guard !readable.isEmpty || !writable.isEmpty else { throw fail("driver add needs out= or in= buffers", at: tokens[1]) }
    return .driverAdd(readable: readable, writable: writable, indirect: try indirectPolicy(args["indirect"]))
  }

  /// The most buffers one `driver add` may name: a chain may not be longer than the queue (VIRTIO 1.x §2.7.5.3.1,
  /// also through an indirect table), and 32768 is the largest split queue.
  static let maximumBuffers = 32_768
  /// The most bytes one `driver add` may name in all: what the largest guest memory (`memory=256M`) holds.
  static let maximumChainBytes = 256 << 20

  /// Rejects a chain no queue could hold before any buffer is built (a 65,536-buffer list used to trap).
  func checkChainShape(out: [Int], in writable: [Int]) throws(ScriptFailure) {
    let count = out.count + writable.count
    guard count <= Self.maximumBuffers else {
      throw fail("driver add names \(count) buffers; a chain may have at most \(Self.maximumBuffers) (the largest queue size)", at: tokens[1])
    }
    var total = 0
    for size in out + writable {
      let (sum, overflow) = total.addingReportingOverflow(size)
      guard !overflow, sum <= Self.maximumChainBytes else {
        throw fail("driver add names more than 256M of buffers; the largest guest memory is 256M", at: tokens[1])
      }
      total = sum
    }
  }

  func sizeList(_ arg: (String, Int)?, _ name: String) throws(ScriptFailure) -> [Int]? {
    guard let (text, column) = arg else { return nil }
    var sizes: [Int] = []
    var col = column
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      guard sizes.count < Self.maximumBuffers else {
        throw fail("\(name) names more than \(Self.maximumBuffers) buffers (the largest queue size)", column: col)
      }
      guard let n = ScriptNumber.parseSize(String(part)), n > 0, n <= 1 << 24 else {
        throw fail("\(name) sizes must be numbers from 1 to 16M, found '\(part)'", column: col)
      }
      sizes.append(Int(n))
      col += part.count + 1
    }
    return sizes
  }

  func contentBytes(_ args: [String: (String, Int)]) throws(ScriptFailure) -> [UInt8]? {
    let given = ["data", "le32", "text"].filter { args[$0] != nil }
    guard given.count <= 1 else { throw fail("give only one of data=, le32= and text=", at: tokens[1]) }
    if let (text, column) = args["data"] {
      guard let bytes = ScriptNumber.parseHexBytes(text) else { throw fail("data must be hex bytes, found '\(text)'", column: column) }
      return bytes
    }
    if let (text, column) = args["le32"] {
      guard let n = ScriptNumber.parse(text), n <= UInt64(UInt32.max) else {
        throw fail("le32 must be a 32-bit number, found '\(text)'", column: column)
      }
      return withUnsafeBytes(of: UInt32(n).littleEndian) { Array($0) }
    }
    if let (text, _) = args["text"] { return Array(text.utf8) }
    return nil
  }
}
