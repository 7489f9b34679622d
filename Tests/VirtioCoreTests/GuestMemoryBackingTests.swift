import Glibc
import Testing
@testable import VirtioCore

/// A real shared mapping of an (unlinked) temporary file, as a vhost-user back end maps guest RAM from a file
/// descriptor.
private final class MemfdMapping {
  let fd: Int32
  let base: UnsafeMutableRawPointer
  let size: Int

  init(size: Int) throws {
    var template = Array("/tmp/virtio-tutor-ram-XXXXXX".utf8CString)
    fd = mkstemp(&template)
    guard fd >= 0 else { throw MappingFailed() }
    unlink(template)
    guard ftruncate(fd, off_t(size)) == 0 else { throw MappingFailed() }
    guard let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), p != MAP_FAILED else { throw MappingFailed() }
    base = p
    self.size = size
  }

  /// A second, independent mapping of the same file (what the other process sees).
  func mapAgain() -> UnsafeMutableRawPointer? {
    let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
    return p == MAP_FAILED ? nil : p
  }

  deinit {
    munmap(base, size)
    close(fd)
  }

  struct MappingFailed: Error {}
}

@Suite struct GuestMemoryBackingTests {
  @Test func mappedRegionsTranslateGuestPhysicalAddressesAndRefuseStraddling() throws {
    let low = try MemfdMapping(size: 0x1000)
    let high = try MemfdMapping(size: 0x2000)
    var memory = try GuestMemory(regions: [
      GuestMemoryRegion(guestPhysicalAddress: 0x10_0000, size: 0x2000, base: high.base, writable: true, owner: high),
      GuestMemoryRegion(guestPhysicalAddress: 0, size: 0x1000, base: low.base, writable: true, owner: low),
    ])
    #expect(memory.isShared)
    #expect(memory.regions.map(\.guestPhysicalAddress) == [0, 0x10_0000])
    try memory.store(UInt32(0xdead_beef), at: 0x10_0010)
    try memory.store(UInt16(0x1234), at: 0x0ffe)
    // The bytes really are in the shared files: a second mapping sees them, little-endian.
    let other = try #require(high.mapAgain())
    defer { munmap(other, 0x2000) }
    #expect(other.load(fromByteOffset: 0x10, as: UInt8.self) == 0xef)
    #expect(low.base.load(fromByteOffset: 0xffe, as: UInt16.self) == 0x1234)
    // Written from the other side, read by the engine.
    other.storeBytes(of: UInt64(0x0102_0304_0506_0708).littleEndian, toByteOffset: 0x100, as: UInt64.self)
    #expect(try memory.load(UInt64.self, at: 0x10_0100) == 0x0102_0304_0506_0708)
    // A range that straddles the end of a region, a hole, and 64-bit overflow are all refused by name.
    for (address, length) in [(0x0ffe, 4), (0x1000, 1), (0x10_1fff, 2), (UInt64.max - 1, 4)] as [(UInt64, Int)] {
      #expect(!memory.contains(address, length: UInt64(length)))
      #expect(throws: VirtqueueError.self) { try memory.read(at: address, count: length) }
    }
    let error = try #require(throws: VirtqueueError.self) { try memory.store(UInt32(1), at: 0x0ffe) }
    #expect(error.kind == .addressOutOfRange)
  }

  @Test func overlappingRegionsAreRefused() throws {
    let a = try MemfdMapping(size: 0x2000)
    let error = try #require(throws: VirtqueueError.self) {
      try GuestMemory(regions: [
        GuestMemoryRegion(guestPhysicalAddress: 0, size: 0x2000, base: a.base, writable: true, owner: a),
        GuestMemoryRegion(guestPhysicalAddress: 0x1000, size: 0x1000, base: a.base, writable: true, owner: a),
      ])
    }
    #expect(error.kind == .addressOutOfRange)
  }

  @Test func aSharedMemoryIsNeverCopied() throws {
    let a = try MemfdMapping(size: 0x1000)
    let first = try GuestMemory(regions: [GuestMemoryRegion(guestPhysicalAddress: 0, size: 0x1000, base: a.base, writable: true, owner: a)])
    var second = first
    try second.store(UInt8(7), at: 3)
    #expect(try first.load(UInt8.self, at: 3) == 7)
  }

  @Test func guestRAMIsOneObjectAndHistoryIsItsWriteLog() throws {
    let first = GuestMemory(size: 64)
    first.startJournal()
    var second = first
    let start = first.journalPosition
    try second.store(UInt8(7), at: 3)
    try second.write([1, 2, 3, 4], at: 2)
    try second.store(UInt32(0xaabb_ccdd), at: 60)
    #expect(try first.load(UInt8.self, at: 3) == 2)
    #expect(first.journalPosition == start + 3)
    // Views undo later writes as they read, in order.
    #expect(try first.view(at: start).read(at: 0, count: 64) == [UInt8](repeating: 0, count: 64))
    #expect(try first.view(at: start + 1).read(at: 2, count: 3) == [0, 7, 0])
    #expect(try first.view(at: start + 2).load(UInt32.self, at: 60) == 0)
    let atTwo = try first.view(at: start + 2).read(at: 0, count: 64)
    // Rewinding restores the exact bytes and forgets the undone writes.
    second.rewind(to: start + 2)
    #expect(first.bytes == atTwo)
    second.rewind(to: start)
    #expect(first.bytes == [UInt8](repeating: 0, count: 64))
    #expect(first.journalPosition == start)
  }

  @Test func anImageIsReadOnlyAndStartsAtItsBase() throws {
    var image = GuestMemory(image: [1, 2, 3, 4, 5, 6, 7, 8], base: 0x4000)
    #expect(try image.load(UInt32.self, at: 0x4004) == 0x0807_0605)
    #expect(throws: VirtqueueError.self) { try image.load(UInt8.self, at: 0x3fff) }
    let error = try #require(throws: VirtqueueError.self) { try image.store(UInt8(1), at: 0x4000) }
    #expect(error.kind == .addressOutOfRange)
    #expect(try image.load(UInt8.self, at: 0x4000) == 1)
  }
}
