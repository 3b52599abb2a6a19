/* form_plan.c - role 4: the support plan's lines, costed with the
 * policy's standard rates, totals against the budget, and sign-off. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/rules.h"
#include "core/util.h"
#include "core/workflow.h"
#include "tui/stage_forms.h"

#define OFF(m) offsetof(struct case_record, m)
#define SZ(m) sizeof(((struct case_record *)0)->m)
#define NB FORM_NO_BIND
#define LINE_FIELDS 9

static const char *const account_labels[ACCOUNT_COUNT] = {"", "Separate bank account", "Pre-paid card",
							  "Managed account"};
static char line_keys[PLAN_MAX_LINES][LINE_FIELDS][32];
static char line_titles[PLAN_MAX_LINES][32];

static int category_choices(const struct policy *p, struct form_choice *out, int max)
{
	int n = 0;
	for (int i = 0; i < p->support_plan.ncategories && n < max; i++, n++) {
		out[n].key = p->support_plan.categories[i].key;
		out[n].label = p->support_plan.categories[i].label[0] ? p->support_plan.categories[i].label
									: p->support_plan.categories[i].key;
	}
	return n;
}

static const struct form_field head_fields[] = {
	{"agreed_on", "Plan agreed on", FK_DATE, OFF(plan.agreed_on), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
	 "The date the person agreed the plan, as YYYY-MM-DD."},
	{"account", "Direct payment account", FK_CHOICE, OFF(plan.account), 0, account_labels, ACCOUNT_COUNT, 1, NULL, NB,
	 false, 0, 0, "For direct payments: separate bank account, pre-paid card, or managed account."},
	{"start_date", "Start date", FK_DATE, OFF(plan.start_date), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
	 "When the support (and any direct payment) starts, as YYYY-MM-DD."},
};

static void plan_build(struct form *f, const struct case_record *c, const struct policy *p)
{
	int lines = c->plan.nlines < PLAN_MAX_LINES ? c->plan.nlines + 1 : PLAN_MAX_LINES;
	size_t max = CW_ARRAY_LEN(head_fields) + (size_t)lines * (LINE_FIELDS + 1);
	struct form_field *defs = xcalloc(max, sizeof *defs);
	int n = 0;
	memcpy(defs, head_fields, sizeof head_fields);
	n += (int)CW_ARRAY_LEN(head_fields);
	for (int i = 0; i < lines; i++) {
		size_t base = OFF(plan.lines) + (size_t)i * sizeof(struct plan_line);
		snprintf(line_titles[i], sizeof line_titles[i], i < c->plan.nlines ? "Line %d" : "Line %d (new)", i + 1);
		static const char *const names[LINE_FIELDS] = {"need", "category", "provider", "description", "one_off",
							       "units", "rate", "route", "family_pa"};
		for (int k = 0; k < LINE_FIELDS; k++)
			snprintf(line_keys[i][k], sizeof line_keys[i][k], "line.%02d.%s", i + 1, names[k]);
		defs[n++] = (struct form_field){line_titles[i], line_titles[i], FK_INFO, NB, 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL};
		defs[n++] = (struct form_field){line_keys[i][0], "Need or outcome met", FK_TEXT, base + offsetof(struct plan_line, need),
						sizeof(((struct plan_line *)0)->need), NULL, 0, 0, NULL, NB, false, 0, 0,
						"Which assessed need or outcome this line meets."};
		defs[n++] = (struct form_field){line_keys[i][1], "Category", FK_PICK, base + offsetof(struct plan_line, category),
						sizeof(((struct plan_line *)0)->category), NULL, 0, 0, category_choices, NB,
						false, 0, 0, "From the policy's list: Enter to pick."};
		defs[n++] = (struct form_field){line_keys[i][2], "Provider", FK_TEXT, base + offsetof(struct plan_line, provider),
						sizeof(((struct plan_line *)0)->provider), NULL, 0, 0, NULL, NB, false, 0, 0,
						"Who provides it."};
		defs[n++] = (struct form_field){line_keys[i][3], "Description", FK_TEXT, base + offsetof(struct plan_line, description),
						sizeof(((struct plan_line *)0)->description), NULL, 0, 0, NULL, NB, false, 0, 0,
						"What is bought, in words the person understands."};
		defs[n++] = (struct form_field){line_keys[i][4], "One-off purchase", FK_YESNO, base + offsetof(struct plan_line, one_off),
						0, NULL, 0, 0, NULL, NB, false, 0, 0, "yes: a single purchase, not weekly."};
		defs[n++] = (struct form_field){line_keys[i][5], "Units a week", FK_QUANTITY, base + offsetof(struct plan_line, units_per_week),
						0, NULL, 0, 0, NULL, NB, false, 0, 0, "Hours, days or nights a week, like 12.5."};
		defs[n++] = (struct form_field){line_keys[i][6], "Rate", FK_MONEY, base + offsetof(struct plan_line, rate), 0, NULL, 0,
						0, NULL, NB, false, 0, 0, "Pounds per unit; blank takes the policy's standard rate."};
		defs[n++] = (struct form_field){line_keys[i][7], "Paid by", FK_CHOICE, base + offsetof(struct plan_line, route), 0,
						tui_route_labels, ROUTE_INDIVIDUAL_SERVICE_FUND + 1, 1, NULL, NB, false, 0, 0,
						"Direct payment or council-managed (blank follows the decision)."};
		defs[n++] = (struct form_field){line_keys[i][8], "Family PA, same household", FK_YESNO,
						base + offsetof(struct plan_line, family_pa_same_household), 0, NULL, 0, 0, NULL,
						NB, false, 0, 0, "A family member at the same address as personal assistant."};
	}
	form_init(f, "plan", "Support planning and brokerage", defs, n, p);
	free(defs);
	form_load(f, c);
}

static bool line_empty(const struct plan_line *l)
{
	return !l->need[0] && !l->category[0] && !l->provider[0] && !l->description[0] && l->units_per_week == 0 &&
	       l->rate == 0;
}

static void plan_derive(struct case_record *c, const struct policy *p, const char *who)
{
	struct plan_record *pl = &c->plan;
	struct cw_error err = {0};
	(void)who;
	/* nlines: up to the last line with anything in it (the form offers one new line) */
	int n = 0;
	for (int i = 0; i < PLAN_MAX_LINES; i++)
		if (!line_empty(&pl->lines[i]))
			n = i + 1;
	pl->nlines = n;
	for (int i = 0; i < n; i++) {
		struct plan_line *l = &pl->lines[i];
		const struct policy_category *cat = l->category[0] ? policy_category_find(p, l->category) : NULL;
		if (l->rate == 0 && cat)
			l->rate = cat->rate;
		if (l->route == ROUTE_NONE && c->decision.route != ROUTE_MIXED)
			l->route = c->decision.route;
		l->outcome = -1;
		if (l->one_off && l->units_per_week == 0)
			l->weekly_cost = l->rate;
	}
	workflow_recalculate(c, p, &err);
}

static void plan_working(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	size_t len = 0;
	struct cw_error err = {0};
	struct plan_totals t;
	char a[MONEY_BUF], b[MONEY_BUF], y[MONEY_BUF];
	buf[0] = '\0';
	for (int i = 0; i < c->plan.nlines && len < size; i++) {
		const struct plan_line *l = &c->plan.lines[i];
		struct plan_line_check chk;
		rules_plan_line_check(l, i, c->decision.route, &c->assessment, p, &chk);
		len += (size_t)snprintf(buf + len, size - len, "Line %d: %s, %s a week%s%s\n", i + 1,
					l->category[0] ? l->category : "(no category)",
					money_format(l->weekly_cost, MONEY_GROUP, a, sizeof a), chk.issue != PLAN_LINE_OK ? " - " : "",
					chk.issue != PLAN_LINE_OK ? chk.msg : "");
	}
	if (len >= size)
		return;
	if (rules_plan_totals(&c->plan, &t, &err) != CW_OK) {
		snprintf(buf + len, size - len, "%s\n", err.msg);
		return;
	}
	int64_t budget = rules_final_weekly(c);
	char bu[MONEY_BUF];
	len += (size_t)snprintf(buf + len, size - len, "\nWeekly %s, yearly %s, one-off %s; budget %s a week.\n",
				money_format(t.weekly, MONEY_GROUP, a, sizeof a), money_format(t.yearly, MONEY_GROUP, y, sizeof y),
				money_format(t.one_off, MONEY_GROUP, b, sizeof b),
				money_format(budget, MONEY_GROUP, bu, sizeof bu));
	if (len < size) {
		char msg[512];
		if (rules_plan_over_budget(t.weekly, budget, p, msg, sizeof msg))
			snprintf(buf + len, size - len, "%s\n", msg);
	}
}

static void plan_summary(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	struct plan_totals t;
	struct cw_error err = {0};
	char a[MONEY_BUF], b[MONEY_BUF], y[MONEY_BUF];
	if (rules_plan_totals(&c->plan, &t, &err) != CW_OK) {
		cw_strlcpy(buf, err.msg, size);
		return;
	}
	int64_t budget = rules_final_weekly(c);
	bool over = rules_plan_over_budget(t.weekly, budget, p, NULL, 0);
	snprintf(buf, size, "%d lines: %s a week (%s a year) of %s%s", c->plan.nlines,
		 money_format(t.weekly, MONEY_GROUP, a, sizeof a), money_format(t.yearly, MONEY_GROUP, y, sizeof y),
		 money_format(budget, MONEY_GROUP, b, sizeof b), over ? " - OVER BUDGET" : "");
}

const struct stage_form_ops form_plan_ops = {
	"plan", "Support planning and brokerage", ACCESS_EDIT_PLAN, plan_build, plan_derive, plan_working, NULL, plan_summary,
};
