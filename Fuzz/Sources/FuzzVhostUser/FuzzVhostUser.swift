import FuzzSupport
import VirtioHost

/// The vhost-user message decoder, then the back end's handler, over arbitrary bytes read as a stream of messages
/// (no file descriptors). Each message is cut at its header's `size` (or the end of the input), decoded, read
/// through every typed accessor, and handed to one back end in order, as the socket loop would. Every outcome must
/// be a message, a reply or a named `VhostUserError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVhostUser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let backend = VhostUserBackend(device: RngDevice(pattern: Array("fuzz".utf8), tracing: false))
  var offset = 0
  var messages = 0
  while offset < bytes.count, messages < 64 {
    messages += 1
    let headerEnd = min(bytes.count, offset + VhostUserMessage.headerSize)
    let announced: Int
    do {
      announced = try VhostUserMessage.decodeHeader(Array(bytes[offset..<headerEnd])).size
    } catch {
      _ = error.description
      announced = 0
    }
    let end = min(bytes.count, headerEnd + announced)
    let wire = Array(bytes[offset..<end])
    offset = max(end, offset + 1)
    guard let message = try? VhostUserMessage.decode(wire) else { continue }
    _ = try? message.u64()
    _ = try? message.vringState()
    _ = try? message.vringAddress()
    _ = try? message.memoryTable()
    if let reply = backend.handle(message) {
      guard (try? VhostUserMessage.decode(reply.encoded())) == reply else { fatalError("a reply does not decode to itself") }
    }
  }
  _ = backend.takeEvents()
  return 0
}

@main enum FuzzVhostUserMain {
  static func main() { runFuzzer(fuzzVhostUser) }
}
