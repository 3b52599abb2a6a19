/* test_carer.c - a carer's case: the carer's test (SI 2015/313 reg 3) as
 * a table of decisions, the carer's budget from the carers' RAS at each
 * band edge and clamp (figures worked by hand), whether a carer is
 * charged, the panel triggers, the workflow, the stored record (new keys,
 * older records), the export, the budget statement and an imported
 * carer. An adult's case is checked to be unchanged alongside. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "core/document.h"
#include "core/export.h"
#include "core/import.h"
#include "core/money.h"
#include "core/rules.h"
#include "core/staff.h"
#include "core/store.h"
#include "core/workflow.h"
#include "tests/rules_fixture.h"

/* The shipped policy's carers' RAS (config/policy.yaml): 2.50 a point,
 * points 0/1/2/4/6, between 0.00 and 60.00; carers not charged. */
static void carer_policy(struct policy *p)
{
	fx_policy(p);
	p->carers.own_ras = true;
	p->carers.ras.method = RAS_RATE;
	p->carers.ras.pence_per_point = 250;
	p->carers.ras.points[NEED_NONE] = 0;
	p->carers.ras.points[NEED_LOW] = 1;
	p->carers.ras.points[NEED_MODERATE] = 2;
	p->carers.ras.points[NEED_SUBSTANTIAL] = 4;
	p->carers.ras.points[NEED_CRITICAL] = 6;
	p->carers.ras.minimum_weekly = 0;
	p->carers.ras.maximum_weekly = 6000;
	p->carers.charge = false;
}

/* config/examples/banded-council.yaml's carers: points 0/1/3/5/7, four
 * bands, between 10.00 and 45.00. */
static void carer_policy_banded(struct policy *p)
{
	static const struct ras_band bands[] = {{0, 4, 0}, {5, 14, 1500}, {15, 29, 3000}, {30, 56, 4500}};
	carer_policy(p);
	p->carers.ras.method = RAS_BANDS;
	p->carers.ras.pence_per_point = 0;
	p->carers.ras.points[NEED_LOW] = 1;
	p->carers.ras.points[NEED_MODERATE] = 3;
	p->carers.ras.points[NEED_SUBSTANTIAL] = 5;
	p->carers.ras.points[NEED_CRITICAL] = 7;
	p->carers.ras.minimum_weekly = 1000;
	p->carers.ras.maximum_weekly = 4500;
	for (size_t i = 0; i < CW_ARRAY_LEN(bands); i++)
		p->carers.ras.bands[i] = bands[i];
	p->carers.ras.nbands = (int)CW_ARRAY_LEN(bands);
}

/* "ssmn..." one letter a carer's outcome: n l m s c, '-' unset */
static void carer_levels(struct assessment_record *a, const char *levels)
{
	for (int i = 0; i < CARER_OUTCOME_COUNT && levels[i]; i++) {
		const char *k = strchr("nlmsc", levels[i]);
		a->carer_level_set[i] = k != NULL;
		a->carer_levels[i] = k ? (enum need_level)(k - "nlmsc") : NEED_NONE;
	}
}

static struct case_record *carer_case(void)
{
	struct case_record *c = fx_case();
	c->id = 32;
	cw_strlcpy(c->ref, "C-000032", sizeof c->ref);
	cw_strlcpy(c->person.name, "Jo Okafor", sizeof c->person.name);
	c->person.group = CLIENT_CARER;
	return c;
}

/* A carer eligible under reg 3, assessed and signed off: relationships
 * substantial and unable, work critical and unable, recreation
 * substantial and unable, home and nutrition moderate, community low:
 * 2+2+4+6+1+4 = 19 points. */
static struct case_record *assessed_carer(void)
{
	struct case_record *c = carer_case();
	struct assessment_record *a = &c->assessment;
	c->stage = STAGE_ASSESSMENT;
	carer_levels(a, "nnmmscls");
	a->carer_unable[4] = a->carer_unable[5] = a->carer_unable[7] = true;
	a->needs_from_caring = TRI_YES;
	a->health_at_risk = TRI_YES;
	a->wellbeing_impact = TRI_YES;
	cw_strlcpy(a->signed_off_by, "mgr", sizeof a->signed_off_by);
	return c;
}

/* ---- reg 3: the carer's test ---- */

struct reg3_case {
	enum tri from_caring, health, wellbeing;
	int unable; /* how many of the eight, from the first */
	enum cw_status status;
	bool eligible;
	char reasons[400];
};

static struct reg3_case reg3_cases[] = {
	/* one outcome unable is enough (an adult needs two) */
	{TRI_YES, TRI_NO, TRI_YES, 1, CW_OK, true,
	 "Eligible as a carer: needs from providing necessary care; the carer is unable to achieve 1 of the eight "
	 "outcomes (one is enough); a significant impact on the carer's wellbeing."},
	/* no outcome unable, but the carer's health at risk */
	{TRI_YES, TRI_YES, TRI_YES, 0, CW_OK, true,
	 "Eligible as a carer: needs from providing necessary care; the carer's health is at risk of "
	 "deteriorating; a significant impact on the carer's wellbeing."},
	{TRI_YES, TRI_YES, TRI_YES, 8, CW_OK, true,
	 "Eligible as a carer: needs from providing necessary care; the carer's health is at risk of "
	 "deteriorating and the carer is unable to achieve 8 of the eight outcomes (one is enough); a "
	 "significant impact on the carer's wellbeing."},
	/* no significant impact on wellbeing */
	{TRI_YES, TRI_YES, TRI_NO, 3, CW_OK, false,
	 "The needs do not have a significant impact on the carer's wellbeing."},
	/* needs not from caring */
	{TRI_NO, TRI_YES, TRI_YES, 2, CW_OK, false,
	 "The needs do not arise from providing necessary care for an adult."},
	/* neither an outcome unable nor health at risk */
	{TRI_YES, TRI_NO, TRI_YES, 0, CW_OK, false,
	 "The carer's health is not deteriorating or at risk of it, and the carer can achieve all eight outcomes; "
	 "the regulations need one or the other."},
	{TRI_NO, TRI_NO, TRI_NO, 0, CW_OK, false,
	 "The needs do not arise from providing necessary care for an adult.\n"
	 "The carer's health is not deteriorating or at risk of it, and the carer can achieve all eight outcomes; "
	 "the regulations need one or the other.\n"
	 "The needs do not have a significant impact on the carer's wellbeing."},
	{TRI_UNSET, TRI_YES, TRI_YES, 2, CW_ERR_INCOMPLETE, false,
	 "Record whether the carer's needs arise from providing necessary care for an adult"},
	{TRI_YES, TRI_UNSET, TRI_YES, 2, CW_ERR_INCOMPLETE, false,
	 "Record whether the carer's physical or mental health is, or is at risk of, deteriorating"},
	{TRI_YES, TRI_YES, TRI_UNSET, 2, CW_ERR_INCOMPLETE, false,
	 "Record whether there is a significant impact on the carer's wellbeing"},
};

ParameterizedTestParameters(carer_reg3, table)
{
	return cr_make_param_array(struct reg3_case, reg3_cases, CW_ARRAY_LEN(reg3_cases));
}

ParameterizedTest(struct reg3_case *t, carer_reg3, table)
{
	struct policy p;
	struct case_record *c = carer_case();
	struct eligibility_result r;
	struct cw_error err = {0};

	carer_policy(&p);
	c->assessment.needs_from_caring = t->from_caring;
	c->assessment.health_at_risk = t->health;
	c->assessment.wellbeing_impact = t->wellbeing;
	for (int i = 0; i < t->unable; i++)
		c->assessment.carer_unable[CARER_OUTCOME_COUNT - 1 - i] = true;
	cr_assert_eq(rules_case_eligibility(c, &p, &r, &err), t->status, "%s", err.msg);
	cr_expect_eq(r.unable_count, t->unable);
	if (t->status == CW_OK) {
		cr_expect_eq(r.eligible, t->eligible);
		cr_expect_str_eq(r.reasons, t->reasons);
	} else {
		cr_expect_str_eq(err.msg, t->reasons);
	}
	free(c);
}

Test(carer_reg3, the_adult_threshold_does_not_apply_and_the_adult_is_unchanged)
{
	struct policy p;
	struct case_record *c = carer_case();
	struct eligibility_result r;

	carer_policy(&p);
	p.eligibility.min_outcomes_unable = 10;
	c->assessment.needs_from_caring = TRI_YES;
	c->assessment.health_at_risk = TRI_NO;
	c->assessment.wellbeing_impact = TRI_YES;
	c->assessment.carer_unable[2] = true;
	/* the adult's answers on the same record are not the carer's test */
	c->assessment.impairment = TRI_NO;
	cr_assert_eq(rules_case_eligibility(c, &p, &r, NULL), CW_OK);
	cr_expect(r.eligible, "%s", r.reasons);
	cr_expect_eq(r.unable_count, 1);

	/* the same record on an adult's case: reg 2, the adult's outcomes */
	c->person.group = CLIENT_ADULT;
	p.eligibility.min_outcomes_unable = 2;
	c->assessment.impairment = TRI_YES;
	c->assessment.unable[0] = c->assessment.unable[1] = true;
	cr_assert_eq(rules_case_eligibility(c, &p, &r, NULL), CW_OK);
	cr_expect(r.eligible);
	cr_expect_eq(r.unable_count, 2);
	cr_expect_str_eq(r.reasons, "Eligible: needs from an impairment or illness; unable to achieve 2 of the ten "
				    "outcomes (at least 2 needed); a significant impact on wellbeing.");
	c->assessment.unable[1] = false;
	cr_assert_eq(rules_case_eligibility(c, &p, &r, NULL), CW_OK);
	cr_expect_not(r.eligible, "one adult outcome is not enough for an adult");
	free(c);
}

/* ---- the carer's budget ---- */

struct budget_case {
	bool banded;
	char levels[9];
	int points;
	int64_t unclamped, weekly;
	bool clamped_min, clamped_max;
};

static struct budget_case budget_cases[] = {
	/* rate 2.50 a point, 0.00 to 60.00 */
	{false, "nnnnnnnn", 0, 0, 0, false, false},
	{false, "llllllll", 8, 2000, 2000, false, false},
	{false, "mmmmmmmm", 16, 4000, 4000, false, false},
	{false, "ssssssnn", 24, 6000, 6000, false, false}, /* at the maximum exactly: no clamp */
	{false, "ssssssln", 25, 6250, 6000, false, true},  /* 2.50 over: clamped */
	{false, "cccccccc", 48, 12000, 6000, false, true},
	/* bands 0-4 0.00, 5-14 15.00, 15-29 30.00, 30-56 45.00; 10.00 to 45.00 */
	{true, "nnnnnnnn", 0, 0, 1000, true, false},
	{true, "llllnnnn", 4, 0, 1000, true, false},     /* top of the first band: raised */
	{true, "lllllnnn", 5, 1500, 1500, false, false}, /* the next band's first point */
	{true, "ccnnnnnn", 14, 1500, 1500, false, false},
	{true, "cclnnnnn", 15, 3000, 3000, false, false},
	{true, "cccclnnn", 29, 3000, 3000, false, false},
	{true, "ccccllnn", 30, 4500, 4500, false, false},
	{true, "cccccccc", 56, 4500, 4500, false, false}, /* the top score, at the maximum */
};

ParameterizedTestParameters(carer_budget, table)
{
	return cr_make_param_array(struct budget_case, budget_cases, CW_ARRAY_LEN(budget_cases));
}

ParameterizedTest(struct budget_case *t, carer_budget, table)
{
	struct policy p;
	struct case_record *c = carer_case();
	struct ras_result r;
	struct cw_error err = {0};

	if (t->banded)
		carer_policy_banded(&p);
	else
		carer_policy(&p);
	carer_levels(&c->assessment, t->levels);
	cr_assert_eq(rules_case_ras(c, &p, &r, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(r.points, t->points, "%s", t->levels);
	cr_expect_eq(r.unclamped, t->unclamped, "%s", t->levels);
	cr_expect_eq(r.weekly, t->weekly, "%s", t->levels);
	cr_expect_eq(r.clamped_min, t->clamped_min, "%s", t->levels);
	cr_expect_eq(r.clamped_max, t->clamped_max, "%s", t->levels);
	cr_expect(r.complete);
	free(c);
}

Test(carer_budget, working_line_by_line)
{
	struct policy p;
	struct case_record *c = assessed_carer();
	struct ras_result r;

	carer_policy(&p);
	cw_strlcpy(p.carers.outcome_labels[7], "Time for hobbies", POLICY_LABEL_MAX);
	cr_assert_eq(rules_case_ras(c, &p, &r, NULL), CW_OK);
	cr_expect_eq(r.points, 19);
	cr_expect_eq(r.weekly, 4750);
	cr_expect_str_eq(r.working,
			 "Carrying out any caring responsibilities for a child: none = 0 points\n"
			 "Providing care to other people the carer cares for: none = 0 points\n"
			 "Maintaining a habitable home environment in the carer's home: moderate = 2 points\n"
			 "Managing and maintaining nutrition: moderate = 2 points\n"
			 "Developing and maintaining family or other personal relationships: substantial = 4 points\n"
			 "Engaging in work, training, education or volunteering: critical = 6 points\n"
			 "Using necessary facilities or services in the community, including recreational ones: low = "
			 "1 point\n"
			 "Time for hobbies: substantial = 4 points\n"
			 "Total 19 points x £2.50 = £47.50\n"
			 "Carer's indicative weekly budget £47.50");
	/* the adult's RAS over the same record would be a different figure */
	c->person.group = CLIENT_ADULT;
	cr_assert_eq(rules_case_ras(c, &p, &r, NULL), CW_OK);
	cr_expect_eq(r.points, 0);
	cr_expect_not(r.complete);
	free(c);
}

Test(carer_budget, without_a_carers_ras_the_adult_one_is_used)
{
	struct policy p;
	struct case_record *c = carer_case();
	struct ras_result r;

	fx_policy(&p); /* no carers section: 4.20 a point, points 0/3/6/10/15, max 1,500.00 */
	carer_levels(&c->assessment, "ssssnnnn");
	cr_assert_eq(rules_case_ras(c, &p, &r, NULL), CW_OK);
	cr_expect_eq(r.points, 40);
	cr_expect_eq(r.weekly, 16800); /* 40 x 4.20 */
	cr_expect(strncmp(r.working, "The policy has no carers' RAS: the adult RAS is used\n", 53) == 0, "%s",
		  r.working);
	free(c);
}

Test(carer_budget, a_band_gap_names_the_carers_ras)
{
	struct policy p;
	struct case_record *c = carer_case();
	struct ras_result r;
	struct cw_error err = {0};

	carer_policy_banded(&p);
	p.carers.ras.nbands = 2; /* a hand-made policy reaching 14 points only */
	carer_levels(&c->assessment, "cccnnnnn");
	cr_expect_eq(rules_case_ras(c, &p, &r, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "carers.ras.bands: no band covers 21 points; the bands must cover every score "
				  "from 0 up");
	free(c);
}

/* ---- charging ---- */

Test(carer_charge, not_charged_by_default_whatever_the_means)
{
	struct policy p;
	struct case_record *c = assessed_carer();
	struct charge_result ch;

	carer_policy(&p);
	c->assessment.capital = 5000000; /* £50,000: an adult would pay the full cost */
	c->assessment.weekly_income = 60000;
	cr_expect_not(rules_case_charged(c, &p));
	cr_assert_eq(rules_case_contribution(c, 4750, &p, &ch, NULL), CW_OK);
	cr_expect_eq(ch.contribution, 0);
	cr_expect_str_eq(ch.working, "The council does not charge carers for their support (policy carers.charge: "
				     "false)\nThe carer pays £0.00 a week");
	free(c);
}

Test(carer_charge, charged_when_the_policy_says_so_or_finance_sent_a_figure)
{
	struct policy p;
	struct case_record *c = assessed_carer();
	struct charge_result ch;

	carer_policy(&p);
	p.carers.charge = true;
	c->assessment.capital = 0;
	c->assessment.weekly_income = 20000;
	/* 200.00 - 132.00 MIG - 20.00 disregard = 48.00, capped at the 47.50 budget */
	cr_assert_eq(rules_case_contribution(c, 4750, &p, &ch, NULL), CW_OK);
	cr_expect_eq(ch.contribution, 4750);
	p.carers.charge = false;
	c->assessment.contribution_from_letter = true;
	c->assessment.person_weekly = 500;
	cr_expect(rules_case_charged(c, &p));
	cr_assert_eq(rules_case_contribution(c, 4750, &p, &ch, NULL), CW_OK);
	cr_expect_eq(ch.contribution, 500);
	/* an adult is always charged */
	c->person.group = CLIENT_ADULT;
	c->assessment.contribution_from_letter = false;
	cr_expect(rules_case_charged(c, &p));
	free(c);
}

/* ---- panel triggers on a carer's budget ---- */

Test(carer_panel, request_against_the_carers_budget)
{
	struct policy p;
	struct case_record *c = assessed_carer();
	struct panel_check pc;
	struct cw_error err = {0};

	carer_policy(&p);
	cr_assert_eq(workflow_recalculate(c, &p, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(c->assessment.indicative_weekly, 4750);
	c->panel.worker_request = true;
	cw_strlcpy(c->panel.justification, "Two breaks a week while Dad's dementia is worse",
		   sizeof c->panel.justification);
	c->panel.requested_weekly = 5225; /* 47.50 + 10% exactly: not above */
	cr_assert_eq(rules_panel_check(c, &p, &pc, &err), CW_OK, "%s", err.msg);
	cr_expect_not(pc.triggers & TRIGGER_OVER_INDICATIVE);
	cr_expect(pc.triggers & TRIGGER_WORKER_REQUEST);
	c->panel.requested_weekly = 5226;
	cr_assert_eq(rules_panel_check(c, &p, &pc, &err), CW_OK, "%s", err.msg);
	cr_expect(pc.triggers & TRIGGER_OVER_INDICATIVE);
	cr_expect(strstr(pc.reasons, "The £52.26 asked for is more than 10% above the indicative budget £47.50 (the "
				     "most without panel is £52.25)."), "%s", pc.reasons);
	cr_expect_not(pc.triggers & TRIGGER_WEEKLY_COST);
	free(c);
}

/* ---- the workflow ---- */

Test(carer_workflow, eligible_carer_moves_on_without_a_financial_assessment)
{
	struct policy p;
	struct case_record *c = assessed_carer();
	char missing[WORKFLOW_MISSING_MAX];
	struct cw_error err = {0};

	carer_policy(&p);
	cr_expect_eq(workflow_missing(c, &p, missing, sizeof missing), CW_OK, "%s", missing);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2026-11-22"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	cr_expect_eq(c->assessment.eligible, TRI_YES);
	cr_expect_eq(c->assessment.points, 19);
	cr_expect_eq(c->assessment.indicative_weekly, 4750);
	cr_expect_eq(c->assessment.person_weekly, 0);
	cr_expect_eq(c->panel.required, TRI_NO);
	cr_expect_eq(case_final_weekly(c), 4750);

	/* charged carers need the financial assessment like anyone else */
	struct case_record *d = assessed_carer();
	p.carers.charge = true;
	cr_expect_eq(workflow_missing(d, &p, missing, sizeof missing), CW_ERR_INCOMPLETE);
	cr_expect(strstr(missing, "Record the financial assessment"), "%s", missing);
	free(c);
	free(d);
}

Test(carer_workflow, what_is_missing_names_the_carers_questions)
{
	struct policy p;
	struct case_record *c = carer_case();
	char missing[WORKFLOW_MISSING_MAX];

	carer_policy(&p);
	c->stage = STAGE_ASSESSMENT;
	carer_levels(&c->assessment, "nnnnnnn-");
	cr_assert_eq(workflow_missing(c, &p, missing, sizeof missing), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(missing, "Set a level of need for: Engaging in recreational activities\n"
				  "Record whether the carer's needs arise from providing necessary care\n"
				  "Record whether the carer's health is, or is at risk of, deteriorating\n"
				  "Record whether there is a significant impact on the carer's wellbeing");
	free(c);
}

Test(carer_workflow, ineligible_carer_is_closed_with_reasons_and_advice)
{
	struct policy p;
	struct case_record *c = carer_case();
	struct cw_error err = {0};

	carer_policy(&p);
	c->stage = STAGE_ASSESSMENT;
	carer_levels(&c->assessment, "llllllll");
	c->assessment.needs_from_caring = TRI_YES;
	c->assessment.health_at_risk = TRI_NO;
	c->assessment.wellbeing_impact = TRI_YES;
	cw_strlcpy(c->assessment.advice_given, "Carers' centre and its peer group", sizeof c->assessment.advice_given);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2026-11-22"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_CLOSED);
	cr_expect_eq(c->closed_from, STAGE_ASSESSMENT);
	cr_expect_str_eq(c->closed_reason,
			 "Not eligible for support as a carer:\n"
			 "The carer's health is not deteriorating or at risk of it, and the carer can achieve all eight "
			 "outcomes; the regulations need one or the other.\n"
			 "Information and advice given: Carers' centre and its peer group");
	free(c);
}

Test(carer_workflow, review_reassesses_with_the_carers_test)
{
	struct policy p;
	struct case_record *c = assessed_carer();
	struct review_entry e;
	struct cw_error err = {0};

	carer_policy(&p);
	cr_assert_eq(workflow_recalculate(c, &p, &err), CW_OK, "%s", err.msg);
	c->stage = STAGE_REVIEW;
	memset(&e, 0, sizeof e);
	e.date = fx_date("2027-03-01");
	cw_strlcpy(e.by, "asmith", sizeof e.by);
	cw_strlcpy(e.findings, "Dad now needs help at night; Jo has given up her evening job", sizeof e.findings);
	e.outcome = REVIEW_REASSESS;
	cr_assert_eq(workflow_review_record(c, &p, &e, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(c->stage, STAGE_ASSESSMENT);
	/* needs up: nutrition substantial, caring for others critical:
	 * 0+6+2+4+4+6+1+4 = 27 points x 2.50 = 67.50, held at 60.00 */
	carer_levels(&c->assessment, "ncmsscls");
	cw_strlcpy(c->assessment.signed_off_by, "mgr", sizeof c->assessment.signed_off_by);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2027-03-08"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	cr_expect_eq(c->assessment.points, 27);
	cr_expect_eq(c->assessment.indicative_weekly, 6000);
	free(c);
}

/* A carer's case saved by a casework without the carer's test: the
 * adult's outcomes, its eligibility and budget as worked out then. */
static struct case_record *legacy_carer(void)
{
	struct case_record *c = carer_case();
	c->stage = STAGE_REVIEW;
	for (int i = 0; i < OUTCOME_COUNT; i++) {
		c->assessment.level_set[i] = true;
		c->assessment.levels[i] = NEED_MODERATE;
	}
	c->assessment.unable[0] = c->assessment.unable[1] = true;
	c->assessment.impairment = TRI_YES;
	c->assessment.wellbeing_impact = TRI_YES;
	c->assessment.eligible = TRI_YES;
	c->assessment.points = 60;
	c->assessment.indicative_weekly = 25200;
	return c;
}

Test(carer_workflow, a_carer_assessed_before_reg3_keeps_its_figures)
{
	struct policy p;
	struct case_record *c = legacy_carer();
	struct cw_error err = {0};

	carer_policy(&p);
	cr_expect(rules_carer_assessed_before_reg3(c));
	cr_assert_eq(workflow_recalculate(c, &p, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->assessment.indicative_weekly, 25200);
	cr_expect_eq(c->assessment.points, 60);
	cr_expect_eq(c->assessment.eligible, TRI_YES);
	/* once a carer's outcome is recorded, the carer's test and RAS apply */
	carer_levels(&c->assessment, "cccccccc");
	cr_expect_not(rules_carer_assessed_before_reg3(c));
	cr_assert_eq(workflow_recalculate(c, &p, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->assessment.points, 48);
	cr_expect_eq(c->assessment.indicative_weekly, 6000);
	free(c);
	/* an adult's case is never "before reg 3" */
	c = legacy_carer();
	c->person.group = CLIENT_ADULT;
	cr_expect_not(rules_carer_assessed_before_reg3(c));
	free(c);
}

Test(carer_workflow, plan_lines_meet_the_carers_outcomes)
{
	struct policy p;
	struct case_record *c = assessed_carer();
	struct plan_line l;
	struct plan_line_check chk;

	carer_policy(&p);
	c->decision.route = ROUTE_DIRECT_PAYMENT;
	memset(&l, 0, sizeof l);
	cw_strlcpy(l.category, "personal_assistant", sizeof l.category);
	l.route = ROUTE_DIRECT_PAYMENT;
	l.rate = 1600;
	l.units_per_week = 250;
	l.outcome = 7; /* recreation: substantial */
	rules_case_plan_line_check(c, &l, 0, &p, &chk);
	cr_expect_eq(chk.issue, PLAN_LINE_OK, "%s", chk.msg);
	l.outcome = 0; /* caring for a child: no need */
	rules_case_plan_line_check(c, &l, 0, &p, &chk);
	cr_expect_eq(chk.issue, PLAN_LINE_REFUSED);
	cr_expect_str_eq(chk.msg, "Line 1 meets no assessed need: the assessment found no need for Carrying out any "
				  "caring responsibilities for a child");
	l.outcome = 8; /* past the carer's eight */
	rules_case_plan_line_check(c, &l, 0, &p, &chk);
	cr_expect_str_eq(chk.msg, "Line 1 meets no assessed need: say which need or outcome it meets");
	free(c);
}

/* ---- the stored record ---- */

Test(carer_record, new_keys_round_trip)
{
	struct case_record *c = assessed_carer(), *back = carer_case();
	struct kv_list kv = {0};
	struct cw_error err = {0};

	c->assessment.health_at_risk = TRI_NO;
	case_to_kv(c, &kv);
	cr_expect_str_eq(kv_list_get(&kv, "assessment.carer_level.recreation"), "substantial");
	cr_expect_str_eq(kv_list_get(&kv, "assessment.carer_level.caring_for_child"), "none");
	cr_expect_str_eq(kv_list_get(&kv, "assessment.carer_unable.work_education_volunteering"), "true");
	cr_expect_null(kv_list_get(&kv, "assessment.carer_unable.nutrition"));
	cr_expect_str_eq(kv_list_get(&kv, "assessment.needs_from_caring"), "yes");
	cr_expect_str_eq(kv_list_get(&kv, "assessment.health_at_risk"), "no");
	cr_expect_null(kv_list_get(&kv, "assessment.level.nutrition"), "no adult outcome on a carer's record");
	case_init(back);
	cr_assert_eq(case_from_kv(back, &kv, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(memcmp(back->assessment.carer_levels, c->assessment.carer_levels,
			    sizeof c->assessment.carer_levels), 0);
	cr_expect_eq(memcmp(back->assessment.carer_level_set, c->assessment.carer_level_set,
			    sizeof c->assessment.carer_level_set), 0);
	cr_expect_eq(memcmp(back->assessment.carer_unable, c->assessment.carer_unable,
			    sizeof c->assessment.carer_unable), 0);
	cr_expect_eq(back->assessment.needs_from_caring, TRI_YES);
	cr_expect_eq(back->assessment.health_at_risk, TRI_NO);
	kv_list_free(&kv);
	free(c);
	free(back);
}

Test(carer_record, an_older_record_loads_and_a_bad_key_is_named)
{
	struct case_record *c = fx_case();
	struct kv_list kv = {0};
	struct cw_error err = {0};

	/* as an older casework wrote a carer: the adult's outcome keys only */
	kv_list_add(&kv, "assessment.eligible", "yes");
	kv_list_add(&kv, "assessment.indicative_weekly", "252.00");
	kv_list_add(&kv, "assessment.level.nutrition", "moderate");
	kv_list_add(&kv, "assessment.unable.nutrition", "true");
	kv_list_add(&kv, "person.group", "carer");
	kv_list_add(&kv, "stage", "review");
	kv_list_sort(&kv);
	cr_assert_eq(case_from_kv(c, &kv, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->person.group, CLIENT_CARER);
	cr_expect_eq(c->assessment.needs_from_caring, TRI_UNSET);
	cr_expect_eq(c->assessment.health_at_risk, TRI_UNSET);
	for (int i = 0; i < CARER_OUTCOME_COUNT; i++)
		cr_expect_not(c->assessment.carer_level_set[i]);
	cr_expect(c->assessment.level_set[0] && c->assessment.unable[0]);
	cr_expect(rules_carer_assessed_before_reg3(c));
	kv_list_free(&kv);

	kv_list_add(&kv, "assessment.carer_level.gardening", "low");
	case_init(c);
	cr_expect_eq(case_from_kv(c, &kv, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "unknown field 'assessment.carer_level.gardening' in the stored case; it may come "
				  "from a newer casework");
	kv_list_free(&kv);
	kv_list_add(&kv, "assessment.carer_level.recreation", "lots");
	case_init(c);
	cr_expect_eq(case_from_kv(c, &kv, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "assessment.carer_level.recreation: stored value is not a level of need");
	kv_list_free(&kv);
	free(c);
}

Test(carer_record, stored_and_loaded_through_the_store)
{
	char dir[] = "/tmp/cw-carer-XXXXXX", path[64];
	struct store *st = NULL;
	struct cw_error err = {0};
	struct case_record *c = assessed_carer(), *old = legacy_carer(), *back = fx_case();

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/c.db", dir);
	cr_assert_eq(store_open(path, &st, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK, "%s", err.msg);
	cr_assert_eq(store_case_create(st, old, "asmith", &err), CW_OK, "%s", err.msg);
	cr_assert_eq(store_case_load(st, c->id, back, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(back->assessment.carer_levels[5], NEED_CRITICAL);
	cr_expect(back->assessment.carer_unable[7]);
	cr_expect_eq(back->assessment.needs_from_caring, TRI_YES);
	cr_assert_eq(store_case_load(st, old->id, back, &err), CW_OK, "%s", err.msg);
	cr_expect(rules_carer_assessed_before_reg3(back));
	cr_expect_eq(back->assessment.indicative_weekly, 25200);
	store_close(&st);
	unlink(path);
	snprintf(path, sizeof path, "%s/c.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/c.db-shm", dir);
	unlink(path);
	rmdir(dir);
	free(c);
	free(old);
	free(back);
}

/* ---- export, documents, import ---- */

static char *export_json_of(const struct case_record *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct export_writer *w = export_begin(f, EXPORT_JSON);
	cr_assert_eq(export_case(w, c, NULL), CW_OK);
	cr_assert_eq(export_end(&w, NULL), CW_OK);
	fclose(f);
	return buf;
}

Test(carer_export, outcomes_by_the_carers_keys)
{
	struct policy p;
	struct case_record *c = assessed_carer();
	struct cw_error err = {0};

	carer_policy(&p);
	cr_assert_eq(workflow_recalculate(c, &p, &err), CW_OK, "%s", err.msg);
	char *json = export_json_of(c);
	cr_expect(strstr(json, "\"eligibility_test\":\"carer\",\"outcomes\":{"
			       "\"caring_for_child\":{\"level\":\"none\",\"unable\":false},"
			       "\"caring_for_others\":{\"level\":\"none\",\"unable\":false},"
			       "\"habitable_home\":{\"level\":\"moderate\",\"unable\":false},"
			       "\"nutrition\":{\"level\":\"moderate\",\"unable\":false},"
			       "\"relationships\":{\"level\":\"substantial\",\"unable\":true},"
			       "\"work_education_volunteering\":{\"level\":\"critical\",\"unable\":true},"
			       "\"community_services\":{\"level\":\"low\",\"unable\":false},"
			       "\"recreation\":{\"level\":\"substantial\",\"unable\":true}},"
			       "\"needs_from_caring\":true,\"health_at_risk\":true,\"eligible\":true,\"points\":19"),
		  "%s", json);
	cr_expect(strstr(json, "\"indicative_weekly\":\"47.50\",\"final_weekly\":\"47.50\",\"person_weekly\":\"0.00\","
			       "\"council_weekly\":\"47.50\""), "%s", json);
	free(json);

	/* an adult's export is as before: the ten outcomes, no carer's answers */
	c->person.group = CLIENT_ADULT;
	json = export_json_of(c);
	cr_expect(strstr(json, "\"eligibility_test\":\"adult\",\"outcomes\":{\"nutrition\":{\"level\":null,"), "%s",
		  json);
	cr_expect(strstr(json, "\"caring_for_child\":{\"level\":null,\"unable\":false}},\"needs_from_caring\":null,"
			       "\"health_at_risk\":null,"), "%s", json);
	free(json);
	free(c);

	/* a carer assessed with the adult's test before reg 3: as it was assessed */
	c = legacy_carer();
	json = export_json_of(c);
	cr_expect(strstr(json, "\"client_group\":\"carer\""), "%s", json);
	cr_expect(strstr(json, "\"eligibility_test\":\"adult\",\"outcomes\":{\"nutrition\":{\"level\":\"moderate\","
			       "\"unable\":true},"), "%s", json);
	cr_expect(strstr(json, "\"points\":60"), "%s", json);
	free(json);
	free(c);
}

Test(carer_document, the_budget_statement_of_a_carer)
{
	struct policy p;
	struct case_record *c = assessed_carer();
	struct cw_error err = {0};
	char *buf = NULL;
	size_t len = 0;

	carer_policy(&p);
	cr_assert_eq(workflow_recalculate(c, &p, &err), CW_OK, "%s", err.msg);
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(document_write(f, c, &p, DOCUMENT_BUDGET_STATEMENT, DOCUMENT_TEXT, &err), CW_OK, "%s", err.msg);
	fclose(f);
	cr_expect(strncmp(buf, "Your carer's personal budget statement\n", 39) == 0, "%s", buf);
	cr_expect(strstr(buf, "Cost of meeting your needs   £47.50\nYou pay                      £0.00\n"
			      "The council pays             £47.50\n"), "%s", buf);
	cr_expect(strstr(buf, "Cost of meeting your needs   £2,470.00\n"), "%s", buf); /* 47.50 x 52 */
	cr_expect(strstr(buf, "Your carer's assessment gave 19 points, which the council's resource\nallocation "
			      "system for carers turns into a budget of £47.50 a week."), "%s", buf);
	cr_expect(strstr(buf, "The council does not charge carers for the support it gives them, so you pay\n"
			      "nothing towards it."), "%s", buf);
	free(buf);
	free(c);
}

Test(carer_import, an_imported_carer_is_assessed_as_a_carer)
{
	char dir[] = "/tmp/cw-carer-XXXXXX", path[64];
	static const char staff_yaml[] = "contact: IT\nteams: [North]\nstaff:\n"
					 "  - {login: asmith, name: Ann Smith, team: North, role: social_worker}\n"
					 "  - {login: mlead, name: Mo Lead, team: North, role: team_manager}\n";
	static const char csv[] = "name,date_of_birth,address,client_group,worker,stage\n"
				  "Jo Okafor,1972-03-14,\"12 Mill Lane, Northam\",carer,asmith,assessment\n";
	struct store *st = NULL;
	struct staff staff = {0};
	struct import_report rep = {0};
	struct cw_error err = {0};
	struct case_record *c = fx_case();
	struct policy p;
	char missing[WORKFLOW_MISSING_MAX];

	carer_policy(&p);
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/i.db", dir);
	cr_assert_eq(store_open(path, &st, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(staff_load_data("staff", staff_yaml, strlen(staff_yaml), &staff, NULL), CW_OK);
	FILE *in = fmemopen((void *)csv, strlen(csv), "r");
	cr_assert_eq(import_csv(st, in, "in.csv", &staff, staff_find(&staff, "mlead"), &rep, &err), CW_OK, "%s", err.msg);
	fclose(in);
	cr_assert_eq(store_case_load(st, 1, c, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->person.group, CLIENT_CARER);
	cr_expect_eq(c->stage, STAGE_ASSESSMENT);
	cr_assert_eq(workflow_missing(c, &p, missing, sizeof missing), CW_ERR_INCOMPLETE);
	cr_expect(strstr(missing, "Set a level of need for: Carrying out any caring responsibilities for a child, "
				  "Providing care to other people the carer cares for,"), "%s", missing);
	cr_expect(strstr(missing, "Record whether the carer's needs arise from providing necessary care"), "%s",
		  missing);
	cr_expect_null(strstr(missing, "impairment"), "%s", missing);
	import_report_free(&rep);
	staff_free_members(&staff);
	store_close(&st);
	unlink(path);
	snprintf(path, sizeof path, "%s/i.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/i.db-shm", dir);
	unlink(path);
	rmdir(dir);
	free(c);
}
