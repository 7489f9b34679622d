/* CTermShim: the curses pieces Swift cannot see (macros, C globals), a safe screen opener,
 * and an async-signal-safe emergency restore for crash handlers.
 * Only TutorTerminal imports this module. */
#ifndef CTERMSHIM_H
#define CTERMSHIM_H
/* Must precede any curses include, or cchar_t/wget_wch/mvwaddnwstr are missing. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

/* Globals and macros Swift 6 rejects or cannot import. */
WINDOW *ts_stdscr(void);
WINDOW *ts_curscr(void);
int ts_colors(void);
int ts_color_pairs(void);
void ts_getmaxyx(WINDOW *win, int *y, int *x);
int ts_key_f(int n);
int ts_key_f0(void);

attr_t ts_a_normal(void);
attr_t ts_a_bold(void);
attr_t ts_a_dim(void);
attr_t ts_a_italic(void);
attr_t ts_a_underline(void);
attr_t ts_a_reverse(void);

/* Reasons ts_open_screen can fail (the `why` out-parameter). */
enum {
  TS_OPEN_OK = 0,
  TS_OPEN_STDOUT_NOT_TTY = 1,
  TS_OPEN_STDIN_NOT_TTY = 2,
  TS_OPEN_UNKNOWN_TERM = 3,
  TS_OPEN_NO_CURSOR_ADDRESSING = 4,
  TS_OPEN_ALREADY_OPEN = 5,
};

/* Opens curses on stdout/stdin without ever exiting the process (unlike initscr):
 * checks both are ttys, saves the tty's termios for ts_emergency_restore, calls
 * newterm(term, stdout, stdin) (term NULL = $TERM), and rejects terminals without cursor
 * addressing (TERM=dumb). On failure returns NULL and sets *why; on success *why = 0. */
SCREEN *ts_open_screen(const char *term, int *why);

/* Whether a screen from ts_open_screen is open (and not yet closed). */
int ts_screen_is_open(void);

/* endwin + delscreen for a screen from ts_open_screen; disarms the emergency restore. */
void ts_close_screen(SCREEN *screen);

/* The nl_langinfo(CODESET) of the current locale is UTF-8. */
int ts_codeset_is_utf8(void);

/* setlocale(category, "") for every category but LC_CTYPE and LC_NUMERIC (locale.c). */
void ts_set_locale_except_ctype_and_numeric(void);

/* Async-signal-safe: if a screen is open, writes raw reset sequences with write(2) (leave the
 * alternate screen, show the cursor, reset attributes) and restores the termios saved by
 * ts_open_screen. For crash paths only; the normal path is ts_close_screen. */
void ts_emergency_restore(void);

/* Installs handlers for SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT and SIGFPE (on an alternate
 * stack) that call ts_emergency_restore, put back the previously installed action (the
 * default, or e.g. Swift's backtracer) and re-raise the signal. Idempotent. */
void ts_install_crash_handlers(void);

/* Puts back the actions that ts_install_crash_handlers replaced. Idempotent. */
void ts_remove_crash_handlers(void);

/* The memo in front of ncurses' `_nc_tiparm` (tparm_cache.c; the release executable links ncurses' calls to it with
 * --wrap=_nc_tiparm). `evaluate` computes a result on a miss; `params` holds `expected` ints (0...9). Returns the
 * remembered string for a (format address and bytes, parameters) seen before, else `evaluate`'s result, kept when
 * the format uses no %P/%g variables and both fit. Exposed for tests. */
char *ts_tiparm_memoized(char *(*evaluate)(int expected, const char *format, const int *params), int expected,
                         const char *format, const int *params);

/* Hits and misses of the memo so far, and how many entries it holds. */
void ts_tiparm_memo_counts(unsigned long *hits, unsigned long *misses, unsigned *entries);

/* Hold ncurses' output flushes during one doupdate and do the last one held at release (flush_hold.c; the release
 * executable links ncurses' calls with --wrap=_nc_flush_sp). Without the wrap both do nothing. */
void ts_hold_flushes(void);
void ts_release_flushes(void);

#endif
