/* export.c - cases as JSON (the contract in docs/export.md) or CSV. */
#include "core/export.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/date.h"
#include "core/money.h"
#include "core/rules.h"
#include "core/util.h"

struct export_writer {
	FILE *out;
	enum export_format fmt;
	size_t n; /* cases written */
};

static const char *const manage_keys[] = {"", "alone", "with_help", "cannot"};

/* ---- UTF-8 ---- */

/* Decodes one UTF-8 sequence at s. Returns its length and sets *cp, or
 * returns 0 for an invalid byte (overlong forms, surrogates and values
 * above U+10FFFF are invalid). */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

void export_json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	putc('"', out);
	while (*p) {
		uint32_t cp;
		size_t len = utf8_decode(p, &cp);
		if (len == 0) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		switch (cp) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default:
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
			    cp == 0x2028 || cp == 0x2029)
				fprintf(out, "\\u%04" PRIx32, cp);
			else
				fwrite(p, 1, len, out);
		}
		p += len;
	}
	putc('"', out);
}

void export_csv_field(FILE *out, const char *s)
{
	size_t len;
	bool quote;

	s = s ? s : "";
	len = strlen(s);
	quote = strpbrk(s, ",\"\r\n") != NULL || (len && (s[0] == ' ' || s[len - 1] == ' '));
	if (quote)
		putc('"', out);
	/* A leading formula character would make a spreadsheet run the text. */
	if (strchr("=+@\t\r", s[0]) && s[0] != '\0')
		putc('\'', out);
	else if (s[0] == '-' && !(s[1] >= '0' && s[1] <= '9'))
		putc('\'', out);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			putc('"', out);
		putc(*p, out);
	}
	if (quote)
		putc('"', out);
}

/* ---- JSON pieces ---- */

static void j_key(FILE *o, const char *key, bool *first)
{
	if (!*first)
		putc(',', o);
	*first = false;
	putc('"', o);
	fputs(key, o); /* keys are our own ASCII identifiers */
	fputs("\":", o);
}

static void j_str(FILE *o, const char *key, const char *val, bool *first)
{
	j_key(o, key, first);
	export_json_string(o, val);
}

/* A string, or null when empty. */
static void j_str_or_null(FILE *o, const char *key, const char *val, bool *first)
{
	j_key(o, key, first);
	if (val && *val)
		export_json_string(o, val);
	else
		fputs("null", o);
}

static void j_money(FILE *o, const char *key, int64_t pence, bool *first)
{
	char buf[MONEY_BUF];
	j_key(o, key, first);
	putc('"', o);
	fputs(money_format(pence, MONEY_PLAIN, buf, sizeof buf), o);
	putc('"', o);
}

static void j_date(FILE *o, const char *key, struct date d, bool *first)
{
	char buf[DATE_BUF];
	j_key(o, key, first);
	if (date_is_set(d))
		fprintf(o, "\"%s\"", date_format(d, buf, sizeof buf));
	else
		fputs("null", o);
}

static void j_bool(FILE *o, const char *key, bool v, bool *first)
{
	j_key(o, key, first);
	fputs(v ? "true" : "false", o);
}

static void j_tri(FILE *o, const char *key, enum tri v, bool *first)
{
	j_key(o, key, first);
	fputs(v == TRI_YES ? "true" : v == TRI_NO ? "false" : "null", o);
}

static void j_int(FILE *o, const char *key, int64_t v, bool *first)
{
	j_key(o, key, first);
	fprintf(o, "%" PRId64, v);
}

/* ---- figures shared by both formats ---- */

struct budget_figures {
	int64_t indicative, final, person, council;
};

/* The personal budget statement's three figures: the cost of meeting
 * the needs (the final weekly budget), what the person pays (their
 * assessed contribution, never more than the cost) and the rest, which
 * the council pays. */
static void budget_figures(const struct case_record *c, struct budget_figures *b)
{
	b->indicative = c->assessment.indicative_weekly;
	struct budget_statement bs;
	rules_budget_statement(case_final_weekly(c), c->assessment.person_weekly, &bs);
	b->final = bs.cost_weekly;
	b->person = bs.person_weekly;
	b->council = bs.council_weekly;
}

static const char *route_key(enum route r)
{
	return r > ROUTE_NONE && r < ROUTE_COUNT ? route_keys[r] : "";
}

/* ---- one case as JSON ---- */

static void json_case(FILE *o, const struct case_record *c)
{
	bool f = true, g;
	struct budget_figures b;
	char qty[MONEY_BUF];

	putc('{', o);
	j_str(o, "id", c->ref, &f);

	j_key(o, "person", &f);
	g = true;
	putc('{', o);
	j_str(o, "name", c->person.name, &g);
	j_date(o, "date_of_birth", c->person.date_of_birth, &g);
	j_str_or_null(o, "address", c->person.address, &g);
	j_str(o, "client_group", client_group_keys[c->person.group], &g);
	putc('}', o);

	j_str(o, "stage", stage_keys[c->stage], &f);
	j_str_or_null(o, "worker", c->worker, &f);
	j_str_or_null(o, "team", c->team, &f);
	j_date(o, "opened", c->opened, &f);
	j_date(o, "closed", c->closed, &f);
	j_int(o, "version", c->version, &f);

	const struct decision_record *d = &c->decision;
	j_key(o, "decision", &f);
	g = true;
	putc('{', o);
	j_str_or_null(o, "route", route_key(d->route), &g);
	j_tri(o, "has_capacity", d->has_capacity, &g);
	j_str_or_null(o, "authorised_person", d->authorised_person, &g);
	j_str_or_null(o, "can_manage", manage_keys[d->can_manage], &g);
	j_date(o, "decided_on", d->decided_on, &g);
	putc('}', o);

	const struct assessment_record *a = &c->assessment;
	j_key(o, "assessment", &f);
	g = true;
	putc('{', o);
	/* a carer's case: the carer's eight outcomes (reg 3), by their keys;
	 * one assessed with the adult's test before casework had the
	 * carer's says so, with the outcomes it was assessed against */
	struct outcome_view ov;
	assessment_outcomes(a, case_is_carer(c) && !rules_carer_assessed_before_reg3(c), &ov);
	j_str(o, "eligibility_test", ov.carer ? "carer" : "adult", &g);
	j_key(o, "outcomes", &g);
	putc('{', o);
	bool h = true;
	for (int i = 0; i < ov.n; i++) {
		bool k = true;
		j_key(o, ov.keys[i], &h);
		putc('{', o);
		j_str_or_null(o, "level",
			      ov.level_set[i] && ov.levels[i] >= 0 && ov.levels[i] < NEED_LEVELS
				      ? policy_level_keys[ov.levels[i]] : "",
			      &k);
		j_bool(o, "unable", ov.unable[i], &k);
		putc('}', o);
	}
	putc('}', o);
	j_tri(o, "needs_from_caring", ov.carer ? a->needs_from_caring : TRI_UNSET, &g);
	j_tri(o, "health_at_risk", ov.carer ? a->health_at_risk : TRI_UNSET, &g);
	j_tri(o, "eligible", a->eligible, &g);
	j_int(o, "points", a->points, &g);
	j_bool(o, "self_assessment", a->self_assessment, &g);
	j_date(o, "validated_on", a->validated_on, &g);
	j_date(o, "financial_assessed_on", a->financial_assessed_on, &g);
	{
		char ref[CASE_REF_MAX] = "";
		if (a->carer_case_id)
			case_ref_format(a->carer_case_id, ref, sizeof ref);
		j_str_or_null(o, "carer_case", ref, &g);
		ref[0] = '\0';
		if (a->cared_for_case_id)
			case_ref_format(a->cared_for_case_id, ref, sizeof ref);
		j_str_or_null(o, "cared_for_case", ref, &g);
	}
	putc('}', o);

	budget_figures(c, &b);
	j_key(o, "budget", &f);
	g = true;
	putc('{', o);
	j_money(o, "indicative_weekly", b.indicative, &g);
	j_money(o, "final_weekly", b.final, &g);
	j_money(o, "person_weekly", b.person, &g);
	j_money(o, "council_weekly", b.council, &g);
	putc('}', o);

	const struct panel_record *p = &c->panel;
	j_key(o, "panel", &f);
	g = true;
	putc('{', o);
	j_tri(o, "required", p->required, &g);
	j_key(o, "reasons", &g);
	putc('[', o);
	{
		const char *r = p->reasons;
		bool first_reason = true;
		while (*r) {
			size_t len = strcspn(r, "\n");
			if (len > 0) {
				char line[CASE_TEXT_MAX];
				memcpy(line, r, len);
				line[len] = '\0';
				if (!first_reason)
					putc(',', o);
				first_reason = false;
				export_json_string(o, line);
			}
			r += len;
			if (*r == '\n')
				r++;
		}
	}
	putc(']', o);
	j_str_or_null(o, "decision",
		      p->required == TRI_YES ? panel_decision_keys[p->decision] : "", &g);
	j_money(o, "approved_weekly", p->approved_weekly, &g);
	j_date(o, "decided_on", p->decided_on, &g);
	putc('}', o);

	const struct plan_record *pl = &c->plan;
	j_key(o, "plan", &f);
	g = true;
	putc('{', o);
	j_key(o, "lines", &g);
	putc('[', o);
	for (int i = 0; i < pl->nlines; i++) {
		const struct plan_line *l = &pl->lines[i];
		bool k = true;
		if (i)
			putc(',', o);
		putc('{', o);
		j_str(o, "category", l->category, &k);
		j_str_or_null(o, "need", l->need, &k);
		j_str_or_null(o, "description", l->description, &k);
		j_str_or_null(o, "provider", l->provider, &k);
		j_bool(o, "one_off", l->one_off, &k);
		j_key(o, "units_per_week", &k);
		fprintf(o, "\"%s\"", quantity_format(l->units_per_week, qty, sizeof qty));
		j_money(o, "rate", l->rate, &k);
		j_money(o, "weekly_cost", l->weekly_cost, &k);
		j_str_or_null(o, "route", route_key(l->route), &k);
		putc('}', o);
	}
	putc(']', o);
	j_money(o, "total_weekly", pl->total_weekly, &g);
	j_date(o, "agreed_on", pl->agreed_on, &g);
	j_str_or_null(o, "account", pl->account ? account_keys[pl->account] : "", &g);
	j_date(o, "start_date", pl->start_date, &g);
	putc('}', o);

	const struct review_record *r = &c->review;
	j_key(o, "review", &f);
	g = true;
	putc('{', o);
	j_date(o, "next_due", r->next_due, &g);
	j_date(o, "audit_due", r->audit_due, &g);
	j_bool(o, "high_risk", r->high_risk, &g);
	j_key(o, "history", &g);
	putc('[', o);
	for (int i = 0; i < r->nhistory; i++) {
		const struct review_entry *e = &r->history[i];
		bool k = true;
		if (i)
			putc(',', o);
		putc('{', o);
		j_date(o, "date", e->date, &k);
		j_str_or_null(o, "by", e->by, &k);
		j_str(o, "outcome", review_outcome_keys[e->outcome], &k);
		j_str_or_null(o, "findings", e->findings, &k);
		j_bool(o, "audit", e->audit, &k);
		j_bool(o, "audit_only", e->audit_only, &k);
		j_money(o, "spent", e->spent, &k);
		j_money(o, "unspent", e->unspent, &k);
		j_money(o, "misused", e->misused, &k);
		j_money(o, "clawback", e->clawback, &k);
		putc('}', o);
	}
	putc(']', o);
	putc('}', o);

	putc('}', o);
}

/* ---- one case as CSV ---- */

const char *const export_csv_columns[] = {
	"id", "name", "date_of_birth", "client_group", "address", "worker", "team",
	"stage", "opened", "closed", "route", "eligible", "points",
	"indicative_weekly", "final_weekly", "person_weekly", "council_weekly",
	"panel_required", "panel_reasons", "panel_decision", "approved_weekly",
	"plan_lines", "plan_total_weekly", "plan_agreed_on", "next_review_due",
	"audit_due", "reviews",
};
const size_t export_csv_ncolumns = CW_ARRAY_LEN(export_csv_columns);

static void csv_sep(FILE *o, bool *first)
{
	if (!*first)
		putc(',', o);
	*first = false;
}

static void c_text(FILE *o, const char *s, bool *first)
{
	csv_sep(o, first);
	export_csv_field(o, s);
}

static void c_money(FILE *o, int64_t pence, bool *first)
{
	char buf[MONEY_BUF];
	csv_sep(o, first);
	fputs(money_format(pence, MONEY_PLAIN, buf, sizeof buf), o);
}

static void c_date(FILE *o, struct date d, bool *first)
{
	char buf[DATE_BUF];
	csv_sep(o, first);
	fputs(date_format(d, buf, sizeof buf), o);
}

static void c_int(FILE *o, int64_t v, bool *first)
{
	csv_sep(o, first);
	fprintf(o, "%" PRId64, v);
}

static const char *tri_word(enum tri t)
{
	return t == TRI_YES ? "yes" : t == TRI_NO ? "no" : "";
}

static void csv_case(FILE *o, const struct case_record *c)
{
	bool f = true;
	struct budget_figures b;
	char reasons[CASE_TEXT_MAX];

	budget_figures(c, &b);
	c_text(o, c->ref, &f);
	c_text(o, c->person.name, &f);
	c_date(o, c->person.date_of_birth, &f);
	c_text(o, client_group_keys[c->person.group], &f);
	c_text(o, c->person.address, &f);
	c_text(o, c->worker, &f);
	c_text(o, c->team, &f);
	c_text(o, stage_keys[c->stage], &f);
	c_date(o, c->opened, &f);
	c_date(o, c->closed, &f);
	c_text(o, route_key(c->decision.route), &f);
	c_text(o, tri_word(c->assessment.eligible), &f);
	c_int(o, c->assessment.points, &f);
	c_money(o, b.indicative, &f);
	c_money(o, b.final, &f);
	c_money(o, b.person, &f);
	c_money(o, b.council, &f);
	c_text(o, tri_word(c->panel.required), &f);
	/* Reasons one per line in the record; "; " between them here. */
	{
		size_t n = 0;
		for (const char *r = c->panel.reasons; *r && n + 3 < sizeof reasons; r++) {
			if (*r == '\n') {
				if (r[1] && n > 0) {
					reasons[n++] = ';';
					reasons[n++] = ' ';
				}
			} else {
				reasons[n++] = *r;
			}
		}
		reasons[n] = '\0';
	}
	c_text(o, reasons, &f);
	c_text(o, c->panel.required == TRI_YES ? panel_decision_keys[c->panel.decision] : "", &f);
	c_money(o, c->panel.approved_weekly, &f);
	c_int(o, c->plan.nlines, &f);
	c_money(o, c->plan.total_weekly, &f);
	c_date(o, c->plan.agreed_on, &f);
	c_date(o, c->review.next_due, &f);
	c_date(o, c->review.audit_due, &f);
	c_int(o, c->review.nhistory, &f);
	fputs("\r\n", o);
}

/* ---- the writer ---- */

struct export_writer *export_begin(FILE *out, enum export_format fmt)
{
	struct export_writer *w = xcalloc(1, sizeof *w);
	w->out = out;
	w->fmt = fmt;
	if (fmt == EXPORT_JSON) {
		putc('[', out);
	} else {
		for (size_t i = 0; i < export_csv_ncolumns; i++) {
			if (i)
				putc(',', out);
			fputs(export_csv_columns[i], out);
		}
		fputs("\r\n", out);
	}
	return w;
}

enum cw_status export_case(struct export_writer *w, const struct case_record *c,
			   struct cw_error *err)
{
	if (w->fmt == EXPORT_JSON) {
		fputs(w->n ? ",\n" : "\n", w->out);
		json_case(w->out, c);
	} else {
		csv_case(w->out, c);
	}
	w->n++;
	if (ferror(w->out))
		return cw_fail(err, CW_ERR_IO, "could not write the export (is the disk full?)");
	return CW_OK;
}

enum cw_status export_end(struct export_writer **wp, struct cw_error *err)
{
	struct export_writer *w = *wp;
	enum cw_status st = CW_OK;

	if (!w)
		return CW_OK;
	if (w->fmt == EXPORT_JSON)
		fputs(w->n ? "\n]\n" : "]\n", w->out);
	if (fflush(w->out) != 0 || ferror(w->out))
		st = cw_fail(err, CW_ERR_IO, "could not write the export (is the disk full?)");
	free(w);
	*wp = NULL;
	return st;
}

struct export_each {
	struct export_writer *w;
	size_t *written;
	enum cw_status rc;
	struct cw_error *err;
};

static int export_one(const struct case_record *c, void *ctx)
{
	struct export_each *e = ctx;
	e->rc = export_case(e->w, c, e->err);
	if (e->rc != CW_OK)
		return 1;
	(*e->written)++;
	return 0;
}

enum cw_status export_allowed(const struct staff_member *me, struct export_filter *f, struct cw_error *err)
{
	enum cw_status rc = access_check(me, ACCESS_VIEW_CASE, NULL, NULL, err);
	if (rc != CW_OK)
		return rc;
	f->who = me;
	if (access_team_scoped(me->role, ACCESS_VIEW_CASE)) {
		f->team = me->team;
		return CW_OK;
	}
	if (f->case_id <= 0)
		return cw_fail(err, CW_ERR_DENIED, "Panel members and finance officers export one case at a time "
		               "(--case C-000123); a team's cases are exported by its social workers and team managers");
	return CW_OK;
}

enum cw_status export_check(struct store *st, const struct export_filter *filter, struct cw_error *err)
{
	int64_t case_id = filter ? filter->case_id : 0;
	const char *team = filter ? filter->team : NULL;
	enum cw_status rc = CW_OK;

	if (case_id > 0) {
		/* One case: say plainly when it is not there or not theirs. */
		struct case_record *c = xmalloc(sizeof *c);
		rc = store_case_load(st, case_id, c, err);
		if (rc == CW_OK && team && strcmp(c->team, team) != 0)
			rc = cw_fail(err, CW_ERR_DENIED,
				     "%s belongs to the team '%s'; you can export your own "
				     "team's cases", c->ref, c->team);
		if (rc == CW_OK)
			rc = access_serves_case(filter->who, c, err);
		if (rc == CW_ERR_NOT_FOUND) {
			char ref[CASE_REF_MAX];
			case_ref_format(case_id, ref, sizeof ref);
			rc = cw_fail(err, CW_ERR_NOT_FOUND, "there is no case %s", ref);
		}
		free(c);
	}
	return rc;
}

enum cw_status export_store(struct store *st, FILE *out, enum export_format fmt,
			    const struct export_filter *filter, size_t *written,
			    struct cw_error *err)
{
	int64_t case_id = filter ? filter->case_id : 0;
	const char *team = filter ? filter->team : NULL;
	enum cw_status rc;

	*written = 0;
	if ((rc = export_check(st, filter, err)) != CW_OK)
		return rc;
	/* One case at a time: 100,000 cases need the memory of one. */
	struct export_each e = {export_begin(out, fmt), written, CW_OK, err};
	rc = store_case_foreach(st, team, case_id, export_one, &e, err);
	if (rc == CW_OK)
		rc = e.rc;
	enum cw_status end = export_end(&e.w, err);
	return rc != CW_OK ? rc : end;
}
