/* draw.h - putting untrusted UTF-8 text on the screen safely: every
 * string goes through cw_sanitize, is measured with wcwidth (never by
 * bytes), cut on a character boundary and padded. Symbols have ASCII
 * fallbacks for terminals whose locale is not UTF-8. */
#ifndef CW_TUI_DRAW_H
#define CW_TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

enum draw_sym {
	SYM_TICK,    /* a finished stage */
	SYM_CURRENT, /* the current stage */
	SYM_SKIPPED, /* not needed */
	SYM_SEP,     /* between stages */
	SYM_NEWLINE, /* a line break inside a one-line view of text */
	SYM_HLINE,
	SYM_POUND,
	SYM_COUNT,
};

/* Reads the locale (after setlocale): UTF-8 or not. */
void draw_init(void);
bool draw_is_utf8(void);
const char *draw_sym(enum draw_sym s);

/* Colour pairs, when colour is on (has_colors() and NO_COLOR unset). */
void draw_init_colour(void);
attr_t draw_attr_title(void);
attr_t draw_attr_overdue(void);
attr_t draw_attr_error(void);

/* Display columns of s as draw_text would show it (sanitised). */
int draw_width(const char *s);
/* Columns of the first `bytes` bytes of s, as shown. */
int draw_width_prefix(const char *s, size_t bytes);

/* Writes s at (y, x) in at most width columns with attr; pads with
 * spaces to width when pad. Newlines show as SYM_NEWLINE. Returns the
 * columns written (including padding). */
int draw_text(int y, int x, int width, const char *s, attr_t attr, bool pad);
/* Same, starting `skip` columns into the text (for scrolled fields). */
int draw_text_from(int y, int x, int width, const char *s, int skip, attr_t attr, bool pad);

/* Right-aligned in width columns. */
void draw_text_right(int y, int x, int width, const char *s, attr_t attr);

/* Blank columns [x, x+width) of row y. */
void draw_blank(int y, int x, int width);

#endif
