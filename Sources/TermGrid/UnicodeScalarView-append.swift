extension String.UnicodeScalarView {
  /// Appends `scalars` one by one: the same string as `append(contentsOf:)`, whose generic body the standard library
  /// does not specialise, so its first use resolves `[Unicode.Scalar]`'s `Collection` conformance at run time, a
  /// scan of every conformance record in the static executable on the tutor's start-up path.
  mutating func appendScalars(_ scalars: [Unicode.Scalar]) {
    reserveCapacity(scalars.count)
    for scalar in scalars { append(scalar) }
  }
}
