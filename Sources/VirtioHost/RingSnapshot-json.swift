import Foundation

// The snapshot file: JSON with sorted keys (readable diffs), RAM ranges in base64.
//
// {"captured_with": "...", "qemu": "7.2.22",
//  "qmp": [{"execute": "x-query-virtio", "arguments": {}, "return": [...]}, {"execute": ..., "error": "..."}],
//  "ram_size": 134217728, "ram": [{"address": 44806144, "base64": "..."}]}

extension RingSnapshot {
  /// The snapshot as a JSON document: one QMP exchange or RAM range per line, keys sorted (small, and diffs stay
  /// readable).
  public func json() throws(VhostUserError) -> Data {
    func line(_ value: Any) throws(VhostUserError) -> String {
      guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else {
        throw VhostUserError(.badPayload, "the snapshot is not JSON-encodable")
      }
      return String(decoding: data, as: UTF8.self)
    }
    var qmp: [String] = []
    for e in exchanges {
      var o: [String: Any] = ["execute": e.command, "arguments": e.arguments]
      if let error = e.error { o["error"] = error } else { o["return"] = e.reply ?? [String: Any]() }
      qmp.append(try line(o))
    }
    var ram: [String] = []
    for r in ranges { ram.append(try line(["address": r.address, "base64": Data(r.bytes).base64EncodedString()] as [String: Any])) }
    let text = """
      {
      "captured_with": \(try line(capturedWith)),
      "qemu": \(try line(qemuVersion)),
      "ram_size": \(ramSize),
      "qmp": [
      \(qmp.joined(separator: ",\n"))
      ],
      "ram": [
      \(ram.joined(separator: ",\n"))
      ]
      }

      """
    return Data(text.utf8)
  }

  /// Reads a snapshot file; every missing or mistyped field is a `bad-payload` error naming it.
  public init(json data: Data) throws(VhostUserError) {
    guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
      throw VhostUserError(.badPayload, "the snapshot is not a JSON object")
    }
    guard let qmp = root["qmp"] as? [[String: Any]], let ram = root["ram"] as? [[String: Any]] else {
      throw VhostUserError(.badPayload, "the snapshot needs a 'qmp' list and a 'ram' list")
    }
    var exchanges: [QMPExchange] = []
    for (n, o) in qmp.enumerated() {
      guard let command = o["execute"] as? String else { throw VhostUserError(.badPayload, "qmp[\(n)] has no 'execute'") }
      let error = o["error"] as? String
      guard error != nil || o["return"] != nil else { throw VhostUserError(.badPayload, "qmp[\(n)] has neither 'return' nor 'error'") }
      exchanges.append(QMPExchange(command: command, arguments: o["arguments"] as? [String: Any] ?? [:], reply: o["return"], error: error))
    }
    var ranges: [Range] = []
    for (n, o) in ram.enumerated() {
      guard let address = RingInspector.number(o["address"]) else { throw VhostUserError(.badPayload, "ram[\(n)] has no whole 'address'") }
      guard let text = o["base64"] as? String, let bytes = Data(base64Encoded: text), !bytes.isEmpty else {
        throw VhostUserError(.badPayload, "ram[\(n)] has no base64 bytes")
      }
      guard !address.addingReportingOverflow(UInt64(bytes.count)).overflow else {
        throw VhostUserError(.badAddress, "ram[\(n)] at \(hexString(address)) + \(bytes.count) bytes passes 2^64")
      }
      ranges.append(Range(address: address, bytes: Array(bytes)))
    }
    guard let ramSize = RingInspector.number(root["ram_size"]) else { throw VhostUserError(.badPayload, "the snapshot has no whole 'ram_size'") }
    self.init(
      qemuVersion: root["qemu"] as? String ?? "", capturedWith: root["captured_with"] as? String ?? "", exchanges: exchanges,
      ranges: ranges, ramSize: ramSize)
  }
}
