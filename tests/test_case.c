/* test_case.c - the case model: defaults, references, and the
 * key/value form the store and the audit trail use. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/money.h"

static struct date D(const char *s)
{
	struct date d;
	cr_assert(date_parse(s, &d, NULL));
	return d;
}

/* A case with every field set to something other than its default. */
static void fill_everything(struct case_record *c)
{
	case_init(c);
	strcpy(c->person.name, "Zoë O'Brien-Łukasz 王");
	c->person.date_of_birth = D("1948-02-29");
	strcpy(c->person.address, "12 Mill Lane, Anytown\nAN1 2BC");
	strcpy(c->person.household, "an1-2bc-12");
	c->person.group = CLIENT_CARER;
	strcpy(c->worker, "asmith");
	strcpy(c->team, "North");
	c->stage = STAGE_REVIEW;
	c->closed_from = STAGE_PANEL;
	c->opened = D("2025-01-31");
	c->closed = D("2026-01-01");
	strcpy(c->closed_reason, "moved away");
	c->decision.route = ROUTE_MIXED;
	strcpy(c->decision.mix_detail, "PA by DP; day centre council-managed");
	c->decision.has_capacity = TRI_NO;
	strcpy(c->decision.authorised_person, "Sam O'Brien");
	strcpy(c->decision.authorised_relationship, "son");
	c->decision.can_manage = MANAGE_WITH_HELP;
	strcpy(c->decision.support_to_manage, "payroll service");
	strcpy(c->decision.own_words, "I want to stay at home, with \"my\" cat.");
	c->decision.trade_offs_discussed = true;
	c->decision.decided_on = D("2025-02-01");
	for (int i = 0; i < OUTCOME_COUNT; i++) {
		c->assessment.levels[i] = (enum need_level)(i % NEED_LEVELS);
		c->assessment.level_set[i] = true;
		c->assessment.unable[i] = i % 2;
	}
	c->assessment.impairment = TRI_YES;
	c->assessment.wellbeing_impact = TRI_NO;
	c->assessment.self_assessment = true;
	strcpy(c->assessment.validated_by, "asmith");
	c->assessment.validated_on = D("2025-02-10");
	strcpy(c->assessment.signed_off_by, "bmanager");
	c->assessment.eligible = TRI_YES;
	strcpy(c->assessment.ineligible_reasons, "none");
	strcpy(c->assessment.advice_given, "leaflet");
	c->assessment.points = 46;
	c->assessment.indicative_weekly = 19320;
	c->assessment.contribution_from_letter = true;
	c->assessment.capital = 1425000;
	c->assessment.weekly_income = 25000;
	c->assessment.person_weekly = 4512;
	c->assessment.financial_assessed_on = D("2025-02-12");
	c->assessment.carer_case_id = 77;
	c->assessment.cared_for_case_id = 12;
	c->panel.required = TRI_YES;
	c->panel.triggers = TRIGGER_WEEKLY_COST | TRIGGER_FAMILY_PA;
	strcpy(c->panel.reasons, "Weekly cost over 700.00\nFamily PA");
	strcpy(c->panel.not_needed_reason, "n/a");
	c->panel.worker_request = true;
	c->panel.requested_weekly = 80000;
	strcpy(c->panel.justification, "two carers at night");
	c->panel.decision = PANEL_APPROVED_OTHER;
	c->panel.approved_weekly = 75050;
	strcpy(c->panel.decision_reasons, "agreed at less");
	strcpy(c->panel.members, "chair, finance");
	c->panel.decided_on = D("2025-03-01");
	c->panel.nhistory = 2;
	c->panel.history[0].date = D("2025-02-20");
	c->panel.history[0].decision = PANEL_DEFERRED;
	strcpy(c->panel.history[0].reasons, "need OT report");
	c->panel.history[1].date = D("2025-03-01");
	c->panel.history[1].decision = PANEL_APPROVED_OTHER;
	c->panel.history[1].approved_weekly = 75050;
	strcpy(c->panel.history[1].members, "chair");
	c->plan.nlines = PLAN_MAX_LINES;
	for (int i = 0; i < PLAN_MAX_LINES; i++) {
		struct plan_line *l = &c->plan.lines[i];
		l->outcome = i % OUTCOME_COUNT;
		snprintf(l->need, sizeof l->need, "need %d", i);
		strcpy(l->category, "personal_assistant");
		strcpy(l->provider, "Acme Care");
		snprintf(l->description, sizeof l->description, "line, %d", i);
		l->one_off = i == 3;
		l->units_per_week = 1250;
		l->rate = 1450;
		l->weekly_cost = 18125;
		l->route = ROUTE_DIRECT_PAYMENT;
		l->family_pa_same_household = i == 5;
		strcpy(l->exception_reason, "no one else");
		l->warning_confirmed = true;
	}
	c->plan.total_weekly = 72500;
	c->plan.agreed_on = D("2025-03-10");
	strcpy(c->plan.agreed_by, "asmith");
	strcpy(c->plan.signed_off_by, "bmanager");
	c->plan.account = ACCOUNT_PREPAID_CARD;
	c->plan.start_date = D("2025-04-01");
	c->review.high_risk = true;
	c->review.next_due = D("2025-05-27");
	c->review.audit_due = D("2026-04-01");
	c->review.nhistory = 1;
	c->review.history[0].date = D("2025-05-27");
	strcpy(c->review.history[0].by, "asmith");
	strcpy(c->review.history[0].findings, "going well");
	c->review.history[0].outcome = REVIEW_CHANGE_PLAN;
	c->review.history[0].audit = true;
	c->review.history[0].spent = 100000;
	c->review.history[0].unspent = 2000;
	c->review.history[0].misused = 500;
	c->review.history[0].clawback = 2500;
}

Test(case_model, init_defaults)
{
	struct case_record *c = malloc(sizeof *c);
	setenv("CASEWORK_TODAY", "2026-11-22", 1);
	case_init(c);
	char buf[DATE_BUF];
	cr_expect_eq(c->stage, STAGE_DECISION);
	cr_expect_str_eq(date_format(c->opened, buf, sizeof buf), "2026-11-22");
	cr_expect_not(date_is_set(c->person.date_of_birth));
	cr_expect_not(date_is_set(c->review.next_due));
	cr_expect_eq(c->plan.lines[7].outcome, -1);
	cr_expect_eq(c->panel.decision, PANEL_PENDING);
	free(c);
	unsetenv("CASEWORK_TODAY");
}

Test(case_model, ref_and_keys)
{
	char ref[CASE_REF_MAX];
	case_ref_format(123, ref, sizeof ref);
	cr_expect_str_eq(ref, "C-000123");
	case_ref_format(1234567, ref, sizeof ref);
	cr_expect_str_eq(ref, "C-1234567");
	cr_expect_str_eq(stage_keys[STAGE_PLANNING], "planning");
	cr_expect_str_eq(route_keys[ROUTE_INDIVIDUAL_SERVICE_FUND], "individual_service_fund");
	cr_expect_eq(case_key_index(stage_keys, STAGE_COUNT, "review"), STAGE_REVIEW);
	cr_expect_eq(case_key_index(stage_keys, STAGE_COUNT, "Review"), -1);
	cr_expect_eq(case_key_index(stage_keys, STAGE_COUNT, NULL), -1);
}

Test(case_model, final_weekly)
{
	struct case_record *c = malloc(sizeof *c);
	case_init(c);
	c->assessment.indicative_weekly = 19320;
	cr_expect_eq(case_final_weekly(c), 19320);
	c->panel.decision = PANEL_DECLINED; /* a first hearing: nothing approved */
	cr_expect_eq(case_final_weekly(c), 19320);
	c->panel.decision = PANEL_APPROVED_OTHER;
	c->panel.approved_weekly = 50000;
	cr_expect_eq(case_final_weekly(c), 50000);
	c->panel.decision = PANEL_DECLINED; /* a later hearing declines an increase */
	cr_expect_eq(case_final_weekly(c), 50000, "the earlier approval stands");
	free(c);
}

Test(case_model, kv_round_trip_every_field)
{
	struct case_record *a = malloc(sizeof *a), *b = malloc(sizeof *b);
	struct kv_list kv = {0}, kv2 = {0};
	struct cw_error err = {0};
	fill_everything(a);
	case_to_kv(a, &kv);
	cr_assert_gt(kv.n, 500);
	for (size_t i = 1; i < kv.n; i++)
		cr_assert_lt(strcmp(kv.items[i - 1].key, kv.items[i].key), 0, "not sorted at %s", kv.items[i].key);
	cr_expect_str_eq(kv_list_get(&kv, "person.name"), "Zoë O'Brien-Łukasz 王");
	cr_expect_str_eq(kv_list_get(&kv, "assessment.indicative_weekly"), "193.20");
	cr_expect_str_eq(kv_list_get(&kv, "decision.route"), "mixed");
	cr_expect_str_eq(kv_list_get(&kv, "plan.line.03.one_off"), "true");
	cr_expect_str_eq(kv_list_get(&kv, "assessment.level.nutrition"), "none");
	cr_expect_str_eq(kv_list_get(&kv, "review.history.00.outcome"), "change_plan");
	cr_expect_str_eq(kv_list_get(&kv, "stage"), "review");
	cr_expect_null(kv_list_get(&kv, "plan.line.40.category"));

	case_init(b);
	cr_assert_eq(case_from_kv(b, &kv, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(memcmp(&a->person, &b->person, sizeof a->person), 0);
	case_to_kv(b, &kv2);
	cr_assert_eq(kv.n, kv2.n);
	for (size_t i = 0; i < kv.n; i++) {
		cr_expect_str_eq(kv.items[i].key, kv2.items[i].key);
		cr_expect_str_eq(kv.items[i].val, kv2.items[i].val, "%s", kv.items[i].key);
	}
	cr_expect_eq(b->plan.nlines, PLAN_MAX_LINES);
	cr_expect_eq(b->plan.lines[39].rate, 1450);
	cr_expect_eq(b->panel.history[1].approved_weekly, 75050);
	cr_expect_eq(b->assessment.levels[9], NEED_CRITICAL);
	cr_expect(b->assessment.unable[1]);
	cr_expect_not(b->assessment.unable[0]);
	cr_expect_eq(b->review.history[0].clawback, 2500);
	kv_list_free(&kv);
	kv_list_free(&kv2);
	free(a);
	free(b);
}

Test(case_model, fresh_case_has_few_keys)
{
	struct case_record *c = malloc(sizeof *c);
	struct kv_list kv = {0};
	setenv("CASEWORK_TODAY", "2026-11-22", 1);
	case_init(c);
	case_to_kv(c, &kv);
	/* person.group, stage and opened only: unset fields are left out */
	cr_expect_eq(kv.n, 3);
	cr_expect_str_eq(kv_list_get(&kv, "opened"), "2026-11-22");
	cr_expect_str_eq(kv_list_get(&kv, "person.group"), "adult");
	kv_list_free(&kv);
	free(c);
	unsetenv("CASEWORK_TODAY");
}

struct bad_kv {
	const char *key, *val, *msg;
};

Test(case_model, from_kv_refuses_unknown_and_malformed)
{
	static const struct bad_kv bad[] = {
		{"person.nickname", "Bob",
		 "unknown field 'person.nickname' in the stored case; it may come from a newer casework"},
		{"assessment.level.flying", "low",
		 "unknown field 'assessment.level.flying' in the stored case; it may come from a newer casework"},
		{"plan.line.40.category", "x",
		 "unknown field 'plan.line.40.category' in the stored case; it may come from a newer casework"},
		{"plan.line.01.colour", "x",
		 "unknown field 'plan.line.01.colour' in the stored case; it may come from a newer casework"},
		{"stage", "limbo", "stage: stored value 'limbo' is not one of the known values"},
		{"person.date_of_birth", "2025-02-31",
		 "person.date_of_birth: stored value '2025-02-31' there is no 31 February 2025; February 2025 has 28 days"},
		{"assessment.capital", "12.345",
		 "assessment.capital: stored value '12.345' has more than two decimal places; use pounds and pence like 12.50"},
		{"assessment.points", "ten", "assessment.points: stored value 'ten' is not a whole number"},
		{"decision.trade_offs_discussed", "yes",
		 "decision.trade_offs_discussed: stored value 'yes' is not true or false"},
		{"assessment.level.nutrition", "extreme",
		 "assessment.level.nutrition: stored value is not a level of need"},
		{"plan.nlines", "41", "plan.nlines: stored count '41' is not 0 to 40"},
		{"x\x1b[2J", "1",
		 "unknown field 'x^[[2J' in the stored case; it may come from a newer casework"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct case_record *c = malloc(sizeof *c);
		struct kv_list kv = {0};
		struct cw_error err = {0};
		case_init(c);
		kv_list_add(&kv, bad[i].key, bad[i].val);
		cr_expect_eq(case_from_kv(c, &kv, &err), CW_ERR_INVALID, "%s accepted", bad[i].key);
		cr_expect_str_eq(err.msg, bad[i].msg);
		kv_list_free(&kv);
		free(c);
	}
}

Test(case_model, next_action)
{
	struct case_record *c = malloc(sizeof *c);
	struct date due;
	char buf[DATE_BUF];
	case_init(c);
	cr_expect_str_eq(case_next_action(c, NULL, &due), "Record the decision");
	cr_expect_not(date_is_set(due));
	c->stage = STAGE_PANEL;
	cr_expect_str_eq(case_next_action(c, NULL, &due), "Panel decision");
	c->stage = STAGE_REVIEW;
	c->review.next_due = D("2027-01-10");
	c->review.audit_due = D("2026-12-01");
	cr_expect_str_eq(case_next_action(c, NULL, &due), "Direct payment audit");
	cr_expect_str_eq(date_format(due, buf, sizeof buf), "2026-12-01");
	c->review.audit_due = DATE_NONE;
	cr_expect_str_eq(case_next_action(c, NULL, &due), "Review");
	cr_expect_str_eq(date_format(due, buf, sizeof buf), "2027-01-10");
	free(c);
}

/* At assessment and planning, what is still to do, in order; a sign-off
 * only where the policy asks for one. */
Test(case_model, next_action_before_moving_on)
{
	struct case_record *c = malloc(sizeof *c);
	struct policy p;
	struct date due;
	memset(&p, 0, sizeof p);
	p.access.assessment_signoff = true;
	p.support_plan.manager_signoff = true;
	case_init(c);
	c->stage = STAGE_ASSESSMENT;
	cr_expect_str_eq(case_next_action(c, &p, &due), "Assess needs");
	c->assessment.eligible = TRI_YES;
	cr_expect_str_eq(case_next_action(c, &p, &due), "Work out the budget");
	c->assessment.indicative_weekly = 25200;
	cr_expect_str_eq(case_next_action(c, &p, &due), "Financial assessment");
	c->assessment.financial_assessed_on = D("2026-11-20");
	cr_expect_str_eq(case_next_action(c, &p, &due), "Manager sign-off");
	cr_expect_str_eq(case_next_action(c, NULL, &due), "Ready to move on");
	p.access.assessment_signoff = false;
	cr_expect_str_eq(case_next_action(c, &p, &due), "Ready to move on");
	strcpy(c->assessment.signed_off_by, "cwright");
	p.access.assessment_signoff = true;
	cr_expect_str_eq(case_next_action(c, &p, &due), "Ready to move on");

	c->stage = STAGE_PLANNING;
	cr_expect_str_eq(case_next_action(c, &p, &due), "Write the support plan");
	c->plan.nlines = 1;
	cr_expect_str_eq(case_next_action(c, &p, &due), "Agree the plan");
	c->plan.agreed_on = D("2026-11-25");
	cr_expect_str_eq(case_next_action(c, &p, &due), "Manager sign-off");
	strcpy(c->plan.signed_off_by, "cwright");
	cr_expect_str_eq(case_next_action(c, &p, &due), "Ready to move on");
	cr_expect_not(date_is_set(due));
	free(c);
}
