/* act.h - what a member of staff does to a case, checked against their
 * role and team (core/access.h) before the store is touched, so the
 * rules hold whatever screen or command asks: opening a case (recorded;
 * another team's only by breaking the glass with a reason), saving a
 * change (every changed field checked), signing off, allocating and
 * reassigning, reading a case's history or a worker's activity, adding
 * a note, listing a caseload. The screens call these, not the store. */
#ifndef CW_ACT_H
#define CW_ACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case.h"
#include "policy.h"
#include "staff.h"
#include "status.h"
#include "store.h"

/* Loads case `id` for `who` into out, if they may open it, and records
 * the opening in the audit trail; a case whose opening cannot be
 * recorded is not opened. Another team's case is refused (CW_ERR_DENIED,
 * saying whether the glass may be broken) unless `reason` is given and
 * the policy allows breaking the glass: then the reason is recorded
 * with the opening. On failure out is left blank. */
enum cw_status act_open(struct store *st, const struct staff_member *who, const struct policy *p, int64_t id,
                        const char *reason, struct case_record *out, struct cw_error *err);

/* Whether breaking the glass, with a reason, would open case `id` for
 * `who` (another team's case, and the policy allows it); if so, and
 * team is not NULL, the case's team is copied there. */
bool act_glass_would_open(struct store *st, const struct staff_member *who, const struct policy *p, int64_t id,
                          char *team, size_t team_size);

/* What act_save did besides saving. */
enum {
	ACT_VOIDED_ASSESSMENT = 1u << 0, /* the assessment changed: its sign-off no longer stands */
	ACT_VOIDED_PLAN = 1u << 1,       /* the plan changed: its sign-off no longer stands */
};

/* Saves `after` over `before` (the version `who` opened). A sign-off
 * stands only for what was signed: when the assessment (or the plan)
 * changes, its sign-off is cleared (reported in *voided, which may be
 * NULL). Then every changed field is checked (access_check_change) and
 * the case saved with its audit rows (store_case_save: a newer version
 * underneath is CW_ERR_STALE, saying who saved it and when). */
enum cw_status act_save(struct store *st, const struct staff_member *who, const struct policy *p,
                        const struct case_record *before, struct case_record *after, const char *what,
                        unsigned *voided, struct cw_error *err);

/* A team manager signs off the assessment (at assessment) or the support
 * plan (at planning), where the policy asks for it, once everything
 * else the stage needs is there (else CW_ERR_INCOMPLETE with the list).
 * Saves; c is updated on success. */
enum cw_status act_sign_off(struct store *st, const struct staff_member *who, const struct policy *p,
                            struct case_record *c, struct cw_error *err);

/* A team manager allocates the case (or reassigns it) to `login`: a
 * social worker or team manager of their own team. Saves; c is updated
 * on success. */
enum cw_status act_allocate(struct store *st, const struct staff_member *who, const struct staff *staff,
                            const struct policy *p, struct case_record *c, const char *login,
                            struct cw_error *err);

/* The case's history, newest first (at most `limit` rows), if `who`
 * may read it; `glass_reason` is the reason given when the case was
 * opened from another team (NULL otherwise). */
enum cw_status act_history(struct store *st, const struct staff_member *who, const struct policy *p,
                           const struct case_record *c, const char *glass_reason, size_t limit,
                           struct audit_list *out, struct cw_error *err);

/* A worker's recent activity (every case), newest first, for a team
 * manager of the worker's team. */
enum cw_status act_activity(struct store *st, const struct staff_member *who, const struct staff *staff,
                            const struct policy *p, const char *login, size_t limit, struct audit_list *out,
                            struct cw_error *err);

/* Adds a case note, if `who` may (see act_history for glass_reason). */
enum cw_status act_note(struct store *st, const struct staff_member *who, const struct policy *p,
                        const struct case_record *c, const char *glass_reason, const char *text,
                        struct cw_error *err);

/* The caseload `who` may see (access_caseload_scope), with the rest of
 * the query (stage, sort, panel queue ...) as given in q. */
enum cw_status act_caseload(struct store *st, const struct staff_member *who, bool team_view,
                            const struct caseload_query *q, struct caseload *out, struct cw_error *err);

#endif
