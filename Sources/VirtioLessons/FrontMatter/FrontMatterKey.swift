/// The keys a lesson's front matter may hold.
enum FrontMatterKey: String, CaseIterable {
  case title
  case id
  case order
  case summary
  case minutes
  case setup
  case view
  case autoAdvance = "auto_advance"

  /// The spellings, in documentation order.
  static var spellings: [String] { allCases.map(\.rawValue) }
}
