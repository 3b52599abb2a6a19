/* training.h - training mode's scenarios as plain data, and seeding a
 * private sandbox store with them. A scenario is a list of practice
 * cases, each waiting for one role (worker, manager, panel member,
 * finance officer) with a short brief of what the trainee should do;
 * config/training_load.c fills it from YAML (docs/training.md) and the
 * core never knows where it came from. The trainee acts under a
 * synthetic staff list with one member per role, so they can switch
 * role and see each side. */
#ifndef CW_TRAINING_H
#define CW_TRAINING_H

#include <stddef.h>

#include "case.h"
#include "policy.h"
#include "staff.h"
#include "status.h"
#include "store.h"

#define TRAINING_MAX_CASES 64
#define TRAINING_TEAM "Training team"

struct training_case {
	char key[POLICY_KEY_MAX];      /* "rent_plan_line": unique in the scenario */
	char title[CASE_SHORT_MAX];    /* "A plan line for rent" */
	enum role role;                /* who acts next */
	char brief[CASE_TEXT_MAX];     /* what the trainee should do */
	struct case_record rec;        /* as the scenario gives it (no id yet) */
};

struct training_scenario {
	char name[CASE_SHORT_MAX];
	char description[CASE_TEXT_MAX];
	struct training_case *cases;   /* owned */
	size_t n;
};

void training_scenario_free(struct training_scenario *sc);

/* The synthetic staff for a trainee: four members of TRAINING_TEAM,
 * one per role (social worker, team manager, panel member, finance
 * officer), with logins "trainee.worker", "trainee.manager",
 * "trainee.panel" and "trainee.finance", each named `name` (the screens
 * show the role beside it). Free with
 * staff_free_members. */
void training_staff(const char *name, struct staff *out);

/* The synthetic member with `role`, or NULL (admin has none). */
const struct staff_member *training_member(const struct staff *staff, enum role role);

/* Creates the scenario's cases in st, in one batch: each allocated to
 * the synthetic social worker, every figure worked out under policy p
 * by the same rules the screens use, and the brief as the case's first
 * note ("Training brief - for the panel member: ..."). All or nothing. */
enum cw_status training_seed(struct store *st, const struct policy *p,
			     const struct training_scenario *sc, const struct staff *staff,
			     struct cw_error *err);

#endif
