/* training_load.h - training scenarios from YAML (docs/training.md)
 * into the plain structs of core/training.h. Strict like the policy
 * loader: unknown keys (with a suggestion), wrong types, bad dates or
 * amounts, unknown outcomes, levels or categories, duplicate keys and
 * YAML errors are each reported as "FILE:LINE:COLUMN: what is wrong;
 * what was expected", and no partial scenario is ever handed out. */
#ifndef CW_TRAINING_LOAD_H
#define CW_TRAINING_LOAD_H

#include <stddef.h>

#include "config/config.h"
#include "core/policy.h"
#include "core/status.h"
#include "core/training.h"

/* Plan categories are checked against policy p (the policy training
 * runs under). Relative dates ("today-30") are taken from date_today().
 * On failure *out is zeroed and errs holds every message. */
enum cw_status training_load_file(const char *path, const struct policy *p,
				  struct training_scenario *out, struct config_errors *errs);
enum cw_status training_load_data(const char *name, const char *data, size_t len,
				  const struct policy *p, struct training_scenario *out,
				  struct config_errors *errs);

#endif
