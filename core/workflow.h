/* workflow.h - the five-stage state machine and its guards. A case moves
 * on only when its stage is complete; workflow_missing says exactly what
 * is missing, one item a line in plain words. Panel is skipped, recorded
 * as not needed with why, when no trigger fires; an ineligible case
 * closes with its reasons; a declined panel goes back to the worker; a
 * review keeps the case, sends it back to planning or assessment, or
 * ends the service. Pure functions over struct case_record: the caller
 * checks access (core/access.h) and saves (core/store.h). */
#ifndef CW_WORKFLOW_H
#define CW_WORKFLOW_H

#include <stddef.h>

#include "access.h"
#include "case.h"
#include "date.h"
#include "policy.h"
#include "status.h"

#define WORKFLOW_MISSING_MAX 4096

/* Fills buf with what the current stage still needs, one item a line
 * ("Record whether the person has capacity"). CW_OK and "" when the stage
 * is complete; CW_ERR_INCOMPLETE otherwise. At review there is nothing to
 * complete (a review is recorded instead): CW_OK. A closed case:
 * CW_ERR_INCOMPLETE, "This case is closed". */
enum cw_status workflow_missing(const struct case_record *c, const struct policy *p, char *buf, size_t bufsize);

/* Contradictions in a decision-making record, refused before saving:
 * a direct payment with no capacity and no authorised person; a mix with
 * no detail of which needs go which way; managing "with help" with no
 * one named; a direct payment nobody can manage. CW_ERR_INVALID with the
 * reason, else CW_OK (an incomplete record is not a contradiction). */
enum cw_status workflow_decision_check(const struct decision_record *d, struct cw_error *err);

/* Works out the derived figures from what was entered: each plan line's
 * cost (rate x units, when units are given), the plan's weekly total,
 * eligibility, the RAS points and indicative budget, and the computed
 * contribution (a figure from the finance letter is left as entered). */
enum cw_status workflow_recalculate(struct case_record *c, const struct policy *p, struct cw_error *err);

/* Moves the case on when its stage is complete (else CW_ERR_INCOMPLETE
 * with the missing list in err):
 *   decision -> assessment;
 *   assessment -> closed (ineligible, with reasons and advice) or
 *     panel (a trigger fired; the reasons recorded) or planning (panel
 *     recorded as not needed, with why);
 *   planning -> panel (plan over budget + tolerance, or a family PA in
 *     the same household not yet approved) or review (dates set).
 * At panel, use workflow_panel_decide; at review, workflow_review_record.
 * today dates a closure. */
enum cw_status workflow_advance(struct case_record *c, const struct policy *p, struct date today,
                                struct cw_error *err);

/* Records a panel hearing (reasons, members and date required; an amount
 * for PANEL_APPROVED_OTHER) and acts on it: approved -> planning, the
 * approved amount the final budget; declined -> back to the worker
 * (assessment, or planning if the plan sent it); deferred -> stays. */
enum cw_status workflow_panel_decide(struct case_record *c, const struct policy *p, enum panel_decision decision,
                                     int64_t approved_weekly, const char *reasons, const char *members,
                                     struct date on, struct cw_error *err);

/* Records a review (date, by, findings required). For a direct-payment
 * audit (e->audit) the clawback is worked out from spent/unspent/misused
 * and stored in the history. Outcomes: no change (stays at review, next
 * dates set), change the plan (-> planning, to be agreed again),
 * reassess (-> assessment; the budget may go up or down), end the
 * service (-> closed). */
enum cw_status workflow_review_record(struct case_record *c, const struct policy *p, const struct review_entry *e,
                                      struct cw_error *err);

/* A team manager signs off the assessment (what = STAGE_ASSESSMENT) or
 * the support plan (STAGE_PLANNING), where the policy asks for it
 * (access.assessment_signoff, support_plan.manager_signoff). The case
 * must be at that stage, `who` a team manager of the case's team, and
 * the record complete but for the sign-off (else CW_ERR_INCOMPLETE with
 * what is missing). on = false withdraws a sign-off (a team manager
 * too). Sets or clears signed_off_by. */
enum cw_status workflow_sign_off(struct case_record *c, const struct policy *p, enum stage what, bool on,
                                 const struct staff_member *who, struct cw_error *err);

/* A sign-off is of the record as it was: when what it signed changed
 * between before and after (the levels, the eligibility answers, the
 * financial figures and the budget; the plan's lines, totals, account
 * and dates), the sign-off in `after` is cleared. Returns the stages
 * whose sign-off lapsed, as bits (1 << STAGE_ASSESSMENT, 1 <<
 * STAGE_PLANNING). */
unsigned workflow_sign_off_lapse(const struct case_record *before, struct case_record *after);

/* Goes back to an earlier stage (not from or to closed), e.g. from
 * planning to assessment when needs change. Records nothing itself: the
 * store's audit trail records the stage change. */
enum cw_status workflow_go_back(struct case_record *c, enum stage to, struct cw_error *err);

#endif
