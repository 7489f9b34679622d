import VirtioCore
@testable import VirtioFlows

/// Options built from key/value pairs, starting from a flow's defaults.
func options(_ flow: Flow = .virtio, _ settings: [(String, String)] = []) throws -> FlowOptions {
  var options = FlowOptions.defaults(for: flow)
  for (key, value) in settings { try options.set(key, value) }
  return options
}

/// Runs a flow with the given settings.
func run(_ flow: Flow, _ settings: [(String, String)] = [], cost: CostModel = .default, keepSteps: Bool = true) throws -> FlowRun {
  try Flows.run(flow, options: try options(flow, settings), cost: cost, keepSteps: keepSteps)
}

/// ⌈a / b⌉.
func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

/// The test's own copy of the frame contents the flows send (letters shifting by packet).
func frame(packet: Int, count: Int) -> [UInt8] { (0..<count).map { UInt8(0x61 + ($0 + packet - 1) % 26) } }

/// The error message a flow run throws, or nil when it runs.
func failure(_ flow: Flow, _ settings: [(String, String)]) -> String? {
  do {
    _ = try run(flow, settings)
    return nil
  } catch {
    return (error as? FlowError)?.message ?? "\(error)"
  }
}

/// The validation message for options, or nil when they validate (without running the flow).
func invalid(_ flow: Flow, _ settings: [(String, String)]) -> String? {
  do {
    try options(flow, settings).validate(for: flow)
    return nil
  } catch {
    return (error as? FlowError)?.message ?? "\(error)"
  }
}
