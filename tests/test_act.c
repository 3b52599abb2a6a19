/* test_act.c - roles enforced in core, whatever screen asks: every role
 * x every kind of change to a case (access_check_change, field by
 * field), and the checked actions on a real store: opening (recorded;
 * another team's by breaking the glass with a reason), saving (a
 * refused save writes nothing; a changed assessment loses its sign-off),
 * signing off, allocating, a worker's activity, the caseload's scope. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/act.h"
#include "core/store.h"
#include "core/workflow.h"
#include "tests/rules_fixture.h"

static const char *const role_logins[ROLE_COUNT] = {"asmith", "cwright", "dpatel", "hnowak", "ithomas"};

static void member(struct staff_member *m, enum role role, const char *team)
{
	memset(m, 0, sizeof *m);
	cw_strlcpy(m->login, role_logins[role], sizeof m->login);
	cw_strlcpy(m->name, role_logins[role], sizeof m->name);
	cw_strlcpy(m->team, team, sizeof m->team);
	m->role = role;
}

/* A case of North Team with its decision and assessment done (46
 * points), held by asmith, at `stage`. */
static struct case_record *base_case(enum stage stage)
{
	static const enum need_level lv[OUTCOME_COUNT] = {
		NEED_SUBSTANTIAL, NEED_SUBSTANTIAL, NEED_SUBSTANTIAL, NEED_SUBSTANTIAL, NEED_MODERATE,
	};
	struct case_record *c = malloc(sizeof *c);
	struct policy p;
	fx_policy(&p);
	case_init(c);
	c->id = 7;
	cw_strlcpy(c->ref, "C-000007", sizeof c->ref);
	c->version = 3;
	cw_strlcpy(c->person.name, "Ann Example", sizeof c->person.name);
	cw_strlcpy(c->worker, "asmith", sizeof c->worker);
	cw_strlcpy(c->team, "North Team", sizeof c->team);
	c->decision.route = ROUTE_DIRECT_PAYMENT;
	c->decision.trade_offs_discussed = true;
	c->decision.has_capacity = TRI_YES;
	c->decision.can_manage = MANAGE_ALONE;
	cw_strlcpy(c->decision.own_words, "My own choice of helpers", sizeof c->decision.own_words);
	c->decision.decided_on = fx_date("2026-10-01");
	for (int i = 0; i < OUTCOME_COUNT; i++) {
		c->assessment.levels[i] = lv[i];
		c->assessment.level_set[i] = true;
		c->assessment.unable[i] = lv[i] >= NEED_MODERATE;
	}
	c->assessment.impairment = TRI_YES;
	c->assessment.wellbeing_impact = TRI_YES;
	c->assessment.weekly_income = 20000;
	c->assessment.financial_assessed_on = fx_date("2026-10-05");
	cw_strlcpy(c->assessment.advice_given, "Leaflets on local groups", sizeof c->assessment.advice_given);
	c->stage = stage;
	if (stage >= STAGE_PANEL) {
		c->panel.required = stage == STAGE_PANEL ? TRI_YES : TRI_NO;
		cw_strlcpy(c->assessment.signed_off_by, "cwright", sizeof c->assessment.signed_off_by);
	}
	if (stage >= STAGE_PLANNING) {
		struct plan_line *l = &c->plan.lines[c->plan.nlines++];
		l->outcome = 0;
		cw_strlcpy(l->category, "personal_assistant", sizeof l->category);
		cw_strlcpy(l->description, "A PA for mornings", sizeof l->description);
		l->units_per_week = 1000;
		l->rate = 1600;
		l->route = ROUTE_DIRECT_PAYMENT;
		c->plan.agreed_on = fx_date("2026-10-20");
		cw_strlcpy(c->plan.agreed_by, "asmith", sizeof c->plan.agreed_by);
		c->plan.account = ACCOUNT_PREPAID_CARD;
		c->plan.start_date = fx_date("2026-11-01");
	}
	if (stage >= STAGE_REVIEW)
		cw_strlcpy(c->plan.signed_off_by, "cwright", sizeof c->plan.signed_off_by);
	workflow_recalculate(c, &p, NULL);
	return c;
}

/* ---- every role x every kind of change ---- */

typedef void (*change_fn)(struct case_record *c, const struct policy *p);

static void ch_person(struct case_record *c, const struct policy *p) { (void)p; cw_strlcpy(c->person.name, "Ann Other", sizeof c->person.name); }
static void ch_decision(struct case_record *c, const struct policy *p) { (void)p; c->decision.route = ROUTE_COUNCIL_MANAGED; }
static void ch_need(struct case_record *c, const struct policy *p) { (void)p; c->assessment.levels[6] = NEED_LOW; c->assessment.level_set[6] = true; }
static void ch_capital(struct case_record *c, const struct policy *p) { c->assessment.capital = 1800000; workflow_recalculate(c, p, NULL); }
static void ch_request(struct case_record *c, const struct policy *p) { (void)p; cw_strlcpy(c->panel.justification, "Two carers for transfers", sizeof c->panel.justification); }
static void ch_plan(struct case_record *c, const struct policy *p) { (void)p; cw_strlcpy(c->plan.lines[0].description, "A PA for evenings", sizeof c->plan.lines[0].description); }
static void ch_high_risk(struct case_record *c, const struct policy *p) { (void)p; c->review.high_risk = true; }
static void ch_review(struct case_record *c, const struct policy *p)
{
	struct review_entry e = {0};
	e.date = fx_date("2026-11-20");
	cw_strlcpy(e.by, "someone", sizeof e.by);
	cw_strlcpy(e.findings, "Going well", sizeof e.findings);
	e.outcome = REVIEW_NO_CHANGE;
	cr_assert_eq(workflow_review_record(c, p, &e, NULL), CW_OK);
}
static void ch_audit(struct case_record *c, const struct policy *p)
{
	struct review_entry e = {0};
	e.date = fx_date("2026-11-20");
	cw_strlcpy(e.by, "someone", sizeof e.by);
	cw_strlcpy(e.findings, "A holiday paid from the account", sizeof e.findings);
	e.outcome = REVIEW_NO_CHANGE;
	e.audit = true;
	e.spent = 500000;
	e.misused = 64000;
	cr_assert_eq(workflow_review_record(c, p, &e, NULL), CW_OK);
}
static void ch_panel_decision(struct case_record *c, const struct policy *p)
{
	cr_assert_eq(workflow_panel_decide(c, p, PANEL_APPROVED_OTHER, 90000, "Agreed for transfers", "Yan, Bo",
	                                   fx_date("2026-11-21"), NULL), CW_OK);
}
static void ch_sign_assessment(struct case_record *c, const struct policy *p) { (void)p; cw_strlcpy(c->assessment.signed_off_by, "x", sizeof c->assessment.signed_off_by); }
static void ch_sign_plan(struct case_record *c, const struct policy *p) { (void)p; cw_strlcpy(c->plan.signed_off_by, "x", sizeof c->plan.signed_off_by); }
static void ch_reassign(struct case_record *c, const struct policy *p) { (void)p; cw_strlcpy(c->worker, "bokafor", sizeof c->worker); }
static void ch_unallocated(struct case_record *c, const struct policy *p) { (void)p; c->worker[0] = '\0'; }
static void ch_allocate(struct case_record *c, const struct policy *p) { (void)p; cw_strlcpy(c->worker, "bokafor", sizeof c->worker); }
static void ch_advance(struct case_record *c, const struct policy *p) { cr_assert_eq(workflow_advance(c, p, fx_date("2026-11-22"), NULL), CW_OK); }
static void ch_opened(struct case_record *c, const struct policy *p) { (void)p; c->opened = fx_date("2026-01-01"); }
static void ch_derived(struct case_record *c, const struct policy *p) { (void)p; c->assessment.points += 3; c->plan.total_weekly += 100; }
static void ch_old_panel(struct case_record *c, const struct policy *p) { (void)p; cw_strlcpy(c->assessment.signed_off_by, "cwright", sizeof c->assessment.signed_off_by); c->panel.decision = PANEL_DECLINED; cw_strlcpy(c->panel.decision_reasons, "More detail needed", sizeof c->panel.decision_reasons); }

/* By number, not pointer: each parameter reaches its test process as
 * plain bytes (function and string pointers do not survive that). */
enum change_id {
	CH_PERSON, CH_DECISION, CH_NEED, CH_CAPITAL, CH_REQUEST, CH_PLAN, CH_HIGH_RISK, CH_REVIEW, CH_AUDIT,
	CH_PANEL_DECISION, CH_SIGN_ASSESSMENT, CH_SIGN_PLAN, CH_REASSIGN, CH_ALLOCATE, CH_ADVANCE, CH_OPENED,
	CH_DERIVED, CH_CLEAR_PANEL, CH_NONE,
};

static const change_fn change_fns[] = {
	ch_person, ch_decision, ch_need, ch_capital, ch_request, ch_plan, ch_high_risk, ch_review, ch_audit,
	ch_panel_decision, ch_sign_assessment, ch_sign_plan, ch_reassign, ch_allocate, ch_advance, ch_opened,
	ch_derived, ch_advance,
};

struct change_case {
	char what[64];
	enum stage stage;
	enum change_id change;
	char may[6]; /* social worker, team manager, panel member, finance officer, admin */
	char refusal[120];
};

#define ADMIN_REFUSAL "Only a social worker, a team manager, a panel member or a finance officer can open a case."

static struct change_case change_cases[] = {
	{"the person's name", STAGE_DECISION, CH_PERSON, "YY---",
	 "Only a social worker or a team manager can change the person's details."},
	{"the route", STAGE_DECISION, CH_DECISION, "YY---",
	 "Only a social worker or a team manager can change the decision-making record."},
	{"a level of need", STAGE_ASSESSMENT, CH_NEED, "YY---",
	 "Only a social worker or a team manager can change the assessment."},
	{"the capital (and so the contribution)", STAGE_ASSESSMENT, CH_CAPITAL, "YY-Y-",
	 "Only a social worker, a team manager or a finance officer can record the financial assessment."},
	{"the worker's request to panel", STAGE_PANEL, CH_REQUEST, "YY---",
	 "Only a social worker or a team manager can ask the panel for a budget."},
	{"a plan line", STAGE_PLANNING, CH_PLAN, "YY---",
	 "Only a social worker or a team manager can change the support plan."},
	{"high risk", STAGE_REVIEW, CH_HIGH_RISK, "YY---", "Only a social worker or a team manager can record a review."},
	{"a review", STAGE_REVIEW, CH_REVIEW, "YY---", "Only a social worker or a team manager can record a review."},
	{"a direct-payment audit", STAGE_REVIEW, CH_AUDIT, "---Y-",
	 "Only a finance officer can record a direct-payment audit."},
	{"the panel's decision (the case moves on)", STAGE_PANEL, CH_PANEL_DECISION, "--Y--",
	 "Only a panel member can record a panel decision."},
	{"the assessment's sign-off", STAGE_ASSESSMENT, CH_SIGN_ASSESSMENT, "-Y---",
	 "Only a team manager can sign off an assessment."},
	{"the plan's sign-off", STAGE_PLANNING, CH_SIGN_PLAN, "-Y---", "Only a team manager can sign off a support plan."},
	{"the worker (reassigning)", STAGE_DECISION, CH_REASSIGN, "-Y---", "Only a team manager can reassign a case."},
	{"the worker (allocating)", STAGE_DECISION, CH_ALLOCATE, "-Y---", "Only a team manager can allocate a case."},
	{"the stage (moving on)", STAGE_DECISION, CH_ADVANCE, "YY---",
	 "Only a social worker or a team manager can move a case to its next stage."},
	{"the date opened", STAGE_DECISION, CH_OPENED, "YY---", "Only a social worker or a team manager can open a new case."},
	{"figures the rules work out, alone", STAGE_PLANNING, CH_DERIVED, "YYYY-", ""},
	{"clearing an old panel decision (moving on)", STAGE_ASSESSMENT, CH_CLEAR_PANEL, "YY---",
	 "Only a social worker or a team manager can move a case to its next stage."},
};

ParameterizedTestParameters(act_change, every_role_every_change)
{
	return cr_make_param_array(struct change_case, change_cases, CW_ARRAY_LEN(change_cases));
}

ParameterizedTest(struct change_case *t, act_change, every_role_every_change)
{
	struct policy p;
	struct staff_member m;
	struct cw_error err;

	fx_policy(&p);
	struct case_record *before = base_case(t->stage);
	if (t->change == CH_CLEAR_PANEL)
		ch_old_panel(before, &p);
	if (t->change == CH_ALLOCATE)
		ch_unallocated(before, &p);
	struct case_record *after = malloc(sizeof *after);
	memcpy(after, before, sizeof *after);
	change_fns[t->change](after, &p);
	for (int r = 0; r < ROLE_COUNT; r++) {
		bool may = t->may[r] == 'Y';
		member(&m, (enum role)r, "North Team");
		cw_error_clear(&err);
		enum cw_status st = access_check_change(&m, before, after, &p, &err);
		cr_expect_eq(st, may ? CW_OK : CW_ERR_DENIED, "%s x %s: %s", role_keys[r], t->what, err.msg);
		if (!may)
			cr_expect_str_eq(err.msg, r == ROLE_ADMIN ? ADMIN_REFUSAL : t->refusal, "%s x %s", role_keys[r],
			                 t->what);
	}
	free(before);
	free(after);
}

Test(act_change, another_team_may_change_nothing)
{
	struct policy p;
	struct staff_member tm, pm;
	struct cw_error err = {0};

	fx_policy(&p);
	struct case_record *before = base_case(STAGE_ASSESSMENT), *after = malloc(sizeof *after);
	memcpy(after, before, sizeof *after);
	ch_need(after, &p);
	member(&tm, ROLE_TEAM_MANAGER, "South Team");
	cr_expect_eq(access_check_change(&tm, before, after, &p, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "This case belongs to North Team; you are in South Team. To open it, break the glass "
	                          "and give a reason (it is recorded).");
	/* nothing changed is no change at all, for anyone who may open it */
	member(&pm, ROLE_PANEL_MEMBER, "Funding Panel");
	cr_expect_eq(access_check_change(&pm, before, before, &p, &err), CW_OK);
	free(before);
	free(after);
}

Test(act_change, derived_figures_need_no_right)
{
	struct case_record *before = base_case(STAGE_PLANNING), *after = malloc(sizeof *after);
	memcpy(after, before, sizeof *after);
	cr_expect_eq(access_action_for_field("assessment.points", before, after), ACCESS_ACTION_COUNT);
	cr_expect_eq(access_action_for_field("plan.line.00.weekly_cost", before, after), ACCESS_ACTION_COUNT);
	cr_expect_eq(access_action_for_field("assessment.person_weekly", before, after), ACCESS_ACTION_COUNT);
	after->assessment.contribution_from_letter = true; /* typed in from the letter: the finance team's */
	cr_expect_eq(access_action_for_field("assessment.person_weekly", before, after), ACCESS_EDIT_FINANCIAL);
	cr_expect_eq(access_action_for_field("plan.line.00.rate", before, after), ACCESS_EDIT_PLAN);
	cr_expect_eq(access_action_for_field("something.new", before, after), ACCESS_ADVANCE_STAGE);
	free(before);
	free(after);
}

/* ---- on a real store ---- */

static char dir[256], dbpath[300];
static struct store *st;
static struct policy pol;
static struct staff staff;

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

static void add_staff(const char *login, const char *name, const char *team, enum role role)
{
	struct staff_member *m = &staff.members[staff.n++];
	memset(m, 0, sizeof *m);
	cw_strlcpy(m->login, login, sizeof m->login);
	cw_strlcpy(m->name, name, sizeof m->name);
	cw_strlcpy(m->team, team, sizeof m->team);
	m->role = role;
}

static void setup(void)
{
	struct cw_error err = {0};
	snprintf(dir, sizeof dir, "%s/cw-act-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	setenv("CASEWORK_TODAY", "2026-11-22", 1);
	cr_assert_eq(store_open(dbpath, &st, &err), CW_OK, "%s", err.msg);
	fx_policy(&pol);
	memset(&staff, 0, sizeof staff);
	staff.members = calloc(8, sizeof *staff.members);
	add_staff("asmith", "Alice Smith", "North Team", ROLE_SOCIAL_WORKER);
	add_staff("bokafor", "Ben Okafor", "North Team", ROLE_SOCIAL_WORKER);
	add_staff("cwright", "Claire Wright", "North Team", ROLE_TEAM_MANAGER);
	add_staff("dpatel", "Dev Patel", "Funding Panel", ROLE_PANEL_MEMBER);
	add_staff("ejones", "Emma Jones", "South Team", ROLE_SOCIAL_WORKER);
	add_staff("gobrien", "Gareth O'Brien", "South Team", ROLE_TEAM_MANAGER);
	add_staff("hnowak", "Hanna Nowak", "Finance", ROLE_FINANCE_OFFICER);
	add_staff("ithomas", "Ian Thomas", "Systems", ROLE_ADMIN);
}

static void teardown(void)
{
	store_close(&st);
	free(staff.members);
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static const struct staff_member *who(const char *login)
{
	const struct staff_member *m = staff_find(&staff, login);
	cr_assert_not_null(m, "%s", login);
	return m;
}

/* Stores base_case(stage) as a new case; returns it as stored. */
static struct case_record *stored(enum stage stage, const char *worker, const char *team)
{
	struct cw_error err = {0};
	struct case_record *c = base_case(stage);
	c->id = 0;
	c->ref[0] = '\0';
	cw_strlcpy(c->worker, worker, sizeof c->worker);
	cw_strlcpy(c->team, team, sizeof c->team);
	cr_assert_eq(store_case_create(st, c, "import", &err), CW_OK, "%s", err.msg);
	return c;
}

static size_t audit_rows(int64_t case_id)
{
	struct audit_list l = {0};
	cr_assert_eq(store_history(st, case_id, NULL, 0, &l, NULL), CW_OK);
	size_t n = l.n;
	audit_list_free(&l);
	return n;
}

/* The newest audit row of the case. */
static void last_row(int64_t case_id, char *action, char *field, char *value, size_t size)
{
	struct audit_list l = {0};
	cr_assert_eq(store_history(st, case_id, NULL, 1, &l, NULL), CW_OK);
	cr_assert_eq(l.n, 1u);
	snprintf(action, size, "%s", l.items[0].action);
	snprintf(field, size, "%s", l.items[0].field);
	snprintf(value, size, "%s", l.items[0].new_value);
	audit_list_free(&l);
}

Test(act_store, open_is_recorded_and_other_teams_need_the_glass, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	char action[256], field[256], value[256];
	struct case_record *c = stored(STAGE_DECISION, "asmith", "North Team");
	struct case_record *out = malloc(sizeof *out);

	cr_expect_eq(act_open(st, who("bokafor"), &pol, c->id, NULL, out, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(out->person.name, "Ann Example");
	last_row(c->id, action, field, value, sizeof action);
	cr_expect_str_eq(action, "opened");

	size_t rows = audit_rows(c->id);
	cr_expect_eq(act_open(st, who("ejones"), &pol, c->id, NULL, out, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "This case belongs to North Team; you are in South Team. To open it, break the glass "
	                          "and give a reason (it is recorded).");
	cr_expect_str_empty(out->person.name, "a refused case is not handed over");
	char team[64] = "";
	cr_expect(act_glass_would_open(st, who("ejones"), &pol, c->id, team, sizeof team));
	cr_expect_str_eq(team, "North Team");
	cr_expect_not(act_glass_would_open(st, who("bokafor"), &pol, c->id, NULL, 0), "own team: no glass");
	cr_expect_eq(act_open(st, who("ejones"), &pol, c->id, "duty", out, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "reason: say why you need this case (at least 10 characters); it is recorded");
	cr_expect_eq(audit_rows(c->id), rows, "a refused opening is not an opening");

	cr_expect_eq(act_open(st, who("ejones"), &pol, c->id, "Out-of-hours call from her daughter", out, &err), CW_OK,
	             "%s", err.msg);
	last_row(c->id, action, field, value, sizeof action);
	cr_expect_str_eq(action, "opened outside team");
	cr_expect_str_eq(field, "reason");
	cr_expect_str_eq(value, "Out-of-hours call from her daughter");

	/* the panel and finance serve every team, their part of it; an
	 * admin sees no case */
	cr_expect_eq(act_open(st, who("dpatel"), &pol, c->id, NULL, out, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "C-000001 has not come to the panel (it is at Decision-making); a panel member opens "
	                          "the cases the panel hears");
	cr_expect_str_empty(out->person.name, "a refused case is not handed over");
	cr_expect_eq(act_open(st, who("hnowak"), &pol, c->id, NULL, out, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "C-000001 is at Decision-making, before any financial assessment; a finance officer "
	                          "opens cases from assessment on");
	struct case_record *at_panel = stored(STAGE_PANEL, "ejones", "South Team");
	cr_expect_eq(act_open(st, who("dpatel"), &pol, at_panel->id, NULL, out, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(act_open(st, who("hnowak"), &pol, at_panel->id, NULL, out, &err), CW_OK, "%s", err.msg);
	free(at_panel);
	cr_expect_eq(act_open(st, who("ithomas"), &pol, c->id, NULL, out, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, ADMIN_REFUSAL);

	/* a council that does not allow it */
	pol.access.break_the_glass = false;
	cr_expect_not(act_glass_would_open(st, who("ejones"), &pol, c->id, NULL, 0));
	cr_expect_eq(act_open(st, who("ejones"), &pol, c->id, "Out-of-hours call from her daughter", out, &err),
	             CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "This case belongs to North Team; you are in South Team. Only its own team can open "
	                          "a case.");

	/* an opening that cannot be recorded does not happen */
	rows = audit_rows(c->id);
	store_fail_after(st, 1);
	cr_expect_eq(act_open(st, who("asmith"), &pol, c->id, NULL, out, &err), CW_ERR_DB);
	cr_expect(strstr(err.msg, "C-000001 was not opened: the opening could not be recorded") == err.msg, "%s",
	          err.msg);
	cr_expect_str_empty(out->person.name);
	cr_expect_eq(audit_rows(c->id), rows);
	free(out);
	free(c);
}

Test(act_store, refused_save_writes_nothing, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *c = stored(STAGE_ASSESSMENT, "asmith", "North Team");
	struct case_record *work = malloc(sizeof *work), *now = malloc(sizeof *now);
	size_t rows = audit_rows(c->id);

	memcpy(work, c, sizeof *work);
	ch_need(work, &pol);
	cr_expect_eq(act_save(st, who("hnowak"), &pol, c, work, "save assessment", NULL, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a social worker or a team manager can change the assessment.");
	cr_assert_eq(store_case_load(st, c->id, now, &err), CW_OK);
	cr_expect_eq(now->version, c->version);
	cr_expect_eq(now->assessment.levels[6], c->assessment.levels[6]);
	cr_expect_eq(audit_rows(c->id), rows);

	/* the finance officer's own part goes through, recorded as theirs */
	memcpy(work, c, sizeof *work);
	ch_capital(work, &pol);
	cr_expect_eq(act_save(st, who("hnowak"), &pol, c, work, "save assessment", NULL, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(store_case_load(st, c->id, now, &err), CW_OK);
	cr_expect_eq(now->assessment.capital, 1800000);
	cr_expect_str_eq(now->updated_by, "hnowak");
	free(work);
	free(now);
	free(c);
}

/* The day something happened is not after today; only the date a save
 * changes is judged. */
Test(act_store, future_dates_refused, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *c = stored(STAGE_REVIEW, "asmith", "North Team");
	struct case_record *work = malloc(sizeof *work), *now = malloc(sizeof *now);
	struct date today = date_today(), tomorrow = date_add_days(today, 1);
	char want[200], t[DATE_BUF], d[DATE_BUF];
	size_t rows = audit_rows(c->id);

	snprintf(want, sizeof want, "Reviewed on: %s is in the future; today is %s: give the day it happened",
	         date_format(tomorrow, d, sizeof d), date_format(today, t, sizeof t));
	memcpy(work, c, sizeof *work);
	work->review.nhistory = 1;
	work->review.history[0].date = tomorrow;
	cw_strlcpy(work->review.history[0].findings, "All well", sizeof work->review.history[0].findings);
	cr_expect_eq(act_save(st, who("asmith"), &pol, c, work, "save review", NULL, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, want);
	cr_assert_eq(store_case_load(st, c->id, now, &err), CW_OK);
	cr_expect_eq(now->review.nhistory, 0, "nothing of it stored");
	cr_expect_eq(audit_rows(c->id), rows);

	memcpy(work, c, sizeof *work);
	work->plan.agreed_on = tomorrow;
	cr_expect_eq(act_save(st, who("asmith"), &pol, c, work, "save plan", NULL, &err), CW_ERR_INVALID);
	cr_expect(strstr(err.msg, "Plan agreed on: ") == err.msg, "%s", err.msg);
	memcpy(work, c, sizeof *work);
	work->decision.decided_on = tomorrow;
	cr_expect_eq(act_save(st, who("asmith"), &pol, c, work, "save decision", NULL, &err), CW_ERR_INVALID);
	cr_expect(strstr(err.msg, "Decided on: ") == err.msg, "%s", err.msg);

	/* today is fine; a future date already stored does not hold up other changes */
	memcpy(work, c, sizeof *work);
	work->review.nhistory = 1;
	work->review.history[0].date = today;
	cw_strlcpy(work->review.history[0].findings, "All well", sizeof work->review.history[0].findings);
	cr_expect_eq(act_save(st, who("asmith"), &pol, c, work, "save review", NULL, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(store_case_load(st, c->id, c, &err), CW_OK);
	c->plan.agreed_on = tomorrow; /* as if stored by an older version */
	memcpy(work, c, sizeof *work);
	work->review.high_risk = !work->review.high_risk;
	cr_expect_eq(act_save(st, who("asmith"), &pol, c, work, "save review", NULL, &err), CW_OK, "%s", err.msg);
	free(work);
	free(now);
	free(c);
}

/* What the workflow and the rules decide is not a caller's to set: a
 * stage moved by hand, a figure the rules work out. */
Test(act_store, stage_and_figures_are_the_workflows, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *c = stored(STAGE_PANEL, "asmith", "North Team");
	struct case_record *work = malloc(sizeof *work), *now = malloc(sizeof *now);
	size_t rows = audit_rows(c->id);

	/* a panel member closes a case, or sends it on to review, by hand */
	memcpy(work, c, sizeof *work);
	work->stage = STAGE_CLOSED;
	cw_strlcpy(work->closed_reason, "panel closed it", sizeof work->closed_reason);
	cr_expect_eq(act_save(st, who("dpatel"), &pol, c, work, "save panel", NULL, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "C-000001 cannot move from Panel to Closed: a case at panel moves on when "
	                          "the panel's decision is recorded");
	memcpy(work, c, sizeof *work);
	work->stage = STAGE_REVIEW;
	cr_expect_eq(act_save(st, who("dpatel"), &pol, c, work, "save panel", NULL, &err), CW_ERR_INVALID);
	/* the figures the rules work out */
	memcpy(work, c, sizeof *work);
	work->assessment.indicative_weekly = 150000;
	cr_expect_eq(act_save(st, who("dpatel"), &pol, c, work, "save panel", NULL, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "The indicative budget is worked out by casework from what is recorded, by the rules "
	                          "and the policy; it cannot be set by hand");
	memcpy(work, c, sizeof *work);
	work->assessment.points = 999;
	cr_expect_eq(act_save(st, who("hnowak"), &pol, c, work, "save assessment", NULL, &err), CW_ERR_DENIED);
	cr_expect(strstr(err.msg, "The RAS points is worked out") == err.msg, "%s", err.msg);
	cr_assert_eq(store_case_load(st, c->id, now, &err), CW_OK);
	cr_expect_eq(now->stage, STAGE_PANEL);
	cr_expect_eq(now->assessment.indicative_weekly, c->assessment.indicative_weekly);
	cr_expect_eq(audit_rows(c->id), rows, "nothing of it stored");

	/* the panel's decision moves it, as the workflow does */
	memcpy(work, c, sizeof *work);
	cr_assert_eq(workflow_panel_decide(work, &pol, PANEL_APPROVED, 0, "Meets the need", "Dev Patel, Ann Lee",
	                                   fx_date("2026-11-20"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(work->stage, STAGE_PLANNING);
	cr_expect_eq(act_save(st, who("dpatel"), &pol, c, work, "save panel", NULL, &err), CW_OK, "%s", err.msg);
	free(c);

	/* a worker jumps a case at decision-making with nothing recorded to review */
	c = stored(STAGE_DECISION, "asmith", "North Team");
	c->decision.decided_on = DATE_NONE;
	memcpy(work, c, sizeof *work);
	work->stage = STAGE_REVIEW;
	cr_expect_eq(act_save(st, who("asmith"), &pol, c, work, "save decision", NULL, &err), CW_ERR_INCOMPLETE);
	cr_expect(strstr(err.msg, "cannot move from Decision-making to Review: Decision-making is not complete") ==
	          strstr(err.msg, "cannot"), "%s", err.msg);
	cr_expect(strstr(err.msg, "Record the date of the decision") != NULL, "%s", err.msg);
	/* complete, it moves on one stage, not two */
	work->decision.decided_on = fx_date("2026-10-01");
	cr_expect_eq(act_save(st, who("asmith"), &pol, c, work, "save decision", NULL, &err), CW_ERR_INVALID);
	cr_expect(strstr(err.msg, "what is recorded takes it to Assessment") != NULL, "%s", err.msg);
	work->stage = STAGE_ASSESSMENT;
	cr_expect_eq(act_save(st, who("asmith"), &pol, c, work, "advance to assessment", NULL, &err), CW_OK, "%s",
	             err.msg);
	free(work);
	free(now);
	free(c);
}

/* The panel approved 260.00; the plan then costs 280.00 and goes back;
 * the panel declines the increase: the 260.00 stands, and a plan cut to
 * fit it moves on to review instead of going round to panel again. */
Test(act_change, declined_increase_keeps_the_earlier_approval)
{
	struct policy p;
	struct cw_error err = {0};
	struct case_record *c = base_case(STAGE_PANEL);
	fx_policy(&p);
	cw_strlcpy(c->plan.signed_off_by, "", sizeof c->plan.signed_off_by);
	c->plan.nlines = 0;
	c->panel.worker_request = true;
	c->panel.requested_weekly = 26000;
	cw_strlcpy(c->panel.justification, "Two carers for transfers", sizeof c->panel.justification);
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_APPROVED, 0, "As asked", "Dev Patel", fx_date("2026-11-01"),
	                                   &err), CW_OK, "%s", err.msg);
	cr_assert_eq(c->stage, STAGE_PLANNING);
	cr_assert_eq(case_final_weekly(c), 26000);

	struct plan_line *l = &c->plan.lines[c->plan.nlines++];
	l->outcome = 0;
	cw_strlcpy(l->category, "personal_assistant", sizeof l->category);
	cw_strlcpy(l->description, "A PA for mornings", sizeof l->description);
	l->units_per_week = 1750; /* 17.5 h x 16.00 = 280.00, over 260.00 + 5% */
	l->rate = 1600;
	l->route = ROUTE_DIRECT_PAYMENT;
	c->plan.agreed_on = fx_date("2026-11-05");
	cw_strlcpy(c->plan.agreed_by, "asmith", sizeof c->plan.agreed_by);
	cw_strlcpy(c->plan.signed_off_by, "cwright", sizeof c->plan.signed_off_by);
	c->plan.account = ACCOUNT_PREPAID_CARD;
	c->plan.start_date = fx_date("2026-11-10");
	cr_assert_eq(workflow_advance(c, &p, fx_date("2026-11-06"), &err), CW_OK, "%s", err.msg);
	cr_assert_eq(c->stage, STAGE_PANEL);
	cr_expect_eq(case_final_weekly(c), 26000, "the approval stands while the panel looks again");
	cr_assert_eq(workflow_panel_decide(c, &p, PANEL_DECLINED, 0, "No case for more", "Dev Patel",
	                                   fx_date("2026-11-12"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_PLANNING);
	cr_expect_eq(case_final_weekly(c), 26000, "declining the increase leaves what was approved");

	l->units_per_week = 1600; /* 256.00: within 260.00 */
	cr_assert_eq(workflow_advance(c, &p, fx_date("2026-11-13"), &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->stage, STAGE_REVIEW, "not round to panel again");
	free(c);
}

/* A charge is never more than meeting the needs costs: capped at the
 * budget, and once the plan is costed, at the plan's weekly lines. */
Test(act_change, contribution_capped_at_the_plan)
{
	struct policy p;
	struct case_record *c = base_case(STAGE_PLANNING);
	fx_policy(&p);
	c->assessment.weekly_income = 50000; /* 500.00 - 132.00 - 20.00 = 348.00 available */
	cr_assert_eq(workflow_recalculate(c, &p, NULL), CW_OK);
	cr_assert_eq(c->plan.total_weekly, 16000);
	cr_expect_eq(c->assessment.person_weekly, 16000, "the plan's 160.00, not the budget's %lld",
	             (long long)case_final_weekly(c));
	c->plan.nlines = 0;
	cr_assert_eq(workflow_recalculate(c, &p, NULL), CW_OK);
	cr_expect_eq(c->assessment.person_weekly, case_final_weekly(c), "no plan yet: the budget");
	free(c);
}

Test(act_store, sign_off, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	char action[256], field[256], value[256];
	struct case_record *c = stored(STAGE_ASSESSMENT, "asmith", "North Team");

	cr_expect_eq(act_sign_off(st, who("asmith"), &pol, c, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a team manager can sign off an assessment.");
	cr_expect_eq(act_sign_off(st, who("gobrien"), &pol, c, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "This case belongs to North Team; you are in South Team. Only its own team can sign "
	                          "off an assessment.");

	/* not ready: the financial assessment is missing */
	struct case_record *c2 = base_case(STAGE_ASSESSMENT);
	c2->assessment.financial_assessed_on = DATE_NONE;
	c2->id = c->id;
	c2->version = c->version;
	cr_expect_eq(act_sign_off(st, who("cwright"), &pol, c2, &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "The assessment is not ready to sign off:\nRecord the financial assessment (capital "
	                          "and income, or the figure from the finance letter) and its date");
	cr_expect_str_empty(c2->assessment.signed_off_by);
	free(c2);

	cr_expect_eq(act_sign_off(st, who("cwright"), &pol, c, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(c->assessment.signed_off_by, "cwright");
	last_row(c->id, action, field, value, sizeof action);
	cr_expect_str_eq(action, "sign off assessment");
	cr_expect_str_eq(field, "assessment.signed_off_by");
	cr_expect_str_eq(value, "cwright");
	cr_expect_eq(act_sign_off(st, who("cwright"), &pol, c, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "The assessment is already signed off, by cwright");

	/* a sign-off stands for what was signed: a changed need clears it */
	struct case_record *work = malloc(sizeof *work);
	unsigned voided = 0;
	memcpy(work, c, sizeof *work);
	ch_need(work, &pol);
	cr_expect_eq(act_save(st, who("asmith"), &pol, c, work, "save assessment", &voided, &err), CW_OK, "%s",
	             err.msg);
	cr_expect_eq(voided, ACT_VOIDED_ASSESSMENT);
	cr_expect_str_empty(work->assessment.signed_off_by);
	/* ... but the finance team's figures do not */
	memcpy(c, work, sizeof *c);
	cr_expect_eq(act_sign_off(st, who("cwright"), &pol, c, &err), CW_OK, "%s", err.msg);
	memcpy(work, c, sizeof *work);
	ch_capital(work, &pol);
	cr_expect_eq(act_save(st, who("hnowak"), &pol, c, work, "save assessment", &voided, &err), CW_OK, "%s",
	             err.msg);
	cr_expect_eq(voided, 0u);
	cr_expect_str_eq(work->assessment.signed_off_by, "cwright");

	/* only at assessment or planning, and only where the policy asks */
	struct case_record *d = stored(STAGE_DECISION, "asmith", "North Team");
	cr_expect_eq(act_sign_off(st, who("cwright"), &pol, d, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "A team manager signs off an assessment (at assessment) or a support plan (at "
	                          "support planning); C-000002 is at decision-making");
	struct case_record *pl = stored(STAGE_PLANNING, "asmith", "North Team");
	pol.support_plan.manager_signoff = false;
	cr_expect_eq(act_sign_off(st, who("cwright"), &pol, pl, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "This council's policy does not ask for a sign-off of the support plan "
	                          "(support_plan.manager_signoff: false)");
	pol.support_plan.manager_signoff = true;
	cr_expect_eq(act_sign_off(st, who("cwright"), &pol, pl, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(pl->plan.signed_off_by, "cwright");
	free(pl);
	free(d);
	free(work);
	free(c);
}

/* The plan is signed off only once it is agreed and costed; a penny on a
 * rate lapses the plan's sign-off and leaves the assessment's; words
 * that were not signed (the person's own words) lapse neither. */
Test(act_store, plan_sign_off, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	unsigned voided = 0;
	struct case_record *c = stored(STAGE_PLANNING, "asmith", "North Team");
	struct case_record *work = malloc(sizeof *work);

	memcpy(work, c, sizeof *work);
	work->plan.agreed_on = DATE_NONE;
	work->plan.agreed_by[0] = '\0';
	work->plan.account = ACCOUNT_NONE;
	cr_assert_eq(act_save(st, who("asmith"), &pol, c, work, "save plan", NULL, &err), CW_OK, "%s", err.msg);
	memcpy(c, work, sizeof *c);
	cr_expect_eq(act_sign_off(st, who("cwright"), &pol, c, &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "The support plan is not ready to sign off:\n"
	                          "Record who agreed the plan with the person, and when\n"
	                          "Record the direct-payment account: separate bank account, pre-paid card or "
	                          "managed account");
	cr_expect_str_empty(c->plan.signed_off_by);

	memcpy(work, c, sizeof *work);
	work->plan.agreed_on = fx_date("2026-10-20");
	cw_strlcpy(work->plan.agreed_by, "asmith", sizeof work->plan.agreed_by);
	work->plan.account = ACCOUNT_BANK;
	cr_assert_eq(act_save(st, who("asmith"), &pol, c, work, "save plan", NULL, &err), CW_OK, "%s", err.msg);
	memcpy(c, work, sizeof *c);
	cr_assert_eq(act_sign_off(st, who("cwright"), &pol, c, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(c->plan.signed_off_by, "cwright");
	cr_expect_eq(date_compare(c->plan.signed_off_on, fx_date("2026-11-22")), 0, "signed off today");
	cr_expect_str_eq(c->plan.agreed_by, "asmith"); /* the manager did not agree it with the person */

	/* the person's own words were not signed: both sign-offs stand */
	memcpy(work, c, sizeof *work);
	cw_strlcpy(work->decision.own_words, "Changed words", sizeof work->decision.own_words);
	cr_assert_eq(act_save(st, who("asmith"), &pol, c, work, "save decision", &voided, &err), CW_OK, "%s",
	             err.msg);
	cr_expect_eq(voided, 0u);
	cr_expect_str_eq(work->plan.signed_off_by, "cwright");
	memcpy(c, work, sizeof *c);

	/* a penny on the rate: the plan's lapses, the assessment's stands */
	memcpy(work, c, sizeof *work);
	work->plan.lines[0].rate += 1;
	workflow_recalculate(work, &pol, NULL);
	cr_assert_eq(act_save(st, who("asmith"), &pol, c, work, "save plan", &voided, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(voided, ACT_VOIDED_PLAN);
	cr_expect_str_empty(work->plan.signed_off_by);
	cr_expect_not(date_is_set(work->plan.signed_off_on), "the date lapses with it");
	cr_expect_str_eq(work->assessment.signed_off_by, "cwright");
	free(work);
	free(c);
}

Test(act_store, allocate_and_reassign, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	char action[256], field[256], value[256];
	struct case_record *c = stored(STAGE_DECISION, "asmith", "North Team");

	cr_expect_eq(act_allocate(st, who("asmith"), &staff, &pol, c, "bokafor", &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a team manager can reassign a case.");
	cr_expect_eq(act_allocate(st, who("cwright"), &staff, &pol, c, "nobody", &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "worker: 'nobody' is not on the staff list; give the login of a social worker or team "
	                          "manager in North Team");
	cr_expect_eq(act_allocate(st, who("cwright"), &staff, &pol, c, "dpatel", &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "worker: dpatel is a Panel member; cases go to social workers and team managers");
	cr_expect_eq(act_allocate(st, who("cwright"), &staff, &pol, c, "ejones", &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "worker: ejones is in South Team; you allocate within North Team (ask a manager in "
	                          "South Team)");
	cr_expect_eq(act_allocate(st, who("cwright"), &staff, &pol, c, "asmith", &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "worker: asmith already holds this case");
	cr_expect_eq(act_allocate(st, who("cwright"), &staff, &pol, c, "bokafor", &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(c->worker, "bokafor");
	last_row(c->id, action, field, value, sizeof action);
	cr_expect_str_eq(action, "reassign to bokafor");
	cr_expect_str_eq(field, "worker");
	cr_expect_str_eq(value, "bokafor");
	free(c);
}

Test(act_store, history_activity_and_caseload_scope, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct audit_list l = {0};
	struct caseload cl = {0};
	struct case_record *n1 = stored(STAGE_DECISION, "asmith", "North Team");
	struct case_record *n2 = stored(STAGE_PANEL, "bokafor", "North Team");
	struct case_record *s1 = stored(STAGE_PANEL, "ejones", "South Team");
	struct case_record *out = malloc(sizeof *out);
	cr_assert_eq(act_open(st, who("asmith"), &pol, n1->id, NULL, out, &err), CW_OK);
	cr_assert_eq(act_note(st, who("asmith"), &pol, n1, NULL, "Rang her daughter", &err), CW_OK);

	/* a case's history: the team's workers and managers */
	cr_expect_eq(act_history(st, who("cwright"), &pol, n1, NULL, 0, &l, &err), CW_OK);
	cr_expect_eq(l.n, 3u);
	audit_list_free(&l);
	cr_expect_eq(act_history(st, who("dpatel"), &pol, n1, NULL, 0, &l, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a social worker or a team manager can read a case's history.");
	cr_expect_eq(act_history(st, who("ejones"), &pol, n1, "Out-of-hours call from her daughter", 0, &l, &err), CW_OK);
	audit_list_free(&l);
	cr_expect_eq(act_note(st, who("ejones"), &pol, n1, NULL, "x", &err), CW_ERR_DENIED);

	/* a worker's activity: their own team's manager only */
	cr_expect_eq(act_activity(st, who("cwright"), &staff, &pol, "asmith", 10, &l, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(l.n, 2u);
	cr_expect_str_eq(l.items[0].action, "note added");
	cr_expect_str_eq(l.items[1].action, "opened");
	audit_list_free(&l);
	cr_expect_eq(act_activity(st, who("gobrien"), &staff, &pol, "asmith", 10, &l, &err), CW_ERR_DENIED);
	cr_expect_eq(act_activity(st, who("bokafor"), &staff, &pol, "asmith", 10, &l, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a team manager can see a worker's recent activity.");
	cr_expect_eq(act_activity(st, who("cwright"), &staff, &pol, "zed", 10, &l, &err), CW_ERR_NOT_FOUND);

	/* whose caseload is whose */
	struct caseload_query q = {.stage = -1, .sort = SORT_REF};
	cr_expect_eq(act_caseload(st, who("asmith"), false, &q, &cl, &err), CW_OK);
	cr_expect_eq(cl.n, 1u);
	caseload_free(&cl);
	cr_expect_eq(act_caseload(st, who("cwright"), true, &q, &cl, &err), CW_OK);
	cr_expect_eq(cl.n, 2u);
	caseload_free(&cl);
	cr_expect_eq(act_caseload(st, who("hnowak"), false, &q, &cl, &err), CW_OK);
	cr_expect_eq(cl.n, 3u);
	caseload_free(&cl);
	cr_expect_eq(act_caseload(st, who("ithomas"), false, &q, &cl, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "An admin sees no cases: admins look after the staff list and the system (casework "
	                          "audit verify, casework staff check).");
	cr_expect_eq(cl.n, 0u);
	/* the panel queue: the panel sees every team's, a manager their team's */
	q.panel_queue = true;
	cr_expect_eq(act_caseload(st, who("dpatel"), false, &q, &cl, &err), CW_OK);
	cr_expect_eq(cl.n, 2u);
	caseload_free(&cl);
	cr_expect_eq(act_caseload(st, who("cwright"), false, &q, &cl, &err), CW_OK);
	cr_expect_eq(cl.n, 1u);
	cr_expect_str_eq(cl.rows[0].ref, n2->ref);
	caseload_free(&cl);
	cr_expect_eq(act_caseload(st, who("asmith"), false, &q, &cl, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a team manager or a panel member can see the panel queue.");
	free(out);
	free(n1);
	free(n2);
	free(s1);
}
