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

/* A date something happened (a decision, a panel, a review) is not after
 * today: CW_ERR_INVALID "LABEL: DATE is in the future; today is ...". */
enum cw_status act_check_happened(const char *label, struct date on, struct date today, struct cw_error *err);

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

/* ---- the person ---- */

/* The open cases `who` may see (their own team's) of a person with the
 * name and date of birth of `person` (store_person_matches): a possible
 * second case for one person, to ask about before opening it. */
enum cw_status act_duplicates(struct store *st, const struct staff_member *who, const struct person *person,
                              struct caseload *out, struct cw_error *err);

/* Opens a new case (a referral) for the person in c->person, if `who`
 * may (ACCESS_CREATE_CASE: a social worker or a team manager): the
 * person checked (person_check), the referral date c->opened (DATE_NONE:
 * today) neither in the future nor before the date of birth; at
 * decision-making, allocated to `who` in their team (a team manager can
 * reallocate it). When the person already has an open case in the team
 * (act_duplicates) it is opened only with `second_case`, else
 * CW_ERR_INVALID naming that case. The case, its audit rows and
 * `referral` (what was asked for, may be NULL or blank) as its first
 * case note are stored in one transaction. On success c is the case as
 * stored (id, ref, version); on failure nothing is stored and c keeps
 * what was given. */
enum cw_status act_create(struct store *st, const struct staff_member *who, const struct policy *p, struct date today,
                          struct case_record *c, const char *referral, bool second_case, struct cw_error *err);

/* What a change of where the person lives touches (act_person_move),
 * for the screen to ask about, and then what act_save_person did. The
 * linked case is the carer's own case (on the case of the person cared
 * for) or the case of the person cared for (on a carer's case); whether
 * they live together is recorded on the latter
 * (assessment.carer_lives_with). With other_id 0 and ask_other, the
 * other is a carer named on the assessment whose own case is not open
 * yet (it takes the person's address when it is, if they live together). */
struct act_move {
	bool moved;                 /* the address or the household changed */
	int64_t other_id;           /* the linked case, 0 when none */
	char other_ref[CASE_REF_MAX];
	char other_name[CASE_NAME_MAX];
	bool other_is_carer;        /* the linked case is the carer's */
	bool lived_together;        /* as recorded before the change */
	bool together_after;        /* after it, if the other stays where they are */
	bool ask_other;             /* they lived together and would not: does the other move too? */
	int family_lines;           /* plan lines paying a family member of the same household */
	int first_family_line;      /* the first of them, from 1 */
	/* what act_save_person did */
	bool did_move_other;        /* the linked case took the new address and household */
	bool did_set_apart;         /* recorded as no longer living together */
	bool did_set_together;      /* recorded as living together (now at the same address) */
	bool did_clear_family;      /* the lines no longer pay a family member of the same household */
};

struct act_move_answers {
	enum tri other_moves;  /* ask_other: TRI_YES the other moves too, TRI_NO they live apart now */
	enum tri family_still; /* family_lines: TRI_YES the family member lives with them still */
};

/* Fills out for a change of the person from before to after (the
 * linked case read from the store; a linked case that cannot be read
 * is left out). */
enum cw_status act_person_move(struct store *st, const struct staff_member *who, const struct case_record *before,
                               const struct case_record *after, struct act_move *out, struct cw_error *err);

/* Saves a change of the person's details (after is before with its
 * person changed): checked (person_check_change), and what depends on
 * where they live kept right with the answers given (a needed answer
 * left TRI_UNSET is CW_ERR_INCOMPLETE with the question):
 *   - the other moves too: the linked case takes the new address and
 *     household; or they live apart now: "lives with" becomes no; and
 *     one who now lives where the other does is recorded as living with
 *     them;
 *   - plan lines paying a family member of the same household keep
 *     that, or lose it (and with it the panel's check of a family
 *     member paid by direct payment in the same household);
 * then each case's figures worked out again (workflow_recalculate: the
 * client group decides which assessment applies) and both saved through
 * act_save (each field checked against who's role, audited; a newer
 * version underneath is CW_ERR_STALE) in one transaction. On success
 * after is the case as saved and *done (may be NULL) says what was
 * done; *voided as act_save. On failure nothing is saved and after is
 * as given. */
enum cw_status act_save_person(struct store *st, const struct staff_member *who, const struct policy *p,
                               const struct case_record *before, struct case_record *after,
                               const struct act_move_answers *ans, struct act_move *done, unsigned *voided,
                               struct cw_error *err);

#endif
