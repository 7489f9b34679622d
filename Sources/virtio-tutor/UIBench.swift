import ArgumentParser
import Foundation
import TermGrid
import TutorUI
import VirtioLessons

/// `virtio-tutor bench ui`: start-up time, frame build time and bytes written per animation frame, as JSON lines.
struct UIBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ui",
    abstract: "Benchmark the tutor's screen: start to first frame, frame build time, bytes per animation frame.",
    discussion: """
      Start-up and bytes are measured on the real binary in a pseudo-terminal (util-linux `script`): launch → \
      first frame drawn (CLOCK_MONOTONIC taken before spawning `script` and again right after the first frame's \
      doupdate in the tutor; includes starting `script`), and the bytes the terminal receives for 40 more \
      animation frames at the fastest speed. Frame build time \
      is TutorView.render measured in process at 80×24 and 200×60 while a step animates. Then, from outside in a \
      pty (20 runs, medians): the tutor's first frame against mdp showing the same slide, and the tutor's first \
      frame with the shipped lessons against 1,200 generated ones (after one cold launch that fills the lesson \
      head cache, which is also reported).
      """)

  @Option(help: "Lesson id or number to animate.")
  var lesson = "1"

  @Option(parsing: .unconditional, help: "Step to animate (1-based; pick one with many events).")
  var step = 2

  @Option(parsing: .unconditional, help: "Runs of the start-up measurement.")
  var runs = 10

  @OptionGroup var display: DisplayOptions

  mutating func run() throws {
    let lessons = try display.loadLessons()
    let id = try LessonSelector.id(of: lesson, in: lessons)
    for size in [Size(width: 80, height: 24), Size(width: 200, height: 60)] {
      emit(["measure": "frame_build", "width": size.width, "height": size.height] .merging(try frameBuild(lessons, id, size)) { a, _ in a })
    }
    if let startup = try startup(id) { emit(startup) }
    if let versus = try startupAgainstMDP(lessons) { emit(versus) }
    if let exe = Bundle.main.executablePath, let lesson = lessons.first {
      emit(try startupWithManyLessons(lessons, marker: try Self.firstSlide(of: lesson).marker, executable: exe))
    }
  }

  /// The environment the start-up measurements launch with (progress and the lesson head cache kept in `state`,
  /// not the user's own).
  static func launchEnvironment(state: String) -> [String: String] {
    var environment = [
      "TERM": "xterm-256color", "LANG": "C.UTF-8", "XDG_STATE_HOME": state, "XDG_CACHE_HOME": state + "/cache",
    ]
    environment["HOME"] = ProcessInfo.processInfo.environment["HOME"] ?? "/"
    return environment
  }

  /// Launch → first frame's bytes in a pty, for the tutor on lesson 1's first step and for `mdp` (a C/ncurses
  /// presenter) showing a slide of the same text: 20 runs each, interleaved, medians and their ratio.
  func startupAgainstMDP(_ lessons: [Lesson]) throws -> [String: Any]? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/mdp"), let exe = Bundle.main.executablePath,
      let lesson = lessons.first
    else {
      printError("virtio-tutor: /usr/bin/mdp not found (apt-get install mdp); skipping the start-up comparison")
      return nil
    }
    let (slide, marker) = try Self.firstSlide(of: lesson)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vt-mdp-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let slideFile = directory.appendingPathComponent("slide.md")
    try slide.write(to: slideFile, atomically: true, encoding: .utf8)
    let environment = Self.launchEnvironment(state: directory.path)
    let tutorArguments = [exe, "learn", lesson.id, "--step", "1"] + (display.lessons.map { ["--lessons", $0] } ?? [])
    let tutor = PtyLaunch(arguments: tutorArguments, environment: environment)
    let mdp = PtyLaunch(arguments: ["/usr/bin/mdp", slideFile.path], environment: environment)
    var ours: [Double] = []
    var theirs: [Double] = []
    for _ in 0..<20 {
      if let r = tutor.firstFrame(marker: marker) { ours.append(r.milliseconds) }
      if let r = mdp.firstFrame(marker: marker) { theirs.append(r.milliseconds) }
    }
    guard !ours.isEmpty, !theirs.isEmpty else {
      printError("virtio-tutor: the marker '\(marker)' never reached the terminal; skipping the start-up comparison")
      return nil
    }
    let (a, b) = (Self.median(ours), Self.median(theirs))
    return [
      "measure": "startup_vs_mdp", "marker": marker, "runs": min(ours.count, theirs.count),
      "tutor_first_frame_ms_median": (a * 10).rounded() / 10, "mdp_first_frame_ms_median": (b * 10).rounded() / 10,
      "ratio": (a / b * 100).rounded() / 100, "target_ratio": 2,
    ]
  }

  static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

  /// The markdown of a lesson's first step (front matter, comments and scripts left out) and the last word of its
  /// last line, which both programs draw near the end of their first frame.
  static func firstSlide(of lesson: Lesson) throws -> (text: String, marker: String) {
    let text = try String(contentsOfFile: lesson.file, encoding: .utf8)
    var lines = text.components(separatedBy: "\n")
    if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") { lines = Array(lines[(end + 1)...]) }
    var slide: [String] = []
    var inComment = false
    for line in lines {
      if line.hasPrefix("## ") { break }
      if line.hasPrefix("<!--") { inComment = !line.contains("-->") ; continue }
      if inComment { inComment = !line.contains("-->"); continue }
      slide.append(line)
    }
    let words = slide.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })?.split(separator: " ") ?? []
    let marker = words.last.map { String($0.filter(\.isLetter)) } ?? ""
    guard marker.count >= 4 else { throw CLIError("lesson \(lesson.id)'s first step has no word to wait for") }
    return (slide.joined(separator: "\n"), marker)
  }

  func emit(_ object: [String: Any]) {
    var o = object
    o["bench"] = "ui"
    BenchLine.emit(o)
  }

  /// Renders every animation frame of the step and reports the mean and the worst frame build time.
  func frameBuild(_ lessons: [Lesson], _ id: String, _ size: Size) throws -> [String: Any] {
    var state = TutorState(lessons: lessons, lessonID: id, step: step - 1, screen: size, theme: try display.resolvedTheme())
    state.setFastestPlayback()
    var times: [Double] = []
    let clock = ContinuousClock()
    var frames = 0
    repeat {
      let start = clock.now
      let grid = TutorView.render(state)
      times.append((clock.now - start).seconds * 1e6)
      precondition(grid.size == size)
      frames += 1
      _ = TutorReducer.reduce(&state, .ticked)
    } while state.nextTick != nil && frames < 2000
    let mean = times.reduce(0, +) / Double(max(1, times.count))
    return ["frames": frames, "mean_us": (mean * 10).rounded() / 10, "max_us": ((times.max() ?? 0) * 10).rounded() / 10]
  }

  /// Launch → first frame → exit, and bytes per extra animation frame, through `script` in a pseudo-terminal.
  func startup(_ id: String) throws -> [String: Any]? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), let exe = Bundle.main.executablePath else {
      printError("virtio-tutor: /usr/bin/script not found; skipping the start-up and bytes measurement")
      return nil
    }
    let lessonsOption = display.lessons.map { " --lessons '\($0)'" } ?? ""
    func command(_ frames: Int) -> String {
      "env XDG_STATE_HOME=/tmp/virtio-tutor-bench XDG_CACHE_HOME=/tmp/virtio-tutor-bench/cache TERM=xterm-256color '\(exe)' learn \(id) --step \(step) --bench-frames \(frames)\(lessonsOption)"
    }
    var wall: [Double] = []
    for _ in 0..<max(1, runs) {
      let stamp = FileManager.default.temporaryDirectory.appendingPathComponent("vt-stamp-\(getpid())").path
      let start = BenchStamp.now()
      _ = try scriptBytes("env \(BenchStamp.variable)=\(stamp) " + command(1))
      if let drawn = BenchStamp.read(stamp) { wall.append(Double(drawn.time - start) / 1e6) }
      try? FileManager.default.removeItem(atPath: stamp)
    }
    guard !wall.isEmpty else { return nil }
    let one = try scriptBytes(command(1))
    let stamp = FileManager.default.temporaryDirectory.appendingPathComponent("vt-stamp-many-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: stamp) }
    let many = try scriptBytes("env \(BenchStamp.variable)=\(stamp) " + command(41))
    let extra = max(1, (BenchStamp.read(stamp)?.frames ?? 41) - 1)
    wall.sort()
    return [
      "measure": "startup_and_bytes", "first_frame_ms_median": (wall[wall.count / 2] * 10).rounded() / 10,
      "first_frame_ms_max": ((wall.last ?? 0) * 10).rounded() / 10, "first_frame_bytes": one,
      "bytes_per_animation_frame": (many - one) / extra, "animation_frames_measured": extra, "runs": wall.count,
    ]
  }

  func scriptBytes(_ command: String) throws -> Int {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("vt-bench-\(getpid()).out")
    defer { try? FileManager.default.removeItem(at: out) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-q", "-e", "-c", command, out.path]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let attributes = try FileManager.default.attributesOfItem(atPath: out.path)
    return (attributes[.size] as? Int) ?? 0
  }
}
