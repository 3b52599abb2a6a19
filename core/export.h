/* export.h - cases out as JSON or CSV, for a council's reporting and
 * for tools outside casework. The JSON form is a contract (see
 * docs/export.md and the design's product.md): one array of cases,
 * money as strings with two decimals ("252.00"), dates as
 * "YYYY-MM-DD" or null. The CSV form is one row per case under a
 * header row (RFC 4180 quoting); its columns are documented in
 * docs/export.md. Cases are written one at a time, so exporting
 * 100,000 cases needs the memory of one. */
#ifndef CW_EXPORT_H
#define CW_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "case.h"
#include "policy.h"
#include "staff.h"
#include "status.h"
#include "store.h"

enum export_format { EXPORT_JSON, EXPORT_CSV };

struct export_writer;

/* Starts an export to `out` (the JSON array's "[" or the CSV header). */
struct export_writer *export_begin(FILE *out, enum export_format fmt);
/* Writes one case. CW_ERR_IO if the stream failed. */
enum cw_status export_case(struct export_writer *w, const struct case_record *c,
			   struct cw_error *err);
/* Ends the export ("]" for JSON), flushes, frees *w and sets it NULL.
 * CW_ERR_IO if anything could not be written. */
enum cw_status export_end(struct export_writer **w, struct cw_error *err);

struct export_filter {
	const char *team;  /* NULL: every team */
	int64_t case_id;   /* 0: every case */
	const struct staff_member *who; /* the one case must be theirs to open (access_serves_case); NULL: no one's */
};

/* What `me` may export, as a filter: social workers and team managers
 * their own team's cases (f->team is set to it); panel members and
 * finance officers, who serve every team, one case at a time (f->case_id
 * must be set: the whole council's personal data in one file is no
 * one's job); anyone else nothing. CW_ERR_DENIED saying who may. */
enum cw_status export_allowed(const struct staff_member *me, struct export_filter *f, struct cw_error *err);

/* Whether the filter's one case (if it names one) is there and of the
 * filter's team: CW_ERR_NOT_FOUND ("there is no case C-000123") or
 * CW_ERR_DENIED (another team's), before anything is recorded or
 * written. CW_OK for a filter of every case. */
enum cw_status export_check(struct store *st, const struct export_filter *filter, struct cw_error *err);

/* Exports the cases in the store that pass the filter, in reference
 * order. CW_ERR_NOT_FOUND if case_id names no case (nothing written
 * but an empty array / the header). */
enum cw_status export_store(struct store *st, FILE *out, enum export_format fmt,
			    const struct export_filter *filter, size_t *written,
			    struct cw_error *err);

/* The CSV header row's column names, in order (docs/export.md). */
extern const char *const export_csv_columns[];
extern const size_t export_csv_ncolumns;

/* Writes s as a JSON string: quotes, backslash escapes for " and \,
 * \n \r \t \b \f, other controls below 0x20 and DEL as \u00XX, C1
 * controls (U+0080..U+009F) as \u00XX, invalid UTF-8 bytes as U+FFFD.
 * Valid UTF-8 passes through. */
void export_json_string(FILE *out, const char *s);

/* Writes s as one CSV field: quoted (with "" for ") when it holds a
 * comma, quote, CR or LF or starts/ends with a space; as is otherwise.
 * A field starting with = + - @ is prefixed with ' so spreadsheets do
 * not run it as a formula. */
void export_csv_field(FILE *out, const char *s);

#endif
