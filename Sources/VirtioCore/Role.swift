/// Who acted: the guest's driver or the device. They share nothing but guest memory.
public enum Role: String, Hashable, Sendable, CaseIterable {
  case driver, device
}
