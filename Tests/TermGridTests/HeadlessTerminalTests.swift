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
    var terminal = Terminal(HeadlessTerminal(size: Size(width: 10, height: 3)))
    let first = frame("one")
    try terminal.draw(first)
    #expect(terminal.backend.screen == first)
    #expect(terminal.backend.lastWasFullRepaint)

    let second = frame("two")
    try terminal.draw(second)
    #expect(terminal.backend.screen == second)
    #expect(!terminal.backend.lastWasFullRepaint)
    #expect(terminal.backend.lastPainted == [
      StyleRun(origin: Point(x: 1, y: 1), style: Style(fg: .yellow, bold: true), characters: ["t", "w", "o"])
    ])
    #expect(terminal.backend.frameCount == 2)
    try terminal.draw(second)
    #expect(terminal.backend.lastPainted == [])
  }

  @Test func gridsLargerOrSmallerThanTheScreenAreClipped() throws {
    var terminal = Terminal(HeadlessTerminal(size: Size(width: 6, height: 2)))
    try terminal.draw(frame("abcdefgh"))
    #expect(terminal.backend.screen.lines == ["┌─────", "│abcde"])
    try terminal.draw(CellGrid(lines: ["x"]))
    #expect(terminal.backend.lastWasFullRepaint)
    #expect(terminal.backend.screen.lines == ["x", ""])
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

  @Test func afterResizeOrRedrawAllTheNextDrawIsFull() throws {
    var terminal = Terminal(
      HeadlessTerminal(size: Size(width: 10, height: 3), input: [.resize(Size(width: 10, height: 3))]))
    let first = frame("one")
    try terminal.draw(first)
    _ = try terminal.nextInput(timeout: nil)
    try terminal.draw(first)
    #expect(terminal.backend.lastWasFullRepaint)
    #expect(terminal.backend.screen == first)
    try terminal.draw(first)
    #expect(!terminal.backend.lastWasFullRepaint)
    terminal.redrawAll()
    try terminal.draw(first)
    #expect(terminal.backend.lastWasFullRepaint)
  }

  @Test func capabilitiesDropColourAndUnicodeInTheTerminal() throws {
    var terminal = Terminal(HeadlessTerminal(size: Size(width: 10, height: 3), capabilities: .minimal))
    try terminal.draw(frame("ok ✓"))
    #expect(terminal.backend.screen.lines == ["+--------+", "|ok v    |", "+--------+"])
    #expect(terminal.backend.screen[1, 1].style == Style(bold: true))
    #expect(terminal.backend.screen[0, 0].style == .plain)
    #expect(terminal.lastDrawn == frame("ok ✓").adapted(to: .minimal))
  }

  @Test func zeroSizedTerminal() throws {
    var terminal = Terminal(HeadlessTerminal(size: .zero))
    try terminal.draw(frame("x"))
    try terminal.draw(frame("y"))
    #expect(terminal.backend.screen.lines == [])
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
