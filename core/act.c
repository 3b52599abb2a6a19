/* act.c - a member of staff acting on a case, checked (see act.h). */
#include "core/act.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
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
		v |= ACT_VOIDED_PLAN;
	}
	if ((rc = access_check_change(who, before, after, p, err)) != CW_OK)
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
	if (v & ACT_VOIDED_PLAN)
		cw_strlcpy(after->plan.signed_off_by, before->plan.signed_off_by, sizeof after->plan.signed_off_by);
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
