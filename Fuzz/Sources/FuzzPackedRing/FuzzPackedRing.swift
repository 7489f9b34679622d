import FuzzSupport
import VirtioCore

/// The packed-ring device over hostile guest memory: byte 0 picks the queue size (2^0…2^8), byte 1 the features
/// (INDIRECT_DESC, EVENT_IDX, IN_ORDER), byte 2 the starting `last_avail_idx` (low 7 bits mod size) and the avail
/// wrap counter (bit 7); the rest is guest RAM from address 0 (the descriptor ring, then the event suppression
/// structures). The device pops every chain the ring offers (the packed chain walker: NEXT, INDIRECT, wrap, ids),
/// reads and writes its buffers, returns them one by one or in a batch, and asks whether to notify. Every outcome must
/// be a chain or a named `VirtqueueError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPackedRing(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let input = UnsafeBufferPointer(start: data, count: size)
  guard input.count >= 3 else { return 0 }
  let queueSize = 1 << Int(input[0] % 9)
  var features: VirtioFeatures = [.version1, .ringPacked]
  if input[1] & 1 != 0 { features.insert(.indirectDesc) }
  if input[1] & 2 != 0 { features.insert(.eventIdx) }
  if input[1] & 4 != 0 { features.insert(.inOrder) }
  let batch = input[1] & 16 != 0
  let image = Array(input[3...].prefix(1 << 16))
  guard let layout = try? PackedLayout(size: queueSize, base: 0) else { return 0 }
  var memory = GuestMemory(size: 1 << 16)
  guard (try? memory.write(image, at: 0)) != nil else { return 0 }
  var device = PackedDevice(
    layout: layout, features: features, lastAvailIdx: Int(input[2] & 0x7F) % queueSize, availWrapCounter: input[2] & 0x80 == 0)
  var trace = Trace(enabled: input[1] & 8 != 0)
  do {
    for _ in 0..<(2 * queueSize) {
      guard let chain = try device.pop(memory: &memory, trace: &trace) else { break }
      var readable: [UInt8] = []
      try device.readReadable(of: chain, into: &readable, memory: memory, trace: &trace)
      let written = chain.buffers.filter(\.isWritable).reduce(0) { $0 + Int($1.length) }
      try device.writeWritable(Array(readable.prefix(min(written, 4096))), into: chain, memory: &memory, trace: &trace)
      if batch {
        _ = device.fill(length: UInt32(truncatingIfNeeded: written))
      } else {
        try device.push(length: UInt32(truncatingIfNeeded: written), memory: &memory, trace: &trace)
        _ = try device.shouldInterrupt(memory: &memory, trace: &trace)
      }
    }
    if batch { try device.flush(memory: &memory, trace: &trace) }
  } catch {
    _ = error.description
  }
  return 0
}

@main enum FuzzPackedRingMain {
  static func main() { runFuzzer(fuzzPackedRing) }
}
