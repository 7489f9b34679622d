// A memo in front of ncurses' internal `_nc_tiparm`, the terminfo parameter evaluator its own painting calls for
// every attribute change (`sgr`, `setaf`, `setab`) and for every cursor-motion cost it weighs (`cup`, `hpa`, `cuf`,
// ...). The tutor's first frame made ~250 such calls for ~60 distinct (capability, parameters) pairs: 0.78 M of its
// 6.6 M instructions (docs/DECISIONS.md, "Start-up, session 9").
//
// The release executable is linked with `--wrap=_nc_tiparm` (Package.swift), so ncurses' calls from its other
// objects come here and the real function is `__real__nc_tiparm`. Without the flag (debug builds and tests, which
// link the shared ncurses) nothing calls this wrapper and the weak `__real__nc_tiparm` stays null.
//
// Evaluating a capability is a pure function of its format string and its integer parameters, except for the
// static and dynamic variables (`%P`, `%g`): strings using them are never memoised. A hit is checked against a
// copy of the format's bytes, not only its address, so a terminal freed and another loaded at the same address
// cannot be answered from the first one's strings. The table only grows (no eviction): a returned string stays
// valid for the life of the process, which is at least as long as ncurses' own static buffer result lived.
#include "CTermShim.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#define TS_MEMO_SLOTS 256   // a power of two; open addressing
#define TS_MEMO_FORMAT 128  // longest format string memoised, with its NUL
#define TS_MEMO_RESULT 96   // longest result memoised, with its NUL
#define TS_MEMO_PARAMS 9

typedef struct {
  const char *format_address;
  size_t format_length;
  int expected;
  int params[TS_MEMO_PARAMS];
  char format[TS_MEMO_FORMAT];
  char result[TS_MEMO_RESULT];
} ts_memo_entry;

static ts_memo_entry memo[TS_MEMO_SLOTS];
static unsigned memo_used = 0;
static unsigned long memo_hits = 0;
static unsigned long memo_misses = 0;

extern int _nc_tparm_err;
extern char *__real__nc_tiparm(int expected, const char *string, ...) __attribute__((weak));

static int uses_variables(const char *format) {
  for (const char *p = strchr(format, '%'); p != NULL; p = strchr(p + 1, '%')) {
    if (p[1] == 'P' || p[1] == 'g') { return 1; }
    if (p[1] == '%') { p++; }
  }
  return 0;
}

static unsigned slot_for(const char *format, int expected, const int *params) {
  uint64_t h = (uint64_t)(uintptr_t)format * 0x9E3779B97F4A7C15ull ^ (uint64_t)expected;
  for (int i = 0; i < expected; i++) { h = (h ^ (uint64_t)(uint32_t)params[i]) * 0x100000001B3ull; }
  return (unsigned)(h >> 32) & (TS_MEMO_SLOTS - 1);
}

static int same_key(const ts_memo_entry *e, const char *format, int expected, const int *params) {
  if (e->format_address != format || e->expected != expected) { return 0; }
  for (int i = 0; i < expected; i++) {
    if (e->params[i] != params[i]) { return 0; }
  }
  return memcmp(e->format, format, e->format_length + 1) == 0;
}

char *ts_tiparm_memoized(char *(*evaluate)(int, const char *, const int *), int expected, const char *format,
                         const int *params) {
  if (format == NULL || expected < 0 || expected > TS_MEMO_PARAMS) { return evaluate(expected, format, params); }
  unsigned slot = slot_for(format, expected, params);
  for (unsigned probe = 0; probe < TS_MEMO_SLOTS; probe++, slot = (slot + 1) & (TS_MEMO_SLOTS - 1)) {
    ts_memo_entry *e = &memo[slot];
    if (e->format_address == NULL) { break; }
    if (same_key(e, format, expected, params)) {
      memo_hits++;
      _nc_tparm_err = 0;
      return e->result;
    }
  }
  memo_misses++;
  char *result = evaluate(expected, format, params);
  // Keep at most three quarters of the table full so probes stay short; formats and results too long, and formats
  // with variables, are not kept.
  size_t format_length = strlen(format);
  if (result == NULL || memo_used >= TS_MEMO_SLOTS * 3 / 4 || format_length >= TS_MEMO_FORMAT ||
      strlen(result) >= TS_MEMO_RESULT || uses_variables(format)) {
    return result;
  }
  ts_memo_entry *e = &memo[slot];
  if (e->format_address != NULL) { return result; }  // the probe ran through a full table (not reached at 3/4)
  e->format_address = format;
  e->format_length = format_length;
  e->expected = expected;
  memset(e->params, 0, sizeof e->params);
  for (int i = 0; i < expected; i++) { e->params[i] = params[i]; }
  memcpy(e->format, format, format_length + 1);
  strcpy(e->result, result);
  memo_used++;
  return e->result;
}

void ts_tiparm_memo_counts(unsigned long *hits, unsigned long *misses, unsigned *entries) {
  *hits = memo_hits;
  *misses = memo_misses;
  *entries = memo_used;
}

static char *evaluate_real(int expected, const char *format, const int *p) {
  return __real__nc_tiparm(expected, format, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
}

/* ncurses' internal callers pass exactly `expected` int parameters (its TIPARM_n macros); lib_tparm reads them
 * with va_arg(ap, int). Passing the real function nine is harmless: a variadic function reads only what it needs. */
char *__wrap__nc_tiparm(int expected, const char *string, ...) {
  int params[TS_MEMO_PARAMS] = {0};
  va_list ap;
  va_start(ap, string);
  for (int i = 0; i < expected && i < TS_MEMO_PARAMS; i++) { params[i] = va_arg(ap, int); }
  va_end(ap);
  return ts_tiparm_memoized(evaluate_real, expected, string, params);
}
