import Foundation
import Glibc
import Testing
import VirtioHost

/// `virtio-tutor guest` in a real terminal (tmux) with a real Linux guest: the split screen, keys typed into the
/// guest's shell, the ring indices moving, and every way out (the chord, SIGTERM, SIGHUP, Ctrl-C, a crash) leaving
/// no QEMU, no reaper and nothing in the runtime directory. Skipped with a note without QEMU, tmux or the image.
@Suite(.serialized) struct GuestScreenEndToEndTests {
  static var image: GuestImage {
    let env = ProcessInfo.processInfo.environment
    if let cache = env["XDG_CACHE_HOME"], cache.hasPrefix("/") { return GuestImage(directory: cache + "/virtio-tutor/guest") }
    return GuestImage(directory: NSHomeDirectory() + "/.cache/virtio-tutor/guest")
  }

  static var ready: Bool { Tmux.isAvailable && Tmux.binary != nil && GuestImage.qemuBinary() != nil && image.problem == nil }

  @Test func qemuAndTmuxArePresentInCI() {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
      #expect(Self.ready, "CI=true but the guest screen test cannot run (tmux, QEMU or the guest image missing)")
    }
  }

  /// A private runtime directory, the tutor started in it, and the pids of what it started.
  struct Run {
    let tmux: Tmux
    let runtime: URL

    init(_ arguments: String) throws {
      tmux = try Tmux()
      runtime = tmux.directory.appendingPathComponent("run")
      try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
      chmod(runtime.path, 0o700)
      try tmux.start("env XDG_RUNTIME_DIR=\(runtime.path) LANG=C.UTF-8 \(Tmux.binary!) guest \(arguments)", width: 200, height: 50)
    }

    /// The tutor's pid, from its run directory's name (`virtio-tutor-PID-N`).
    func tutorPID() throws -> pid_t {
      let names = try FileManager.default.contentsOfDirectory(atPath: runtime.path)
      guard let name = names.first(where: { $0.hasPrefix("virtio-tutor-") }), let pid = pid_t(name.split(separator: "-")[2]) else {
        throw E2EError("no run directory in \(runtime.path): \(names)")
      }
      return pid
    }

    /// Processes whose command line names our runtime directory (QEMU, the cleanup reaper).
    func ourProcesses() -> [String] {
      let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int($0) } ?? []
      return pids.compactMap { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return line.contains(runtime.path) && !line.contains("tmux") && !line.contains(" guest ") ? "\(pid) \(line.prefix(60))" : nil
      }
    }

    /// `avail │idx N` of the ring pane.
    static func availIdx(_ screen: String) -> Int? {
      guard let r = screen.range(of: #"avail +[│|]idx \d+"#, options: .regularExpression) else { return nil }
      return Int(screen[r].split(separator: " ").last!)
    }
  }

  @Test(.enabled(if: Self.ready, "guest screen test skipped: tmux, QEMU or the guest image (virtio-tutor guest setup) missing"))
  func typesIntoTheGuestAndWatchesTheRingMove() throws {
    let run = try Run("--pattern Z")
    var screen = try run.tmux.waitFor("/ #", timeout: 240)
    #expect(screen.contains("guest console (ttyS0) · running"))
    #expect(screen.contains("our virtio-rng · size 4"))
    #expect(screen.contains("Ctrl-A q quits"))
    let before = try #require(Run.availIdx(screen), "no ring indices on screen:\n\(screen)")
    try run.tmux.keys("dd if=/dev/hwrng bs=16 count=1 | hexdump -C", "Enter")
    screen = try run.tmux.waitFor("|ZZZZZZZZZZZZZZZZ|", timeout: 60)
    #expect(screen.contains("5a 5a 5a 5a 5a 5a 5a 5a  5a 5a 5a 5a 5a 5a 5a 5a"))
    let deadline = Date().addingTimeInterval(10)
    while (Run.availIdx(screen) ?? 0) <= before && Date() < deadline { usleep(100_000); screen = try run.tmux.capture() }
    let after = try #require(Run.availIdx(screen))
    #expect(after > before, "avail.idx \(before) → \(after)")
    #expect(screen.contains("drv avail.idx → \(after)"))
    try run.tmux.keys("C-a", "q")
    #expect(try run.tmux.waitForExit(timeout: 60) == 0)
    #expect(try run.tmux.capture().contains("virtio-tutor: guest stopped (Ctrl-A q)"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: run.runtime.path) == [])
    #expect(run.ourProcesses() == [])
  }

  /// Every other way out: the status is 128 + the signal, and nothing is left (a crash leaves the cleanup to the
  /// reaper, which outlives us by design).
  @Test(
    .enabled(if: Self.ready, "guest screen test skipped: tmux, QEMU or the guest image (virtio-tutor guest setup) missing"),
    arguments: [("SIGTERM", SIGTERM), ("SIGHUP", SIGHUP), ("SIGINT (Ctrl-C)", SIGINT), ("SIGSEGV (a crash)", SIGSEGV)])
  func everyWayOutLeavesNothing(way: String, signal: Int32) throws {
    let run = try Run("--pattern Z")
    _ = try run.tmux.waitFor("our virtio-rng · size 4", timeout: 240)
    let pid = try run.tutorPID()
    #expect(!run.ourProcesses().isEmpty)  // QEMU and the reaper
    kill(pid, signal)  // Ctrl-C in the pane would also hit the wrapping shell (same process group): signal the tutor
    let status = try run.tmux.waitForExit(timeout: 60)
    #expect(status == 128 + Int(signal), "\(way): exit \(status)")
    let deadline = Date().addingTimeInterval(10)
    while !(run.ourProcesses().isEmpty && ((try? FileManager.default.contentsOfDirectory(atPath: run.runtime.path)) ?? []).isEmpty)
      && Date() < deadline
    {
      usleep(100_000)
    }
    #expect(run.ourProcesses() == [], "\(way)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: run.runtime.path) == [], "\(way)")
  }
}
