/* access.c - the permission table and team scoping (see access.h). */
#include "core/access.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define SW (1u << ROLE_SOCIAL_WORKER)
#define TM (1u << ROLE_TEAM_MANAGER)
#define PM (1u << ROLE_PANEL_MEMBER)
#define FO (1u << ROLE_FINANCE_OFFICER)
#define AD (1u << ROLE_ADMIN)

/* Admins look after the staff list and the system: no case content. */
static const unsigned table[ACCESS_ACTION_COUNT] = {
	[ACCESS_VIEW_CASE] = SW | TM | PM | FO,
	[ACCESS_CREATE_CASE] = SW | TM,
	[ACCESS_EDIT_DECISION] = SW | TM,
	[ACCESS_EDIT_ASSESSMENT] = SW | TM,
	[ACCESS_EDIT_FINANCIAL] = SW | TM | FO,
	[ACCESS_EDIT_PANEL_REQUEST] = SW | TM,
	[ACCESS_EDIT_PLAN] = SW | TM,
	[ACCESS_EDIT_REVIEW] = SW | TM,
	[ACCESS_ADVANCE_STAGE] = SW | TM,
	[ACCESS_RECORD_PANEL_DECISION] = PM,
	[ACCESS_RECORD_DP_AUDIT] = FO,
	[ACCESS_SIGN_OFF_ASSESSMENT] = TM,
	[ACCESS_SIGN_OFF_PLAN] = TM,
	[ACCESS_ALLOCATE] = TM,
	[ACCESS_REASSIGN] = TM,
	[ACCESS_ADD_NOTE] = SW | TM | PM | FO,
	[ACCESS_VIEW_PANEL_QUEUE] = PM | TM,
	[ACCESS_BREAK_GLASS] = SW | TM,
	[ACCESS_VIEW_HISTORY] = SW | TM,
	[ACCESS_VIEW_WORKER_ACTIVITY] = TM,
	[ACCESS_VERIFY_AUDIT] = TM | AD,
};

/* What break-the-glass opens: reading, and a note of why. */
static const unsigned glass_actions = (1u << ACCESS_VIEW_CASE) | (1u << ACCESS_VIEW_HISTORY) |
                                      (1u << ACCESS_ADD_NOTE);

#define GLASS_REASON_MIN 10

const char *const access_action_keys[ACCESS_ACTION_COUNT] = {
	"view_case", "create_case", "edit_decision", "edit_assessment", "edit_financial",
	"edit_panel_request", "edit_plan", "edit_review", "advance_stage", "record_panel_decision",
	"record_dp_audit", "sign_off_assessment", "sign_off_plan", "allocate", "reassign", "add_note",
	"view_panel_queue", "break_glass", "view_history", "view_worker_activity", "verify_audit",
};

const char *const access_action_labels[ACCESS_ACTION_COUNT] = {
	"open a case",
	"open a new case",
	"change the decision-making record",
	"change the assessment",
	"record the financial assessment",
	"ask the panel for a budget",
	"change the support plan",
	"record a review",
	"move a case to its next stage",
	"record a panel decision",
	"record a direct-payment audit",
	"sign off an assessment",
	"sign off a support plan",
	"allocate a case",
	"reassign a case",
	"add a note",
	"see the panel queue",
	"open another team's case (break the glass)",
	"read a case's history",
	"see a worker's recent activity",
	"check the audit trail",
};

static const char *const role_phrase[ROLE_COUNT] = {
	"a social worker", "a team manager", "a panel member", "a finance officer", "an admin",
};

bool access_role_may(enum role role, enum access_action action)
{
	if ((int)role < 0 || role >= ROLE_COUNT || (int)action < 0 || action >= ACCESS_ACTION_COUNT)
		return false;
	return (table[action] & (1u << role)) != 0;
}

bool access_team_scoped(enum role role, enum access_action action)
{
	(void)action;
	return role == ROLE_SOCIAL_WORKER || role == ROLE_TEAM_MANAGER;
}

/* "Only a social worker, a team manager or a finance officer can ..." */
static enum cw_status refuse_role(enum access_action action, struct cw_error *err)
{
	char who[160] = "";
	int r, n = 0, total = 0;

	for (r = 0; r < ROLE_COUNT; r++)
		if (table[action] & (1u << r))
			total++;
	for (r = 0; r < ROLE_COUNT; r++) {
		if (!(table[action] & (1u << r)))
			continue;
		n++;
		if (n > 1)
			strncat(who, n == total ? " or " : ", ", sizeof who - strlen(who) - 1);
		strncat(who, role_phrase[r], sizeof who - strlen(who) - 1);
	}
	if (total == 0)
		return cw_fail(err, CW_ERR_DENIED, "Nobody can %s.", access_action_labels[action]);
	return cw_fail(err, CW_ERR_DENIED, "Only %s can %s.", who, access_action_labels[action]);
}

static bool reason_given(const char *reason)
{
	size_t n = 0;

	if (!reason)
		return false;
	for (; *reason; reason++)
		if (!isspace((unsigned char)*reason))
			n++;
	return n >= GLASS_REASON_MIN;
}

static enum cw_status check(const struct staff_member *who, enum access_action action, const char *case_team,
                            const struct policy *policy, const char *reason, struct cw_error *err)
{
	bool glass = policy && policy->access.break_the_glass;

	if (!who)
		return cw_fail(err, CW_ERR_DENIED, "You are not on the staff list: ask your systems team for access.");
	if ((int)action < 0 || action >= ACCESS_ACTION_COUNT)
		return cw_fail(err, CW_ERR_INVALID, "action: unknown (%d)", (int)action);
	if (!access_role_may(who->role, action))
		return refuse_role(action, err);
	if (!case_team || !access_team_scoped(who->role, action) || strcmp(case_team, who->team) == 0)
		return CW_OK;

	/* another team's case */
	if (action == ACCESS_BREAK_GLASS) {
		if (!glass)
			return cw_fail(err, CW_ERR_DENIED,
			               "This council does not allow opening another team's cases; ask a manager in %s.",
			               case_team);
		return CW_OK;
	}
	if (!reason) {
		if (glass && (glass_actions & (1u << action)))
			return cw_fail(err, CW_ERR_DENIED,
			               "This case belongs to %s; you are in %s. To open it, break the glass and give "
			               "a reason (it is recorded).",
			               case_team, who->team);
		return cw_fail(err, CW_ERR_DENIED, "This case belongs to %s; you are in %s. Only its own team can %s.",
		               case_team, who->team, access_action_labels[action]);
	}
	if (!glass)
		return cw_fail(err, CW_ERR_DENIED,
		               "This council does not allow opening another team's cases; ask a manager in %s.",
		               case_team);
	if (!reason_given(reason))
		return cw_fail(err, CW_ERR_INVALID,
		               "reason: say why you need this case (at least %d characters); it is recorded",
		               GLASS_REASON_MIN);
	if (!(glass_actions & (1u << action)))
		return cw_fail(err, CW_ERR_DENIED,
		               "Breaking the glass lets you read a case of %s and add a note; only its own team can %s.",
		               case_team, access_action_labels[action]);
	return CW_OK;
}

enum cw_status access_check(const struct staff_member *who, enum access_action action, const char *case_team,
                            const struct policy *policy, struct cw_error *err)
{
	return check(who, action, case_team, policy, NULL, err);
}

enum cw_status access_check_glass(const struct staff_member *who, enum access_action action, const char *case_team,
                                  const struct policy *policy, const char *reason, struct cw_error *err)
{
	return check(who, action, case_team, policy, reason ? reason : "", err);
}
