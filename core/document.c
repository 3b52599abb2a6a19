/* document.c - the support plan and the personal budget statement for
 * the person, in plain words, at 80 columns. */
#include "core/document.h"

#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/rules.h"
#include "core/util.h"

#define LABEL_W 28 /* the label column in "Label:   value" lines */

struct doc {
	FILE *out;
	enum document_style style;
};

static void blank(struct doc *d)
{
	putc('\n', d->out);
}

/* Display width of one code point: 2 for East Asian wide ranges, else 1. */
static int cp_width(uint32_t cp)
{
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	if (cp >= 0x300 && cp <= 0x36F) /* combining accents */
		return 0;
	return 1;
}

/* Decodes the (already sanitised, so valid) UTF-8 character at s. */
static size_t next_cp(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) { *cp = u[0]; return 1; }
	if ((u[0] & 0xE0) == 0xC0 && u[1]) { *cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu); return 2; }
	if ((u[0] & 0xF0) == 0xE0 && u[1] && u[2]) {
		*cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
		return 3;
	}
	if ((u[0] & 0xF8) == 0xF0 && u[1] && u[2] && u[3]) {
		*cp = ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) |
		      (u[3] & 0x3Fu);
		return 4;
	}
	*cp = '?';
	return 1;
}

/* Columns of the first `bytes` bytes of w. */
static int width_of(const char *w, size_t bytes)
{
	int ww = 0;
	for (size_t i = 0; i < bytes;) {
		uint32_t cp;
		i += next_cp(w + i, &cp);
		ww += cp_width(cp);
	}
	return ww;
}

/* Writes text wrapped at DOCUMENT_WIDTH, the cursor being at column
 * `col` already (nothing is printed before the first word); the lines
 * after the first are indented by `rest`. A word longer than a line is
 * cut. Untrusted text is sanitised; newlines in it start new lines. */
static void wrapped_from(struct doc *d, const char *text, int col, int rest);

/* As wrapped_from, the first line indented by `first` columns. */
static void wrapped(struct doc *d, const char *text, int first, int rest)
{
	const char *t = text;
	while (*t == ' ' || *t == '\n' || *t == '\r')
		t++;
	if (!*t)
		return;
	fprintf(d->out, "%*s", first, "");
	wrapped_from(d, text, first, rest);
}

static void wrapped_from(struct doc *d, const char *text, int start, int rest)
{
	char clean[CASE_TEXT_MAX * 2];
	char safe[CASE_TEXT_MAX * 2];
	size_t n = 0;

	for (const char *p = text; *p && n + 1 < sizeof clean; p++)
		clean[n++] = *p == '\r' ? ' ' : *p;
	clean[n] = '\0';

	int col = start, indent = rest;
	bool line_start = false, first_word = true;
	char *line = clean;
	while (line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		/* Each line on its own, so the person's line breaks stay. */
		cw_sanitize(safe, sizeof safe, line);
		const char *w = safe;
		while (*w) {
			while (*w == ' ')
				w++;
			if (!*w)
				break;
			size_t wl = strcspn(w, " ");
			int ww = width_of(w, wl);
			if (!line_start && !first_word && col + 1 + ww > DOCUMENT_WIDTH) {
				putc('\n', d->out);
				line_start = true;
			}
			if (line_start) {
				fprintf(d->out, "%*s", indent, "");
				col = indent;
				line_start = false;
			} else if (!first_word) {
				putc(' ', d->out);
				col++;
			}
			first_word = false;
			/* a word wider than what is left of a line: cut it */
			while (col + ww > DOCUMENT_WIDTH && wl > 0) {
				size_t cut = 0;
				while (cut < wl) {
					uint32_t cp;
					size_t step = next_cp(w + cut, &cp);
					if (col + width_of(w, cut + step) > DOCUMENT_WIDTH)
						break;
					cut += step;
				}
				if (cut == 0 && col <= indent) { /* nothing fits even alone */
					uint32_t cp;
					cut = next_cp(w, &cp);
				}
				fwrite(w, 1, cut, d->out);
				putc('\n', d->out);
				fprintf(d->out, "%*s", indent, "");
				col = indent;
				w += cut;
				wl -= cut;
				ww = width_of(w, wl);
			}
			fwrite(w, 1, wl, d->out);
			col += ww;
			w += wl;
		}
		if (!line_start || first_word)
			putc('\n', d->out);
		line_start = true;
		first_word = false;
		col = 0;
		line = nl ? nl + 1 : NULL;
	}
}

static void heading(struct doc *d, const char *title, int level)
{
	if (d->style == DOCUMENT_MARKDOWN) {
		fprintf(d->out, "%s %s\n\n", level == 1 ? "#" : "##", title);
		return;
	}
	size_t len = strlen(title);
	fprintf(d->out, "%s\n", title);
	for (size_t i = 0; i < len; i++)
		putc(level == 1 ? '=' : '-', d->out);
	fputs("\n\n", d->out);
}

/* "Label:        value" (text), "- **Label:** value" (Markdown); a
 * long value wraps under itself (text) or under the item (Markdown). */
static void field(struct doc *d, const char *label, const char *value)
{
	const char *v = value && *value ? value : "-";
	if (d->style == DOCUMENT_MARKDOWN) {
		int n = fprintf(d->out, "- **%s:** ", label);
		wrapped_from(d, v, n, 2);
	} else {
		fprintf(d->out, "%-*s ", LABEL_W, label);
		wrapped_from(d, v, LABEL_W + 1, LABEL_W + 1);
	}
}

static void field_money(struct doc *d, const char *label, int64_t pence)
{
	char buf[MONEY_BUF];
	field(d, label, money_format(pence, MONEY_GROUP | MONEY_SYMBOL, buf, sizeof buf));
}

static void field_date(struct doc *d, const char *label, struct date dt)
{
	char buf[DATE_BUF];
	field(d, label, date_is_set(dt) ? date_format(dt, buf, sizeof buf) : "not yet set");
}


static int64_t yearly(int64_t weekly)
{
	int64_t y = 0;
	if (!money_muldiv(weekly, 52, 1, &y))
		y = 0;
	return y;
}

static void person_block(struct doc *d, const struct case_record *c, const struct policy *p)
{
	char buf[DATE_BUF];
	if (p && p->council_name[0]) {
		wrapped(d, p->council_name, 0, 0);
		blank(d);
	}
	field(d, "Name", c->person.name);
	field(d, "Date of birth", date_is_set(c->person.date_of_birth)
		  ? date_format(c->person.date_of_birth, buf, sizeof buf) : "");
	field(d, "Case reference", c->ref);
	blank(d);
}

static const char *unit_word(const struct policy *p, const char *category, bool plural)
{
	const struct policy_category *cat = p ? policy_category_find(p, category) : NULL;
	static const char *const one[UNIT_COUNT] = {"hour", "day", "night", "week", "session",
						    "mile", "item"};
	static const char *const many[UNIT_COUNT] = {"hours", "days", "nights", "weeks",
						     "sessions", "miles", "items"};
	if (!cat || cat->unit < 0 || cat->unit >= UNIT_COUNT)
		return plural ? "units" : "unit";
	return plural ? many[cat->unit] : one[cat->unit];
}

static const char *category_label(const struct policy *p, const char *key)
{
	const struct policy_category *cat = p ? policy_category_find(p, key) : NULL;
	return cat ? cat->label : key;
}

static const char *route_words(enum route r)
{
	switch (r) {
	case ROUTE_DIRECT_PAYMENT: return "paid by direct payment";
	case ROUTE_COUNCIL_MANAGED: return "arranged by the council";
	case ROUTE_INDIVIDUAL_SERVICE_FUND: return "paid from an individual service fund";
	case ROUTE_MIXED: return "part direct payment, part council";
	default: return "";
	}
}

static void support_plan(struct doc *d, const struct case_record *c, const struct policy *p)
{
	const struct plan_record *pl = &c->plan;
	char money[MONEY_BUF], rate[MONEY_BUF], qty[MONEY_BUF], line[1024];

	heading(d, "Your support plan", 1);
	person_block(d, c, p);
	field(d, "How the budget is managed",
	      c->decision.route > ROUTE_NONE && c->decision.route < ROUTE_COUNT
		      ? route_labels[c->decision.route] : "");
	field_date(d, "Plan agreed on", pl->agreed_on);
	if (pl->signed_off_by[0] && date_is_set(pl->signed_off_on))
		field_date(d, "Signed off by a manager on", pl->signed_off_on);
	field_date(d, "Support starts on", pl->start_date);
	static const char *const account_words[ACCOUNT_COUNT] = {"", "a separate bank account", "a pre-paid card",
								  "a managed account"};
	if (pl->account != ACCOUNT_NONE && pl->account < ACCOUNT_COUNT)
		field(d, "Direct payment paid into", account_words[pl->account]);
	blank(d);
	if (c->decision.own_words[0]) {
		heading(d, "What matters to you, in your words", 2);
		wrapped(d, c->decision.own_words, d->style == DOCUMENT_MARKDOWN ? 0 : 2,
			d->style == DOCUMENT_MARKDOWN ? 0 : 2);
		blank(d);
	}
	heading(d, "Your support and what it costs", 2);
	for (int i = 0; i < pl->nlines; i++) {
		const struct plan_line *l = &pl->lines[i];
		const char *desc = l->description[0] ? l->description : "";
		snprintf(line, sizeof line, "%d. %s%s%s", i + 1, category_label(p, l->category),
			 desc[0] ? ": " : "", desc);
		wrapped(d, line, 0, 3);
		/* a carer's line meets one of the carer's outcomes */
		struct outcome_view ov;
		case_outcomes(c, &ov);
		const char *outcome = l->outcome >= 0 && l->outcome < ov.n ? policy_outcome_label(p, ov.carer, l->outcome)
									   : "";
		if (l->need[0] || outcome[0]) {
			snprintf(line, sizeof line, "For: %s%s%s%s", l->need[0] ? l->need : outcome,
				 l->need[0] && outcome[0] ? " (" : "", l->need[0] ? outcome : "",
				 l->need[0] && outcome[0] ? ")" : "");
			wrapped(d, line, 3, 3);
		}
		if (l->provider[0]) {
			snprintf(line, sizeof line, "Provided by: %s", l->provider);
			wrapped(d, line, 3, 3);
		}
		money_format(l->weekly_cost, MONEY_GROUP | MONEY_SYMBOL, money, sizeof money);
		money_format(l->rate, MONEY_GROUP | MONEY_SYMBOL, rate, sizeof rate);
		if (l->one_off)
			snprintf(line, sizeof line, "A one-off cost of %s, %s", money,
				 route_words(l->route));
		else
			snprintf(line, sizeof line, "%s %s a week at %s per %s = %s a week, %s",
				 quantity_format(l->units_per_week, qty, sizeof qty),
				 unit_word(p, l->category, l->units_per_week != 100), rate,
				 unit_word(p, l->category, false), money, route_words(l->route));
		wrapped(d, line, 3, 3);
		blank(d);
	}
	struct plan_totals tot;
	if (rules_plan_totals(pl, &tot, NULL) != CW_OK)
		memset(&tot, 0, sizeof tot);
	field_money(d, "Total a week", pl->total_weekly);
	field_money(d, "Total a year (52 weeks)", yearly(pl->total_weekly));
	if (tot.one_off > 0) {
		field_money(d, "One-off costs", tot.one_off);
		field_money(d, "First year, with one-offs", tot.first_year);
	}
	field_money(d, "Your personal budget a week", case_final_weekly(c));
	if (tot.direct_payment_weekly > 0) {
		/* s.25(1)(e): the needs met by direct payment, and how much is paid */
		char m1[MONEY_BUF], m2[MONEY_BUF];
		snprintf(line, sizeof line, "%s a week (%s a year)",
			 money_format(tot.direct_payment_weekly, MONEY_GROUP | MONEY_SYMBOL, m1, sizeof m1),
			 money_format(yearly(tot.direct_payment_weekly), MONEY_GROUP | MONEY_SYMBOL, m2, sizeof m2));
		field(d, "Bought with a direct payment", line);
	}
	blank(d);
	heading(d, "Keeping it under review", 2);
	field_date(d, "Next review due", c->review.next_due);
	if (date_is_set(c->review.audit_due))
		field_date(d, "Direct payment check due", c->review.audit_due);
	blank(d);
	wrapped(d, "If your needs or circumstances change, or the support is not working, "
		   "tell your social worker: you can ask for a review at any time.", 0, 0);
}

static void budget_statement(struct doc *d, const struct case_record *c, const struct policy *p)
{
	/* The three figures by the rules' one definition of them. */
	/* Once the plan is costed below the budget, meeting the needs costs
	 * what the plan does: that is the cost the statement gives. */
	struct budget_statement bs;
	int64_t cost = rules_needs_cost_weekly(c);
	bool plan_cost = cost < case_final_weekly(c);
	rules_budget_statement(cost, c->assessment.person_weekly, &bs);
	int64_t final = bs.cost_weekly, person = bs.person_weekly, council = bs.council_weekly;

	bool carer = case_is_carer(c);
	heading(d, carer ? "Your carer's personal budget statement" : "Your personal budget statement", 1);
	person_block(d, c, p);
	if (carer)
		wrapped(d, "The Care Act 2014 (section 26) says the council must tell you what it "
			   "costs to meet your eligible needs as a carer, how much of that you pay, and "
			   "how much the council pays. This is that statement.", 0, 0);
	else
		wrapped(d, "The Care Act 2014 (section 26) says the council must tell you what it "
			   "costs to meet your eligible needs, how much of that you pay, and how much "
			   "the council pays. This is that statement.", 0, 0);
	blank(d);
	/* Sent to the panel and not approved: the figures are the
	 * assessment's indicative budget, not the person's budget yet. */
	bool approved = c->panel.decision == PANEL_APPROVED || c->panel.decision == PANEL_APPROVED_OTHER;
	if (c->panel.required == TRI_YES && !approved) {
		char when[DATE_BUF], say[400];
		if (c->panel.decision == PANEL_DECLINED)
			snprintf(say, sizeof say, "NOT YET YOUR BUDGET. The council's funding panel did not agree the "
				 "budget asked for%s%s. Your social worker will go over its reasons with you and what happens "
				 "next. The figures below are the indicative budget from your assessment.",
				 date_is_set(c->panel.decided_on) ? " on " : "",
				 date_is_set(c->panel.decided_on) ? date_format(c->panel.decided_on, when, sizeof when) : "");
		else
			snprintf(say, sizeof say, "NOT YET YOUR BUDGET. The council's funding panel has still to decide "
				 "it%s. The figures below are the indicative budget from your assessment; you will be sent a "
				 "new statement when the panel has decided.",
				 c->panel.decision == PANEL_DEFERRED ? " (it asked for more information)" : "");
		wrapped(d, say, 0, 0);
		blank(d);
	}
	if (plan_cost) {
		char say[300], m1[MONEY_BUF], m2[MONEY_BUF];
		snprintf(say, sizeof say, "Your personal budget is %s a week. Your support plan costs %s a week, so "
			 "that is what meeting your needs costs, and what the figures below are worked out from.",
			 money_format(case_final_weekly(c), MONEY_GROUP | MONEY_SYMBOL, m1, sizeof m1),
			 money_format(cost, MONEY_GROUP | MONEY_SYMBOL, m2, sizeof m2));
		wrapped(d, say, 0, 0);
		blank(d);
	}
	heading(d, "Each week", 2);
	field_money(d, "Cost of meeting your needs", final);
	field_money(d, "You pay", person);
	field_money(d, "The council pays", council);
	blank(d);
	heading(d, "Each year (52 weeks)", 2);
	field_money(d, "Cost of meeting your needs", yearly(final));
	field_money(d, "You pay", yearly(person));
	field_money(d, "The council pays", yearly(council));
	blank(d);
	heading(d, "How it was worked out", 2);
	char line[256], money[MONEY_BUF];
	snprintf(line, sizeof line, carer ? "Your carer's assessment gave %d points, which the "
					   "council's resource allocation system for carers turns "
					   "into a budget of %s a week."
					 : "Your assessment gave %d points, which the council's "
					   "resource allocation system turns into an indicative "
					   "budget of %s a week.", c->assessment.points,
		 money_format(c->assessment.indicative_weekly, MONEY_GROUP | MONEY_SYMBOL, money,
			      sizeof money));
	wrapped(d, line, 0, 0);
	blank(d);
	if (c->panel.required == TRI_YES &&
	    (c->panel.decision == PANEL_APPROVED || c->panel.decision == PANEL_APPROVED_OTHER)) {
		snprintf(line, sizeof line, "The funding panel agreed a budget of %s a week.",
			 money_format(c->panel.approved_weekly, MONEY_GROUP | MONEY_SYMBOL, money,
				      sizeof money));
		wrapped(d, line, 0, 0);
		blank(d);
	}
	if (c->assessment.contribution_from_letter)
		wrapped(d, "What you pay comes from the finance team's letter to you.", 0, 0);
	else if (date_is_set(c->assessment.financial_assessed_on))
		wrapped(d, "What you pay comes from your financial assessment, under the "
			   "council's charging policy.", 0, 0);
	else if (carer && (!p || !rules_case_charged(c, p)))
		wrapped(d, "The council does not charge carers for the support it gives them, "
			   "so you pay nothing towards it.", 0, 0);
	blank(d);
	wrapped(d, "If you think any of this is wrong, tell your social worker: you can ask "
		   "for it to be looked at again.", 0, 0);
}

enum cw_status document_write(FILE *out, const struct case_record *c, const struct policy *p,
			      enum document_kind kind, enum document_style style,
			      struct cw_error *err)
{
	struct doc d = {out, style};

	if (kind == DOCUMENT_SUPPORT_PLAN) {
		if (c->plan.nlines == 0)
			return cw_fail(err, CW_ERR_INCOMPLETE,
				       "%s has no support plan yet (the case is at %s); a plan "
				       "is written at support planning",
				       c->ref, stage_labels[c->stage]);
		support_plan(&d, c, p);
	} else {
		if (c->assessment.eligible == TRI_NO)
			return cw_fail(err, CW_ERR_INCOMPLETE,
				       "%s has no personal budget: the assessment found the %s not "
				       "eligible (the reasons and the advice given are on the case)",
				       c->ref, case_is_carer(c) ? "carer" : "person");
		if (c->assessment.indicative_weekly <= 0 && case_final_weekly(c) <= 0)
			return cw_fail(err, CW_ERR_INCOMPLETE,
				       "%s has no personal budget yet (the case is at %s); the "
				       "budget is set at assessment",
				       c->ref, stage_labels[c->stage]);
		budget_statement(&d, c, p);
	}
	if (fflush(out) != 0 || ferror(out))
		return cw_fail(err, CW_ERR_IO, "could not write the document");
	return CW_OK;
}
