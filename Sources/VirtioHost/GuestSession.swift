import Glibc

/// One tutor guest under QEMU: a private run directory, our vhost-user back end (or none), QEMU itself, its QMP
/// connection and its serial console. Single-threaded: ``pump(timeout:watching:)`` serves the back end, and
/// every wait pumps. ``shutdown()`` (also run on deinit) quits QEMU, kills it by pid if it lingers, and removes the
/// run directory with every socket and file in it.
public final class GuestSession: @unchecked Sendable {
  /// What to boot.
  public struct Options: Sendable {
    /// Serve `vhost-user-rng-pci` with our device (else QEMU's own devices only).
    public var vhostUserRng = true
    public var eventIdx = true
    public var indirect = true
    public var pattern: [UInt8] = Array("virtio-tutor ".utf8)
    public var fault: DeviceFault?
    public var tracing = true
    /// How long our device polls the ring after serving before it sleeps (``NotificationPolling``).
    public var polling = NotificationPolling.standard
    /// Record the run as a replayable script (``RngDevice/recorder``; `guest --record FILE`).
    public var recording = false
    /// QEMU's own virtio-rng (for the benchmark's comparison), or rng + blk + net (`inspect --boot`).
    public var builtinRng = false
    public var stockDevices = false
    /// With the stock devices: QEMU's `throttling.iops-total` on the disk (``QEMUCommand/diskIOPSLimit``).
    public var diskIOPSLimit: Int?
    /// Guest RAM in a shared `/dev/shm` file (inspect reads it live) instead of anonymous RAM or a memfd.
    public var ramFile = false
    /// Guest RAM in a shared memfd even without our device (the benchmark boots QEMU's own device on the same
    /// memory backend as ours, so that only the device differs).
    public var memfdRAM = false
    public var initArguments = "tutor=shell"
    /// More QEMU arguments, appended after everything else (a test gives a bad one to see QEMU's complaint).
    public var extraQEMUArguments: [String] = []
    public init() {}
  }

  public let options: Options
  /// The private run directory (mode 0700), removed by ``shutdown()``.
  public let directory: String
  public let server: BackendServer?
  public let qemu: ChildProcess
  public private(set) var qmp: QMPClient?
  /// The RAM file, when ``Options/ramFile`` (in `/dev/shm`; removed by ``shutdown()``).
  public let ramFile: String?
  /// Guest RAM in MiB.
  public let memoryMiB: Int
  /// Monotonic time QEMU was started at.
  public let startedAt: Double
  /// The serial console output read so far.
  public private(set) var serial: [UInt8] = []
  /// The console's last lines (for the error line when QEMU exits early).
  public private(set) var consoleTail = ConsoleTail(lines: 5)
  private var unread: [UInt8] = []
  private var finished = false
  /// Cleans up after us if we die without ``shutdown()`` (a crash, SIGKILL).
  private var reaper: CleanupReaper?
  /// The cleanup reaper's pid, while it waits.
  public var reaperPID: pid_t? { reaper?.pid }

  public var consoleSocket: String { directory + "/console.sock" }
  public var qemuLog: String { directory + "/qemu.log" }

  /// Creates `runtimeDirectory/virtio-tutor-PID-N` (0700), starts the back end, then QEMU.
  public init(image: GuestImage, runtimeDirectory: String, options: Options) throws(VhostUserError) {
    guard let binary = GuestImage.qemuBinary() else {
      throw VhostUserError(.system, "QEMU is not installed (qemu-system-x86_64 not on PATH): run `virtio-tutor guest setup`")
    }
    if let problem = image.problem { throw VhostUserError(.system, problem) }
    self.options = options
    directory = try Self.makeRunDirectory(in: runtimeDirectory)
    var command = QEMUCommand(image: image, qmpSocket: directory + "/qmp.sock", consoleSocket: directory + "/console.sock")
    ramFile = options.ramFile ? "/dev/shm/virtio-tutor-\(getpid())-\(UInt32(truncatingIfNeeded: Int(Monotonic.now * 1000)))" : nil
    command.ram = ramFile.map { .sharedFile($0) } ?? (options.vhostUserRng || options.memfdRAM ? .sharedMemfd : .anonymous)
    command.initArguments = options.initArguments
    command.diskIOPSLimit = options.diskIOPSLimit
    memoryMiB = command.memoryMiB
    do {
      if options.vhostUserRng {
        let device = RngDevice(
          pattern: options.pattern, fault: options.fault, tracing: options.tracing, recording: options.recording,
          polling: options.polling)
        server = try BackendServer(path: directory + "/vu.sock", backend: VhostUserBackend(device: device))
        command.addVhostUserRng(socket: directory + "/vu.sock", eventIdx: options.eventIdx, indirect: options.indirect)
      } else {
        server = nil
      }
      if options.stockDevices { command.addStockDevices() } else if options.builtinRng { command.addBuiltinRng(eventIdx: options.eventIdx) }
      command.devices += options.extraQEMUArguments
      startedAt = Monotonic.now
      qemu = try ChildProcess(command.arguments(binary: binary), logPath: directory + "/qemu.log")
    } catch {
      Self.removeRunDirectory(directory)
      throw error
    }
    reaper = try? CleanupReaper(qemuPID: qemu.pid, directory: directory, ramFile: ramFile)
    do {
      try openConsole()
    } catch {
      shutdown()
      throw error
    }
  }

  deinit { shutdown() }

  /// Connects QMP (pumping the back end meanwhile: QEMU waits for its replies while the device realizes).
  @discardableResult public func connectQMP(timeout: Double = 30) throws(VhostUserError) -> QMPClient {
    if let qmp { return qmp }
    let client: QMPClient
    do {
      client = try QMPClient(path: directory + "/qmp.sock", connectTimeout: timeout, timeout: timeout) { [weak self] in
        self?.pumpOnce()
      }
    } catch {
      throw qemu.isRunning ? error : earlyExit(before: "QMP connected (\(error.message))")
    }
    qmp = client
    return client
  }

  /// Serves the back end for up to `timeout` ms and reads new console output; returns the readable `watching` fds.
  @discardableResult
  public func pump(timeout: Int32, watching: [Int32] = []) -> Set<Int32> {
    var ready: Set<Int32> = []
    var consoleReady = false
    let consoleFD = console?.fd ?? -1
    if watching.isEmpty, consoleFD >= 0, let server {
      // The common case (a wait, a benchmark): only the console besides the back end, and no set to build.
      consoleWatch[0] = consoleFD
      server.step(timeout: timeout, watching: consoleWatch) { _ in consoleReady = true }
    } else {
      let all = watching + (consoleFD >= 0 ? [consoleFD] : [])
      if let server {
        ready = server.step(timeout: timeout, watching: all)
      } else {
        var fds = all.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        _ = poll(&fds, nfds_t(fds.count), timeout)
        ready = Set(fds.filter { $0.revents != 0 }.map(\.fd))
      }
      consoleReady = consoleFD >= 0 && ready.remove(consoleFD) != nil
    }
    if consoleReady, let bytes = try? console?.read(upTo: 65536) {
      if bytes.isEmpty { console?.close(); console = nil }
      serial += bytes
      unread += bytes
      consoleTail.append(bytes)
    }
    return ready
  }

  /// The watch list of the common pump (the console alone), reused.
  private var consoleWatch: [Int32] = [-1]

  /// Console output that arrived since the last call (for a live view).
  public func takeConsoleOutput() -> [UInt8] {
    defer { unread = [] }
    return unread
  }

  private func pumpOnce() { _ = pump(timeout: 0) }

  /// The connection to the guest's serial console (QEMU waits for it before running the guest; closed by
  /// ``shutdown()``). All console output comes through it.
  public internal(set) var console: UnixSocket?

  /// Quits QEMU (QMP `quit`, pumping the back end through the vhost-user teardown), kills it by pid if it is
  /// still there after a few seconds, closes the back end and removes the run directory and the RAM file.
  public func shutdown() {
    guard !finished else { return }
    finished = true
    if qemu.isRunning, let qmp {
      qmp.timeout = 3
      _ = try? qmp.execute("quit")
      let deadline = Monotonic.now + 5
      while qemu.isRunning && Monotonic.now < deadline { pump(timeout: 10) }
    }
    qemu.terminate(grace: 1)
    qmp?.close()
    console?.close()
    server?.close()
    if let ramFile { unlink(ramFile) }
    Self.removeRunDirectory(directory)
    reaper?.disarm()
    reaper = nil
  }

  static func makeRunDirectory(in parent: String) throws(VhostUserError) -> String {
    for attempt in 0..<100 {
      let path = "\(parent)/virtio-tutor-\(getpid())-\(attempt)"
      if mkdir(path, 0o700) == 0 { return path }
      guard errno == EEXIST else { throw UnixSocket.systemError("mkdir \(path)") }
    }
    throw VhostUserError(.system, "no free run directory under \(parent)")
  }

  static func removeRunDirectory(_ path: String) {
    for name in ["vu.sock", "qmp.sock", "console.sock", "qemu.log", "pmemsave.bin"] { unlink(path + "/" + name) }
    rmdir(path)
  }
}
