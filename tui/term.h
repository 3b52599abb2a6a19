/* term.h - the terminal: start and stop curses, read keys (from the
 * keyboard or, for tests, from a key script), hang-up signals, and
 * writing the screen out as plain text.
 *
 * Environment (tests):
 *   CASEWORK_SCREEN_OUT=FILE  curses writes there (e.g. /dev/null), not the tty
 *   CASEWORK_KEYS=FILE|SCRIPT keys from a script: <Down> <Enter> text <Esc> ...
 *                             <Dump> writes the screen; the end of the
 *                             script is the end of input (like a hang-up)
 *   CASEWORK_DUMP=FILE        where <Dump> appends the screen (default stdout)
 */
#ifndef CW_TUI_TERM_H
#define CW_TUI_TERM_H

#include <stdbool.h>
#include <stdio.h>

#define TERM_MIN_COLS 80
#define TERM_MIN_ROWS 24

/* false (message in why) if the terminal cannot be started. */
bool term_start(char *why, size_t whysize);
/* Restores the terminal (not on the hang-up path: the tty is gone). */
void term_stop(bool restore);

enum term_input {
	TERM_KEY,    /* *key is a key (tui/action.h encoding) */
	TERM_NONE,   /* nothing queued (only when not blocking) */
	TERM_HANGUP, /* SIGHUP/SIGTERM, or the input ended */
};

/* Blocks for a key when `block`; otherwise returns TERM_NONE when no
 * key is queued. Never polls on a timer. */
enum term_input term_read(int *key, bool block);

/* true when keys come from a script (tests). */
bool term_scripted(void);

/* Writes the screen (stdscr) as plain text to CASEWORK_DUMP. */
void term_dump(void);

/* Keys a script token names ("<Down>" -> KEY_DOWN); TK_NONE if none. */
int term_key_named(const char *name);

#endif
