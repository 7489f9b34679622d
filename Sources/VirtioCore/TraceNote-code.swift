extension TraceNote {
  /// A ``TraceNote`` as a trace entry stores it: the same cases with plain values only (no `String`), so that an
  /// entry is copied, appended and dropped as bytes, without reference counting. The two notes that carry text
  /// (a free sentence, an index without a name here) keep it beside the code, in ``TraceEntry``.
  enum Code: Hashable, Sendable {
    case fieldRead
    case fieldWrite
    case barrier(Barrier)
    case index(Index)
    case chainAdded(readable: Int, writable: Int, indirect: Bool, slot: Int, numFree: Int)
    case published
    case kick(Decision)
    case popped(buffers: Int, readable: UInt64, writable: UInt64, indirect: Bool)
    case pushed(slot: Int, id: UInt16, length: UInt32)
    case interrupt(Decision)
    case reclaimed(length: UInt32, numFree: Int)
    case bufferFilled
    case bufferRead
    case bufferWritten
    /// ``TraceNote/text(_:)``: the sentence is the entry's text.
    case text
    /// ``TraceNote/packed(_:)``.
    case packed(PackedTraceNote)

    /// Whether the entry keeps text beside this code.
    var hasText: Bool { self == .text || self == .index(.named) }

    /// The private indices the engine moves (any other name is kept as text).
    enum Index: Hashable, Sendable {
      case lastAvailIdx, lastUsedIdx, named

      var name: String? {
        switch self {
        case .lastAvailIdx: return "last_avail_idx"
        case .lastUsedIdx: return "last_used_idx"
        case .named: return nil
        }
      }
    }

    /// The code and text that store `note` (one spelling per note, so that equal notes store equal bytes).
    static func storing(_ note: TraceNote) -> (Code, String?) {
      switch note {
      case .fieldRead: return (.fieldRead, nil)
      case .fieldWrite: return (.fieldWrite, nil)
      case .barrier(let b): return (.barrier(b), nil)
      case .index(let name):
        switch name {
        case "last_avail_idx": return (.index(.lastAvailIdx), nil)
        case "last_used_idx": return (.index(.lastUsedIdx), nil)
        default: return (.index(.named), name)
        }
      case .chainAdded(let r, let w, let i, let s, let f): return (.chainAdded(readable: r, writable: w, indirect: i, slot: s, numFree: f), nil)
      case .published: return (.published, nil)
      case .kick(let d): return (.kick(d), nil)
      case .popped(let b, let r, let w, let i): return (.popped(buffers: b, readable: r, writable: w, indirect: i), nil)
      case .pushed(let s, let id, let l): return (.pushed(slot: s, id: id, length: l), nil)
      case .interrupt(let d): return (.interrupt(d), nil)
      case .reclaimed(let l, let f): return (.reclaimed(length: l, numFree: f), nil)
      case .bufferFilled: return (.bufferFilled, nil)
      case .bufferRead: return (.bufferRead, nil)
      case .bufferWritten: return (.bufferWritten, nil)
      case .text(let t): return (.text, t)
      case .packed(let note): return (.packed(note), nil)
      }
    }

    /// The note this code (and `text`) stores.
    func note(text: String?) -> TraceNote {
      switch self {
      case .fieldRead: return .fieldRead
      case .fieldWrite: return .fieldWrite
      case .barrier(let b): return .barrier(b)
      case .index(let index): return .index(index.name ?? text ?? "")
      case .chainAdded(let r, let w, let i, let s, let f): return .chainAdded(readable: r, writable: w, indirect: i, slot: s, numFree: f)
      case .published: return .published
      case .kick(let d): return .kick(d)
      case .popped(let b, let r, let w, let i): return .popped(buffers: b, readable: r, writable: w, indirect: i)
      case .pushed(let s, let id, let l): return .pushed(slot: s, id: id, length: l)
      case .interrupt(let d): return .interrupt(d)
      case .reclaimed(let l, let f): return .reclaimed(length: l, numFree: f)
      case .bufferFilled: return .bufferFilled
      case .bufferRead: return .bufferRead
      case .bufferWritten: return .bufferWritten
      case .text: return .text(text ?? "")
      case .packed(let note): return .packed(note)
      }
    }
  }
}
