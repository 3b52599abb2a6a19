/* form_plan.c - role 4: the support plan's lines, costed with the
 * policy's standard rates (or a provider's from the directory), totals
 * against the budget, and sign-off. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/provider.h"
#include "core/rules.h"
#include "core/util.h"
#include "core/workflow.h"
#include "tui/stage_forms.h"

#define OFF(m) offsetof(struct case_record, m)
#define SZ(m) sizeof(((struct case_record *)0)->m)
#define NB FORM_NO_BIND
#define LINE_FIELDS 13
#define PROVIDER_PICK_MAX 256

static const char *const account_labels[ACCOUNT_COUNT] = {"", "Separate bank account", "Pre-paid card",
							  "Managed account"};
static char line_keys[PLAN_MAX_LINES][LINE_FIELDS][32];
static char line_titles[PLAN_MAX_LINES][32];

/* The council's provider directory (docs/providers.md), if one is in use. */
static const struct provider_directory *directory;

void form_plan_set_providers(const struct provider_directory *d)
{
	directory = d;
}

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

/* The outcomes (keys "0".."9") a line can meet: the adult's ten, or on a
 * carer's case the carer's eight. */
static int outcomes_of(const struct policy *p, bool carer, struct form_choice *out, int max)
{
	static const char *const digits[OUTCOME_COUNT] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
	int count = carer ? CARER_OUTCOME_COUNT : OUTCOME_COUNT, n = 0;
	for (int i = 0; i < count && n < max; i++, n++) {
		out[n].key = digits[i];
		out[n].label = policy_outcome_label(p, carer, i);
	}
	return n;
}

static int outcome_choices(const struct policy *p, struct form_choice *out, int max)
{
	return outcomes_of(p, false, out, max);
}

static int carer_outcome_choices(const struct policy *p, struct form_choice *out, int max)
{
	return outcomes_of(p, true, out, max);
}

static const struct form_field head_fields[] = {
	{"agreed_on", "Plan agreed on", FK_DATE, OFF(plan.agreed_on), 0, NULL, 0, 0, NULL, NB, false, 0, 1,
	 "The date the person agreed the plan with you, as YYYY-MM-DD (you are recorded as agreeing it)."},
	{"account", "Direct payment account", FK_CHOICE, OFF(plan.account), 0, account_labels, ACCOUNT_COUNT, 1, NULL, NB,
	 false, 0, 0, "For direct payments: separate bank account, pre-paid card, or managed account."},
	{"start_date", "Start date", FK_DATE, OFF(plan.start_date), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
	 "When the support (and any direct payment) starts, as YYYY-MM-DD."},
};

enum { LF_OUTCOME, LF_NEED, LF_CATEGORY, LF_FIND, LF_PROVIDER, LF_DESCRIPTION, LF_CONFIRM, LF_ONE_OFF, LF_UNITS,
       LF_RATE, LF_ROUTE, LF_FAMILY, LF_EXCEPTION };

static const char *const line_names[LINE_FIELDS] = {"outcome", "need", "category", "find", "provider", "description",
						    "confirmed", "one_off", "units", "rate", "route", "family_pa",
						    "exception"};

/* The line number of a line field's key ("line.03.find" -> 2), -1 if not one. */
static int line_of(const char *key, const char *name)
{
	int n = 0, used = 0;
	if (sscanf(key, "line.%2d.%n", &n, &used) != 1 || used == 0 || strcmp(key + used, name) != 0)
		return -1;
	return n >= 1 && n <= PLAN_MAX_LINES ? n - 1 : -1;
}

static const char *line_val(const struct form *f, int line, int which)
{
	int i = form_find(f, line_keys[line][which]);
	return i >= 0 ? f->val[i] : "";
}

/* The providers for a line: those offering its category (all when no
 * category is chosen yet), the cheapest first, each with its area, rate
 * per unit and telephone; typing in the picker narrows by name, area or
 * rate. */
static int provider_choices(const struct form *f, int i, struct form_choice *out, int max)
{
	static const char *const unit_per[UNIT_COUNT] = {" an hour", " a day", " a night", " a week", " a session",
							 " a mile", " each"};
	static char labels[PROVIDER_PICK_MAX][320];
	static size_t idx[PROVIDER_PICK_MAX];
	int line = line_of(f->fields[i].key, line_names[LF_FIND]);
	if (line < 0)
		return -1;
	if (!directory)
		return 0;
	const char *cat = line_val(f, line, LF_CATEGORY);
	const struct policy_category *pc = *cat ? policy_category_find(f->policy, cat) : NULL;
	struct provider_query q = {pc ? cat : NULL, NULL, 0};
	if (max > PROVIDER_PICK_MAX)
		max = PROVIDER_PICK_MAX;
	size_t n = provider_search(directory, &q, idx, (size_t)max);
	if (n > (size_t)max)
		n = (size_t)max;
	for (size_t k = 0; k < n; k++) {
		const struct provider *pr = &directory->items[idx[k]];
		char m[MONEY_BUF];
		money_format(pr->rate, MONEY_SYMBOL | MONEY_GROUP, m, sizeof m);
		snprintf(labels[k], sizeof labels[k], "%s, %s%s, %s%s%s", pr->name, m, pc ? unit_per[pc->unit] : "",
			 pr->area, pr->phone[0] ? ", " : "", pr->phone);
		out[k].key = pr->name;
		out[k].label = labels[k];
	}
	return (int)n;
}

/* Picking a provider fills the line's provider and rate (still editable). */
static void provider_picked(struct form *f, int i)
{
	int line = line_of(f->fields[i].key, line_names[LF_FIND]);
	const struct provider *pr = line >= 0 ? provider_find(directory, f->val[i]) : NULL;
	if (!pr)
		return;
	char m[MONEY_BUF];
	int prov = form_find(f, line_keys[line][LF_PROVIDER]), rate = form_find(f, line_keys[line][LF_RATE]);
	if (prov >= 0)
		form_set(f, prov, pr->name);
	if (rate >= 0)
		form_set(f, rate, money_format(pr->rate, MONEY_PLAIN, m, sizeof m));
	form_set(f, i, "");
	snprintf(f->msg, sizeof f->msg, "%s picked: its rate %s is in the line (you can change it).", pr->name, m);
	f->msg_field = -1;
}

static void plan_build(struct form *f, const struct case_record *c, const struct policy *p)
{
	int lines = c->plan.nlines < PLAN_MAX_LINES ? c->plan.nlines + 1 : PLAN_MAX_LINES;
	size_t max = CW_ARRAY_LEN(head_fields) + 1 + (size_t)lines * (LINE_FIELDS + 1);
	struct form_field *defs = xcalloc(max, sizeof *defs);
	bool providers = directory && directory->n > 0;
	bool carer = case_is_carer(c);
	int n = 0;
	memcpy(defs, head_fields, sizeof head_fields);
	n += (int)CW_ARRAY_LEN(head_fields);
	for (int i = 0; i < lines; i++) {
		size_t base = OFF(plan.lines) + (size_t)i * sizeof(struct plan_line);
#define L(m) (base + offsetof(struct plan_line, m))
#define LS(m) sizeof(((struct plan_line *)0)->m)
		snprintf(line_titles[i], sizeof line_titles[i], i < c->plan.nlines ? "Line %d" : "Line %d (new)", i + 1);
		for (int k = 0; k < LINE_FIELDS; k++)
			snprintf(line_keys[i][k], sizeof line_keys[i][k], "line.%02d.%s", i + 1, line_names[k]);
		defs[n++] = (struct form_field){line_titles[i], line_titles[i], FK_INFO, NB, 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL};
		defs[n++] = (struct form_field){line_keys[i][LF_OUTCOME], "Outcome met", FK_CHOICE, L(outcome), 0, NULL,
						carer ? CARER_OUTCOME_COUNT : OUTCOME_COUNT, 0,
						carer ? carer_outcome_choices : outcome_choices, NB, false, -1, 0,
						carer ? "The carer's assessed outcome this line meets: Space goes through the eight."
						      : "The assessed outcome this line meets: Space goes through the ten."};
		defs[n++] = (struct form_field){line_keys[i][LF_NEED], "Need met, in words", FK_TEXT, L(need), LS(need), NULL, 0,
						0, NULL, NB, false, 0, 0, "The assessed need this line meets, in the person's terms."};
		defs[n++] = (struct form_field){line_keys[i][LF_CATEGORY], "Category", FK_PICK, L(category), LS(category), NULL,
						0, 0, category_choices, NB, false, 0, 0, "From the policy's list: Enter to pick."};
		if (providers)
			defs[n++] = (struct form_field){line_keys[i][LF_FIND], "Find a provider", FK_PICK, NB, PROVIDER_NAME_MAX, NULL, 0, 0,
							NULL, NB, false, 0, 0,
							"Enter: the providers for this category, cheapest first; picking fills the line."};
		defs[n++] = (struct form_field){line_keys[i][LF_PROVIDER], "Provider", FK_TEXT, L(provider), LS(provider), NULL,
						0, 0, NULL, NB, false, 0, 0, "Who provides it."};
		defs[n++] = (struct form_field){line_keys[i][LF_DESCRIPTION], "Description", FK_TEXT, L(description),
						LS(description), NULL, 0, 0, NULL, NB, false, 0, 0,
						"What is bought, in words the person understands."};
		defs[n++] = (struct form_field){line_keys[i][LF_CONFIRM], "Checked: not a barred use", FK_YESNO,
						L(warning_confirmed), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
						"y when the description names a word the policy flags but the line is not for it."};
		defs[n++] = (struct form_field){line_keys[i][LF_ONE_OFF], "One-off purchase", FK_YESNO, L(one_off), 0, NULL, 0,
						0, NULL, NB, false, 0, 0, "yes: a single purchase, not weekly."};
		defs[n++] = (struct form_field){line_keys[i][LF_UNITS], "Units a week", FK_QUANTITY, L(units_per_week), 0, NULL,
						0, 0, NULL, NB, false, 0, 0, "Hours, days or nights a week, like 12.5."};
		defs[n++] = (struct form_field){line_keys[i][LF_RATE], "Rate", FK_MONEY, L(rate), 0, NULL, 0, 0, NULL, NB,
						false, 0, 0, "Pounds per unit; blank takes the policy's standard rate."};
		defs[n++] = (struct form_field){line_keys[i][LF_ROUTE], "Paid by", FK_CHOICE, L(route), 0, tui_route_labels,
						ROUTE_INDIVIDUAL_SERVICE_FUND + 1, 1, NULL, NB, false, 0, 0,
						"Direct payment or council-managed (blank follows the decision)."};
		defs[n++] = (struct form_field){line_keys[i][LF_FAMILY], "Family PA, same household", FK_YESNO,
						L(family_pa_same_household), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
						"A family member at the same address as personal assistant."};
		defs[n++] = (struct form_field){line_keys[i][LF_EXCEPTION], "Why, as an exception", FK_TEXT,
						L(exception_reason), LS(exception_reason), NULL, 0, 0, NULL, NB, false, 0, 0,
						"A family PA in the same household: the exceptional reasons (recorded, and to panel)."};
#undef L
#undef LS
	}
	form_init(f, "plan", "Support planning and brokerage", defs, n, p);
	free(defs);
	f->choices_ex = provider_choices;
	f->on_pick = provider_picked;
	form_load(f, c);
}

static bool line_empty(const struct plan_line *l)
{
	return l->outcome < 0 && !l->need[0] && !l->category[0] && !l->provider[0] && !l->description[0] &&
	       l->units_per_week == 0 && l->rate == 0;
}

static void plan_derive(struct case_record *c, const struct policy *p, const char *who)
{
	struct plan_record *pl = &c->plan;
	struct cw_error err = {0};
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
		if (l->one_off && l->units_per_week == 0)
			l->weekly_cost = l->rate;
	}
	/* the person agreed the plan with the worker who records the date */
	if (!date_is_set(pl->agreed_on))
		pl->agreed_by[0] = '\0';
	else if (who && !pl->agreed_by[0])
		cw_strlcpy(pl->agreed_by, who, sizeof pl->agreed_by);
	workflow_recalculate(c, p, &err);
}

/* A changed description is checked again: an earlier "checked" stands
 * for the words it was given for. (A sign-off lapses when the plan
 * changes: act_save sees to that.) */
static enum cw_status plan_commit(const struct form *f, const struct case_record *before, struct case_record *work,
				  const struct policy *p, const struct staff_member *me, struct cw_error *err)
{
	(void)f, (void)p, (void)me, (void)err;
	for (int i = 0; i < work->plan.nlines && i < before->plan.nlines; i++) {
		struct plan_line *l = &work->plan.lines[i];
		const struct plan_line *b = &before->plan.lines[i];
		if (l->warning_confirmed && b->warning_confirmed && strcmp(l->description, b->description) != 0)
			l->warning_confirmed = false;
	}
	return CW_OK;
}

static const char *category_name(const struct policy *p, const char *key)
{
	const struct policy_category *cat = key[0] ? policy_category_find(p, key) : NULL;
	return cat && cat->label[0] ? cat->label : key[0] ? key : "(no category)";
}

static void plan_working(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	size_t len = 0;
	struct cw_error err = {0};
	struct plan_totals t;
	char a[MONEY_BUF], b[MONEY_BUF], y[MONEY_BUF], d[DATE_BUF];
	buf[0] = '\0';
	for (int i = 0; i < c->plan.nlines && len < size; i++) {
		const struct plan_line *l = &c->plan.lines[i];
		struct plan_line_check chk;
		rules_case_plan_line_check(c, l, i, p, &chk);
		len += (size_t)snprintf(buf + len, size - len, "Line %d: %s, %s%s%s%s\n", i + 1, category_name(p, l->category),
					money_format(l->weekly_cost, MONEY_GROUP, a, sizeof a), l->one_off ? " once" : " a week",
					chk.issue != PLAN_LINE_OK ? " - " : "", chk.issue != PLAN_LINE_OK ? chk.msg : "");
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
	if (len < size && t.one_off > 0)
		len += (size_t)snprintf(buf + len, size - len,
					"One-off purchases are paid from the year's budget: %s in the first year.\n",
					money_format(t.first_year, MONEY_GROUP, y, sizeof y));
	if (len < size) {
		char msg[512];
		if (rules_plan_over_budget(&t, budget, p, msg, sizeof msg)) {
			if (!p->panel.plan_over_tolerance)
				len += (size_t)snprintf(buf + len, size - len, "%s: bring it within the budget\n", msg);
			else if (t.one_off > 0)
				len += (size_t)snprintf(buf + len, size - len,
							"%s: moving on sends it to the panel asking for %s a week\n", msg,
							money_format(rules_plan_weekly_needed(&t), MONEY_GROUP, bu, sizeof bu));
			else
				len += (size_t)snprintf(buf + len, size - len,
							"%s: moving on sends it to the panel with this amount\n", msg);
		}
	}
	/* where the budget came from */
	if (len < size) {
		const struct panel_record *pr = &c->panel;
		if (pr->decision == PANEL_APPROVED || pr->decision == PANEL_APPROVED_OTHER)
			len += (size_t)snprintf(buf + len, size - len, "\nThe panel approved %s a week on %s (%s): %s\n",
						money_format(pr->approved_weekly, MONEY_GROUP, a, sizeof a),
						date_format(pr->decided_on, d, sizeof d), pr->members, pr->decision_reasons);
		else if (pr->decision == PANEL_DECLINED)
			len += (size_t)snprintf(buf + len, size - len, "\nThe panel declined on %s (%s): %s\n",
						date_format(pr->decided_on, d, sizeof d), pr->members, pr->decision_reasons);
		else if (pr->required == TRI_NO) {
			/* the check as the plan stands now, not as it stood at
			 * stage 3: lines added since may send it to panel */
			struct panel_check pc;
			if (rules_panel_check(c, p, &pc, NULL) == CW_OK && pc.triggers)
				len += (size_t)snprintf(buf + len, size - len,
							"\nPanel was not needed at stage 3; the plan as it stands now goes to panel:\n%s\n",
							pc.reasons);
			else if (rules_panel_check(c, p, &pc, NULL) == CW_OK)
				len += (size_t)snprintf(buf + len, size - len, "\nPanel not needed:\n%s\n", pc.not_needed);
			else if (pr->not_needed_reason[0])
				len += (size_t)snprintf(buf + len, size - len, "\nPanel not needed:\n%s\n",
							pr->not_needed_reason);
		}
	}
	if (len < size && p->support_plan.manager_signoff)
		snprintf(buf + len, size - len, "\n%s%s%s%s\n", c->plan.signed_off_by[0] ? "Signed off by " : "Not yet signed off by a team manager.",
			 c->plan.signed_off_by, c->plan.signed_off_by[0] && date_is_set(c->plan.signed_off_on) ? " on " : "",
			 c->plan.signed_off_by[0] && date_is_set(c->plan.signed_off_on) ? date_format(c->plan.signed_off_on, d, sizeof d) : "");
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
	bool over = rules_plan_over_budget(&t, budget, p, NULL, 0);
	if (t.one_off > 0) {
		char o[MONEY_BUF];
		snprintf(buf, size, "%d line%s: %s a week + %s once; budget %s a week%s", c->plan.nlines,
			 c->plan.nlines == 1 ? "" : "s", money_format(t.weekly, MONEY_GROUP, a, sizeof a),
			 money_format(t.one_off, MONEY_GROUP, o, sizeof o), money_format(budget, MONEY_GROUP, b, sizeof b),
			 over ? " - OVER BUDGET" : "");
		return;
	}
	snprintf(buf, size, "%d line%s: %s a week (%s a year) of %s%s", c->plan.nlines, c->plan.nlines == 1 ? "" : "s",
		 money_format(t.weekly, MONEY_GROUP, a, sizeof a), money_format(t.yearly, MONEY_GROUP, y, sizeof y),
		 money_format(budget, MONEY_GROUP, b, sizeof b), over ? " - OVER BUDGET" : "");
}

const struct stage_form_ops form_plan_ops = {
	"plan", "Support planning and brokerage", ACCESS_EDIT_PLAN, plan_build, plan_derive, plan_working, plan_commit,
	plan_summary,
};
