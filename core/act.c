/* act.c - a member of staff acting on a case, checked (see act.h). */
#include "core/act.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/person.h"
#include "core/util.h"
#include "core/workflow.h"

static const char *const stage_words[STAGE_COUNT] = {
	"decision-making", "assessment", "panel", "support planning", "review", "closed",
};

static const char *stage_word(enum stage s)
{
	return (int)s >= 0 && s < STAGE_COUNT ? stage_words[s] : "an unknown stage";
}

enum cw_status act_open(struct store *st, const struct staff_member *who, const struct policy *p, int64_t id,
                        const char *reason, struct case_record *out, struct cw_error *err)
{
	struct cw_error e2 = {0};
	enum cw_status rc;
	bool glass = false;

	if ((rc = access_check(who, ACCESS_VIEW_CASE, NULL, p, err)) != CW_OK)
		return rc;
	if ((rc = store_case_load(st, id, out, err)) != CW_OK)
		return rc;
	rc = access_check(who, ACCESS_VIEW_CASE, out->team, p, &e2);
	if (rc != CW_OK && reason && access_glass_opens(who, ACCESS_VIEW_CASE, out->team, p)) {
		rc = access_check_glass(who, ACCESS_VIEW_CASE, out->team, p, reason, &e2);
		glass = rc == CW_OK;
	}
	if (rc == CW_OK)
		rc = access_serves_case(who, out, &e2);
	if (rc != CW_OK) {
		if (err)
			*err = e2;
		case_init(out);
		return rc;
	}
	rc = store_case_opened(st, id, who->login, glass ? reason : NULL, &e2);
	if (rc != CW_OK) {
		cw_fail(err, rc, "%s was not opened: the opening could not be recorded (%s)", out->ref, e2.msg);
		case_init(out);
	}
	return rc;
}

bool act_glass_would_open(struct store *st, const struct staff_member *who, const struct policy *p, int64_t id,
                          char *team, size_t team_size)
{
	struct case_record *c = xmalloc(sizeof *c);
	bool yes = store_case_load(st, id, c, NULL) == CW_OK && access_glass_opens(who, ACCESS_VIEW_CASE, c->team, p);
	if (yes && team)
		cw_sanitize(team, team_size, c->team);
	free(c);
	return yes;
}

/* Whether any stored field that `action` covers differs. */
static bool section_changed(const struct case_record *before, const struct case_record *after,
                            enum access_action action)
{
	struct kv_list a = {0}, b = {0};
	size_t i = 0, j = 0;
	bool changed = false;

	case_to_kv(before, &a);
	case_to_kv(after, &b);
	while (!changed && (i < a.n || j < b.n)) {
		int cmp = i >= a.n ? 1 : j >= b.n ? -1 : strcmp(a.items[i].key, b.items[j].key);
		const char *key;
		if (cmp < 0) {
			key = a.items[i++].key;
		} else if (cmp > 0) {
			key = b.items[j++].key;
		} else {
			bool same = strcmp(a.items[i].val, b.items[j].val) == 0;
			key = a.items[i].key;
			i++, j++;
			if (same)
				continue;
		}
		changed = access_action_for_field(key, before, after) == action;
	}
	kv_list_free(&a);
	kv_list_free(&b);
	return changed;
}

/* A date something happened (a decision, a validation, a panel, a plan
 * agreed, a review) cannot be after today. Only a date this save
 * changes is judged: a record stored before is not held up by it. */
enum cw_status act_check_happened(const char *label, struct date on, struct date today, struct cw_error *err)
{
	char d[DATE_BUF], t[DATE_BUF];
	if (!date_is_set(on) || date_compare(on, today) <= 0)
		return CW_OK;
	return cw_fail(err, CW_ERR_INVALID, "%s: %s is in the future; today is %s: give the day it happened", label,
	               date_format(on, d, sizeof d), date_format(today, t, sizeof t));
}

static enum cw_status happened_check(const char *label, struct date was, struct date now, struct date today,
                                     struct cw_error *err)
{
	return date_compare(now, was) == 0 ? CW_OK : act_check_happened(label, now, today, err);
}

static enum cw_status dates_happened_check(const struct case_record *b, const struct case_record *a,
                                           struct date today, struct cw_error *err)
{
	enum cw_status rc;
	if ((rc = happened_check("Decided on", b->decision.decided_on, a->decision.decided_on, today, err)) != CW_OK ||
	    (rc = happened_check("Validated on", b->assessment.validated_on, a->assessment.validated_on, today, err)) !=
	            CW_OK ||
	    (rc = happened_check("Financially assessed on", b->assessment.financial_assessed_on,
	                         a->assessment.financial_assessed_on, today, err)) != CW_OK ||
	    (rc = happened_check("Panel decided on", b->panel.decided_on, a->panel.decided_on, today, err)) != CW_OK ||
	    (rc = happened_check("Plan agreed on", b->plan.agreed_on, a->plan.agreed_on, today, err)) != CW_OK)
		return rc;
	for (int i = 0; i < a->review.nhistory && i < REVIEW_MAX_HISTORY; i++) {
		struct date was = i < b->review.nhistory ? b->review.history[i].date : DATE_NONE;
		if ((rc = happened_check("Reviewed on", was, a->review.history[i].date, today, err)) != CW_OK)
			return rc;
	}
	return CW_OK;
}

/* A save moves the case only where the workflow would move it: on from
 * a complete stage (workflow_advance), at panel by a decision recorded
 * in the panel's history, at review by a review recorded in its history.
 * The move is replayed on a copy of the new record at the old stage;
 * any other change of stage (closing a case by hand, jumping a stage) is
 * refused, whoever asks. */
static enum cw_status stage_move_check(const struct case_record *b, const struct case_record *a,
                                       const struct policy *p, struct cw_error *err)
{
	if (a->stage == b->stage)
		return CW_OK;
	struct case_record *w = xmalloc(sizeof *w);
	struct cw_error why = {0};
	enum cw_status rc = CW_ERR_INVALID;
	memcpy(w, a, sizeof *w);
	w->stage = b->stage;
	switch (b->stage) {
	case STAGE_DECISION:
	case STAGE_ASSESSMENT:
	case STAGE_PLANNING:
		rc = workflow_advance(w, p, date_today(), &why);
		break;
	case STAGE_PANEL:
		if (a->panel.nhistory == b->panel.nhistory + 1 && a->panel.nhistory <= PANEL_MAX_HISTORY) {
			const struct panel_hearing *h = &a->panel.history[a->panel.nhistory - 1];
			w->panel.nhistory = b->panel.nhistory;
			rc = workflow_panel_decide(w, p, h->decision, h->approved_weekly, h->reasons, h->members, h->date,
			                           &why);
		} else {
			cw_fail(&why, CW_ERR_INVALID, "a case at panel moves on when the panel's decision is recorded");
		}
		break;
	case STAGE_REVIEW:
		if (a->review.nhistory == b->review.nhistory + 1 && a->review.nhistory <= REVIEW_MAX_HISTORY) {
			w->review.nhistory = b->review.nhistory;
			rc = workflow_review_record(w, p, &a->review.history[a->review.nhistory - 1], &why);
		} else {
			cw_fail(&why, CW_ERR_INVALID, "a case at review moves on when a review and its outcome are recorded");
		}
		break;
	default:
		cw_fail(&why, CW_ERR_INVALID, "the case is closed");
		break;
	}
	if (rc == CW_OK && w->stage == a->stage) {
		free(w);
		return CW_OK;
	}
	const char *from = stage_labels[b->stage < STAGE_COUNT ? b->stage : STAGE_CLOSED];
	const char *to = stage_labels[a->stage < STAGE_COUNT ? a->stage : STAGE_CLOSED];
	if (rc == CW_OK)
		rc = cw_fail(err, CW_ERR_INVALID, "%s cannot move from %s to %s: what is recorded takes it to %s", a->ref,
		             from, to, stage_labels[w->stage < STAGE_COUNT ? w->stage : STAGE_CLOSED]);
	else
		rc = cw_fail(err, rc, "%s cannot move from %s to %s: %s", a->ref, from, to, why.msg);
	free(w);
	return rc;
}

/* The figures casework works out (the RAS points and indicative budget,
 * eligibility, a line's cost, the plan's total, the contribution the
 * charging rules give) are the rules' and the policy's: a save may change
 * them only to what the rules give for the record saved. A figure left
 * as it was stays, even if today's policy would give another. */
static enum cw_status derived_check(const struct case_record *b, const struct case_record *a,
                                    const struct policy *p, struct cw_error *err)
{
	struct case_record *r = xmalloc(sizeof *r);
	const char *bad = NULL;
	memcpy(r, a, sizeof *r);
	if (!p || workflow_recalculate(r, p, NULL) != CW_OK) {
		free(r); /* inputs the rules refuse: the save's own checks say why */
		return CW_OK;
	}
#define DERIVED(f, name)                                  \
	do {                                              \
		if (!bad && a->f != b->f && a->f != r->f) \
			bad = name;                       \
	} while (0)
	DERIVED(assessment.points, "The RAS points");
	DERIVED(assessment.indicative_weekly, "The indicative budget");
	DERIVED(assessment.eligible, "Eligibility");
	DERIVED(plan.total_weekly, "The plan's weekly total");
	if (!a->assessment.contribution_from_letter)
		DERIVED(assessment.person_weekly, "The person's weekly contribution");
	for (int i = 0; i < a->plan.nlines && i < PLAN_MAX_LINES; i++)
		if (a->plan.lines[i].units_per_week > 0)
			DERIVED(plan.lines[i].weekly_cost, "A plan line's cost");
#undef DERIVED
	free(r);
	if (bad)
		return cw_fail(err, CW_ERR_DENIED, "%s is worked out by casework from what is recorded, by the rules and "
		               "the policy; it cannot be set by hand", bad);
	return CW_OK;
}

enum cw_status act_save(struct store *st, const struct staff_member *who, const struct policy *p,
                        const struct case_record *before, struct case_record *after, const char *what,
                        unsigned *voided, struct cw_error *err)
{
	enum cw_status rc;
	unsigned v = 0;

	if (voided)
		*voided = 0;
	if (after->assessment.signed_off_by[0] &&
	    strcmp(after->assessment.signed_off_by, before->assessment.signed_off_by) == 0 &&
	    section_changed(before, after, ACCESS_EDIT_ASSESSMENT)) {
		after->assessment.signed_off_by[0] = '\0';
		v |= ACT_VOIDED_ASSESSMENT;
	}
	if (after->plan.signed_off_by[0] && strcmp(after->plan.signed_off_by, before->plan.signed_off_by) == 0 &&
	    section_changed(before, after, ACCESS_EDIT_PLAN)) {
		after->plan.signed_off_by[0] = '\0';
		after->plan.signed_off_on = DATE_NONE;
		v |= ACT_VOIDED_PLAN;
	}
	if ((rc = access_check_change(who, before, after, p, err)) != CW_OK)
		goto undo;
	if ((rc = dates_happened_check(before, after, date_today(), err)) != CW_OK)
		goto undo;
	if ((rc = stage_move_check(before, after, p, err)) != CW_OK)
		goto undo;
	if ((rc = derived_check(before, after, p, err)) != CW_OK)
		goto undo;
	if (person_changed(&before->person, &after->person) &&
	    (rc = person_check_change(before, after, date_today(), err)) != CW_OK)
		goto undo;
	if ((rc = store_case_save(st, after, who->login, what, err)) != CW_OK)
		goto undo;
	if (voided)
		*voided = v;
	return CW_OK;
undo:
	/* not saved: the caller keeps what was typed, sign-offs as they were */
	if (v & ACT_VOIDED_ASSESSMENT)
		cw_strlcpy(after->assessment.signed_off_by, before->assessment.signed_off_by,
		           sizeof after->assessment.signed_off_by);
	if (v & ACT_VOIDED_PLAN) {
		cw_strlcpy(after->plan.signed_off_by, before->plan.signed_off_by, sizeof after->plan.signed_off_by);
		after->plan.signed_off_on = before->plan.signed_off_on;
	}
	return rc;
}

enum cw_status act_sign_off(struct store *st, const struct staff_member *who, const struct policy *p,
                            struct case_record *c, struct cw_error *err)
{
	enum access_action action;
	char *signer, missing[WORKFLOW_MISSING_MAX];
	size_t size;
	bool asked;
	const char *what, *key;
	enum cw_status rc;

	if (c->stage == STAGE_ASSESSMENT) {
		action = ACCESS_SIGN_OFF_ASSESSMENT;
		asked = p->access.assessment_signoff;
		what = "assessment";
		key = "access.assessment_signoff";
	} else if (c->stage == STAGE_PLANNING) {
		action = ACCESS_SIGN_OFF_PLAN;
		asked = p->support_plan.manager_signoff;
		what = "support plan";
		key = "support_plan.manager_signoff";
	} else {
		return cw_fail(err, CW_ERR_INVALID,
		               "A team manager signs off an assessment (at assessment) or a support plan (at support "
		               "planning); %s is at %s",
		               c->ref, stage_word(c->stage));
	}
	if ((rc = access_check(who, action, c->team, p, err)) != CW_OK)
		return rc;
	if (!asked)
		return cw_fail(err, CW_ERR_INVALID, "This council's policy does not ask for a sign-off of the %s (%s: false)",
		               what, key);
	struct case_record *work = xmalloc(sizeof *work);
	memcpy(work, c, sizeof *work);
	signer = action == ACCESS_SIGN_OFF_ASSESSMENT ? work->assessment.signed_off_by : work->plan.signed_off_by;
	size = action == ACCESS_SIGN_OFF_ASSESSMENT ? sizeof work->assessment.signed_off_by
	                                            : sizeof work->plan.signed_off_by;
	if (signer[0]) {
		char by[CASE_LOGIN_MAX * 4];
		cw_sanitize(by, sizeof by, signer);
		rc = cw_fail(err, CW_ERR_INVALID, "The %s is already signed off, by %s", what, by);
		goto out;
	}
	cw_strlcpy(signer, who->login, size);
	if (action == ACCESS_SIGN_OFF_PLAN)
		work->plan.signed_off_on = date_today();
	if (workflow_missing(work, p, missing, sizeof missing) != CW_OK) {
		rc = cw_fail(err, CW_ERR_INCOMPLETE, "The %s is not ready to sign off:\n%s", what, missing);
		goto out;
	}
	char label[64];
	snprintf(label, sizeof label, "sign off %s", what);
	if ((rc = act_save(st, who, p, c, work, label, NULL, err)) == CW_OK)
		memcpy(c, work, sizeof *c);
out:
	free(work);
	return rc;
}

enum cw_status act_allocate(struct store *st, const struct staff_member *who, const struct staff *staff,
                            const struct policy *p, struct case_record *c, const char *login,
                            struct cw_error *err)
{
	char shown[CASE_LOGIN_MAX * 4];
	enum access_action action = c->worker[0] ? ACCESS_REASSIGN : ACCESS_ALLOCATE;
	enum cw_status rc;

	if ((rc = access_check(who, action, c->team, p, err)) != CW_OK)
		return rc;
	cw_sanitize(shown, sizeof shown, login ? login : "");
	const struct staff_member *to = login && *login ? staff_find(staff, login) : NULL;
	if (!to)
		return cw_fail(err, CW_ERR_INVALID, "worker: '%s' is not on the staff list; give the login of a social "
		                                    "worker or team manager in %s",
		               shown, who->team);
	if (to->role != ROLE_SOCIAL_WORKER && to->role != ROLE_TEAM_MANAGER)
		return cw_fail(err, CW_ERR_INVALID, "worker: %s is %s %s; cases go to social workers and team managers",
		               shown, to->role == ROLE_ADMIN ? "an" : "a", role_labels[to->role]);
	if (strcmp(to->team, who->team) != 0)
		return cw_fail(err, CW_ERR_DENIED, "worker: %s is in %s; you allocate within %s (ask a manager in %s)",
		               shown, to->team, who->team, to->team);
	if (strcmp(c->worker, to->login) == 0)
		return cw_fail(err, CW_ERR_INVALID, "worker: %s already holds this case", shown);
	struct case_record *work = xmalloc(sizeof *work);
	memcpy(work, c, sizeof *work);
	cw_strlcpy(work->worker, to->login, sizeof work->worker);
	cw_strlcpy(work->team, to->team, sizeof work->team);
	char label[96];
	snprintf(label, sizeof label, "%s to %s", action == ACCESS_ALLOCATE ? "allocate" : "reassign", to->login);
	if ((rc = act_save(st, who, p, c, work, label, NULL, err)) == CW_OK)
		memcpy(c, work, sizeof *c);
	free(work);
	return rc;
}

/* access_check, or the glass's check when a reason was given. */
static enum cw_status may(const struct staff_member *who, enum access_action action, const char *team,
                          const struct policy *p, const char *glass_reason, struct cw_error *err)
{
	if (glass_reason && *glass_reason)
		return access_check_glass(who, action, team, p, glass_reason, err);
	return access_check(who, action, team, p, err);
}

enum cw_status act_history(struct store *st, const struct staff_member *who, const struct policy *p,
                           const struct case_record *c, const char *glass_reason, size_t limit,
                           struct audit_list *out, struct cw_error *err)
{
	enum cw_status rc = may(who, ACCESS_VIEW_HISTORY, c->team, p, glass_reason, err);
	if (rc != CW_OK)
		return rc;
	return store_history(st, c->id, NULL, limit, out, err);
}

enum cw_status act_activity(struct store *st, const struct staff_member *who, const struct staff *staff,
                            const struct policy *p, const char *login, size_t limit, struct audit_list *out,
                            struct cw_error *err)
{
	enum cw_status rc = access_check(who, ACCESS_VIEW_WORKER_ACTIVITY, NULL, p, err);
	if (rc != CW_OK)
		return rc;
	const struct staff_member *m = login ? staff_find(staff, login) : NULL;
	if (!m) {
		char shown[CASE_LOGIN_MAX * 4];
		cw_sanitize(shown, sizeof shown, login ? login : "");
		return cw_fail(err, CW_ERR_NOT_FOUND, "'%s' is not on the staff list", shown);
	}
	if ((rc = access_check(who, ACCESS_VIEW_WORKER_ACTIVITY, m->team, p, err)) != CW_OK)
		return rc;
	return store_history(st, 0, m->login, limit, out, err);
}

enum cw_status act_note(struct store *st, const struct staff_member *who, const struct policy *p,
                        const struct case_record *c, const char *glass_reason, const char *text,
                        struct cw_error *err)
{
	enum cw_status rc = may(who, ACCESS_ADD_NOTE, c->team, p, glass_reason, err);
	if (rc != CW_OK)
		return rc;
	return store_note_add(st, c->id, who->login, text, err);
}

enum cw_status act_caseload(struct store *st, const struct staff_member *who, bool team_view,
                            const struct caseload_query *q, struct caseload *out, struct cw_error *err)
{
	struct caseload_query scoped = *q;
	enum cw_status rc;

	out->rows = NULL;
	out->n = 0;
	if ((rc = access_caseload_scope(who, team_view, &scoped, err)) != CW_OK)
		return rc;
	if (q->panel_queue) {
		if ((rc = access_check(who, ACCESS_VIEW_PANEL_QUEUE, NULL, NULL, err)) != CW_OK)
			return rc;
		/* the whole council's queue for the panel; a manager's team's */
		scoped.worker = NULL;
		scoped.team = access_team_scoped(who->role, ACCESS_VIEW_PANEL_QUEUE) ? who->team : NULL;
	}
	return store_caseload(st, &scoped, out, err);
}

/* ---- the person ---- */

enum cw_status act_duplicates(struct store *st, const struct staff_member *who, const struct person *person,
                              struct caseload *out, struct cw_error *err)
{
	enum cw_status rc;

	out->rows = NULL;
	out->n = 0;
	if ((rc = access_check(who, ACCESS_VIEW_CASE, NULL, NULL, err)) != CW_OK)
		return rc;
	/* a social worker or a team manager sees their team's cases; the
	 * panel and finance, who see every team's, open no cases */
	return store_person_matches(st, person->name, person->date_of_birth,
	                            access_team_scoped(who->role, ACCESS_VIEW_CASE) ? who->team : NULL, out, err);
}

/* "C-000012" or "C-000012 and C-000019" or "C-000012, C-000019 and 1 more" */
static void refs_list(const struct caseload *cl, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < cl->n && i < 3; i++) {
		int n = snprintf(buf + len, size - len, "%s%s", i == 0 ? "" : i + 1 == cl->n ? " and " : ", ",
		                 cl->rows[i].ref);
		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
	}
	if (cl->n > 3)
		snprintf(buf + len, size - len, " and %zu more", cl->n - 3);
}

enum cw_status act_create(struct store *st, const struct staff_member *who, const struct policy *p, struct date today,
                          struct case_record *c, const char *referral, bool second_case, struct cw_error *err)
{
	char d[DATE_BUF], b[DATE_BUF];
	enum cw_status rc;

	if ((rc = access_check(who, ACCESS_CREATE_CASE, who ? who->team : NULL, p, err)) != CW_OK)
		return rc;
	if (!date_is_set(c->opened))
		c->opened = today;
	if (date_compare(c->opened, today) > 0)
		return cw_fail(err, CW_ERR_INVALID, "Referral date: %s is in the future; today is %s",
		               date_format(c->opened, d, sizeof d), date_format(today, b, sizeof b));
	if ((rc = person_check(&c->person, c->opened, today, err)) != CW_OK)
		return rc;
	if (date_compare(c->opened, c->person.date_of_birth) < 0)
		return cw_fail(err, CW_ERR_INVALID, "Referral date: %s is before the date of birth, %s",
		               date_format(c->opened, d, sizeof d), date_format(c->person.date_of_birth, b, sizeof b));
	if (referral && (!cw_utf8_valid(referral) || cw_has_controls(referral, "\n")))
		return cw_fail(err, CW_ERR_INVALID, "Referral: control characters are not allowed; use plain text");
	if (!second_case) {
		struct caseload dup = {0};
		if ((rc = act_duplicates(st, who, &c->person, &dup, err)) != CW_OK)
			return rc;
		if (dup.n) {
			char refs[96], name[CASE_NAME_MAX * 4];
			refs_list(&dup, refs, sizeof refs);
			cw_sanitize(name, sizeof name, c->person.name);
			rc = cw_fail(err, CW_ERR_INVALID,
			             "%s, born %s, has %s open already (%s); say so to open a second case for the same person",
			             name, date_format(c->person.date_of_birth, b, sizeof b),
			             dup.n == 1 ? "a case" : "cases", refs);
			caseload_free(&dup);
			return rc;
		}
	}

	/* the rest of the record as a fresh case has it */
	struct case_record *n = xmalloc(sizeof *n);
	case_init(n);
	n->person = c->person;
	n->person.id = 0;
	n->opened = c->opened;
	n->stage = STAGE_DECISION;
	cw_strlcpy(n->worker, who->login, sizeof n->worker);
	cw_strlcpy(n->team, who->team, sizeof n->team);
	workflow_recalculate(n, p, NULL);

	bool note = referral && !cw_blank(referral);
	if ((rc = store_batch_begin(st, err)) != CW_OK) {
		free(n);
		return rc;
	}
	rc = store_case_create(st, n, who->login, err);
	if (rc == CW_OK && note) {
		char *text = cw_trim(xstrdup(referral));
		rc = store_note_add(st, n->id, who->login, text, err);
		free(text);
	}
	if (rc == CW_OK)
		rc = store_batch_commit(st, err);
	if (rc != CW_OK) {
		store_batch_rollback(st);
		free(n);
		return rc;
	}
	memcpy(c, n, sizeof *c);
	free(n);
	return CW_OK;
}

/* The case of the person cared for, of the two: the one that records
 * whether the carer lives with them. */
static struct case_record *cared_for_of(struct case_record *x, struct case_record *y, bool y_is_carer)
{
	return y_is_carer ? x : y;
}

enum cw_status act_person_move(struct store *st, const struct staff_member *who, const struct case_record *before,
                               const struct case_record *after, struct act_move *out, struct cw_error *err)
{
	(void)who;
	(void)err;
	memset(out, 0, sizeof *out);
	out->moved = person_moved(&before->person, &after->person);
	if (!out->moved)
		return CW_OK;
	const struct plan_record *pl = &after->plan;
	for (int i = 0; i < pl->nlines && i < PLAN_MAX_LINES; i++)
		if (pl->lines[i].family_pa_same_household) {
			if (!out->family_lines)
				out->first_family_line = i + 1;
			out->family_lines++;
		}

	int64_t other = 0;
	bool other_is_carer = false;
	if (before->assessment.carer_case_id) {
		other = before->assessment.carer_case_id;
		other_is_carer = true;
	} else if (before->assessment.cared_for_case_id) {
		other = before->assessment.cared_for_case_id;
	}
	if (!other) {
		/* a carer on the assessment, their own case not open (yet) */
		if (before->person.group != CLIENT_CARER && !cw_blank(before->assessment.carer_name) &&
		    before->assessment.carer_lives_with) {
			cw_strlcpy(out->other_name, before->assessment.carer_name, sizeof out->other_name);
			out->other_is_carer = true;
			out->lived_together = true;
			out->ask_other = true;
		}
		return CW_OK;
	}
	struct case_record *y = xmalloc(sizeof *y);
	if (store_case_load(st, other, y, NULL) == CW_OK) {
		out->other_id = y->id;
		cw_strlcpy(out->other_ref, y->ref, sizeof out->other_ref);
		cw_strlcpy(out->other_name, y->person.name, sizeof out->other_name);
		out->other_is_carer = other_is_carer;
		out->lived_together = other_is_carer ? before->assessment.carer_lives_with : y->assessment.carer_lives_with;
		out->together_after = person_live_together(&after->person, &y->person);
		out->ask_other = out->lived_together && !out->together_after;
	}
	free(y);
	return CW_OK;
}

enum cw_status act_save_person(struct store *st, const struct staff_member *who, const struct policy *p,
                               const struct case_record *before, struct case_record *after,
                               const struct act_move_answers *ans, struct act_move *done, unsigned *voided,
                               struct cw_error *err)
{
	struct act_move mv;
	struct act_move_answers none = {TRI_UNSET, TRI_UNSET};
	struct case_record *given = NULL, *ybefore = NULL, *y = NULL;
	char name[CASE_NAME_MAX * 4], what[64];
	enum cw_status rc;
	bool batch = false;

	if (voided)
		*voided = 0;
	if (!ans)
		ans = &none;
	if ((rc = access_check(who, ACCESS_EDIT_PERSON, before->team, p, err)) != CW_OK)
		return rc;
	if (before->stage == STAGE_CLOSED)
		return cw_fail(err, CW_ERR_INVALID, "%s is closed; the record of a closed case stays as it was",
		               before->ref);
	if ((rc = person_check_change(before, after, date_today(), err)) != CW_OK)
		return rc;
	if ((rc = act_person_move(st, who, before, after, &mv, err)) != CW_OK)
		return rc;
	cw_sanitize(name, sizeof name, mv.other_name);
	if (mv.ask_other && ans->other_moves == TRI_UNSET && mv.other_id)
		return cw_fail(err, CW_ERR_INCOMPLETE, "%s (%s, %s) lived with them: do they move too?", name,
		               mv.other_ref, mv.other_is_carer ? "the carer" : "the person cared for");
	if (mv.ask_other && ans->other_moves == TRI_UNSET)
		return cw_fail(err, CW_ERR_INCOMPLETE, "%s (the carer, on the assessment) lived with them: do they move too?",
		               name);
	if (mv.family_lines && ans->family_still == TRI_UNSET)
		return cw_fail(err, CW_ERR_INCOMPLETE,
		               "Plan line %d pays a family member of the same household: do they live with them still?",
		               mv.first_family_line);

	given = xmalloc(sizeof *given);
	memcpy(given, after, sizeof *given);
	if (mv.other_id) {
		ybefore = xmalloc(sizeof *ybefore);
		y = xmalloc(sizeof *y);
		if ((rc = store_case_load(st, mv.other_id, ybefore, err)) != CW_OK)
			goto fail;
		memcpy(y, ybefore, sizeof *y);
		struct case_record *holder = cared_for_of(after, y, mv.other_is_carer);
		if (mv.ask_other && ans->other_moves == TRI_YES) {
			cw_strlcpy(y->person.address, after->person.address, sizeof y->person.address);
			cw_strlcpy(y->person.household, after->person.household, sizeof y->person.household);
			mv.did_move_other = true;
		} else if (mv.ask_other) {
			holder->assessment.carer_lives_with = false;
			mv.did_set_apart = true;
		} else if (!mv.lived_together && mv.together_after) {
			holder->assessment.carer_lives_with = true;
			mv.did_set_together = true;
		}
	} else if (mv.ask_other) {
		/* the carer on the assessment: their case, when it is opened,
		 * takes the address and household if they still live together */
		if (ans->other_moves == TRI_YES) {
			mv.did_move_other = true;
		} else {
			after->assessment.carer_lives_with = false;
			mv.did_set_apart = true;
		}
	}
	if (mv.family_lines && ans->family_still == TRI_NO) {
		for (int i = 0; i < after->plan.nlines && i < PLAN_MAX_LINES; i++)
			after->plan.lines[i].family_pa_same_household = false;
		mv.did_clear_family = true;
	}
	if ((rc = workflow_recalculate(after, p, err)) != CW_OK)
		goto fail;
	bool y_changed = y && (mv.did_move_other || ((mv.did_set_apart || mv.did_set_together) && !mv.other_is_carer));
	if (y_changed && (rc = workflow_recalculate(y, p, err)) != CW_OK)
		goto fail;
	if (y_changed) {
		if ((rc = store_batch_begin(st, err)) != CW_OK)
			goto fail;
		batch = true;
	}
	if ((rc = act_save(st, who, p, before, after, "save person", voided, err)) != CW_OK)
		goto fail;
	if (y_changed) {
		struct cw_error e2 = {0};
		snprintf(what, sizeof what, "%s %s", mv.did_move_other ? "move with" : "household of", before->ref);
		if ((rc = act_save(st, who, p, ybefore, y, what, NULL, &e2)) != CW_OK) {
			cw_fail(err, rc, "Not saved: %s (%s) would change too: %s", mv.other_ref,
			        mv.other_is_carer ? "the carer's case" : "the case of the person cared for", e2.msg);
			goto fail;
		}
		if ((rc = store_batch_commit(st, err)) != CW_OK)
			goto fail;
		batch = false;
	}
	if (done)
		*done = mv;
	free(given);
	free(ybefore);
	free(y);
	return CW_OK;
fail:
	if (batch)
		store_batch_rollback(st);
	memcpy(after, given, sizeof *after);
	if (voided)
		*voided = 0;
	free(given);
	free(ybefore);
	free(y);
	return rc;
}
