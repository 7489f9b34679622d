import Glibc
import Testing
import VirtioHost

/// A kick eventfd from the socket is made non-blocking, so that draining it can never stall the back end's loop.
/// (A pipe stands in for an eventfd created without `EFD_NONBLOCK`: Glibc's module has no `eventfd`; the flag and
/// the 8-byte read are the same.)
struct EventFDTests {
  /// A blocking descriptor pair: the read end, as a misbehaving peer could send it, and the write end.
  func blockingPipe() throws -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    try #require(pipe(&fds) == 0)
    try #require(fcntl(fds[0], F_GETFL) & O_NONBLOCK == 0)
    return (fds[0], fds[1])
  }

  @Test func makeNonBlockingSetsTheFlagAndAnEmptyDrainReturnsZero() throws {
    let (r, w) = try blockingPipe()
    defer { close(w) }
    let e = EventFD(fd: r)
    #expect(e.makeNonBlocking())
    #expect(fcntl(e.fd, F_GETFL) & O_NONBLOCK != 0)
    #expect(e.drain() == 0)
    var two = UInt64(2)
    #expect(write(w, &two, 8) == 8)
    #expect(e.drain() == 2)
  }

  @Test func theBackEndMakesAReceivedKickFDNonBlocking() throws {
    let b = VhostUserBackend(device: RngDevice(pattern: Array("x".utf8)))
    let (r, w) = try blockingPipe()
    defer { close(w) }
    _ = b.handle(VhostUserMessage(request: .setVringKick, payload: withUnsafeBytes(of: UInt64(0).littleEndian) { Array($0) }, fds: [r]))
    let kick = try #require(b.vring.kick)
    #expect(kick.fd == r)
    #expect(fcntl(kick.fd, F_GETFL) & O_NONBLOCK != 0)
  }
}
