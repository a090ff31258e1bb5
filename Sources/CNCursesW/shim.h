#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

/* Wide-character ncurses for Swift.
 *
 * NCURSES_WIDECHAR / _XOPEN_SOURCE_EXTENDED must be defined before including
 * curses.h to get cchar_t, setcchar, add_wch, get_wch. SwiftPM drops the
 * pkg-config cflags, so they are defined here; the module map links ncursesw.
 *
 * Swift cannot import function-like macros, NCURSES_BITS expressions or mutable C
 * globals (Swift 6 rejects stdscr/LINES/COLS as shared mutable state), so this
 * header wraps them in static inline functions and constants (prefix cn_ / CN_).
 */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <stddef.h>
#include <wchar.h>
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <ncurses.h>
#endif

/* glibc declares these only under __USE_XOPEN, which Swift's Glibc module lacks. */
extern int wcwidth(wchar_t c);
extern int wcswidth(const wchar_t *s, size_t n);

/* ---- mutable globals -> accessors ---- */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline WINDOW *cn_curscr(void) { return curscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }

/* ---- function-like macros ---- */
static inline void cn_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline int cn_key_f(int n) { return KEY_F(n); }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }

/* ---- attributes (NCURSES_BITS expressions) ---- */
static const attr_t CN_A_NORMAL    = A_NORMAL;
static const attr_t CN_A_BOLD      = A_BOLD;
static const attr_t CN_A_DIM       = A_DIM;
static const attr_t CN_A_REVERSE   = A_REVERSE;
static const attr_t CN_A_UNDERLINE = A_UNDERLINE;
static const attr_t CN_A_ITALIC    = A_ITALIC;
static const attr_t CN_A_STANDOUT  = A_STANDOUT;

/* ---- mouse masks (NCURSES_MOUSE_MASK expressions; mouse version 2) ---- */
static const mmask_t CN_BUTTON1_PRESSED  = BUTTON1_PRESSED;
static const mmask_t CN_BUTTON1_RELEASED = BUTTON1_RELEASED;
static const mmask_t CN_BUTTON1_CLICKED  = BUTTON1_CLICKED;
static const mmask_t CN_BUTTON1_DOUBLE_CLICKED = BUTTON1_DOUBLE_CLICKED;
static const mmask_t CN_BUTTON2_PRESSED  = BUTTON2_PRESSED;
static const mmask_t CN_BUTTON2_RELEASED = BUTTON2_RELEASED;
static const mmask_t CN_BUTTON2_CLICKED  = BUTTON2_CLICKED;
static const mmask_t CN_BUTTON3_PRESSED  = BUTTON3_PRESSED;
static const mmask_t CN_BUTTON3_RELEASED = BUTTON3_RELEASED;
static const mmask_t CN_BUTTON3_CLICKED  = BUTTON3_CLICKED;
static const mmask_t CN_BUTTON4_PRESSED  = BUTTON4_PRESSED;
static const mmask_t CN_BUTTON5_PRESSED  = BUTTON5_PRESSED;
static const mmask_t CN_BUTTON_SHIFT     = BUTTON_SHIFT;
static const mmask_t CN_BUTTON_CTRL      = BUTTON_CTRL;
static const mmask_t CN_BUTTON_ALT       = BUTTON_ALT;
static const mmask_t CN_REPORT_MOUSE_POSITION = REPORT_MOUSE_POSITION;
static const mmask_t CN_ALL_MOUSE_EVENTS = ALL_MOUSE_EVENTS;

/* ---- cchar_t helpers ---- */
/* Builds a cchar_t from up to CCHARW_MAX wide characters: the first is spacing,
 * the rest must be non-spacing (combining) characters. Returns setcchar's result. */
static inline int cn_setcchar(cchar_t *out, const wchar_t *wch, int count, attr_t attrs, int pair) {
    wchar_t buf[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < n; i++) buf[i] = wch[i];
    buf[n] = 0;
    return setcchar(out, buf, attrs, (short)(pair > 0x7FFF ? 0 : pair), (void *)0);
}
static inline int cn_ccharw_max(void) { return CCHARW_MAX; }

/* Draws one cell (a grapheme given as up to CCHARW_MAX wide chars) at (y, x). */
static inline int cn_mvadd_cell(int y, int x, const wchar_t *wch, int count, attr_t attrs, int pair) {
    cchar_t c;
    if (cn_setcchar(&c, wch, count, attrs, pair) != OK) return ERR;
    return mvadd_wch(y, x, &c);
}

/* ---- box drawing (WACS_* are &_nc_wacs[...]; valid after initscr/newterm) ---- */
static inline const cchar_t *cn_wacs_vline(void)    { return WACS_VLINE; }
static inline const cchar_t *cn_wacs_hline(void)    { return WACS_HLINE; }
static inline const cchar_t *cn_wacs_ulcorner(void) { return WACS_ULCORNER; }
static inline const cchar_t *cn_wacs_urcorner(void) { return WACS_URCORNER; }
static inline const cchar_t *cn_wacs_llcorner(void) { return WACS_LLCORNER; }
static inline const cchar_t *cn_wacs_lrcorner(void) { return WACS_LRCORNER; }

/* tigetstr returns (char *)-1 for "not a string capability" and NULL for "absent". */
static inline const char *cn_tigetstr(const char *name) {
    char *s = tigetstr(name);
    if (s == (char *)-1) return (const char *)0;
    return s;
}

#endif
