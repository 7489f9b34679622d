/// The numbers the counters pane shows: what the engine counted (kicks, interrupts) and, when a flow ran, what
/// the machine model counted (VM exits, DMA transfers, cycles, µs). `nil` means "not modelled in this step".
public struct CounterSet: Equatable, Sendable {
  public var kicks = 0
  public var kicksSuppressed = 0
  public var interrupts = 0
  public var interruptsSuppressed = 0
  public var exits: Int?
  public var dma: Int?
  public var cycles: Int?
  public var micros: Double?

  public init() {}

  /// Adds another set; modelled figures add up when either side has them.
  public static func + (a: CounterSet, b: CounterSet) -> CounterSet {
    var c = CounterSet()
    c.kicks = a.kicks + b.kicks
    c.kicksSuppressed = a.kicksSuppressed + b.kicksSuppressed
    c.interrupts = a.interrupts + b.interrupts
    c.interruptsSuppressed = a.interruptsSuppressed + b.interruptsSuppressed
    c.exits = sum(a.exits, b.exits)
    c.dma = sum(a.dma, b.dma)
    c.cycles = sum(a.cycles, b.cycles)
    c.micros = (a.micros == nil && b.micros == nil) ? nil : (a.micros ?? 0) + (b.micros ?? 0)
    return c
  }

  static func sum(_ a: Int?, _ b: Int?) -> Int? { (a == nil && b == nil) ? nil : (a ?? 0) + (b ?? 0) }
}
