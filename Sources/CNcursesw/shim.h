#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* Must precede any curses include, or cchar_t/add_wch/get_wch/setcchar/WACS_* are missing. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#endif
