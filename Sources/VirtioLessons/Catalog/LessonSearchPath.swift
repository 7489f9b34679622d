/// Where the CLI looks for the lessons directory, in order (pure: the caller
/// checks which candidates exist).
///
/// 1. `--lessons DIR`, when given (used even if missing, so a typo is an error).
/// 2. The `VIRTIO_TUTOR_LESSONS` environment variable, when set and non-empty.
/// 3. `Lessons` in the current directory (running from a checkout: `swift run`).
/// 4. `Lessons` beside the executable and in each of its ancestor directories,
///    nearest first (the built binary in `.build/debug/` finds the checkout's
///    `Lessons/`; a copied binary finds `Lessons/` shipped next to it).
public enum LessonSearchPath {
  /// The environment variable naming a lessons directory.
  public static let environmentVariable = "VIRTIO_TUTOR_LESSONS"

  /// The directory to use without looking further, if the user named one.
  public static func explicit(option: String?, environment: [String: String]) -> String? {
    if let option, !option.isEmpty { return option }
    if let value = environment[environmentVariable], !value.isEmpty { return value }
    return nil
  }

  /// The candidate directories to probe, in order, when ``explicit(option:environment:)`` is `nil`.
  ///
  /// - Parameters:
  ///   - currentDirectory: an absolute path.
  ///   - executablePath: the running binary's absolute path, if known.
  public static func candidates(currentDirectory: String, executablePath: String?) -> [String] {
    var result = [join(currentDirectory, "Lessons")]
    if let executablePath {
      var directory = parent(executablePath)
      while true {
        let candidate = join(directory, "Lessons")
        if !result.contains(candidate) { result.append(candidate) }
        let up = parent(directory)
        if up == directory { break }
        directory = up
      }
    }
    return result
  }

  private static func join(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  /// `/a/b/c` → `/a/b`; `/a` → `/`; `/` → `/`.
  private static func parent(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    let head = trimmed[..<slash]
    return head.isEmpty ? "/" : String(head)
  }
}
