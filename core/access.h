/* access.h - who may do what: the permission table (role x action) and
 * team scoping. Enforced in core/, not only hidden in the screens. A
 * refusal says which role may do it ("Only a panel member can record a
 * panel decision."). */
#ifndef CW_ACCESS_H
#define CW_ACCESS_H

#include <stdbool.h>

#include "case.h"
#include "policy.h"
#include "staff.h"
#include "status.h"
#include "store.h"

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
	ACCESS_EDIT_PERSON,        /* the person's name, date of birth, address */
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
/* The panel and the finance team serve every team, but only their part
 * of its work: a panel member opens (prints, exports) the cases that
 * are or have been at panel; a finance officer those past
 * decision-making (a financial assessment, a direct-payment audit). For
 * everyone else CW_OK: their limit is the team (access_check). */
enum cw_status access_serves_case(const struct staff_member *who, const struct case_record *c, struct cw_error *err);

enum cw_status access_check(const struct staff_member *who, enum access_action action, const char *case_team,
                            const struct policy *policy, struct cw_error *err);

/* As access_check, after the person broke the glass with `reason` for
 * an out-of-team case: allowed only when policy->access.break_the_glass,
 * the reason is given (some words, not blank), and the action is one
 * break-the-glass opens (viewing the case and its history, adding a
 * note). The caller records the access and the reason in the history. */
enum cw_status access_check_glass(const struct staff_member *who, enum access_action action, const char *case_team,
                                  const struct policy *policy, const char *reason, struct cw_error *err);

/* Whether breaking the glass (with a reason) would let `who` do
 * `action` on a case of `case_team` that access_check refuses: the role
 * may do it, the case is another team's, the policy allows it and the
 * action is one the glass opens. */
bool access_glass_opens(const struct staff_member *who, enum access_action action, const char *case_team,
                        const struct policy *policy);

/* The action a change of one stored field needs (keys as case_to_kv
 * writes them), or ACCESS_ACTION_COUNT for a figure the rules work out
 * (points, the indicative budget, a computed contribution, the plan's
 * total, trigger reasons, next due dates) that changes as a consequence
 * of what was entered. `after` is the case as it will be saved. */
enum access_action access_action_for_field(const char *key, const struct case_record *before,
                                           const struct case_record *after);

/* May `who` save `after` over `before`? Every stored field that differs
 * is checked against the role and the case's team (access_check):
 * a panel member may record the panel's decision but not change the
 * worker's request; a finance officer the financial assessment and a
 * direct-payment audit; a social worker neither a sign-off nor a panel
 * decision nor a reallocation. Clearing a sign-off or a panel decision
 * (the workflow does when a case goes back) needs the right to move the
 * case on. CW_OK, or CW_ERR_DENIED naming the field's action and who
 * may do it. */
enum cw_status access_check_change(const struct staff_member *who, const struct case_record *before,
                                   const struct case_record *after, const struct policy *policy,
                                   struct cw_error *err);

/* The permission table as a Markdown table (for the README, which a
 * test keeps equal to this): one row per action, one column per role,
 * "own team", "every team", "yes" or "-". Returns the length written. */
size_t access_markdown(char *buf, size_t size);

/* Fills the scope of `who`'s caseload into q (worker and team): social
 * workers their own cases; team managers their own, or their team's
 * with `team_view`; panel members and finance officers every team's.
 * An admin sees no cases: CW_ERR_DENIED. The rest of q is left alone. */
enum cw_status access_caseload_scope(const struct staff_member *who, bool team_view, struct caseload_query *q,
                                     struct cw_error *err);

#endif
