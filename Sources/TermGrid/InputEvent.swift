/// Something the terminal reported: a key, a new size, or a termination signal.
///
/// ```swift
/// switch try backend.nextInput(timeout: playing ? .milliseconds(100) : nil) {
/// case .key(let key)?: state.handle(key)
/// case .resize(let size)?: state.screen = size
/// case .signal(let number)?: exitCode = 128 + number   // after closing the terminal
/// case nil: state.tick()                               // timeout elapsed
/// }
/// ```
public enum InputEvent: Hashable, Sendable, CustomStringConvertible {
  case key(Key)
  /// The terminal now has this size; ``Terminal`` repaints everything on the next frame.
  case resize(Size)
  /// SIGINT, SIGTERM or SIGHUP arrived; the app should restore the terminal and exit with
  /// status `128 + number`.
  case signal(Int32)

  /// The key, if this is a key event.
  public var key: Key? {
    if case .key(let key) = self { return key }
    return nil
  }

  public var description: String {
    switch self {
    case .key(let key): "key(\(key))"
    case .resize(let size): "resize(\(size))"
    case .signal(let number): "signal(\(number))"
    }
  }
}
