import TermGrid
import VirtioLessons

/// The right pane's pictures, one per lesson `view`: a new picture is one new ``Pane`` file plus one line here
/// (and its `view` spelling in ``VirtioLessons/LessonView``).
public enum PictureRegistry {
  /// The picture for each visualisation kind.
  static let pictures: [LessonView: any Pane] = [
    .ring: RingPane(),
    .pair: RingPairPane(),
    .memory: MemoryPane(),
    .flow: FlowPane(),
    .compare: ComparePane(),
    .status: DeviceStatusPane(),
    .features: FeaturesPane(),
    .pci: PciCapabilityPane(),
    .transports: TransportsPane(),
    .none: NoPicturePane(),
  ]

  /// The pane that draws `view` (the empty box for a kind without one).
  public static func pane(for view: LessonView) -> any Pane {
    pictures[view] ?? NoPicturePane()
  }
}
