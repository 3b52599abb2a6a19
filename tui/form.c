/* form.c - the form widget: a model (text per field, checked and
 * applied with core's parsers) and its drawing and keys. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/act.h"
#include "core/date.h"
#include "core/money.h"
#include "core/util.h"
#include "tui/action.h"
#include "tui/draw.h"
#include "tui/form.h"

#define PICK_MAX 256

void form_init(struct form *f, const char *name, const char *title, const struct form_field *defs, int n,
	       const struct policy *p)
{
	memset(f, 0, sizeof *f);
	f->name = name;
	f->title = title;
	f->n = n;
	f->policy = p;
	f->fields = xcalloc((size_t)(n ? n : 1), sizeof *f->fields);
	if (n)
		memcpy(f->fields, defs, (size_t)n * sizeof *defs);
	f->val = xcalloc((size_t)(n ? n : 1), sizeof *f->val);
	f->orig = xcalloc((size_t)(n ? n : 1), sizeof *f->orig);
	for (int i = 0; i < n; i++) {
		f->val[i] = xstrdup("");
		f->orig[i] = xstrdup("");
	}
	f->msg_field = -1;
	f->cur = 0;
	while (f->cur < n - 1 && f->fields[f->cur].kind == FK_INFO)
		f->cur++;
}

void form_free(struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		free(f->val[i]);
		free(f->orig[i]);
	}
	free(f->val);
	free(f->orig);
	free(f->fields);
	memset(f, 0, sizeof *f);
}

void form_set(struct form *f, int i, const char *text)
{
	free(f->val[i]);
	f->val[i] = xstrdup(text);
	if (i == f->cur)
		f->cursor = strlen(f->val[i]);
}

void form_focus(struct form *f, int i)
{
	if (i < 0 || i >= f->n)
		return;
	f->cur = i;
	f->cursor = strlen(f->val[i]);
}

int form_find(const struct form *f, const char *key)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return i;
	return -1;
}

static int choice_list(const struct form *f, int i, struct form_choice *out, int max)
{
	const struct form_field *d = &f->fields[i];
	if (f->choices_ex) {
		int n = f->choices_ex(f, i, out, max);
		if (n >= 0)
			return n;
	}
	if (d->choices)
		return d->choices(f->policy, out, max);
	int n = 0;
	for (int v = d->first; v < d->nchoices && n < max; v++) {
		static const char *const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
						     "10", "11", "12", "13", "14", "15"};
		out[n].key = v < 16 ? digits[v] : "";
		out[n].label = d->choice_labels[v];
		n++;
	}
	return n;
}

const char *form_choice_label(const struct form *f, int i, const char *key, char *buf, size_t size)
{
	struct form_choice ch[PICK_MAX];
	int n = choice_list(f, i, ch, PICK_MAX);
	buf[0] = '\0';
	if (!*key)
		return buf;
	for (int k = 0; k < n; k++)
		if (strcmp(ch[k].key, key) == 0) {
			cw_strlcpy(buf, ch[k].label, size);
			return buf;
		}
	cw_strlcpy(buf, key, size); /* a key the list no longer has: show it as it is */
	return buf;
}

static const void *field_ptr(const struct case_record *c, const struct form_field *d)
{
	return (const char *)c + d->offset;
}

static void *field_wptr(struct case_record *c, const struct form_field *d)
{
	return (char *)c + d->offset;
}

void form_field_text(const struct form *f, int i, const struct case_record *c, char *buf, size_t size)
{
	const struct form_field *d = &f->fields[i];
	buf[0] = '\0';
	if (d->offset == FORM_NO_BIND)
		return;
	const void *p = field_ptr(c, d);
	int iv;
	int64_t v64;
	bool b;
	switch (d->kind) {
	case FK_TEXT:
	case FK_LINES:
	case FK_PICK:
		cw_strlcpy(buf, (const char *)p, size);
		break;
	case FK_DATE: {
		struct date dt;
		memcpy(&dt, p, sizeof dt);
		char tmp[DATE_BUF];
		cw_strlcpy(buf, date_format(dt, tmp, sizeof tmp), size);
		break;
	}
	case FK_MONEY:
		memcpy(&v64, p, sizeof v64);
		if (v64 != 0) {
			char tmp[MONEY_BUF];
			cw_strlcpy(buf, money_format(v64, MONEY_PLAIN, tmp, sizeof tmp), size);
		}
		break;
	case FK_QUANTITY:
		memcpy(&v64, p, sizeof v64);
		if (v64 != 0) {
			char tmp[MONEY_BUF];
			cw_strlcpy(buf, quantity_format(v64, tmp, sizeof tmp), size);
		}
		break;
	case FK_NUMBER:
		memcpy(&iv, p, sizeof iv);
		snprintf(buf, size, "%d", iv);
		break;
	case FK_CHOICE:
		memcpy(&iv, p, sizeof iv);
		if (d->set_offset != FORM_NO_BIND) {
			memcpy(&b, (const char *)c + d->set_offset, sizeof b);
			if (!b)
				break;
		}
		if (iv >= d->first && iv < d->nchoices)
			snprintf(buf, size, "%d", iv);
		break;
	case FK_YESNO:
		memcpy(&b, p, sizeof b);
		cw_strlcpy(buf, b ? "yes" : "no", size);
		break;
	case FK_TRI:
		memcpy(&iv, p, sizeof iv);
		cw_strlcpy(buf, iv == TRI_YES ? "yes" : iv == TRI_NO ? "no" : "", size);
		break;
	case FK_INFO:
		break;
	}
}

void form_load(struct form *f, const struct case_record *c)
{
	char buf[FORM_VALUE_MAX];
	for (int i = 0; i < f->n; i++) {
		form_field_text(f, i, c, buf, sizeof buf);
		form_set(f, i, buf);
	}
	form_mark_saved(f);
	f->cursor = strlen(f->val[f->cur]);
	f->msg[0] = '\0';
	f->msg_field = -1;
}

static enum cw_status parse_value(const struct form *f, int i, const char *v, struct case_record *c,
				  struct cw_error *err)
{
	const struct form_field *d = &f->fields[i];
	const char *why = NULL;
	char shown[160];
	cw_sanitize(shown, sizeof shown, v);

	switch (d->kind) {
	case FK_TEXT:
	case FK_LINES:
	case FK_PICK:
		if (!cw_utf8_valid(v) || cw_has_controls(v, d->kind == FK_LINES ? "\n" : ""))
			return cw_fail(err, CW_ERR_INVALID, "%s: control characters are not allowed; use plain text",
				       d->label);
		if (strlen(v) >= d->size)
			return cw_fail(err, CW_ERR_INVALID, "%s: is too long; at most %zu bytes are allowed",
				       d->label, d->size - 1);
		if (d->kind == FK_PICK && *v) {
			struct form_choice ch[PICK_MAX];
			int n = choice_list(f, i, ch, PICK_MAX), k;
			for (k = 0; k < n && strcmp(ch[k].key, v) != 0; k++)
				;
			if (k == n)
				return cw_fail(err, CW_ERR_INVALID, "%s: '%s' is not on the list; press Enter to pick one",
					       d->label, shown);
		}
		if (c && d->offset != FORM_NO_BIND)
			cw_strlcpy(field_wptr(c, d), v, d->size);
		break;
	case FK_DATE: {
		struct date dt = DATE_NONE;
		if (*v && !date_parse(v, &dt, &why)) {
			if (strncmp(why, "is ", 3) == 0 || strncmp(why, "has ", 4) == 0)
				return cw_fail(err, CW_ERR_INVALID, "%s: '%s' %s", d->label, shown, why);
			return cw_fail(err, CW_ERR_INVALID, "%s: %s", d->label, why);
		}
		/* the day something happened: not after today (a date stored
		 * before, left as it was, is core's to judge) */
		if (*v && d->max > 0 && strcmp(v, f->orig[i]) != 0 &&
		    act_check_happened(d->label, dt, date_today(), err) != CW_OK)
			return CW_ERR_INVALID;
		if (c && d->offset != FORM_NO_BIND)
			memcpy(field_wptr(c, d), &dt, sizeof dt);
		break;
	}
	case FK_MONEY: {
		int64_t m = 0;
		if (*v && !money_parse(v, MONEY_NONNEG, &m, &why))
			return cw_fail(err, CW_ERR_INVALID, "%s: '%s' %s", d->label, shown, why);
		if (d->max > 0 && m > d->max) {
			char lim[MONEY_BUF];
			return cw_fail(err, CW_ERR_INVALID, "%s: %s is above the most allowed, %s", d->label, shown,
				       money_format(d->max, MONEY_GROUP, lim, sizeof lim));
		}
		if (c && d->offset != FORM_NO_BIND)
			memcpy(field_wptr(c, d), &m, sizeof m);
		break;
	}
	case FK_QUANTITY: {
		int64_t q = 0;
		if (*v && !quantity_parse(v, &q, &why))
			return cw_fail(err, CW_ERR_INVALID, "%s: '%s' %s", d->label, shown, why);
		if (c && d->offset != FORM_NO_BIND)
			memcpy(field_wptr(c, d), &q, sizeof q);
		break;
	}
	case FK_NUMBER: {
		char *end;
		long n = 0;
		if (*v) {
			n = strtol(v, &end, 10);
			if (*end || end == v || n < d->min || n > d->max)
				return cw_fail(err, CW_ERR_INVALID, "%s: '%s' is not allowed; enter a whole number from %lld to %lld",
					       d->label, shown, (long long)d->min, (long long)d->max);
		}
		int iv = (int)n;
		if (c && d->offset != FORM_NO_BIND)
			memcpy(field_wptr(c, d), &iv, sizeof iv);
		break;
	}
	case FK_CHOICE: {
		int iv = d->first > 0 ? d->first - 1 : d->min < 0 ? (int)d->min : 0;
		bool set = false;
		if (*v) {
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < d->first || n >= d->nchoices)
				return cw_fail(err, CW_ERR_INVALID, "%s: not one of the choices; press Space to go through them",
					       d->label);
			iv = (int)n;
			set = true;
		}
		if (c && d->offset != FORM_NO_BIND) {
			memcpy(field_wptr(c, d), &iv, sizeof iv);
			if (d->set_offset != FORM_NO_BIND)
				memcpy((char *)c + d->set_offset, &set, sizeof set);
		}
		break;
	}
	case FK_YESNO: {
		if (*v && strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			return cw_fail(err, CW_ERR_INVALID, "%s: answer y (yes) or n (no)", d->label);
		bool b = strcmp(v, "yes") == 0;
		if (c && d->offset != FORM_NO_BIND)
			memcpy(field_wptr(c, d), &b, sizeof b);
		break;
	}
	case FK_TRI: {
		if (*v && strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			return cw_fail(err, CW_ERR_INVALID, "%s: answer y (yes), n (no), or leave it blank", d->label);
		int t = !*v ? TRI_UNSET : strcmp(v, "yes") == 0 ? TRI_YES : TRI_NO;
		if (c && d->offset != FORM_NO_BIND)
			memcpy(field_wptr(c, d), &t, sizeof t);
		break;
	}
	case FK_INFO:
		break;
	}
	return CW_OK;
}

/* What is stored has no white space at either end: a note of only
 * spaces is an empty note, " 12.50" is 12.50. */
static enum cw_status parse_field(const struct form *f, int i, struct case_record *c, struct cw_error *err)
{
	char *v = cw_trim(xstrdup(f->val[i]));
	enum cw_status st = parse_value(f, i, v, c, err);
	if (st == CW_OK && *v && f->check_ex)
		st = f->check_ex(f, i, v, err);
	free(v);
	return st;
}

enum cw_status form_check(const struct form *f, int i, struct cw_error *err)
{
	return parse_field(f, i, NULL, err);
}

enum cw_status form_apply(struct form *f, struct case_record *c, bool for_save, struct cw_error *err)
{
	struct case_record *copy = xmalloc(sizeof *copy);
	memcpy(copy, c, sizeof *copy);
	for (int i = 0; i < f->n; i++) {
		enum cw_status st = parse_field(f, i, copy, err);
		if (st == CW_OK && for_save && f->fields[i].required && cw_blank(f->val[i]))
			st = cw_fail(err, CW_ERR_INVALID, "%s: is required; fill it in before saving",
				     f->fields[i].label);
		if (st != CW_OK) {
			f->cur = i;
			f->cursor = strlen(f->val[i]);
			cw_strlcpy(f->msg, err ? err->msg : "", sizeof f->msg);
			f->msg_field = i;
			free(copy);
			return st;
		}
	}
	memcpy(c, copy, sizeof *c);
	free(copy);
	return CW_OK;
}

bool form_field_dirty(const struct form *f, int i)
{
	return strcmp(f->val[i], f->orig[i]) != 0;
}

bool form_dirty(const struct form *f)
{
	for (int i = 0; i < f->n; i++)
		if (form_field_dirty(f, i))
			return true;
	return false;
}

void form_mark_saved(struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		free(f->orig[i]);
		f->orig[i] = xstrdup(f->val[i]);
	}
}

char *form_serialize(const struct form *f)
{
	size_t cap = 64, len = 0;
	for (int i = 0; i < f->n; i++)
		cap += strlen(f->fields[i].key) + 2 * strlen(f->val[i]) + 3;
	char *out = xmalloc(cap);
	for (int i = 0; i < f->n; i++) {
		if (f->fields[i].kind == FK_INFO)
			continue;
		len += (size_t)snprintf(out + len, cap - len, "%s=", f->fields[i].key);
		for (const char *p = f->val[i]; *p; p++) {
			if (*p == '\\') {
				out[len++] = '\\';
				out[len++] = '\\';
			} else if (*p == '\n') {
				out[len++] = '\\';
				out[len++] = 'n';
			} else {
				out[len++] = *p;
			}
		}
		out[len++] = '\n';
	}
	out[len] = '\0';
	return out;
}

enum cw_status form_deserialize(struct form *f, const char *data, struct cw_error *err)
{
	const char *p = data;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t linelen = eol ? (size_t)(eol - p) : strlen(p);
		const char *eq = memchr(p, '=', linelen);
		if (!eq)
			return cw_fail(err, CW_ERR_INVALID, "draft: a line without '=' (the draft is damaged)");
		char key[128];
		size_t klen = (size_t)(eq - p);
		if (klen >= sizeof key)
			klen = sizeof key - 1;
		memcpy(key, p, klen);
		key[klen] = '\0';
		char *val = xmalloc(linelen + 1);
		size_t o = 0;
		for (const char *q = eq + 1; q < p + linelen; q++) {
			if (*q == '\\' && q + 1 < p + linelen) {
				q++;
				val[o++] = *q == 'n' ? '\n' : *q;
			} else {
				val[o++] = *q;
			}
		}
		val[o] = '\0';
		int i = form_find(f, key);
		if (i >= 0 && f->fields[i].kind != FK_INFO)
			form_set(f, i, val);
		free(val);
		p = eol ? eol + 1 : p + linelen;
	}
	f->cursor = strlen(f->val[f->cur]);
	return CW_OK;
}

/* ---- keys ---- */

static bool is_typed(enum form_kind k)
{
	return k == FK_TEXT || k == FK_LINES || k == FK_DATE || k == FK_MONEY || k == FK_QUANTITY ||
	       k == FK_NUMBER;
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

static void insert_text(struct form *f, const char *s, size_t n)
{
	const struct form_field *d = &f->fields[f->cur];
	char *v = f->val[f->cur];
	size_t len = strlen(v);
	size_t limit = d->size && d->size < FORM_VALUE_MAX ? d->size - 1 : FORM_VALUE_MAX - 1;
	if (d->kind != FK_TEXT && d->kind != FK_LINES)
		limit = 40;
	if (len + n > limit) {
		snprintf(f->msg, sizeof f->msg, "%s: is full; at most %zu bytes fit", d->label, limit);
		f->msg_field = f->cur;
		return;
	}
	char *nv = xmalloc(len + n + 1);
	memcpy(nv, v, f->cursor);
	memcpy(nv + f->cursor, s, n);
	memcpy(nv + f->cursor + n, v + f->cursor, len - f->cursor + 1);
	free(v);
	f->val[f->cur] = nv;
	f->cursor += n;
}

static size_t prev_char(const char *v, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)v[at] & 0xc0) == 0x80)
		at--;
	return at;
}

static size_t next_char(const char *v, size_t at)
{
	if (!v[at])
		return at;
	at++;
	while (v[at] && ((unsigned char)v[at] & 0xc0) == 0x80)
		at++;
	return at;
}

static void delete_range(struct form *f, size_t from, size_t to)
{
	char *v = f->val[f->cur];
	memmove(v + from, v + to, strlen(v + to) + 1);
	f->cursor = from;
}

/* Leaves the current field for `to` if the current one is valid. */
static enum form_event move_to(struct form *f, int to)
{
	struct cw_error err = {0};
	if (to < 0)
		to = 0;
	if (to >= f->n)
		to = f->n - 1;
	if (form_check(f, f->cur, &err) != CW_OK) {
		cw_strlcpy(f->msg, err.msg, sizeof f->msg);
		f->msg_field = f->cur;
		return FORM_REFUSED;
	}
	if (f->msg_field == f->cur) {
		f->msg[0] = '\0';
		f->msg_field = -1;
	}
	f->cur = to;
	f->cursor = strlen(f->val[to]);
	return FORM_MOVED;
}

static int step_field(const struct form *f, int from, int dir)
{
	int i = from;
	for (int k = 0; k < f->n; k++) {
		i += dir;
		if (i < 0 || i >= f->n)
			return from;
		if (f->fields[i].kind != FK_INFO)
			return i;
	}
	return from;
}

static void cycle_choice(struct form *f, int dir)
{
	struct form_choice ch[PICK_MAX];
	int n = choice_list(f, f->cur, ch, PICK_MAX);
	int at = -1; /* -1: unset */
	for (int k = 0; k < n; k++)
		if (strcmp(ch[k].key, f->val[f->cur]) == 0)
			at = k;
	at += dir;
	if (at >= n)
		at = -1;
	if (at < -1)
		at = n - 1;
	form_set(f, f->cur, at < 0 ? "" : ch[at].key);
}

static void pick_open(struct form *f)
{
	f->picking = true;
	f->pick_sel = 0;
	f->pick_top = 0;
	f->pick_filter[0] = '\0';
}

static int pick_matches(const struct form *f, struct form_choice *all, int n, int *idx)
{
	int m = 0;
	for (int k = 0; k < n; k++)
		if (cw_contains_ci(all[k].label, f->pick_filter) || cw_contains_ci(all[k].key, f->pick_filter))
			idx[m++] = k;
	return m;
}

static enum form_event pick_key(struct form *f, int key, int page_rows)
{
	struct form_choice ch[PICK_MAX];
	int idx[PICK_MAX];
	int n = choice_list(f, f->cur, ch, PICK_MAX);
	int m = pick_matches(f, ch, n, idx);
	if (key == TK_ESC) {
		f->picking = false;
	} else if (key == '\r' || key == '\n' || key == TK_CODE(KEY_ENTER)) {
		f->picking = false;
		if (m > 0) {
			form_set(f, f->cur, ch[idx[f->pick_sel]].key);
			if (f->on_pick)
				f->on_pick(f, f->cur);
		}
	} else if (key == TK_CODE(KEY_UP)) {
		if (f->pick_sel > 0)
			f->pick_sel--;
	} else if (key == TK_CODE(KEY_DOWN)) {
		if (f->pick_sel < m - 1)
			f->pick_sel++;
	} else if (key == TK_CODE(KEY_NPAGE)) {
		f->pick_sel = f->pick_sel + page_rows < m ? f->pick_sel + page_rows : (m ? m - 1 : 0);
	} else if (key == TK_CODE(KEY_PPAGE)) {
		f->pick_sel = f->pick_sel > page_rows ? f->pick_sel - page_rows : 0;
	} else if (key == TK_CODE(KEY_BACKSPACE) || key == 127 || key == 8) {
		size_t l = strlen(f->pick_filter);
		if (l)
			f->pick_filter[prev_char(f->pick_filter, l)] = '\0';
		f->pick_sel = 0;
	} else if (!(key & TK_FN) && key >= 0x20 && key != 0x7f) {
		char u[4];
		size_t ul = utf8_encode(key, u), l = strlen(f->pick_filter);
		if (l + ul < sizeof f->pick_filter) {
			memcpy(f->pick_filter + l, u, ul);
			f->pick_filter[l + ul] = '\0';
		}
		f->pick_sel = 0;
	}
	return FORM_HANDLED;
}

enum form_event form_key(struct form *f, int key, int page_rows)
{
	if (f->n == 0)
		return FORM_IGNORED;
	if (f->picking)
		return pick_key(f, key, page_rows);
	const struct form_field *d = &f->fields[f->cur];
	bool enter = key == '\r' || key == '\n' || key == TK_CODE(KEY_ENTER);

	switch (action_for_key(key, CTX_FORM)) {
	case ACT_NEXT_FIELD:
		return move_to(f, step_field(f, f->cur, +1));
	case ACT_PREV_FIELD:
		return move_to(f, step_field(f, f->cur, -1));
	case ACT_PGDN: {
		int to = f->cur;
		for (int k = 0; k < page_rows; k++)
			to = step_field(f, to, +1);
		return move_to(f, to);
	}
	case ACT_PGUP: {
		int to = f->cur;
		for (int k = 0; k < page_rows; k++)
			to = step_field(f, to, -1);
		return move_to(f, to);
	}
	default:
		break;
	}
	if (enter && d->kind != FK_LINES && d->kind != FK_PICK)
		return move_to(f, step_field(f, f->cur, +1));

	bool printable = !(key & TK_FN) && key >= 0x20 && key != 0x7f;
	bool editing_key = printable || enter || key == TK_CODE(KEY_BACKSPACE) || key == 127 || key == 8 ||
			   key == TK_CODE(KEY_DC) || key == TK_CTRL('u') || key == TK_CTRL('d');
	if (f->readonly && editing_key) {
		snprintf(f->msg, sizeof f->msg, "This form is read-only for you.");
		f->msg_field = -1;
		return FORM_HANDLED;
	}

	if (is_typed(d->kind)) {
		char *v = f->val[f->cur];
		/* a cursor left over from another field's text must never
		 * index past this one's (nor into a character) */
		if (f->cursor > strlen(v) || (((unsigned char)v[f->cursor] & 0xc0) == 0x80))
			f->cursor = strlen(v);
		if (printable || (enter && d->kind == FK_LINES)) {
			char u[4];
			size_t ul = enter ? (u[0] = '\n', 1) : utf8_encode(key, u);
			insert_text(f, u, ul);
		} else if (key == TK_CODE(KEY_BACKSPACE) || key == 127 || key == 8) {
			if (f->cursor)
				delete_range(f, prev_char(v, f->cursor), f->cursor);
		} else if (key == TK_CODE(KEY_DC) || key == TK_CTRL('d')) {
			if (v[f->cursor])
				delete_range(f, f->cursor, next_char(v, f->cursor));
		} else if (key == TK_CODE(KEY_LEFT)) {
			f->cursor = prev_char(v, f->cursor);
		} else if (key == TK_CODE(KEY_RIGHT)) {
			f->cursor = next_char(v, f->cursor);
		} else if (key == TK_CODE(KEY_HOME) || key == TK_CTRL('a')) {
			f->cursor = 0;
		} else if (key == TK_CODE(KEY_END) || key == TK_CTRL('e')) {
			f->cursor = strlen(v);
		} else if (key == TK_CTRL('u')) {
			delete_range(f, 0, f->cursor);
		} else {
			return FORM_IGNORED;
		}
		return FORM_HANDLED;
	}
	switch (d->kind) {
	case FK_CHOICE:
	case FK_PICK:
		if (enter || (d->kind == FK_PICK && printable && key != ' ')) {
			pick_open(f);
			if (printable && key != ' ')
				pick_key(f, key, page_rows);
			return FORM_HANDLED;
		}
		if (key == ' ' || key == TK_CODE(KEY_RIGHT))
			cycle_choice(f, +1);
		else if (key == TK_CODE(KEY_LEFT))
			cycle_choice(f, -1);
		else if (key == TK_CODE(KEY_BACKSPACE) || key == 127 || key == TK_CODE(KEY_DC))
			form_set(f, f->cur, "");
		else if (printable) {
			struct form_choice ch[PICK_MAX];
			int n = choice_list(f, f->cur, ch, PICK_MAX);
			for (int k = 0; k < n; k++)
				if (ch[k].label[0] && (ch[k].label[0] | 0x20) == (key | 0x20)) {
					form_set(f, f->cur, ch[k].key);
					break;
				}
		} else
			return FORM_IGNORED;
		return FORM_HANDLED;
	case FK_YESNO:
	case FK_TRI:
		if (key == 'y' || key == 'Y')
			form_set(f, f->cur, "yes");
		else if (key == 'n' || key == 'N')
			form_set(f, f->cur, "no");
		else if (key == ' ' || key == TK_CODE(KEY_RIGHT) || key == TK_CODE(KEY_LEFT)) {
			const char *v = f->val[f->cur];
			const char *nx = strcmp(v, "yes") == 0 ? "no" : (strcmp(v, "no") == 0 && d->kind == FK_TRI) ? "" : "yes";
			form_set(f, f->cur, nx);
		} else if ((key == TK_CODE(KEY_BACKSPACE) || key == 127 || key == TK_CODE(KEY_DC)) && d->kind == FK_TRI)
			form_set(f, f->cur, "");
		else
			return FORM_IGNORED;
		return FORM_HANDLED;
	default:
		return FORM_IGNORED;
	}
}

/* ---- drawing ---- */

static int label_width(const struct form *f, int width)
{
	int w = 0;
	for (int i = 0; i < f->n; i++) {
		int lw = draw_width(f->fields[i].label);
		if (f->fields[i].kind != FK_INFO && lw > w)
			w = lw;
	}
	if (w > width / 2 - 2)
		w = width / 2 - 2;
	return w;
}

/* a then b into dst, cut to fit on a character boundary. */
static void join2(char *dst, size_t size, const char *a, const char *b)
{
	cw_strlcpy(dst, a, size);
	size_t l = strlen(dst);
	cw_strlcpy(dst + l, b, size - l);
}

static void value_text(const struct form *f, int i, char *buf, size_t size)
{
	const struct form_field *d = &f->fields[i];
	if (d->kind == FK_CHOICE || d->kind == FK_PICK) {
		form_choice_label(f, i, f->val[i], buf, size);
		return;
	}
	cw_strlcpy(buf, f->val[i], size);
}

static void draw_picker(struct form *f, int top, int height, int width)
{
	struct form_choice ch[PICK_MAX];
	int idx[PICK_MAX];
	int n = choice_list(f, f->cur, ch, PICK_MAX);
	int m = pick_matches(f, ch, n, idx);
	char line[256];
	snprintf(line, sizeof line, "Pick %s (type to narrow, Enter picks, Esc cancels): %s",
		 f->fields[f->cur].label, f->pick_filter);
	draw_text(top, 0, width, line, A_BOLD, true);
	int rows = height - 1;
	if (f->pick_sel < f->pick_top)
		f->pick_top = f->pick_sel;
	if (f->pick_sel >= f->pick_top + rows)
		f->pick_top = f->pick_sel - rows + 1;
	for (int r = 0; r < rows; r++) {
		int k = f->pick_top + r;
		if (k >= m) {
			draw_blank(top + 1 + r, 0, width);
			continue;
		}
		bool sel = k == f->pick_sel;
		draw_text(top + 1 + r, 0, 2, sel ? ">" : " ", A_BOLD, true);
		draw_text(top + 1 + r, 2, width - 2, ch[idx[k]].label, sel ? A_REVERSE : A_NORMAL, false);
	}
	if (m == 0)
		draw_text(top + 1, 2, width - 2, "(nothing matches)", A_NORMAL, false);
}

/* Rows of a multi-line value as it is edited: wrapped at `width`
 * columns (at the last space before it, a word wider than the field
 * cut) and at each newline. starts[r] is the byte offset row r
 * begins at; (*crow, *ccol) is where the cursor's byte offset falls.
 * Widths are as draw_text shows the text (sanitised). */
#define LINES_ROWS_MAX 6
#define LINES_LAYOUT_MAX 512
static int lines_layout(const char *v, int width, size_t cursor, size_t *starts, int *crow, int *ccol)
{
	int row = 0, col = 0, brk_col = 0;
	size_t i = 0, brk = 0; /* brk: just after the row's last space, 0 none */
	starts[0] = 0;
	*crow = 0;
	*ccol = 0;
	for (;;) {
		if (i == cursor) {
			*crow = row;
			*ccol = col;
		}
		if (!v[i])
			break;
		size_t len = 1;
		int w = 1;
		if (v[i] == '\n') {
			w = -1;
		} else if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
			w = 2; /* shown as ^X */
		} else if ((unsigned char)v[i] >= 0x80) {
			const unsigned char *u = (const unsigned char *)v + i;
			size_t n = (u[0] & 0xe0) == 0xc0 ? 2 : (u[0] & 0xf0) == 0xe0 ? 3 : (u[0] & 0xf8) == 0xf0 ? 4 : 0;
			unsigned cp = n == 2 ? u[0] & 0x1fu : n == 3 ? u[0] & 0x0fu : u[0] & 0x07u;
			for (size_t k = 1; k < n; k++) {
				if ((u[k] & 0xc0) != 0x80) {
					n = 0;
					break;
				}
				cp = (cp << 6) | (u[k] & 0x3fu);
			}
			if (n == 0) {
				w = 4; /* an invalid byte shows as \xNN */
			} else {
				len = n;
				if (cp <= 0x9f)
					w = 6; /* a C1 control shows as \u00XX */
				else if (!draw_is_utf8())
					w = 1; /* shown as ? */
				else if ((w = wcwidth((wchar_t)cp)) < 0)
					w = 1;
			}
		}
		if (w >= 0 && col + w > width && col > 0) {
			if (row + 1 >= LINES_LAYOUT_MAX)
				break;
			if (brk > starts[row] && v[i] != ' ') {
				/* wrap at the last space: the word moves down whole */
				starts[++row] = brk;
				if (cursor >= brk && cursor < i) {
					*crow = row;
					*ccol -= brk_col;
				}
				col -= brk_col;
				if (col + w > width && row + 1 < LINES_LAYOUT_MAX) {
					starts[++row] = i;
					col = 0;
				}
			} else {
				starts[++row] = i; /* a word wider than the field: cut */
				col = 0;
			}
			brk = 0;
			if (i == cursor) {
				*crow = row;
				*ccol = col;
			}
		}
		i += len;
		if (w < 0) {
			if (row + 1 >= LINES_LAYOUT_MAX)
				break;
			starts[++row] = i;
			col = 0;
			brk = 0;
		} else {
			col += w;
			if (v[i - len] == ' ') {
				brk = i;
				brk_col = col;
			}
		}
	}
	starts[row + 1] = strlen(v);
	return row + 1;
}

/* The field being edited, when it holds lines: shown over up to
 * LINES_ROWS_MAX rows (at most `avail`), scrolled to the cursor. */
static int lines_rows(const struct form *f, int i, bool editing, int vw, int avail)
{
	static size_t starts[LINES_LAYOUT_MAX + 1];
	int crow, ccol;
	if (!editing || i != f->cur || f->fields[i].kind != FK_LINES || vw < 4)
		return 1;
	int n = lines_layout(f->val[i], vw - 1, f->cursor, starts, &crow, &ccol);
	int k = n < LINES_ROWS_MAX ? n : LINES_ROWS_MAX;
	if (k > avail)
		k = avail;
	return k > 0 ? k : 1;
}

static void draw_lines(const struct form *f, int i, int y, int vx, int vw, int k, attr_t at, int *cy, int *cx)
{
	static size_t starts[LINES_LAYOUT_MAX + 1];
	int crow, ccol;
	const char *v = f->val[i];
	int n = lines_layout(v, vw - 1, f->cursor, starts, &crow, &ccol);
	int first = crow >= k ? crow - k + 1 : 0;
	for (int r = 0; r < k; r++) {
		int row = first + r;
		if (row >= n) {
			draw_blank(y + r, vx, vw);
			continue;
		}
		size_t from = starts[row], to = starts[row + 1];
		if (to > from && v[to - 1] == '\n')
			to--;
		char seg[FORM_VALUE_MAX];
		size_t len = to - from < sizeof seg - 1 ? to - from : sizeof seg - 1;
		memcpy(seg, v + from, len);
		seg[len] = '\0';
		draw_text(y + r, vx, vw, seg, at, true);
	}
	*cy = y + crow - first;
	*cx = vx + ccol;
}

void form_draw(struct form *f, int top, int height, int width, bool editing)
{
	if (f->picking) {
		draw_picker(f, top, height, width);
		curs_set(0);
		return;
	}
	int lw = label_width(f, width);
	int vx = 2 + lw + 2, vw = width - vx;
	int cur_rows = f->cur < f->n ? lines_rows(f, f->cur, editing, vw, height) : 1;
	if (f->cur < f->top)
		f->top = f->cur;
	if (f->cur - f->top + cur_rows > height)
		f->top = f->cur + cur_rows - height;
	int cy = -1, cx = 0;
	int y = top;
	for (int i = f->top; y < top + height; i++) {
		if (i >= f->n) {
			draw_blank(y++, 0, width);
			continue;
		}
		const struct form_field *d = &f->fields[i];
		bool here = editing && i == f->cur;
		if (d->kind == FK_INFO) {
			draw_text(y++, 0, width, d->label, A_BOLD, true);
			continue;
		}
		int k = i == f->cur ? cur_rows : 1;
		if (k > top + height - y)
			k = top + height - y;
		draw_text(y, 0, 1, here ? ">" : " ", A_BOLD, true);
		draw_text(y, 1, 1, form_field_dirty(f, i) ? "*" : " ", A_BOLD, true);
		draw_text(y, 2, lw, d->label, here ? A_BOLD : A_NORMAL, true);
		draw_blank(y, 2 + lw, 2);
		for (int r = 1; r < k; r++)
			draw_blank(y + r, 0, vx);
		char buf[FORM_VALUE_MAX];
		value_text(f, i, buf, sizeof buf);
		attr_t at = (f->msg_field == i) ? A_UNDERLINE | A_BOLD : A_NORMAL;
		if (here && d->kind == FK_LINES && vw >= 4) {
			draw_lines(f, i, y, vx, vw, k, at, &cy, &cx);
		} else if (here && is_typed(d->kind)) {
			int ccol = draw_width_prefix(buf, f->cursor);
			int skip = ccol >= vw - 1 ? ccol - vw + 2 : 0;
			draw_text_from(y, vx, vw, buf, skip, at, true);
			cy = y;
			cx = vx + ccol - skip;
		} else if (d->kind == FK_CHOICE || d->kind == FK_PICK) {
			char shown_v[FORM_VALUE_MAX];
			join2(shown_v, sizeof shown_v, buf[0] ? buf : "-",
			      here ? (d->kind == FK_PICK ? "  (Enter: pick)" : "  (Space: change)") : "");
			draw_text(y, vx, vw, shown_v, at, true);
		} else if (d->kind == FK_YESNO || d->kind == FK_TRI) {
			char shown_v[64];
			join2(shown_v, sizeof shown_v, buf[0] ? buf : "-", here ? "  (y/n)" : "");
			draw_text(y, vx, vw, shown_v, at, true);
		} else {
			draw_text(y, vx, vw, buf, at, true);
		}
		y += k;
	}
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	} else {
		curs_set(0);
	}
}
