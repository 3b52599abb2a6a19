/* test_workflow.c - the five-stage state machine: what each stage says is
 * missing (exact lines), the decision contradictions, each transition
 * (ineligible -> closed, panel needed or not, approved/declined/deferred,
 * plan over tolerance back to panel, family PA exception, each review
 * outcome), with the figures the rules give. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <criterion/parameterized.h>

#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "core/workflow.h"
#include "tests/rules_fixture.h"

static void complete_decision(struct case_record *c, enum route route)
{
	c->decision.route = route;
	c->decision.trade_offs_discussed = true;
	c->decision.has_capacity = TRI_YES;
	c->decision.can_manage = MANAGE_ALONE;
	cw_strlcpy(c->decision.own_words, "I want to choose who helps me", CASE_TEXT_MAX);
	c->decision.decided_on = fx_date("2025-01-02");
}

/* 46 points (193.20), income 200.00: contribution 48.00 */
static void complete_assessment(struct case_record *c)
{
	static const enum need_level lv[OUTCOME_COUNT] = {
		NEED_SUBSTANTIAL, NEED_SUBSTANTIAL, NEED_SUBSTANTIAL, NEED_SUBSTANTIAL, NEED_MODERATE,
	};
	int i;

	for (i = 0; i < OUTCOME_COUNT; i++) {
		c->assessment.levels[i] = lv[i];
		c->assessment.level_set[i] = true;
		c->assessment.unable[i] = lv[i] >= NEED_MODERATE;
	}
	c->assessment.impairment = TRI_YES;
	c->assessment.wellbeing_impact = TRI_YES;
	c->assessment.capital = 0;
	c->assessment.weekly_income = 20000;
	c->assessment.financial_assessed_on = fx_date("2025-01-03");
	cw_strlcpy(c->assessment.signed_off_by, "mgr", CASE_LOGIN_MAX);
}

static void add_line(struct case_record *c, const char *category, const char *desc, int64_t units, int64_t rate,
                     enum route route)
{
	struct plan_line *l = &c->plan.lines[c->plan.nlines++];

	memset(l, 0, sizeof *l);
	l->outcome = 0;
	cw_strlcpy(l->category, category, sizeof l->category);
	cw_strlcpy(l->description, desc, sizeof l->description);
	l->units_per_week = units;
	l->rate = rate;
	l->route = route;
}

static void agree_plan(struct case_record *c)
{
	c->plan.agreed_on = fx_date("2025-01-05");
	cw_strlcpy(c->plan.agreed_by, "asmith", CASE_LOGIN_MAX);
	cw_strlcpy(c->plan.signed_off_by, "mgr", CASE_LOGIN_MAX);
	c->plan.account = ACCOUNT_BANK;
	c->plan.start_date = fx_date("2025-01-06");
}

/* a case at planning with its budget set (no panel) */
static struct case_record *case_at_planning(const struct policy *p)
{
	struct case_record *c = fx_case();

	complete_decision(c, ROUTE_DIRECT_PAYMENT);
	c->stage = STAGE_ASSESSMENT;
	complete_assessment(c);
	cr_assert_eq(workflow_advance(c, p, fx_date("2025-01-04"), NULL), CW_OK);
	cr_assert_eq(c->stage, STAGE_PLANNING);
	return c;
}

/* ---- decision-making ---- */

Test(workflow_decision, blank_lists_everything)
{
	struct policy p;
	struct case_record *c = fx_case();
	char buf[WORKFLOW_MISSING_MAX];
	struct cw_error err = {0};

	fx_policy(&p);
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(buf, "Choose how the budget is managed: direct payment, council-managed, individual service "
	                      "fund or a mix\n"
	                      "Talk the trade-offs through with the person and record that you did\n"
	                      "Record whether the person has capacity\n"
	                      "Record the person's own words about what matters to them\n"
	                      "Record the date of the decision");
	cr_expect_eq(workflow_advance(c, &p, fx_date("2025-01-02"), &err), CW_ERR_INCOMPLETE);
	cr_expect(strncmp(err.msg, "Decision-making is not complete:\nChoose how", 43) == 0, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_DECISION);
	complete_decision(c, ROUTE_COUNCIL_MANAGED);
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_OK);
	cr_expect_str_eq(buf, "");
	cr_expect_eq(workflow_advance(c, &p, fx_date("2025-01-02"), &err), CW_OK);
	cr_expect_eq(c->stage, STAGE_ASSESSMENT);
	free(c);
}

struct contra_case {
	enum route route;
	enum tri capacity;
	char authorised[24];
	char relationship[24];
	enum manage_ability manage;
	char support[24];
	char mix[24];
	enum cw_status status;
	char msg[160];
	char missing[240]; /* the missing list, complete otherwise */
};

#define DP ROUTE_DIRECT_PAYMENT

static struct contra_case contra_cases[] = {
	{DP, TRI_NO, "", "", MANAGE_ALONE, "", "", CW_ERR_INVALID,
	 "A direct payment needs capacity or an authorised person", "A direct payment needs capacity or an authorised person"},
	{DP, TRI_NO, "Jo Bloggs", "daughter", MANAGE_ALONE, "", "", CW_OK, "", ""},
	{DP, TRI_NO, "Jo Bloggs", "", MANAGE_ALONE, "", "", CW_OK, "",
	 "Record the authorised person's relationship to the person"},
	{ROUTE_COUNCIL_MANAGED, TRI_NO, "", "", MANAGE_CANNOT, "", "", CW_OK, "", ""},
	{ROUTE_MIXED, TRI_YES, "", "", MANAGE_ALONE, "", "", CW_ERR_INVALID,
	 "A mix needs its detail: which needs are met by direct payment and which by the council",
	 "A mix needs its detail: which needs are met by direct payment and which by the council"},
	{ROUTE_MIXED, TRI_YES, "", "", MANAGE_ALONE, "", "PA by DP, homecare", CW_OK, "", ""},
	{ROUTE_MIXED, TRI_NO, "", "", MANAGE_ALONE, "", "PA by DP, homecare", CW_ERR_INVALID,
	 "A direct payment needs capacity or an authorised person", "A direct payment needs capacity or an authorised person"},
	{DP, TRI_YES, "", "", MANAGE_WITH_HELP, "", "", CW_ERR_INVALID,
	 "Name who helps the person manage the direct payment", "Name who helps the person manage the direct payment"},
	{DP, TRI_YES, "", "", MANAGE_WITH_HELP, "Brother, weekly", "", CW_OK, "", ""},
	{DP, TRI_YES, "", "", MANAGE_CANNOT, "", "", CW_ERR_INVALID,
	 "A direct payment needs someone able to manage it, alone or with help; choose council-managed or an "
	 "individual service fund",
	 "A direct payment needs someone able to manage it, alone or with help; choose council-managed or an "
	 "individual service fund"},
	{DP, TRI_YES, "", "", MANAGE_UNSET, "", "", CW_OK, "",
	 "Record whether the person can manage a direct payment, alone or with help"},
	{DP, TRI_UNSET, "", "", MANAGE_ALONE, "", "", CW_OK, "", "Record whether the person has capacity"},
};

ParameterizedTestParameters(workflow_decision, contradictions)
{
	return cr_make_param_array(struct contra_case, contra_cases, CW_ARRAY_LEN(contra_cases));
}

ParameterizedTest(struct contra_case *t, workflow_decision, contradictions)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct cw_error err = {0};
	char buf[WORKFLOW_MISSING_MAX];

	fx_policy(&p);
	complete_decision(c, t->route);
	c->decision.has_capacity = t->capacity;
	cw_strlcpy(c->decision.authorised_person, t->authorised, CASE_NAME_MAX);
	cw_strlcpy(c->decision.authorised_relationship, t->relationship, CASE_SHORT_MAX);
	c->decision.can_manage = t->manage;
	cw_strlcpy(c->decision.support_to_manage, t->support, CASE_SHORT_MAX);
	cw_strlcpy(c->decision.mix_detail, t->mix, CASE_TEXT_MAX);
	cr_expect_eq(workflow_decision_check(&c->decision, &err), t->status, "%s", err.msg);
	if (t->status != CW_OK)
		cr_expect_str_eq(err.msg, t->msg);
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), t->missing[0] ? CW_ERR_INCOMPLETE : CW_OK);
	cr_expect_str_eq(buf, t->missing);
	free(c);
}

/* ---- assessment ---- */

Test(workflow_assessment, missing_lines)
{
	struct policy p;
	struct case_record *c = fx_case();
	char buf[WORKFLOW_MISSING_MAX];

	fx_policy(&p);
	c->stage = STAGE_ASSESSMENT;
	c->assessment.self_assessment = true;
	c->assessment.level_set[0] = c->assessment.level_set[2] = true;
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(buf, "Set a level of need for: Personal hygiene, Clothing, Home safety, Habitable home, "
	                      "Relationships, Work and learning, Community, Caring for a child\n"
	                      "Record whether the needs arise from an impairment or illness\n"
	                      "Record whether there is a significant impact on wellbeing\n"
	                      "Validate the supported self-assessment (who and when)");
	complete_assessment(c);
	c->assessment.signed_off_by[0] = '\0';
	c->assessment.financial_assessed_on = DATE_NONE;
	c->panel.worker_request = true;
	c->panel.requested_weekly = 30000;
	cw_strlcpy(c->assessment.validated_by, "asmith", CASE_LOGIN_MAX);
	c->assessment.validated_on = fx_date("2025-01-03");
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(buf, "Record the financial assessment (capital and income, or the figure from the finance "
	                      "letter) and its date\n"
	                      "A team manager must sign off the assessment\n"
	                      "A request to panel needs a justification");
	p.access.assessment_signoff = false;
	cw_strlcpy(c->panel.justification, "Two carers for transfers", CASE_TEXT_MAX);
	c->assessment.financial_assessed_on = fx_date("2025-01-03");
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_OK, "%s", buf);
	free(c);
}

Test(workflow_assessment, ineligible_closes_with_reasons)
{
	struct policy p;
	struct case_record *c = fx_case();
	char buf[WORKFLOW_MISSING_MAX];
	struct cw_error err = {0};
	char d[DATE_BUF];

	fx_policy(&p);
	c->stage = STAGE_ASSESSMENT;
	complete_assessment(c);
	memset(c->assessment.unable, 0, sizeof c->assessment.unable);
	c->assessment.unable[0] = true;
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(buf, "Record the information and advice given (the person is not eligible)");
	cr_expect_eq(workflow_advance(c, &p, fx_date("2025-01-04"), &err), CW_ERR_INCOMPLETE);
	cr_expect_eq(c->stage, STAGE_ASSESSMENT);
	cw_strlcpy(c->assessment.advice_given, "Age UK befriending; falls leaflet", CASE_TEXT_MAX);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-01-04"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_CLOSED);
	cr_expect_eq(c->closed_from, STAGE_ASSESSMENT);
	cr_expect_str_eq(date_format(c->closed, d, sizeof d), "2025-01-04");
	cr_expect_eq(c->assessment.eligible, TRI_NO);
	cr_expect_str_eq(c->closed_reason, "Not eligible for care and support:\n"
	                                   "The person is unable to achieve 1 of the ten outcomes; the regulations "
	                                   "need at least 2.\n"
	                                   "Information and advice given: Age UK befriending; falls leaflet");
	cr_expect_eq(workflow_advance(c, &p, fx_date("2025-01-04"), &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "This case is closed");
	free(c);
}

Test(workflow_assessment, panel_not_needed_goes_to_planning)
{
	struct policy p;
	struct case_record *c;

	fx_policy(&p);
	c = case_at_planning(&p);
	cr_expect_eq(c->assessment.eligible, TRI_YES);
	cr_expect_eq(c->assessment.points, 46);
	cr_expect_eq(c->assessment.indicative_weekly, 19320);
	cr_expect_eq(c->assessment.person_weekly, 4800);
	cr_expect_eq(c->panel.required, TRI_NO);
	cr_expect_eq(c->panel.triggers, 0u);
	cr_expect_str_eq(c->panel.not_needed_reason,
	                 "The weekly cost \xc2\xa3" "193.20 is not above the panel threshold \xc2\xa3" "700.00.\n"
	                 "No direct payment pays a family member in the same household.\n"
	                 "The worker has not asked for panel.");
	free(c);
}

/* ---- panel ---- */

static struct case_record *case_at_panel(const struct policy *p, int64_t requested)
{
	struct case_record *c = fx_case();

	complete_decision(c, ROUTE_DIRECT_PAYMENT);
	c->stage = STAGE_ASSESSMENT;
	complete_assessment(c);
	c->panel.worker_request = true;
	c->panel.requested_weekly = requested;
	cw_strlcpy(c->panel.justification, "Two carers for every transfer", CASE_TEXT_MAX);
	cr_assert_eq(workflow_advance(c, p, fx_date("2025-01-04"), NULL), CW_OK);
	cr_assert_eq(c->stage, STAGE_PANEL);
	return c;
}

Test(workflow_panel, triggers_recorded_and_approved)
{
	struct policy p;
	struct case_record *c;
	char buf[WORKFLOW_MISSING_MAX];
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_panel(&p, 75000);
	cr_expect_eq(c->panel.required, TRI_YES);
	cr_expect_eq(c->panel.triggers, (unsigned)(TRIGGER_WEEKLY_COST | TRIGGER_OVER_INDICATIVE | TRIGGER_WORKER_REQUEST));
	cr_expect_str_eq(c->panel.reasons,
	                 "The weekly cost \xc2\xa3" "750.00 is above the panel threshold \xc2\xa3" "700.00.\n"
	                 "The \xc2\xa3" "750.00 asked for is more than 10% above the indicative budget \xc2\xa3"
	                 "193.20 (the most without panel is \xc2\xa3" "212.52).\n"
	                 "The worker asks the panel for \xc2\xa3" "750.00 a week: Two carers for every transfer");
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(buf, "Waiting for the panel's decision");
	cr_expect_eq(workflow_advance(c, &p, fx_date("2025-01-04"), &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "Panel escalation moves on when a panel member records the panel's decision");

	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, "Needs two carers", "Chair, finance lead",
	                                   fx_date("2025-01-10"), &err),
	             CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	cr_expect_eq(c->panel.approved_weekly, 75000);
	cr_expect_eq(rules_final_weekly(c), 75000);
	cr_expect_eq(c->panel.nhistory, 1);
	cr_expect_eq(c->panel.history[0].decision, PANEL_APPROVED);
	cr_expect_eq(c->panel.history[0].approved_weekly, 75000);
	cr_expect_eq(c->assessment.person_weekly, 4800);
	free(c);
}

Test(workflow_panel, approved_at_another_amount)
{
	struct policy p;
	struct case_record *c;
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_panel(&p, 75000);
	cr_expect_eq(workflow_panel_decide(c, &p, PANEL_APPROVED_OTHER, 0, "Less", "Chair", fx_date("2025-01-10"), &err),
	             CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "approved amount: a weekly amount above 0.00, like 450.00");
	cr_expect_eq(c->panel.nhistory, 0);
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_APPROVED_OTHER, 62000, "One carer at night", "Chair",
	                                   fx_date("2025-01-10"), &err),
	             CW_OK);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	cr_expect_eq(rules_final_weekly(c), 62000);
	free(c);
}

Test(workflow_panel, declined_goes_back_to_worker)
{
	struct policy p;
	struct case_record *c;
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_panel(&p, 75000);
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_DECLINED, 0, "Try assistive technology first", "Chair",
	                                   fx_date("2025-01-10"), &err),
	             CW_OK);
	cr_expect_eq(c->stage, STAGE_ASSESSMENT);
	cr_expect_str_eq(c->panel.decision_reasons, "Try assistive technology first");
	cr_expect_eq(rules_final_weekly(c), 19320);
	free(c);
}

Test(workflow_panel, deferred_stays)
{
	struct policy p;
	struct case_record *c;
	char buf[WORKFLOW_MISSING_MAX];
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_panel(&p, 75000);
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_DEFERRED, 0, "Need the OT report", "Chair",
	                                   fx_date("2025-01-10"), &err),
	             CW_OK);
	cr_expect_eq(c->stage, STAGE_PANEL);
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(buf, "The panel deferred its decision for more information: Need the OT report");
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, "OT report read", "Chair", fx_date("2025-01-17"),
	                                   &err),
	             CW_OK);
	cr_expect_eq(c->panel.nhistory, 2);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	free(c);
}

Test(workflow_panel, decide_refuses)
{
	struct policy p;
	struct case_record *c;
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_panel(&p, 75000);
	cr_expect_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, " ", "Chair", fx_date("2025-01-10"), &err),
	             CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "reasons: give the panel's reasons");
	cr_expect_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, "Fine", "", fx_date("2025-01-10"), &err),
	             CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "members: name the panel members present");
	cr_expect_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, "Fine", "Chair", DATE_NONE, &err), CW_ERR_INVALID);
	cr_expect_eq(workflow_panel_decide(c, &p, PANEL_PENDING, 0, "Fine", "Chair", fx_date("2025-01-10"), &err),
	             CW_ERR_INVALID);
	c->stage = STAGE_PLANNING;
	cr_expect_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, "Fine", "Chair", fx_date("2025-01-10"), &err),
	             CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "This case is not waiting for the panel (it is at Support planning and brokerage)");
	cr_expect_eq(c->panel.nhistory, 0);
	free(c);
}

/* ---- planning ---- */

Test(workflow_planning, missing_lines)
{
	struct policy p;
	struct case_record *c;
	char buf[WORKFLOW_MISSING_MAX];

	fx_policy(&p);
	c = case_at_planning(&p);
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(buf, "Add at least one line to the support plan\n"
	                      "Record who agreed the plan with the person, and when\n"
	                      "A team manager must sign off the plan\n"
	                      "Record the direct-payment account: separate bank account, pre-paid card or managed "
	                      "account\n"
	                      "Record the date the plan and the direct payments start");
	add_line(c, "personal_assistant", "PA to visit her parent", 1000, 1600, DP);
	add_line(c, "personal_assistant", "Weekly rent", 100, 1600, DP);
	add_line(c, "long_term_residential_care", "Care home", 100, 85000, DP);
	agree_plan(c);
	cr_expect_eq(workflow_missing(c, &p, buf, sizeof buf), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(buf, "Line 2: \"Weekly rent\" mentions \"rent\" (Rent, mortgage and housing costs: never paid "
	                      "for); confirm the line is not for this, or change it\n"
	                      "Line 3: a direct payment may not buy Long-term residential care; the council arranges "
	                      "it (council-managed)");
	free(c);
}

Test(workflow_planning, within_budget_to_review_with_dates)
{
	struct policy p;
	struct case_record *c;
	struct cw_error err = {0};
	char d1[DATE_BUF], d2[DATE_BUF];

	fx_policy(&p);
	c = case_at_planning(&p);
	add_line(c, "personal_assistant", "PA, mornings", 1250, 1600, DP); /* 200.00 <= 202.86 */
	agree_plan(c);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-01-06"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_REVIEW);
	cr_expect_eq(c->plan.lines[0].weekly_cost, 20000);
	cr_expect_eq(c->plan.total_weekly, 20000);
	cr_expect_str_eq(date_format(c->review.next_due, d1, sizeof d1), "2025-03-03");
	cr_expect_str_eq(date_format(c->review.audit_due, d2, sizeof d2), "2025-07-06");
	free(c);
}

Test(workflow_planning, over_tolerance_back_to_panel)
{
	struct policy p;
	struct case_record *c;
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_planning(&p);
	add_line(c, "personal_assistant", "PA, mornings", 1268, 1600, DP); /* 202.88 > 202.86 */
	agree_plan(c);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-01-06"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_PANEL);
	cr_expect_eq(c->panel.triggers, (unsigned)TRIGGER_PLAN_OVER_BUDGET);
	cr_expect_str_eq(c->panel.reasons, "The plan costs \xc2\xa3" "202.88 a week, \xc2\xa3" "0.02 over the budget "
	                                   "\xc2\xa3" "193.20 plus 5% tolerance (\xc2\xa3" "202.86).");
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, "Costed plan agreed", "Chair",
	                                   fx_date("2025-01-10"), &err),
	             CW_OK);
	cr_expect_eq(rules_final_weekly(c), 20288);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-01-10"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_REVIEW);
	free(c);
}

Test(workflow_planning, over_tolerance_refused_when_policy_keeps_it)
{
	struct policy p;
	struct case_record *c;
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_planning(&p);
	p.panel.plan_over_tolerance = false;
	add_line(c, "personal_assistant", "PA, mornings", 1268, 1600, DP);
	agree_plan(c);
	cr_expect_eq(workflow_advance(c, &p, fx_date("2025-01-06"), &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "Support planning and brokerage is not complete:\nThe plan costs \xc2\xa3" "202.88 a "
	                          "week, \xc2\xa3" "0.02 over the budget \xc2\xa3" "193.20 plus 5% tolerance (\xc2\xa3"
	                          "202.86): bring it within the budget");
	cr_expect_eq(c->stage, STAGE_PLANNING);
	free(c);
}

Test(workflow_planning, family_pa_exception_goes_to_panel_once)
{
	struct policy p;
	struct case_record *c;
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_planning(&p);
	add_line(c, "personal_assistant", "Daughter as PA", 1000, 1600, DP);
	c->plan.lines[0].family_pa_same_household = true;
	agree_plan(c);
	cr_expect_eq(workflow_advance(c, &p, fx_date("2025-01-06"), &err), CW_ERR_INCOMPLETE);
	cw_strlcpy(c->plan.lines[0].exception_reason, "Only carer she accepts", CASE_SHORT_MAX);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-01-06"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_PANEL);
	cr_expect_eq(c->panel.triggers, (unsigned)TRIGGER_FAMILY_PA);
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, "Exception agreed", "Chair",
	                                   fx_date("2025-01-10"), &err),
	             CW_OK);
	cr_expect_eq(rules_final_weekly(c), 19320); /* the budget asked for: the indicative */
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-01-10"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_REVIEW);
	free(c);
}

/* ---- review ---- */

static struct case_record *case_at_review(const struct policy *p)
{
	struct case_record *c = case_at_planning(p);

	add_line(c, "personal_assistant", "PA, mornings", 1250, 1600, DP);
	agree_plan(c);
	cr_assert_eq(workflow_advance(c, p, fx_date("2025-01-06"), NULL), CW_OK);
	cr_assert_eq(c->stage, STAGE_REVIEW);
	return c;
}

static void review(struct review_entry *e, const char *date, enum review_outcome outcome)
{
	memset(e, 0, sizeof *e);
	e->date = fx_date(date);
	cw_strlcpy(e->by, "asmith", sizeof e->by);
	cw_strlcpy(e->findings, "Going well", sizeof e->findings);
	e->outcome = outcome;
}

Test(workflow_review, no_change_sets_next_dates)
{
	struct policy p;
	struct case_record *c;
	struct review_entry e;
	struct cw_error err = {0};
	char d1[DATE_BUF], d2[DATE_BUF];

	fx_policy(&p);
	c = case_at_review(&p);
	review(&e, "2025-03-03", REVIEW_NO_CHANGE);
	cr_assert_eq(workflow_review_record(c, &p, &e, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_REVIEW);
	cr_expect_str_eq(date_format(c->review.next_due, d1, sizeof d1), "2026-03-03");
	cr_expect_str_eq(date_format(c->review.audit_due, d2, sizeof d2), "2025-07-06");
	/* the audit, with £200.00 a week paid: keep up to £800.00 */
	review(&e, "2025-07-04", REVIEW_NO_CHANGE);
	e.audit = true;
	e.spent = 300000;
	e.unspent = 90000;
	e.misused = 2500;
	cr_assert_eq(workflow_review_record(c, &p, &e, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->review.nhistory, 2);
	cr_expect_eq(c->review.history[1].clawback, 12500);
	cr_expect_str_eq(date_format(c->review.next_due, d1, sizeof d1), "2026-07-04");
	cr_expect_str_eq(date_format(c->review.audit_due, d2, sizeof d2), "2026-07-04");
	c->review.high_risk = true;
	review(&e, "2025-08-31", REVIEW_NO_CHANGE);
	cr_assert_eq(workflow_review_record(c, &p, &e, &err), CW_OK);
	cr_expect_str_eq(date_format(c->review.next_due, d1, sizeof d1), "2025-11-30");
	free(c);
}

Test(workflow_review, outcomes_move_the_case)
{
	struct policy p;
	struct case_record *c;
	struct review_entry e;
	struct cw_error err = {0};
	char d[DATE_BUF];

	fx_policy(&p);
	c = case_at_review(&p);
	review(&e, "2025-03-03", REVIEW_CHANGE_PLAN);
	cr_assert_eq(workflow_review_record(c, &p, &e, &err), CW_OK);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	cr_expect_not(date_is_set(c->plan.agreed_on));
	cr_expect_str_eq(c->plan.signed_off_by, "");
	agree_plan(c);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-03-04"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_REVIEW);

	review(&e, "2025-04-01", REVIEW_REASSESS);
	cr_assert_eq(workflow_review_record(c, &p, &e, &err), CW_OK);
	cr_expect_eq(c->stage, STAGE_ASSESSMENT);
	cr_expect_eq(c->assessment.eligible, TRI_UNSET);
	/* needs went up: the budget goes up */
	c->assessment.levels[5] = NEED_CRITICAL;
	c->assessment.unable[5] = true;
	cw_strlcpy(c->assessment.signed_off_by, "mgr", CASE_LOGIN_MAX);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-04-02"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	cr_expect_eq(c->assessment.indicative_weekly, 25620); /* 61 points x 4.20 */
	agree_plan(c);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-04-03"), &err), CW_OK, "%s", err.msg);

	review(&e, "2025-06-30", REVIEW_END_SERVICE);
	cw_strlcpy(e.findings, "Moved to live with family", sizeof e.findings);
	cr_assert_eq(workflow_review_record(c, &p, &e, &err), CW_OK);
	cr_expect_eq(c->stage, STAGE_CLOSED);
	cr_expect_eq(c->closed_from, STAGE_REVIEW);
	cr_expect_str_eq(date_format(c->closed, d, sizeof d), "2025-06-30");
	cr_expect_str_eq(c->closed_reason, "Service ended at review: Moved to live with family");
	cr_expect_eq(c->review.nhistory, 3);
	free(c);
}

Test(workflow_review, refuses_incomplete_entries)
{
	struct policy p;
	struct case_record *c;
	struct review_entry e;
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_review(&p);
	review(&e, "2025-03-03", REVIEW_NO_CHANGE);
	e.findings[0] = '\0';
	cr_expect_eq(workflow_review_record(c, &p, &e, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "findings: say what the review found");
	review(&e, "", REVIEW_NO_CHANGE);
	cr_expect_eq(workflow_review_record(c, &p, &e, &err), CW_ERR_INVALID);
	review(&e, "2025-03-03", REVIEW_NO_CHANGE);
	e.audit = true;
	e.misused = -1;
	cr_expect_eq(workflow_review_record(c, &p, &e, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "misused: must be 0.00 or more");
	/* a review before the plan started reviews nothing */
	{
		char d[DATE_BUF], want[200];
		review(&e, "2024-12-01", REVIEW_NO_CHANGE);
		cr_expect_eq(workflow_review_record(c, &p, &e, &err), CW_ERR_INVALID);
		snprintf(want, sizeof want, "date: 2024-12-01 is before the plan started (%s); a review looks at the plan "
		         "in place, on or after its start", date_format(c->plan.start_date, d, sizeof d));
		cr_expect_str_eq(err.msg, want);
	}
	cr_expect_eq(c->review.nhistory, 0);
	cr_expect_eq(workflow_advance(c, &p, fx_date("2025-03-03"), &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "A case at review moves on only by recording a review and its outcome");
	free(c);
}

Test(workflow_go_back, earlier_stages_only)
{
	struct policy p;
	struct case_record *c;
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_planning(&p);
	cr_expect_eq(workflow_go_back(c, STAGE_REVIEW, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "stage: go back to a stage before Support planning and brokerage");
	cr_expect_eq(workflow_go_back(c, STAGE_ASSESSMENT, &err), CW_OK);
	cr_expect_eq(c->stage, STAGE_ASSESSMENT);
	c->stage = STAGE_CLOSED;
	cr_expect_eq(workflow_go_back(c, STAGE_DECISION, &err), CW_ERR_INVALID);
	free(c);
}

/* A reassessment can lower the budget too, even below what a panel
 * approved before: the new figures stand, and the old panel with them. */
Test(workflow_review, reassess_budget_goes_down)
{
	struct policy p;
	struct case_record *c;
	struct review_entry e;
	struct cw_error err = {0};

	fx_policy(&p);
	c = case_at_panel(&p, 75000);
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, "Two carers", "Chair", fx_date("2025-01-10"), &err),
	             CW_OK);
	cr_expect_eq(rules_final_weekly(c), 75000);
	add_line(c, "personal_assistant", "PA, mornings", 4000, 1600, DP); /* 640.00 */
	agree_plan(c);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-01-11"), &err), CW_OK, "%s", err.msg);
	cr_assert_eq(c->stage, STAGE_REVIEW);

	review(&e, "2025-03-03", REVIEW_REASSESS);
	cw_strlcpy(e.findings, "Walking again; one carer is enough", sizeof e.findings);
	cr_assert_eq(workflow_review_record(c, &p, &e, &err), CW_OK);
	cr_expect_eq(c->stage, STAGE_ASSESSMENT);
	c->assessment.levels[0] = NEED_LOW; /* 46 - 10 + 3 = 39 points */
	cw_strlcpy(c->assessment.signed_off_by, "mgr", CASE_LOGIN_MAX);
	c->panel.worker_request = false;
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-03-04"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->assessment.points, 39);
	cr_expect_eq(c->assessment.indicative_weekly, 16380); /* 39 x 4.20 */
	cr_expect_eq(rules_final_weekly(c), 16380);         /* down from the 750.00 approved */
	cr_expect_eq(c->panel.approved_weekly, 0);
	cr_expect_eq(c->assessment.person_weekly, 4800);
	/* the plan in force no longer fits the new budget: the panel decides
	 * at once, asked for the plan's cost */
	cr_expect_eq(c->stage, STAGE_PANEL);
	cr_expect_eq(c->panel.triggers, (unsigned)TRIGGER_PLAN_OVER_BUDGET);
	cr_expect_str_eq(c->panel.reasons, "The plan costs \xc2\xa3" "640.00 a week, \xc2\xa3" "468.01 over the budget "
	                                   "\xc2\xa3" "163.80 plus 5% tolerance (\xc2\xa3" "171.99).");
	/* declined: back to the worker at planning, the budget the new one */
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_DECLINED, 0, "Re-plan to the assessed needs", "Chair",
	                                   fx_date("2025-03-10"), &err),
	             CW_OK);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	cr_expect_eq(rules_final_weekly(c), 16380);
	/* a plan within it moves on to review */
	c->plan.lines[0].units_per_week = 1000; /* 160.00 */
	agree_plan(c);
	cr_assert_eq(workflow_advance(c, &p, fx_date("2025-03-11"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_REVIEW);
	cr_expect_eq(c->plan.total_weekly, 16000);
	free(c);
}
