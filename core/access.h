/* access.h - who may do what: the permission table (role x action) and
 * team scoping. Enforced in core/, not only hidden in the screens. A
 * refusal says which role may do it ("Only a panel member can record a
 * panel decision."). */
#ifndef CW_ACCESS_H
#define CW_ACCESS_H

#include <stdbool.h>

#include "policy.h"
#include "staff.h"
#include "status.h"

enum access_action {
	ACCESS_VIEW_CASE,
	ACCESS_CREATE_CASE,
	ACCESS_EDIT_DECISION,
	ACCESS_EDIT_ASSESSMENT,
	ACCESS_EDIT_FINANCIAL,     /* the financial assessment / finance letter figure */
	ACCESS_EDIT_PANEL_REQUEST, /* the worker's request to panel */
	ACCESS_EDIT_PLAN,
	ACCESS_EDIT_REVIEW,
	ACCESS_ADVANCE_STAGE,      /* move a case on when its stage is complete */
	ACCESS_RECORD_PANEL_DECISION,
	ACCESS_RECORD_DP_AUDIT,
	ACCESS_SIGN_OFF_ASSESSMENT,
	ACCESS_SIGN_OFF_PLAN,
	ACCESS_ALLOCATE,
	ACCESS_REASSIGN,
	ACCESS_ADD_NOTE,
	ACCESS_VIEW_PANEL_QUEUE,
	ACCESS_BREAK_GLASS,
	ACCESS_VIEW_HISTORY,
	ACCESS_VIEW_WORKER_ACTIVITY,
	ACCESS_VERIFY_AUDIT,       /* casework audit verify */
	ACCESS_ACTION_COUNT,
};

extern const char *const access_action_keys[ACCESS_ACTION_COUNT];   /* "view_case" */
extern const char *const access_action_labels[ACCESS_ACTION_COUNT]; /* "view a case" */

/* The table alone: may this role ever do this action? */
bool access_role_may(enum role role, enum access_action action);

/* Whether the action is team-scoped for this role: social workers and
 * team managers act on their own team's cases only; panel members and
 * finance officers serve the whole council. */
bool access_team_scoped(enum role role, enum access_action action);

/* May `who` do `action` on a case of team `case_team` (NULL for actions
 * not on one case: the panel queue, a worker's activity)? CW_OK or
 * CW_ERR_DENIED with a message saying who may ("Only a panel member can
 * record a panel decision.") or that the case belongs to another team
 * (and whether the glass may be broken). */
enum cw_status access_check(const struct staff_member *who, enum access_action action, const char *case_team,
                            const struct policy *policy, struct cw_error *err);

/* As access_check, after the person broke the glass with `reason` for
 * an out-of-team case: allowed only when policy->access.break_the_glass,
 * the reason is given (some words, not blank), and the action is one
 * break-the-glass opens (viewing the case and its history, adding a
 * note). The caller records the access and the reason in the history. */
enum cw_status access_check_glass(const struct staff_member *who, enum access_action action, const char *case_team,
                                  const struct policy *policy, const char *reason, struct cw_error *err);

#endif
