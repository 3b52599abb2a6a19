/* test_stage_forms.c - the stage forms' own rules, without a terminal:
 * who may record what at save (the panel's decision, a direct-payment
 * audit; checked by core as act_save checks it), the plan line's
 * outcome and the family-PA
 * exception, the person agreeing the plan, and the provider picker
 * filling a line from the directory. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/money.h"
#include "core/provider.h"
#include "core/rules.h"
#include "core/workflow.h"
#include "rules_fixture.h"
#include "tui/form.h"
#include "tui/stage_forms.h"

static struct policy pol;

static void setup(void) { fx_policy(&pol); }

TestSuite(stage_forms, .init = setup);

static struct staff_member member(const char *login, enum role role)
{
	struct staff_member m;
	memset(&m, 0, sizeof m);
	cw_strlcpy(m.login, login, sizeof m.login);
	cw_strlcpy(m.team, "North", sizeof m.team);
	m.role = role;
	return m;
}

/* As the screen saves: the form applied to a copy, derived, committed. */
static enum cw_status save(const struct stage_form_ops *ops, struct form *f, const struct case_record *c,
			   struct case_record *work, const struct staff_member *me, struct cw_error *err)
{
	memcpy(work, c, sizeof *work);
	enum cw_status st = form_apply(f, work, true, err);
	if (st != CW_OK)
		return st;
	ops->derive(work, &pol, me->login);
	if (ops->commit && (st = ops->commit(f, c, work, &pol, me, err)) != CW_OK)
		return st;
	return access_check_change(me, c, work, &pol, err); /* as act_save does */
}

static void set(struct form *f, const char *key, const char *val)
{
	int i = form_find(f, key);
	cr_assert_geq(i, 0, "no field %s", key);
	form_set(f, i, val);
}

static void assessed(struct case_record *c)
{
	for (int i = 0; i < OUTCOME_COUNT; i++) {
		c->assessment.level_set[i] = true;
		c->assessment.levels[i] = i < 5 ? NEED_SUBSTANTIAL : NEED_NONE;
		c->assessment.unable[i] = i < 5;
	}
	c->assessment.impairment = c->assessment.wellbeing_impact = TRI_YES;
	c->assessment.weekly_income = 20000;
	c->assessment.financial_assessed_on = fx_date("2026-11-20");
	c->assessment.indicative_weekly = 21000;
}

static struct case_record *at(enum stage s)
{
	struct case_record *c = fx_case();
	cw_strlcpy(c->team, "North", sizeof c->team);
	cw_strlcpy(c->worker, "asmith", sizeof c->worker);
	c->decision.route = ROUTE_DIRECT_PAYMENT;
	c->stage = s;
	assessed(c);
	return c;
}

/* ---- panel: the decision is the panel's ---- */

Test(stage_forms, a_worker_cannot_record_the_panels_decision)
{
	struct case_record *c = at(STAGE_PANEL), *w = fx_case();
	struct staff_member sw = member("asmith", ROLE_SOCIAL_WORKER), pm = member("ypanel", ROLE_PANEL_MEMBER);
	struct cw_error err = {0};
	struct form f;
	c->panel.required = TRI_YES;
	c->panel.worker_request = true;
	c->panel.requested_weekly = 75000;
	cw_strlcpy(c->panel.justification, "Two carers", sizeof c->panel.justification);

	form_panel_ops.build(&f, c, &pol);
	set(&f, "decision", "1");
	set(&f, "reasons", "Fine");
	set(&f, "members", "Me");
	set(&f, "decided_on", "2026-11-22");
	cr_expect_eq(save(&form_panel_ops, &f, c, w, &sw, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a panel member can record a panel decision.");

	/* the panel member records it; the case moves on */
	cr_assert_eq(save(&form_panel_ops, &f, c, w, &pm, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(w->stage, STAGE_PLANNING);
	cr_expect_eq(w->panel.approved_weekly, 75000);
	cr_expect_eq(w->panel.nhistory, 1);
	form_free(&f);

	/* but not the worker's request */
	form_panel_ops.build(&f, c, &pol);
	set(&f, "requested", "900.00");
	cr_expect_eq(save(&form_panel_ops, &f, c, w, &pm, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a social worker or a team manager can ask the panel for a budget.");
	/* nor a hearing with no decision in it */
	form_free(&f);
	form_panel_ops.build(&f, c, &pol);
	set(&f, "reasons", "Half typed");
	cr_expect_eq(save(&form_panel_ops, &f, c, w, &pm, &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "Decision: choose approved, approved at another amount, declined or deferred to "
				  "record the panel's hearing");
	form_free(&f);
	free(w);
	free(c);
}

/* ---- review: the audit is the finance officer's ---- */

Test(stage_forms, the_audit_is_the_finance_officers_the_review_the_workers)
{
	struct case_record *c = at(STAGE_REVIEW), *w = fx_case();
	struct staff_member sw = member("asmith", ROLE_SOCIAL_WORKER), fo = member("ffin", ROLE_FINANCE_OFFICER);
	struct cw_error err = {0};
	struct form f;
	c->plan.start_date = fx_date("2026-01-05");
	c->plan.nlines = 1;
	c->plan.lines[0].route = ROUTE_DIRECT_PAYMENT;
	c->plan.lines[0].weekly_cost = 20000;

	form_review_ops.build(&f, c, &pol);
	set(&f, "date", "2026-07-01");
	set(&f, "findings", "Statements seen");
	set(&f, "audit", "yes");
	set(&f, "spent", "3000.00");
	set(&f, "unspent", "900.00");
	set(&f, "misused", "25.00");
	cr_expect_eq(save(&form_review_ops, &f, c, w, &sw, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a finance officer can record a direct-payment audit.");
	cr_assert_eq(save(&form_review_ops, &f, c, w, &fo, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(w->review.nhistory, 1);
	/* £200.00 a week x 4 weeks kept = £800.00; £100.00 + £25.00 back */
	cr_expect_eq(w->review.history[0].clawback, 12500);
	cr_expect_str_eq(w->review.history[0].by, "ffin");
	cr_expect(w->review.history[0].audit_only);
	/* the audit on its own cycle: the first review stays 8 weeks from the start */
	char d[DATE_BUF];
	cr_expect_str_eq(date_format(w->review.next_due, d, sizeof d), "2026-03-02");
	cr_expect_str_eq(date_format(w->review.audit_due, d, sizeof d), "2027-07-01");
	/* a change of plan is the worker's, even with an audit */
	set(&f, "outcome", "1");
	cr_expect_eq(save(&form_review_ops, &f, c, w, &fo, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "outcome: an audit on its own leaves the plan as it is (no change); the worker "
				  "records a change of plan, a reassessment or an end to the service");
	form_free(&f);

	form_review_ops.build(&f, c, &pol);
	set(&f, "date", "2026-03-02");
	set(&f, "findings", "Going well");
	cr_expect_eq(save(&form_review_ops, &f, c, w, &fo, &err), CW_ERR_DENIED);
	cr_assert_eq(save(&form_review_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(w->review.history[0].by, "asmith");
	cr_expect_not(w->review.history[0].audit_only);
	cr_expect_str_eq(date_format(w->review.next_due, d, sizeof d), "2027-03-02");
	cr_expect_str_eq(date_format(w->review.audit_due, d, sizeof d), "2026-07-05");
	form_free(&f);
	free(w);
	free(c);
}

/* ---- the plan: the person agrees it with the worker ---- */

Test(stage_forms, plan_agreed_by_the_worker)
{
	struct case_record *c = at(STAGE_PLANNING), *w = fx_case();
	struct staff_member sw = member("asmith", ROLE_SOCIAL_WORKER);
	struct cw_error err = {0};
	struct form f;

	form_plan_ops.build(&f, c, &pol);
	set(&f, "line.01.outcome", "1");
	set(&f, "line.01.category", "personal_assistant");
	set(&f, "line.01.units", "10");
	set(&f, "agreed_on", "2026-11-21");
	set(&f, "account", "1");
	set(&f, "start_date", "2026-11-23");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(w->plan.agreed_by, "asmith");
	cr_expect_eq(w->plan.nlines, 1);
	cr_expect_eq(w->plan.lines[0].outcome, 1);
	cr_expect_eq(w->plan.lines[0].rate, 1600);        /* the policy's standard rate */
	cr_expect_eq(w->plan.lines[0].weekly_cost, 16000); /* 10 hours x £16.00 */
	cr_expect_eq(w->plan.lines[0].route, ROUTE_DIRECT_PAYMENT); /* follows stage 1 */
	cr_expect_str_eq(w->plan.signed_off_by, "");
	/* all that is missing now is the manager's sign-off (act_sign_off) */
	char missing[WORKFLOW_MISSING_MAX];
	cr_expect_eq(workflow_missing(w, &pol, missing, sizeof missing), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(missing, "A team manager must sign off the plan");
	form_free(&f);
	free(w);
	free(c);
}

Test(stage_forms, a_plan_line_outcome_left_blank_is_none_and_refused)
{
	struct case_record *c = at(STAGE_PLANNING), *w = fx_case();
	struct staff_member sw = member("asmith", ROLE_SOCIAL_WORKER);
	struct cw_error err = {0};
	struct form f;
	struct plan_line_check chk;

	form_plan_ops.build(&f, c, &pol);
	cr_assert_str_eq(f.val[form_find(&f, "line.01.outcome")], "");
	set(&f, "line.01.category", "homecare");
	set(&f, "line.01.units", "2");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(w->plan.lines[0].outcome, -1);
	rules_plan_line_check(&w->plan.lines[0], 0, ROUTE_DIRECT_PAYMENT, &w->assessment, &pol, &chk);
	cr_expect_str_eq(chk.msg, "Line 1 meets no assessed need: say which need or outcome it meets");
	/* spaces typed in the need's words are no need: stored as nothing */
	set(&f, "line.01.need", "   ");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(w->plan.lines[0].need, "");
	rules_plan_line_check(&w->plan.lines[0], 0, ROUTE_DIRECT_PAYMENT, &w->assessment, &pol, &chk);
	cr_expect_str_eq(chk.msg, "Line 1 meets no assessed need: say which need or outcome it meets");
	/* and in core, whatever wrote the record (an import, another screen) */
	cw_strlcpy(w->plan.lines[0].need, " \t ", sizeof w->plan.lines[0].need);
	rules_plan_line_check(&w->plan.lines[0], 0, ROUTE_DIRECT_PAYMENT, &w->assessment, &pol, &chk);
	cr_expect_str_eq(chk.msg, "Line 1 meets no assessed need: say which need or outcome it meets");
	set(&f, "line.01.need", "");
	/* an outcome the assessment found no need for */
	set(&f, "line.01.outcome", "7");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	rules_plan_line_check(&w->plan.lines[0], 0, ROUTE_DIRECT_PAYMENT, &w->assessment, &pol, &chk);
	cr_expect_str_eq(chk.msg, "Line 1 meets no assessed need: the assessment found no need for Work and learning");
	form_free(&f);

	/* loaded back, the outcome shows as chosen */
	memcpy(c, w, sizeof *c);
	form_plan_ops.build(&f, c, &pol);
	cr_expect_str_eq(f.val[form_find(&f, "line.01.outcome")], "7");
	form_free(&f);
	free(w);
	free(c);
}

Test(stage_forms, family_pa_exception_reason_and_a_checked_word_recorded_in_the_form)
{
	struct case_record *c = at(STAGE_PLANNING), *w = fx_case();
	struct staff_member sw = member("asmith", ROLE_SOCIAL_WORKER);
	struct cw_error err = {0};
	struct form f;
	struct plan_line_check chk;

	form_plan_ops.build(&f, c, &pol);
	set(&f, "line.01.outcome", "1");
	set(&f, "line.01.category", "personal_assistant");
	set(&f, "line.01.description", "Help with the gas meter readings");
	set(&f, "line.01.units", "5");
	set(&f, "line.01.family_pa", "yes");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	rules_plan_line_check(&w->plan.lines[0], 0, ROUTE_DIRECT_PAYMENT, &w->assessment, &pol, &chk);
	cr_expect_eq(chk.issue, PLAN_LINE_REFUSED);
	cr_expect_str_eq(chk.msg, "Line 1: a family member living in the same household is paid only as an "
				  "exception; record the reasons");
	set(&f, "line.01.exception", "Only person she lets help her wash");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	rules_plan_line_check(&w->plan.lines[0], 0, ROUTE_DIRECT_PAYMENT, &w->assessment, &pol, &chk);
	cr_expect_eq(chk.issue, PLAN_LINE_FLAGGED);
	cr_expect_str_eq(chk.word, "gas");
	set(&f, "line.01.confirmed", "yes");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	rules_plan_line_check(&w->plan.lines[0], 0, ROUTE_DIRECT_PAYMENT, &w->assessment, &pol, &chk);
	cr_expect_eq(chk.issue, PLAN_LINE_OK, "%s", chk.msg);
	form_free(&f);

	/* a changed description is checked again */
	memcpy(c, w, sizeof *c);
	form_plan_ops.build(&f, c, &pol);
	set(&f, "line.01.description", "Pay the gas bill");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	cr_expect_not(w->plan.lines[0].warning_confirmed);
	rules_plan_line_check(&w->plan.lines[0], 0, ROUTE_DIRECT_PAYMENT, &w->assessment, &pol, &chk);
	cr_expect_eq(chk.issue, PLAN_LINE_FLAGGED);
	form_free(&f);
	free(w);
	free(c);
}

/* ---- brokerage: picking a provider fills the line ---- */

Test(stage_forms, picking_a_provider_fills_provider_and_rate)
{
	struct provider items[3];
	memset(items, 0, sizeof items);
	cw_strlcpy(items[0].name, "Dearer Care", sizeof items[0].name);
	cw_strlcpy(items[0].services[0], "homecare", POLICY_KEY_MAX);
	items[0].nservices = 1;
	cw_strlcpy(items[0].area, "North", sizeof items[0].area);
	items[0].rate = 3400;
	cw_strlcpy(items[1].name, "Cheaper Care", sizeof items[1].name);
	cw_strlcpy(items[1].services[0], "homecare", POLICY_KEY_MAX);
	items[1].nservices = 1;
	cw_strlcpy(items[1].area, "South", sizeof items[1].area);
	items[1].rate = 3150;
	cw_strlcpy(items[1].phone, "01632 960101", sizeof items[1].phone);
	cw_strlcpy(items[2].name, "PA Network", sizeof items[2].name);
	cw_strlcpy(items[2].services[0], "personal_assistant", POLICY_KEY_MAX);
	items[2].nservices = 1;
	cw_strlcpy(items[2].area, "All", sizeof items[2].area);
	items[2].rate = 1580;
	struct provider_directory dir = {items, 3};
	struct case_record *c = at(STAGE_PLANNING), *w = fx_case();
	struct staff_member sw = member("asmith", ROLE_SOCIAL_WORKER);
	struct cw_error err = {0};
	struct form f;

	form_plan_set_providers(&dir);
	form_plan_ops.build(&f, c, &pol);
	int find = form_find(&f, "line.01.find");
	cr_assert_geq(find, 0);
	set(&f, "line.01.category", "homecare");
	/* the picker lists those offering the line's category, cheapest first */
	f.cur = find;
	cr_assert_eq(form_key(&f, '\r', 10), FORM_HANDLED);
	cr_assert(f.picking);
	struct form_choice ch[8];
	cr_assert_eq(f.choices_ex(&f, find, ch, 8), 2);
	cr_expect_str_eq(ch[0].label, "Cheaper Care, \xc2\xa3" "31.50 an hour, South, 01632 960101");
	cr_expect_str_eq(ch[1].label, "Dearer Care, \xc2\xa3" "34.00 an hour, North");
	/* typing narrows by area; Enter picks */
	form_key(&f, 'n', 10);
	form_key(&f, 'o', 10);
	form_key(&f, 'r', 10);
	form_key(&f, '\r', 10);
	cr_expect_not(f.picking);
	cr_expect_str_eq(f.val[form_find(&f, "line.01.provider")], "Dearer Care");
	cr_expect_str_eq(f.val[form_find(&f, "line.01.rate")], "34.00");
	cr_expect_str_eq(f.val[find], "");
	set(&f, "line.01.outcome", "0");
	set(&f, "line.01.units", "3");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(w->plan.lines[0].provider, "Dearer Care");
	cr_expect_eq(w->plan.lines[0].rate, 3400);
	cr_expect_eq(w->plan.lines[0].weekly_cost, 10200);
	/* the rate stays editable */
	set(&f, "line.01.rate", "33.00");
	cr_assert_eq(save(&form_plan_ops, &f, c, w, &sw, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(w->plan.lines[0].weekly_cost, 9900);
	form_free(&f);

	/* no directory: no picker, the provider is typed */
	form_plan_set_providers(NULL);
	form_plan_ops.build(&f, c, &pol);
	cr_expect_lt(form_find(&f, "line.01.find"), 0);
	form_free(&f);
	free(w);
	free(c);
}
