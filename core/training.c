/* training.c - the synthetic staff a trainee acts as, and seeding a
 * sandbox store with a scenario's cases (see training.h). */
#include "core/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/demo.h"
#include "core/util.h"

void training_scenario_free(struct training_scenario *sc)
{
	if (!sc)
		return;
	free(sc->cases);
	sc->cases = NULL;
	sc->n = 0;
}

static const struct {
	const char *login;
	enum role role;
} seats[] = {
	{"trainee.worker", ROLE_SOCIAL_WORKER},
	{"trainee.manager", ROLE_TEAM_MANAGER},
	{"trainee.panel", ROLE_PANEL_MEMBER},
	{"trainee.finance", ROLE_FINANCE_OFFICER},
};

void training_staff(const char *name, struct staff *out)
{
	memset(out, 0, sizeof *out);
	out->members = xcalloc(CW_ARRAY_LEN(seats), sizeof *out->members);
	out->n = CW_ARRAY_LEN(seats);
	cw_strlcpy(out->contact, "your trainer", sizeof out->contact);
	for (size_t i = 0; i < CW_ARRAY_LEN(seats); i++) {
		struct staff_member *m = &out->members[i];
		/* The same person in each seat: the screens show the role. */
		cw_strlcpy(m->login, seats[i].login, sizeof m->login);
		cw_strlcpy(m->name, name && *name ? name : "Trainee", sizeof m->name);
		cw_strlcpy(m->team, TRAINING_TEAM, sizeof m->team);
		m->role = seats[i].role;
	}
}

const struct staff_member *training_member(const struct staff *staff, enum role role)
{
	for (size_t i = 0; i < staff->n; i++)
		if (staff->members[i].role == role)
			return &staff->members[i];
	return NULL;
}

enum cw_status training_seed(struct store *st, const struct policy *p,
			     const struct training_scenario *sc, const struct staff *staff,
			     struct cw_error *err)
{
	const struct staff_member *worker = training_member(staff, ROLE_SOCIAL_WORKER);
	const struct staff_member *manager = training_member(staff, ROLE_TEAM_MANAGER);
	enum cw_status rc;

	if (!worker)
		return cw_fail(err, CW_ERR_INVALID, "the training staff has no social worker to "
			       "hold the scenario's cases");
	if (sc->n == 0)
		return cw_fail(err, CW_ERR_INVALID, "the training scenario has no cases");
	struct case_record *c = xmalloc(sizeof *c);
	char *note = xmalloc(CASE_TEXT_MAX + 256);
	rc = store_batch_begin(st, err);
	for (size_t i = 0; rc == CW_OK && i < sc->n; i++) {
		const struct training_case *tc = &sc->cases[i];
		memcpy(c, &tc->rec, sizeof *c);
		c->id = 0;
		c->version = 0;
		if (!c->worker[0])
			cw_strlcpy(c->worker, worker->login, sizeof c->worker);
		if (!c->team[0])
			cw_strlcpy(c->team, worker->team, sizeof c->team);
		/* Records done before today were signed where policy asks. */
		if (manager && c->stage > STAGE_ASSESSMENT && c->stage != STAGE_CLOSED &&
		    p->access.assessment_signoff && !c->assessment.signed_off_by[0])
			cw_strlcpy(c->assessment.signed_off_by, manager->login,
				   sizeof c->assessment.signed_off_by);
		if (manager && c->stage > STAGE_PLANNING && c->stage != STAGE_CLOSED &&
		    p->support_plan.manager_signoff && !c->plan.signed_off_by[0])
			cw_strlcpy(c->plan.signed_off_by, manager->login,
				   sizeof c->plan.signed_off_by);
		/* Who entered what: the worker (the scenario gives the dates). */
		if (date_is_set(c->assessment.validated_on) && !c->assessment.validated_by[0])
			cw_strlcpy(c->assessment.validated_by, c->worker,
				   sizeof c->assessment.validated_by);
		if (date_is_set(c->plan.agreed_on) && !c->plan.agreed_by[0])
			cw_strlcpy(c->plan.agreed_by, c->worker, sizeof c->plan.agreed_by);
		for (int k = 0; k < c->review.nhistory; k++)
			if (!c->review.history[k].by[0])
				cw_strlcpy(c->review.history[k].by, c->worker,
					   sizeof c->review.history[k].by);
		demo_work_out(p, c);
		rc = store_case_create(st, c, worker->login, err);
		if (rc != CW_OK)
			break;
		const struct staff_member *who = training_member(staff, tc->role);
		snprintf(note, CASE_TEXT_MAX + 256, "Training brief - for the %s: %s. %s",
			 role_labels[tc->role], tc->title, tc->brief);
		/* Role labels are capitalised ("Panel member"); mid-sentence they are not. */
		char *lab = strstr(note, role_labels[tc->role]);
		if (lab && *lab >= 'A' && *lab <= 'Z')
			*lab = (char)(*lab - 'A' + 'a');
		rc = store_note_add(st, c->id, who ? who->login : worker->login, note, err);
	}
	if (rc == CW_OK)
		rc = store_batch_commit(st, err);
	else
		store_batch_rollback(st);
	free(note);
	free(c);
	return rc;
}
