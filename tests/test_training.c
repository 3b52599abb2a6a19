/* test_training.c - training scenarios: the shipped scenario loads under
 * both shipped policies with work at every role and the classic
 * mistakes; broken scenarios give exact FILE:LINE:COLUMN messages and
 * no scenario; the synthetic staff; seeding a sandbox store. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "config/training_load.h"
#include "core/case.h"
#include "core/store.h"
#include "core/training.h"
#include "core/workflow.h"
#include "core/demo.h"
#include "core/rules.h"

static struct policy tr_pol;

static void tr_load_policy(const char *rel)
{
	char path[1024];
	const char *src = getenv("CASEWORK_SRC");
	snprintf(path, sizeof path, "%s/%s", src && *src ? src : ".", rel);
	memset(&tr_pol, 0, sizeof tr_pol);
	cr_assert_eq(policy_load_file(path, &tr_pol, NULL), CW_OK, "%s loads", rel);
}

static void tr_setup(void)
{
	setenv("CASEWORK_TODAY", "2026-11-01", 1);
	tr_load_policy("config/policy.yaml");
}

static void tr_load_shipped(struct training_scenario *sc)
{
	char path[1024];
	const char *src = getenv("CASEWORK_SRC");
	struct config_errors e = {0};
	snprintf(path, sizeof path, "%s/config/training.yaml", src && *src ? src : ".");
	enum cw_status st = training_load_file(path, &tr_pol, sc, &e);
	cr_assert_eq(st, CW_OK, "shipped scenario: %s", e.n ? e.msgs[0] : "?");
	config_errors_free(&e);
}

static const struct training_case *tr_find(const struct training_scenario *sc, const char *key)
{
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->cases[i].key, key) == 0)
			return &sc->cases[i];
	cr_assert_fail("no case %s in the scenario", key);
	return NULL;
}

Test(training_load, shipped_scenario_every_role_and_mistake, .init = tr_setup)
{
	struct training_scenario sc;
	tr_load_shipped(&sc);
	cr_expect_eq(sc.n, 11);
	cr_expect_str_eq(sc.name, "Personal budgets: the five roles");
	bool role[ROLE_COUNT] = {0}, stage[STAGE_COUNT] = {0};
	for (size_t i = 0; i < sc.n; i++) {
		role[sc.cases[i].role] = true;
		stage[sc.cases[i].rec.stage] = true;
		cr_expect(sc.cases[i].brief[0], "%s has a brief", sc.cases[i].key);
	}
	for (int r = ROLE_SOCIAL_WORKER; r <= ROLE_FINANCE_OFFICER; r++)
		cr_expect(role[r], "work waits for %s", role_keys[r]);
	for (int s = STAGE_DECISION; s <= STAGE_REVIEW; s++)
		cr_expect(stage[s], "a case at %s", stage_keys[s]);

	/* The classic mistakes, as data. */
	const struct training_case *t = tr_find(&sc, "dp_no_capacity");
	cr_expect_eq(t->rec.decision.route, ROUTE_DIRECT_PAYMENT);
	cr_expect_eq(t->rec.decision.has_capacity, TRI_NO);
	cr_expect_str_empty(t->rec.decision.authorised_person);

	t = tr_find(&sc, "rent_plan_line");
	cr_assert_eq(t->rec.plan.nlines, 2);
	cr_expect_str_eq(t->rec.plan.lines[1].description, "Rent top-up paid to the landlord");
	cr_expect_eq(t->rec.plan.lines[1].rate, 9500);
	cr_expect_eq(t->rec.plan.lines[1].units_per_week, 100);

	t = tr_find(&sc, "family_pa");
	cr_expect(t->rec.plan.lines[0].family_pa_same_household);
	cr_expect_eq(t->rec.plan.lines[0].units_per_week, 1300);
	cr_expect(t->rec.plan.lines[1].one_off, "insurance is a one-off category");

	t = tr_find(&sc, "over_threshold");
	cr_expect_eq(t->role, ROLE_PANEL_MEMBER);
	cr_expect_gt(t->rec.panel.requested_weekly, tr_pol.panel.weekly_cost_over);

	struct date today = date_today();
	t = tr_find(&sc, "overdue_review");
	cr_expect_eq(date_diff_days(t->rec.review.next_due, today), -35);
	cr_expect_eq(t->rec.review.nhistory, 1);
	cr_expect_eq(date_diff_days(t->rec.review.history[0].date, today), -400);

	t = tr_find(&sc, "dp_misused");
	cr_expect_eq(t->role, ROLE_FINANCE_OFFICER);
	cr_expect_eq(date_diff_days(t->rec.review.audit_due, today), -5);

	t = tr_find(&sc, "financial_assessment");
	cr_expect(!date_is_set(t->rec.assessment.financial_assessed_on));
	training_scenario_free(&sc);
}

Test(training_load, shipped_scenario_under_the_banded_council, .init = tr_setup)
{
	struct training_scenario sc;
	tr_load_policy("config/examples/banded-council.yaml");
	tr_load_shipped(&sc);
	cr_expect_eq(sc.n, 11);
	training_scenario_free(&sc);
}

/* ---- broken scenarios: exact first message ---- */

struct tr_bad {
	char yaml[700];
	char first[300]; /* the first message, after "s.yaml:" */
	int count;       /* how many messages */
};

#define TR_CASE(extra) \
	"scenario: {name: S}\ncases:\n  - key: one\n    title: One\n    role: social_worker\n" \
	"    brief: Do it.\n    stage: decision\n" \
	"    person: {name: P, date_of_birth: 1950-01-01, address: A}\n" extra

static struct tr_bad tr_bad_cases[] = {
	{"", "1:1: the scenario file is empty; expected a mapping with scenario and cases", 1},
	{"- a\n", "1:1: the scenario file is a list; expected a mapping with scenario and cases", 1},
	{"scenario: {name: S}\n", "1:1: cases is missing; expected a list of practice cases", 1},
	{"scenario: {name: S}\ncases: []\n",
	 "2:8: cases is an empty list; expected at least one practice case", 1},
	{TR_CASE("    colour: red\n"),
	 "9:5: unknown key 'colour' in cases[1]; expected one of: key, title, role, brief, stage, "
	 "opened, person, decision, assessment, panel, plan, review", 1},
	{TR_CASE("    opened: today-x\n"),
	 "9:13: cases[1].opened 'today-x' is not a date; expected a date like 2026-03-31, or "
	 "today, today-30 or today+14 (days from today)", 1},
	{TR_CASE("    opened: 2026-02-30\n"),
	 "9:13: cases[1].opened '2026-02-30' is not a date (", 1},
	{TR_CASE("    opened: today-40000\n"),
	 "9:13: cases[1].opened 'today-40000' is too far from today; expected at most 36500 days "
	 "either side", 1},
	{TR_CASE("    decision: {route: direct_paymnt}\n"),
	 "9:23: cases[1].decision.route 'direct_paymnt' is not allowed; did you mean "
	 "'direct_payment'?", 1},
	{TR_CASE("    decision: {has_capacity: maybe}\n"),
	 "9:30: cases[1].decision.has_capacity 'maybe' is not allowed; expected yes or no", 1},
	{TR_CASE("    assessment: {needs: {nutrition: huge}}\n"),
	 "9:37: cases[1].assessment.needs.nutrition 'huge' is not allowed; expected none, low, "
	 "moderate, substantial or critical", 1},
	{TR_CASE("    assessment: {capital: 12.345}\n"),
	 "9:27: cases[1].assessment.capital has more than two decimal places (12.345); expected "
	 "pounds and pence like 12.50", 1},
	{TR_CASE("    assessment: {unable: [nutriton]}\n"),
	 "9:27: cases[1].assessment.unable[1] 'nutriton' is not allowed; did you mean "
	 "'nutrition'?", 1},
	{TR_CASE("    plan: {lines: [{category: rent, units: 2, description: d}]}\n"),
	 "9:31: cases[1].plan.lines[1].category 'rent' is not a category of the policy; expected "
	 "one of support_plan.categories", 1},
	{TR_CASE("    plan: {lines: [{category: homecar, units: 2, description: d}]}\n"),
	 "9:31: cases[1].plan.lines[1].category 'homecar' is not a category of the policy; did "
	 "you mean 'homecare'?", 1},
	{TR_CASE("    plan: {lines: [{category: homecare, units: 0, description: d}]}\n"),
	 "9:48: cases[1].plan.lines[1].units '0' is not a number of units a week; expected a "
	 "number above 0 with at most two decimals, like 7.5", 1},
	{TR_CASE("    plan: {lines: [{category: employers_liability_insurance, units: 1, "
		 "description: d}]}\n"),
	 "9:69: employers_liability_insurance is a one-off purchase and has no units; leave "
	 "cases[1].plan.lines[1].units out", 1},
	{TR_CASE("    plan: {lines: [{category: homecare, description: d}]}\n"),
	 "9:20: cases[1].plan.lines[1].units is missing; expected units a week, like 7.5", 1},
	{"scenario: {name: S}\ncases:\n  - {key: one, title: T, role: admin, brief: b, stage: "
	 "decision, person: {name: P, date_of_birth: 1950-01-01, address: A}}\n",
	 "3:32: cases[1].role 'admin' is not allowed; expected social_worker, team_manager, "
	 "panel_member or finance_officer", 1},
	{"scenario: {name: S}\ncases:\n  - {key: one, title: T, role: social_worker, brief: b, "
	 "stage: review, plan: {lines: []}, person: {name: P, date_of_birth: 1950-01-01, "
	 "address: A}}\n",
	 "3:64: cases[1].stage is review but plan.start_date is missing; expected the date the "
	 "plan started", 1},
	{"scenario: {name: S}\ncases:\n  - {key: one, title: T, role: social_worker, brief: b, "
	 "stage: panel, person: {name: P, date_of_birth: 1950-01-01, address: A}}\n",
	 "3:64: cases[1].stage is panel but the case has no assessment; expected the records of "
	 "the stages before it", 1},
	{"scenario: {name: S}\ncases:\n  - {key: one, title: T, role: social_worker, brief: b, "
	 "stage: decision, person: {name: P, date_of_birth: 2027-01-01, address: A}}\n",
	 "3:107: cases[1].person.date_of_birth is in the future; expected a date of birth before "
	 "today", 1},
	{"scenario: {name: S}\ncases:\n  - {key: one, title: T, role: social_worker, brief: b, "
	 "stage: decision}\n",
	 "3:5: cases[1].person is missing; expected a mapping with name, date_of_birth and "
	 "address", 1},
	{TR_CASE("  - key: one\n    title: Two\n    role: social_worker\n    brief: b\n"
		 "    stage: decision\n    person: {name: Q, date_of_birth: 1950-01-01, address: B}\n"),
	 "9:10: cases[2].key 'one' is already used by cases[1] (line 3); expected each key once", 1},
	{TR_CASE("    brief: again\n"), "9:5: duplicate key 'brief' (first at line 6); expected each key once", 1},
	{"scenario: {name: S}\ncases:\n  - *a\n", "3:5: alias '*a' is not allowed; expected the value written out in full", 1},
	/* a carer's case names the carer's outcomes, not the adult's */
	{"scenario: {name: S}\ncases:\n  - {key: one, title: T, role: social_worker, brief: b, stage: decision, "
	 "person: {name: P, date_of_birth: 1970-01-01, address: A, client_group: carer}, "
	 "assessment: {needs: {personal_hygiene: low}}}\n",
	 "3:174: cases[1].assessment.needs key 'personal_hygiene' is not allowed; expected caring_for_child, "
	 "caring_for_others, habitable_home, nutrition, relationships, work_education_volunteering, "
	 "community_services or recreation", 1},
};

ParameterizedTestParameters(training_load, broken)
{
	return cr_make_param_array(struct tr_bad, tr_bad_cases,
				   sizeof tr_bad_cases / sizeof tr_bad_cases[0]);
}

ParameterizedTest(struct tr_bad *c, training_load, broken, .init = tr_setup)
{
	struct training_scenario sc;
	struct config_errors e = {0};
	memset(&sc, 0xab, sizeof sc);
	enum cw_status st = training_load_data("s.yaml", c->yaml, strlen(c->yaml), &tr_pol, &sc, &e);
	cr_expect_eq(st, CW_ERR_INVALID);
	cr_expect_null(sc.cases, "no partial scenario");
	cr_expect_eq(sc.n, 0);
	cr_assert_geq(e.n, 1, "at least one message for:\n%s", c->yaml);
	char want[320];
	snprintf(want, sizeof want, "s.yaml:%s", c->first);
	cr_expect(strncmp(e.msgs[0], want, strlen(want)) == 0, "got: %s\nwant: %s", e.msgs[0], want);
	cr_expect_eq(e.n, (size_t)c->count, "messages: %zu, first %s", e.n, e.msgs[0]);
	config_errors_free(&e);
}

/* ---- the synthetic staff ---- */

Test(training_staff, one_member_per_role)
{
	struct staff s;
	training_staff("Jo Bloggs", &s);
	cr_assert_eq(s.n, 4);
	static const char *const logins[] = {"trainee.worker", "trainee.manager", "trainee.panel",
					     "trainee.finance"};
	for (int r = ROLE_SOCIAL_WORKER; r <= ROLE_FINANCE_OFFICER; r++) {
		const struct staff_member *m = training_member(&s, (enum role)r);
		cr_assert_not_null(m);
		cr_expect_str_eq(m->login, logins[r]);
		cr_expect_str_eq(m->team, TRAINING_TEAM);
		cr_expect_eq(staff_find(&s, logins[r]), m);
	}
	cr_expect_str_eq(training_member(&s, ROLE_PANEL_MEMBER)->name, "Jo Bloggs");
	cr_expect_null(training_member(&s, ROLE_ADMIN));
	staff_free_members(&s);
	cr_expect_null(s.members);
}

/* ---- seeding a sandbox ---- */

static int tr_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

Test(training_seed, every_case_with_its_brief_and_figures, .init = tr_setup)
{
	char dir[] = "/tmp/cw-training-XXXXXX", db[64];
	struct store *st = NULL;
	struct cw_error err = {0};
	struct training_scenario sc;
	struct staff s;
	cr_assert_not_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/t.db", dir);
	tr_load_shipped(&sc);
	training_staff("Jo", &s);
	cr_assert_eq(store_open(db, &st, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(training_seed(st, &tr_pol, &sc, &s, &err), CW_OK, "%s", err.msg);

	struct caseload cl = {0};
	struct caseload_query q = {.stage = -1, .sort = SORT_REF};
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(cl.n, sc.n);
	struct case_record *c = malloc(sizeof *c);
	for (size_t i = 0; i < cl.n; i++) {
		cr_expect_str_eq(cl.rows[i].worker, "trainee.worker");
		cr_expect_str_eq(cl.rows[i].team, TRAINING_TEAM);
		struct note_list nl = {0};
		cr_assert_eq(store_notes(st, cl.rows[i].id, &nl, &err), CW_OK, "%s", err.msg);
		cr_assert_geq(nl.n, 1);
		cr_expect(strncmp(nl.items[0].text, "Training brief - for the ", 25) == 0, "%s",
			  nl.items[0].text);
		note_list_free(&nl);
	}
	/* Meera Patel: 44 points x 4.20 = 184.80; Chloe Turner waits at panel. */
	cr_assert_eq(store_case_load(st, cl.rows[2].id, c, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(c->person.name, "Meera Patel");
	cr_expect_eq(c->assessment.points, 44);
	cr_expect_eq(c->assessment.indicative_weekly, 18480);
	cr_expect_eq(c->assessment.eligible, TRI_YES);
	cr_assert_eq(store_case_load(st, cl.rows[4].id, c, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_PANEL);
	cr_expect_eq(c->panel.required, TRI_YES);
	cr_expect(c->panel.triggers & TRIGGER_WEEKLY_COST);
	cr_expect_eq(c->panel.decision, PANEL_PENDING);
	/* The rent line costs 95.00 a week; the plan total counts it. */
	cr_assert_eq(store_case_load(st, cl.rows[5].id, c, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->plan.lines[1].weekly_cost, 9500);
	cr_expect_eq(c->plan.total_weekly, 8 * 1600 + 9500);
	free(c);
	caseload_free(&cl);
	store_close(&st);
	staff_free_members(&s);
	training_scenario_free(&sc);
	nftw(dir, tr_rm, 8, FTW_DEPTH | FTW_PHYS);
}

/* Every practice case is complete up to its stage: each earlier stage
 * would pass the workflow's guard, so the trainee meets only the one
 * task (or mistake) the brief is about. */
Test(training_seed, earlier_stages_complete, .init = tr_setup)
{
	char dir[] = "/tmp/cw-training-XXXXXX", db[64];
	struct store *st = NULL;
	struct cw_error err = {0};
	struct training_scenario sc;
	struct staff s;
	char missing[WORKFLOW_MISSING_MAX];
	cr_assert_not_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/t.db", dir);
	tr_load_shipped(&sc);
	training_staff("Jo", &s);
	cr_assert_eq(store_open(db, &st, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(training_seed(st, &tr_pol, &sc, &s, &err), CW_OK, "%s", err.msg);
	struct case_record *c = malloc(sizeof *c);
	for (size_t i = 0; i < sc.n; i++) {
		cr_assert_eq(store_case_load(st, (int64_t)i + 1, c, &err), CW_OK, "%s", err.msg);
		enum stage at = c->stage;
		for (int k = STAGE_DECISION; k < (int)at && k < STAGE_REVIEW; k++) {
			if (k == STAGE_PANEL && c->panel.required == TRI_NO)
				continue;
			c->stage = (enum stage)k;
			enum cw_status ws = workflow_missing(c, &tr_pol, missing, sizeof missing);
			cr_expect_eq(ws, CW_OK, "%s at %s still needs: %s", sc.cases[i].key,
				     stage_keys[k], missing);
		}
	}
	free(c);
	store_close(&st);
	staff_free_members(&s);
	training_scenario_free(&sc);
	nftw(dir, tr_rm, 8, FTW_DEPTH | FTW_PHYS);
}

/* The classic mistakes are ones the real rules catch. */
Test(training_seed, mistakes_caught_by_the_rules, .init = tr_setup)
{
	struct training_scenario sc;
	struct cw_error err = {0};
	struct plan_line_check lc;
	tr_load_shipped(&sc);
	struct case_record *c = malloc(sizeof *c);

	/* A direct payment without capacity and no authorised person. */
	cr_expect_eq(workflow_decision_check(&tr_find(&sc, "dp_no_capacity")->rec.decision, &err),
		     CW_ERR_INVALID);

	/* Rent: a housing cost, never allowed. */
	memcpy(c, &tr_find(&sc, "rent_plan_line")->rec, sizeof *c);
	demo_work_out(&tr_pol, c);
	rules_plan_line_check(&c->plan.lines[1], 1, c->decision.route, &c->assessment, &tr_pol, &lc);
	cr_expect_neq(lc.issue, PLAN_LINE_OK, "the rent line passes: %s", lc.msg);
	cr_expect_str_eq(lc.word, "rent");
	rules_plan_line_check(&c->plan.lines[0], 0, c->decision.route, &c->assessment, &tr_pol, &lc);
	cr_expect_eq(lc.issue, PLAN_LINE_OK, "%s", lc.msg);

	/* A family PA in the same house: the plan goes (back) to panel. */
	memcpy(c, &tr_find(&sc, "family_pa")->rec, sizeof *c);
	demo_work_out(&tr_pol, c);
	struct panel_check pc;
	rules_panel_check(c, &tr_pol, &pc, NULL);
	cr_expect(pc.triggers & TRIGGER_FAMILY_PA);

	/* Over the panel threshold. */
	memcpy(c, &tr_find(&sc, "over_threshold")->rec, sizeof *c);
	demo_work_out(&tr_pol, c);
	cr_expect(c->panel.triggers & TRIGGER_WEEKLY_COST);
	cr_expect_eq(c->panel.required, TRI_YES);

	/* The overdue review and the overdue audit. */
	memcpy(c, &tr_find(&sc, "overdue_review")->rec, sizeof *c);
	demo_work_out(&tr_pol, c);
	cr_expect_eq(rules_due_state(c->review.next_due, date_today(), &tr_pol, NULL), DUE_OVERDUE);
	memcpy(c, &tr_find(&sc, "dp_misused")->rec, sizeof *c);
	demo_work_out(&tr_pol, c);
	cr_expect_eq(rules_due_state(c->review.audit_due, date_today(), &tr_pol, NULL), DUE_OVERDUE);
	free(c);
	training_scenario_free(&sc);
}

/* A practice carer: the carer's outcomes and questions, worked out with
 * the carer's test and the shipped carers' RAS (2.50 a point, at most
 * 60.00): caring for others critical 6 + recreation substantial 4 +
 * nutrition low 1 = 11 points = 27.50 a week. */
Test(training_load, a_carer_is_assessed_as_a_carer, .init = tr_setup)
{
	static const char yaml[] =
		"scenario: {name: S}\ncases:\n"
		"  - key: carer\n    title: A carer\n    role: social_worker\n    brief: b\n    stage: planning\n"
		"    person: {name: Jo, date_of_birth: 1972-03-14, address: A, client_group: carer}\n"
		"    decision: {route: direct_payment, has_capacity: yes, can_manage: alone, own_words: w, "
		"trade_offs_discussed: true, decided_on: today-20}\n"
		"    assessment:\n"
		"      needs: {caring_for_child: none, caring_for_others: critical, habitable_home: none, nutrition: low,\n"
		"              relationships: none, work_education_volunteering: none, community_services: none,\n"
		"              recreation: substantial}\n"
		"      unable: [caring_for_others, recreation]\n"
		"      needs_from_caring: yes\n      health_at_risk: no\n      wellbeing_impact: yes\n"
		"      validated_on: today-10\n"
		"    plan: {lines: [{category: personal_assistant, units: 1.5, description: A sitter, "
		"outcome: recreation}]}\n";
	struct training_scenario sc;
	struct config_errors e = {0};
	enum cw_status st = training_load_data("s.yaml", yaml, strlen(yaml), &tr_pol, &sc, &e);
	cr_assert_eq(st, CW_OK, "%s", e.n ? e.msgs[0] : "");
	struct case_record *c = &sc.cases[0].rec;
	cr_expect_eq(c->person.group, CLIENT_CARER);
	cr_expect(c->assessment.carer_level_set[1] && c->assessment.carer_levels[1] == NEED_CRITICAL);
	cr_expect(c->assessment.carer_unable[7]);
	cr_expect_eq(c->assessment.needs_from_caring, TRI_YES);
	cr_expect_eq(c->assessment.health_at_risk, TRI_NO);
	cr_expect_eq(c->plan.lines[0].outcome, 7);
	demo_work_out(&tr_pol, c);
	cr_expect_eq(c->assessment.eligible, TRI_YES, "%s", c->assessment.ineligible_reasons);
	cr_expect_eq(c->assessment.points, 11);
	cr_expect_eq(c->assessment.indicative_weekly, 2750);
	cr_expect_eq(c->assessment.person_weekly, 0);
	training_scenario_free(&sc);
	config_errors_free(&e);
}
