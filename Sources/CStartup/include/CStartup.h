#ifndef CSTARTUP_H
#define CSTARTUP_H

/// Whether the crash-report policy (`SWIFT_BACKTRACE=interactive=no`, plus the backtracer's path when the Swift
/// runtime is linked into the executable) was set before the Swift runtime read it: 1 when this binary carries the
/// runtime statically and the variable was unset, 0 otherwise (the user's own setting, or a dynamic runtime that
/// read it before any code of ours ran; `CrashReporting` then re-executes once).
int vt_crash_policy_set_early(void);

#endif
