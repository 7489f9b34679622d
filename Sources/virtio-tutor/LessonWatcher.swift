import Foundation
import TutorUI
import VirtioLessons

/// `learn --watch`: notices that the open lesson's file changed (modification time, size, or the file itself, as an
/// editor's save-by-rename replaces it) and parses it again.
final class LessonWatcher {
  private var seen: [String: (Date, Int, Int)] = [:]

  /// The reload to apply, or nil when the file did not change.
  func check(_ state: TutorState) -> TutorAction? {
    let path = state.lesson.file
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let modified = attributes[.modificationDate] as? Date, let size = (attributes[.size] as? NSNumber)?.intValue
    else { return nil }
    let inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue ?? 0
    let previous = seen[path]
    seen[path] = (modified, size, inode)
    guard let previous, previous.0 != modified || previous.1 != size || previous.2 != inode else { return nil }
    guard let data = FileManager.default.contents(atPath: path) else { return .lessonReloadFailed("cannot read \(path)") }
    let (lesson, diagnostics) = LessonParser.parse(bytes: [UInt8](data), file: path)
    if let lesson { return .lessonReloaded(lesson) }
    let first = diagnostics.first { $0.isError }.map(\.description) ?? "\(path): does not parse"
    return .lessonReloadFailed("check: \(first)")
  }
}
