import Testing

@testable import TermGrid

@Suite struct HeadlessTerminalTests {
  func frame(_ text: String, size: Size = Size(width: 10, height: 3)) -> CellGrid {
    var grid = CellGrid(size: size)
    grid.drawBox(grid.bounds, style: Style(fg: .blue))
    grid.put(text, at: Point(x: 1, y: 1), style: Style(fg: .yellow, bold: true))
    return grid
  }

  @Test func roundTripFullThenDiff() throws {
    var terminal = HeadlessTerminal(size: Size(width: 10, height: 3))
    let first = frame("one")
    try terminal.draw(first, previous: nil)
    #expect(terminal.screen == first)
    #expect(terminal.lastWasFullRepaint)

    let second = frame("two")
    try terminal.draw(second, previous: first)
    #expect(terminal.screen == second)
    #expect(!terminal.lastWasFullRepaint)
    #expect(terminal.lastPainted == [
      StyleRun(origin: Point(x: 1, y: 1), style: Style(fg: .yellow, bold: true), characters: ["t", "w", "o"])
    ])
    #expect(terminal.frameCount == 2)
  }

  @Test func gridsLargerOrSmallerThanTheScreenAreClipped() throws {
    var terminal = HeadlessTerminal(size: Size(width: 6, height: 2))
    try terminal.draw(frame("abcdefgh"), previous: nil)
    #expect(terminal.screen.lines == ["┌─────", "│abcde"])
    try terminal.draw(CellGrid(lines: ["x"]), previous: nil)
    #expect(terminal.screen.lines == ["x", ""])
  }

  @Test func inputQueueResizeAndExhaustion() throws {
    var terminal = HeadlessTerminal(size: Size(width: 4, height: 2), input: [.key(.right)])
    terminal.enqueue(.resize(Size(width: 7, height: 5)), .key(.character("q")))
    #expect(try terminal.nextInput(timeout: nil) == .key(.right))
    #expect(try terminal.nextInput(timeout: .milliseconds(100)) == .resize(Size(width: 7, height: 5)))
    #expect(terminal.size == Size(width: 7, height: 5))
    #expect(terminal.screen.size == Size(width: 7, height: 5))
    #expect(try terminal.nextInput(timeout: nil)?.key == .character("q"))
    #expect(try terminal.nextInput(timeout: .milliseconds(100)) == nil)
    #expect(throws: HeadlessTerminal.InputExhausted.self) { try terminal.nextInput(timeout: nil) }
    #expect(terminal.requestedTimeouts == [nil, .milliseconds(100), nil, .milliseconds(100), nil])
  }

  @Test func afterResizeTheNextDrawIsFull() throws {
    var terminal = HeadlessTerminal(size: Size(width: 10, height: 3), input: [.resize(Size(width: 10, height: 3))])
    let first = frame("one")
    try terminal.draw(first, previous: nil)
    _ = try terminal.nextInput(timeout: nil)
    try terminal.draw(first, previous: first)
    #expect(terminal.lastWasFullRepaint)
    #expect(terminal.screen == first)
  }

  @Test func capabilitiesDropColourAndUnicode() throws {
    var terminal = HeadlessTerminal(size: Size(width: 10, height: 3), capabilities: .minimal)
    try terminal.draw(frame("ok ✓"), previous: nil)
    #expect(terminal.screen.lines == ["+--------+", "|ok v    |", "+--------+"])
    #expect(terminal.screen[1, 1].style == Style(bold: true))
    #expect(terminal.screen[0, 0].style == .plain)
  }

  @Test func zeroSizedTerminal() throws {
    var terminal = HeadlessTerminal(size: .zero)
    try terminal.draw(frame("x"), previous: nil)
    try terminal.draw(frame("y"), previous: frame("x"))
    #expect(terminal.screen.lines == [])
  }

  @Test func capabilityHelpers() {
    #expect(TerminalCapabilities.colorAllowed(noColor: nil))
    #expect(TerminalCapabilities.colorAllowed(noColor: ""))
    #expect(!TerminalCapabilities.colorAllowed(noColor: "1"))
    #expect(TerminalCapabilities.full.boxGlyphs == .unicode)
    #expect(TerminalCapabilities.minimal.boxGlyphs == .ascii)
  }
}

@Suite struct KeyTests {
  @Test func controlCodesDecode() {
    #expect(Key(terminalCharacter: 9) == .tab)
    #expect(Key(terminalCharacter: 10) == .enter)
    #expect(Key(terminalCharacter: 13) == .enter)
    #expect(Key(terminalCharacter: 8) == .backspace)
    #expect(Key(terminalCharacter: 127) == .backspace)
    #expect(Key(terminalCharacter: 27) == .escape)
    #expect(Key(terminalCharacter: 1) == .ctrl("a"))
    #expect(Key(terminalCharacter: 12) == .ctrl("l"))
    #expect(Key(terminalCharacter: 26) == .ctrl("z"))
    #expect(Key(terminalCharacter: 0) == nil)
    #expect(Key(terminalCharacter: 0x9B) == nil)
    #expect(Key(terminalCharacter: 0xD800) == nil)
  }

  @Test func printableCharactersDecode() {
    #expect(Key(terminalCharacter: 0x71) == .character("q"))
    #expect(Key(terminalCharacter: 0x20) == .character(" "))
    #expect(Key(terminalCharacter: 0xE9) == .character("é"))
  }

  @Test func descriptions() {
    #expect(Key.character(" ").description == "Space")
    #expect(Key.ctrl("l").description == "Ctrl-L")
    #expect(Key.function(5).description == "F5")
    #expect(InputEvent.key(.pageDown).description == "key(PgDn)")
    #expect(InputEvent.signal(15).key == nil)
  }
}
