/* access.c - the permission table and team scoping (see access.h). */
#include "core/access.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

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
	[ACCESS_EDIT_PERSON] = SW | TM,
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
	"edit_person",
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
	"change the person's details",
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

enum cw_status access_serves_case(const struct staff_member *who, const struct case_record *c, struct cw_error *err)
{
	const char *at = stage_labels[c->stage < STAGE_COUNT ? c->stage : STAGE_CLOSED];
	if (!who)
		return CW_OK;
	if (who->role == ROLE_PANEL_MEMBER && c->stage != STAGE_PANEL && c->panel.required != TRI_YES &&
	    c->panel.nhistory == 0)
		return cw_fail(err, CW_ERR_DENIED, "%s has not come to the panel (it is at %s); a panel member opens the "
		               "cases the panel hears", c->ref, at);
	if (who->role == ROLE_FINANCE_OFFICER && c->stage == STAGE_DECISION)
		return cw_fail(err, CW_ERR_DENIED, "%s is at %s, before any financial assessment; a finance officer opens "
		               "cases from assessment on", c->ref, at);
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

bool access_glass_opens(const struct staff_member *who, enum access_action action, const char *case_team,
                        const struct policy *policy)
{
	if (!who || !case_team || (int)action < 0 || action >= ACCESS_ACTION_COUNT)
		return false;
	return access_role_may(who->role, action) && access_role_may(who->role, ACCESS_BREAK_GLASS) &&
	       access_team_scoped(who->role, action) && strcmp(case_team, who->team) != 0 && policy &&
	       policy->access.break_the_glass && (glass_actions & (1u << action));
}

/* ---- which action a change of one field needs ---- */

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* Whether review entry i (of after, else before) is a direct-payment audit. */
static bool review_entry_is_audit(int i, const struct case_record *before, const struct case_record *after)
{
	if (i >= 0 && i < after->review.nhistory && i < REVIEW_MAX_HISTORY)
		return after->review.history[i].audit;
	if (i >= 0 && i < before->review.nhistory && i < REVIEW_MAX_HISTORY)
		return before->review.history[i].audit;
	return false;
}

enum access_action access_action_for_field(const char *key, const struct case_record *before,
                                           const struct case_record *after)
{
	/* worked out by the rules from what was entered */
	static const char *const derived[] = {
		"assessment.eligible", "assessment.ineligible_reasons", "assessment.points",
		"assessment.indicative_weekly", "panel.required", "panel.triggers", "panel.reasons",
		"panel.not_needed_reason", "plan.total_weekly", "review.next_due", "review.audit_due",
	};
	static const char *const financial[] = {
		"assessment.capital", "assessment.weekly_income", "assessment.contribution_from_letter",
		"assessment.financial_assessed_on",
	};
	static const char *const stage_keys_[] = {"stage", "closed_from", "closed", "closed_reason"};
	static const char *const request[] = {"panel.worker_request", "panel.requested_weekly", "panel.justification"};
	size_t i;

	for (i = 0; i < CW_ARRAY_LEN(derived); i++)
		if (strcmp(key, derived[i]) == 0)
			return ACCESS_ACTION_COUNT;
	if (has_prefix(key, "plan.line.") && has_suffix(key, ".weekly_cost"))
		return ACCESS_ACTION_COUNT;
	if (strcmp(key, "assessment.person_weekly") == 0)
		return after->assessment.contribution_from_letter ? ACCESS_EDIT_FINANCIAL : ACCESS_ACTION_COUNT;
	for (i = 0; i < CW_ARRAY_LEN(financial); i++)
		if (strcmp(key, financial[i]) == 0)
			return ACCESS_EDIT_FINANCIAL;
	for (i = 0; i < CW_ARRAY_LEN(stage_keys_); i++)
		if (strcmp(key, stage_keys_[i]) == 0)
			return ACCESS_ADVANCE_STAGE;
	for (i = 0; i < CW_ARRAY_LEN(request); i++)
		if (strcmp(key, request[i]) == 0)
			return ACCESS_EDIT_PANEL_REQUEST;
	if (strcmp(key, "worker") == 0)
		return before->worker[0] ? ACCESS_REASSIGN : ACCESS_ALLOCATE;
	if (strcmp(key, "team") == 0)
		return before->team[0] ? ACCESS_REASSIGN : ACCESS_ALLOCATE;
	if (strcmp(key, "opened") == 0)
		return ACCESS_CREATE_CASE;
	if (has_prefix(key, "person."))
		return ACCESS_EDIT_PERSON;
	if (has_prefix(key, "decision."))
		return ACCESS_EDIT_DECISION;
	if (strcmp(key, "assessment.signed_off_by") == 0)
		return ACCESS_SIGN_OFF_ASSESSMENT;
	if (has_prefix(key, "assessment."))
		return ACCESS_EDIT_ASSESSMENT;
	if (has_prefix(key, "panel."))
		return ACCESS_RECORD_PANEL_DECISION;
	if (strcmp(key, "plan.signed_off_by") == 0 || strcmp(key, "plan.signed_off_on") == 0)
		return ACCESS_SIGN_OFF_PLAN;
	if (has_prefix(key, "plan."))
		return ACCESS_EDIT_PLAN;
	if (has_prefix(key, "review.history.")) {
		const char *n = key + strlen("review.history.");
		int idx = (n[0] >= '0' && n[0] <= '9' && n[1] >= '0' && n[1] <= '9') ? (n[0] - '0') * 10 + (n[1] - '0')
		                                                                      : -1;
		return review_entry_is_audit(idx, before, after) ? ACCESS_RECORD_DP_AUDIT : ACCESS_EDIT_REVIEW;
	}
	if (strcmp(key, "review.nhistory") == 0) {
		int last = (after->review.nhistory > before->review.nhistory ? after->review.nhistory
		                                                             : before->review.nhistory) - 1;
		return review_entry_is_audit(last, before, after) ? ACCESS_RECORD_DP_AUDIT : ACCESS_EDIT_REVIEW;
	}
	if (has_prefix(key, "review."))
		return ACCESS_EDIT_REVIEW;
	return ACCESS_ADVANCE_STAGE; /* anything new: only those who move cases on */
}

/* The action one changed field needs from this person. */
static enum access_action change_action(const struct staff_member *who, const char *key, const char *new_value,
                                        const struct case_record *before, const struct case_record *after)
{
	enum access_action act = access_action_for_field(key, before, after);

	/* The workflow clears a sign-off or a panel decision when the case
	 * goes back or its figures change: that is part of moving it on. */
	if (!*new_value && (act == ACCESS_SIGN_OFF_ASSESSMENT || act == ACCESS_SIGN_OFF_PLAN ||
	                    act == ACCESS_RECORD_PANEL_DECISION))
		act = ACCESS_ADVANCE_STAGE;
	/* The panel's decision moves the case on from panel. */
	if (act == ACCESS_ADVANCE_STAGE && before->stage == STAGE_PANEL &&
	    access_role_may(who->role, ACCESS_RECORD_PANEL_DECISION))
		act = ACCESS_RECORD_PANEL_DECISION;
	return act;
}

enum cw_status access_check_change(const struct staff_member *who, const struct case_record *before,
                                   const struct case_record *after, const struct policy *policy,
                                   struct cw_error *err)
{
	struct kv_list a = {0}, b = {0};
	enum cw_status rc;
	size_t i = 0, j = 0;

	if ((rc = access_check(who, ACCESS_VIEW_CASE, before->team, policy, err)) != CW_OK)
		return rc;
	if (after->id != before->id)
		return cw_fail(err, CW_ERR_INVALID, "these are two different cases");
	case_to_kv(before, &a);
	case_to_kv(after, &b);
	while (rc == CW_OK && (i < a.n || j < b.n)) {
		int cmp = i >= a.n ? 1 : j >= b.n ? -1 : strcmp(a.items[i].key, b.items[j].key);
		const char *key, *new_value;
		if (cmp < 0) {
			key = a.items[i++].key;
			new_value = "";
		} else if (cmp > 0) {
			key = b.items[j].key;
			new_value = b.items[j++].val;
		} else {
			bool same = strcmp(a.items[i].val, b.items[j].val) == 0;
			key = b.items[j].key;
			new_value = b.items[j].val;
			i++, j++;
			if (same)
				continue;
		}
		enum access_action act = change_action(who, key, new_value, before, after);
		if (act == ACCESS_ACTION_COUNT)
			continue;
		rc = access_check(who, act, before->team, policy, err);
	}
	kv_list_free(&a);
	kv_list_free(&b);
	return rc;
}

enum cw_status access_caseload_scope(const struct staff_member *who, bool team_view, struct caseload_query *q,
                                     struct cw_error *err)
{
	if (!who)
		return check(NULL, ACCESS_VIEW_CASE, NULL, NULL, NULL, err);
	switch (who->role) {
	case ROLE_SOCIAL_WORKER:
		q->worker = who->login;
		q->team = who->team;
		return CW_OK;
	case ROLE_TEAM_MANAGER:
		q->worker = team_view ? NULL : who->login;
		q->team = who->team;
		return CW_OK;
	case ROLE_PANEL_MEMBER:
	case ROLE_FINANCE_OFFICER:
		q->worker = NULL;
		q->team = NULL;
		return CW_OK;
	default:
		return cw_fail(err, CW_ERR_DENIED, "An admin sees no cases: admins look after the staff list and the "
		                                   "system (casework audit verify, casework staff check).");
	}
}

size_t access_markdown(char *buf, size_t size)
{
	static const char *const heads[ROLE_COUNT] = {
		"Social worker", "Team manager", "Panel member", "Finance officer", "Admin",
	};
	size_t len = 0;
	if (size == 0)
		return 0;
	buf[0] = '\0';
#define OUT(...) \
	do { \
		int n_ = snprintf(buf + len, size - len, __VA_ARGS__); \
		if (n_ > 0) \
			len += (size_t)n_ < size - len ? (size_t)n_ : size - len - 1; \
	} while (0)
	OUT("| To ... |");
	for (int r = 0; r < ROLE_COUNT; r++)
		OUT(" %s |", heads[r]);
	OUT("\n|---|");
	for (int r = 0; r < ROLE_COUNT; r++)
		OUT("---|");
	OUT("\n");
	for (int a = 0; a < ACCESS_ACTION_COUNT; a++) {
		OUT("| %s |", access_action_labels[a]);
		for (int r = 0; r < ROLE_COUNT; r++) {
			const char *cell = "-";
			if (access_role_may((enum role)r, (enum access_action)a))
				cell = a == ACCESS_VERIFY_AUDIT  ? "yes"
				       : a == ACCESS_BREAK_GLASS ? "with a reason"
				       : access_team_scoped((enum role)r, (enum access_action)a) ? "own team"
				                                                                 : "every team";
			OUT(" %s |", cell);
		}
		OUT("\n");
	}
#undef OUT
	return len;
}
