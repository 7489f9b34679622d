import Foundation
import VirtioLessons

/// A lessons directory's file names without reading any file (`readdir`, no `stat`): what the start-up guesses the
/// first lesson from when it has no lesson index hint yet (``LearnStartup/guess(_:)``). Names stay bytes: one
/// string is made, for the name chosen, and nothing is sorted (its number is how many names sort before it).
enum LessonDirectory {
  /// The lesson file that ``LessonLoader/isLessonFileName(_:)`` accepts and whose name is `wanted`'s (``stem(of:)``),
  /// or without `wanted` the first by name; its number among the lesson files in byte order (the catalog's order
  /// when no `order:` disagrees) and how many there are. Nil when the directory cannot be listed or has no such file.
  static func find(_ wanted: String?, in directory: String) -> (name: String, position: Int, count: Int)? {
    guard let stream = opendir(directory) else { return nil }
    defer { closedir(stream) }
    let wantedBytes = wanted.map { Array($0.utf8) }
    var chosen: [UInt8]?
    var names: [[UInt8]] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
        Array(raw.prefix { $0 != 0 })
      }
      guard isLessonFileName(name) else { continue }
      names.append(name)
      let matches = wantedBytes.map { stem(of: name[...]).elementsEqual($0) } ?? true
      if matches, chosen.map({ precedes(name, $0) }) ?? true { chosen = name }
    }
    guard let chosen else { return nil }
    let position = names.reduce(0) { $0 + (precedes($1, chosen) ? 1 : 0) }
    return (String(decoding: chosen, as: UTF8.self), position, names.count)
  }

  /// ``LessonLoader/isLessonFileName(_:)`` (its own ASCII rule on bytes; other names through it as a string).
  static func isLessonFileName(_ name: [UInt8]) -> Bool {
    guard name.allSatisfy({ $0 < 0x80 }) else { return LessonLoader.isLessonFileName(String(decoding: name, as: UTF8.self)) }
    let lower = name.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    guard let first = name.first, lower.count > 3, lower.suffix(3).elementsEqual(".md".utf8) else { return false }
    return first != UInt8(ascii: ".") && first != UInt8(ascii: "_") && !lower.elementsEqual("readme.md".utf8)
  }

  /// Byte order (the catalog's order by file name).
  static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.lexicographicallyPrecedes(b)
  }

  /// A file name's id as a plain name gives it: without `.md` and without a leading `NN-` or `NN_` (bytes, no
  /// lower-casing: a candidate the parsed lesson's id confirms or not).
  static func stem(of name: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var bytes = name
    if bytes.count > 3, bytes.suffix(3).elementsEqual(".md".utf8) { bytes = bytes.dropLast(3) }
    let digits = bytes.prefix { (0x30...0x39).contains($0) }.count
    let rest = bytes.dropFirst(digits)
    if digits > 0, let separator = rest.first, separator == UInt8(ascii: "-") || separator == UInt8(ascii: "_"), rest.count > 1 {
      bytes = rest.dropFirst()
    }
    return bytes
  }
}
