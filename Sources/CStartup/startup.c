// Sets the Swift runtime's crash-report policy before the runtime reads it (see CrashReporting.swift).
//
// The runtime reads SWIFT_BACKTRACE once, in a C++ static initialiser (default priority). When the runtime is
// linked into the executable (the release build is a static executable, Package.swift), that initialiser is one
// of the executable's own .init_array entries, and the linker orders entries by priority: this constructor
// (priority 101) runs first, after libc is initialised, so setenv is safe and seen. When the runtime is a shared
// library (debug builds, tests) it was initialised before the executable's constructors; nothing is done here and
// CrashReporting re-executes the program once with the variable set.
#define _GNU_SOURCE
#include "CStartup.h"

#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int policy_set_early = 0;

int vt_crash_policy_set_early(void) { return policy_set_early; }

static int find_shared_runtime(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  (void)data;
  return info->dlpi_name != NULL && strstr(info->dlpi_name, "libswiftCore.so") != NULL;
}

/// The static backtracer of the toolchain whose `swift` is first on PATH
/// (`<toolchain>/usr/bin/swift` → `<toolchain>/usr/libexec/swift/linux/swift-backtrace-static`): a runtime linked
/// into the executable cannot find it by itself. False when there is none (crashes are then reported by the
/// runtime's one-line message only).
static int find_static_backtracer(char *out, size_t capacity) {
  const char *path = getenv("PATH");
  if (path == NULL) { return 0; }
  char candidate[PATH_MAX];
  char resolved[PATH_MAX];
  while (*path != '\0') {
    const char *end = strchr(path, ':');
    size_t length = end ? (size_t)(end - path) : strlen(path);
    if (length > 0 && length + sizeof "/swift" < sizeof candidate) {
      memcpy(candidate, path, length);
      strcpy(candidate + length, "/swift");
      if (access(candidate, X_OK) == 0 && realpath(candidate, resolved) != NULL) {
        char *slash = strrchr(resolved, '/');  // .../usr/bin/swift-driver or .../usr/bin/swift
        if (slash != NULL) {
          *slash = '\0';
          int written = snprintf(out, capacity, "%s/../libexec/swift/linux/swift-backtrace-static", resolved);
          return written > 0 && (size_t)written < capacity && access(out, X_OK) == 0;
        }
      }
    }
    if (end == NULL) { break; }
    path = end + 1;
  }
  return 0;
}

/// The runtime's hook for `CommandLine.arguments` (exported for the REPL and tools). Without it the static
/// runtime's own argv capture comes out empty once `setenv` has moved `environ` to the heap (measured).
extern void _swift_stdlib_overrideUnsafeArgvArgc(char **argv, int argc);

/// glibc passes `main`'s arguments to every `.init_array` function.
__attribute__((constructor(101))) static void set_crash_policy(int argc, char **argv, char **envp) {
  (void)envp;
  if (getenv("SWIFT_BACKTRACE") != NULL) { return; }
  if (dl_iterate_phdr(find_shared_runtime, NULL) != 0) { return; }
  _swift_stdlib_overrideUnsafeArgvArgc(argv, argc);
  char backtracer[PATH_MAX];
  char setting[PATH_MAX + 64];
  if (find_static_backtracer(backtracer, sizeof backtracer)) {
    snprintf(setting, sizeof setting, "interactive=no,swift-backtrace=%s", backtracer);
  } else {
    snprintf(setting, sizeof setting, "interactive=no");
  }
  if (setenv("SWIFT_BACKTRACE", setting, 1) == 0) { policy_set_early = 1; }
}
