/* tui.c - the screens: caseload (and the panel queue, reviews due), the
 * case screen with its stage form, history and notes, help; one event
 * loop that drains queued keys before one redraw; the hang-up path.
 *
 * Redrawing: every batch of keys repaints stdscr with erase() and the
 * draw functions, then one doupdate(); curses sends only the cells that
 * changed, so moving a line costs a few dozen bytes and nothing at all
 * is written while idle (the loop blocks in read, no timers). */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/access.h"
#include "core/act.h"
#include "core/carer.h"
#include "core/date.h"
#include "core/money.h"
#include "core/person.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/util.h"
#include "core/workflow.h"
#include "tui/action.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/guide.h"
#include "tui/stage_forms.h"
#include "tui/term.h"
#include "tui/tui.h"

/* Until the store is on main, its entry points are referenced weakly
 * (as cli/commands.c does): tui_run says plainly when it is missing.
 * Once core/store_sqlite.c has landed these are ordinary references. */
#pragma weak store_caseload
#pragma weak caseload_free
#pragma weak store_case_load
#pragma weak store_case_save
#pragma weak store_case_opened
#pragma weak store_history
#pragma weak audit_list_free
#pragma weak store_notes
#pragma weak store_note_add
#pragma weak note_list_free
#pragma weak store_draft_save
#pragma weak store_draft_load
#pragma weak store_draft_delete
#pragma weak store_drafts_for

enum list_kind { LIST_CASELOAD, LIST_PANEL, LIST_REVIEWS };
enum confirm_kind {
	CONF_NONE, CONF_LEAVE_CASE, CONF_RELOAD, CONF_DRAFT, CONF_QUIT, CONF_DROP_NOTE,
	CONF_DROP_NEW,      /* Esc on the new-case form with something typed */
	CONF_DUPLICATE,     /* the person has an open case already: a second one? */
	CONF_DROP_PERSON,   /* leave the person's details with changes unsaved */
	CONF_OTHER_MOVES,   /* the linked carer (or person cared for) lived with them: moves too? */
	CONF_FAMILY_STILL,  /* a family member paid as PA: still of the same household? */
};
/* A line typed on the message row: a case reference, the reason for
 * breaking the glass, the worker to allocate to. */
enum prompt_kind { PROMPT_NONE, PROMPT_GOTO, PROMPT_GLASS, PROMPT_ALLOCATE };

#define TEXT_TITLE_MAX 128
#define MSG_MAX 600

struct text_view {
	bool on;
	char title[TEXT_TITLE_MAX];
	char **lines;
	size_t n, top;
	unsigned from_ctx; /* for help: the context it describes */
};

struct app {
	const struct tui_context *ctx;
	struct staff_member me; /* a copy: training can switch role */
	struct date today;

	enum list_kind list;
	bool team_view;
	int stage_filter; /* -1 all */
	enum caseload_sort sort;
	struct caseload cl;
	size_t *vis;
	size_t nvis, sel, top;
	bool searching;
	char search[64];

	struct case_record *c; /* the open case, or NULL */
	const struct stage_form_ops *ops;
	struct form form;
	bool form_on;
	bool editing;
	bool noting;
	struct form note;

	bool person_on; /* the case shows the person's details, not the stage's form */
	struct act_move_answers answers; /* to the questions of a person save so far */

	bool creating;  /* the new-case form is open (no case yet) */
	struct form newf;
	int64_t dup_first; /* the person's open case, when asked about a second */

	struct text_view text;
	bool guide_on; /* the text view is the guidance panel */
	char glass[CASE_TEXT_MAX]; /* why this case of another team was opened, or "" */
	char readonly_why[CW_ERRMSG_MAX]; /* core's words for why the form is read-only */

	enum prompt_kind prompt;
	char prompt_q[MSG_MAX];
	char prompt_in[512];
	int64_t prompt_case;

	enum confirm_kind confirm;
	char confirm_q[MSG_MAX];
	int64_t draft_case;
	char draft_form[64]; /* the form of the draft offered at start-up */

	char msg[MSG_MAX];
	bool msg_error;
	bool quit;
};

/* ---- small helpers ---- */

static void say(struct app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

static void ask(struct app *a, enum confirm_kind k, const char *q);
static void help_for(struct app *a, unsigned ctx);

static bool too_small(void) { return LINES < TERM_MIN_ROWS || COLS < TERM_MIN_COLS; }

static void clock_text(int64_t at, char *buf, size_t size)
{
	time_t t = (time_t)at;
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, size, "?");
}

static unsigned current_ctx(const struct app *a)
{
	if (a->text.on)
		return CTX_TEXT;
	if (a->creating)
		return CTX_FORM;
	if (a->c)
		return a->editing || a->noting ? CTX_FORM : CTX_CASE;
	return a->searching ? CTX_SEARCH : CTX_LIST;
}

static unsigned long long hidden_actions(const struct app *a)
{
	unsigned long long h = 0;
	if (a->me.role != ROLE_TEAM_MANAGER && a->me.role != ROLE_FINANCE_OFFICER)
		h |= 1ull << ACT_TEAM;
	if (!a->ctx->training)
		h |= 1ull << ACT_ROLE;
	if (!access_role_may(a->me.role, ACCESS_VIEW_PANEL_QUEUE))
		h |= 1ull << ACT_PANEL_QUEUE;
	if (a->creating || (a->c && (a->c->stage != STAGE_PLANNING || a->person_on)))
		h |= 1ull << ACT_ADD_LINE;
	if (!access_role_may(a->me.role, ACCESS_CREATE_CASE))
		h |= 1ull << ACT_NEW_CASE;
	if (!access_role_may(a->me.role, ACCESS_SIGN_OFF_ASSESSMENT) ||
	    (a->c && a->c->stage != STAGE_ASSESSMENT && a->c->stage != STAGE_PLANNING))
		h |= 1ull << ACT_SIGN_OFF;
	if (!access_role_may(a->me.role, ACCESS_REASSIGN))
		h |= 1ull << ACT_ALLOCATE;
	if (!access_role_may(a->me.role, ACCESS_VIEW_WORKER_ACTIVITY))
		h |= 1ull << ACT_ACTIVITY;
	if (!a->c) /* a note belongs to a case: not offered over the list's help */
		h |= 1ull << ACT_ADD_NOTE;
	if (a->c && a->form_on && a->form.readonly) /* core would refuse them: not offered */
		h |= 1ull << ACT_EDIT | 1ull << ACT_SAVE | 1ull << ACT_ADVANCE;
	return h;
}

/* ---- text views ---- */

static void text_free(struct text_view *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->lines[i]);
	free(t->lines);
	memset(t, 0, sizeof *t);
}

static void text_push(struct text_view *t, const char *p, size_t len, int indent)
{
	char *line = xmalloc((size_t)indent + len + 1);
	memset(line, ' ', (size_t)indent);
	memcpy(line + indent, p, len);
	line[indent + len] = '\0';
	t->lines = xrealloc(t->lines, (t->n + 1) * sizeof *t->lines);
	t->lines[t->n++] = line;
}

/* Which guidance a text view shows (see text_open). */
static void guide_close(struct app *a)
{
	a->guide_on = false;
}

/* One entry per line of s, long lines wrapped at a space to the screen's
 * width (measured as shown, so wide characters count twice); wrapped
 * parts start `indent` columns in (the help's second column). */
static void text_add_hanging(struct text_view *t, const char *s, int indent)
{
	const char *p = s;
	int width = COLS > 10 ? COLS : 80;
	if (indent > width / 2)
		indent = 0;
	do {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		const char *q = line;
		int in = 0, w = width;
		while (draw_width(q) > w) {
			size_t cut = 0, sp = 0;
			for (size_t i = 1; q[i]; i++) {
				if (((unsigned char)q[i] & 0xc0) == 0x80)
					continue;
				if (draw_width_prefix(q, i) > w)
					break;
				cut = i;
				if (q[i] == ' ')
					sp = i;
			}
			if (sp > (size_t)w / 3)
				cut = sp;
			if (cut == 0)
				break;
			text_push(t, q, cut, in);
			q += cut;
			while (*q == ' ')
				q++;
			in = indent;
			w = width - indent;
		}
		text_push(t, q, strlen(q), in);
		free(line);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

static void text_add(struct text_view *t, const char *s) { text_add_hanging(t, s, 0); }

static void text_open(struct app *a, const char *title)
{
	text_free(&a->text);
	guide_close(a);
	a->text.on = true;
	cw_strlcpy(a->text.title, title, sizeof a->text.title);
	a->msg[0] = '\0';
}

/* ---- the caseload ---- */

static void list_filter(struct app *a)
{
	free(a->vis);
	a->vis = xcalloc(a->cl.n ? a->cl.n : 1, sizeof *a->vis);
	a->nvis = 0;
	for (size_t i = 0; i < a->cl.n; i++) {
		const struct caseload_row *r = &a->cl.rows[i];
		if (a->search[0] && !cw_contains_ci(r->name, a->search) && !cw_contains_ci(r->ref, a->search))
			continue;
		if (a->list == LIST_REVIEWS) {
			enum due_state d1 = rules_due_state(r->review_due, a->today, a->ctx->policy, NULL);
			enum due_state d2 = rules_due_state(r->audit_due, a->today, a->ctx->policy, NULL);
			if (d1 < DUE_SOON && d2 < DUE_SOON)
				continue;
		}
		a->vis[a->nvis++] = i;
	}
	if (a->sel >= a->nvis)
		a->sel = a->nvis ? a->nvis - 1 : 0;
}

/* The caseload a finance officer sees first (t shows every open case). */
static bool finance_work(const struct app *a)
{
	return a->me.role == ROLE_FINANCE_OFFICER && !a->team_view;
}

static void list_load(struct app *a)
{
	struct caseload_query q = {0};
	struct cw_error err = {0};
	q.stage = a->stage_filter;
	q.open_only = true;
	q.sort = a->sort;
	if (a->list == LIST_PANEL)
		q.panel_queue = true;
	else if (a->list == LIST_REVIEWS)
		q.stage = STAGE_REVIEW;
	else if (finance_work(a)) {
		/* a finance officer's caseload is the finance team's work: the
		 * financial assessments waiting, the audits due soon or overdue */
		q.finance_work = true;
		q.audit_due_by = date_add_days(a->today, a->ctx->policy->review.due_soon_days);
	}
	caseload_free(&a->cl);
	/* who sees which cases is core's to say (core/access.h) */
	if (act_caseload(a->ctx->store, &a->me, a->team_view, &q, &a->cl, &err) != CW_OK)
		say(a, true, err.status == CW_ERR_DENIED ? "%s" : "Could not read the caseload: %s", err.msg);
	list_filter(a);
}

static const char *const sort_names[] = {"due date", "name", "reference", "stage", "weekly budget"};

static int list_rows(void) { return LINES - 6; }

static void draw_list(struct app *a)
{
	char line[512], m[MONEY_BUF], d[DATE_BUF];
	const char *title = a->list == LIST_PANEL ? "Panel queue"
			    : a->list == LIST_REVIEWS ? "Reviews due"
			    : finance_work(a) ? "Finance work"
			    : a->me.role == ROLE_FINANCE_OFFICER ? "All open cases"
			    : a->team_view ? "Team caseload" : "My caseload";
	snprintf(line, sizeof line, "%s: %zu case%s; sorted by %s; stage: %s%s%s", title, a->nvis,
		 a->nvis == 1 ? "" : "s", sort_names[a->sort],
		 a->stage_filter < 0 ? "all" : tui_stage_short[a->stage_filter], a->search[0] ? "; search: " : "",
		 a->search);
	draw_text(1, 0, COLS, line, A_BOLD, true);

	/* columns: marker(2) ref(9) name(*) stage(11) next(*) due(11) weekly(10) */
	int extra = COLS - 80;
	int wname = 17 + extra / 2, wnext = 20 + (extra - extra / 2);
	int xref = 2, xname = 11, xstage = xname + wname + 1, xnext = xstage + 11, xdue = xnext + wnext + 1,
	    xweekly = xdue + 11;
	bool reviews = a->list == LIST_REVIEWS;
	draw_text(2, 0, COLS, "", A_NORMAL, true);
	draw_text(2, xref, 9, "Ref", A_UNDERLINE, false);
	draw_text(2, xname, wname, "Name", A_UNDERLINE, false);
	draw_text(2, xstage, 10, "Stage", A_UNDERLINE, false);
	draw_text(2, xnext, wnext, reviews ? "Review/audit" : "Next action", A_UNDERLINE, false);
	draw_text(2, xdue, 10, "Due", A_UNDERLINE, false);
	draw_text_right(2, xweekly, COLS - xweekly, "Weekly", A_UNDERLINE);

	int rows = list_rows();
	if (a->sel < a->top)
		a->top = a->sel;
	if (a->sel >= a->top + (size_t)rows)
		a->top = a->sel - (size_t)rows + 1;
	for (int r = 0; r < rows; r++) {
		size_t k = a->top + (size_t)r;
		int y = 3 + r;
		if (k >= a->nvis) {
			if (k == 0 && r == 0)
				draw_text(y, 2, COLS - 2, a->search[0] ? "No case matches the search." : "No cases here.",
					  A_NORMAL, true);
			else
				draw_blank(y, 0, COLS);
			continue;
		}
		const struct caseload_row *row = &a->cl.rows[a->vis[k]];
		bool sel = k == a->sel;
		struct date due = row->due;
		const char *next = row->next_action;
		char nextbuf[64];
		if (reviews) {
			bool audit_first = date_compare(row->audit_due, row->review_due) < 0;
			due = audit_first ? row->audit_due : row->review_due;
			enum due_state ds = rules_due_state(due, a->today, a->ctx->policy, NULL);
			snprintf(nextbuf, sizeof nextbuf, "%s %s", audit_first ? "audit" : "review", due_state_labels[ds]);
			next = nextbuf;
		}
		bool overdue = date_is_set(due) && date_compare(due, a->today) < 0;
		/* The selection is one reversed cell: moving it a line costs a
		 * few dozen bytes, where a full-width bar costs hundreds. */
		draw_text(y, 0, 1, sel ? ">" : " ", sel ? A_REVERSE : A_NORMAL, true);
		draw_text(y, 1, 1, overdue ? "!" : " ", A_NORMAL, true);
		draw_text(y, xref, 9, row->ref, A_NORMAL, true);
		draw_text(y, xname, wname, row->name, A_NORMAL, true);
		draw_blank(y, xname + wname, 1);
		draw_text(y, xstage, 11, tui_stage_short[row->stage < STAGE_COUNT ? row->stage : 0], A_NORMAL, true);
		draw_text(y, xnext, wnext, next, A_NORMAL, true);
		draw_blank(y, xnext + wnext, 1);
		draw_text(y, xdue, 11, date_is_set(due) ? date_format(due, d, sizeof d) : "", overdue ? draw_attr_overdue() : A_NORMAL, true);
		draw_text_right(y, xweekly, COLS - xweekly, row->weekly ? money_format(row->weekly, MONEY_GROUP, m, sizeof m) : "", A_NORMAL);
	}
}

/* ---- the case ---- */

static void form_close(struct app *a)
{
	if (a->form_on)
		form_free(&a->form);
	a->form_on = false;
	a->editing = false;
	a->person_on = false;
}

static void form_open(struct app *a)
{
	struct cw_error err = {0};
	form_close(a);
	a->ops = stage_form_for(a->c->stage);
	if (!a->ops)
		return;
	a->ops->build(&a->form, a->c, a->ctx->policy);
	a->form_on = true;
	enum access_action act = a->ops->edit_action;
	if (a->c->stage == STAGE_PANEL && a->me.role == ROLE_PANEL_MEMBER)
		act = ACCESS_RECORD_PANEL_DECISION;
	/* the finance team's part of the assessment and of a review; saving
	 * any other field is refused by core (access_check_change) */
	if (a->c->stage == STAGE_ASSESSMENT && a->me.role == ROLE_FINANCE_OFFICER)
		act = ACCESS_EDIT_FINANCIAL;
	if (a->c->stage == STAGE_REVIEW && a->me.role == ROLE_FINANCE_OFFICER)
		act = ACCESS_RECORD_DP_AUDIT;
	a->form.readonly = access_check(&a->me, act, a->c->team, a->ctx->policy, &err) != CW_OK;
	cw_strlcpy(a->readonly_why, a->form.readonly ? err.msg : "", sizeof a->readonly_why);
}

/* The person's details in place of the stage's form: read-only for
 * those core does not let change them (saying who may), on a case of
 * another team opened by breaking the glass, and on a closed case. */
static void person_open(struct app *a)
{
	struct cw_error err = {0};
	form_close(a);
	a->ops = &form_person_ops;
	a->ops->build(&a->form, a->c, a->ctx->policy);
	a->form_on = true;
	a->person_on = true;
	a->answers = (struct act_move_answers){TRI_UNSET, TRI_UNSET};
	bool ro = access_check(&a->me, ACCESS_EDIT_PERSON, a->c->team, a->ctx->policy, &err) != CW_OK;
	if (!ro && a->c->stage == STAGE_CLOSED) {
		ro = true;
		snprintf(err.msg, sizeof err.msg, "%s is closed; the record of a closed case stays as it was.", a->c->ref);
	}
	a->form.readonly = ro;
	cw_strlcpy(a->readonly_why, ro ? err.msg : "", sizeof a->readonly_why);
}

static void case_close(struct app *a)
{
	form_close(a);
	if (a->noting)
		form_free(&a->note);
	a->noting = false;
	free(a->c);
	a->c = NULL;
	a->glass[0] = '\0';
	text_free(&a->text);
	guide_close(a);
}

static const struct form_field note_field[] = {
	{"text", "Note", FK_LINES, FORM_NO_BIND, 4000, NULL, 0, 0, NULL, FORM_NO_BIND, true, 0, 0,
	 "Type the note; Enter starts a new line; ^S saves it; Esc cancels."},
};

/* What the hang-up kept for this case: the stage form's changes, and a
 * case note being written (back in the note editor). */
static void draft_restore(struct app *a)
{
	char *data = NULL;
	int64_t at = 0;
	struct cw_error err = {0};
	char when[32];
	/* the person's details being corrected: back in that form */
	if (a->form_on && !a->glass[0] &&
	    store_draft_load(a->ctx->store, a->c->id, a->me.login, "person", &data, &at, &err) == CW_OK && data) {
		clock_text(at, when, sizeof when);
		person_open(a);
		if (!a->form.readonly && form_deserialize(&a->form, data, &err) == CW_OK)
			say(a, false, "Your unsaved changes to the person's details from %s are back (marked *): ^S saves "
			    "them, Esc drops them.", when);
		else
			form_open(a);
		free(data);
		data = NULL;
	} else if (a->form_on &&
		   store_draft_load(a->ctx->store, a->c->id, a->me.login, a->form.name, &data, &at, &err) == CW_OK &&
		   data) {
		clock_text(at, when, sizeof when);
		if (form_deserialize(&a->form, data, &err) == CW_OK)
			say(a, false, "Your unsaved changes from %s are back (marked *): ^S saves them, r drops them.", when);
		free(data);
		data = NULL;
	}
	if (store_draft_load(a->ctx->store, a->c->id, a->me.login, "note", &data, &at, &err) != CW_OK || !data)
		return;
	if (access_check(&a->me, ACCESS_ADD_NOTE, a->c->team, a->ctx->policy, &err) == CW_OK) {
		form_init(&a->note, "note", "New case note", note_field, 1, a->ctx->policy);
		if (form_deserialize(&a->note, data, &err) == CW_OK) {
			a->noting = true;
			clock_text(at, when, sizeof when);
			if (a->msg[0])
				say(a, false, "Your unsaved changes and the note you were writing (from %s) are back: ^S saves "
				    "the note, Esc drops it; then ^S saves the form.", when);
			else
				say(a, false, "The note you were writing at %s is back: ^S saves it, Esc drops it.", when);
		} else {
			form_free(&a->note);
		}
	}
	free(data);
}

static void prompt_start(struct app *a, enum prompt_kind k, const char *q)
{
	a->prompt = k;
	a->prompt_in[0] = '\0';
	cw_strlcpy(a->prompt_q, q, sizeof a->prompt_q);
}

/* Opens a case (core checks the role and the team, and records the
 * opening); another team's case, where the policy allows it, asks for
 * the reason and opens read-only with the reason on the record. */
static void case_open_as(struct app *a, int64_t id, const char *reason)
{
	struct cw_error err = {0};
	struct case_record *c = xmalloc(sizeof *c);
	if (act_open(a->ctx->store, &a->me, a->ctx->policy, id, reason, c, &err) != CW_OK) {
		free(c);
		char team[CASE_TEAM_MAX * 2], q[MSG_MAX], ref[CASE_REF_MAX];
		if (err.status == CW_ERR_DENIED && !reason &&
		    act_glass_would_open(a->ctx->store, &a->me, a->ctx->policy, id, team, sizeof team)) {
			a->prompt_case = id;
			case_ref_format(id, ref, sizeof ref);
			snprintf(q, sizeof q, "%s is %s's: why do you need it? (recorded; Esc cancels)", ref, team);
			prompt_start(a, PROMPT_GLASS, q);
			return;
		}
		say(a, true, err.status == CW_ERR_DENIED || err.status == CW_ERR_INVALID ? "%s"
			     : "Could not open the case: %s", err.msg);
		return;
	}
	case_close(a);
	a->c = c;
	a->msg[0] = '\0';
	if (reason && strcmp(c->team, a->me.team) != 0)
		cw_strlcpy(a->glass, reason, sizeof a->glass);
	form_open(a);
	draft_restore(a);
	if (a->glass[0])
		say(a, false, "You broke the glass: %s of %s, read-only; your reason is on its record.", c->ref,
		    c->team);
}

static void case_open(struct app *a, int64_t id)
{
	case_open_as(a, id, NULL);
}

static bool case_dirty(const struct app *a)
{
	return (a->form_on && form_dirty(&a->form)) || (a->noting && a->note.val[0][0]);
}

/* A carer's assessment asked for in the saved assessment: the carer's
 * own case, linked to this one (core/carer.h). */
static void carer_open(struct app *a)
{
	struct cw_error err = {0};
	struct case_record *carer = xmalloc(sizeof *carer);
	if (access_check(&a->me, ACCESS_CREATE_CASE, a->c->team, a->ctx->policy, &err) == CW_OK &&
	    carer_case_open(a->ctx->store, a->c, a->me.login, a->today, carer, &err) == CW_OK) {
		char key[64];
		bool ed = a->editing;
		cw_strlcpy(key, a->form.fields[a->form.cur].key, sizeof key);
		form_open(a); /* the carer's fields give way to the link */
		int cur = form_find(&a->form, key);
		if (cur >= 0) {
			a->form.cur = cur;
			a->form.cursor = strlen(a->form.val[cur]);
		}
		a->editing = ed;
		say(a, false, "Saved. A carer's case %s is open for %s (at decision-making), linked to this one.",
		    carer->ref, carer->person.name);
	} else {
		say(a, true, "Saved, but the carer's case was not opened: %s", err.msg);
	}
	free(carer);
}

/* What a save of the person's details did besides, in words. */
static void person_saved_say(struct app *a, const struct act_move *d, unsigned voided)
{
	char name[96], other[128], more[MSG_MAX] = "";
	size_t len = 0;
	cw_sanitize(name, sizeof name, d->other_name);
	snprintf(other, sizeof other, "%s (%s)", name, d->other_ref[0] ? d->other_ref : "the carer");
	if (d->did_move_other)
		len += (size_t)snprintf(more + len, sizeof more - len, " %s moved with them.", other);
	else if (d->did_set_apart)
		len += (size_t)snprintf(more + len, sizeof more - len, " Recorded that %s no longer lives with them.",
				       other);
	else if (d->did_set_together)
		len += (size_t)snprintf(more + len, sizeof more - len, " Recorded that %s lives with them.", other);
	if (d->did_clear_family && len < sizeof more)
		len += (size_t)snprintf(more + len, sizeof more - len,
				       " The plan no longer pays a family member of the same household.");
	if (voided && len < sizeof more)
		snprintf(more + len, sizeof more - len, " The %s changed after it was signed off: a team manager must sign "
			 "it off again.", voided & ACT_VOIDED_ASSESSMENT ? "assessment" : "plan");
	say(a, false, "Saved: the person's details.%s", more);
}

/* A field's name for a message: "line 3 Category" for a plan line's. */
static void field_name(const struct form *f, int i, char *buf, size_t size)
{
	int line = 0;
	if (sscanf(f->fields[i].key, "line.%2d.", &line) == 1 && line > 0)
		snprintf(buf, size, "line %d %s", line, f->fields[i].label);
	else
		cw_strlcpy(buf, f->fields[i].label, size);
}

static void list_add(char *list, size_t size, const char *name)
{
	size_t len = strlen(list);
	if (len + 4 >= size)
		return;
	snprintf(list + len, size - len, "%s%s", len ? ", " : "", name);
}

/* Another session saved this case after it was opened here, so the save
 * was refused (stale_msg: "changed by X at HH:MM"). Take the newer
 * version and put the user's changes, and only those, on top of it: the
 * form is built again on the newer record (so a review's new entry goes
 * into the newer record's next slot, a plan line the other session added
 * stays), each field the user changed gets what they typed, and the
 * fields the other session changed too are named, so that they look
 * before ^S saves theirs over them. Fields nobody here touched take the
 * other session's values: a second ^S cannot undo the other's save. */
static void form_rebase(struct app *a, const char *stale_msg)
{
	struct case_record *fresh = xmalloc(sizeof *fresh);
	struct cw_error e2 = {0};
	if (store_case_load(a->ctx->store, a->c->id, fresh, &e2) != CW_OK) {
		free(fresh);
		say(a, true, "Not saved: %s; the newer version could not be read (%s). What you typed is still in the form.",
		    stale_msg, e2.msg);
		return;
	}
	/* what the user changed: the field's key, name, text as typed and as loaded */
	struct form *f = &a->form;
	struct typed {
		const char *key; /* static strings: they outlive the form */
		char name[128];
		char *mine, *was;
	} *t = xcalloc((size_t)f->n + 1, sizeof *t);
	int nd = 0;
	for (int i = 0; i < f->n; i++) {
		if (f->fields[i].kind == FK_INFO || !form_field_dirty(f, i))
			continue;
		t[nd].key = f->fields[i].key;
		field_name(f, i, t[nd].name, sizeof t[nd].name);
		t[nd].mine = xstrdup(f->val[i]);
		t[nd].was = xstrdup(f->orig[i]);
		nd++;
	}
	bool person = a->person_on, moved = !person && fresh->stage != a->c->stage;
	int cur = f->cur;
	bool ed = a->editing;
	if (moved) { /* the form is not the case's any more: keep it as its draft */
		char *data = form_serialize(f);
		store_draft_save(a->ctx->store, a->c->id, a->me.login, f->name, data, &e2);
		free(data);
	}
	memcpy(a->c, fresh, sizeof *fresh);
	free(fresh);
	if (person)
		person_open(a);
	else
		form_open(a);
	if (moved) {
		char title[160];
		snprintf(title, sizeof title, "Not saved: the case moved on to %s. What you typed (Esc to go back):",
			 tui_stage_short[a->c->stage]);
		text_open(a, title);
		text_add(&a->text, stale_msg);
		text_add(&a->text, "");
		for (int k = 0; k < nd; k++) {
			char line[FORM_VALUE_MAX + 160], shown[FORM_VALUE_MAX];
			cw_sanitize(shown, sizeof shown, t[k].mine);
			snprintf(line, sizeof line, "%s: %s", t[k].name, shown);
			text_add_hanging(&a->text, line, 2);
		}
		text_add(&a->text, "");
		text_add(&a->text, "It is kept as a draft of that form; type it again where it belongs now.");
	} else {
		char clash[MSG_MAX] = "", lost[MSG_MAX] = "";
		for (int k = 0; k < nd; k++) {
			int i = form_find(&a->form, t[k].key);
			if (i < 0) {
				list_add(lost, sizeof lost, t[k].name);
				continue;
			}
			if (strcmp(a->form.val[i], t[k].was) != 0 && strcmp(a->form.val[i], t[k].mine) != 0)
				list_add(clash, sizeof clash, t[k].name);
			form_set(&a->form, i, t[k].mine);
		}
		if (cur >= 0 && cur < a->form.n)
			form_focus(&a->form, cur);
		a->editing = ed && !a->form.readonly;
		if (a->form.readonly)
			say(a, true, "Not saved: %s, and now you cannot change this form: %s", stale_msg, a->readonly_why);
		else if (clash[0])
			say(a, true, "Not saved: %s. What you typed is kept, on their version. They changed %s too: "
				     "check, then ^S saves yours; r drops yours.", stale_msg, clash);
		else
			say(a, true, "Not saved: %s. What you typed is kept, on their version (what else they changed "
				     "stays): ^S saves yours; r drops yours.%s%s", stale_msg, lost[0] ? " No longer in the form: " : "",
			    lost);
	}
	for (int k = 0; k < nd; k++) {
		free(t[k].mine);
		free(t[k].was);
	}
	free(t);
}

/* Saves the person's details (core checks them and who may, and keeps
 * what depends on where they live right): asks first what the change
 * means for a carer who lived with them, or a family member paid as
 * their PA, one question at a time (confirm_key comes back here). */
static void person_save(struct app *a)
{
	struct cw_error err = {0};
	if (a->form.readonly) {
		say(a, true, "You cannot change the person's details: %s", a->readonly_why);
		return;
	}
	if (!form_dirty(&a->form)) {
		say(a, false, "Nothing to save: no changes.");
		return;
	}
	struct case_record *work = xmalloc(sizeof *work);
	memcpy(work, a->c, sizeof *work);
	if (form_apply(&a->form, work, true, &err) != CW_OK) {
		say(a, true, "Not saved. %s", err.msg);
		a->editing = true;
		free(work);
		return;
	}
	struct act_move mv;
	char q[MSG_MAX], name[96], who[96];
	act_person_move(a->ctx->store, &a->me, a->c, work, &mv, &err);
	cw_sanitize(name, sizeof name, mv.other_name);
	cw_sanitize(who, sizeof who, work->person.name);
	if (mv.ask_other && a->answers.other_moves == TRI_UNSET) {
		if (mv.other_id)
			snprintf(q, sizeof q, "%s (%s, %s) lived with %s: do they move too? (y: %s takes the new address; n: "
				 "they live apart now; Esc: not yet)", name, mv.other_ref,
				 mv.other_is_carer ? "the carer" : "cared for", who, mv.other_ref);
		else
			snprintf(q, sizeof q, "%s (the carer, on the assessment) lived with %s: do they move too? (y: yes, "
				 "with them; n: they live apart now; Esc: not yet)", name, who);
		ask(a, CONF_OTHER_MOVES, q);
		free(work);
		return;
	}
	if (mv.family_lines && a->answers.family_still == TRI_UNSET) {
		snprintf(q, sizeof q, "Plan line %d pays a family member of the same household: do they live with %s "
			 "still? (y: yes; n: not any more; Esc: not yet)", mv.first_family_line, who);
		ask(a, CONF_FAMILY_STILL, q);
		free(work);
		return;
	}
	struct act_move done;
	unsigned voided = 0;
	enum cw_status st = act_save_person(a->ctx->store, &a->me, a->ctx->policy, a->c, work, &a->answers, &done,
					    &voided, &err);
	a->answers = (struct act_move_answers){TRI_UNSET, TRI_UNSET};
	if (st == CW_OK) {
		memcpy(a->c, work, sizeof *work);
		free(work);
		store_draft_delete(a->ctx->store, a->c->id, a->me.login, "person", &err);
		form_open(a); /* back to the stage's form */
		person_saved_say(a, &done, voided);
		return;
	}
	free(work);
	if (st == CW_ERR_STALE) {
		form_rebase(a, err.msg);
		return;
	}
	say(a, true, "Not saved: %s", err.msg);
}

static void case_save(struct app *a)
{
	struct cw_error err = {0};
	if (!a->form_on)
		return;
	if (a->person_on) {
		person_save(a);
		return;
	}
	if (a->form.readonly) {
		say(a, true, "You cannot change this form: %s", a->readonly_why);
		return;
	}
	if (!form_dirty(&a->form)) {
		say(a, false, "Nothing to save: no changes.");
		return;
	}
	struct case_record *work = xmalloc(sizeof *work);
	memcpy(work, a->c, sizeof *work);
	if (form_apply(&a->form, work, true, &err) != CW_OK) {
		say(a, true, "Not saved. %s", err.msg);
		a->editing = true;
		free(work);
		return;
	}
	a->ops->derive(work, a->ctx->policy, a->me.login);
	if (a->ops->commit && a->ops->commit(&a->form, a->c, work, a->ctx->policy, &a->me, &err) != CW_OK) {
		say(a, true, "Not saved: %s", err.msg);
		free(work);
		return;
	}
	char what[64];
	unsigned voided = 0;
	snprintf(what, sizeof what, "save %s", a->form.name);
	enum cw_status st = act_save(a->ctx->store, &a->me, a->ctx->policy, a->c, work, what, &voided, &err);
	if (st == CW_OK) {
		bool moved = work->stage != a->c->stage;
		const char *draft_name = a->form.name; /* the form saved, before it is rebuilt */
		memcpy(a->c, work, sizeof *work);
		free(work);
		int cur = a->form.cur;
		bool ed = a->editing;
		form_open(a);
		if (!moved) { /* the same form again: stay where the user was */
			form_focus(&a->form, cur);
			a->editing = ed;
		}
		store_draft_delete(a->ctx->store, a->c->id, a->me.login, draft_name, &err);
		if (moved)
			say(a, false, "Saved. The case moved on to %s.", tui_stage_short[a->c->stage]);
		else
			say(a, false, "Saved.");
		if (voided) {
			char done[MSG_MAX];
			cw_strlcpy(done, a->msg, sizeof done);
			say(a, false, "%s The %s changed after it was signed off: a team manager must sign it off "
				      "again.", done, voided & ACT_VOIDED_ASSESSMENT ? "assessment" : "plan");
		}
		if (carer_case_wanted(a->c))
			carer_open(a);
		return;
	}
	free(work);
	if (st == CW_ERR_STALE) {
		form_rebase(a, err.msg);
		return;
	}
	say(a, true, "Not saved: %s", err.msg);
}

static void case_advance(struct app *a)
{
	struct cw_error err = {0};
	if (case_dirty(a)) {
		say(a, true, "Save your changes first (^S), then move on.");
		return;
	}
	if (access_check(&a->me, ACCESS_ADVANCE_STAGE, a->c->team, a->ctx->policy, &err) != CW_OK) {
		say(a, true, "%s", err.msg);
		return;
	}
	if (a->c->stage == STAGE_PANEL || a->c->stage == STAGE_REVIEW) {
		say(a, true, "At %s the case moves on when the %s is recorded in the form and saved.",
		    tui_stage_short[a->c->stage], a->c->stage == STAGE_PANEL ? "panel's decision" : "review");
		return;
	}
	struct case_record *work = xmalloc(sizeof *work);
	memcpy(work, a->c, sizeof *work);
	enum stage from = work->stage;
	if (workflow_advance(work, a->ctx->policy, a->today, &err) != CW_OK) {
		text_open(a, "Not ready to move on. What is missing (Esc to go back):");
		text_add(&a->text, err.msg);
		free(work);
		return;
	}
	char what[64];
	snprintf(what, sizeof what, "advance to %s", stage_keys[work->stage]);
	if (act_save(a->ctx->store, &a->me, a->ctx->policy, a->c, work, what, NULL, &err) != CW_OK) {
		say(a, true, "Not moved on: %s", err.msg);
		free(work);
		return;
	}
	memcpy(a->c, work, sizeof *work);
	free(work);
	form_open(a);
	say(a, false, "Moved on from %s to %s.", tui_stage_short[from], tui_stage_short[a->c->stage]);
}

static void case_reload(struct app *a)
{
	struct cw_error err = {0};
	struct case_record *fresh = xmalloc(sizeof *fresh);
	if (store_case_load(a->ctx->store, a->c->id, fresh, &err) != CW_OK) {
		say(a, true, "Could not reload: %s", err.msg);
		free(fresh);
		return;
	}
	memcpy(a->c, fresh, sizeof *fresh);
	free(fresh);
	if (a->form_on)
		store_draft_delete(a->ctx->store, a->c->id, a->me.login, a->form.name, &err);
	form_open(a);
	say(a, false, "Reloaded.");
}

static void show_history(struct app *a)
{
	struct audit_list l = {0};
	struct cw_error err = {0};
	if (act_history(a->ctx->store, &a->me, a->ctx->policy, a->c, a->glass, 500, &l, &err) != CW_OK) {
		say(a, true, err.status == CW_ERR_DENIED ? "%s" : "Could not read the history: %s", err.msg);
		return;
	}
	char title[TEXT_TITLE_MAX];
	snprintf(title, sizeof title, "History of %s (newest first; read-only)", a->c->ref);
	text_open(a, title);
	for (size_t i = 0; i < l.n; i++) {
		const struct audit_row *r = &l.items[i];
		char when[32], line[1200];
		clock_text(r->at, when, sizeof when);
		if (r->field && r->field[0])
			snprintf(line, sizeof line, "%s %s %s: %s: %s -> %s", when, r->who, r->action, r->field,
				 r->old_value && r->old_value[0] ? r->old_value : "(blank)",
				 r->new_value && r->new_value[0] ? r->new_value : "(blank)");
		else
			snprintf(line, sizeof line, "%s %s %s", when, r->who, r->action);
		text_add(&a->text, line);
	}
	if (l.n == 0)
		text_add(&a->text, "(no history)");
	audit_list_free(&l);
}

static void show_notes(struct app *a)
{
	struct note_list l = {0};
	struct cw_error err = {0};
	if (store_notes(a->ctx->store, a->c->id, &l, &err) != CW_OK) {
		say(a, true, "Could not read the notes: %s", err.msg);
		return;
	}
	char title[TEXT_TITLE_MAX];
	snprintf(title, sizeof title, "Case notes for %s (a: add a note)", a->c->ref);
	text_open(a, title);
	for (size_t i = 0; i < l.n; i++) {
		char when[32], head[128];
		clock_text(l.items[i].at, when, sizeof when);
		snprintf(head, sizeof head, "%s  %s", when, l.items[i].by);
		text_add(&a->text, head);
		text_add(&a->text, l.items[i].text ? l.items[i].text : "");
		text_add(&a->text, " ");
	}
	if (l.n == 0)
		text_add(&a->text, "(no notes yet)");
	note_list_free(&l);
}

/* The stage form's title; a carer's assessment says whose it is. */
static const char *form_title(const struct app *a)
{
	if (a->c && a->c->stage == STAGE_ASSESSMENT && case_is_carer(a->c) && a->ops == &form_assessment_ops)
		return "Carer's assessment and budget";
	return a->ops->title;
}

static void show_working(struct app *a)
{
	if (!a->form_on)
		return;
	struct cw_error err = {0};
	struct case_record *work = xmalloc(sizeof *work);
	memcpy(work, a->c, sizeof *work);
	if (form_apply(&a->form, work, false, &err) != CW_OK)
		memcpy(work, a->c, sizeof *work);
	a->ops->derive(work, a->ctx->policy, NULL);
	char *buf = xmalloc(16384);
	a->ops->working(work, a->ctx->policy, buf, 16384);
	char title[TEXT_TITLE_MAX];
	snprintf(title, sizeof title, "%s: the working (as typed, not yet saved)", form_title(a));
	text_open(a, title);
	text_add(&a->text, buf);
	free(buf);
	free(work);
}

static void note_start(struct app *a)
{
	struct cw_error err = {0};
	if ((a->glass[0] ? access_check_glass(&a->me, ACCESS_ADD_NOTE, a->c->team, a->ctx->policy, a->glass, &err)
			 : access_check(&a->me, ACCESS_ADD_NOTE, a->c->team, a->ctx->policy, &err)) != CW_OK) {
		say(a, true, "%s", err.msg);
		return;
	}
	text_free(&a->text);
	guide_close(a);
	form_init(&a->note, "note", "New case note", note_field, 1, a->ctx->policy);
	a->noting = true;
}

static void note_save(struct app *a)
{
	struct cw_error err = {0};
	const char *t = a->note.val[0];
	if (!*t) {
		say(a, true, "Note: is empty; type the note, or Esc to cancel.");
		return;
	}
	if (form_check(&a->note, 0, &err) != CW_OK) {
		say(a, true, "%s", err.msg);
		return;
	}
	if (act_note(a->ctx->store, &a->me, a->ctx->policy, a->c, a->glass, t, &err) != CW_OK) {
		say(a, true, "The note was not saved: %s", err.msg);
		return;
	}
	form_free(&a->note);
	a->noting = false;
	store_draft_delete(a->ctx->store, a->c->id, a->me.login, "note", &err);
	say(a, false, "Note added.");
}

/* ---- a team manager's part: sign-off, allocation, activity ---- */

/* "Alice Smith (asmith)", or the login alone for someone not listed. */
static const char *person_named(const struct app *a, const char *login, char *buf, size_t size)
{
	const struct staff_member *m = staff_find(a->ctx->staff, login);
	if (m && m->name[0] && strcmp(m->name, login) != 0)
		snprintf(buf, size, "%s (%s)", m->name, login);
	else
		snprintf(buf, size, "%s", login);
	return buf;
}

static void case_sign_off(struct app *a)
{
	struct cw_error err = {0};
	if (case_dirty(a)) {
		say(a, true, "Save or drop your changes first (^S or r), then sign off.");
		return;
	}
	enum stage at = a->c->stage;
	if (act_sign_off(a->ctx->store, &a->me, a->ctx->policy, a->c, &err) != CW_OK) {
		if (err.status == CW_ERR_INCOMPLETE) {
			text_open(a, "Not ready to sign off. What is missing (Esc to go back):");
			text_add(&a->text, err.msg);
			return;
		}
		say(a, true, "Not signed off: %s", err.msg);
		return;
	}
	form_open(a);
	say(a, false, "Signed off: the %s of %s, by you. The worker can move the case on.",
	    at == STAGE_ASSESSMENT ? "assessment" : "support plan", a->c->ref);
}

static void allocate_start(struct app *a)
{
	struct cw_error err = {0};
	enum access_action act = a->c->worker[0] ? ACCESS_REASSIGN : ACCESS_ALLOCATE;
	if (access_check(&a->me, act, a->c->team, a->ctx->policy, &err) != CW_OK) {
		say(a, true, "%s", err.msg);
		return;
	}
	if (case_dirty(a)) {
		say(a, true, "Save or drop your changes first (^S or r), then allocate.");
		return;
	}
	/* the people it can go to, with their open cases, behind the prompt */
	struct caseload team = {0};
	struct caseload_query q = {.stage = -1, .open_only = true, .sort = SORT_REF};
	act_caseload(a->ctx->store, &a->me, true, &q, &team, &err);
	char title[TEXT_TITLE_MAX], who[160];
	snprintf(title, sizeof title, "%s %s (now %s): type the login below", a->c->worker[0] ? "Reassign" : "Allocate",
		 a->c->ref, a->c->worker[0] ? person_named(a, a->c->worker, who, sizeof who) : "nobody's");
	text_open(a, title);
	for (size_t i = 0; i < a->ctx->staff->n; i++) {
		const struct staff_member *m = &a->ctx->staff->members[i];
		if (strcmp(m->team, a->me.team) != 0 || (m->role != ROLE_SOCIAL_WORKER && m->role != ROLE_TEAM_MANAGER))
			continue;
		size_t open = 0;
		for (size_t k = 0; k < team.n; k++)
			open += strcmp(team.rows[k].worker, m->login) == 0;
		char line[256];
		snprintf(line, sizeof line, "  %-16s %-28s %-15s %zu open case%s", m->login, m->name, role_labels[m->role],
			 open, open == 1 ? "" : "s");
		text_add(&a->text, line);
	}
	caseload_free(&team);
	prompt_start(a, PROMPT_ALLOCATE, a->c->worker[0] ? "Reassign to (login; Esc cancels)"
							 : "Allocate to (login; Esc cancels)");
}

static void allocate_done(struct app *a, const char *login)
{
	struct cw_error err = {0};
	char from[160], to[160];
	person_named(a, a->c->worker[0] ? a->c->worker : "nobody", from, sizeof from);
	bool had = a->c->worker[0] != '\0';
	if (act_allocate(a->ctx->store, &a->me, a->ctx->staff, a->ctx->policy, a->c, login, &err) != CW_OK) {
		say(a, true, "Not %s: %s", had ? "reassigned" : "allocated", err.msg);
		return;
	}
	form_open(a);
	person_named(a, a->c->worker, to, sizeof to);
	if (had)
		say(a, false, "Reassigned %s from %s to %s.", a->c->ref, from, to);
	else
		say(a, false, "Allocated %s to %s.", a->c->ref, to);
}

/* One line of a value for a list: newlines shown as " / ", cut. */
static void one_line(char *dst, size_t size, const char *v, size_t max)
{
	size_t n = 0;
	for (const char *p = v ? v : ""; *p && n + 4 < size; p++) {
		if (n >= max) {
			memcpy(dst + n, "...", 3);
			n += 3;
			break;
		}
		if (*p == '\n') {
			memcpy(dst + n, " / ", 3);
			n += 3;
		} else {
			dst[n++] = *p;
		}
	}
	dst[n] = '\0';
}

static void show_activity(struct app *a, const char *login)
{
	struct audit_list l = {0};
	struct cw_error err = {0};
	if (!login || !login[0]) {
		say(a, true, "Mark a case first: W shows the recent activity of its worker.");
		return;
	}
	if (act_activity(a->ctx->store, &a->me, a->ctx->staff, a->ctx->policy, login, 300, &l, &err) != CW_OK) {
		say(a, true, err.status == CW_ERR_DENIED || err.status == CW_ERR_NOT_FOUND ? "%s"
			     : "Could not read the activity: %s", err.msg);
		return;
	}
	char title[TEXT_TITLE_MAX], who[160];
	snprintf(title, sizeof title, "Recent activity of %s (newest first; read-only)",
		 person_named(a, login, who, sizeof who));
	text_open(a, title);
	for (size_t i = 0; i < l.n; i++) {
		const struct audit_row *r = &l.items[i];
		char when[32], ref[CASE_REF_MAX], line[1200], ov[96], nv[96];
		clock_text(r->at, when, sizeof when);
		if (r->case_id > 0)
			case_ref_format(r->case_id, ref, sizeof ref);
		else
			snprintf(ref, sizeof ref, "-");
		if (r->field && r->field[0] && strcmp(r->action, "created") != 0) {
			one_line(ov, sizeof ov, r->old_value && r->old_value[0] ? r->old_value : "(blank)", 40);
			one_line(nv, sizeof nv, r->new_value && r->new_value[0] ? r->new_value : "(blank)", 40);
			snprintf(line, sizeof line, "%s %s %s: %s: %s -> %s", when, ref, r->action, r->field, ov, nv);
		} else {
			snprintf(line, sizeof line, "%s %s %s", when, ref, r->action);
		}
		text_add(&a->text, line);
	}
	if (l.n == 0)
		text_add(&a->text, "(nothing recorded yet)");
	audit_list_free(&l);
}

/* The guidance panel: the stage of the open case, or the caseload's. */
static void show_guide(struct app *a)
{
	enum stage st = a->c ? a->c->stage : STAGE_COUNT;
	char *buf = xmalloc(16384);
	guide_text(a->me.role, st, a->ctx->policy, buf, 16384);
	text_open(a, guide_title(st));
	/* paragraphs wrap; the laid-out lines (two spaces first) stay as they are */
	text_add(&a->text, buf);
	a->guide_on = true;
	free(buf);
}

static void toggle_guide(struct app *a)
{
	if (a->text.on && a->guide_on) {
		text_free(&a->text);
		guide_close(a);
		return;
	}
	show_guide(a);
}

/* "C-000123", "c-123" or "123" -> 123; 0 if not a case reference. */
static int64_t case_ref_parse(const char *s)
{
	while (*s == ' ')
		s++;
	if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-')
		s += 2;
	int64_t v = 0;
	int digits = 0;
	for (; *s >= '0' && *s <= '9' && digits < 15; s++, digits++)
		v = v * 10 + (*s - '0');
	while (*s == ' ')
		s++;
	return digits && !*s ? v : 0;
}

static void prompt_done(struct app *a)
{
	enum prompt_kind k = a->prompt;
	char in[sizeof a->prompt_in];
	cw_strlcpy(in, a->prompt_in, sizeof in);
	cw_trim(in);
	a->prompt = PROMPT_NONE;
	a->msg[0] = '\0';
	switch (k) {
	case PROMPT_GOTO: {
		int64_t id = case_ref_parse(in);
		if (!id) {
			char shown[64];
			cw_sanitize(shown, sizeof shown, in);
			say(a, true, "'%s' is not a case reference; type one like C-000123 (or the number, 123).", shown);
			return;
		}
		case_open(a, id);
		break;
	}
	case PROMPT_GLASS:
		case_open_as(a, a->prompt_case, in);
		if ((!a->c || a->c->id != a->prompt_case) && strstr(a->msg, "reason:") == a->msg) {
			/* too short: ask again, what was typed kept */
			prompt_start(a, PROMPT_GLASS, "Say why you need it, in at least 10 characters (recorded)");
			cw_strlcpy(a->prompt_in, in, sizeof a->prompt_in);
		}
		break;
	case PROMPT_ALLOCATE:
		text_free(&a->text);
		if (a->c)
			allocate_done(a, in);
		break;
	default:
		break;
	}
}

/* A key while a prompt is open: type, Bksp, Enter to go, Esc to cancel. */
static void prompt_key(struct app *a, int key)
{
	size_t l = strlen(a->prompt_in);
	if (key == TK_ESC) {
		if (a->prompt == PROMPT_ALLOCATE)
			text_free(&a->text);
		a->prompt = PROMPT_NONE;
		say(a, false, "Cancelled.");
	} else if (key == '\r' || key == '\n' || key == TK_CODE(KEY_ENTER)) {
		prompt_done(a);
	} else if (key == TK_CODE(KEY_BACKSPACE) || key == 127 || key == 8) {
		while (l && ((unsigned char)a->prompt_in[l - 1] & 0xc0) == 0x80)
			l--;
		if (l)
			l--;
		a->prompt_in[l] = '\0';
	} else if (!(key & TK_FN) && key >= 0x20 && key != 0x7f && !(key >= 0x80 && key < 0xa0) && key < 0x110000) {
		char u[5];
		size_t n;
		unsigned c = (unsigned)key;
		if (c < 0x80) {
			u[0] = (char)c;
			n = 1;
		} else if (c < 0x800) {
			u[0] = (char)(0xc0 | (c >> 6));
			u[1] = (char)(0x80 | (c & 0x3f));
			n = 2;
		} else if (c < 0x10000) {
			u[0] = (char)(0xe0 | (c >> 12));
			u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
			u[2] = (char)(0x80 | (c & 0x3f));
			n = 3;
		} else {
			u[0] = (char)(0xf0 | (c >> 18));
			u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
			u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
			u[3] = (char)(0x80 | (c & 0x3f));
			n = 4;
		}
		if (l + n < sizeof a->prompt_in) {
			memcpy(a->prompt_in + l, u, n);
			a->prompt_in[l + n] = '\0';
		}
	}
}

static void note_drop(struct app *a)
{
	struct cw_error err = {0};
	form_free(&a->note);
	a->noting = false;
	store_draft_delete(a->ctx->store, a->c->id, a->me.login, "note", &err);
	say(a, false, "The note was not added.");
}

/* ---- a new case (a referral) ---- */

static void newcase_start(struct app *a)
{
	struct cw_error err = {0};
	if (access_check(&a->me, ACCESS_CREATE_CASE, a->me.team, a->ctx->policy, &err) != CW_OK) {
		say(a, true, "%s", err.msg);
		return;
	}
	text_free(&a->text);
	guide_close(a);
	a->searching = false;
	form_newcase_build(&a->newf, a->ctx->policy, a->today);
	a->creating = true;
	a->msg[0] = '\0';
}

static void newcase_close(struct app *a)
{
	if (a->creating)
		form_free(&a->newf);
	a->creating = false;
}

/* The person's details checked (each field as it was left, and all of
 * them by core), a possible second case for the same person asked
 * about; then core opens the case, allocated to this worker, and it is
 * opened on screen. */
static void newcase_save(struct app *a, bool second)
{
	struct cw_error err = {0};
	struct case_record *c = xmalloc(sizeof *c);
	char *referral = NULL;
	if (form_newcase_apply(&a->newf, c, &referral, &err) != CW_OK) {
		say(a, true, "Not saved. %s", err.msg);
		free(c);
		return;
	}
	if (!second) {
		struct caseload dup = {0};
		if (act_duplicates(a->ctx->store, &a->me, &c->person, &dup, &err) == CW_OK && dup.n) {
			const struct caseload_row *r = &dup.rows[0];
			const struct staff_member *m = staff_find(a->ctx->staff, r->worker);
			char q[MSG_MAX], d[DATE_BUF], who[96], name[96];
			cw_sanitize(who, sizeof who, m && m->name[0] ? m->name : r->worker);
			cw_sanitize(name, sizeof name, r->name);
			date_format(c->person.date_of_birth, d, sizeof d);
			if (dup.n == 1)
				snprintf(q, sizeof q, "%s %s, born %s, is open already (%s; worker %s). Open a second case for "
					 "them? (y: yes; n: back to the form; o: open %s instead)", r->ref, name, d,
					 tui_stage_short[r->stage < STAGE_COUNT ? r->stage : 0], who, r->ref);
			else
				snprintf(q, sizeof q, "%s, born %s, has %zu cases open already (%s and more). Open another? "
					 "(y: yes; n: back to the form; o: open %s instead)", name, d, dup.n, r->ref, r->ref);
			a->dup_first = r->id;
			caseload_free(&dup);
			ask(a, CONF_DUPLICATE, q);
			free(referral);
			free(c);
			return;
		}
		caseload_free(&dup);
	}
	if (act_create(a->ctx->store, &a->me, a->ctx->policy, a->today, c, referral, second, &err) != CW_OK) {
		say(a, true, "Not saved: %s", err.msg);
		free(referral);
		free(c);
		return;
	}
	int64_t id = c->id;
	char ref[CASE_REF_MAX], name[CASE_NAME_MAX * 4];
	cw_strlcpy(ref, c->ref, sizeof ref);
	cw_sanitize(name, sizeof name, c->person.name);
	free(referral);
	free(c);
	store_draft_delete(a->ctx->store, 0, a->me.login, "newcase", &err);
	newcase_close(a);
	case_open(a, id);
	if (a->c && a->c->id == id)
		say(a, false, "Opened %s for %s, at decision-making and allocated to you (a team manager can reallocate "
		    "it).", ref, name);
}

static void newcase_key(struct app *a, int key)
{
	struct form *f = &a->newf;
	enum act act = action_for_key(key, CTX_FORM);
	if (act == ACT_SAVE) {
		newcase_save(a, false);
		return;
	}
	if (act == ACT_HELP) {
		help_for(a, CTX_FORM);
		return;
	}
	if (act == ACT_DONE) {
		if (form_dirty(f)) {
			ask(a, CONF_DROP_NEW, "Drop this new case? Nothing of it is saved. (y/n; n goes back to it)");
		} else {
			newcase_close(a);
			a->msg[0] = '\0';
		}
		return;
	}
	if (act == ACT_ADD_LINE)
		return;
	enum form_event ev = form_key(f, key, LINES - 10);
	if (ev == FORM_MOVED || ev == FORM_HANDLED)
		a->msg[0] = '\0';
}

static void draw_newcase(struct app *a)
{
	char line[512];
	snprintf(line, sizeof line, "New case: a referral");
	draw_text(1, 0, COLS, line, A_BOLD, true);
	snprintf(line, sizeof line, "Opens at Decision-making, allocated to you (%s), %s",
		 a->me.name[0] ? a->me.name : a->me.login, a->me.team);
	draw_text(2, 0, COLS, line, A_NORMAL, true);
	draw_blank(3, 0, COLS);
	if (a->text.on)
		return;
	bool dirty = form_dirty(&a->newf);
	snprintf(line, sizeof line, "%s%s", a->newf.title, dirty ? "  * changed, not saved" : "");
	draw_text(4, 0, COLS, line, dirty ? A_BOLD | A_UNDERLINE : A_BOLD, true);
	draw_text(5, 0, COLS, "^S opens the case (asks first if the person has one open already); Esc drops it.",
		  A_NORMAL, true);
	form_draw(&a->newf, 6, LINES - 2 - 6, COLS, true);
}

static void draw_stage_bar(struct app *a, int y)
{
	const struct case_record *c = a->c;
	int x = 0;
	enum stage cur = c->stage == STAGE_CLOSED ? c->closed_from : c->stage;
	draw_blank(y, 0, COLS);
	for (int s = 0; s < STAGE_CLOSED; s++) {
		const char *mark = " ";
		char label[64];
		attr_t at = A_NORMAL;
		bool skipped = s == STAGE_PANEL && c->panel.required == TRI_NO && cur > STAGE_PANEL;
		snprintf(label, sizeof label, "%s%s", tui_stage_short[s], skipped ? " (not needed)" : "");
		if (skipped)
			mark = draw_sym(SYM_SKIPPED);
		else if (s < (int)cur || (c->stage == STAGE_CLOSED && s == (int)cur))
			mark = draw_sym(SYM_TICK);
		else if (s == (int)cur) {
			mark = draw_sym(SYM_CURRENT);
			at = A_BOLD | A_UNDERLINE;
		}
		if (s > 0) {
			x += draw_text(y, x, COLS - x, " ", A_NORMAL, false);
			x += draw_text(y, x, COLS - x, draw_sym(SYM_SEP), A_NORMAL, false);
			x += draw_text(y, x, COLS - x, " ", A_NORMAL, false);
		}
		x += draw_text(y, x, COLS - x, mark, A_BOLD, false);
		x += draw_text(y, x, COLS - x, " ", A_NORMAL, false);
		x += draw_text(y, x, COLS - x, label, at, false);
	}
	if (c->stage == STAGE_CLOSED)
		draw_text(y, x, COLS - x, "  (closed)", A_BOLD, false);
}

static void draw_case(struct app *a)
{
	const struct case_record *c = a->c;
	char line[CASE_TEXT_MAX + 256], d[DATE_BUF], m[MONEY_BUF];
	int age = date_is_set(c->person.date_of_birth) ? date_age_years(c->person.date_of_birth, a->today) : -1;
	int x = draw_text(1, 0, 10, c->ref, A_BOLD, true);
	x += draw_text(1, x, COLS - x - 30 > 10 ? COLS - x - 30 : 10, c->person.name, A_BOLD, false);
	if (age >= 0)
		snprintf(line, sizeof line, "  born %s (%d)", date_format(c->person.date_of_birth, d, sizeof d), age);
	else
		line[0] = '\0';
	x += draw_text(1, x, COLS - x, line, A_NORMAL, false);
	draw_blank(1, x, COLS - x);
	int64_t wk = rules_final_weekly(c);
	char budget[64];
	if (c->assessment.eligible == TRI_NO)
		snprintf(budget, sizeof budget, "none (not eligible)");
	else if (wk)
		snprintf(budget, sizeof budget, "%s a week", money_format(wk, MONEY_GROUP, m, sizeof m));
	else
		snprintf(budget, sizeof budget, "not set yet");
	/* the worker by name, as colleagues know them (the login if not listed) */
	const struct staff_member *w = c->worker[0] ? staff_find(a->ctx->staff, c->worker) : NULL;
	if (c->worker[0])
		snprintf(line, sizeof line, "Worker %s, %s; budget %s", w && w->name[0] ? w->name : c->worker, c->team,
			 budget);
	else
		snprintf(line, sizeof line, "Not allocated yet, %s; budget %s", c->team, budget);
	draw_text(2, 0, COLS, line, A_NORMAL, true);
	draw_stage_bar(a, 3);

	int top = 4, height = LINES - 2 - top;
	if (a->text.on)
		return;
	if (a->noting) {
		draw_text(top, 0, COLS, "New case note (^S saves, Esc cancels)", A_BOLD, true);
		form_draw(&a->note, top + 1, height - 1, COLS, true);
		return;
	}
	if (!a->form_on) {
		/* the reasons in full (an ineligible person's, with the advice
		 * given), a line each, wrapped at a space to the width */
		snprintf(line, sizeof line, "This case is closed%s%s.", date_is_set(c->closed) ? " on " : "",
			 date_is_set(c->closed) ? date_format(c->closed, d, sizeof d) : "");
		draw_text(top, 0, COLS, line, A_BOLD, true);
		int y = top + 1;
		const char *p = c->closed_reason;
		while (*p && y < top + height) {
			size_t len = strcspn(p, "\n"), cut = len;
			while (cut > 0 && draw_width_prefix(p, cut) > COLS) {
				size_t sp = cut - 1;
				while (sp > 0 && p[sp] != ' ')
					sp--;
				if (sp > 0)
					cut = sp;
				else
					for (cut--; cut > 0 && ((unsigned char)p[cut] & 0xc0) == 0x80; cut--)
						;
			}
			char *seg = xstrndup(p, cut);
			draw_text(y++, 0, COLS, seg, A_NORMAL, true);
			free(seg);
			p += cut;
			while (*p == ' ')
				p++;
			if (*p == '\n')
				p++;
		}
		for (; y < top + height; y++)
			draw_blank(y, 0, COLS);
		curs_set(0);
		return;
	}
	bool dirty = form_dirty(&a->form);
	snprintf(line, sizeof line, "%s%s%s", form_title(a), a->form.readonly ? " (read-only for you)" : "",
		 dirty ? "  * changed, not saved" : "");
	draw_text(top, 0, COLS, line, dirty ? A_BOLD | A_UNDERLINE : A_BOLD, true);
	/* the figures as typed (the form applied to a copy) */
	struct case_record *work = xmalloc(sizeof *work);
	struct cw_error err = {0};
	memcpy(work, c, sizeof *work);
	if (form_apply(&a->form, work, false, &err) != CW_OK)
		memcpy(work, c, sizeof *work);
	a->ops->derive(work, a->ctx->policy, NULL);
	a->ops->summary(work, a->ctx->policy, line, sizeof line);
	free(work);
	draw_text(top + 1, 0, COLS, line, A_NORMAL, true);
	/* form_apply moves the focus to a bad field: only the save does that */
	form_draw(&a->form, top + 2, height - 2, COLS, a->editing);
}

/* ---- painting ---- */

static void draw_text_view(struct app *a)
{
	int top = a->c ? 4 : 1;
	int rows = LINES - 2 - top - 1;
	draw_text(top, 0, COLS, a->text.title, A_BOLD, true);
	if (a->text.n > (size_t)rows && a->text.top > a->text.n - (size_t)rows)
		a->text.top = a->text.n - (size_t)rows;
	for (int r = 0; r < rows; r++) {
		size_t k = a->text.top + (size_t)r;
		if (k < a->text.n)
			draw_text(top + 1 + r, 0, COLS, a->text.lines[k], A_NORMAL, true);
		else
			draw_blank(top + 1 + r, 0, COLS);
	}
	curs_set(0);
}

/* The message line; a long message takes up to two rows above it as
 * well, split at spaces. */
static void draw_message(const char *msg, attr_t at)
{
	const char *parts[3];
	size_t lens[3];
	int n = 0;
	const char *p = msg;
	while (*p && n < 3) {
		size_t len = strlen(p), cut = len;
		if (draw_width(p) > COLS && n < 2) {
			cut = 0;
			for (size_t i = 1; i < len; i++)
				if (p[i] == ' ' && draw_width_prefix(p, i) <= COLS)
					cut = i;
			if (cut == 0)
				cut = len;
		}
		parts[n] = p;
		lens[n++] = cut;
		p += cut;
		while (*p == ' ')
			p++;
	}
	if (n == 0) {
		draw_text(LINES - 2, 0, COLS, "", at, true);
		return;
	}
	for (int k = 0; k < n; k++) {
		char buf[1024];
		cw_strlcpy(buf, parts[k], lens[k] + 1 < sizeof buf ? lens[k] + 1 : sizeof buf);
		draw_text(LINES - 1 - n + k, 0, COLS, buf, at, true);
	}
}

static void paint(struct app *a)
{
	erase();
	if (too_small()) {
		/* short lines: the terminal may be very narrow */
		char need[64], have[64];
		snprintf(need, sizeof need, "casework needs at least %dx%d;", TERM_MIN_COLS, TERM_MIN_ROWS);
		snprintf(have, sizeof have, "this terminal is %dx%d.", COLS, LINES);
		mvaddnstr(0, 0, need, COLS);
		mvaddnstr(1, 0, have, COLS);
		mvaddnstr(2, 0, "Make the window larger", COLS);
		bool unsaved = (a->c && case_dirty(a)) || (a->creating && form_dirty(&a->newf));
		mvaddnstr(3, 0, unsaved ? "(q quits; a draft keeps" : "(q quits).", COLS);
		if (unsaved)
			mvaddnstr(4, 0, "what you typed).", COLS);
		if (a->ctx->training)
			mvaddnstr(unsaved ? 5 : 4, 0, "TRAINING", COLS);
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	char line[512];
	const struct policy *p = a->ctx->policy;
	snprintf(line, sizeof line, "casework  %s  %s (%s)", p->council_name, a->me.name[0] ? a->me.name : a->me.login,
		 role_labels[a->me.role]);
	int x = draw_text(0, 0, COLS - (a->ctx->training ? 10 : 0), line, draw_attr_title(), true);
	if (a->ctx->training)
		draw_text(0, x, COLS - x, " TRAINING", A_BOLD | A_REVERSE, true);

	if (a->creating)
		draw_newcase(a);
	else if (a->c)
		draw_case(a);
	else
		draw_list(a);
	if (a->text.on)
		draw_text_view(a);
	else if (!a->c && !a->creating)
		curs_set(0);

	/* message line: a confirm question, an error, the field's help */
	const char *msg = a->msg;
	attr_t mat = a->msg_error ? draw_attr_error() : A_NORMAL;
	if (a->confirm != CONF_NONE) {
		msg = a->confirm_q;
		mat = A_BOLD;
	} else if (a->prompt != PROMPT_NONE) {
		/* one row: the question and what is typed, or the end of it */
		snprintf(line, sizeof line, "%.200s: %.300s", a->prompt_q, a->prompt_in);
		if (draw_width(line) > COLS - 2) {
			const char *t = a->prompt_in;
			while (*t && draw_width(t) > COLS - 5)
				t++;
			while (((unsigned char)*t & 0xc0) == 0x80)
				t++;
			snprintf(line, sizeof line, "...%.300s", t);
		}
		msg = line;
		mat = A_BOLD;
	} else if (a->searching) {
		snprintf(line, sizeof line, "Search (name or reference): %s", a->search);
		msg = line;
	} else if (((a->c && (a->editing || a->noting)) || a->creating) && !a->text.on) {
		struct form *f = a->creating ? &a->newf : a->noting ? &a->note : &a->form;
		/* a refused save says so ("Not saved. Field: ..."), until the
		 * next key; then the field's own message stays */
		if (f->msg[0] && !(a->msg_error && a->msg[0])) {
			msg = f->msg;
			mat = draw_attr_error();
		} else if (!msg[0] && f->n && f->fields[f->cur].help) {
			msg = f->fields[f->cur].help;
		}
	}
	int cy, cx;
	getyx(stdscr, cy, cx);
	draw_message(msg, mat);
	char foot[512];
	/* a question or a prompt takes every key: not the screen's keys (a
	 * question names its own keys in itself) */
	if (a->confirm != CONF_NONE)
		foot[0] = '\0';
	else if (a->prompt != PROMPT_NONE)
		cw_strlcpy(foot, "Enter done  Esc cancel", sizeof foot);
	else
		action_footer(current_ctx(a), hidden_actions(a), foot, sizeof foot, COLS - 1);
	draw_text(LINES - 1, 0, COLS - 1, foot, A_NORMAL, true);
	bool cursor = false;
	if (a->searching || a->prompt != PROMPT_NONE) {
		int w = draw_width(line);
		move(LINES - 2, w < COLS ? w : COLS - 1);
		curs_set(1);
		cursor = true;
	} else {
		move(cy, cx);
		cursor = ((a->c && (a->editing || a->noting)) || a->creating) && !a->text.on && a->confirm == CONF_NONE;
	}
	/* With no cursor to show, leave it wherever the last change was:
	 * parking it costs bytes on every key. */
	leaveok(stdscr, !cursor);
	if (!cursor)
		curs_set(0);
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- keys ---- */

static void ask(struct app *a, enum confirm_kind k, const char *q)
{
	a->confirm = k;
	cw_strlcpy(a->confirm_q, q, sizeof a->confirm_q);
}

static void leave_case(struct app *a)
{
	case_close(a);
	list_load(a);
}

/* Back from the person's details to the stage's form (asks first when
 * there are changes). */
static void person_back(struct app *a)
{
	if (form_dirty(&a->form)) {
		ask(a, CONF_DROP_PERSON, "Drop your changes to the person's details? (y/n; n stays, then ^S saves)");
		return;
	}
	form_open(a);
	a->msg[0] = '\0';
}

/* A new case kept by the hang-up, back in the new-case form. */
static void newcase_restore(struct app *a)
{
	char *data = NULL, when[32];
	int64_t at = 0;
	struct cw_error err = {0};
	newcase_start(a);
	if (!a->creating)
		return;
	if (store_draft_load(a->ctx->store, 0, a->me.login, "newcase", &data, &at, &err) == CW_OK && data &&
	    form_deserialize(&a->newf, data, &err) == CW_OK) {
		clock_text(at, when, sizeof when);
		say(a, false, "The new case you were starting at %s is back (marked *): ^S opens it, Esc drops it.", when);
	}
	free(data);
}

static void confirm_key(struct app *a, int key)
{
	enum confirm_kind k = a->confirm;
	bool yes = key == 'y' || key == 'Y';
	bool no = key == 'n' || key == 'N' || key == TK_ESC;
	if (k == CONF_OTHER_MOVES || k == CONF_FAMILY_STILL) {
		/* y and n answer; Esc puts the save off, the changes kept */
		enum tri *answer = k == CONF_OTHER_MOVES ? &a->answers.other_moves : &a->answers.family_still;
		if (key == TK_ESC) {
			a->confirm = CONF_NONE;
			a->answers = (struct act_move_answers){TRI_UNSET, TRI_UNSET};
			say(a, false, "Not saved yet: your changes are kept; ^S saves them.");
			return;
		}
		if (!yes && key != 'n' && key != 'N')
			return;
		a->confirm = CONF_NONE;
		a->msg[0] = '\0';
		*answer = yes ? TRI_YES : TRI_NO;
		person_save(a);
		return;
	}
	if (k == CONF_DUPLICATE && (key == 'o' || key == 'O')) {
		a->confirm = CONF_NONE;
		struct cw_error err = {0};
		store_draft_delete(a->ctx->store, 0, a->me.login, "newcase", &err);
		newcase_close(a);
		case_open(a, a->dup_first);
		return;
	}
	if (k == CONF_DRAFT && (key == 'd' || key == 'D')) {
		/* only the draft the question named: others wait for the next start */
		struct cw_error err = {0};
		store_draft_delete(a->ctx->store, a->draft_case, a->me.login, a->draft_form, &err);
		a->confirm = CONF_NONE;
		say(a, false, "The unsaved draft was thrown away.");
		return;
	}
	if (!yes && !no)
		return;
	a->confirm = CONF_NONE;
	a->msg[0] = '\0';
	if (!yes)
		return;
	switch (k) {
	case CONF_LEAVE_CASE:
		leave_case(a);
		break;
	case CONF_RELOAD:
		case_reload(a);
		break;
	case CONF_DRAFT:
		if (a->draft_case == 0 && strcmp(a->draft_form, "newcase") == 0)
			newcase_restore(a);
		else
			case_open(a, a->draft_case);
		break;
	case CONF_QUIT:
		a->quit = true;
		break;
	case CONF_DROP_NOTE:
		note_drop(a);
		break;
	case CONF_DROP_NEW: {
		struct cw_error err = {0};
		store_draft_delete(a->ctx->store, 0, a->me.login, "newcase", &err);
		newcase_close(a);
		say(a, false, "The new case was dropped; nothing of it was saved.");
		break;
	}
	case CONF_DUPLICATE:
		newcase_save(a, true);
		break;
	case CONF_DROP_PERSON: {
		struct cw_error err = {0};
		store_draft_delete(a->ctx->store, a->c->id, a->me.login, "person", &err);
		form_open(a);
		say(a, false, "Your changes to the person's details were dropped.");
		break;
	}
	default:
		break;
	}
}

static size_t utf8_encode(int cp, char *out)
{
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

static void list_move(struct app *a, long delta)
{
	if (!a->nvis)
		return;
	long s = (long)a->sel + delta;
	if (s < 0)
		s = 0;
	if (s >= (long)a->nvis)
		s = (long)a->nvis - 1;
	a->sel = (size_t)s;
}

/* A page: the view moves a screenful and the marked line with it, so
 * the next page of cases is what shows (the last page stops at the
 * end of the list). */
static void list_page(struct app *a, int dir)
{
	size_t rows = (size_t)list_rows();
	if (!a->nvis)
		return;
	if (dir > 0) {
		size_t last_top = a->nvis > rows ? a->nvis - rows : 0;
		a->top = a->top + rows < last_top ? a->top + rows : last_top;
	} else {
		a->top = a->top > rows ? a->top - rows : 0;
	}
	list_move(a, dir * (long)rows);
}

static void list_key(struct app *a, int key)
{
	if (a->searching) {
		enum act act = action_for_key(key, CTX_SEARCH);
		if (act == ACT_BACK) {
			a->searching = false;
			a->search[0] = '\0';
			list_filter(a);
		} else if (act == ACT_DONE) {
			a->searching = false;
		} else if (act == ACT_UP || act == ACT_DOWN) {
			list_move(a, act == ACT_UP ? -1 : 1);
		} else if (key == TK_CODE(KEY_BACKSPACE) || key == 127 || key == 8) {
			size_t l = strlen(a->search);
			while (l && ((unsigned char)a->search[l - 1] & 0xc0) == 0x80)
				l--;
			if (l)
				l--;
			a->search[l] = '\0';
			a->sel = 0;
			list_filter(a);
		} else if (!(key & TK_FN) && key >= 0x20 && key != 0x7f && key < 0x110000 && !(key >= 0x80 && key < 0xa0)) {
			/* any character a name may hold: "Núñez", "李" */
			char u[4];
			size_t ul = utf8_encode(key, u), l = strlen(a->search);
			if (l + ul < sizeof a->search) {
				memcpy(a->search + l, u, ul);
				a->search[l + ul] = '\0';
			}
			a->sel = 0;
			a->top = 0;
			list_filter(a);
		}
		return;
	}
	switch (action_for_key(key, CTX_LIST)) {
	case ACT_UP: list_move(a, -1); break;
	case ACT_DOWN: list_move(a, 1); break;
	case ACT_PGUP: list_page(a, -1); break;
	case ACT_PGDN: list_page(a, 1); break;
	case ACT_HOME: list_move(a, -(long)a->nvis); break;
	case ACT_END: list_move(a, (long)a->nvis); break;
	case ACT_OPEN:
		if (a->nvis)
			case_open(a, a->cl.rows[a->vis[a->sel]].id);
		break;
	case ACT_SEARCH:
		a->searching = true;
		a->msg[0] = '\0';
		break;
	case ACT_SORT:
		a->sort = (enum caseload_sort)((a->sort + 1) % 5);
		list_load(a);
		break;
	case ACT_FILTER:
		a->stage_filter = a->stage_filter + 1 >= STAGE_CLOSED ? -1 : a->stage_filter + 1;
		a->sel = a->top = 0;
		list_load(a);
		break;
	case ACT_TEAM:
		if (a->me.role == ROLE_TEAM_MANAGER || a->me.role == ROLE_FINANCE_OFFICER) {
			a->team_view = !a->team_view;
			a->list = LIST_CASELOAD;
			a->sel = a->top = 0;
			list_load(a);
		}
		break;
	case ACT_CASELOAD:
		a->list = LIST_CASELOAD;
		a->sel = a->top = 0;
		list_load(a);
		break;
	case ACT_PANEL_QUEUE: {
		struct cw_error err = {0};
		if (access_check(&a->me, ACCESS_VIEW_PANEL_QUEUE, NULL, a->ctx->policy, &err) != CW_OK) {
			say(a, true, "%s", err.msg);
			break;
		}
		a->list = a->list == LIST_PANEL ? LIST_CASELOAD : LIST_PANEL;
		a->sel = a->top = 0;
		list_load(a);
		break;
	}
	case ACT_REVIEWS:
		a->list = a->list == LIST_REVIEWS ? LIST_CASELOAD : LIST_REVIEWS;
		a->sel = a->top = 0;
		list_load(a);
		break;
	case ACT_GOTO:
		prompt_start(a, PROMPT_GOTO, "Open the case (reference, like C-000123; Esc cancels)");
		break;
	case ACT_NEW_CASE:
		newcase_start(a);
		break;
	case ACT_ACTIVITY:
		show_activity(a, a->nvis ? a->cl.rows[a->vis[a->sel]].worker : NULL);
		break;
	case ACT_GUIDE:
		toggle_guide(a);
		break;
	case ACT_ROLE:
		if (a->ctx->training) {
			static const enum role cycle[] = {ROLE_SOCIAL_WORKER, ROLE_TEAM_MANAGER, ROLE_PANEL_MEMBER,
							  ROLE_FINANCE_OFFICER};
			int k = 0;
			for (int i = 0; i < 4; i++)
				if (cycle[i] == a->me.role)
					k = (i + 1) % 4;
			/* take that seat, so the record shows who did what */
			const struct staff_member *seat = NULL;
			for (size_t i = 0; i < a->ctx->staff->n && !seat; i++)
				if (a->ctx->staff->members[i].role == cycle[k])
					seat = &a->ctx->staff->members[i];
			if (seat)
				a->me = *seat;
			a->me.role = cycle[k];
			a->team_view = a->me.role == ROLE_TEAM_MANAGER;
			a->list = a->me.role == ROLE_PANEL_MEMBER ? LIST_PANEL : LIST_CASELOAD;
			a->sel = a->top = 0;
			list_load(a);
			say(a, false, "Training: you now act as a %s.", role_labels[a->me.role]);
		}
		break;
	case ACT_HELP:
		text_open(a, "Keys (Esc to go back)");
		{
			char lines[64][128];
			size_t n = action_help_lines(CTX_LIST, hidden_actions(a), lines, 64);
			for (size_t i = 0; i < n; i++)
				text_add_hanging(&a->text, lines[i], ACTION_HELP_INDENT);
		}
		break;
	case ACT_QUIT:
		a->quit = true;
		break;
	default:
		break;
	}
}

static void help_for(struct app *a, unsigned ctx)
{
	char lines[64][128];
	size_t n = action_help_lines(ctx, hidden_actions(a), lines, 64);
	text_open(a, "Keys (Esc to go back)");
	for (size_t i = 0; i < n; i++)
		text_add_hanging(&a->text, lines[i], ACTION_HELP_INDENT);
	if (ctx == CTX_FORM) {
		char line[512];
		snprintf(line, sizeof line, "  %s", action_field_keys_help);
		text_add_hanging(&a->text, line, 2);
	}
}

static void text_key(struct app *a, int key)
{
	int rows = LINES - 8;
	switch (action_for_key(key, CTX_TEXT)) {
	case ACT_UP: if (a->text.top) a->text.top--; break;
	case ACT_DOWN: if (a->text.top + 1 < a->text.n) a->text.top++; break;
	case ACT_PGUP: a->text.top = a->text.top > (size_t)rows ? a->text.top - (size_t)rows : 0; break;
	case ACT_PGDN: if (a->text.top + (size_t)rows < a->text.n) a->text.top += (size_t)rows; break;
	case ACT_HOME: a->text.top = 0; break;
	case ACT_END: a->text.top = a->text.n; break;
	case ACT_ADD_NOTE:
		if (a->c)
			note_start(a);
		break;
	case ACT_GUIDE:
		toggle_guide(a);
		break;
	case ACT_BACK:
		text_free(&a->text);
		guide_close(a);
		break;
	default:
		break;
	}
}

static void form_keys(struct app *a, int key)
{
	struct form *f = a->noting ? &a->note : &a->form;
	enum act act = action_for_key(key, CTX_FORM);
	if (act == ACT_SAVE) {
		if (a->noting)
			note_save(a);
		else
			case_save(a);
		return;
	}
	if (act == ACT_HELP) {
		help_for(a, CTX_FORM);
		return;
	}
	if (act == ACT_ADD_LINE && !a->noting && !a->person_on && a->c->stage == STAGE_PLANNING) {
		/* the plan form always ends with a new, empty line */
		int i = f->n - 1;
		while (i > 0 && f->fields[i].kind != FK_INFO)
			i--;
		form_focus(f, i + 1 < f->n ? i + 1 : i);
		return;
	}
	if (f->picking) {
		form_key(f, key, LINES - 8);
		return;
	}
	if (act == ACT_DONE) {
		if (a->noting) {
			if (a->note.val[0][0])
				ask(a, CONF_DROP_NOTE, "Drop the note you are writing? (y/n; n goes back to it)");
			else
				note_drop(a);
			return;
		}
		struct cw_error err = {0};
		a->editing = false;
		if (form_check(f, f->cur, &err) != CW_OK) {
			/* never trapped in a field: the value stays, marked, and a
			 * save will name it again */
			say(a, true, "%s (not saved)", err.msg);
			return;
		}
		if (form_dirty(f))
			say(a, false, "Changes are not saved yet: ^S or S saves them.");
		return;
	}
	enum form_event ev = form_key(f, key, LINES - 10);
	if (ev == FORM_MOVED || ev == FORM_HANDLED)
		a->msg[0] = '\0';
}

static void case_key(struct app *a, int key)
{
	enum act act = action_for_key(key, CTX_CASE);
	switch (act) {
	case ACT_EDIT:
		if (!a->form_on) {
			say(a, true, "A closed case has no form to edit.");
		} else if (a->form.readonly) {
			say(a, true, "This form is read-only for you. %s", a->readonly_why);
		} else {
			a->editing = true;
			a->msg[0] = '\0';
		}
		break;
	case ACT_SAVE: case_save(a); break;
	case ACT_HISTORY: show_history(a); break;
	case ACT_NOTES: show_notes(a); break;
	case ACT_ADD_NOTE: note_start(a); break;
	case ACT_WORKING: show_working(a); break;
	case ACT_PERSON:
		if (a->person_on) {
			person_back(a);
			break;
		}
		if (case_dirty(a)) {
			say(a, true, "Save or drop your changes first (^S or r), then open the person's details.");
			break;
		}
		person_open(a);
		if (a->form.readonly) {
			say(a, true, "The person's details, read-only for you: %s", a->readonly_why);
		} else {
			a->editing = true;
			a->msg[0] = '\0';
		}
		break;
	case ACT_ADVANCE: case_advance(a); break;
	case ACT_SIGN_OFF: case_sign_off(a); break;
	case ACT_ALLOCATE: allocate_start(a); break;
	case ACT_ACTIVITY: show_activity(a, a->c->worker); break;
	case ACT_GUIDE: toggle_guide(a); break;
	case ACT_RELOAD:
		if (case_dirty(a))
			ask(a, CONF_RELOAD, "Reload and drop your unsaved changes? (y/n)");
		else
			case_reload(a);
		break;
	case ACT_HELP: help_for(a, CTX_CASE); break;
	case ACT_UP:
	case ACT_PGUP:
	case ACT_DOWN:
	case ACT_PGDN: {
		/* a line, or the form's rows on screen (see draw_case) */
		int step = act == ACT_UP || act == ACT_DOWN ? 1 : (LINES - 8 > 1 ? LINES - 8 : 1);
		if (!a->form_on)
			break;
		if (act == ACT_UP || act == ACT_PGUP)
			a->form.top = a->form.top > step ? a->form.top - step : 0;
		else if (a->form.top + step < a->form.n)
			a->form.top += step;
		/* the focus stays in view, on a field that can be typed in */
		if (a->form.cur < a->form.top || a->form.cur >= a->form.top + (LINES - 8)) {
			int i = a->form.top;
			while (i < a->form.n - 1 && a->form.fields[i].kind == FK_INFO)
				i++;
			form_focus(&a->form, i);
		}
		break;
	}
	case ACT_BACK:
		if (a->person_on)
			person_back(a);
		else if (case_dirty(a))
			ask(a, CONF_LEAVE_CASE, "This form has unsaved changes. Leave and lose them? (y/n; n stays, then ^S saves)");
		else
			leave_case(a);
		break;
	default:
		break;
	}
}

static void hang_up(struct app *a);

static void handle_key(struct app *a, int key)
{
	if (key == TK_CODE(KEY_RESIZE))
		return; /* the repaint reads the new size; nothing typed is lost */
	if (too_small()) {
		/* the forms cannot be seen to confirm leaving them: what was
		 * typed is kept as a draft, as on a hang-up */
		if (key == 'q') {
			hang_up(a);
			a->quit = true;
		}
		return;
	}
	if (a->confirm != CONF_NONE) {
		confirm_key(a, key);
		return;
	}
	if (a->prompt != PROMPT_NONE) {
		prompt_key(a, key);
		return;
	}
	if (a->text.on) {
		text_key(a, key);
		return;
	}
	if (a->creating) {
		newcase_key(a, key);
		return;
	}
	if (a->c) {
		if (a->editing || a->noting)
			form_keys(a, key);
		else
			case_key(a, key);
		return;
	}
	list_key(a, key);
}

/* A save waiting on another session's write (store_set_waiting): say
 * so on the message line at once, so the screen does not seem frozen. */
static void store_waiting(void *ctx)
{
	(void)ctx;
	draw_message("Waiting for the case store: another session (or a backup) is writing to it...",
		     A_BOLD);
	wnoutrefresh(stdscr);
	doupdate();
}

/* The link dropped or we were told to stop: keep what was typed as a
 * draft in the store, without touching the terminal. */
static void hang_up(struct app *a)
{
	struct cw_error err = {0};
	if (a->creating && form_dirty(&a->newf)) {
		char *data = form_serialize(&a->newf);
		store_draft_save(a->ctx->store, 0, a->me.login, "newcase", data, &err);
		free(data);
	}
	if (!a->c)
		return;
	if (a->form_on && form_dirty(&a->form)) {
		char *data = form_serialize(&a->form);
		store_draft_save(a->ctx->store, a->c->id, a->me.login, a->form.name, data, &err);
		free(data);
	}
	if (a->noting && a->note.val[0][0]) {
		char *data = form_serialize(&a->note);
		store_draft_save(a->ctx->store, a->c->id, a->me.login, "note", data, &err);
		free(data);
	}
}

static void offer_drafts(struct app *a)
{
	struct draft_info *d = NULL;
	size_t n = 0;
	struct cw_error err = {0};
	if (store_drafts_for(a->ctx->store, a->me.login, &d, &n, &err) != CW_OK || n == 0) {
		free(d);
		return;
	}
	char when[32], ref[CASE_REF_MAX], q[MSG_MAX];
	clock_text(d[0].saved_at, when, sizeof when);
	case_ref_format(d[0].case_id, ref, sizeof ref);
	if (d[0].case_id == 0 && strcmp(d[0].form, "newcase") == 0)
		snprintf(q, sizeof q, "A new case you were starting was kept at %s. Open it? (y: open, n: later, d: discard)",
			 when);
	else if (strcmp(d[0].form, "person") == 0)
		snprintf(q, sizeof q, "Unsaved changes to the person's details on %s were kept at %s. Open them? (y: open, "
			 "n: later, d: discard)", ref, when);
	else if (strcmp(d[0].form, "note") == 0)
		snprintf(q, sizeof q, "A case note you were writing on %s was kept at %s. Open it? (y: open, n: later, "
			 "d: discard)", ref, when);
	else
		snprintf(q, sizeof q, "Unsaved %s form on %s was kept at %s. Open it? (y: open, n: later, d: discard)",
			 d[0].form, ref, when);
	a->draft_case = d[0].case_id;
	cw_strlcpy(a->draft_form, d[0].form, sizeof a->draft_form);
	ask(a, CONF_DRAFT, q);
	free(d);
}

int tui_run(const struct tui_context *ctx)
{
	char why[256];
	struct app *a = xcalloc(1, sizeof *a);
	a->ctx = ctx;
	a->me = *ctx->me;
	a->today = date_today();
	a->stage_filter = -1;
	a->sort = SORT_DUE;
	a->list = a->me.role == ROLE_PANEL_MEMBER ? LIST_PANEL : LIST_CASELOAD;
	a->team_view = ctx->team_view && a->me.role == ROLE_TEAM_MANAGER;
	if (!store_caseload || !store_draft_save) {
		fprintf(stderr, "casework: the case store is not in this build yet\n");
		free(a);
		return 1;
	}
	if (!term_start(why, sizeof why)) {
		term_stop(false);
		fprintf(stderr, "casework: %s\n", why);
		free(a);
		return 1;
	}
	form_plan_set_providers(ctx->providers);
	store_set_waiting(ctx->store, store_waiting, a);
	list_load(a);
	if (ctx->notice)
		say(a, false, "%s", ctx->notice);
	offer_drafts(a);

	bool hung = false;
	while (!a->quit && !hung) {
		paint(a);
		int key;
		enum term_input in = term_read(&key, true);
		while (in == TERM_KEY) {
			if (key == TK_DUMP) {
				paint(a);
				term_dump();
			} else {
				handle_key(a, key);
			}
			if (a->quit)
				break;
			in = term_read(&key, false); /* drain what is queued, then one redraw */
		}
		if (in == TERM_HANGUP)
			hung = true;
	}
	store_set_waiting(ctx->store, NULL, NULL); /* the terminal may be gone */
	if (hung)
		hang_up(a);
	newcase_close(a);
	case_close(a);
	caseload_free(&a->cl);
	free(a->vis);
	term_stop(!hung);
	free(a);
	return 0;
}
