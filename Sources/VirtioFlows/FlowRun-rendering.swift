import VirtioCore

extension FlowTotals {
  /// The totals as JSON: exits by class, entries, interrupts, DMA, kicks, wake-ups, cycles, µs.
  public var json: JSONValue {
    .object([
      "exits": .int(exits),
      "exitsByKind": .object([
        "userspace": .int(userspaceExits), "kernel": .int(kernelExits), "interrupt": .int(interruptExits),
      ]),
      "entries": .int(entries),
      "interrupts": .int(interrupts),
      "hostInterrupts": .int(hostInterrupts),
      "injectedInterrupts": .int(injectedInterrupts),
      "interruptsSuppressed": .int(interruptsSuppressed),
      "dmaTransfers": .int(dmaTransfers),
      "kicks": .int(kicks),
      "kicksSuppressed": .int(kicksSuppressed),
      "wakeUps": .int(wakeUps),
      "cycles": .int(cycles),
      "micros": JSONValue.micros(micros),
      "wakeUpMicros": JSONValue.micros(wakeUpMicros),
    ])
  }

  /// `exits 131 (heavy 130, light 0, interrupt/EOI 1), entries 131, …` on a few lines.
  public var textLines: [String] {
    [
      "exits \(exits) (heavy/user space \(userspaceExits), light/kernel \(kernelExits), interrupt/EOI \(interruptExits)), entries \(entries)",
      "interrupts \(interrupts) (host \(hostInterrupts), injected \(injectedInterrupts); \(interruptsSuppressed) suppressed), "
        + "DMA transfers \(dmaTransfers), kicks \(kicks) (\(kicksSuppressed) suppressed), wake-ups \(wakeUps)",
      "cycles \(NumberFormat.grouped(cycles)) = \(NumberFormat.fixed(micros, 2)) µs"
        + (wakeUps > 0 ? "; plus wake-up latency \(NumberFormat.fixed(wakeUpMicros, 1)) µs" : ""),
    ]
  }
}

extension Hop {
  /// The hop as JSON.
  public var json: JSONValue {
    var members: [String: JSONValue] = [
      "from": .string(from.rawValue), "to": .string(to.rawValue), "kind": .string(kind.rawValue),
      "label": .string(label), "cycles": .int(cycles), "basis": .string(basis.rawValue),
    ]
    if let exit { members["exit"] = .string(exit.rawValue) }
    if let thread { members["thread"] = .string(thread.rawValue) }
    return .object(members)
  }
}

extension TraceEntry {
  /// The engine trace entry as JSON (the fields the TUI animates).
  public var flowJSON: JSONValue {
    var members: [String: JSONValue] = [
      "sequence": .int(sequence), "role": .string(role.rawValue), "kind": .string(kind.rawValue), "detail": .string(detail),
    ]
    if let field { members["field"] = .string(field.description) }
    if let address { members["address"] = .string(NumberFormat.hex(address)) }
    if let length { members["length"] = .int(length) }
    if let value { members["value"] = .string(String(value)) }
    return .object(members)
  }
}

extension FlowStep {
  /// The step as JSON.
  public var json: JSONValue {
    var members: [String: JSONValue] = [
      "actor": .string(actor.rawValue), "summary": .string(summary), "hops": .array(hops.map(\.json)),
      "cycles": .int(cycles),
    ]
    if let packet { members["packet"] = .int(packet) }
    if !engineTrace.isEmpty { members["engine"] = .array(engineTrace.map(\.flowJSON)) }
    return .object(members)
  }
}

extension FlowRun {
  /// The run as JSON: the flow, its options, the cost model, the notes, the steps (as kept) and the totals.
  public var json: JSONValue {
    var members: [String: JSONValue] = [
      "flow": .string(flow.rawValue),
      "title": .string(flow.title),
      "options": .string(options.summary(for: flow)),
      "notes": .array(notes.map(JSONValue.string)),
      "steps": .array(steps.map(\.json)),
      "stepCount": .int(stepCount),
      "totals": totals.json,
      "caveat": .string(cost.caveat),
    ]
    for (key, value) in totals.jsonMembers { members[key] = value }
    if detailDropped { members["stepsDropped"] = .bool(true) }
    return .object(members)
  }

  /// Text: a title, the notes, every step with its hops (and with `engine: true` the engine's trace lines), then
  /// the totals and the caveat.
  public func textLines(engine: Bool = false) -> [String] {
    var lines = [title]
    for note in notes { lines.append("  note: " + note) }
    for (i, step) in steps.enumerated() {
      let cost = step.cycles > 0 ? "  [\(NumberFormat.grouped(step.cycles)) cycles]" : ""
      lines.append("\(i + 1). \(step.actor.displayName): \(step.summary)\(cost)")
      for hop in step.hops { lines.append("     " + hop.description) }
      if engine { for entry in step.engineTrace { lines.append("       · " + entry.description) } }
    }
    if detailDropped {
      lines.append(
        "… \(NumberFormat.grouped(stepCount)) steps not kept (a script keeps the steps of its latest flow runs only); the totals count them all")
    } else if stepCount > steps.count {
      lines.append(
        "… \(NumberFormat.grouped(stepCount - steps.count)) more steps not kept (a run keeps its first \(NumberFormat.grouped(steps.count))); the totals count them all")
    }
    lines.append("Totals over \(stepCount) steps:")
    lines += totals.textLines.map { "  " + $0 }
    lines.append(cost.caveat)
    return lines
  }
}

extension FlowTotals {
  /// The flat members `compare`'s JSON puts next to the flow name.
  var jsonMembers: [String: JSONValue] {
    guard case .object(let members) = json else { return [:] }
    return members
  }
}
