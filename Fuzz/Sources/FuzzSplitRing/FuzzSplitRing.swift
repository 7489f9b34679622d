import FuzzSupport
import VirtioCore

/// The split-ring device over hostile guest memory: byte 0 picks the queue size (2^0…2^8), byte 1 the features
/// (INDIRECT_DESC, EVENT_IDX, IN_ORDER), byte 2 the device's starting `last_avail_idx`; the rest is guest RAM from
/// address 0 (the descriptor table, then the rings; descriptors may point anywhere, including near 2^64). The
/// device pops every chain the avail ring offers (the chain walker: NEXT, INDIRECT, loops, lengths), reads and
/// writes its buffers and returns it; then the engine's snapshot of the queue is taken. Every outcome must be a
/// chain or a named `VirtqueueError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSplitRing(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let input = UnsafeBufferPointer(start: data, count: size)
  guard input.count >= 3 else { return 0 }
  let queueSize = 1 << Int(input[0] % 9)
  var features: VirtioFeatures = [.version1]
  if input[1] & 1 != 0 { features.insert(.indirectDesc) }
  if input[1] & 2 != 0 { features.insert(.eventIdx) }
  if input[1] & 4 != 0 { features.insert(.inOrder) }
  let image = Array(input[3...].prefix(1 << 16))
  guard let layout = try? SplitLayout(size: queueSize, base: 0) else { return 0 }
  var memory = GuestMemory(size: 1 << 16)
  guard (try? memory.write(image, at: 0)) != nil else { return 0 }
  var device = SplitDevice(layout: layout, features: features, lastAvailIdx: UInt16(input[2]))
  var trace = Trace(enabled: input[1] & 8 != 0)
  do {
    for _ in 0..<(2 * queueSize) {
      guard let chain = try device.pop(memory: &memory, trace: &trace) else { break }
      let readable = try device.readReadable(of: chain, memory: memory, trace: &trace)
      let written = chain.buffers.filter(\.isWritable).reduce(0) { $0 + Int($1.length) }
      try device.writeWritable(Array(readable.prefix(min(written, 4096))), into: chain, memory: &memory, trace: &trace)
      try device.push(head: chain.head, length: UInt32(truncatingIfNeeded: written), memory: &memory, trace: &trace)
      _ = try device.shouldInterrupt(memory: &memory, trace: &trace)
    }
  } catch {
    _ = error.description
  }
  let snapshot = QueueSnapshot(layout: layout, memory: memory.currentView, device: device, driver: nil)
  for index in 0..<queueSize { _ = snapshot.owner(of: index) }
  return 0
}

@main enum FuzzSplitRingMain {
  static func main() { runFuzzer(fuzzSplitRing) }
}
