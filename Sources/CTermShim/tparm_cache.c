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

// The table touches as few pages as it can: at start-up every fresh page of `.bss` costs a page fault (≈3 µs on
// the machine measured), and a table of whole entries (formats and results inline, 72 KB) spread its ~60 entries
// over 18 pages, 22 faults before the first frame (docs/DECISIONS.md, "Start-up, session 10"). Now the hash slots
// are 2-byte entry numbers, the entries are filled in order, and the format copies and results are appended to one
// byte arena: ~60 entries fit in three pages.
#define TS_MEMO_ENTRIES (TS_MEMO_SLOTS * 3 / 4)  // at most three quarters of the slots in use, so probes stay short

typedef struct {
  const char *format_address;
  unsigned format_length;
  int expected;
  int params[TS_MEMO_PARAMS];
  unsigned format_at;  // offset of the format's copy (with its NUL) in `arena`
  unsigned result_at;  // offset of the result (with its NUL) in `arena`
} ts_memo_entry;

static unsigned short slot_entry[TS_MEMO_SLOTS];  // 0: empty; else the entry's index + 1
static ts_memo_entry entries[TS_MEMO_ENTRIES];
static char arena[TS_MEMO_ENTRIES * (TS_MEMO_FORMAT + TS_MEMO_RESULT)];
static unsigned arena_used = 0;
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
  // strncmp stops at the first NUL of either string: a shorter string now at the same address is not over-read.
  return strncmp(arena + e->format_at, format, (size_t)e->format_length + 1) == 0;
}

char *ts_tiparm_memoized(char *(*evaluate)(int, const char *, const int *), int expected, const char *format,
                         const int *params) {
  if (format == NULL || expected < 0 || expected > TS_MEMO_PARAMS) { return evaluate(expected, format, params); }
  unsigned slot = slot_for(format, expected, params);
  for (unsigned probe = 0; probe < TS_MEMO_SLOTS; probe++, slot = (slot + 1) & (TS_MEMO_SLOTS - 1)) {
    if (slot_entry[slot] == 0) { break; }
    ts_memo_entry *e = &entries[slot_entry[slot] - 1];
    if (same_key(e, format, expected, params)) {
      memo_hits++;
      _nc_tparm_err = 0;
      return arena + e->result_at;
    }
  }
  memo_misses++;
  char *result = evaluate(expected, format, params);
  // Keep at most three quarters of the table full so probes stay short; formats and results too long, and formats
  // with variables, are not kept.
  size_t format_length = strlen(format);
  size_t result_length = result == NULL ? 0 : strlen(result);
  if (result == NULL || memo_used >= TS_MEMO_ENTRIES || format_length >= TS_MEMO_FORMAT ||
      result_length >= TS_MEMO_RESULT || uses_variables(format)) {
    return result;
  }
  if (slot_entry[slot] != 0) { return result; }  // the probe ran through a full table (not reached at 3/4)
  ts_memo_entry *e = &entries[memo_used];
  e->format_address = format;
  e->format_length = (unsigned)format_length;
  e->expected = expected;
  memset(e->params, 0, sizeof e->params);
  for (int i = 0; i < expected; i++) { e->params[i] = params[i]; }
  e->format_at = arena_used;
  memcpy(arena + arena_used, format, format_length + 1);
  arena_used += (unsigned)format_length + 1;
  e->result_at = arena_used;
  memcpy(arena + arena_used, result, result_length + 1);
  arena_used += (unsigned)result_length + 1;
  memo_used++;
  slot_entry[slot] = (unsigned short)memo_used;
  return arena + e->result_at;
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
