/* rules.c - the rules of each stage (see rules.h). Pure: no I/O, no
 * clock, no allocation. Money is int64_t pence throughout. */
#include "core/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/util.h"

const char *const due_state_labels[DUE_STATE_COUNT] = {
	"", "due later", "due soon", "due today", "overdue",
};

/* Appends one formatted line (a newline first if buf is not empty).
 * Truncates quietly: the figures are in the result fields. */
static void addline(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void addline(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= size)
		return;
	if (used > 0) {
		buf[used++] = '\n';
		buf[used] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

/* "£1,234.50" into a caller's buffer */
static const char *gbp(int64_t pence, char *buf)
{
	return money_format(pence, MONEY_SYMBOL | MONEY_GROUP, buf, MONEY_BUF);
}

static const char *level_label(const struct policy *p, enum need_level l)
{
	if ((int)l < 0 || l >= NEED_LEVELS)
		return "?";
	return p->eligibility.level_labels[l][0] ? p->eligibility.level_labels[l] : policy_level_keys[l];
}

/* ---- eligibility ---- */

bool rules_unable_without_need(const struct outcome_view *v, const struct policy *p, char *msg, size_t size)
{
	char names[768] = "";
	int n = 0;

	for (int i = 0; i < v->n; i++)
		if (v->unable[i] && v->level_set[i] && v->levels[i] == NEED_NONE) {
			size_t len = strlen(names);
			snprintf(names + len, sizeof names - len, "%s%s", n ? ", " : "", policy_outcome_label(p, v->carer, i));
			n++;
		}
	if (n && msg && size)
		snprintf(msg, size, "Unable to achieve, yet no need: %s; an outcome %s cannot achieve is a need: set its "
		         "level, or answer no to unable", names, v->carer ? "the carer" : "the person");
	return n > 0;
}

enum cw_status rules_eligibility(const struct assessment_record *a, const struct policy *p,
                                 struct eligibility_result *out, struct cw_error *err)
{
	int i, need = p->eligibility.min_outcomes_unable;

	struct outcome_view v;
	char msg[CW_ERRMSG_MAX];

	memset(out, 0, sizeof *out);
	assessment_outcomes(a, false, &v);
	if (rules_unable_without_need(&v, p, msg, sizeof msg))
		return cw_fail(err, CW_ERR_INVALID, "%s", msg);
	for (i = 0; i < OUTCOME_COUNT; i++)
		if (a->unable[i])
			out->unable_count++;
	if (a->impairment == TRI_UNSET)
		return cw_fail(err, CW_ERR_INCOMPLETE,
		               "Record whether the needs arise from a physical or mental impairment or illness");
	if (a->wellbeing_impact == TRI_UNSET)
		return cw_fail(err, CW_ERR_INCOMPLETE,
		               "Record whether there is a significant impact on the person's wellbeing");

	if (a->impairment == TRI_NO)
		addline(out->reasons, sizeof out->reasons,
		        "The needs do not arise from a physical or mental impairment or illness.");
	if (out->unable_count < need)
		addline(out->reasons, sizeof out->reasons,
		        "The person is unable to achieve %d of the ten outcomes; the regulations need at least %d.",
		        out->unable_count, need);
	if (a->wellbeing_impact == TRI_NO)
		addline(out->reasons, sizeof out->reasons,
		        "The needs do not have a significant impact on the person's wellbeing.");
	out->eligible = out->reasons[0] == '\0';
	if (out->eligible)
		snprintf(out->reasons, sizeof out->reasons,
		         "Eligible: needs from an impairment or illness; unable to achieve %d of the ten outcomes "
		         "(at least %d needed); a significant impact on wellbeing.",
		         out->unable_count, need);
	return CW_OK;
}

/* ---- a carer's eligibility ---- */

enum cw_status rules_carer_eligibility(const struct assessment_record *a, const struct policy *p,
                                       struct eligibility_result *out, struct cw_error *err)
{
	int i;

	struct outcome_view v;
	char msg[CW_ERRMSG_MAX];

	/* reg 3: one outcome is enough, whatever the adult's threshold */
	memset(out, 0, sizeof *out);
	assessment_outcomes(a, true, &v);
	if (rules_unable_without_need(&v, p, msg, sizeof msg))
		return cw_fail(err, CW_ERR_INVALID, "%s", msg);
	for (i = 0; i < CARER_OUTCOME_COUNT; i++)
		if (a->carer_unable[i])
			out->unable_count++;
	if (a->needs_from_caring == TRI_UNSET)
		return cw_fail(err, CW_ERR_INCOMPLETE,
		               "Record whether the carer's needs arise from providing necessary care for an adult");
	if (a->health_at_risk == TRI_UNSET)
		return cw_fail(err, CW_ERR_INCOMPLETE,
		               "Record whether the carer's physical or mental health is, or is at risk of, deteriorating");
	if (a->wellbeing_impact == TRI_UNSET)
		return cw_fail(err, CW_ERR_INCOMPLETE,
		               "Record whether there is a significant impact on the carer's wellbeing");

	if (a->needs_from_caring == TRI_NO)
		addline(out->reasons, sizeof out->reasons,
		        "The needs do not arise from providing necessary care for an adult.");
	if (a->health_at_risk == TRI_NO && out->unable_count == 0)
		addline(out->reasons, sizeof out->reasons,
		        "The carer's health is not deteriorating or at risk of it, and the carer can achieve all eight "
		        "outcomes; the regulations need one or the other.");
	if (a->wellbeing_impact == TRI_NO)
		addline(out->reasons, sizeof out->reasons,
		        "The needs do not have a significant impact on the carer's wellbeing.");
	out->eligible = out->reasons[0] == '\0';
	if (out->eligible) {
		char why[160];
		if (a->health_at_risk == TRI_YES && out->unable_count > 0)
			snprintf(why, sizeof why,
			         "the carer's health is at risk of deteriorating and the carer is unable to achieve %d of "
			         "the eight outcomes (one is enough)", out->unable_count);
		else if (a->health_at_risk == TRI_YES)
			snprintf(why, sizeof why, "the carer's health is at risk of deteriorating");
		else
			snprintf(why, sizeof why, "the carer is unable to achieve %d of the eight outcomes (one is enough)",
			         out->unable_count);
		snprintf(out->reasons, sizeof out->reasons,
		         "Eligible as a carer: needs from providing necessary care; %s; a significant impact on the "
		         "carer's wellbeing.", why);
	}
	return CW_OK;
}

enum cw_status rules_case_eligibility(const struct case_record *c, const struct policy *p,
                                      struct eligibility_result *out, struct cw_error *err)
{
	if (case_is_carer(c))
		return rules_carer_eligibility(&c->assessment, p, out, err);
	return rules_eligibility(&c->assessment, p, out, err);
}

/* ---- RAS ---- */

/* The outcomes of v scored with rp (named `what` in messages: "ras" or
 * "carers.ras"), turned into a weekly amount and clamped. */
static enum cw_status ras_work(const struct outcome_view *v, const struct ras_policy *rp, const char *what,
                               const char *budget_words, const struct policy *p, struct ras_result *out,
                               struct cw_error *err)
{
	char m1[MONEY_BUF], m2[MONEY_BUF];
	int i;

	out->complete = true;
	for (i = 0; i < v->n; i++) {
		const char *label = policy_outcome_label(p, v->carer, i);
		if (!v->level_set[i] || (int)v->levels[i] < 0 || v->levels[i] >= NEED_LEVELS) {
			out->complete = false;
			addline(out->working, sizeof out->working, "%s: not yet assessed = 0 points", label);
			continue;
		}
		int pts = rp->points[v->levels[i]];
		out->points += pts;
		addline(out->working, sizeof out->working, "%s: %s = %d point%s", label, level_label(p, v->levels[i]),
		        pts, pts == 1 ? "" : "s");
	}

	if (rp->method == RAS_BANDS) {
		const struct ras_band *band = NULL;
		for (i = 0; i < rp->nbands; i++)
			if (out->points >= rp->bands[i].min_points && out->points <= rp->bands[i].max_points) {
				band = &rp->bands[i];
				break;
			}
		if (!band)
			return cw_fail(err, CW_ERR_INVALID, "%s.bands: no band covers %d points; the bands must cover "
			               "every score from 0 up", what, out->points);
		out->unclamped = band->weekly;
		addline(out->working, sizeof out->working, "Total %d points: band %d-%d points = %s", out->points,
		        band->min_points, band->max_points, gbp(band->weekly, m1));
	} else {
		if (!money_muldiv(rp->pence_per_point, out->points, 1, &out->unclamped))
			return cw_fail(err, CW_ERR_INVALID, "%s.pound_per_point: %d points at this rate overflow", what,
			               out->points);
		addline(out->working, sizeof out->working, "Total %d points x %s = %s", out->points,
		        gbp(rp->pence_per_point, m1), gbp(out->unclamped, m2));
	}

	out->weekly = out->unclamped;
	if (out->weekly < rp->minimum_weekly) {
		out->weekly = rp->minimum_weekly;
		out->clamped_min = true;
		addline(out->working, sizeof out->working, "Raised to the minimum %s", gbp(out->weekly, m1));
	} else if (out->weekly > rp->maximum_weekly) {
		out->weekly = rp->maximum_weekly;
		out->clamped_max = true;
		addline(out->working, sizeof out->working, "Clamped to maximum %s", gbp(out->weekly, m1));
	}
	addline(out->working, sizeof out->working, "%s %s", budget_words, gbp(out->weekly, m1));
	return CW_OK;
}

enum cw_status rules_ras(const struct assessment_record *a, const struct policy *p, struct ras_result *out,
                         struct cw_error *err)
{
	struct outcome_view v;

	memset(out, 0, sizeof *out);
	assessment_outcomes(a, false, &v);
	return ras_work(&v, &p->ras, "ras", "Indicative weekly budget", p, out, err);
}

enum cw_status rules_carer_ras(const struct assessment_record *a, const struct policy *p, struct ras_result *out,
                               struct cw_error *err)
{
	struct outcome_view v;

	memset(out, 0, sizeof *out);
	assessment_outcomes(a, true, &v);
	if (!p->carers.own_ras)
		addline(out->working, sizeof out->working, "The policy has no carers' RAS: the adult RAS is used");
	return ras_work(&v, policy_carer_ras(p), p->carers.own_ras ? "carers.ras" : "ras",
	                "Carer's indicative weekly budget", p, out, err);
}

enum cw_status rules_case_ras(const struct case_record *c, const struct policy *p, struct ras_result *out,
                              struct cw_error *err)
{
	if (case_is_carer(c))
		return rules_carer_ras(&c->assessment, p, out, err);
	return rules_ras(&c->assessment, p, out, err);
}

bool rules_carer_assessed_before_reg3(const struct case_record *c)
{
	const struct assessment_record *a = &c->assessment;
	bool adult = false;
	int i;

	if (!case_is_carer(c) || a->needs_from_caring != TRI_UNSET || a->health_at_risk != TRI_UNSET)
		return false;
	for (i = 0; i < CARER_OUTCOME_COUNT; i++)
		if (a->carer_level_set[i] || a->carer_unable[i])
			return false;
	for (i = 0; i < OUTCOME_COUNT; i++)
		adult = adult || a->level_set[i] || a->unable[i];
	return adult;
}

/* ---- financial assessment ---- */

enum cw_status rules_contribution(const struct assessment_record *a, int64_t budget_weekly,
                                  const struct policy *p, struct charge_result *out, struct cw_error *err)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], m4[MONEY_BUF], m5[MONEY_BUF];
	int64_t charge;

	memset(out, 0, sizeof *out);
	if (budget_weekly < 0)
		return cw_fail(err, CW_ERR_INVALID, "weekly budget: must not be negative");

	if (a->contribution_from_letter) {
		if (a->person_weekly < 0)
			return cw_fail(err, CW_ERR_INVALID,
			               "weekly contribution: must not be negative; enter the figure on the finance letter");
		out->from_letter = true;
		charge = a->person_weekly;
		addline(out->working, sizeof out->working, "Weekly contribution from the finance letter: %s",
		        gbp(charge, m1));
	} else {
		if (a->capital < 0)
			return cw_fail(err, CW_ERR_INVALID, "capital: must not be negative; enter 0.00 for none");
		if (a->weekly_income < 0)
			return cw_fail(err, CW_ERR_INVALID, "weekly income: must not be negative; enter 0.00 for none");
		if (a->capital > p->charging.capital_upper) {
			/* Care Act 2014 s.18(2): at or below the limit the council
			 * meets the needs; only above it does the person pay all */
			out->full_cost = true;
			charge = budget_weekly;
			addline(out->working, sizeof out->working,
			        "Capital %s is above the upper limit %s: the person pays the full cost",
			        gbp(a->capital, m1), gbp(p->charging.capital_upper, m2));
		} else {
			if (a->capital > p->charging.capital_lower) {
				/* £1 (the policy's tariff) for every £250 or part of £250 */
				int64_t above = a->capital - p->charging.capital_lower;
				int64_t parts = (above + 24999) / 25000;
				if (!money_muldiv(p->charging.tariff_per_250, parts, 1, &out->tariff_income))
					return cw_fail(err, CW_ERR_INVALID, "capital: too large to work out");
				addline(out->working, sizeof out->working,
				        "Capital %s is %s above the lower limit %s: %lld x %s per £250 or part = %s "
				        "tariff income",
				        gbp(a->capital, m1), gbp(above, m2), gbp(p->charging.capital_lower, m3),
				        (long long)parts, gbp(p->charging.tariff_per_250, m4), gbp(out->tariff_income, m5));
			} else {
				addline(out->working, sizeof out->working,
				        "Capital %s is not above the lower limit %s: no tariff income", gbp(a->capital, m1),
				        gbp(p->charging.capital_lower, m2));
			}
			int64_t kept = p->charging.minimum_income_guarantee_weekly + p->charging.disregard_weekly;
			out->assessable = a->weekly_income + out->tariff_income - kept;
			if (out->assessable < 0)
				out->assessable = 0;
			addline(out->working, sizeof out->working, "Weekly income %s + tariff income %s",
			        gbp(a->weekly_income, m1), gbp(out->tariff_income, m2));
			addline(out->working, sizeof out->working, "less minimum income guarantee %s",
			        gbp(p->charging.minimum_income_guarantee_weekly, m1));
			if (p->charging.disregard_weekly > 0)
				addline(out->working, sizeof out->working, "less disregarded expenditure %s",
				        gbp(p->charging.disregard_weekly, m1));
			addline(out->working, sizeof out->working, "= %s a week available to pay towards care",
			        gbp(out->assessable, m1));
			charge = out->assessable;
		}
	}
	if (charge > budget_weekly) {
		addline(out->working, sizeof out->working, "Capped at the weekly budget %s", gbp(budget_weekly, m1));
		charge = budget_weekly;
	}
	out->contribution = charge;
	addline(out->working, sizeof out->working, "The person pays %s a week", gbp(charge, m1));
	return CW_OK;
}

bool rules_case_charged(const struct case_record *c, const struct policy *p)
{
	/* a figure from the finance team's letter stands, whatever the policy */
	return !case_is_carer(c) || p->carers.charge || c->assessment.contribution_from_letter;
}

enum cw_status rules_case_contribution(const struct case_record *c, int64_t budget_weekly, const struct policy *p,
                                       struct charge_result *out, struct cw_error *err)
{
	char m1[MONEY_BUF];

	if (rules_case_charged(c, p))
		return rules_contribution(&c->assessment, budget_weekly, p, out, err);
	memset(out, 0, sizeof *out);
	if (budget_weekly < 0)
		return cw_fail(err, CW_ERR_INVALID, "weekly budget: must not be negative");
	addline(out->working, sizeof out->working,
	        "The council does not charge carers for their support (policy carers.charge: false)");
	addline(out->working, sizeof out->working, "The carer pays %s a week", gbp(0, m1));
	return CW_OK;
}

void rules_budget_statement(int64_t budget_weekly, int64_t person_weekly, struct budget_statement *out)
{
	char m1[MONEY_BUF];

	memset(out, 0, sizeof *out);
	if (budget_weekly < 0)
		budget_weekly = 0;
	if (person_weekly < 0)
		person_weekly = 0;
	if (person_weekly > budget_weekly)
		person_weekly = budget_weekly;
	out->cost_weekly = budget_weekly;
	out->person_weekly = person_weekly;
	out->council_weekly = budget_weekly - person_weekly;
	addline(out->text, sizeof out->text, "The cost to the council of meeting your needs: %s a week",
	        gbp(out->cost_weekly, m1));
	addline(out->text, sizeof out->text, "The amount you pay towards it: %s a week", gbp(out->person_weekly, m1));
	addline(out->text, sizeof out->text, "The amount the council pays: %s a week", gbp(out->council_weekly, m1));
}

int64_t rules_final_weekly(const struct case_record *c)
{
	return case_final_weekly(c); /* one definition, in core/case.c */
}

int64_t rules_needs_cost_weekly(const struct case_record *c)
{
	struct plan_totals t;
	int64_t budget = rules_final_weekly(c);
	if (c->plan.nlines > 0 && rules_plan_totals(&c->plan, &t, NULL) == CW_OK && t.weekly < budget)
		return t.weekly;
	return budget;
}

/* ---- support plan ---- */

static const char *route_phrase(enum route r)
{
	switch (r) {
	case ROUTE_DIRECT_PAYMENT: return "a direct payment";
	case ROUTE_COUNCIL_MANAGED: return "council-managed";
	case ROUTE_INDIVIDUAL_SERVICE_FUND: return "an individual service fund";
	case ROUTE_MIXED: return "a mix";
	default: return "not chosen";
	}
}

static bool word_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch >= 0x80;
}

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
}

bool rules_word_match(const char *text, const char *word)
{
	size_t wn = strlen(word), tn = strlen(text), i, k;

	if (wn == 0 || wn > tn)
		return false;
	for (i = 0; i + wn <= tn; i++) {
		if (i > 0 && word_char((unsigned char)text[i - 1]))
			continue;
		for (k = 0; k < wn; k++)
			if (lower((unsigned char)text[i + k]) != lower((unsigned char)word[k]))
				break;
		if (k < wn)
			continue;
		size_t end = i + wn;
		if (end < tn && lower((unsigned char)text[end]) == 's' && lower((unsigned char)word[wn - 1]) != 's')
			end++; /* a plural: "rents", "bills" */
		if (end == tn || !word_char((unsigned char)text[end]))
			return true;
	}
	return false;
}

enum cw_status rules_line_cost(int64_t rate, int64_t units_hundredths, int64_t *cost, struct cw_error *err)
{
	if (rate < 0)
		return cw_fail(err, CW_ERR_INVALID, "rate: must not be negative");
	if (units_hundredths < 0)
		return cw_fail(err, CW_ERR_INVALID, "units: must not be negative");
	if (!money_muldiv(rate, units_hundredths, 100, cost) || *cost > MONEY_MAX)
		return cw_fail(err, CW_ERR_INVALID, "cost: rate x units is too large");
	return CW_OK;
}

static void plan_line_check(const struct plan_line *l, int index, enum route decision_route,
                            const struct outcome_view *v, const struct policy *p, struct plan_line_check *out)
{
	const struct policy_category *cat;
	int n = index + 1, i, w;

	memset(out, 0, sizeof *out);
	out->issue = PLAN_LINE_REFUSED;
	if (!l->category[0]) {
		snprintf(out->msg, sizeof out->msg, "Line %d: choose a category", n);
		return;
	}
	if (policy_never_allowed_find(p, l->category)) {
		snprintf(out->msg, sizeof out->msg, "Line %d: %s may never be paid for from a personal budget", n,
		         policy_never_allowed_find(p, l->category)->label);
		return;
	}
	cat = policy_category_find(p, l->category);
	if (!cat) {
		snprintf(out->msg, sizeof out->msg, "Line %d: \"%s\" is not one of the policy's categories", n,
		         l->category);
		return;
	}
	if (l->route != ROUTE_DIRECT_PAYMENT && l->route != ROUTE_COUNCIL_MANAGED &&
	    l->route != ROUTE_INDIVIDUAL_SERVICE_FUND) {
		snprintf(out->msg, sizeof out->msg, "Line %d: say how it is paid (direct payment or council-managed)", n);
		return;
	}
	if (l->route == ROUTE_DIRECT_PAYMENT &&
	    (policy_not_by_direct_payment(p, cat->key) ||
	     (strcmp(cat->key, "council_services") == 0 && !p->support_plan.council_services_by_direct_payment))) {
		snprintf(out->msg, sizeof out->msg,
		         "Line %d: a direct payment may not buy %s; the council arranges it (council-managed)", n,
		         cat->label);
		return;
	}
	if (decision_route != ROUTE_MIXED && decision_route != ROUTE_NONE && l->route != decision_route) {
		snprintf(out->msg, sizeof out->msg,
		         "Line %d: the person chose %s; this line is %s (choose a mix at decision-making to use both)",
		         n, route_phrase(decision_route), route_phrase(l->route));
		return;
	}
	if (l->outcome >= v->n || (l->outcome < 0 && cw_blank(l->need))) {
		snprintf(out->msg, sizeof out->msg, "Line %d meets no assessed need: say which need or outcome it meets",
		         n);
		return;
	}
	if (l->outcome >= 0 && !outcome_view_need(v, l->outcome)) {
		snprintf(out->msg, sizeof out->msg, "Line %d meets no assessed need: the assessment found no need for %s",
		         n, policy_outcome_label(p, v->carer, l->outcome));
		return;
	}
	if (l->family_pa_same_household && cw_blank(l->exception_reason)) {
		snprintf(out->msg, sizeof out->msg,
		         "Line %d: a family member living in the same household is paid only as an exception; record "
		         "the reasons",
		         n);
		return;
	}
	if (l->units_per_week < 0 || l->rate < 0 || l->weekly_cost < 0) {
		snprintf(out->msg, sizeof out->msg, "Line %d: units, rate and cost must not be negative", n);
		return;
	}
	out->issue = PLAN_LINE_OK;
	if (l->warning_confirmed)
		return;
	for (i = 0; i < p->support_plan.nnever_allowed; i++) {
		const struct policy_use *u = &p->support_plan.never_allowed[i];
		for (w = 0; w < u->nwords; w++)
			if (rules_word_match(l->description, u->words[w])) {
				out->issue = PLAN_LINE_FLAGGED;
				cw_strlcpy(out->word, u->words[w], sizeof out->word);
				snprintf(out->msg, sizeof out->msg,
				         "Line %d: \"%s\" mentions \"%s\" (%s: never paid for); confirm the line is not "
				         "for this, or change it",
				         n, l->description, u->words[w], u->label);
				return;
			}
	}
}

void rules_plan_line_check(const struct plan_line *l, int index, enum route decision_route,
                           const struct assessment_record *a, const struct policy *p, struct plan_line_check *out)
{
	struct outcome_view v;

	assessment_outcomes(a, false, &v);
	plan_line_check(l, index, decision_route, &v, p, out);
}

void rules_case_plan_line_check(const struct case_record *c, const struct plan_line *l, int index,
                                const struct policy *p, struct plan_line_check *out)
{
	struct outcome_view v;

	case_outcomes(c, &v);
	plan_line_check(l, index, c->decision.route, &v, p, out);
}

enum cw_status rules_plan_totals(const struct plan_record *plan, struct plan_totals *out, struct cw_error *err)
{
	int i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < plan->nlines && i < PLAN_MAX_LINES; i++) {
		const struct plan_line *l = &plan->lines[i];
		bool ok;
		if (l->one_off) {
			ok = money_add(out->one_off, l->weekly_cost, &out->one_off);
		} else {
			ok = money_add(out->weekly, l->weekly_cost, &out->weekly);
			if (ok && l->route == ROUTE_DIRECT_PAYMENT)
				ok = money_add(out->direct_payment_weekly, l->weekly_cost, &out->direct_payment_weekly);
		}
		if (!ok)
			return cw_fail(err, CW_ERR_INVALID, "plan line %d: the total is too large", i + 1);
	}
	/* A year is counted as 52 weeks, as councils cost packages (not
	 * 52.14): the yearly figure is what the weekly one implies. */
	if (!money_muldiv(out->weekly, 52, 1, &out->yearly) || out->yearly > MONEY_MAX)
		return cw_fail(err, CW_ERR_INVALID, "plan: the yearly total is too large");
	if (!money_add(out->yearly, out->one_off, &out->first_year))
		return cw_fail(err, CW_ERR_INVALID, "plan: the first year's total is too large");
	return CW_OK;
}

int64_t rules_plan_weekly_needed(const struct plan_totals *t)
{
	if (t->one_off <= 0)
		return t->weekly;
	return t->weekly + (t->one_off + 51) / 52; /* both checked by rules_plan_totals: no overflow */
}

int64_t rules_plan_limit(int64_t budget_weekly, const struct policy *p)
{
	if (budget_weekly <= 0)
		return 0;
	/* rounded down, so "above the limit" never hides a part of a penny */
	return budget_weekly * (100 + p->support_plan.tolerance_percent) / 100;
}

bool rules_plan_over_budget(const struct plan_totals *t, int64_t budget_weekly, const struct policy *p, char *msg,
                            size_t msgsize)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], m4[MONEY_BUF], m5[MONEY_BUF], m6[MONEY_BUF];
	int64_t limit = rules_plan_limit(budget_weekly, p), year_limit;

	if (t->one_off <= 0) {
		if (t->weekly <= limit)
			return false;
		if (msg && msgsize)
			snprintf(msg, msgsize, "The plan costs %s a week, %s over the budget %s plus %d%% tolerance (%s)",
			         gbp(t->weekly, m1), gbp(t->weekly - limit, m2), gbp(budget_weekly, m3),
			         p->support_plan.tolerance_percent, gbp(limit, m4));
		return true;
	}
	year_limit = limit * 52; /* at most 11 x MONEY_MAX (tolerance up to 1000%): x 52 fits */
	if (t->first_year <= year_limit)
		return false;
	if (msg && msgsize)
		snprintf(msg, msgsize,
		         "The plan costs %s a week and %s in one-off purchases: %s in its first year, %s over the "
		         "year's budget (%s a week plus %d%% tolerance, for 52 weeks: %s)",
		         gbp(t->weekly, m1), gbp(t->one_off, m2), gbp(t->first_year, m3), gbp(t->first_year - year_limit, m4),
		         gbp(budget_weekly, m5), p->support_plan.tolerance_percent, gbp(year_limit, m6));
	return true;
}

/* ---- panel triggers ---- */

enum cw_status rules_panel_check(const struct case_record *c, const struct policy *p, struct panel_check *out,
                                 struct cw_error *err)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], m4[MONEY_BUF], m5[MONEY_BUF];
	const struct panel_record *pr = &c->panel;
	int64_t indicative = c->assessment.indicative_weekly;
	bool requested = pr->worker_request && pr->requested_weekly > 0;
	struct plan_totals tot;
	enum cw_status st = CW_OK;
	int i, family_line = -1;

	memset(out, 0, sizeof *out);
	out->amount = requested ? pr->requested_weekly : indicative;

	/* a costed plan above the budget plus tolerance */
	if (c->plan.nlines > 0 && rules_plan_totals(&c->plan, &tot, NULL) == CW_OK) {
		int64_t budget = rules_final_weekly(c);
		char msg[CW_ERRMSG_MAX];
		if (rules_plan_over_budget(&tot, budget, p, msg, sizeof msg)) {
			if (p->panel.plan_over_tolerance) {
				out->triggers |= TRIGGER_PLAN_OVER_BUDGET;
				out->amount = rules_plan_weekly_needed(&tot);
				if (tot.one_off > 0)
					addline(out->reasons, sizeof out->reasons, "%s; %s a week would cover it.", msg,
					        gbp(out->amount, m1));
				else
					addline(out->reasons, sizeof out->reasons, "%s.", msg);
			}
		} else if (tot.one_off > 0) {
			addline(out->not_needed, sizeof out->not_needed,
			        "The plan's %s a week and %s in one-off purchases (%s in its first year) are within the "
			        "budget %s a week plus %d%% tolerance (%s).",
			        gbp(tot.weekly, m1), gbp(tot.one_off, m2), gbp(tot.first_year, m3), gbp(budget, m4),
			        p->support_plan.tolerance_percent, gbp(rules_plan_limit(budget, p), m5));
		} else {
			addline(out->not_needed, sizeof out->not_needed,
			        "The plan's %s a week is within the budget %s plus %d%% tolerance (%s).",
			        gbp(tot.weekly, m1), gbp(budget, m2), p->support_plan.tolerance_percent,
			        gbp(rules_plan_limit(budget, p), m3));
		}
	}

	if (out->amount > p->panel.weekly_cost_over) {
		out->triggers |= TRIGGER_WEEKLY_COST;
		addline(out->reasons, sizeof out->reasons, "The weekly cost %s is above the panel threshold %s.",
		        gbp(out->amount, m1), gbp(p->panel.weekly_cost_over, m2));
	} else {
		addline(out->not_needed, sizeof out->not_needed, "The weekly cost %s is not above the panel threshold %s.",
		        gbp(out->amount, m1), gbp(p->panel.weekly_cost_over, m2));
	}

	if (requested) {
		int64_t limit = indicative * (100 + p->panel.over_indicative_percent) / 100; /* rounded down */
		if (pr->requested_weekly > limit) {
			out->triggers |= TRIGGER_OVER_INDICATIVE;
			addline(out->reasons, sizeof out->reasons,
			        "The %s asked for is more than %d%% above the indicative budget %s (the most without "
			        "panel is %s).",
			        gbp(pr->requested_weekly, m1), p->panel.over_indicative_percent, gbp(indicative, m2),
			        gbp(limit, m3));
		} else {
			addline(out->not_needed, sizeof out->not_needed,
			        "The %s asked for is not more than %d%% above the indicative budget %s (up to %s).",
			        gbp(pr->requested_weekly, m1), p->panel.over_indicative_percent, gbp(indicative, m2),
			        gbp(limit, m3));
		}
	}

	for (i = 0; i < c->plan.nlines && i < PLAN_MAX_LINES; i++)
		if (c->plan.lines[i].family_pa_same_household && c->plan.lines[i].route == ROUTE_DIRECT_PAYMENT) {
			family_line = i;
			break;
		}
	if (family_line >= 0 && p->panel.family_pa_same_household) {
		out->triggers |= TRIGGER_FAMILY_PA;
		addline(out->reasons, sizeof out->reasons,
		        "Line %d: a direct payment pays a family member who lives in the same household (%s).",
		        family_line + 1,
		        c->plan.lines[family_line].exception_reason[0] ? c->plan.lines[family_line].exception_reason
		                                                      : "no exception reason recorded");
	} else if (family_line >= 0) {
		addline(out->not_needed, sizeof out->not_needed,
		        "A family member in the same household is paid by direct payment as a recorded exception; the "
		        "policy does not send this to panel.");
	} else {
		addline(out->not_needed, sizeof out->not_needed,
		        "No direct payment pays a family member in the same household.");
	}

	if (pr->worker_request) {
		if (pr->requested_weekly <= 0)
			st = cw_fail(err, CW_ERR_INCOMPLETE, "A request to panel needs the weekly amount asked for");
		else if (cw_blank(pr->justification))
			st = cw_fail(err, CW_ERR_INCOMPLETE, "A request to panel needs a justification");
		else {
			out->triggers |= TRIGGER_WORKER_REQUEST;
			addline(out->reasons, sizeof out->reasons, "The worker asks the panel for %s a week: %s",
			        gbp(pr->requested_weekly, m1), pr->justification);
		}
	} else {
		addline(out->not_needed, sizeof out->not_needed, "The worker has not asked for panel.");
	}

	out->required = out->triggers != 0;
	if (out->required)
		out->not_needed[0] = '\0';
	return st;
}

/* ---- reviews ---- */

struct date rules_first_review(struct date plan_start, const struct policy *p)
{
	if (!date_is_set(plan_start))
		return DATE_NONE;
	return date_add_days(plan_start, 7 * p->review.first_review_weeks);
}

struct date rules_next_review(struct date last_review, bool high_risk, const struct policy *p)
{
	if (!date_is_set(last_review))
		return DATE_NONE;
	return date_add_months(last_review, high_risk ? p->review.high_risk_interval_months
	                                               : p->review.interval_months);
}

struct date rules_first_audit(struct date dp_start, const struct policy *p)
{
	if (!date_is_set(dp_start))
		return DATE_NONE;
	return date_add_months(dp_start, p->review.direct_payment_first_audit_months);
}

struct date rules_next_audit(struct date last_audit, const struct policy *p)
{
	if (!date_is_set(last_audit))
		return DATE_NONE;
	return date_add_months(last_audit, p->review.direct_payment_audit_months);
}

static bool case_uses_direct_payment(const struct case_record *c)
{
	int i;

	if (c->decision.route == ROUTE_DIRECT_PAYMENT)
		return true;
	for (i = 0; i < c->plan.nlines && i < PLAN_MAX_LINES; i++)
		if (c->plan.lines[i].route == ROUTE_DIRECT_PAYMENT)
			return true;
	return false;
}

void rules_review_schedule(const struct case_record *c, const struct policy *p, struct date *next_due,
                           struct date *audit_due)
{
	struct date last_review = DATE_NONE, last_audit = DATE_NONE;
	int i;

	for (i = 0; i < c->review.nhistory && i < REVIEW_MAX_HISTORY; i++) {
		const struct review_entry *e = &c->review.history[i];
		if (!date_is_set(e->date))
			continue;
		if (!e->audit_only && (!date_is_set(last_review) || date_compare(e->date, last_review) > 0))
			last_review = e->date;
		if (e->audit && (!date_is_set(last_audit) || date_compare(e->date, last_audit) > 0))
			last_audit = e->date;
	}
	/* a review before the plan (re)started belongs to the old plan */
	if (date_is_set(last_review) && date_is_set(c->plan.start_date) &&
	    date_compare(last_review, c->plan.start_date) < 0)
		last_review = DATE_NONE;
	if (date_is_set(last_audit) && date_is_set(c->plan.start_date) &&
	    date_compare(last_audit, c->plan.start_date) < 0)
		last_audit = DATE_NONE;

	*next_due = date_is_set(last_review) ? rules_next_review(last_review, c->review.high_risk, p)
	                                     : rules_first_review(c->plan.start_date, p);
	if (!case_uses_direct_payment(c))
		*audit_due = DATE_NONE;
	else
		*audit_due = date_is_set(last_audit) ? rules_next_audit(last_audit, p)
		                                     : rules_first_audit(c->plan.start_date, p);
}

enum due_state rules_due_state(struct date due, struct date today, const struct policy *p, int *days)
{
	int32_t d;

	if (days)
		*days = 0;
	if (!date_is_set(due) || !date_is_set(today))
		return DUE_NONE;
	d = date_diff_days(due, today);
	if (days)
		*days = (int)d;
	if (d < 0)
		return DUE_OVERDUE;
	if (d == 0)
		return DUE_TODAY;
	if (d <= p->review.due_soon_days)
		return DUE_SOON;
	return DUE_LATER;
}

/* ---- direct-payment audit ---- */

enum cw_status rules_dp_audit(int64_t spent, int64_t unspent, int64_t misused, int64_t weekly_payment,
                              const struct policy *p, struct dp_audit_result *out, struct cw_error *err)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF];

	memset(out, 0, sizeof *out);
	if (spent < 0 || spent > MONEY_MAX)
		return cw_fail(err, CW_ERR_INVALID, "spent: must be 0.00 or more");
	if (unspent < 0 || unspent > MONEY_MAX)
		return cw_fail(err, CW_ERR_INVALID, "unspent: must be 0.00 or more");
	if (misused < 0 || misused > MONEY_MAX)
		return cw_fail(err, CW_ERR_INVALID, "misused: must be 0.00 or more");
	if (weekly_payment < 0)
		return cw_fail(err, CW_ERR_INVALID, "weekly direct payment: must be 0.00 or more");
	if (!money_muldiv(weekly_payment, p->review.unspent_keep_weeks, 1, &out->keep_limit))
		return cw_fail(err, CW_ERR_INVALID, "weekly direct payment: too large");

	out->unspent_kept = unspent < out->keep_limit ? unspent : out->keep_limit;
	out->unspent_reclaimed = unspent - out->unspent_kept;
	out->clawback = misused + out->unspent_reclaimed;

	addline(out->working, sizeof out->working, "Spent on the plan: %s", gbp(spent, m1));
	addline(out->working, sizeof out->working, "Unspent: %s; the person may keep up to %d weeks x %s = %s",
	        gbp(unspent, m1), p->review.unspent_keep_weeks, gbp(weekly_payment, m2), gbp(out->keep_limit, m3));
	addline(out->working, sizeof out->working, "Unspent kept: %s; unspent reclaimed: %s", gbp(out->unspent_kept, m1),
	        gbp(out->unspent_reclaimed, m2));
	addline(out->working, sizeof out->working, "Misused (to be repaid): %s", gbp(misused, m1));
	addline(out->working, sizeof out->working, "To claw back: %s", gbp(out->clawback, m1));
	return CW_OK;
}
