import Foundation
import TermGrid
import Testing
import VirtioFlows
import VirtioLessons

@testable import TutorUI

/// The flow picture's lanes over every shipped flow step: each pair of boxes a step's path links has a column of
/// its own: the gap has as many columns as the links at 80×24, 120×40 and 200×60 for every shipped flow step.
@Suite struct FlowLaneTests {
  /// The links of a run's whole path, and the diagram laid out for the pane at `size`.
  static func layout(_ run: FlowRun, _ size: Size) -> (FlowDiagram, [FlowDiagram.Link]) {
    var frame = PaneFixture.empty
    frame.flow = run
    frame.flowCursor = run.steps.count
    let context = PaneFixture.context(frame)
    let inner = TutorLayout(size: size).visualPane.inset(by: 1)
    let diagram = FlowDiagram(context: context, inner: inner, run: run, step: run.steps.last, reserve: 7)
    let links = run.steps.flatMap(\.hops).map { FlowDiagram.Link(FlowNode.from($0), FlowNode.to($0)) }
      .filter { $0.a != $0.b }
    return (diagram, links)
  }

  @Test func everyShippedFlowStepGivesEachLinkItsOwnLane() throws {
    let lessons = LessonLoader.load(try ShippedLessonsTests.files()).catalog.lessons
    var flows = 0
    for lesson in lessons {
      for step in lesson.steps.indices where lesson.view(forStep: step) == .flow {
        let state = TutorState(lessons: lessons, lessonID: lesson.id, step: step)
        guard let run = state.wholeStepPlayback.flow else { continue }
        flows += 1
        for size in [TutorLayout.minimum, Size(width: 120, height: 40), Size(width: 200, height: 60)] {
          let (diagram, links) = Self.layout(run, size)
          let lanes = diagram.lanes(for: links)
          let columns = Set(lanes.values)
          if lanes.count <= diagram.laneLimit {
            #expect(columns.count == lanes.count, "\(lesson.id) step \(step + 1) at \(size): lanes shared")
          }
          #expect(lanes.count <= diagram.laneLimit, "\(lesson.id) step \(step + 1) at \(size)")
          #expect(lanes.values.allSatisfy { $0 > diagram.gapStart && $0 < diagram.gapEnd })
        }
      }
    }
    #expect(flows >= 25)
  }

  @Test func moreLinksThanColumnsShareLanesWithoutLeavingTheGap() {
    let run = PaneFixture.playback(step: "flow virtio packets=1 direction=rx").flow!
    let (diagram, links) = Self.layout(run, Size(width: 80, height: 24))
    // A gap squeezed to three columns: every lane stays inside it.
    let narrow = FlowDiagram(
      context: diagram.context, inner: Rect(x: 0, y: 0, width: diagram.leftWidth + diagram.rightWidth + 5, height: 20),
      run: run, step: run.steps.last, reserve: 7)
    let lanes = narrow.lanes(for: links)
    #expect(!lanes.isEmpty)
    #expect(lanes.values.allSatisfy { $0 >= narrow.gapStart && $0 <= narrow.gapEnd })
  }
}
