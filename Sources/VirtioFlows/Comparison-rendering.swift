extension Comparison {
  /// The side-by-side table: one column per flow, one row per count, then the ratios to virtio and the caveat.
  public var textLines: [String] {
    let flows = runs.map(\.flow)
    func row(_ name: String, _ value: (FlowRun) -> String) -> [String] { [name] + runs.map(value) }
    func count(_ name: String, _ value: @escaping (FlowTotals) -> Int) -> [String] {
      row(name) { NumberFormat.grouped(value($0.totals)) }
    }
    var table: [[String]] = [[""] + flows.map(\.rawValue)]
    table.append(count("VM exits") { $0.exits })
    table.append(count("  heavy (user space)") { $0.userspaceExits })
    table.append(count("  light (kernel)") { $0.kernelExits })
    table.append(count("  interrupt/EOI") { $0.interruptExits })
    table.append(count("VM entries") { $0.entries })
    table.append(count("interrupts") { $0.interrupts })
    table.append(count("  host (physical)") { $0.hostInterrupts })
    table.append(count("  injected (guest)") { $0.injectedInterrupts })
    table.append(count("DMA transfers") { $0.dmaTransfers })
    table.append(count("kicks / doorbells") { $0.kicks })
    table.append(count("wake-ups") { $0.wakeUps })
    table.append(count("cycles") { $0.cycles })
    table.append(row("µs (vCPU)") { NumberFormat.fixed($0.totals.micros, 2) })
    table.append(row("µs wake-up latency") { NumberFormat.fixed($0.totals.wakeUpMicros, 1) })
    table.append(row("cycles ÷ virtio") { cycleRatio($0.flow).map(NumberFormat.ratio) ?? "–" })
    table.append(row("exits ÷ virtio") { exitRatio($0.flow).map(NumberFormat.ratio) ?? "–" })

    let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
    func pad(_ text: String, _ width: Int, left: Bool) -> String {
      let fill = String(repeating: " ", count: max(0, width - text.count))
      return left ? text + fill : fill + text
    }
    var lines = ["compare: \(workload)"]
    for cells in table {
      let line = cells.enumerated().map { i, cell in pad(cell, widths[i], left: i == 0) }.joined(separator: "  ")
      lines.append(line)
    }
    lines.append(
      "cost model: \(NumberFormat.fixed(cost.clockGHz, 1)) GHz (assumption); exit+entry \(NumberFormat.grouped(cost.exitEntryCycles)), "
        + "kernel exit \(NumberFormat.grouped(cost.kernelExitCycles)), user-space exit \(NumberFormat.grouped(cost.userspaceExitCycles)) (derived), "
        + "legacy injection \(NumberFormat.grouped(cost.legacyInjectionCycles)) (assumption), posted \(NumberFormat.grouped(cost.postedInjectionCycles)) cycles; "
        + "wake-up \(NumberFormat.fixed(cost.wakeUpMicros, 0)) µs")
    lines.append(cost.caveat)
    return lines
  }

  /// A one-line description of the shared workload and the toggles each flow reads.
  public var workload: String {
    let o = options
    let virtio = o.summary(for: .virtio)
    let emulated = o.variant == .pio ? "PIO" : "MMIO \(o.mmioWidth)-byte"
    return "\(virtio); emulated: \(emulated); assigned: \(o.postedInterrupts ? "posted interrupts" : "no posted interrupts")"
  }

  /// `{"flows": [{"flow": "emulated", "exits": …, "interrupts": …, "cycles": …, "micros": …, …}], …}`.
  public var json: JSONValue {
    let flows: [JSONValue] = runs.map { run in
      var members = run.totals.jsonMembers
      members["flow"] = .string(run.flow.rawValue)
      members["title"] = .string(run.flow.title)
      if let ratio = cycleRatio(run.flow) { members["cyclesRatioToVirtio"] = .double((ratio * 1000).rounded() / 1000) }
      if let ratio = exitRatio(run.flow) { members["exitsRatioToVirtio"] = .double((ratio * 1000).rounded() / 1000) }
      members["notes"] = .array(run.notes.map(JSONValue.string))
      return .object(members)
    }
    let parameters: [JSONValue] = CostModel.Parameter.allCases.map { p in
      .object([
        "name": .string(p.rawValue), "value": .double(cost[p]), "unit": .string(p.unit), "source": .string(p.source),
      ])
    }
    return .object([
      "workload": .string(workload),
      "flows": .array(flows),
      "costModel": .array(parameters),
      "caveat": .string(cost.caveat),
    ])
  }
}
