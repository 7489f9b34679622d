/// Deterministic number formatting without Foundation.
public enum NumberFormat {
  /// `1234567` → `1,234,567`.
  public static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return value < 0 ? "-" + out : out
  }

  /// `fixed(218.99999, 2)` → `219.00`: rounds half away from zero to `digits` decimals.
  public static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    var scale = 1.0
    for _ in 0..<max(0, digits) { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9.0e18 else { return String(value) }
    let units = UInt64(scaled)
    let whole = units / UInt64(scale)
    var text = grouped(Int(whole))
    if digits > 0 {
      let fraction = String(units % UInt64(scale))
      text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    return (value < 0 && units > 0 ? "-" : "") + text
  }

  /// A ratio such as `12.3×`, with more digits for small values.
  public static func ratio(_ value: Double) -> String {
    if value >= 100 { return fixed(value, 0) + "×" }
    if value >= 10 { return fixed(value, 1) + "×" }
    return fixed(value, 2) + "×"
  }

  /// `1 byte`, `64 bytes`.
  public static func bytes(_ count: Int) -> String { "\(count) byte\(count == 1 ? "" : "s")" }

  /// `0x1a2b`.
  public static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
