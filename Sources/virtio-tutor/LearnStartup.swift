import Foundation
import TutorUI
import VirtioLessons

/// The tutor's start-up without reading every lesson: the lesson it opens is found through the lesson index hint
/// (``LessonIndexHint``, a file beside the head cache), read and parsed alone, and drawn; the catalog (every
/// lesson's head, through the head cache) is built right after the first frame and replaces the hint's numbers.
/// So the first frame costs the same with 15 lessons or 1,200. Without a usable hint (the first launch, a lesson
/// asked for by number, the hint naming a file that no longer holds that lesson, the screen-reader mode) the
/// catalog is built first, as before, and the hint is written for the next launch.
struct LearnStartup {
  /// The lessons directory.
  let directory: String
  /// The head cache (``LessonHeadStore``), or nil without a cache directory.
  let cacheFile: String?

  /// The files for `directory` under `$XDG_CACHE_HOME` (``LessonHeadStore/cacheFile(for:)``).
  static func standard(directory: String) -> LearnStartup {
    LearnStartup(directory: directory, cacheFile: LessonHeadStore.cacheFile(for: directory))
  }

  /// The hint file, beside the head cache.
  var hintFile: String? { cacheFile.map(LessonHeadStore.hintFile(besideCache:)) }

  /// The lesson to open before the catalog is built, and where the hint puts it.
  struct Opened {
    var lesson: Lesson
    var position: Int
    var count: Int
    /// The hint's bytes as read (the catalog rewrites the file only when they change).
    var hint: [UInt8]
    /// The lesson file's bytes as read (a preview is completed from them after the first frame).
    var bytes: [UInt8]

    /// The lesson parsed whole when `lesson` is a preview (``LessonParser/complete(_:bytes:)``), else nil.
    func whole() -> Lesson? {
      lesson.previewedSteps == nil ? nil : LessonParser.complete(lesson, bytes: bytes)
    }
  }

  /// The lesson the full start-up would open for `lesson` (an id; a number or an id the hint does not know gives
  /// nil) or, without one, the saved lesson (nil when the hint does not know it) or the first; nil too when there
  /// is no hint, or the file it names cannot be read, does not parse without errors, or holds another lesson.
  /// `step` (0-based) is the step asked for, else the saved one: the lesson is parsed through it only
  /// (``LessonParser/preview(bytes:file:through:)``), whole when a preview does not apply.
  func open(lesson: String?, progress: LearnerProgress, step: Int? = nil) -> Opened? {
    let wanted = lesson ?? progress.currentLesson
    guard let hintFile else { return nil }
    guard let hint = try? LessonFiles.bytes(of: hintFile) else { return guess(wanted, progress: progress, step: step) }
    guard let entry = LessonIndexHint.lookup(hint, id: wanted) else { return nil }
    return parse(entry, wanted: wanted, hint: hint, progress: progress, step: step)
  }

  /// Without a hint yet (the first launch with this cache): the file whose name is the id (`NN-ID.md`, what
  /// ``LessonID/derive(fromFile:)`` gives for a plain name), or without an id the first by name, numbered by the
  /// names' order (``LessonDirectory``: names only, no file read). The catalog corrects both when `order:` or an
  /// `id:` disagrees with the names.
  func guess(_ wanted: String?, progress: LearnerProgress = .init(), step: Int? = nil) -> Opened? {
    guard let found = LessonDirectory.find(wanted, in: directory) else { return nil }
    let file = (directory as NSString).appendingPathComponent(found.name)
    return parse(.init(file: file, position: found.position, count: found.count), wanted: wanted, hint: [], progress: progress, step: step)
  }

  /// The lesson in `entry`'s file, when it parses without errors and is the one `wanted`.
  /// Parsed through the step the tutor will show (`step`, else the saved one; a preview) when it can be, else whole.
  private func parse(
    _ entry: LessonIndexHint.Entry, wanted: String?, hint: [UInt8], progress: LearnerProgress, step: Int?
  ) -> Opened? {
    guard let bytes = try? LessonFiles.bytes(of: entry.file) else { return nil }
    let shown = { (id: String) in max(step ?? progress.steps[id] ?? 0, 0) }
    var parsed = LessonParser.preview(bytes: bytes, file: entry.file, through: wanted.map(shown) ?? step ?? 0)
    if let preview = parsed, let previewed = preview.previewedSteps, shown(preview.id) >= previewed { parsed = nil }
    if parsed == nil { parsed = LessonParser.parse(bytes: bytes, file: entry.file).0 }
    guard let parsed, wanted == nil || parsed.id == wanted else { return nil }
    return Opened(lesson: parsed, position: entry.position, count: entry.count, hint: hint, bytes: bytes)
  }

  /// Builds the catalog through the head cache and rewrites the hint when it changed (`previous`: the hint's
  /// bytes read at start-up). Returns the lessons and the line to show for the lessons' errors, if any.
  func catalog(previous: [UInt8]?) -> (lessons: [Lesson], problem: String?) {
    let result: LessonLoader.Result
    do {
      result = try LessonHeadStore.load(directory: directory, cacheFile: cacheFile)
    } catch {
      return ([], "\(error)")
    }
    let errors = result.diagnostics.filter(\.isError)
    let problem = errors.first.map { "\(errors.count) problem(s) in the lessons (run `virtio-tutor check`); first: \($0)" }
    writeHint(for: result.catalog.lessons, previous: previous)
    return (result.catalog.lessons, problem)
  }

  /// Writes the hint of `lessons` unless it is what `previous` already holds (or there is no cache directory).
  func writeHint(for lessons: [Lesson], previous: [UInt8]?) {
    guard let hintFile, let bytes = LessonIndexHint.encode(lessons),
      bytes != previous ?? (try? LessonFiles.bytes(of: hintFile))
    else { return }
    LessonHeadStore.write(bytes, to: hintFile)
  }
}
