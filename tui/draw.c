/* draw.c - safe, width-aware text output. */
#include <langinfo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "core/util.h"
#include "tui/draw.h"

static bool utf8_locale;
static bool colour_on;

enum { PAIR_TITLE = 1, PAIR_OVERDUE, PAIR_ERROR };

static const char *const syms_utf8[SYM_COUNT] = {"\u2713", "\u25b6", "\u2013", "\u203a", "\u21b5", "\u2500", "\u00a3"};
static const char *const syms_ascii[SYM_COUNT] = {"x", ">", "-", "|", "|", "-", "GBP "};

void draw_init(void)
{
	const char *cs = nl_langinfo(CODESET);
	utf8_locale = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

bool draw_is_utf8(void) { return utf8_locale; }

const char *draw_sym(enum draw_sym s)
{
	return utf8_locale ? syms_utf8[s] : syms_ascii[s];
}

void draw_init_colour(void)
{
	const char *nc = getenv("NO_COLOR");
	colour_on = false;
	if ((nc && *nc) || !has_colors())
		return;
	if (start_color() != OK)
		return;
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_CYAN, -1);
	init_pair(PAIR_OVERDUE, COLOR_RED, -1);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	colour_on = true;
}

attr_t draw_attr_title(void) { return A_BOLD | (colour_on ? COLOR_PAIR(PAIR_TITLE) : 0); }
attr_t draw_attr_overdue(void) { return A_BOLD | (colour_on ? COLOR_PAIR(PAIR_OVERDUE) : 0); }
attr_t draw_attr_error(void) { return A_BOLD | (colour_on ? COLOR_PAIR(PAIR_ERROR) : 0); }

/* Decodes one UTF-8 sequence (already valid: cw_sanitize made it so). */
static size_t utf8_next(const unsigned char *p, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0 && p[1]) {
		*cp = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		return 2;
	}
	if ((p[0] & 0xf0) == 0xe0 && p[1] && p[2]) {
		*cp = ((uint32_t)(p[0] & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		return 3;
	}
	if ((p[0] & 0xf8) == 0xf0 && p[1] && p[2] && p[3]) {
		*cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) |
		      ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
		return 4;
	}
	*cp = '?';
	return 1;
}

/* The text as shown: newlines as the symbol, then sanitised. */
static void shown(const char *s, size_t maxbytes, char *out, size_t outsize)
{
	char tmp[4096];
	size_t o = 0;
	const char *nl = draw_sym(SYM_NEWLINE);
	size_t nllen = strlen(nl);
	for (size_t i = 0; s[i] && i < maxbytes && o + 8 < sizeof tmp; i++) {
		if (s[i] == '\n') {
			memcpy(tmp + o, nl, nllen);
			o += nllen;
		} else {
			tmp[o++] = s[i];
		}
	}
	tmp[o] = '\0';
	cw_sanitize(out, outsize, tmp);
}

/* Converts shown text to wide characters with their widths. */
static size_t to_wide(const char *s, wchar_t *w, int *wid, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p && n < max) {
		uint32_t cp;
		p += utf8_next(p, &cp);
		int cw;
		if (cp >= 0x80 && !utf8_locale) {
			cp = '?';
			cw = 1;
		} else {
			cw = wcwidth((wchar_t)cp);
			if (cw < 0) {
				cp = '?';
				cw = 1;
			}
		}
		w[n] = (wchar_t)cp;
		wid[n] = cw;
		n++;
	}
	return n;
}

int draw_width_prefix(const char *s, size_t bytes)
{
	char buf[4096];
	wchar_t w[2048];
	int wid[2048];
	shown(s, bytes, buf, sizeof buf);
	size_t n = to_wide(buf, w, wid, CW_ARRAY_LEN(w));
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += wid[i];
	return total;
}

int draw_width(const char *s) { return draw_width_prefix(s, SIZE_MAX); }

int draw_text_from(int y, int x, int width, const char *s, int skip, attr_t attr, bool pad)
{
	char buf[4096];
	wchar_t w[2048], out[2048];
	int wid[2048];
	if (width <= 0)
		return 0;
	shown(s ? s : "", SIZE_MAX, buf, sizeof buf);
	size_t n = to_wide(buf, w, wid, CW_ARRAY_LEN(w));
	size_t o = 0;
	int col = 0, skipped = 0;
	for (size_t i = 0; i < n; i++) {
		if (skipped < skip) {
			skipped += wid[i];
			continue;
		}
		if (col + wid[i] > width)
			break;
		if (wid[i] == 0 && o == 0)
			continue; /* a combining mark with nothing to sit on */
		out[o++] = w[i];
		col += wid[i];
	}
	attrset(attr);
	if (o)
		mvaddnwstr(y, x, out, (int)o);
	else
		move(y, x);
	if (pad)
		for (int c = col; c < width; c++)
			mvaddch(y, x + c, ' ');
	attrset(A_NORMAL);
	return pad ? width : col;
}

int draw_text(int y, int x, int width, const char *s, attr_t attr, bool pad)
{
	return draw_text_from(y, x, width, s, 0, attr, pad);
}

void draw_text_right(int y, int x, int width, const char *s, attr_t attr)
{
	int w = draw_width(s);
	if (w > width)
		w = width;
	for (int c = 0; c < width - w; c++)
		mvaddch(y, x + c, ' ');
	draw_text(y, x + width - w, w, s, attr, false);
}

void draw_blank(int y, int x, int width)
{
	for (int c = 0; c < width; c++)
		mvaddch(y, x + c, ' ');
}
