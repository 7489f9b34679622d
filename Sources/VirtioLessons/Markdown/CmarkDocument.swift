import CCmarkGFM
import Synchronization

/// A cmark-gfm document tree, parsed with the GFM table, strikethrough, task
/// list and autolink extensions. The only place that creates or frees cmark trees.
final class CmarkDocument {
  /// Extension registration mutates a C global: do it once (a Swift static is
  /// initialised exactly once, thread-safely).
  private static let registered: Void = { cmark_gfm_core_extensions_ensure_registered() }()
  private static let extensions = ["table", "strikethrough", "tasklist", "autolink"]
  /// cmark-gfm 0.29 keeps the inline parser's special characters in a process-wide table: `cmark_parser_finish`
  /// adds every attached extension's characters (`~` for strikethrough, `:` and `w` for autolink, …) before it
  /// parses inlines and removes them after (`cmark_manage_extensions_special_characters`). Two parses at once
  /// race: one parser's removal makes the other miss `~~struck~~` or an autolink. Parses run one at a time.
  private static let parsing = Mutex(())

  /// The document node, valid for this object's lifetime.
  let root: OpaquePointer

  /// Parses `text`; `nil` only if cmark cannot allocate.
  init?(_ text: String) {
    guard let root = Self.parse(text) else { return nil }
    self.root = root
  }

  deinit { cmark_node_free(root) }

  /// One cmark parse with the extensions attached, under ``parsing``; the caller owns the returned tree.
  private static func parse(_ text: String) -> OpaquePointer? {
    _ = registered
    return parsing.withLock { _ -> OpaquePointer? in
      guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS) else { return nil }
      defer { cmark_parser_free(parser) }
      for name in extensions {
        if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
      }
      var text = text
      text.withUTF8 { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
          if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
        }
      }
      return cmark_parser_finish(parser)
    }
  }
}

/// Read-only helpers over a cmark node pointer.
enum CmarkNode {
  static func children(_ node: OpaquePointer) -> [OpaquePointer] {
    var result: [OpaquePointer] = []
    var child = cmark_node_first_child(node)
    while let current = child {
      result.append(current)
      child = cmark_node_next(current)
    }
    return result
  }

  static func literal(_ node: OpaquePointer) -> String {
    cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
  }

  static func typeString(_ node: OpaquePointer) -> String {
    cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
  }

  static func url(_ node: OpaquePointer) -> String {
    cmark_node_get_url(node).map { String(cString: $0) } ?? ""
  }

  static func fenceInfo(_ node: OpaquePointer) -> String {
    cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
  }

  static func startLine(_ node: OpaquePointer) -> Int { Int(cmark_node_get_start_line(node)) }
  static func startColumn(_ node: OpaquePointer) -> Int { Int(cmark_node_get_start_column(node)) }
}
