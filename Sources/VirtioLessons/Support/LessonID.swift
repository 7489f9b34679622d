/// Rules for lesson ids: derived from file names, or given as `id:`.
public enum LessonID {
  /// Whether `text` is a valid id: ASCII letters, digits, `-`, `_`, `.`,
  /// starting with a letter or digit.
  public static func isValid(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, isAlphanumeric(first) else { return false }
    return text.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
  }

  /// The default id for a file: its name without directories, without the
  /// `.md` extension and without a leading `NN-` (or `NN_`) number; other
  /// characters than letters, digits, `-`, `_`, `.` become `-`, letters are
  /// lower-cased. `Lessons/01-Split Rings.md` → `split-rings`.
  public static func derive(fromFile file: String) -> String {
    var name = Substring(file.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    if name.lowercased().hasSuffix(".md") { name = name.dropLast(3) }
    let digits = name.prefix(while: { $0.isASCII && $0.isNumber })
    let afterDigits = name.dropFirst(digits.count)
    if !digits.isEmpty, let sep = afterDigits.first, sep == "-" || sep == "_", afterDigits.count > 1 {
      name = afterDigits.dropFirst()
    }
    var result = ""
    for scalar in name.lowercased().unicodeScalars {
      if isAlphanumeric(scalar) || scalar == "-" || scalar == "_" || scalar == "." {
        result.unicodeScalars.append(scalar)
      } else if !result.hasSuffix("-") {
        result += "-"
      }
    }
    while let first = result.unicodeScalars.first, !isAlphanumeric(first) { result.removeFirst() }
    return result.isEmpty ? "lesson" : result
  }

  private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
  }
}
