import VirtioScript

/// An engine snapshot held by reference, so that the values holding snapshots stay small.
///
/// A ``ScriptSession`` is about 3 KB inline; ``StepPlayback`` held two, ``CommandPlayback`` two, and a
/// ``TutorState`` (its lesson's setup playback and the sandbox's) came to 14.7 KB. Every copy of those values was a
/// `memmove` of kilobytes, and the functions on the start-up path reserved stack frames of 40–120 KB for their
/// temporaries (each fresh stack page a page fault: docs/DECISIONS.md, "Start-up, session 10"). The box is
/// immutable: changing a snapshot makes a new box, so the holders keep value semantics, and a command's "after"
/// can be the next command's "before" without a copy.
final class SessionBox: Sendable {
  /// The snapshot.
  let session: ScriptSession

  init(_ session: ScriptSession) { self.session = session }
}
