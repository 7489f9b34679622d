/// The QEMU command line for a tutor guest. Always TCG (on these machines `/dev/kvm` is a shim that hangs the
/// guest), no network, the serial console on a unix socket, QMP on a unix socket.
public struct QEMUCommand: Sendable {
  /// How guest RAM is backed.
  public enum RAM: Sendable {
    /// Anonymous RAM (a stock guest nobody maps).
    case anonymous
    /// A shared memfd: what vhost-user needs (the back end maps the fds QEMU sends).
    case sharedMemfd
    /// A shared file (in `/dev/shm`), so `inspect` can read the rings while the guest runs.
    case sharedFile(String)
  }

  public var image: GuestImage
  public var memoryMiB = 128
  public var ram: RAM = .anonymous
  /// The `/init` mode and its parameters, on the kernel command line (`tutor=shell`, `tutor=read …`).
  public var initArguments = "tutor=shell"
  public var qmpSocket: String
  public var consoleSocket: String
  /// With the stock devices: at most this many disk requests per second (QEMU's `throttling.iops-total`), so a
  /// request stays in flight long enough to be caught by `inspect` (an outstanding INDIRECT chain).
  public var diskIOPSLimit: Int?
  /// Device arguments (`-device …`, `-chardev …`).
  public var devices: [String] = []

  public init(image: GuestImage, qmpSocket: String, consoleSocket: String) {
    self.image = image
    self.qmpSocket = qmpSocket
    self.consoleSocket = consoleSocket
  }

  /// `vhost-user-rng-pci` on our back end's socket; `event_idx` and `indirect_desc` are device properties
  /// (QEMU 7.2's vhost-user-rng ignores the back end's feature offer).
  public mutating func addVhostUserRng(socket: String, eventIdx: Bool, indirect: Bool) {
    devices += [
      "-chardev", "socket,id=vurng,path=\(socket)",
      "-device", "vhost-user-rng-pci,id=vurng0,chardev=vurng,event_idx=\(eventIdx ? "on" : "off"),indirect_desc=\(indirect ? "on" : "off")",
    ]
  }

  /// QEMU's own `virtio-rng-pci` backed by `/dev/urandom`, with no rate limit; `eventIdx: false` is the common
  /// virtio device property `event_idx=off` (as for ours, so a benchmark compares like with like).
  public mutating func addBuiltinRng(eventIdx: Bool = true) {
    devices += [
      "-object", "rng-random,id=rngsrc,filename=/dev/urandom",
      "-device", "virtio-rng-pci,id=rng0,rng=rngsrc\(eventIdx ? "" : ",event_idx=off")",
    ]
  }

  /// QEMU's own virtio-rng, virtio-blk (the image's disk, read-only) and virtio-net (user networking with
  /// `restrict=on`: nothing leaves QEMU).
  public mutating func addStockDevices() {
    addBuiltinRng()
    devices += [
      "-drive", "file=\(image.disk),format=raw,if=none,id=d0,readonly=on\(diskIOPSLimit.map { ",throttling.iops-total=\($0)" } ?? "")", "-device", "virtio-blk-pci,id=blk0,drive=d0",
      "-netdev", "user,id=n0,restrict=on", "-device", "virtio-net-pci,id=net0,netdev=n0",
    ]
  }

  /// The QMP path of a device added with `id`.
  public static func virtioPath(id: String) -> String { "/machine/peripheral/\(id)/virtio-backend" }

  /// The full argument vector.
  public func arguments(binary: String = "qemu-system-x86_64") -> [String] {
    var a = [
      binary, "-accel", "tcg", "-machine", "pc", "-m", "\(memoryMiB)M", "-nodefaults", "-no-user-config",
      "-display", "none", "-no-reboot",
      // Named threads (`CPU 0/TCG`, …): `bench guest --pin` finds the vCPU thread by its name.
      "-name", "virtio-tutor,debug-threads=on",
    ]
    switch ram {
    case .anonymous: break
    case .sharedMemfd:
      a += ["-object", "memory-backend-memfd,id=mem,size=\(memoryMiB)M,share=on", "-machine", "memory-backend=mem"]
    case .sharedFile(let path):
      a += ["-object", "memory-backend-file,id=mem,size=\(memoryMiB)M,mem-path=\(path),share=on", "-machine", "memory-backend=mem"]
    }
    a += [
      "-kernel", image.kernel, "-initrd", image.initrd,
      "-append", "console=ttyS0 quiet panic=-1 \(initArguments)",
      // wait=on: QEMU waits for our console connection before it runs the guest, so no output is lost.
      "-chardev", "socket,id=ser0,path=\(consoleSocket),server=on,wait=on",
      "-serial", "chardev:ser0",
      "-qmp", "unix:\(qmpSocket),server=on,wait=off",
    ]
    return a + devices
  }
}
