/* import.h - bringing people and open cases in from a council's old
 * system, as CSV (RFC 4180). Every row is checked before anything is
 * written; if any row is bad, nothing is imported and every bad row is
 * reported by its line number. The columns are in docs/import.md. */
#ifndef CW_IMPORT_H
#define CW_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "core/staff.h"
#include "core/status.h"
#include "core/store.h"

/* At most this many rows in one file, and bytes in one field. */
#define IMPORT_MAX_ROWS 1000000
#define IMPORT_FIELD_MAX 4096
/* Errors kept for the report; more are counted, not listed. */
#define IMPORT_MAX_MESSAGES 200

struct import_report {
	size_t rows;     /* data rows read */
	size_t imported; /* cases created (0 unless every row was good) */
	size_t nerrors;  /* problems found */
	char **messages; /* owned: "FILE:LINE: column: what is wrong; what is allowed" */
	size_t nmessages;
};

void import_report_free(struct import_report *r);

/* Reads CSV from `in` (`name` is used in messages), checks every row
 * against the staff file (workers must exist and may hold cases), the
 * person as a case opened by hand is checked (core/person.h: an adult
 * of 18 or over, a case not opened before the date of birth), who may
 * allocate to whom (`me`, a team manager: the cases of their own team),
 * and that no one is in the file twice or has an open case already;
 * then creates the cases in one batch as `me`. CW_ERR_DENIED when `me`
 * may not import at all, CW_ERR_INVALID when any row is bad (nothing
 * written), CW_ERR_DB if the store failed (rolled back). */
enum cw_status import_csv(struct store *st, FILE *in, const char *name, const struct staff *staff,
                          const struct staff_member *me, struct import_report *report, struct cw_error *err);

#endif
