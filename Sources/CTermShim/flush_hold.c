// Holds ncurses' output flushes for the length of one doupdate (NCursesTerminal.paint).
//
// ncurses 6.4 flushes its output buffer after every cursor movement while the screen has never been through
// endwin (`_nc_mvcur`: `if (SP_PARM->_endwin == ewInitial) _nc_flush(...)`, meant for low-level terminfo
// programs), which for the tutor is always: its first frame reached the terminal as ~45 write(2)s, every later frame
// as 2-7. The release executable is linked with `--wrap=_nc_flush_sp` (Package.swift), so those calls from
// ncurses' other objects come here; while a paint holds them they are remembered and done once when the paint
// releases them. The bytes written are the same, in the same order; only the write(2) boundaries change. A full
// buffer is still written at once (that write is inside ncurses' own output routine, not this call). Without the
// flag (debug builds and tests, shared ncurses) nothing calls the wrapper and the weak `__real__nc_flush_sp` is
// null, so releasing does nothing.
#include "CTermShim.h"

extern void __real__nc_flush_sp(SCREEN *screen) __attribute__((weak));

static int holding = 0;
static SCREEN *held = NULL;

void __wrap__nc_flush_sp(SCREEN *screen) {
  if (holding) {
    held = screen;
    return;
  }
  __real__nc_flush_sp(screen);
}

void ts_hold_flushes(void) { holding = 1; }

void ts_release_flushes(void) {
  holding = 0;
  SCREEN *screen = held;
  held = NULL;
  if (screen != NULL && __real__nc_flush_sp != NULL) { __real__nc_flush_sp(screen); }
}
