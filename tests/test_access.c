/* test_access.c - the permission table, every role x every action, with
 * the exact refusal naming who may; team scoping and break the glass. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <string.h>

#include "core/access.h"
#include "tests/rules_fixture.h"

struct perm_case {
	enum access_action action;
	char may[6]; /* social worker, team manager, panel member, finance officer, admin: Y or - */
	char refusal[120];
};

static struct perm_case perm_cases[] = {
	{ACCESS_VIEW_CASE, "YYYY-", "Only a social worker, a team manager, a panel member or a finance officer can open a case."},
	{ACCESS_CREATE_CASE, "YY---", "Only a social worker or a team manager can open a new case."},
	{ACCESS_EDIT_DECISION, "YY---", "Only a social worker or a team manager can change the decision-making record."},
	{ACCESS_EDIT_ASSESSMENT, "YY---", "Only a social worker or a team manager can change the assessment."},
	{ACCESS_EDIT_FINANCIAL, "YY-Y-", "Only a social worker, a team manager or a finance officer can record the financial assessment."},
	{ACCESS_EDIT_PANEL_REQUEST, "YY---", "Only a social worker or a team manager can ask the panel for a budget."},
	{ACCESS_EDIT_PLAN, "YY---", "Only a social worker or a team manager can change the support plan."},
	{ACCESS_EDIT_REVIEW, "YY---", "Only a social worker or a team manager can record a review."},
	{ACCESS_ADVANCE_STAGE, "YY---", "Only a social worker or a team manager can move a case to its next stage."},
	{ACCESS_RECORD_PANEL_DECISION, "--Y--", "Only a panel member can record a panel decision."},
	{ACCESS_RECORD_DP_AUDIT, "---Y-", "Only a finance officer can record a direct-payment audit."},
	{ACCESS_SIGN_OFF_ASSESSMENT, "-Y---", "Only a team manager can sign off an assessment."},
	{ACCESS_SIGN_OFF_PLAN, "-Y---", "Only a team manager can sign off a support plan."},
	{ACCESS_ALLOCATE, "-Y---", "Only a team manager can allocate a case."},
	{ACCESS_REASSIGN, "-Y---", "Only a team manager can reassign a case."},
	{ACCESS_ADD_NOTE, "YYYY-", "Only a social worker, a team manager, a panel member or a finance officer can add a note."},
	{ACCESS_VIEW_PANEL_QUEUE, "-YY--", "Only a team manager or a panel member can see the panel queue."},
	{ACCESS_BREAK_GLASS, "YY---", "Only a social worker or a team manager can open another team's case (break the glass)."},
	{ACCESS_VIEW_HISTORY, "YY---", "Only a social worker or a team manager can read a case's history."},
	{ACCESS_VIEW_WORKER_ACTIVITY, "-Y---", "Only a team manager can see a worker's recent activity."},
	{ACCESS_VERIFY_AUDIT, "-Y--Y", "Only a team manager or an admin can check the audit trail."},
	{ACCESS_EDIT_PERSON, "YY---", "Only a social worker or a team manager can change the person's details."},
};

Test(access_table, covers_every_action)
{
	size_t i;

	cr_assert_eq(CW_ARRAY_LEN(perm_cases), (size_t)ACCESS_ACTION_COUNT);
	for (i = 0; i < CW_ARRAY_LEN(perm_cases); i++)
		cr_expect_eq(perm_cases[i].action, (enum access_action)i);
}

ParameterizedTestParameters(access_table, role_by_action)
{
	return cr_make_param_array(struct perm_case, perm_cases, CW_ARRAY_LEN(perm_cases));
}

static void member(struct staff_member *m, enum role role, const char *team)
{
	memset(m, 0, sizeof *m);
	cw_strlcpy(m->login, "asmith", sizeof m->login);
	cw_strlcpy(m->name, "Alice Smith", sizeof m->name);
	cw_strlcpy(m->team, team, sizeof m->team);
	m->role = role;
}

/* every role, on a case of their own team and on no case at all */
ParameterizedTest(struct perm_case *t, access_table, role_by_action)
{
	struct policy p;
	struct staff_member m;
	struct cw_error err;
	int r;

	fx_policy(&p);
	for (r = 0; r < ROLE_COUNT; r++) {
		bool may = t->may[r] == 'Y';
		member(&m, (enum role)r, "North Team");
		cr_expect_eq(access_role_may((enum role)r, t->action), may, "%s x %s", role_keys[r],
		             access_action_keys[t->action]);
		cw_error_clear(&err);
		cr_expect_eq(access_check(&m, t->action, "North Team", &p, &err), may ? CW_OK : CW_ERR_DENIED,
		             "%s x %s: %s", role_keys[r], access_action_keys[t->action], err.msg);
		cr_expect_eq(access_check(&m, t->action, NULL, &p, NULL), may ? CW_OK : CW_ERR_DENIED);
		if (!may)
			cr_expect_str_eq(err.msg, t->refusal);
	}
}

Test(access_team, own_team_only)
{
	struct policy p;
	struct staff_member sw;
	struct cw_error err = {0};

	fx_policy(&p);
	member(&sw, ROLE_SOCIAL_WORKER, "North Team");
	cr_expect_eq(access_check(&sw, ACCESS_EDIT_PLAN, "North Team", &p, &err), CW_OK);
	cr_expect_eq(access_check(&sw, ACCESS_VIEW_CASE, "South Team", &p, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "This case belongs to South Team; you are in North Team. To open it, break the "
	                          "glass and give a reason (it is recorded).");
	cr_expect_eq(access_check(&sw, ACCESS_EDIT_PLAN, "South Team", &p, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg,
	                 "This case belongs to South Team; you are in North Team. Only its own team can change the "
	                 "support plan.");
}

Test(access_team, managers_scoped_too)
{
	struct policy p;
	struct staff_member tm;
	struct cw_error err = {0};

	fx_policy(&p);
	member(&tm, ROLE_TEAM_MANAGER, "North Team");
	cr_expect_eq(access_check(&tm, ACCESS_ALLOCATE, "North Team", &p, &err), CW_OK);
	cr_expect_eq(access_check(&tm, ACCESS_ALLOCATE, "South Team", &p, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "This case belongs to South Team; you are in North Team. Only its own team can "
	                          "allocate a case.");
	cr_expect_eq(access_check(&tm, ACCESS_VIEW_WORKER_ACTIVITY, "South Team", &p, NULL), CW_ERR_DENIED);
}

Test(access_team, panel_and_finance_serve_every_team)
{
	struct policy p;
	struct staff_member pm, fo;

	fx_policy(&p);
	member(&pm, ROLE_PANEL_MEMBER, "Funding Panel");
	member(&fo, ROLE_FINANCE_OFFICER, "Finance");
	cr_expect_eq(access_check(&pm, ACCESS_RECORD_PANEL_DECISION, "South Team", &p, NULL), CW_OK);
	cr_expect_eq(access_check(&pm, ACCESS_VIEW_CASE, "South Team", &p, NULL), CW_OK);
	cr_expect_eq(access_check(&fo, ACCESS_RECORD_DP_AUDIT, "North Team", &p, NULL), CW_OK);
	cr_expect_eq(access_check(&fo, ACCESS_EDIT_FINANCIAL, "South Team", &p, NULL), CW_OK);
	cr_expect_not(access_team_scoped(ROLE_PANEL_MEMBER, ACCESS_VIEW_CASE));
	cr_expect(access_team_scoped(ROLE_SOCIAL_WORKER, ACCESS_VIEW_CASE));
}

Test(access_glass, with_a_reason_reads_only)
{
	struct policy p;
	struct staff_member sw;
	struct cw_error err = {0};
	const char *why = "Out-of-hours safeguarding call about this person";

	fx_policy(&p);
	member(&sw, ROLE_SOCIAL_WORKER, "North Team");
	cr_expect_eq(access_check(&sw, ACCESS_BREAK_GLASS, "South Team", &p, &err), CW_OK);
	cr_expect_eq(access_check_glass(&sw, ACCESS_VIEW_CASE, "South Team", &p, why, &err), CW_OK);
	cr_expect_eq(access_check_glass(&sw, ACCESS_VIEW_HISTORY, "South Team", &p, why, &err), CW_OK);
	cr_expect_eq(access_check_glass(&sw, ACCESS_ADD_NOTE, "South Team", &p, why, &err), CW_OK);
	cr_expect_eq(access_check_glass(&sw, ACCESS_EDIT_PLAN, "South Team", &p, why, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Breaking the glass lets you read a case of South Team and add a note; only its own "
	                          "team can change the support plan.");
	/* the role table still applies */
	cr_expect_eq(access_check_glass(&sw, ACCESS_SIGN_OFF_PLAN, "South Team", &p, why, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "Only a team manager can sign off a support plan.");
}

Test(access_glass, needs_a_reason)
{
	struct policy p;
	struct staff_member sw;
	struct cw_error err = {0};

	fx_policy(&p);
	member(&sw, ROLE_SOCIAL_WORKER, "North Team");
	cr_expect_eq(access_check_glass(&sw, ACCESS_VIEW_CASE, "South Team", &p, "   ", &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "reason: say why you need this case (at least 10 characters); it is recorded");
	cr_expect_eq(access_check_glass(&sw, ACCESS_VIEW_CASE, "South Team", &p, NULL, &err), CW_ERR_INVALID);
	cr_expect_eq(access_check_glass(&sw, ACCESS_VIEW_CASE, "South Team", &p, "duty call", &err), CW_ERR_INVALID);
	cr_expect_eq(access_check_glass(&sw, ACCESS_VIEW_CASE, "South Team", &p, "duty calls!", &err), CW_OK);
	/* own team: no glass to break */
	cr_expect_eq(access_check_glass(&sw, ACCESS_EDIT_PLAN, "North Team", &p, "", &err), CW_OK);
}

Test(access_glass, refused_when_policy_says_no)
{
	struct policy p;
	struct staff_member sw;
	struct cw_error err = {0};

	fx_policy(&p);
	p.access.break_the_glass = false;
	member(&sw, ROLE_SOCIAL_WORKER, "North Team");
	cr_expect_eq(access_check(&sw, ACCESS_VIEW_CASE, "South Team", &p, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "This case belongs to South Team; you are in North Team. Only its own team can open "
	                          "a case.");
	cr_expect_eq(access_check(&sw, ACCESS_BREAK_GLASS, "South Team", &p, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "This council does not allow opening another team's cases; ask a manager in South "
	                          "Team.");
	cr_expect_eq(access_check_glass(&sw, ACCESS_VIEW_CASE, "South Team", &p, "Out-of-hours safeguarding call",
	                                &err),
	             CW_ERR_DENIED);
}

Test(access_check, nobody_signed_in)
{
	struct policy p;
	struct cw_error err = {0};

	fx_policy(&p);
	cr_expect_eq(access_check(NULL, ACCESS_VIEW_CASE, "North Team", &p, &err), CW_ERR_DENIED);
	cr_expect_str_eq(err.msg, "You are not on the staff list: ask your systems team for access.");
	cr_expect_not(access_role_may(ROLE_COUNT, ACCESS_VIEW_CASE));
	cr_expect_not(access_role_may(ROLE_ADMIN, ACCESS_ACTION_COUNT));
}
