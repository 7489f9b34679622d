import Foundation
import Testing
@testable import virtio_tutor

/// A benchmark's figure lines reach a file or a pipe as they are measured, not when the run ends.
@Suite struct BenchLineTests {
  @Test func aLineIsInThePipeBeforeTheStreamIsClosed() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer { close(fds[0]) }
    // A stream on a pipe is block-buffered, as standard output is when redirected.
    let stream = try #require(fdopen(fds[1], "w"))
    defer { fclose(stream) }
    _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
    BenchLine.emit(["bench": "engine", "cycles": 3], to: stream)
    var buffer = [UInt8](repeating: 0, count: 256)
    let n = read(fds[0], &buffer, buffer.count)
    #expect(n == 30)
    #expect(String(decoding: buffer.prefix(max(0, n)), as: UTF8.self) == "{\"bench\":\"engine\",\"cycles\":3}\n")
  }
}
