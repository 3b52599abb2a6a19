/* test_rules.c - the rules of each stage, as tables of cases with exact
 * figures: eligibility, the RAS (rate and bands, each clamp), the
 * contribution at and around each capital limit, each panel trigger at
 * its threshold and a penny either side, the plan line checks, costs and
 * totals, every review date rule, and the direct-payment audit. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/money.h"
#include "core/rules.h"
#include "core/workflow.h"
#include "tests/rules_fixture.h"

/* "ssmn-..." one letter an outcome: n l m s c, '-' unset */
static void set_levels(struct assessment_record *a, const char *levels)
{
	int i;

	for (i = 0; i < OUTCOME_COUNT && levels[i]; i++) {
		const char *k = strchr("nlmsc", levels[i]);
		a->level_set[i] = k != NULL;
		a->levels[i] = k ? (enum need_level)(k - "nlmsc") : NEED_NONE;
	}
}

/* ---- eligibility ---- */

struct elig_case {
	enum tri impairment, wellbeing;
	int unable;
	enum cw_status status;
	bool eligible;
	char reasons[400];
};

static struct elig_case elig_cases[] = {
	{TRI_YES, TRI_YES, 2, CW_OK, true,
	 "Eligible: needs from an impairment or illness; unable to achieve 2 of the ten outcomes (at least 2 "
	 "needed); a significant impact on wellbeing."},
	{TRI_YES, TRI_YES, 10, CW_OK, true,
	 "Eligible: needs from an impairment or illness; unable to achieve 10 of the ten outcomes (at least 2 "
	 "needed); a significant impact on wellbeing."},
	{TRI_YES, TRI_YES, 1, CW_OK, false,
	 "The person is unable to achieve 1 of the ten outcomes; the regulations need at least 2."},
	{TRI_YES, TRI_YES, 0, CW_OK, false,
	 "The person is unable to achieve 0 of the ten outcomes; the regulations need at least 2."},
	{TRI_NO, TRI_YES, 5, CW_OK, false,
	 "The needs do not arise from a physical or mental impairment or illness."},
	{TRI_YES, TRI_NO, 3, CW_OK, false,
	 "The needs do not have a significant impact on the person's wellbeing."},
	{TRI_NO, TRI_NO, 1, CW_OK, false,
	 "The needs do not arise from a physical or mental impairment or illness.\n"
	 "The person is unable to achieve 1 of the ten outcomes; the regulations need at least 2.\n"
	 "The needs do not have a significant impact on the person's wellbeing."},
	{TRI_UNSET, TRI_YES, 3, CW_ERR_INCOMPLETE, false, ""},
	{TRI_YES, TRI_UNSET, 3, CW_ERR_INCOMPLETE, false, ""},
};

ParameterizedTestParameters(rules_eligibility, table)
{
	return cr_make_param_array(struct elig_case, elig_cases, CW_ARRAY_LEN(elig_cases));
}

ParameterizedTest(struct elig_case *t, rules_eligibility, table)
{
	struct policy p;
	struct assessment_record a;
	struct eligibility_result r;
	struct cw_error err = {0};
	int i;

	fx_policy(&p);
	memset(&a, 0, sizeof a);
	a.impairment = t->impairment;
	a.wellbeing_impact = t->wellbeing;
	for (i = 0; i < t->unable; i++)
		a.unable[OUTCOME_COUNT - 1 - i] = true;
	cr_assert_eq(rules_eligibility(&a, &p, &r, &err), t->status, "%s", err.msg);
	cr_expect_eq(r.unable_count, t->unable);
	if (t->status != CW_OK)
		return;
	cr_expect_eq(r.eligible, t->eligible);
	cr_expect_str_eq(r.reasons, t->reasons);
}

Test(rules_eligibility, min_outcomes_from_policy)
{
	struct policy p;
	struct assessment_record a;
	struct eligibility_result r;

	fx_policy(&p);
	memset(&a, 0, sizeof a);
	a.impairment = a.wellbeing_impact = TRI_YES;
	a.unable[4] = true;
	cr_assert_eq(rules_eligibility(&a, &p, &r, NULL), CW_OK);
	cr_expect_not(r.eligible);
	cr_expect_str_eq(r.reasons, "The person is unable to achieve 1 of the ten outcomes; the regulations need at least 2.");
	p.eligibility.min_outcomes_unable = 1; /* a council more generous than the regulations */
	cr_assert_eq(rules_eligibility(&a, &p, &r, NULL), CW_OK);
	cr_expect(r.eligible);
}

/* "Unable to achieve" with no need at that outcome is a contradiction:
 * refused, not counted. */
Test(rules_eligibility, unable_with_no_need_refused)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct eligibility_result r;
	struct cw_error err = {0};
	char missing[WORKFLOW_MISSING_MAX] = "";

	fx_policy(&p);
	for (int i = 0; i < OUTCOME_COUNT; i++) {
		c->assessment.level_set[i] = true;
		c->assessment.levels[i] = NEED_MODERATE;
	}
	c->assessment.impairment = c->assessment.wellbeing_impact = TRI_YES;
	c->assessment.unable[0] = c->assessment.unable[3] = true;
	c->assessment.levels[3] = NEED_NONE;
	cr_assert_eq(rules_eligibility(&c->assessment, &p, &r, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Unable to achieve, yet no need: Clothing; an outcome the person cannot achieve is a "
	                          "need: set its level, or answer no to unable");
	c->stage = STAGE_ASSESSMENT;
	workflow_missing(c, &p, missing, sizeof missing);
	cr_expect(strstr(missing, "Unable to achieve, yet no need: Clothing") != NULL, "%s", missing);
	c->assessment.levels[3] = NEED_LOW;
	cr_assert_eq(rules_eligibility(&c->assessment, &p, &r, &err), CW_OK, "%s", err.msg);
	cr_expect(r.eligible);
	free(c);
}

Test(rules_eligibility, incomplete_message)
{
	struct policy p;
	struct assessment_record a;
	struct eligibility_result r;
	struct cw_error err = {0};

	fx_policy(&p);
	memset(&a, 0, sizeof a);
	cr_assert_eq(rules_eligibility(&a, &p, &r, &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "Record whether the needs arise from a physical or mental impairment or illness");
}

/* ---- RAS ---- */

struct ras_case {
	bool banded;
	char levels[12];
	int64_t min, max; /* -1: the policy's */
	int points;
	bool complete;
	int64_t unclamped, weekly;
	bool cmin, cmax;
};

static struct ras_case ras_cases[] = {
	/* rate: £4.20 a point, 0.00-1,500.00 */
	{false, "nnnnnnnnnn", -1, -1, 0, true, 0, 0, false, false},
	{false, "lnnnnnnnnn", -1, -1, 3, true, 1260, 1260, false, false},
	{false, "ssssmnnnnn", -1, -1, 46, true, 19320, 19320, false, false},
	{false, "cccccccccc", -1, -1, 150, true, 63000, 63000, false, false},
	{false, "ss--------", -1, -1, 20, false, 8400, 8400, false, false},
	{false, "----------", -1, -1, 0, false, 0, 0, false, false},
	/* each clamp at, a penny under and a penny over */
	{false, "ssnnnnnnnn", 8400, -1, 20, true, 8400, 8400, false, false},
	{false, "ssnnnnnnnn", 8401, -1, 20, true, 8400, 8401, true, false},
	{false, "ssnnnnnnnn", 8399, -1, 20, true, 8400, 8400, false, false},
	{false, "ssnnnnnnnn", -1, 8400, 20, true, 8400, 8400, false, false},
	{false, "ssnnnnnnnn", -1, 8399, 20, true, 8400, 8399, false, true},
	{false, "ssnnnnnnnn", -1, 8401, 20, true, 8400, 8400, false, false},
	{false, "cccccccccc", -1, 50000, 150, true, 63000, 50000, false, true},
	{false, "nnnnnnnnnn", 5000, -1, 0, true, 0, 5000, true, false},
	/* bands: points 0 2 5 9 14 */
	{true, "nnnnnnnnnn", -1, -1, 0, true, 0, 0, false, false},
	{true, "snnnnnnnnn", -1, -1, 9, true, 0, 0, false, false},
	{true, "lllllnnnnn", -1, -1, 10, true, 7500, 7500, false, false},
	{true, "sslllnnnnn", -1, -1, 24, true, 7500, 7500, false, false},
	{true, "ssmlnnnnnn", -1, -1, 25, true, 15000, 15000, false, false},
	{true, "ccslnnnnnn", -1, -1, 39, true, 15000, 15000, false, false},
	{true, "ccmmlnnnnn", -1, -1, 40, true, 24000, 24000, false, false},
	{true, "cccccccccc", -1, -1, 140, true, 72000, 72000, false, false},
	{true, "cccccccccc", -1, 70000, 140, true, 72000, 70000, false, true},
	{true, "cccccccccc", -1, 72000, 140, true, 72000, 72000, false, false},
	{true, "snnnnnnnnn", 2000, -1, 9, true, 0, 2000, true, false},
};

ParameterizedTestParameters(rules_ras, table)
{
	return cr_make_param_array(struct ras_case, ras_cases, CW_ARRAY_LEN(ras_cases));
}

ParameterizedTest(struct ras_case *t, rules_ras, table)
{
	struct policy p;
	struct assessment_record a;
	struct ras_result r;
	struct cw_error err = {0};

	if (t->banded)
		fx_policy_banded(&p);
	else
		fx_policy(&p);
	if (t->min >= 0)
		p.ras.minimum_weekly = t->min;
	if (t->max >= 0)
		p.ras.maximum_weekly = t->max;
	memset(&a, 0, sizeof a);
	set_levels(&a, t->levels);
	cr_assert_eq(rules_ras(&a, &p, &r, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(r.points, t->points, "%s: points %d", t->levels, r.points);
	cr_expect_eq(r.complete, t->complete);
	cr_expect_eq(r.unclamped, t->unclamped, "%s: unclamped %lld", t->levels, (long long)r.unclamped);
	cr_expect_eq(r.weekly, t->weekly, "%s: weekly %lld", t->levels, (long long)r.weekly);
	cr_expect_eq(r.clamped_min, t->cmin);
	cr_expect_eq(r.clamped_max, t->cmax);
}

Test(rules_ras, working_rate_clamped)
{
	struct policy p;
	struct assessment_record a;
	struct ras_result r;

	fx_policy(&p);
	p.ras.maximum_weekly = 15000;
	memset(&a, 0, sizeof a);
	set_levels(&a, "ssssmnnnn-");
	cr_assert_eq(rules_ras(&a, &p, &r, NULL), CW_OK);
	cr_expect_str_eq(r.working, "Nutrition: substantial = 10 points\n"
	                            "Personal hygiene: substantial = 10 points\n"
	                            "Toilet needs: substantial = 10 points\n"
	                            "Clothing: substantial = 10 points\n"
	                            "Home safety: moderate = 6 points\n"
	                            "Habitable home: none = 0 points\n"
	                            "Relationships: none = 0 points\n"
	                            "Work and learning: none = 0 points\n"
	                            "Community: none = 0 points\n"
	                            "Caring for a child: not yet assessed = 0 points\n"
	                            "Total 46 points x \xc2\xa3" "4.20 = \xc2\xa3" "193.20\n"
	                            "Clamped to maximum \xc2\xa3" "150.00\n"
	                            "Indicative weekly budget \xc2\xa3" "150.00");
}

Test(rules_ras, working_bands_raised)
{
	struct policy p;
	struct assessment_record a;
	struct ras_result r;
	const char *tail;

	fx_policy_banded(&p);
	p.ras.minimum_weekly = 2000;
	memset(&a, 0, sizeof a);
	set_levels(&a, "snnnnnnnnn");
	cr_assert_eq(rules_ras(&a, &p, &r, NULL), CW_OK);
	tail = strstr(r.working, "Total");
	cr_assert_not_null(tail);
	cr_expect_str_eq(tail, "Total 9 points: band 0-9 points = \xc2\xa3" "0.00\n"
	                       "Raised to the minimum \xc2\xa3" "20.00\n"
	                       "Indicative weekly budget \xc2\xa3" "20.00");
}

Test(rules_ras, band_gap_is_an_error)
{
	struct policy p;
	struct assessment_record a;
	struct ras_result r;
	struct cw_error err = {0};

	fx_policy_banded(&p);
	p.ras.nbands = 2; /* 0-24 only */
	memset(&a, 0, sizeof a);
	set_levels(&a, "ssmlnnnnnn");
	cr_assert_eq(rules_ras(&a, &p, &r, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "ras.bands: no band covers 25 points; the bands must cover every score from 0 up");
}

/* ---- financial assessment ---- */

struct charge_case {
	int64_t capital, income, budget;
	bool letter;
	int64_t letter_amount;
	int64_t tariff, contribution;
	bool full_cost;
};

/* MIG £132.00 + disregard £20.00 = £152.00 kept; budget £300.00 */
static struct charge_case charge_cases[] = {
	{0, 20000, 30000, false, 0, 0, 4800, false},
	{1424999, 20000, 30000, false, 0, 0, 4800, false},
	{1425000, 20000, 30000, false, 0, 0, 4800, false},
	{1425001, 20000, 30000, false, 0, 100, 4900, false},
	{1450000, 20000, 30000, false, 0, 100, 4900, false},
	{1450001, 20000, 30000, false, 0, 200, 5000, false},
	{2324999, 20000, 30000, false, 0, 3600, 8400, false},
	/* at the upper limit the council still meets the needs (Care Act
	 * s.18(2), "at or below the financial limit"): 36 x £1 tariff */
	{2325000, 20000, 30000, false, 0, 3600, 8400, false},
	{2325001, 20000, 30000, false, 0, 0, 30000, true},
	{2325000, 90000, 30000, false, 0, 3600, 30000, false}, /* 774.00 capped at the 300.00 budget */
	{0, 10000, 30000, false, 0, 0, 0, false},
	{0, 15200, 30000, false, 0, 0, 0, false},
	{0, 15201, 30000, false, 0, 0, 1, false},
	{0, 15199, 30000, false, 0, 0, 0, false},
	{0, 45200, 30000, false, 0, 0, 30000, false},
	{0, 45199, 30000, false, 0, 0, 29999, false},
	{0, 45201, 30000, false, 0, 0, 30000, false},
	{5000000, 0, 0, false, 0, 0, 0, true},
	{0, 0, 30000, true, 7550, 0, 7550, false},
	{0, 0, 30000, true, 30001, 0, 30000, false},
	{9999999, 99999, 30000, true, 0, 0, 0, false},
};

ParameterizedTestParameters(rules_contribution, table)
{
	return cr_make_param_array(struct charge_case, charge_cases, CW_ARRAY_LEN(charge_cases));
}

ParameterizedTest(struct charge_case *t, rules_contribution, table)
{
	struct policy p;
	struct assessment_record a;
	struct charge_result r;
	struct cw_error err = {0};

	fx_policy(&p);
	memset(&a, 0, sizeof a);
	a.capital = t->capital;
	a.weekly_income = t->income;
	a.contribution_from_letter = t->letter;
	a.person_weekly = t->letter_amount;
	cr_assert_eq(rules_contribution(&a, t->budget, &p, &r, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(r.tariff_income, t->tariff, "capital %lld: tariff %lld", (long long)t->capital,
	             (long long)r.tariff_income);
	cr_expect_eq(r.contribution, t->contribution, "capital %lld income %lld: contribution %lld",
	             (long long)t->capital, (long long)t->income, (long long)r.contribution);
	cr_expect_eq(r.full_cost, t->full_cost);
	cr_expect_eq(r.from_letter, t->letter);
}

Test(rules_contribution, working)
{
	struct policy p;
	struct assessment_record a;
	struct charge_result r;

	fx_policy(&p);
	memset(&a, 0, sizeof a);
	a.capital = 1450001;
	a.weekly_income = 20000;
	cr_assert_eq(rules_contribution(&a, 30000, &p, &r, NULL), CW_OK);
	cr_expect_str_eq(r.working,
	                 "Capital \xc2\xa3" "14,500.01 is \xc2\xa3" "250.01 above the lower limit \xc2\xa3" "14,250.00: 2 x "
	                 "\xc2\xa3" "1.00 per \xc2\xa3" "250 or part = \xc2\xa3" "2.00 tariff income\n"
	                 "Weekly income \xc2\xa3" "200.00 + tariff income \xc2\xa3" "2.00\n"
	                 "less minimum income guarantee \xc2\xa3" "132.00\n"
	                 "less disregarded expenditure \xc2\xa3" "20.00\n"
	                 "= \xc2\xa3" "50.00 a week available to pay towards care\n"
	                 "The person pays \xc2\xa3" "50.00 a week");
}

Test(rules_contribution, working_at_and_above_the_upper_limit)
{
	struct policy p;
	struct assessment_record a;
	struct charge_result r;

	fx_policy(&p);
	memset(&a, 0, sizeof a);
	a.capital = 2325000;
	a.weekly_income = 20000;
	cr_assert_eq(rules_contribution(&a, 30000, &p, &r, NULL), CW_OK);
	cr_expect_str_eq(r.working,
	                 "Capital \xc2\xa3" "23,250.00 is \xc2\xa3" "9,000.00 above the lower limit \xc2\xa3" "14,250.00: "
	                 "36 x \xc2\xa3" "1.00 per \xc2\xa3" "250 or part = \xc2\xa3" "36.00 tariff income\n"
	                 "Weekly income \xc2\xa3" "200.00 + tariff income \xc2\xa3" "36.00\n"
	                 "less minimum income guarantee \xc2\xa3" "132.00\n"
	                 "less disregarded expenditure \xc2\xa3" "20.00\n"
	                 "= \xc2\xa3" "84.00 a week available to pay towards care\n"
	                 "The person pays \xc2\xa3" "84.00 a week");
	a.capital = 2325001;
	cr_assert_eq(rules_contribution(&a, 30000, &p, &r, NULL), CW_OK);
	cr_expect_str_eq(r.working,
	                 "Capital \xc2\xa3" "23,250.01 is above the upper limit \xc2\xa3" "23,250.00: the person pays the "
	                 "full cost\n"
	                 "The person pays \xc2\xa3" "300.00 a week");
}

Test(rules_contribution, refuses_negative)
{
	struct policy p;
	struct assessment_record a;
	struct charge_result r;
	struct cw_error err = {0};

	fx_policy(&p);
	memset(&a, 0, sizeof a);
	a.capital = -1;
	cr_expect_eq(rules_contribution(&a, 30000, &p, &r, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "capital: must not be negative; enter 0.00 for none");
	a.capital = 0;
	a.weekly_income = -5;
	cr_expect_eq(rules_contribution(&a, 30000, &p, &r, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "weekly income: must not be negative; enter 0.00 for none");
}

Test(rules_budget, statement_s26)
{
	struct budget_statement s;

	rules_budget_statement(30000, 4800, &s);
	cr_expect_eq(s.cost_weekly, 30000);
	cr_expect_eq(s.person_weekly, 4800);
	cr_expect_eq(s.council_weekly, 25200);
	cr_expect_str_eq(s.text, "The cost to the council of meeting your needs: \xc2\xa3" "300.00 a week\n"
	                         "The amount you pay towards it: \xc2\xa3" "48.00 a week\n"
	                         "The amount the council pays: \xc2\xa3" "252.00 a week");
	rules_budget_statement(30000, 40000, &s); /* never more than the cost */
	cr_expect_eq(s.person_weekly, 30000);
	cr_expect_eq(s.council_weekly, 0);
}

Test(rules_budget, final_weekly)
{
	struct case_record *c = fx_case();

	c->assessment.indicative_weekly = 19320;
	cr_expect_eq(rules_final_weekly(c), 19320);
	c->panel.decision = PANEL_DECLINED; /* a first hearing: nothing approved */
	cr_expect_eq(rules_final_weekly(c), 19320);
	c->panel.decision = PANEL_APPROVED_OTHER;
	c->panel.approved_weekly = 50000;
	cr_expect_eq(rules_final_weekly(c), 50000);
	c->panel.decision = PANEL_DECLINED; /* a later hearing declines an increase */
	cr_expect_eq(rules_final_weekly(c), 50000, "the earlier approval stands");
	free(c);
}

/* ---- panel triggers ---- */

struct panel_case {
	int64_t indicative;
	bool request;
	int64_t requested;
	bool justified;
	int64_t plan; /* one plan line costing this a week; 0 none */
	enum route line_route;
	bool family;
	bool policy_family;
	unsigned triggers;
	enum cw_status status;
};

#define W TRIGGER_WEEKLY_COST
#define O TRIGGER_OVER_INDICATIVE
#define F TRIGGER_FAMILY_PA
#define R TRIGGER_WORKER_REQUEST
#define P TRIGGER_PLAN_OVER_BUDGET
#define DP ROUTE_DIRECT_PAYMENT
#define CM ROUTE_COUNCIL_MANAGED

static struct panel_case panel_cases[] = {
	/* weekly_cost_over £700.00 */
	{70000, false, 0, false, 0, DP, false, true, 0, CW_OK},
	{70001, false, 0, false, 0, DP, false, true, W, CW_OK},
	{69999, false, 0, false, 0, DP, false, true, 0, CW_OK},
	/* over_indicative_percent 10: £200.00 -> up to £220.00 */
	{20000, true, 22000, true, 0, DP, false, true, R, CW_OK},
	{20000, true, 22001, true, 0, DP, false, true, R | O, CW_OK},
	{20000, true, 21999, true, 0, DP, false, true, R, CW_OK},
	/* a request over £700.00 within 10% of £650.00 */
	{65000, true, 70001, true, 0, DP, false, true, R | W, CW_OK},
	{65000, true, 70000, true, 0, DP, false, true, R, CW_OK},
	/* family PA in the same household */
	{20000, false, 0, false, 10000, DP, true, true, F, CW_OK},
	{20000, false, 0, false, 10000, CM, true, true, 0, CW_OK},
	{20000, false, 0, false, 10000, DP, true, false, 0, CW_OK},
	/* plan over budget £500.00 + 5% = £525.00 */
	{50000, false, 0, false, 52500, CM, false, true, 0, CW_OK},
	{50000, false, 0, false, 52501, CM, false, true, P, CW_OK},
	{50000, false, 0, false, 52499, CM, false, true, 0, CW_OK},
	{69000, false, 0, false, 72450, CM, false, true, 0, CW_OK},
	{69000, false, 0, false, 72451, CM, false, true, P | W, CW_OK},
	/* a request missing its justification or amount */
	{20000, true, 30000, false, 0, DP, false, true, O, CW_ERR_INCOMPLETE},
	{20000, true, 0, true, 0, DP, false, true, 0, CW_ERR_INCOMPLETE},
};

ParameterizedTestParameters(rules_panel, triggers)
{
	return cr_make_param_array(struct panel_case, panel_cases, CW_ARRAY_LEN(panel_cases));
}

ParameterizedTest(struct panel_case *t, rules_panel, triggers)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct panel_check r;
	struct cw_error err = {0};

	fx_policy(&p);
	p.panel.family_pa_same_household = t->policy_family;
	c->assessment.indicative_weekly = t->indicative;
	c->panel.worker_request = t->request;
	c->panel.requested_weekly = t->requested;
	if (t->justified)
		cw_strlcpy(c->panel.justification, "Two carers needed for every transfer", CASE_TEXT_MAX);
	if (t->plan) {
		c->plan.nlines = 1;
		c->plan.lines[0].weekly_cost = t->plan;
		c->plan.lines[0].route = t->line_route;
		c->plan.lines[0].family_pa_same_household = t->family;
	}
	cr_expect_eq(rules_panel_check(c, &p, &r, &err), t->status, "%s", err.msg);
	cr_expect_eq(r.triggers, t->triggers, "indicative %lld requested %lld plan %lld: triggers %#x, expected %#x",
	             (long long)t->indicative, (long long)t->requested, (long long)t->plan, r.triggers, t->triggers);
	cr_expect_eq(r.required, t->triggers != 0);
	cr_expect_eq(r.reasons[0] != '\0', t->triggers != 0);
	cr_expect_eq(r.not_needed[0] != '\0', t->triggers == 0);
	free(c);
}

Test(rules_panel, reasons_with_figures)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct panel_check r;

	fx_policy(&p);
	c->assessment.indicative_weekly = 20000;
	c->panel.worker_request = true;
	c->panel.requested_weekly = 22001;
	cw_strlcpy(c->panel.justification, "Two carers needed", CASE_TEXT_MAX);
	cr_assert_eq(rules_panel_check(c, &p, &r, NULL), CW_OK);
	cr_expect_eq(r.amount, 22001);
	cr_expect_str_eq(r.reasons, "The \xc2\xa3" "220.01 asked for is more than 10% above the indicative budget "
	                            "\xc2\xa3" "200.00 (the most without panel is \xc2\xa3" "220.00).\n"
	                            "The worker asks the panel for \xc2\xa3" "220.01 a week: Two carers needed");
	cr_expect_str_eq(r.not_needed, "");
	free(c);
}

/* A one-off purchase counted against the year's budget sends a plan
 * within its weekly budget to panel, with the weekly amount that would
 * cover the first year. */
Test(rules_panel, one_off_purchase_over_the_year)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct panel_check r;

	fx_policy(&p);
	c->assessment.indicative_weekly = 50000;
	c->plan.nlines = 2;
	c->plan.lines[0].weekly_cost = 50000;
	c->plan.lines[0].route = CM;
	c->plan.lines[1].weekly_cost = 130000;
	c->plan.lines[1].one_off = true;
	c->plan.lines[1].route = CM;
	cr_assert_eq(rules_panel_check(c, &p, &r, NULL), CW_OK);
	cr_expect_eq(r.triggers, 0, "1,300.00 once fits the 27,300.00 year exactly");
	cr_expect(strstr(r.not_needed, "in one-off purchases") != NULL, "%s", r.not_needed);
	c->plan.lines[1].weekly_cost = 130001;
	cr_assert_eq(rules_panel_check(c, &p, &r, NULL), CW_OK);
	cr_expect_eq(r.triggers, TRIGGER_PLAN_OVER_BUDGET);
	cr_expect_eq(r.amount, 52501);
	cr_expect(strstr(r.reasons, "\xc2\xa3" "525.01 a week would cover it.") != NULL, "%s", r.reasons);
	free(c);
}

Test(rules_panel, not_needed_says_why)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct panel_check r;

	fx_policy(&p);
	c->assessment.indicative_weekly = 70000;
	cr_assert_eq(rules_panel_check(c, &p, &r, NULL), CW_OK);
	cr_expect_not(r.required);
	cr_expect_str_eq(r.reasons, "");
	cr_expect_str_eq(r.not_needed, "The weekly cost \xc2\xa3" "700.00 is not above the panel threshold \xc2\xa3"
	                               "700.00.\n"
	                               "No direct payment pays a family member in the same household.\n"
	                               "The worker has not asked for panel.");
	free(c);
}

Test(rules_panel, plan_and_family_reasons)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct panel_check r;

	fx_policy(&p);
	c->assessment.indicative_weekly = 50000;
	c->plan.nlines = 2;
	c->plan.lines[0].weekly_cost = 40000;
	c->plan.lines[0].route = CM;
	c->plan.lines[1].weekly_cost = 12501;
	c->plan.lines[1].route = DP;
	c->plan.lines[1].family_pa_same_household = true;
	cw_strlcpy(c->plan.lines[1].exception_reason, "Only carer he accepts", CASE_SHORT_MAX);
	cr_assert_eq(rules_panel_check(c, &p, &r, NULL), CW_OK);
	cr_expect_eq(r.triggers, (unsigned)(P | F));
	cr_expect_eq(r.amount, 52501);
	cr_expect_str_eq(r.reasons,
	                 "The plan costs \xc2\xa3" "525.01 a week, \xc2\xa3" "0.01 over the budget \xc2\xa3" "500.00 plus 5% "
	                 "tolerance (\xc2\xa3" "525.00).\n"
	                 "Line 2: a direct payment pays a family member who lives in the same household (Only carer he "
	                 "accepts).");
	free(c);
}

Test(rules_panel, plan_over_not_sent_when_policy_says_no)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct panel_check r;

	fx_policy(&p);
	p.panel.plan_over_tolerance = false;
	c->assessment.indicative_weekly = 50000;
	c->plan.nlines = 1;
	c->plan.lines[0].weekly_cost = 60000;
	c->plan.lines[0].route = CM;
	cr_assert_eq(rules_panel_check(c, &p, &r, NULL), CW_OK);
	cr_expect_eq(r.triggers, 0u);
	free(c);
}

/* ---- plan lines ---- */

struct line_case {
	char desc[64];
	char category[40];
	enum route route;
	enum route decision;
	int outcome;
	char need[32];
	bool family;
	char exception[32];
	bool confirmed;
	enum plan_issue issue;
	char msg[240];
};

#define OK PLAN_LINE_OK
#define FLAG PLAN_LINE_FLAGGED
#define REF PLAN_LINE_REFUSED
#define MX ROUTE_MIXED

static struct line_case line_cases[] = {
	{"Support to visit parent", "personal_assistant", DP, DP, 0, "", false, "", false, OK, ""},
	{"Current affairs group", "personal_assistant", DP, DP, 0, "", false, "", false, OK, ""},
	{"Parental visits and rental hoist", "equipment", DP, DP, 0, "", false, "", false, OK, ""},
	{"Weekly rent to landlord", "personal_assistant", DP, DP, 0, "", false, "", false, FLAG,
	 "Line 1: \"Weekly rent to landlord\" mentions \"rent\" (Rent, mortgage and housing costs: never paid for); "
	 "confirm the line is not for this, or change it"},
	{"RENTS", "personal_assistant", DP, DP, 0, "", false, "", false, FLAG, ""},
	{"rent", "personal_assistant", DP, DP, 0, "", false, "", false, FLAG, ""},
	{"Weekly rent to landlord", "personal_assistant", DP, DP, 0, "", false, "", true, OK, ""},
	{"Help with council tax forms", "personal_assistant", DP, DP, 0, "", false, "", false, FLAG, ""},
	{"Council taxi to the day centre", "personal_assistant", DP, DP, 0, "", false, "", false, OK, ""},
	{"Gaslight theatre trip", "personal_assistant", DP, DP, 0, "", false, "", false, OK, ""},
	{"Residential home", "long_term_residential_care", DP, DP, 0, "", false, "", false, REF,
	 "Line 1: a direct payment may not buy Long-term residential care; the council arranges it (council-managed)"},
	{"Residential home", "long_term_residential_care", CM, CM, 0, "", false, "", false, OK, ""},
	{"Day centre", "council_services", DP, MX, 0, "", false, "", false, REF, ""},
	{"Day centre", "council_services", CM, MX, 0, "", false, "", false, OK, ""},
	{"Homecare", "homecare", CM, DP, 0, "", false, "", false, REF,
	 "Line 1: the person chose a direct payment; this line is council-managed (choose a mix at decision-making to "
	 "use both)"},
	{"Homecare", "homecare", ROUTE_NONE, DP, 0, "", false, "", false, REF,
	 "Line 1: say how it is paid (direct payment or council-managed)"},
	{"Homecare", "homecare", CM, CM, -1, "", false, "", false, REF,
	 "Line 1 meets no assessed need: say which need or outcome it meets"},
	{"Homecare", "homecare", CM, CM, -1, "Getting out of bed", false, "", false, OK, ""},
	{"Homecare", "homecare", CM, CM, 3, "", false, "", false, REF,
	 "Line 1 meets no assessed need: the assessment found no need for Clothing"},
	{"Homecare", "homecare", CM, CM, 1, "", false, "", false, OK, ""},
	{"Daughter as PA", "personal_assistant", DP, DP, 0, "", true, "", false, REF,
	 "Line 1: a family member living in the same household is paid only as an exception; record the reasons"},
	{"Daughter as PA", "personal_assistant", DP, DP, 0, "", true, "Only carer he accepts", false, OK, ""},
	{"Gardening", "gardening", DP, DP, 0, "", false, "", false, REF,
	 "Line 1: \"gardening\" is not one of the policy's categories"},
	{"Rent", "housing_costs", CM, CM, 0, "", false, "", false, REF,
	 "Line 1: Rent, mortgage and housing costs may never be paid for from a personal budget"},
	{"Something", "", CM, CM, 0, "", false, "", false, REF, "Line 1: choose a category"},
};

ParameterizedTestParameters(rules_plan, line_checks)
{
	return cr_make_param_array(struct line_case, line_cases, CW_ARRAY_LEN(line_cases));
}

ParameterizedTest(struct line_case *t, rules_plan, line_checks)
{
	struct policy p;
	struct assessment_record a;
	struct plan_line l;
	struct plan_line_check r;

	fx_policy(&p);
	memset(&a, 0, sizeof a);
	set_levels(&a, "slnnnnnnnn");
	a.unable[0] = true;
	memset(&l, 0, sizeof l);
	cw_strlcpy(l.description, t->desc, sizeof l.description);
	cw_strlcpy(l.category, t->category, sizeof l.category);
	cw_strlcpy(l.need, t->need, sizeof l.need);
	cw_strlcpy(l.exception_reason, t->exception, sizeof l.exception_reason);
	l.route = t->route;
	l.outcome = t->outcome;
	l.family_pa_same_household = t->family;
	l.warning_confirmed = t->confirmed;
	l.units_per_week = 100;
	l.rate = 1600;
	rules_plan_line_check(&l, 0, t->decision, &a, &p, &r);
	cr_expect_eq(r.issue, t->issue, "\"%s\" (%s): issue %d, expected %d: %s", t->desc, t->category, r.issue,
	             t->issue, r.msg);
	if (t->msg[0])
		cr_expect_str_eq(r.msg, t->msg);
	if (t->issue == OK)
		cr_expect_str_eq(r.msg, "");
}

struct word_case {
	char text[48];
	char word[24];
	bool match;
};

static struct word_case word_cases[] = {
	{"rent", "rent", true},        {"Rent arrears", "rent", true}, {"pay the RENT.", "rent", true},
	{"rents", "rent", true},       {"parent", "rent", false},      {"current", "rent", false},
	{"rental", "rent", false},     {"parents", "rent", false},     {"rent-free", "rent", true},
	{"(rent)", "rent", true},      {"ground rent", "ground rent", true},
	{"council tax", "council tax", true}, {"council taxi", "council tax", false},
	{"gas bill", "gas", true},     {"Las Vegas", "gas", false},    {"", "rent", false},
	{"rent", "", false},           {"caf\xc3\xa9rent", "rent", false}, {"bills", "bills", true},
	{"rent2", "rent", false},
};

ParameterizedTestParameters(rules_plan, word_match)
{
	return cr_make_param_array(struct word_case, word_cases, CW_ARRAY_LEN(word_cases));
}

ParameterizedTest(struct word_case *t, rules_plan, word_match)
{
	cr_expect_eq(rules_word_match(t->text, t->word), t->match, "\"%s\" in \"%s\"", t->word, t->text);
}

struct cost_case {
	int64_t rate, units, cost;
	enum cw_status status;
};

static struct cost_case cost_cases[] = {
	{1600, 1250, 20000, CW_OK},     /* 12.5 hours x £16.00 */
	{3214, 725, 23302, CW_OK},      /* 7.25 x £32.14 = 233.015 -> 233.02 */
	{45, 3333, 1500, CW_OK},        /* 33.33 miles x 45p = 14.9985 -> 15.00 */
	{45, 3311, 1490, CW_OK},        /* 14.8995 -> 14.90 */
	{25000, 100, 25000, CW_OK},     /* one-off x 1 */
	{0, 1000, 0, CW_OK},
	{1600, 0, 0, CW_OK},
	{-1, 100, 0, CW_ERR_INVALID},
	{100, -1, 0, CW_ERR_INVALID},
	{INT64_C(1000000000000), 1000000, 0, CW_ERR_INVALID},
};

ParameterizedTestParameters(rules_plan, line_cost)
{
	return cr_make_param_array(struct cost_case, cost_cases, CW_ARRAY_LEN(cost_cases));
}

ParameterizedTest(struct cost_case *t, rules_plan, line_cost)
{
	int64_t cost = -7;
	cr_assert_eq(rules_line_cost(t->rate, t->units, &cost, NULL), t->status);
	if (t->status == CW_OK)
		cr_expect_eq(cost, t->cost, "%lld x %lld = %lld", (long long)t->rate, (long long)t->units,
		             (long long)cost);
}

Test(rules_plan, totals_weekly_yearly_one_off)
{
	struct case_record *c = fx_case();
	struct plan_totals t;

	c->plan.nlines = 3;
	c->plan.lines[0].weekly_cost = 20000;
	c->plan.lines[0].route = DP;
	c->plan.lines[1].weekly_cost = 23302;
	c->plan.lines[1].route = CM;
	c->plan.lines[2].weekly_cost = 6100;
	c->plan.lines[2].one_off = true;
	c->plan.lines[2].route = DP;
	cr_assert_eq(rules_plan_totals(&c->plan, &t, NULL), CW_OK);
	cr_expect_eq(t.weekly, 43302);
	cr_expect_eq(t.yearly, 43302 * 52);
	cr_expect_eq(t.one_off, 6100);
	cr_expect_eq(t.direct_payment_weekly, 20000);
	free(c);
}

struct over_case {
	int64_t total, budget;
	int tolerance;
	bool over;
	int64_t limit;
};

static struct over_case over_cases[] = {
	{52500, 50000, 5, false, 52500}, {52501, 50000, 5, true, 52500}, {52499, 50000, 5, false, 52500},
	{50000, 50000, 0, false, 50000}, {50001, 50000, 0, true, 50000},
	{34999, 33333, 5, false, 34999}, {35000, 33333, 5, true, 34999}, /* 349.9965 rounds down */
	{1, 0, 5, true, 0},
};

ParameterizedTestParameters(rules_plan, over_budget)
{
	return cr_make_param_array(struct over_case, over_cases, CW_ARRAY_LEN(over_cases));
}

ParameterizedTest(struct over_case *t, rules_plan, over_budget)
{
	struct policy p;

	fx_policy(&p);
	p.support_plan.tolerance_percent = t->tolerance;
	struct plan_totals tot = {.weekly = t->total, .yearly = t->total * 52, .first_year = t->total * 52};
	cr_expect_eq(rules_plan_limit(t->budget, &p), t->limit);
	cr_expect_eq(rules_plan_over_budget(&tot, t->budget, &p, NULL, 0), t->over);
}

/* One-off purchases come out of the year's budget: budget 500.00 + 5%
 * = 525.00 a week, 27,300.00 for 52 weeks. */
struct one_off_case {
	int64_t weekly, one_off;
	bool over;
	int64_t needed; /* weekly budget that covers the first year */
};

static struct one_off_case one_off_cases[] = {
	{50000, 130000, false, 52500},  /* 26,000 + 1,300 = 27,300.00: at the limit */
	{50000, 130001, true, 52501},   /* one penny over: 1,300.01 / 52 rounds up */
	{50000, 129999, false, 52500},  /* one penny under */
	{52500, 1, true, 52501},        /* at the weekly limit, any one-off tips it over */
	{0, 2730000, false, 52500},     /* only one-offs: the whole year's budget */
	{0, 2730001, true, 52501},
	{52501, 0, true, 52501},        /* no one-offs: the weekly rule */
};

ParameterizedTestParameters(rules_plan, one_off_against_year)
{
	return cr_make_param_array(struct one_off_case, one_off_cases, CW_ARRAY_LEN(one_off_cases));
}

ParameterizedTest(struct one_off_case *t, rules_plan, one_off_against_year)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct plan_totals tot;

	fx_policy(&p);
	p.support_plan.tolerance_percent = 5;
	c->plan.nlines = 2;
	c->plan.lines[0].weekly_cost = t->weekly;
	c->plan.lines[1].weekly_cost = t->one_off;
	c->plan.lines[1].one_off = true;
	cr_assert_eq(rules_plan_totals(&c->plan, &tot, NULL), CW_OK);
	cr_expect_eq(tot.first_year, t->weekly * 52 + t->one_off);
	cr_expect_eq(rules_plan_over_budget(&tot, 50000, &p, NULL, 0), t->over, "weekly %lld one-off %lld",
	             (long long)t->weekly, (long long)t->one_off);
	cr_expect_eq(rules_plan_weekly_needed(&tot), t->needed);
	free(c);
}

Test(rules_plan, one_off_over_message_and_panel)
{
	struct policy p;
	struct case_record *c = fx_case();
	char msg[CW_ERRMSG_MAX] = "";
	struct plan_totals tot;

	fx_policy(&p);
	c->plan.nlines = 2;
	c->plan.lines[0].weekly_cost = 50000;
	c->plan.lines[1].weekly_cost = 260000; /* 2,600.00 of equipment */
	c->plan.lines[1].one_off = true;
	cr_assert_eq(rules_plan_totals(&c->plan, &tot, NULL), CW_OK);
	cr_assert(rules_plan_over_budget(&tot, 50000, &p, msg, sizeof msg));
	cr_expect_str_eq(msg, "The plan costs \xc2\xa3" "500.00 a week and \xc2\xa3" "2,600.00 in one-off purchases: "
	                      "\xc2\xa3" "28,600.00 in its first year, \xc2\xa3" "1,300.00 over the year's budget "
	                      "(\xc2\xa3" "500.00 a week plus 5% tolerance, for 52 weeks: \xc2\xa3" "27,300.00)");
	free(c);
}

Test(rules_plan, over_budget_message)
{
	struct policy p;
	char msg[CW_ERRMSG_MAX] = "";

	fx_policy(&p);
	struct plan_totals over = {.weekly = 60000, .yearly = 60000 * 52, .first_year = 60000 * 52};
	struct plan_totals within = {.weekly = 52500, .yearly = 52500 * 52, .first_year = 52500 * 52};
	cr_assert(rules_plan_over_budget(&over, 50000, &p, msg, sizeof msg));
	cr_expect_str_eq(msg, "The plan costs \xc2\xa3" "600.00 a week, \xc2\xa3" "75.00 over the budget \xc2\xa3"
	                      "500.00 plus 5% tolerance (\xc2\xa3" "525.00)");
	msg[0] = '\0';
	cr_expect_not(rules_plan_over_budget(&within, 50000, &p, msg, sizeof msg));
	cr_expect_str_eq(msg, "");
}

/* ---- review dates ---- */

enum date_rule { FIRST_REVIEW, NEXT_REVIEW, NEXT_REVIEW_HIGH, FIRST_AUDIT, NEXT_AUDIT };

struct date_case {
	enum date_rule rule;
	char from[11];
	char expect[11];
};

static struct date_case date_cases[] = {
	{FIRST_REVIEW, "2025-01-06", "2025-03-03"},
	{FIRST_REVIEW, "2024-01-04", "2024-02-29"}, /* leap day */
	{FIRST_REVIEW, "2023-01-04", "2023-03-01"},
	{FIRST_REVIEW, "2025-11-20", "2026-01-15"}, /* over the year end */
	{FIRST_REVIEW, "", ""},
	{NEXT_REVIEW, "2024-02-29", "2025-02-28"},  /* leap day + 12 months */
	{NEXT_REVIEW, "2023-02-28", "2024-02-28"},
	{NEXT_REVIEW, "2025-03-31", "2026-03-31"},
	{NEXT_REVIEW, "", ""},
	{NEXT_REVIEW_HIGH, "2025-01-31", "2025-04-30"}, /* month end */
	{NEXT_REVIEW_HIGH, "2023-11-30", "2024-02-29"},
	{NEXT_REVIEW_HIGH, "2022-11-30", "2023-02-28"},
	{NEXT_REVIEW_HIGH, "2025-10-15", "2026-01-15"},
	{FIRST_AUDIT, "2024-08-31", "2025-02-28"},
	{FIRST_AUDIT, "2023-08-31", "2024-02-29"},
	{FIRST_AUDIT, "2025-03-31", "2025-09-30"},
	{NEXT_AUDIT, "2024-02-29", "2025-02-28"},
	{NEXT_AUDIT, "2025-01-01", "2026-01-01"},
};

ParameterizedTestParameters(rules_review, dates)
{
	return cr_make_param_array(struct date_case, date_cases, CW_ARRAY_LEN(date_cases));
}

ParameterizedTest(struct date_case *t, rules_review, dates)
{
	struct policy p;
	struct date from = fx_date(t->from), got = DATE_NONE;
	char buf[DATE_BUF];

	fx_policy(&p);
	switch (t->rule) {
	case FIRST_REVIEW: got = rules_first_review(from, &p); break;
	case NEXT_REVIEW: got = rules_next_review(from, false, &p); break;
	case NEXT_REVIEW_HIGH: got = rules_next_review(from, true, &p); break;
	case FIRST_AUDIT: got = rules_first_audit(from, &p); break;
	case NEXT_AUDIT: got = rules_next_audit(from, &p); break;
	}
	cr_expect_str_eq(date_format(got, buf, sizeof buf), t->expect, "rule %d from %s", t->rule, t->from);
}

struct due_case {
	char today[11];
	char due[11];
	enum due_state state;
	int days;
};

static struct due_case due_cases[] = {
	{"2025-06-15", "2025-06-15", DUE_TODAY, 0},
	{"2025-06-15", "2025-06-14", DUE_OVERDUE, -1},
	{"2025-06-15", "2025-06-16", DUE_SOON, 1},
	{"2025-06-15", "2025-07-13", DUE_SOON, 28},
	{"2025-06-15", "2025-07-14", DUE_LATER, 29},
	{"2025-06-15", "2024-06-15", DUE_OVERDUE, -365},
	{"2024-12-31", "2025-01-01", DUE_SOON, 1},
	{"2024-02-28", "2024-02-29", DUE_SOON, 1},
	{"2024-02-29", "2024-02-29", DUE_TODAY, 0},
	{"2024-03-01", "2024-02-29", DUE_OVERDUE, -1},
	{"2025-02-01", "2025-03-01", DUE_SOON, 28},
	{"2024-02-01", "2024-03-01", DUE_LATER, 29},
	{"2025-06-15", "", DUE_NONE, 0},
};

ParameterizedTestParameters(rules_review, due_state)
{
	return cr_make_param_array(struct due_case, due_cases, CW_ARRAY_LEN(due_cases));
}

ParameterizedTest(struct due_case *t, rules_review, due_state)
{
	struct policy p;
	int days = 99;

	fx_policy(&p);
	cr_expect_eq(rules_due_state(fx_date(t->due), fx_date(t->today), &p, &days), t->state, "due %s on %s", t->due,
	             t->today);
	cr_expect_eq(days, t->days);
}

Test(rules_review, due_today_on_the_pinned_clock)
{
	struct policy p;

	fx_policy(&p);
	setenv("CASEWORK_TODAY", "2024-02-29", 1);
	cr_expect_eq(rules_due_state(rules_first_review(fx_date("2024-01-04"), &p), date_today(), &p, NULL),
	             DUE_TODAY);
	cr_expect_str_eq(due_state_labels[DUE_TODAY], "due today");
	unsetenv("CASEWORK_TODAY");
}

Test(rules_review, schedule_from_history)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct date next, audit;
	char b1[DATE_BUF], b2[DATE_BUF];

	fx_policy(&p);
	c->plan.start_date = fx_date("2024-01-04");
	c->decision.route = ROUTE_COUNCIL_MANAGED;
	rules_review_schedule(c, &p, &next, &audit);
	cr_expect_str_eq(date_format(next, b1, sizeof b1), "2024-02-29");
	cr_expect_str_eq(date_format(audit, b2, sizeof b2), "");

	c->decision.route = ROUTE_DIRECT_PAYMENT;
	rules_review_schedule(c, &p, &next, &audit);
	cr_expect_str_eq(date_format(audit, b2, sizeof b2), "2024-07-04");

	/* a review, then an audit review */
	c->review.nhistory = 2;
	c->review.history[0].date = fx_date("2024-02-29");
	c->review.history[1].date = fx_date("2024-07-01");
	c->review.history[1].audit = true;
	rules_review_schedule(c, &p, &next, &audit);
	cr_expect_str_eq(date_format(next, b1, sizeof b1), "2025-07-01");
	cr_expect_str_eq(date_format(audit, b2, sizeof b2), "2025-07-01");

	c->review.high_risk = true;
	rules_review_schedule(c, &p, &next, &audit);
	cr_expect_str_eq(date_format(next, b1, sizeof b1), "2024-10-01");

	/* a finance officer's audit on its own: the audit date moves, the
	 * review date does not */
	c->review.high_risk = false;
	c->review.nhistory = 3;
	c->review.history[2].date = fx_date("2024-12-31");
	c->review.history[2].audit = true;
	c->review.history[2].audit_only = true;
	rules_review_schedule(c, &p, &next, &audit);
	cr_expect_str_eq(date_format(next, b1, sizeof b1), "2025-07-01");
	cr_expect_str_eq(date_format(audit, b2, sizeof b2), "2025-12-31");
	c->review.history[2].audit_only = false; /* a review that included the audit moves both */
	rules_review_schedule(c, &p, &next, &audit);
	cr_expect_str_eq(date_format(next, b1, sizeof b1), "2025-12-31");
	c->review.nhistory = 2;
	c->review.high_risk = true;

	/* a new plan start: earlier reviews belong to the old plan */
	c->plan.start_date = fx_date("2024-09-30");
	rules_review_schedule(c, &p, &next, &audit);
	cr_expect_str_eq(date_format(next, b1, sizeof b1), "2024-11-25");
	cr_expect_str_eq(date_format(audit, b2, sizeof b2), "2025-03-30");
	free(c);
}

/* ---- direct-payment audit ---- */

struct audit_case {
	int64_t spent, unspent, misused, weekly;
	int keep_weeks;
	int64_t keep, reclaimed, clawback;
	enum cw_status status;
};

static struct audit_case audit_cases[] = {
	/* £250.00 a week, keep 4 weeks = £1,000.00 */
	{1200000, 99999, 0, 25000, 4, 100000, 0, 0, CW_OK},
	{1200000, 100000, 0, 25000, 4, 100000, 0, 0, CW_OK},
	{1200000, 100001, 0, 25000, 4, 100000, 1, 1, CW_OK},
	{1000000, 150000, 5000, 25000, 4, 100000, 50000, 55000, CW_OK},
	{1000000, 0, 5000, 25000, 4, 100000, 0, 5000, CW_OK},
	{1000000, 150000, 0, 25000, 0, 0, 150000, 150000, CW_OK},
	{-1, 0, 0, 25000, 4, 0, 0, 0, CW_ERR_INVALID},
	{0, -1, 0, 25000, 4, 0, 0, 0, CW_ERR_INVALID},
	{0, 0, -1, 25000, 4, 0, 0, 0, CW_ERR_INVALID},
};

ParameterizedTestParameters(rules_audit, clawback)
{
	return cr_make_param_array(struct audit_case, audit_cases, CW_ARRAY_LEN(audit_cases));
}

ParameterizedTest(struct audit_case *t, rules_audit, clawback)
{
	struct policy p;
	struct dp_audit_result r;

	fx_policy(&p);
	p.review.unspent_keep_weeks = t->keep_weeks;
	cr_assert_eq(rules_dp_audit(t->spent, t->unspent, t->misused, t->weekly, &p, &r, NULL), t->status);
	if (t->status != CW_OK)
		return;
	cr_expect_eq(r.keep_limit, t->keep);
	cr_expect_eq(r.unspent_reclaimed, t->reclaimed);
	cr_expect_eq(r.unspent_kept, t->unspent - t->reclaimed);
	cr_expect_eq(r.clawback, t->clawback, "clawback %lld", (long long)r.clawback);
}

Test(rules_audit, working)
{
	struct policy p;
	struct dp_audit_result r;

	fx_policy(&p);
	cr_assert_eq(rules_dp_audit(1000000, 150000, 5000, 25000, &p, &r, NULL), CW_OK);
	cr_expect_str_eq(r.working, "Spent on the plan: \xc2\xa3" "10,000.00\n"
	                            "Unspent: \xc2\xa3" "1,500.00; the person may keep up to 4 weeks x \xc2\xa3"
	                            "250.00 = \xc2\xa3" "1,000.00\n"
	                            "Unspent kept: \xc2\xa3" "1,000.00; unspent reclaimed: \xc2\xa3" "500.00\n"
	                            "Misused (to be repaid): \xc2\xa3" "50.00\n"
	                            "To claw back: \xc2\xa3" "550.00");
}

/* ---- the shipped policy and the banded example, through the loader ---- */


static void load_policy(const char *rel, struct policy *p)
{
	const char *root = getenv("CASEWORK_SRC");
	char path[4096];
	struct config_errors e = {0};
	enum cw_status st;

	cr_assert_not_null(root, "CASEWORK_SRC must name the source tree (the Makefile sets it)");
	snprintf(path, sizeof path, "%s/%s", root, rel);
	st = policy_load_file(path, p, &e);
	config_errors_free(&e);
	cr_assert_eq(st, CW_OK, "%s does not load", rel);
}

static enum plan_issue line_issue(const struct policy *p, const char *category, const char *desc, enum route route)
{
	struct assessment_record a;
	struct plan_line l;
	struct plan_line_check r;

	memset(&a, 0, sizeof a);
	a.unable[0] = true;
	memset(&l, 0, sizeof l);
	cw_strlcpy(l.category, category, sizeof l.category);
	cw_strlcpy(l.description, desc, sizeof l.description);
	l.route = route;
	l.outcome = 0;
	rules_plan_line_check(&l, 0, ROUTE_MIXED, &a, p, &r);
	return r.issue;
}

Test(rules_shipped, policy_yaml_figures)
{
	struct policy p;
	struct assessment_record a;
	struct ras_result ras;
	struct charge_result ch;
	char d[DATE_BUF];

	load_policy("config/policy.yaml", &p);
	memset(&a, 0, sizeof a);
	set_levels(&a, "ssssmnnnnn");
	cr_assert_eq(rules_ras(&a, &p, &ras, NULL), CW_OK);
	cr_expect_eq(ras.weekly, 19320);
	cr_expect(strncmp(ras.working, "Managing and maintaining nutrition: Substantial = 10 points\n", 60) == 0, "%s",
	          ras.working);
	set_levels(&a, "cccccccccc");
	cr_assert_eq(rules_ras(&a, &p, &ras, NULL), CW_OK);
	cr_expect_eq(ras.weekly, 63000);
	a.capital = 1450001;
	a.weekly_income = 20000;
	cr_assert_eq(rules_contribution(&a, 63000, &p, &ch, NULL), CW_OK);
	cr_expect_eq(ch.contribution, 5000); /* 200.00 + 2.00 - 132.00 - 20.00 */

	cr_expect_eq(line_issue(&p, "personal_assistant", "Trips to see her parent", DP), PLAN_LINE_OK);
	cr_expect_eq(line_issue(&p, "personal_assistant", "Pay the rent", DP), PLAN_LINE_FLAGGED);
	cr_expect_eq(line_issue(&p, "personal_assistant", "Council tax arrears", DP), PLAN_LINE_FLAGGED);
	cr_expect_eq(line_issue(&p, "personal_assistant", "Cruise abroad", DP), PLAN_LINE_FLAGGED);
	cr_expect_eq(line_issue(&p, "long_term_residential_care", "Care home", DP), PLAN_LINE_REFUSED);
	cr_expect_eq(line_issue(&p, "council_services", "Day centre", DP), PLAN_LINE_REFUSED);
	cr_expect_eq(line_issue(&p, "council_services", "Day centre", CM), PLAN_LINE_OK);
	cr_expect_str_eq(date_format(rules_first_audit(fx_date("2025-01-31"), &p), d, sizeof d), "2025-07-31");
}

Test(rules_shipped, banded_example_figures)
{
	struct policy p;
	struct assessment_record a;
	struct ras_result ras;
	struct dp_audit_result au;
	struct case_record *c = fx_case();
	struct panel_check pc;
	char d[DATE_BUF];

	load_policy("config/examples/banded-council.yaml", &p);
	memset(&a, 0, sizeof a);
	set_levels(&a, "cccccccccc");
	cr_assert_eq(rules_ras(&a, &p, &ras, NULL), CW_OK);
	cr_expect_eq(ras.points, 140);
	cr_expect_eq(ras.weekly, 72000);
	set_levels(&a, "ccmmlnnnnn");
	cr_assert_eq(rules_ras(&a, &p, &ras, NULL), CW_OK);
	cr_expect_eq(ras.weekly, 24000);
	/* council services may be bought by direct payment here */
	cr_expect_eq(line_issue(&p, "council_services", "Day centre", DP), PLAN_LINE_OK);
	/* panel over 673.08 a week */
	c->assessment.indicative_weekly = 67308;
	cr_assert_eq(rules_panel_check(c, &p, &pc, NULL), CW_OK);
	cr_expect_eq(pc.triggers, 0u);
	c->assessment.indicative_weekly = 67309;
	cr_assert_eq(rules_panel_check(c, &p, &pc, NULL), CW_OK);
	cr_expect_eq(pc.triggers, (unsigned)TRIGGER_WEEKLY_COST);
	/* reviews: 6 weeks, high risk 6 months, first audit 3 months, keep 8 weeks */
	cr_expect_str_eq(date_format(rules_first_review(fx_date("2024-01-18"), &p), d, sizeof d), "2024-02-29");
	cr_expect_str_eq(date_format(rules_next_review(fx_date("2024-08-31"), true, &p), d, sizeof d), "2025-02-28");
	cr_expect_str_eq(date_format(rules_first_audit(fx_date("2024-11-30"), &p), d, sizeof d), "2025-02-28");
	cr_assert_eq(rules_dp_audit(0, 200001, 0, 25000, &p, &au, NULL), CW_OK);
	cr_expect_eq(au.clawback, 1);
	free(c);
}
