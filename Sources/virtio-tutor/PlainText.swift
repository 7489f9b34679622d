import TermGrid
import TutorUI
import VirtioLessons

/// The lesson as plain text, for when standard output is not a terminal (or cannot address the cursor).
enum PlainText {
  static func lesson(_ lesson: Lesson, width: Int) -> String {
    var out = [lesson.meta.title, String(repeating: "=", count: min(width, lesson.meta.title.count)), ""]
    for (i, step) in lesson.steps.enumerated() {
      let heading = "Step \(i + 1)/\(lesson.steps.count): \(step.title)"
      out.append(heading)
      out.append(String(repeating: "-", count: min(width, heading.count)))
      out += LessonPane.lines(lesson: lesson, stepIndex: i, width: width, theme: .terminal, capabilities: .minimal).map { line in
        String(TextSanitizer.sanitizedString(line.map(\.text).joined()).reversed().drop { $0 == " " }.reversed())
      }
      out.append("")
    }
    return TextSanitizer.terminalSafeString(out.joined(separator: "\n"))
  }
}
