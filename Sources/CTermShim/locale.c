// The locale categories other than LC_CTYPE, set after the tutor's first frame (see NCursesTerminal.swift).
#define _GNU_SOURCE
#include <locale.h>

#include "CTermShim.h"

void ts_set_locale_except_ctype_and_numeric(void) {
  // What setlocale(LC_ALL, "") sets, category by category, except LC_CTYPE (set before newterm, curses needs it)
  // and LC_NUMERIC (kept "C").
  static const int categories[] = {
    LC_COLLATE, LC_MONETARY, LC_TIME, LC_MESSAGES, LC_PAPER, LC_NAME, LC_ADDRESS, LC_TELEPHONE, LC_MEASUREMENT,
    LC_IDENTIFICATION,
  };
  for (unsigned i = 0; i < sizeof categories / sizeof categories[0]; i++) { setlocale(categories[i], ""); }
}
