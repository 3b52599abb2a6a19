/* term.c - curses set-up, key input (keyboard or script), hang-up
 * signals and the plain-text screen dump. */
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/util.h"
#include "tui/action.h"
#include "tui/draw.h"
#include "tui/term.h"

#define TK_RESIZE_TAG 0x08000000
/* A scripted resize: rows in bits 12..23, columns in 0..11. */
#define TK_RESIZE(r, c) ((int)(TK_FN | TK_RESIZE_TAG | ((r) << 12) | (c)))

static SCREEN *screen;
static FILE *out_fp, *in_fp;
static volatile sig_atomic_t hangup_flag;
static int *script;
static size_t nscript, script_pos;
static bool scripted;
static int err_run;

static void on_signal(int sig)
{
	int saved = errno;
	(void)sig;
	hangup_flag = 1;
	errno = saved;
}

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{"Up", TK_CODE(KEY_UP)},       {"Down", TK_CODE(KEY_DOWN)},   {"Left", TK_CODE(KEY_LEFT)},
	{"Right", TK_CODE(KEY_RIGHT)}, {"PgUp", TK_CODE(KEY_PPAGE)},  {"PgDn", TK_CODE(KEY_NPAGE)},
	{"Home", TK_CODE(KEY_HOME)},   {"End", TK_CODE(KEY_END)},     {"Enter", '\r'},
	{"Esc", TK_ESC},               {"Tab", '\t'},                 {"BTab", TK_CODE(KEY_BTAB)},
	{"Bksp", TK_CODE(KEY_BACKSPACE)}, {"Del", TK_CODE(KEY_DC)},   {"Space", ' '},
	{"Dump", TK_DUMP},             {"Lt", '<'},                   {"Gt", '>'},
};

int term_key_named(const char *name)
{
	for (size_t i = 0; i < CW_ARRAY_LEN(key_names); i++)
		if (strcmp(key_names[i].name, name) == 0)
			return key_names[i].key;
	if (name[0] == 'C' && name[1] == '-' && name[2] && !name[3])
		return TK_CTRL(name[2]);
	int r, c;
	char tail;
	if (sscanf(name, "Resize:%dx%d%c", &c, &r, &tail) == 2 && r > 0 && r < 4096 && c > 0 && c < 4096)
		return TK_RESIZE(r, c);
	return TK_NONE;
}

static size_t utf8_next_cp(const unsigned char *p, int *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	int n = (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 1;
	int v = n == 2 ? p[0] & 0x1f : n == 3 ? p[0] & 0x0f : p[0] & 0x07;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = '?';
			return 1;
		}
		v = (v << 6) | (p[i] & 0x3f);
	}
	*cp = n == 1 ? '?' : v;
	return (size_t)n;
}

static void script_push(int key)
{
	if ((nscript & (nscript + 1)) == 0 || nscript == 0)
		script = xrealloc(script, (2 * nscript + 2) * sizeof *script);
	script[nscript++] = key;
}

/* "<Down> <Enter> some text <Dump>": tokens apart by white space; a
 * <Name> token is a key, anything else is typed character by character. */
static bool script_parse(const char *s, char *why, size_t whysize)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		if (*p == '#') { /* a comment to the end of the line */
			while (*p && *p != '\n')
				p++;
			continue;
		}
		const unsigned char *end = p;
		while (*end && *end != ' ' && *end != '\t' && *end != '\n' && *end != '\r')
			end++;
		/* text, with <Name> keys anywhere in it ("Jo<Space>Bloggs") */
		for (const unsigned char *q = p; q < end;) {
			if (*q == '<') {
				const unsigned char *gt = q + 1;
				while (gt < end && *gt != '>' && *gt != '<')
					gt++;
				if (gt < end && *gt == '>' && gt - q - 1 > 0 && gt - q - 1 < 64) {
					char name[64];
					memcpy(name, q + 1, (size_t)(gt - q - 1));
					name[gt - q - 1] = '\0';
					int k = term_key_named(name);
					if (k == TK_NONE) {
						snprintf(why, whysize, "CASEWORK_KEYS: no key named <%s>", name);
						return false;
					}
					script_push(k);
					q = gt + 1;
					continue;
				}
			}
			int cp;
			q += utf8_next_cp(q, &cp);
			script_push(cp);
		}
		p = end;
	}
	return true;
}

static bool script_load(char *why, size_t whysize)
{
	const char *keys = getenv("CASEWORK_KEYS");
	if (!keys)
		return true;
	scripted = true;
	FILE *fp = fopen(keys, "r");
	if (!fp)
		return script_parse(keys, why, whysize);
	char *text = NULL;
	size_t len = 0, cap = 0;
	int ch;
	while ((ch = fgetc(fp)) != EOF) {
		if (len + 2 > cap) {
			cap = cap ? cap * 2 : 4096;
			text = xrealloc(text, cap);
		}
		text[len++] = (char)ch;
	}
	fclose(fp);
	if (!text)
		return true;
	text[len] = '\0';
	bool ok = script_parse(text, why, whysize);
	free(text);
	return ok;
}

bool term_scripted(void) { return scripted; }

bool term_start(char *why, size_t whysize)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a blocking read returns so the loop sees the flag */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	hangup_flag = 0;
	err_run = 0;

	if (!script_load(why, whysize))
		return false;
	const char *outp = getenv("CASEWORK_SCREEN_OUT");
	if (outp && *outp) {
		out_fp = fopen(outp, "w");
		if (!out_fp) {
			snprintf(why, whysize, "CASEWORK_SCREEN_OUT: cannot write %s: %s", outp, strerror(errno));
			return false;
		}
	}
	if (scripted) {
		in_fp = fopen("/dev/null", "r");
		if (!in_fp) {
			snprintf(why, whysize, "cannot open /dev/null: %s", strerror(errno));
			return false;
		}
	}
	screen = newterm(NULL, out_fp ? out_fp : stdout, in_fp ? in_fp : stdin);
	if (!screen) {
		const char *t = getenv("TERM");
		snprintf(why, whysize, "cannot start the terminal (TERM=%s); set TERM to your terminal's type, "
			 "such as xterm-256color", t ? t : "unset");
		return false;
	}
	set_term(screen);
	set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	curs_set(0);
	draw_init();
	draw_init_colour();
	return true;
}

void term_stop(bool restore)
{
	if (screen) {
		if (restore)
			endwin();
		delscreen(screen);
		screen = NULL;
	}
	if (out_fp)
		fclose(out_fp);
	if (in_fp)
		fclose(in_fp);
	out_fp = in_fp = NULL;
	free(script);
	script = NULL;
	nscript = script_pos = 0;
	scripted = false;
}

enum term_input term_read(int *key, bool block)
{
	for (;;) {
		if (hangup_flag)
			return TERM_HANGUP;
		if (scripted) {
			if (script_pos >= nscript)
				return block ? TERM_HANGUP : TERM_NONE;
			int k = script[script_pos++];
			if ((k & TK_FN) && (k & TK_RESIZE_TAG) && k != TK_DUMP) {
				resizeterm((k >> 12) & 0xfff, k & 0xfff);
				k = TK_CODE(KEY_RESIZE);
			}
			*key = k;
			return TERM_KEY;
		}
		nodelay(stdscr, !block);
		wint_t wc;
		int r = wget_wch(stdscr, &wc);
		if (r == ERR) {
			if (hangup_flag)
				return TERM_HANGUP;
			if (!block)
				return TERM_NONE;
			/* A blocking read that fails again and again: the input has
			 * ended (the link dropped). Never spin on it. */
			if (++err_run >= 3)
				return TERM_HANGUP;
			continue;
		}
		err_run = 0;
		*key = r == KEY_CODE_YES ? TK_CODE((int)wc) : (int)wc;
		return TERM_KEY;
	}
}

static size_t utf8_put(wchar_t w, char *out)
{
	unsigned cp = (unsigned)w;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

void term_dump(void)
{
	const char *path = getenv("CASEWORK_DUMP");
	FILE *fp = path && *path ? fopen(path, "a") : stdout;
	if (!fp)
		return;
	int oy, ox;
	getyx(stdscr, oy, ox);
	/* Cell by cell (winnwstr drops a row holding a wide character at
	 * full width): a wide character's second cell is skipped. */
	char *line = xmalloc((size_t)COLS * 4 * (CCHARW_MAX + 1) + 2);
	for (int y = 0; y < LINES; y++) {
		size_t len = 0;
		for (int x = 0; x < COLS;) {
			cchar_t cc;
			wchar_t w[CCHARW_MAX + 1];
			attr_t at;
			short pair;
			if (mvwin_wch(stdscr, y, x, &cc) == ERR)
				break;
			if (getcchar(&cc, w, &at, &pair, NULL) == ERR || !w[0]) {
				line[len++] = ' ';
				x++;
				continue;
			}
			for (int k = 0; k < CCHARW_MAX && w[k]; k++)
				len += utf8_put(w[k], line + len);
			int cw = wcwidth(w[0]);
			x += cw > 1 ? cw : 1;
		}
		while (len && line[len - 1] == ' ')
			len--;
		line[len++] = '\n';
		fwrite(line, 1, len, fp);
	}
	free(line);
	move(oy, ox);
	if (fp != stdout)
		fclose(fp);
	else
		fflush(fp);
}
