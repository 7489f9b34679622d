import CTermShim
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How many times the memo asked the evaluator (the tests' stand-in for ncurses' `_nc_tiparm`), and the last result.
nonisolated(unsafe) private var evaluations = 0
nonisolated(unsafe) private let resultBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: 256)

/// A pure evaluator: "format|p0,p1,..." for the parameters it was given.
private let evaluate: @convention(c) (Int32, UnsafePointer<CChar>?, UnsafePointer<Int32>?) -> UnsafeMutablePointer<CChar>? = {
  expected, format, params in
  evaluations += 1
  var text = String(cString: format!) + "|"
  for i in 0..<Int(expected) { text += (i > 0 ? "," : "") + String(params![i]) }
  _ = text.withCString { strncpy(resultBuffer, $0, 255) }
  resultBuffer[255] = 0
  return resultBuffer
}

/// The memo ncurses' terminfo evaluation goes through in the release build (`tparm_cache.c`): a hit returns the
/// same bytes without evaluating, anything that could differ is evaluated again.
@Suite(.serialized) struct TparmMemoTests {
  private func call(_ format: UnsafePointer<CChar>, _ params: [Int32]) -> String? {
    params.withUnsafeBufferPointer { p in
      ts_tiparm_memoized(evaluate, Int32(params.count), format, p.baseAddress).map { String(cString: $0) }
    }
  }

  @Test func theSameCapabilityAndParametersAreEvaluatedOnce() {
    let format = strdup("\u{1B}[3%p1%dm")!
    defer { free(format) }
    let before = evaluations
    #expect(call(format, [4]) == "\u{1B}[3%p1%dm|4")
    #expect(call(format, [4]) == "\u{1B}[3%p1%dm|4")
    #expect(evaluations == before + 1)
    #expect(call(format, [6]) == "\u{1B}[3%p1%dm|6")
    #expect(evaluations == before + 2)
  }

  @Test func aHitIsCountedAndKept() {
    let format = strdup("\u{1B}[%i%p1%d;%p2%dH")!
    defer { free(format) }
    var (hits, misses, entries): (UInt, UInt, UInt32) = (0, 0, 0)
    ts_tiparm_memo_counts(&hits, &misses, &entries)
    _ = call(format, [2, 41])
    _ = call(format, [2, 41])
    var (hits2, misses2, entries2): (UInt, UInt, UInt32) = (0, 0, 0)
    ts_tiparm_memo_counts(&hits2, &misses2, &entries2)
    #expect(hits2 == hits + 1)
    #expect(misses2 == misses + 1)
    #expect(entries2 == entries + 1)
  }

  @Test func formatsWithVariablesAreAlwaysEvaluated() {
    let format = strdup("%p1%Pa%ga%dm")!
    defer { free(format) }
    let before = evaluations
    _ = call(format, [1])
    _ = call(format, [1])
    #expect(evaluations == before + 2)
  }

  @Test func newBytesAtAKnownAddressAreEvaluated() {
    let format = strdup("\u{1B}[4%p1%dm")!
    defer { free(format) }
    let before = evaluations
    #expect(call(format, [2]) == "\u{1B}[4%p1%dm|2")
    format[2] = CChar(UInt8(ascii: "9"))  // another terminal's string at the same address
    #expect(call(format, [2]) == "\u{1B}[9%p1%dm|2")
    #expect(evaluations == before + 2)
  }

  @Test func tooManyParametersGoStraightToTheEvaluator() {
    let format = strdup("%p1%d")!
    defer { free(format) }
    let before = evaluations
    let ten = [Int32](repeating: 1, count: 10)
    _ = call(format, ten)
    _ = call(format, ten)
    #expect(evaluations == before + 2)
  }

  @Test func eachHitReturnsItsOwnEntrysBytesFromTheArena() {
    let a = strdup("\u{1B}[%p1%d;%p2%dr")!, b = strdup("\u{1B}[%p1%dX")!
    defer { free(a); free(b) }
    let before = evaluations
    let first = call(a, [1, 24]), second = call(b, [7]), third = call(a, [2, 24])
    #expect(first == "\u{1B}[%p1%d;%p2%dr|1,24" && second == "\u{1B}[%p1%dX|7" && third == "\u{1B}[%p1%d;%p2%dr|2,24")
    #expect(call(b, [7]) == second && call(a, [1, 24]) == first && call(a, [2, 24]) == third)
    #expect(evaluations == before + 3)
  }

  @Test func aResultTooLongToKeepIsEvaluatedEveryTime() {
    let format = strdup(String(repeating: "x", count: 100) + "%p1%d")!
    defer { free(format) }
    let before = evaluations
    #expect(call(format, [3]) == String(repeating: "x", count: 100) + "%p1%d|3")
    #expect(call(format, [3]) == String(repeating: "x", count: 100) + "%p1%d|3")
    #expect(evaluations == before + 2)
  }
}
