import ArgumentParser
import VirtioFlows

/// `virtio-tutor compare`: the same workload through the emulated, assigned and virtio flows, side by side.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Run the same workload through the emulated, assigned and virtio flows and compare their costs.",
    discussion: """
      Counts (VM exits by kind, interrupts, DMA transfers, kicks) come from running each flow's model, the virtio \
      flow on the real virtqueue engine; cycles and microseconds are counts × the cost model's parameters \
      (docs/flows.md). Ratios are relative to virtio. Exit status 0, or non-zero with a message for bad options.
      """)

  @OptionGroup var flow: FlowTraceOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func validate() throws {
    for compared in Flow.compared { _ = try flow.options(for: compared) }
    _ = try flow.costModel()
  }

  mutating func run() throws {
    let options = try flow.options(for: .virtio)
    let cost = try flow.costModel()
    let comparison: Comparison
    do {
      comparison = try Flows.compare(options: options, cost: cost)
    } catch {
      throw ValidationError(error.message)
    }
    switch format {
    case .text: print(comparison.textLines.joined(separator: "\n"))
    case .json: print(try FlowTraceOptions.render(comparison.json))
    }
  }
}
