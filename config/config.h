/* config.h - reading the council's policy and staff files (YAML, via
 * libyaml) into the plain structs of core/policy.h and core/staff.h.
 * Strict: unknown keys, wrong types, out-of-range values, duplicates,
 * aliases and syntax errors are all errors, each reported as
 * "FILE:LINE:COLUMN: what is wrong; what was expected". On any error
 * the output struct is left zeroed: no partial policy is ever used. */
#ifndef CW_CONFIG_H
#define CW_CONFIG_H

#include <stddef.h>

#include "core/policy.h"
#include "core/provider.h"
#include "core/staff.h"
#include "core/status.h"

/* Largest policy or staff file read, in bytes. */
#define CONFIG_MAX_BYTES (1024 * 1024)

struct config_errors {
	char **msgs; /* owned, each "FILE:LINE:COLUMN: ..." */
	size_t n;
};

void config_errors_free(struct config_errors *e);

/* `name` is the file name used in messages. errs may be NULL; if not,
 * *errs is overwritten (never freed first) with every message, in file
 * order (line, then column): call config_errors_free after each load.
 * CW_OK, CW_ERR_INVALID (content), CW_ERR_IO (cannot read the file). */
enum cw_status policy_load_file(const char *path, struct policy *out, struct config_errors *errs);
enum cw_status policy_load_data(const char *name, const char *data, size_t len,
                                struct policy *out, struct config_errors *errs);

enum cw_status staff_load_file(const char *path, struct staff *out, struct config_errors *errs);
enum cw_status staff_load_data(const char *name, const char *data, size_t len,
                               struct staff *out, struct config_errors *errs);

/* The provider directory (docs/providers.md). Services are checked
 * against the policy's support categories (p may be NULL to skip that). */
enum cw_status provider_load_file(const char *path, const struct policy *p, struct provider_directory *out,
                                  struct config_errors *errs);
enum cw_status provider_load_data(const char *name, const char *data, size_t len, const struct policy *p,
                                  struct provider_directory *out, struct config_errors *errs);

/* One line of the key thresholds, for `casework policy check`. */
void policy_summary(const struct policy *p, char *buf, size_t bufsize);

#endif
