import FuzzSupport
import VirtioLessons

/// The lesson parser over arbitrary bytes (front matter through Yams, the markdown body through cmark-gfm, the
/// directives, the step scripts and the caps of `LessonLimits`): it returns a lesson or diagnostics with an error,
/// never traps; every diagnostic has a position from 1.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLesson(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let (lesson, diagnostics) = LessonParser.parse(bytes: bytes, file: "fuzz.md")
  if lesson == nil && !diagnostics.contains(where: \.isError) {
    fatalError("no lesson and no error for \(bytes.count) bytes")
  }
  for diagnostic in diagnostics where diagnostic.position.line < 1 || diagnostic.position.column < 1 {
    fatalError("diagnostic at line \(diagnostic.position.line) column \(diagnostic.position.column)")
  }
  if let lesson { _ = lesson.steps.count }
  return 0
}

@main enum FuzzLessonMain {
  static func main() { runFuzzer(fuzzLesson) }
}
