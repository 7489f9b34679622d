import ArgumentParser
import Foundation
import Glibc
import TutorTerminal
import VirtioHost

/// `virtio-tutor guest`: boots a real Linux guest whose virtio-rng device is our engine over vhost-user, and
/// shows the guest's serial console with the back end's event lines in between (keys go to the guest).
struct GuestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "guest",
    abstract: "Boot a real Linux guest whose virtio-rng device is virtio-tutor's engine (vhost-user).",
    discussion: """
      On a terminal, a split screen: the guest's serial console on the left (keys go to the guest; type e.g. \
      `dd if=/dev/hwrng bs=16 count=1 | hexdump -C`), the ring our device serves on the right in the lessons' \
      picture, with the counters and the event log. Ctrl-A q quits (so do Ctrl-C, SIGTERM and SIGHUP). Without a \
      terminal (or with --line), the console is passed through with `[vhost-user]` / `[device]` lines between; \
      Ctrl-] quits there. QEMU, sockets and files are removed on every exit, a crash included.
      Needs the guest image: `virtio-tutor guest setup`.
      """,
    subcommands: [GuestRunCommand.self, GuestSetupCommand.self],
    defaultSubcommand: GuestRunCommand.self)
}

/// The options shared by `guest` and `bench guest`.
struct GuestDeviceOptions: ParsableArguments {
  @Flag(help: "Switch VIRTIO_F_EVENT_IDX off (the device property event_idx=off).")
  var noEventIdx = false

  @Flag(help: "Switch VIRTIO_F_INDIRECT_DESC off (indirect_desc=off).")
  var noIndirect = false

  @Option(help: "What the device writes into the guest's buffers, repeated.")
  var pattern = "virtio-tutor "

  @Option(help: "Make the device misbehave: \(DeviceFault.allCases.map(\.rawValue).joined(separator: ", ")).")
  var fault: String?

  @Option(
    name: .customLong("poll-us"),
    help: "Microseconds our device may keep polling the ring after serving, notifications off, before it sleeps: the adaptive window's maximum, or with --no-poll-adaptive the fixed window (0: no polling).")
  var pollMicroseconds = GuestDeviceOptions.defaultPollMicroseconds

  @Flag(inversion: .prefixedNo, help: "Adapt the polling window after every request (grow while polling would find work, shrink to 0 when the guest is idle), up to --poll-us; --no-poll-adaptive polls a fixed --poll-us.")
  var pollAdaptive = true

  /// ``NotificationPolling/defaultAdaptiveMaximum`` in microseconds (500).
  static let defaultPollMicroseconds = Int((NotificationPolling.defaultAdaptiveMaximum * 1e6).rounded())

  /// `--poll-us` (0 to 1 s: 0 is no polling) and `--[no-]poll-adaptive` as a polling policy.
  static func polling(microseconds: Int, adaptive: Bool = true) throws -> NotificationPolling {
    guard (0...1_000_000).contains(microseconds) else { throw ValidationError("--poll-us must be 0 to 1000000") }
    return NotificationPolling(window: Double(microseconds) / 1e6, adaptive: adaptive)
  }

  func sessionOptions() throws -> GuestSession.Options {
    var o = GuestSession.Options()
    o.polling = try Self.polling(microseconds: pollMicroseconds, adaptive: pollAdaptive)
    o.eventIdx = !noEventIdx
    o.indirect = !noIndirect
    guard !pattern.isEmpty else { throw ValidationError("--pattern must not be empty") }
    o.pattern = Array(pattern.utf8)
    if let fault {
      guard let f = DeviceFault(rawValue: fault) else {
        throw ValidationError("unknown fault '\(fault)' (known: \(DeviceFault.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      o.fault = f
    }
    return o
  }
}

/// The live run (the default subcommand of `guest`).
struct GuestRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "run", abstract: "Boot the guest with our virtio-rng back end (the default).")

  @OptionGroup var device: GuestDeviceOptions

  @Option(help: "Which back-end lines to show: all, device, none.")
  var events = "all"

  @Flag(help: "Line mode (the console passed through, event lines between) even on a terminal.")
  var line = false

  @Option(parsing: .unconditional, help: "Quit after this many seconds (0: no limit).")
  var timeLimit: Double = 0

  @Option(help: "Record the run as a script a lesson replays (`<!-- replay: … -->`), written to FILE on exit.")
  var record: String?

  @Option(help: ArgumentHelp("The guest /init's mode on the kernel command line (for tests).", visibility: .hidden))
  var initArguments = "tutor=shell"

  func run() throws {
    guard ["all", "device", "none"].contains(events) else { throw ValidationError("--events must be all, device or none") }
    let image = try GuestPaths.readyImage()
    GuestSignals.install()
    var options = try device.sessionOptions()
    options.initArguments = initArguments
    options.recording = record != nil
    let session: GuestSession
    do {
      session = try GuestSession(image: image, runtimeDirectory: GuestPaths.runtimeDirectory, options: options)
    } catch {
      throw CLIError("guest: \(error.message)")
    }
    let status: Int32
    if !line, isatty(0) == 1, isatty(1) == 1, case .success(let terminal) = NCursesTerminal.open() {
      var screen = GuestScreenView(session: session, terminal: terminal, caption: caption(options))
      status = screen.run(timeLimit: timeLimit)
      terminal.close()
      session.shutdown()
      GuestLineView.printSummary(session: session, reason: screen.quitReason)
    } else {
      var view = GuestLineView(session: session, events: events)
      status = view.run(timeLimit: timeLimit)
      session.shutdown()
      view.printSummary()
    }
    try writeRecording(session)
    if status != 0 { throw ExitCode(status) }
  }

  /// Writes `--record`'s script (what our device read and wrote, replayable by the engine).
  func writeRecording(_ session: GuestSession) throws {
    guard let record, let recorder = session.server?.backend.device.recorder else { return }
    guard recorder.hasStarted else { throw CLIError("guest: --record: the guest never started its ring; nothing to record") }
    do {
      try OutputFile.write(Array(recorder.script.utf8), to: record)
    } catch {
      throw CLIError("guest: --record: cannot write \(record): \(error)")
    }
    print("recorded \(recorder.lines.count) lines to \(record)")
  }

  /// The status line's account of the run.
  func caption(_ o: GuestSession.Options) -> String {
    var parts = ["pattern \"\(String(decoding: o.pattern, as: UTF8.self))\"", "EVENT_IDX \(o.eventIdx ? "on" : "off")", "INDIRECT \(o.indirect ? "on" : "off")"]
    if let f = o.fault { parts.append("fault \(f.rawValue)") }
    return parts.joined(separator: " · ")
  }
}
