#include "CTermShim.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

WINDOW *ts_stdscr(void) { return stdscr; }
WINDOW *ts_curscr(void) { return curscr; }
int ts_colors(void) { return COLORS; }
int ts_color_pairs(void) { return COLOR_PAIRS; }
void ts_getmaxyx(WINDOW *win, int *y, int *x) {
  int yy = 0, xx = 0;
  if (win != NULL) { getmaxyx(win, yy, xx); }
  *y = yy < 0 ? 0 : yy;
  *x = xx < 0 ? 0 : xx;
}
int ts_key_f(int n) { return KEY_F(n); }
int ts_key_f0(void) { return KEY_F0; }

attr_t ts_a_normal(void) { return A_NORMAL; }
attr_t ts_a_bold(void) { return A_BOLD; }
attr_t ts_a_dim(void) { return A_DIM; }
attr_t ts_a_italic(void) { return A_ITALIC; }
attr_t ts_a_underline(void) { return A_UNDERLINE; }
attr_t ts_a_reverse(void) { return A_REVERSE; }

int ts_codeset_is_utf8(void) {
  const char *codeset = nl_langinfo(CODESET);
  return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* ---- Crash-path state (read from signal handlers: plain statics set before arming). ---- */

static struct termios saved_termios;
static volatile sig_atomic_t have_saved_termios = 0;
static volatile sig_atomic_t screen_open = 0;

SCREEN *ts_open_screen(const char *term, int *why) {
  if (screen_open) { *why = TS_OPEN_ALREADY_OPEN; return NULL; }
  if (!isatty(STDOUT_FILENO)) { *why = TS_OPEN_STDOUT_NOT_TTY; return NULL; }
  if (!isatty(STDIN_FILENO)) { *why = TS_OPEN_STDIN_NOT_TTY; return NULL; }
  have_saved_termios = tcgetattr(STDIN_FILENO, &saved_termios) == 0;
  SCREEN *screen = newterm(term, stdout, stdin);
  if (screen == NULL) { *why = TS_OPEN_UNKNOWN_TERM; return NULL; }
  char *cup = tigetstr("cup");
  if (cup == NULL || cup == (char *)-1) {
    endwin();
    delscreen(screen);
    *why = TS_OPEN_NO_CURSOR_ADDRESSING;
    return NULL;
  }
  screen_open = 1;
  *why = TS_OPEN_OK;
  return screen;
}

int ts_screen_is_open(void) { return screen_open != 0; }

void ts_close_screen(SCREEN *screen) {
  if (screen == NULL) { return; }
  set_term(screen);
  /* A terminal without an alternate screen (vt100, linux console with TERM=vt100) keeps whatever was drawn last:
     clear it ourselves so quitting leaves an empty screen with the cursor at the top, as leaving the alternate
     screen would. */
  char *smcup = tigetstr("smcup");
  int has_alternate_screen = smcup != NULL && smcup != (char *)-1 && smcup[0] != '\0';
  if (!has_alternate_screen) {
    werase(stdscr);
    wrefresh(stdscr);
  }
  endwin();
  if (!has_alternate_screen) {
    char *clear_screen = tigetstr("clear");
    if (clear_screen != NULL && clear_screen != (char *)-1) { putp(clear_screen); }
  }
  /* Show the cursor again on the main screen too: some terminals (tmux among them) save the cursor mode with
     the alternate screen, so the cnorm endwin sends before leaving it is undone by rmcup. */
  char *cnorm = tigetstr("cnorm");
  if (cnorm != NULL && cnorm != (char *)-1) { putp(cnorm); }
  fflush(stdout);
  delscreen(screen);
  screen_open = 0;
}

static void write_all(const char *text) {
  size_t length = strlen(text);
  while (length > 0) {
    ssize_t n = write(STDOUT_FILENO, text, length);
    if (n < 0 && errno == EINTR) { continue; }
    if (n <= 0) { return; }
    text += n;
    length -= (size_t)n;
  }
}

void ts_emergency_restore(void) {
  if (!screen_open) { return; }
  screen_open = 0;
  int saved_errno = errno;
  /* Reset attributes, leave the alternate screen, show the cursor, leave keypad mode,
   * and move to the start of a fresh line. */
  write_all("\033[0m\033[?1049l\033[?25h\033[?1l\033>\r\n");
  if (have_saved_termios) { tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios); }
  errno = saved_errno;
}

/* ---- Crash handlers. ---- */

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGQUIT };
#define CRASH_SIGNAL_COUNT (sizeof(crash_signals) / sizeof(crash_signals[0]))
static struct sigaction previous_actions[CRASH_SIGNAL_COUNT];
static volatile sig_atomic_t crash_handlers_installed = 0;
static char alternate_stack[64 * 1024];

static void crash_handler(int signal_number) {
  ts_emergency_restore();
  for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) {
    if (crash_signals[i] == signal_number) {
      sigaction(signal_number, &previous_actions[i], NULL);
      break;
    }
  }
  /* Deliver it now to the previous action (the Swift runtime's backtracer prints its report on the restored
   * screen): raise, then unblock it inside this handler. A handler that returns for a raised signal (the
   * runtime's does for SIGQUIT) would leave the program running with its terminal gone, so end the process
   * with the default action afterwards. */
  raise(signal_number);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signal_number);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

void ts_install_crash_handlers(void) {
  if (crash_handlers_installed) { return; }
  stack_t current;
  if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = alternate_stack;
    stack.ss_size = sizeof alternate_stack;
    sigaltstack(&stack, NULL);
  }
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = crash_handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_ONSTACK;
  for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) {
    sigaction(crash_signals[i], &action, &previous_actions[i]);
  }
  crash_handlers_installed = 1;
}

void ts_remove_crash_handlers(void) {
  if (!crash_handlers_installed) { return; }
  for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) {
    struct sigaction current;
    /* Leave alone a signal someone else took over since (only undo our own handler). */
    if (sigaction(crash_signals[i], NULL, &current) == 0 && current.sa_handler == crash_handler) {
      sigaction(crash_signals[i], &previous_actions[i], NULL);
    }
  }
  crash_handlers_installed = 0;
}
