import Foundation

/// One figure line of a benchmark (`bench engine`, `bench ui`, `bench guest`): a JSON object written to standard
/// output and flushed at once. Standard output is block-buffered when it is a file or a pipe, so without the flush
/// a run of several minutes redirected to a file would show its lines only when it ends.
enum BenchLine {
  /// Writes `object` as one JSON line to standard output and flushes it.
  static func emit(_ object: [String: Any]) {
    emit(object, to: nil)
  }

  /// Writes `object` as one JSON line to `stream` (nil: standard output) and flushes it.
  static func emit(_ object: [String: Any], to stream: UnsafeMutablePointer<FILE>?) {
    let line = TraceJSON.line(object)
    if let stream { fputs(line + "\n", stream) } else { print(line) }
    fflush(stream)  // nil flushes every stream, standard output among them
  }
}
