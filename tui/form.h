/* form.h - the one form widget every stage's form is built on.
 *
 * A form is a table of fields. Each field has a kind (text, multi-line
 * text, date, money, quantity, whole number, choice, yes/no, yes/no/unset,
 * a picker for long lists) and is bound by offset to a field of struct
 * case_record, so a stage's form is data (tui/form_*.c), not code.
 *
 * The form holds what the user typed as text until it is applied:
 * validation happens as a field is left (core's money_parse, date_parse,
 * quantity_parse; the message says what is allowed), form_apply() parses
 * every field into a copy of the case and only writes it back when all
 * are valid. A form can be written out as text (form_serialize) for the
 * hang-up draft and read back (form_deserialize).
 *
 * The model part (load, check, apply, serialise) uses no curses and is
 * unit-tested; form_draw/form_key are the screen part. */
#ifndef CW_TUI_FORM_H
#define CW_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/case.h"
#include "core/policy.h"
#include "core/status.h"

enum form_kind {
	FK_TEXT,     /* char[size] */
	FK_LINES,    /* char[size], multi-line (Enter adds a line) */
	FK_DATE,     /* struct date */
	FK_MONEY,    /* int64_t pence */
	FK_QUANTITY, /* int64_t hundredths ("12.5" hours) */
	FK_NUMBER,   /* int, whole number */
	FK_CHOICE,   /* int (an enum), from choice_labels; a short list cycled in place */
	FK_PICK,     /* char[size] holding a key, from a long list: a picker opens */
	FK_YESNO,    /* bool */
	FK_TRI,      /* enum tri */
	FK_INFO,     /* no value: a line of text shown in the form (label only) */
};

#define FORM_NO_BIND ((size_t)-1)
#define FORM_VALUE_MAX 2048

struct form_choice {
	const char *key;   /* stored / serialised */
	const char *label; /* shown */
};

/* Fills out[0..max) with the choices of a FK_PICK field (or a FK_CHOICE
 * whose labels come from the policy); returns how many. */
typedef int (*form_choices_fn)(const struct policy *p, struct form_choice *out, int max);

struct form_field {
	const char *key;   /* unique in the form: the draft's key */
	const char *label; /* "Date of decision" */
	enum form_kind kind;
	size_t offset;     /* in struct case_record, or FORM_NO_BIND */
	size_t size;       /* FK_TEXT, FK_LINES, FK_PICK: the buffer size */
	/* FK_CHOICE: labels indexed by the enum value; first..n-1 offered.
	 * An empty value means "not chosen" and stores `first - 1` (or 0;
	 * or `min` when first is 0 and min is negative, as -1 for "none"). */
	const char *const *choice_labels;
	int nchoices;
	int first;
	form_choices_fn choices; /* FK_PICK (and FK_CHOICE if labels are NULL) */
	size_t set_offset;       /* a bool in the case set true when a value is given, or FORM_NO_BIND */
	bool required;           /* must not be left empty on save */
	int64_t min, max;        /* FK_NUMBER bounds; FK_MONEY upper bound when max > 0; FK_CHOICE: see above;
	                          * FK_DATE: max > 0 for the day something happened, not after today */
	const char *help;        /* shown on the message line while on the field */
};

#define FORM_MSG_MAX 512

struct form {
	const char *name;          /* draft name: "decision" ... */
	const char *title;         /* "Decision-making" */
	struct form_field *fields; /* owned copy */
	int n;
	char **val;                /* owned: the text as typed */
	char **orig;               /* owned: the text as loaded / last saved */
	const struct policy *policy;
	int cur;                   /* focused field */
	size_t cursor;             /* byte offset in val[cur] */
	int top;                   /* first row shown */
	bool readonly;
	char msg[FORM_MSG_MAX];    /* the last validation message, or "" */
	int msg_field;             /* the field msg is about, -1 none */
	/* A list that depends on what is typed in the form (the providers
	 * offering a plan line's category): the choices of field i, or -1
	 * to use the field's own. NULL: none. Set after form_init. */
	int (*choices_ex)(const struct form *f, int i, struct form_choice *out, int max);
	/* Called after a value is picked from a FK_PICK list (it may fill
	 * other fields from it). NULL: none. */
	void (*on_pick)(struct form *f, int i);
	/* A check of its own for field i's text (given, trimmed), after the
	 * kind's: a date of birth not in the future, a name core accepts.
	 * CW_OK or CW_ERR_INVALID with the message. NULL: none. */
	enum cw_status (*check_ex)(const struct form *f, int i, const char *text, struct cw_error *err);
	/* picker state (FK_PICK / long FK_CHOICE) */
	bool picking;
	int pick_sel;
	int pick_top;
	char pick_filter[64];
};

void form_init(struct form *f, const char *name, const char *title, const struct form_field *defs, int n,
	       const struct policy *p);
void form_free(struct form *f);

/* Fills the text of every bound field from c; marks the form saved. */
void form_load(struct form *f, const struct case_record *c);

/* The text of a field as it would be shown for the stored value. */
void form_field_text(const struct form *f, int i, const struct case_record *c, char *buf, size_t size);

/* Checks one field's text. CW_OK or CW_ERR_INVALID with a message naming
 * the field and what is allowed. */
enum cw_status form_check(const struct form *f, int i, struct cw_error *err);

/* Parses every field into c. All or nothing: on any error c is as it
 * was, f->cur moves to the bad field, and err says what is wrong. With
 * `for_save` a required field left empty is an error too. */
enum cw_status form_apply(struct form *f, struct case_record *c, bool for_save, struct cw_error *err);

bool form_dirty(const struct form *f);
bool form_field_dirty(const struct form *f, int i);
void form_mark_saved(struct form *f); /* orig := val */
void form_set(struct form *f, int i, const char *text);
/* Puts the focus on field i, the cursor at the end of its text (no
 * check of the field left: for moves the program makes, not the user). */
void form_focus(struct form *f, int i);
int form_find(const struct form *f, const char *key);

/* "key=value\n" per field, with "\\" and "\n" escaped. Owned. */
char *form_serialize(const struct form *f);
/* Sets the fields named in data (unknown keys are ignored: the form may
 * have changed since). The form stays marked as changed. */
enum cw_status form_deserialize(struct form *f, const char *data, struct cw_error *err);

/* The label of choice value v of field i ("" when unset). */
const char *form_choice_label(const struct form *f, int i, const char *key, char *buf, size_t size);

/* ---- screen part (curses) ---- */

enum form_event {
	FORM_IGNORED,  /* not a form key: the caller may act on it */
	FORM_HANDLED,
	FORM_MOVED,    /* focus moved to another field */
	FORM_REFUSED,  /* could not leave the field: f->msg says why */
};

/* Handles a key (see tui/action.h for the encoding). */
enum form_event form_key(struct form *f, int key, int page_rows);

/* Draws rows [top, top+height) of the screen with the form, and places
 * the cursor when editing. label_width 0 picks one. */
void form_draw(struct form *f, int top, int height, int width, bool editing);

#endif
