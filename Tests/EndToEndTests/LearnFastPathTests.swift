import ArgumentParser
import Testing

@testable import virtio_tutor

/// `learn`'s arguments read by hand at start-up: what it accepts it reads exactly as ArgumentParser does, and
/// everything else (help, errors, other commands) is left to ArgumentParser.
@Suite struct LearnFastPathTests {
  @Test func theCommandNamesAreTheCommands() {
    let names = VirtioTutor.configuration.subcommands.map { $0._commandName }
    #expect(Set(LearnFastPath.commandNames) == Set(names + ["help"]))
  }

  @Test(arguments: [
    [], ["learn"], ["why-virtio"], ["3"], ["learn", "check"], ["learn", "learn"], ["learn", "why-virtio", "--step", "4"],
    ["--step", "2", "why-virtio"], ["learn", "1", "--step", "-1"], ["--step", "007"],
    ["learn", "why-virtio", "--step", "1", "--bench-frames", "1", "--lessons", "/tmp/L"],
    ["--theme", "light", "--ascii", "--watch", "--present", "--screen-reader", "--reset-progress", "--auto", "2.5"],
    ["--theme", "nope"], ["learn", "nope"], ["--auto", "86400"], ["--lessons", "Lessons", "x\u{1B}[2J"],
  ])
  func acceptedArgumentsParseAsArgumentParserParsesThem(arguments: [String]) throws {
    let fast = try #require(LearnFastPath.request(arguments))
    let parsed = try VirtioTutor.parseAsRoot(arguments)
    let learn = try #require(parsed as? LearnCommand)
    #expect(fast == learn.request)
  }

  @Test(arguments: [
    ["--help"], ["-h"], ["help"], ["help", "learn"], ["learn", "--help"], ["--version"], ["check"], ["render", "1"],
    ["why-virtio", "check"], ["a", "b"], ["learn", "--step=2"], ["--step"], ["--step", "x"], ["--step", "+1"],
    ["--step", "1", "--step", "2"], ["--watch", "--watch"], ["--theme", "--ascii"], ["--theme"], ["--lessons", ""],
    ["--auto", "0"], ["--auto", "86401"], ["--auto", "nan"], ["--auto", "x"], ["-x"], ["--unknown"], ["--"],
    ["--", "why-virtio"], [""], ["-1"], ["learn", "--bench-frames", "1.5"], ["--generate-completion-script", "bash"],
  ])
  func everythingElseIsLeftToArgumentParser(arguments: [String]) {
    #expect(LearnFastPath.request(arguments) == nil)
  }
}
