/// Runs of a real guest recorded by `virtio-tutor guest --record FILE`, kept as scripts in the engine's language
/// (what Linux's driver wrote, as our device read it, as `poke`s; what our device did, as `device` commands; what
/// it wrote, as `expect`s). A step plays one with `<!-- replay: NAME -->`: the recording becomes one of the step's
/// scripts, so the engine replays it and its snapshot draws the ring, as for any script, and `check` verifies it.
///
/// The text is compiled in (the parser reads no files); the checked-in fixture is the source of truth and a test
/// keeps the two identical (`guest/embed-recording` regenerates the Swift text from it).
public enum RecordedRun {
  /// The recorded runs, by name.
  public static let names = ["guest-rng"]

  /// Where each recording's fixture lives in the repository (positions of its errors point there).
  public static func fixturePath(named name: String) -> String? {
    name == "guest-rng" ? "Tests/VirtioHostTests/Fixtures/guest-rng-run.virtio" : nil
  }

  /// The script of the recording `name` (lines separated by `\n`, no trailing newline), or nil.
  public static func script(named name: String) -> String? {
    name == "guest-rng" ? guestRng : nil
  }

  /// The position of the recording's first line.
  static func position(named name: String) -> SourcePosition {
    SourcePosition(file: fixturePath(named: name) ?? name, line: 1, column: 1)
  }
}
