import Foundation
import TermGrid
import Testing
@testable import TutorUI

/// `virtio-tutor record`: the `.cast` follows the asciicast v2 rules line by line, and its output, played into a
/// minimal terminal, gives exactly the screens the tutor renders.
@Suite struct AsciicastTests {
  func recording(theme: Theme = .dark) -> Asciicast {
    var state = AppFixtures.state()
    state.theme = theme
    return LessonRecorder.record(state, steps: 0...3)
  }

  @Test func everyLineFollowsTheV2Rules() throws {
    let lines = recording(theme: .projector).text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.last == "")  // the file ends with a newline
    let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(header["version"] as? Int == 2 && header["width"] as? Int == 80 && header["height"] as? Int == 24)
    #expect(header["idle_time_limit"] as? Double == 2)
    #expect(header["env"] as? [String: String] == ["TERM": "xterm-256color"])
    let theme = try #require(header["theme"] as? [String: String])
    #expect(theme["fg"] == "#e5e5e5" && theme["bg"] == "#000000")
    let palette = try #require(theme["palette"]).split(separator: ":")
    #expect(palette.count == 16 && palette.allSatisfy { $0.count == 7 && $0.hasPrefix("#") && $0.dropFirst().allSatisfy(\.isHexDigit) })
    var last = 0.0
    var markers: [String] = []
    for line in lines.dropFirst().dropLast() {
      let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], "\(line)")
      #expect(event.count == 3)
      let time = try #require(event[0] as? Double)
      let code = try #require(event[1] as? String)
      let data = try #require(event[2] as? String)
      #expect(time >= last && time >= 0)
      last = time
      #expect(code == "o" || code == "m")
      if code == "m" { markers.append(data) }
      if code == "o" { #expect(!data.isEmpty) }
      #expect(!line.contains("\u{1B}"))  // ESC only as \u001b
    }
    #expect(markers == ["Step 1: Ring basics", "Step 2: Offer a buffer", "Step 3: The device answers", "Step 4: Take it back"])
    #expect(last > 1)
  }

  @Test func playedOutputGivesTheTutorsOwnScreens() throws {
    let cast = recording()
    var screen = MiniTerminal(width: 80, height: 24)
    var atMarkers: [String] = []
    for event in cast.events {
      if event.code == "o" { screen.feed(event.data) } else { atMarkers.append(screen.text) }
    }
    var state = AppFixtures.state(step: 3)
    state.settle()
    #expect(screen.text == TutorView.render(state).text)
    #expect(atMarkers.enumerated().allSatisfy { $1.contains("Step \($0 + 1)/4") })
    #expect(screen.styleAt(1, 0) == Theme.dark.style(.titleBar))
  }

  @Test func animationTimesComeFromTheFrameInterval() {
    let cast = recording()
    let times = cast.events.filter { $0.code == "o" }.dropFirst().map(\.milliseconds)  // after the opening clear
    let steps = zip(times, times.dropFirst()).map { $1 - $0 }.filter { $0 > 0 && $0 < 1000 }
    #expect(!steps.isEmpty && steps.allSatisfy { $0 % PlayState.baseFrameMilliseconds == 0 })
  }

  @Test func jsonStringsEscapeEveryControlCharacter() {
    #expect(JSONString.quoted("a\"b\\c\u{1B}[0m\n\u{7F}") == #""a\"b\\c\u001b[0m\n\u007f""#)
    #expect(JSONString.quoted("x\u{9B}2J é") == #""x\u009b2J é""#)
    #expect(JSONString.quoted("plain → text") == "\"plain → text\"")
    #expect(Asciicast.seconds(1250) == "1.250" && Asciicast.seconds(5) == "0.005")
  }
}

/// Just enough of a terminal to check recordings: cursor positioning (`CSI row;col H`), SGR, `CSI 2J`, text.
struct MiniTerminal {
  var grid: CellGrid
  var x = 0, y = 0
  var style = Style.plain

  init(width: Int, height: Int) { grid = CellGrid(width: width, height: height) }

  var text: String { grid.text }
  func styleAt(_ x: Int, _ y: Int) -> Style { grid[x, y].style }

  mutating func feed(_ data: String) {
    var scalars = Array(data.unicodeScalars)[...]
    while let c = scalars.popFirst() {
      guard c == "\u{1B}" else {
        grid[x, y] = Cell(c, style: style)
        x += 1
        continue
      }
      guard scalars.popFirst() == "[" else { continue }
      var parameters = ""
      while let p = scalars.first, !(p.properties.isAlphabetic) { parameters.unicodeScalars.append(scalars.removeFirst()) }
      let final = scalars.popFirst()
      let numbers = parameters.split(separator: ";").map { Int($0) ?? 0 }
      switch final {
      case "H":
        y = max(0, (numbers.first ?? 1) - 1)
        x = max(0, (numbers.dropFirst().first ?? 1) - 1)
      case "J": grid = CellGrid(width: grid.width, height: grid.height)
      case "m": style = Self.style(numbers)
      default: break
      }
    }
  }

  static func style(_ codes: [Int]) -> Style {
    var s = Style.plain
    for code in codes {
      switch code {
      case 0: s = .plain
      case 1: s.bold = true
      case 2: s.dim = true
      case 3: s.italic = true
      case 4: s.underline = true
      case 7: s.reverse = true
      case 30...37: s.fg = TermColor(ansiIndex: code - 30)
      case 90...97: s.fg = TermColor(ansiIndex: code - 90 + 8)
      case 40...47: s.bg = TermColor(ansiIndex: code - 40)
      case 100...107: s.bg = TermColor(ansiIndex: code - 100 + 8)
      default: break
      }
    }
    return s
  }
}
