/* tui.h - the terminal interface's one entry point. */
#ifndef CW_TUI_H
#define CW_TUI_H

#include <stdbool.h>

#include "core/policy.h"
#include "core/provider.h"
#include "core/staff.h"
#include "core/store.h"

struct tui_context {
	struct store *store;
	const struct policy *policy;
	const struct staff *staff;
	const struct staff_member *me; /* the signed-in person */
	bool training;                 /* show the TRAINING banner; role switching */
	const char *notice;            /* shown once on the first screen (first-run setup), or NULL */
	bool team_view;                /* a team manager starts on the team's caseload */
	const struct provider_directory *providers; /* brokerage: the plan form's picker; NULL for none */
};

/* Runs the interface until the user quits or the terminal goes away.
 * Returns the process exit status. */
int tui_run(const struct tui_context *ctx);

#endif
