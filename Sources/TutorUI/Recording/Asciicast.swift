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
    let theme = "{\"fg\": \(JSONString.quoted(palette.foreground.css)), \"bg\": \(JSONString.quoted(palette.background.css)), \"palette\": "
      + JSONString.quoted(palette.colors.map(\.css).joined(separator: ":")) + "}"
    let header = "{\"version\": 2, \"width\": \(width), \"height\": \(height), \"title\": \(JSONString.quoted(title)), "
      + "\"idle_time_limit\": 2, \"env\": {\"TERM\": \"xterm-256color\"}, \"theme\": \(theme)}"
    return ([header] + events.map { "[\(Self.seconds($0.milliseconds)), \(JSONString.quoted($0.code)), \(JSONString.quoted($0.data))]" })
      .joined(separator: "\n") + "\n"
  }

  /// `1.250` for 1250 ms.
  static func seconds(_ ms: Int) -> String {
    let fraction = String(ms % 1000)
    return "\(ms / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }
}
