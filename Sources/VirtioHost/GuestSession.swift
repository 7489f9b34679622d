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
      if options.stockDevices { command.addStockDevices() } else if options.builtinRng { command.addBuiltinRng() }
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
    let client = try QMPClient(path: directory + "/qmp.sock", connectTimeout: timeout, timeout: timeout) { [weak self] in
      self?.pumpOnce()
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
  public private(set) var console: UnixSocket?

  /// Connects to the serial console socket (pumping meanwhile) and keeps the connection for the session.
  @discardableResult func openConsole(timeout: Double = 10) throws(VhostUserError) -> UnixSocket {
    if let console { return console }
    let deadline = Monotonic.now + timeout
    while true {
      if let s = try? UnixSocket.connect(path: consoleSocket) {
        console = s
        return s
      }
      guard Monotonic.now < deadline else { throw VhostUserError(.system, "cannot connect to the guest console \(consoleSocket)") }
      pump(timeout: 20)
    }
  }

  /// Types `text` on the guest's serial console.
  public func type(_ text: String) throws(VhostUserError) {
    try send(Array(text.utf8))
  }

  /// Sends raw key bytes to the guest's serial console.
  public func send(_ bytes: [UInt8]) throws(VhostUserError) {
    guard let console else { throw VhostUserError(.disconnected, "the guest console is closed") }
    try console.writeAll(bytes)
  }

  /// The console output as text.
  public var serialText: String { String(decoding: serial, as: UTF8.self) }

  /// The console output from byte `offset` on, as text.
  public func consoleText(after offset: Int) -> String {
    String(decoding: serial[min(max(0, offset), serial.count)...], as: UTF8.self)
  }

  /// Pumps until the console shows `marker` (in the output from byte `offset` on); throws when QEMU exits or
  /// `timeout` seconds pass.
  ///
  /// While the back end serves requests each pump returns at once, so the loop does no per-pump work beyond it:
  /// it searches only console bytes that arrived since the last search, and asks whether QEMU is still running
  /// (a `wait4`) only when a pump timed out or at most every 50 ms.
  public func waitForConsole(_ marker: String, after offset: Int = 0, timeout: Double) throws(VhostUserError) {
    let needle = Array(marker.utf8)
    let deadline = Monotonic.now + timeout
    var searched = max(0, offset)
    var nextCheck = 0.0
    while true {
      if serial.count > searched {
        if Self.find(needle, in: serial, from: searched) { return }
        searched = max(searched, serial.count - needle.count + 1)
      }
      let now = Monotonic.now
      if now >= nextCheck {
        guard qemu.isRunning else {
          throw VhostUserError(.system, "QEMU exited (\(qemu.exitDescription)) before the console showed \"\(marker)\": \(qemuLogTail)")
        }
        guard now < deadline else {
          throw VhostUserError(.system, "the console did not show \"\(marker)\" within \(Int(timeout)) s")
        }
        nextCheck = now + 0.05
      }
      pump(timeout: 20)
    }
  }

  /// Whether `needle` occurs in `haystack` starting at or after `start`.
  static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Bool {
    guard let first = needle.first, haystack.count - start >= needle.count else { return needle.isEmpty }
    var i = start
    let last = haystack.count - needle.count
    while i <= last {
      if haystack[i] == first && haystack[i..<i + needle.count].elementsEqual(needle) { return true }
      i += 1
    }
    return false
  }

  /// Pumps until the console shows a whole line (ended by a newline) containing `marker`, and returns that line
  /// without its line ending. The serial port delivers text in pieces, so a line read as soon as `marker` appears
  /// may still be missing its end; this waits for the end.
  public func waitForConsoleLine(containing marker: String, timeout: Double) throws(VhostUserError) -> String {
    let deadline = Monotonic.now + timeout
    while true {
      if let line = completeLine(containing: marker) { return line }
      guard qemu.isRunning else {
        throw VhostUserError(.system, "QEMU exited (\(qemu.exitDescription)) before the console showed a line with \"\(marker)\": \(qemuLogTail)")
      }
      guard Monotonic.now < deadline else {
        throw VhostUserError(.system, "the console did not show a whole line with \"\(marker)\" within \(Int(timeout)) s")
      }
      pump(timeout: 20)
    }
  }

  /// The first newline-terminated console line containing `marker`, without its line ending.
  private func completeLine(containing marker: String) -> String? {
    let text = serialText
    guard let hit = text.range(of: marker) else { return nil }
    guard let end = text[hit.upperBound...].firstIndex(where: \.isNewline) else { return nil }
    let start = text[..<hit.lowerBound].lastIndex(where: \.isNewline).map { text.index(after: $0) } ?? text.startIndex
    return String(text[start..<end])
  }

  /// The last lines QEMU printed (for error messages).
  public var qemuLogTail: String {
    let fd = open(qemuLog, O_RDONLY)
    guard fd >= 0 else { return "" }
    defer { close(fd) }
    var chunk = [UInt8](repeating: 0, count: 4096)
    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
    let text = n > 0 ? String(decoding: chunk[0..<n], as: UTF8.self) : ""
    return text.split(separator: "\n").suffix(3).joined(separator: " | ")
  }

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
