/* action.h - every key the interface knows, as one table: the key
 * bindings, the footer and the `?` help screen are all generated from
 * it, so the help can never drift from what the keys do. */
#ifndef CW_TUI_ACTION_H
#define CW_TUI_ACTION_H

#include <stdbool.h>
#include <stddef.h>

/* A key as the interface sees it: a Unicode character (>= 0), or a
 * curses key code (KEY_DOWN ...) marked with TK_FN so the two ranges
 * cannot collide (KEY_DOWN is 0402, also U+0102). */
#define TK_FN 0x40000000
#define TK_CODE(k) ((int)(TK_FN | (k)))
#define TK_CTRL(c) ((c) & 0x1f)
#define TK_ESC 0x1b
#define TK_NONE (-1)
/* Pseudo keys made by the key script (tests). */
#define TK_DUMP ((int)(TK_FN | 0x0fff0001))

/* Where a key applies. */
enum act_ctx {
	CTX_LIST = 1 << 0,   /* caseload, panel queue, reviews due */
	CTX_CASE = 1 << 1,   /* a case, not editing */
	CTX_FORM = 1 << 2,   /* editing a form */
	CTX_TEXT = 1 << 3,   /* reading: history, notes, help, working */
	CTX_SEARCH = 1 << 4, /* typing a search */
	CTX_ALL = 0x1f,
};

enum act {
	ACT_NONE,
	ACT_UP,
	ACT_DOWN,
	ACT_PGUP,
	ACT_PGDN,
	ACT_HOME,
	ACT_END,
	ACT_OPEN,
	ACT_BACK,
	ACT_QUIT,
	ACT_HELP,
	ACT_SEARCH,
	ACT_SORT,
	ACT_FILTER,
	ACT_TEAM,
	ACT_PANEL_QUEUE,
	ACT_REVIEWS,
	ACT_CASELOAD,
	ACT_EDIT,
	ACT_SAVE,
	ACT_NEXT_FIELD,
	ACT_PREV_FIELD,
	ACT_HISTORY,
	ACT_NOTES,
	ACT_ADD_NOTE,
	ACT_WORKING,
	ACT_ADVANCE,
	ACT_RELOAD,
	ACT_ADD_LINE,
	ACT_ROLE,
	ACT_DONE,
	ACT_GUIDE,    /* the guidance panel */
	ACT_SIGN_OFF, /* a team manager signs off the assessment or the plan */
	ACT_ALLOCATE, /* a team manager allocates or reassigns the case */
	ACT_ACTIVITY, /* a team manager reads a worker's recent activity */
	ACT_GOTO,     /* open a case by its reference (break the glass) */
	ACT_NEW_CASE, /* open a new case for a person referred */
	ACT_PERSON,   /* the person's details on a case */
	ACT_COUNT,
};

struct action {
	enum act id;
	unsigned ctx;      /* enum act_ctx bits */
	int keys[4];       /* TK_NONE-terminated when fewer */
	const char *keyname; /* as shown: "Enter", "/", "^S" */
	const char *name;    /* short, for the footer: "open" */
	const char *help;    /* a sentence, for the ? screen */
	bool footer;         /* worth a place in the footer */
};

extern const struct action action_table[];
extern const size_t action_count;

/* The action bound to key in ctx, or ACT_NONE. */
enum act action_for_key(int key, unsigned ctx);

/* The footer for ctx ("Enter open  / search  ? help ..."), cut to fit
 * width columns (whole items only). Returns buf. `hide` is a mask of
 * actions (1u << act) not available here (a manager-only key ...). */
char *action_footer(unsigned ctx, unsigned long long hide, char *buf, size_t bufsize, int width);

/* One help line per action in ctx: "  Up, k        Move up one line."
 * with every key that reaches the action there; the text starts at
 * column ACTION_HELP_INDENT. */
#define ACTION_HELP_INDENT 15
/* The editing keys inside a field (the form widget's, not the table's),
 * for the ? screen of a form and the README. */
extern const char action_field_keys_help[];
size_t action_help_lines(unsigned ctx, unsigned long long hide, char lines[][128], size_t max);

/* Every key, grouped by where it applies, as Markdown tables (for the
 * README, which a test keeps equal to this). Returns the length written
 * (less than size; the text is cut if size is too small). */
size_t action_markdown(char *buf, size_t size);

#endif
