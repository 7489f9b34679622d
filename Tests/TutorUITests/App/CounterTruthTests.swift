import TermGrid
import Testing
import VirtioFlows
import VirtioLessons
import VirtioScript

@testable import TutorUI

/// Every count a shipped lesson pins with `expect` (kicks, interrupts, `flow.*` exits and costs) is on the screen
/// of its step, in the counters pane of the whole tutor screen of the step's settled state at 120×40 and 80×24, in
/// the row of the run it is about: what the text says is what the learner sees.
@Suite struct CounterTruthTests {
  /// One pinned count: which row (a flow run's index in the step, or the queue) and which column.
  struct Pin: CustomStringConvertible {
    var lesson: String
    var step: Int
    var line: Int
    var run: Int?
    var quantity: String
    var value: UInt64
    var description: String { "\(lesson) step \(step + 1) line \(line): \(quantity) == \(value)" }
  }

  /// The counts a step pins: the last `expect NAME == N` of each quantity (and run) in the step.
  static func pins(_ lesson: Lesson, step index: Int, playback: StepPlayback) -> (pins: [Pin], skipped: [String]) {
    var runs = 0
    var pins: [String: Pin] = [:]
    var skipped: [String] = []
    var claims: [(line: Int, quantity: ScriptQuantity, value: UInt64, runs: Int)] = []
    for command in playback.commands {
      runs += command.after.flowHistory.count - command.before.flowHistory.count
      guard case .expect(let e) = command.line.command, e.comparison == .equal, let value = e.value.number else { continue }
      claims.append((command.line.line, e.quantity, value, runs))
    }
    // The exercise's count, after the answer: the engine's value at the step's end.
    if let exercise = lesson.steps[index].exercise, let check = exercise.check, let quantity = ScriptQuantity(parsing: check),
      case .success(let value) = playback.after.evaluate(check), let number = value.number
    {
      claims.append((exercise.checkPosition?.line ?? 0, quantity, number, runs))
    }
    for claim in claims {
      var pin = Pin(lesson: lesson.id, step: index, line: claim.line, run: nil, quantity: "", value: claim.value)
      switch claim.quantity {
      case .counter(let name) where CounterQuantity.allCases.contains(where: { $0.scriptNames.queue.contains(name) }):
        pin.quantity = name
      case .flow(let name):
        let parts = name.split(separator: ".").map(String.init)
        if parts.count == 2 {
          // `flow.virtio.exits`: the compare table's business when the step shows it.
          guard lesson.view(forStep: index) != .compare else { skipped.append("\(pin): compare table"); continue }
          guard let flow = Flow(name: parts[0]) else { continue }
          let mine = playback.commands.flatMap { $0.after.flowHistory.dropFirst($0.before.flowHistory.count) }
          guard let i = mine.lastIndex(where: { $0.flow == flow }) else { skipped.append("\(pin): run of an earlier step"); continue }
          pin.run = i
          pin.quantity = parts[1]
        } else {
          guard claim.runs > 0 else { skipped.append("\(pin): run of an earlier step"); continue }
          pin.run = claim.runs - 1
          pin.quantity = name
        }
      default: continue
      }
      pins["\(pin.run ?? -1).\(pin.quantity)"] = pin
    }
    return (Array(pins.values).sorted { $0.line < $1.line }, skipped)
  }

  /// The text of the column headed `header` in row `y` of the pane (the figure that ends under the heading).
  static func cell(_ grid: CellGrid, header: String, row y: Int) -> String? {
    guard let x = PaneFixture.column(of: header, in: grid, row: 0) else { return nil }
    let line = Array(grid.lines[y].unicodeScalars)
    var end = x + header.unicodeScalars.count - 1
    guard end < line.count else { return nil }
    var text = ""
    while end >= 0, line[end] != " " {
      text = String(line[end]) + text
      end -= 1
    }
    return text
  }

  /// The text of `area` of `screen`, as a grid of its own.
  static func crop(_ screen: CellGrid, to area: Rect) -> CellGrid {
    let lines = screen.lines[area.y..<area.maxY].map { line in
      var view = String.UnicodeScalarView()
      view.append(contentsOf: Array(line.unicodeScalars).dropFirst(area.x).prefix(area.width))
      return String(view)
    }
    return CellGrid(lines: Array(lines))
  }

  @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
  func everyPinnedCountIsOnItsStepsCounters(_ size: Size) throws {
    let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
    var checked = 0
    var wrong: [String] = []
    for lesson in lessons {
      let playback = LessonPlayback(lesson: lesson)
      for index in lesson.steps.indices {
        let step = playback.steps[index]
        let (pins, _) = Self.pins(lesson, step: index, playback: step)
        guard !pins.isEmpty else { continue }
        let rows = FrameBuilder.counterRows(
          step, session: step.after, flowCursor: step.flow?.steps.count ?? 0,
          showFlows: lesson.view(forStep: index) != .compare,
          exerciseCheck: lesson.steps[index].exercise?.check.flatMap(ScriptQuantity.init(parsing:)))
        // The whole tutor screen of the step's settled state, as the learner sees it: the counters pane is read
        // from where the layout puts it, so a screen that gives its rows to something else fails here.
        var state = TutorState(lessons: lessons, lessonID: lesson.id, step: index, screen: size)
        // After the answer: until then the step is held (ExerciseHoldTests) and its count is `?` (ExerciseConcealTests).
        state.answerForTest()
        state.show(event: state.animationLength)
        #expect(FrameBuilder.frame(for: state).counterRows == rows, "\(lesson.id) step \(index + 1)")
        let area = TutorView.layout(for: state).layout.countersPane
        let grid = Self.crop(TutorView.render(state), to: area)
        let runRows = rows.indices.filter { rows[$0].isFlow }
        let visible = Array(rows.indices.suffix(area.height - 2))
        for pin in pins {
          checked += 1
          let rowIndex = pin.run.map { runRows.indices.contains($0) ? runRows[$0] : -1 } ?? rows.lastIndex { !$0.isFlow } ?? -1
          guard let y = visible.firstIndex(of: rowIndex).map({ $0 + 1 }) else {
            wrong.append("\(pin): its row is not on screen")
            continue
          }
          let names = pin.run == nil ? \CounterQuantity.scriptNames.queue : \CounterQuantity.scriptNames.flow
          let expected = NumberFormatting.grouped(pin.value)
          if pin.quantity == "interrupts" && pin.run != nil {
            // flow.interrupts: host plus guest, two columns.
            let host = Self.cell(grid, header: "h-irq", row: y).flatMap { Int($0) }
            let guest = Self.cell(grid, header: "v-irq", row: y).flatMap { Int($0) }
            if let host, let guest, UInt64(host + guest) == pin.value { continue }
            wrong.append("\(pin): shows h-irq \(host.map(String.init) ?? "none") + v-irq \(guest.map(String.init) ?? "none")")
            continue
          }
          guard let q = CounterQuantity.allCases.first(where: { $0[keyPath: names].contains(pin.quantity) }) else {
            wrong.append("\(pin): no column shows it")
            continue
          }
          let shown = Self.cell(grid, header: q.header, row: y)
          if shown != expected { wrong.append("\(pin): column \(q.header) shows \(shown ?? "nothing")\n\(grid.text)") }
        }
      }
    }
    #expect(checked > 70)
    #expect(wrong == [])
  }
}

/// `1,234` as the pane writes it.
enum NumberFormatting {
  static func grouped(_ value: UInt64) -> String { NumberFormat.grouped(Int(value)) }
}
