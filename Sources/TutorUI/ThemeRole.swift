/// What a piece of the screen means; a ``Theme`` maps each role to a style. Panes ask for roles, never colours.
public enum ThemeRole: String, CaseIterable, Hashable, Sendable {
  // Chrome
  case titleBar, statusBar, keyHint, border, borderFocused, paneTitle, overlay, overlayTitle, selection
  // Text
  case text, dim, heading1, heading2, heading3, emphasis, strong, strikethrough, code, codeBlock, link, linkTarget,
    quote, listMarker, tableHeader, tableRule
  // Parties
  case driver, device, hypervisor, host, hardware
  // Animation and state
  case current, changed, error, warning, success, suppressed
  // Descriptor ownership: free, owned by the driver, available, in use by the device, used
  case descFree, descDriver, descAvail, descInUse, descUsed
}
