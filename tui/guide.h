/* guide.h - the guidance panel: what each role is for and what the law
 * asks, in plain words (from the project's domain notes), with this
 * council's figures from the policy. Toggled with one key (tui/action.h)
 * on the caseload and on a case. Text only: no curses here. */
#ifndef CW_TUI_GUIDE_H
#define CW_TUI_GUIDE_H

#include <stddef.h>

#include "core/case.h"
#include "core/policy.h"
#include "core/staff.h"

/* The panel's title for a case at `stage`, or for the caseload when
 * stage is STAGE_COUNT. */
const char *guide_title(enum stage stage);

/* Fills buf with the guidance: on a case at `stage` (STAGE_COUNT: the
 * caseload), for someone acting as `role`. Paragraphs are separated by
 * blank lines; lines starting with two spaces are laid out already (the
 * side-by-side table at decision-making) and fit in 80 columns. */
void guide_text(enum role role, enum stage stage, const struct policy *p, char *buf, size_t size);

#endif
