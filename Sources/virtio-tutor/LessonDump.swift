import VirtioLessons

/// The author's view of a parsed lesson: steps, blocks, scripts, notes and exercises.
enum LessonDump {
  static func text(_ lesson: Lesson) -> String {
    var out = ["lesson \(lesson.id): \(lesson.meta.title)  (\(lesson.file))"]
    if let setup = lesson.meta.setup { out.append("setup @\(setup.position): \(setup.source.replacingNewlines())") }
    for (i, step) in lesson.steps.enumerated() {
      out.append("step \(i + 1)/\(lesson.steps.count) @\(step.position): \(step.title)" + (step.view.map { " [view: \($0.rawValue)]" } ?? ""))
      for block in step.blocks { out.append("  " + describe(block)) }
      for script in step.scripts { out.append("  script @\(script.position):"); out += script.source.split(separator: "\n").map { "    \($0)" } }
      for note in step.notes { out.append("  note: \(note)") }
      if let e = step.exercise {
        out.append("  exercise: \(e.question)" + (e.answer.map { " answer=\($0)" } ?? "") + (e.check.map { " check=\($0)" } ?? "")
          + (e.choices.isEmpty ? "" : " choices=\(e.choices.joined(separator: ","))"))
      }
    }
    return out.joined(separator: "\n")
  }

  static func describe(_ block: MarkdownBlock) -> String {
    switch block {
    case .heading(let level, let inlines): return "heading(\(level)): \(inlines.plainText)"
    case .paragraph(let inlines): return "paragraph: \(inlines.plainText.replacingNewlines())"
    case .codeBlock(let info, let text): return "code(\(info)): \(text.split(separator: "\n").count) lines"
    case .list(let ordered, _, _, let items): return "list(\(ordered ? "ordered" : "bullet")): \(items.count) items"
    case .blockQuote(let blocks): return "quote: \(blocks.count) blocks"
    case .table(let header, _, let rows): return "table: \(header.count) columns, \(rows.count) rows"
    case .thematicBreak: return "rule"
    }
  }

  static func json(_ lesson: Lesson) -> [String: Any] {
    [
      "id": lesson.id, "title": lesson.meta.title, "file": lesson.file,
      "steps": lesson.steps.map { step -> [String: Any] in
        [
          "title": step.title, "line": step.position.line, "view": step.view?.rawValue as Any,
          "blocks": step.blocks.map(describe), "scripts": step.scripts.map { ["line": $0.position.line, "source": $0.source] },
          "notes": step.notes,
          "exercise": step.exercise.map { ["question": $0.question, "answer": $0.answer?.description as Any, "check": $0.check as Any, "choices": $0.choices] } as Any,
        ]
      },
    ]
  }
}

extension String {
  func replacingNewlines() -> String { String(map { $0 == "\n" ? " " : $0 }) }
}
