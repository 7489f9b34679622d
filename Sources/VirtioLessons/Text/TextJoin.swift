/// `joined(separator:)` for the parser's own line and text arrays, written out for their concrete types.
///
/// The standard library's `joined(separator:)` is not specialised into our code: it runs generically and resolves
/// its associated types at run time, and in the static executable each first resolution for a new collection type
/// scans every protocol conformance record in the binary (≈0.25 M instructions, several on the tutor's start-up
/// path). These do the same concatenation with `String.append` on concrete types.
extension ArraySlice where Element == Substring {
  /// The elements with `separator` between each two (the same string as `joined(separator:)`).
  func joinedText(separator: String = "") -> String {
    var result = ""
    result.reserveCapacity(reduce(separator.utf8.count * Swift.max(0, count - 1)) { $0 + $1.utf8.count })
    var first = true
    for part in self {
      if !first { result.append(separator) }
      result.append(contentsOf: part)
      first = false
    }
    return result
  }
}

extension Array where Element == Substring {
  /// The elements with `separator` between each two (the same string as `joined(separator:)`).
  func joinedText(separator: String = "") -> String { self[...].joinedText(separator: separator) }
}

extension Array where Element == String {
  /// The elements with `separator` between each two (the same string as `joined(separator:)`).
  func joinedText(separator: String = "") -> String {
    var result = ""
    result.reserveCapacity(reduce(separator.utf8.count * Swift.max(0, count - 1)) { $0 + $1.utf8.count })
    var first = true
    for part in self {
      if !first { result.append(separator) }
      result.append(part)
      first = false
    }
    return result
  }
}
