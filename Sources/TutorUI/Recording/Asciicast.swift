/// An asciicast v2 recording (asciinema's format: `shared/reference/recording.md` §1): a JSON header line, then one
/// `[time, code, data]` line per event, `o` for output and `m` for a marker.
public struct Asciicast: Equatable, Sendable {
  /// One event.
  public struct Event: Equatable, Sendable {
    /// Seconds since the start, in milliseconds (written with three decimals).
    public var milliseconds: Int
    /// `o` (output) or `m` (marker).
    public var code: String
    public var data: String
  }

  public var width: Int
  public var height: Int
  public var title: String
  public var palette: ThemePalette
  public var events: [Event] = []

  public init(width: Int, height: Int, title: String, palette: ThemePalette) {
    self.width = width
    self.height = height
    self.title = title
    self.palette = palette
  }

  /// The file's text: the header, then the events, each line ending in `\n`.
  public var text: String {
    let theme = "{\"fg\": \(Self.json(palette.foreground.css)), \"bg\": \(Self.json(palette.background.css)), \"palette\": "
      + Self.json(palette.colors.map(\.css).joined(separator: ":")) + "}"
    let header = "{\"version\": 2, \"width\": \(width), \"height\": \(height), \"title\": \(Self.json(title)), "
      + "\"idle_time_limit\": 2, \"env\": {\"TERM\": \"xterm-256color\"}, \"theme\": \(theme)}"
    return ([header] + events.map { "[\(Self.seconds($0.milliseconds)), \(Self.json($0.code)), \(Self.json($0.data))]" })
      .joined(separator: "\n") + "\n"
  }

  /// `1.250` for 1250 ms.
  static func seconds(_ ms: Int) -> String {
    let fraction = String(ms % 1000)
    return "\(ms / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }

  /// A JSON string literal: quotes, backslashes and every control character escaped (ESC as `\u001b`).
  static func json(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value):
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
