/* import.c - CSV import of people and open cases (see import.h and
 * docs/import.md). Two steps: read and check every row, keeping the
 * good ones in memory; then, only if there were no errors, create them
 * all in one store batch. */
#include "core/import.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/case.h"
#include "core/date.h"
#include "core/person.h"
#include "core/util.h"

enum column {
	COL_NAME,
	COL_DOB,
	COL_ADDRESS,
	COL_CLIENT_GROUP,
	COL_WORKER,
	COL_TEAM,
	COL_OPENED,
	COL_STAGE,
	COL_LEGACY_REF,
	COL_COUNT,
};

static const char *const column_names[COL_COUNT] = {
	"name", "date_of_birth", "address", "client_group", "worker",
	"team", "opened", "stage", "legacy_ref",
};

static const bool column_required[COL_COUNT] = {
	[COL_NAME] = true, [COL_DOB] = true, [COL_ADDRESS] = true, [COL_WORKER] = true,
};

struct row {
	size_t line;
	bool twice; /* the same person as an earlier row: reported */
	char *name, *address, *worker, *team, *legacy_ref;
	struct date dob, opened;
	enum client_group group;
	enum stage stage;
};

struct record {
	char **fields;
	size_t n, cap;
	size_t line; /* where the record starts */
};

struct reader {
	FILE *in;
	const char *name;
	size_t line;
	bool eof;
};

struct ctx {
	struct import_report *rep;
	const char *name;
};

void import_report_free(struct import_report *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->nmessages; i++)
		free(r->messages[i]);
	free(r->messages);
	memset(r, 0, sizeof *r);
}

__attribute__((format(printf, 3, 4)))
static void problem(struct ctx *cx, size_t line, const char *fmt, ...)
{
	char msg[CW_ERRMSG_MAX], full[CW_ERRMSG_MAX + 300];
	va_list ap;

	cx->rep->nerrors++;
	if (cx->rep->nmessages >= IMPORT_MAX_MESSAGES)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line)
		snprintf(full, sizeof full, "%s:%zu: %s", cx->name, line, msg);
	else
		snprintf(full, sizeof full, "%s: %s", cx->name, msg);
	cx->rep->messages = xrealloc(cx->rep->messages,
	                             (cx->rep->nmessages + 1) * sizeof *cx->rep->messages);
	cx->rep->messages[cx->rep->nmessages++] = xstrdup(full);
}

static void record_clear(struct record *r)
{
	size_t i;
	for (i = 0; i < r->n; i++)
		free(r->fields[i]);
	r->n = 0;
}

static void record_free(struct record *r)
{
	record_clear(r);
	free(r->fields);
	memset(r, 0, sizeof *r);
}

static void record_push(struct record *r, const char *buf, size_t len)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	r->fields[r->n++] = xstrndup(buf, len);
}

/* Reads one CSV record (RFC 4180: "" inside quotes, CRLF or LF ends a
 * record, newlines allowed inside quotes). Returns false at end of
 * input. A malformed record is reported and *bad set; reading resumes
 * at the next line. */
static bool read_record(struct reader *rd, struct ctx *cx, struct record *rec, bool *bad)
{
	char buf[IMPORT_FIELD_MAX + 1];
	size_t len = 0;
	bool quoted = false, after_quote = false, too_long = false, any = false;
	size_t quote_line = 0;
	int c;

	record_clear(rec);
	*bad = false;
	if (rd->eof)
		return false;
	rec->line = rd->line;
	for (;;) {
		c = getc(rd->in);
		if (c == EOF) {
			rd->eof = true;
			if (quoted) {
				problem(cx, quote_line, "a quoted field opened here is never closed; "
				        "end it with a double quote");
				*bad = true;
			}
			if (!any && len == 0 && rec->n == 0)
				return false;
			record_push(rec, buf, len);
			break;
		}
		any = true;
		if (quoted) {
			if (c == '"') {
				int d = getc(rd->in);
				if (d == '"') {
					if (len < IMPORT_FIELD_MAX)
						buf[len++] = '"';
					else
						too_long = true;
					continue;
				}
				if (d != EOF)
					ungetc(d, rd->in);
				quoted = false;
				after_quote = true;
				continue;
			}
			if (c == '\n')
				rd->line++;
			if (len < IMPORT_FIELD_MAX)
				buf[len++] = (char)c;
			else
				too_long = true;
			continue;
		}
		if (c == ',' || c == '\n' || c == '\r') {
			record_push(rec, buf, len);
			len = 0;
			after_quote = false;
			if (c == ',')
				continue;
			if (c == '\r') {
				int d = getc(rd->in);
				if (d != '\n' && d != EOF)
					ungetc(d, rd->in);
			}
			rd->line++;
			break;
		}
		if (after_quote) {
			if (!*bad)
				problem(cx, rd->line, "field %zu has text after its closing quote; "
				        "quote the whole field", rec->n + 1);
			*bad = true;
			continue;
		}
		if (c == '"' && len == 0) {
			quoted = true;
			quote_line = rd->line;
			continue;
		}
		if (c == '"') {
			if (!*bad)
				problem(cx, rd->line, "field %zu has a double quote inside an unquoted "
				        "field; quote the field and double the quote (\"\")", rec->n + 1);
			*bad = true;
			continue;
		}
		if (len < IMPORT_FIELD_MAX)
			buf[len++] = (char)c;
		else
			too_long = true;
	}
	if (too_long) {
		problem(cx, rec->line, "a field is longer than %d bytes; shorten it",
		        IMPORT_FIELD_MAX);
		*bad = true;
	}
	return true;
}

static bool record_blank(const struct record *r)
{
	return r->n == 1 && r->fields[0][0] == '\0';
}

/* Text fields: valid UTF-8, no control characters, within max bytes. */
static bool check_text(struct ctx *cx, size_t line, const char *col, const char *v, size_t max)
{
	if (!cw_utf8_valid(v)) {
		problem(cx, line, "%s: is not valid UTF-8; save the file as UTF-8", col);
		return false;
	}
	if (cw_has_controls(v, NULL)) {
		problem(cx, line, "%s: contains control characters (tabs, line breaks, escapes); "
		        "use plain text on one line", col);
		return false;
	}
	if (strlen(v) >= max) {
		problem(cx, line, "%s: is %zu bytes long; at most %zu are allowed", col, strlen(v),
		        max - 1);
		return false;
	}
	return true;
}

static bool check_date(struct ctx *cx, size_t line, const char *col, const char *v,
                       struct date today, struct date *out)
{
	const char *why = NULL;
	char shown[64];

	if (!date_parse(v, out, &why)) {
		cw_sanitize(shown, sizeof shown, v);
		problem(cx, line, "%s: \"%s\" %s", col, shown, why ? why : "is not a date; use YYYY-MM-DD");
		return false;
	}
	if (date_compare(*out, today) > 0) {
		problem(cx, line, "%s: %s is in the future; use a date on or before today", col, v);
		return false;
	}
	return true;
}

static void row_free(struct row *r)
{
	free(r->name);
	free(r->address);
	free(r->worker);
	free(r->team);
	free(r->legacy_ref);
}

/* core's check of the person (person_check), its message under the
 * file's column name: "Client group: ..." -> "client_group: ...". */
static bool check_person(struct ctx *cx, size_t line, const struct row *r, struct date today)
{
	static const struct {
		const char *core, *column;
	} names[] = {
		{"Name: ", "name: "}, {"Date of birth: ", "date_of_birth: "}, {"Address: ", "address: "},
		{"Household: ", "household: "}, {"Client group: ", "client_group: "},
	};
	struct person p;
	struct cw_error e = {0};
	char d[DATE_BUF], b[DATE_BUF];

	memset(&p, 0, sizeof p);
	cw_strlcpy(p.name, r->name, sizeof p.name);
	cw_strlcpy(p.address, r->address, sizeof p.address);
	p.date_of_birth = r->dob;
	p.group = r->group;
	if (date_compare(r->opened, r->dob) < 0) {
		problem(cx, line, "opened: %s is before the date of birth, %s; check both", date_format(r->opened, d, sizeof d),
		        date_format(r->dob, b, sizeof b));
		return false;
	}
	if (person_check(&p, r->opened, today, &e) == CW_OK)
		return true;
	for (size_t i = 0; i < CW_ARRAY_LEN(names); i++)
		if (strncmp(e.msg, names[i].core, strlen(names[i].core)) == 0) {
			problem(cx, line, "%s%s", names[i].column, e.msg + strlen(names[i].core));
			return false;
		}
	problem(cx, line, "%s", e.msg);
	return false;
}

/* Checks one data record; on success fills *out (owning copies). */
static bool check_row(struct ctx *cx, const struct record *rec, const int *colpos,
                      const struct staff *staff, const struct staff_member *me, struct date today, struct row *out)
{
	const char *v[COL_COUNT];
	const struct staff_member *m = NULL;
	size_t line = rec->line;
	bool ok = true;
	int i, k;

	memset(out, 0, sizeof *out);
	out->line = line;
	for (i = 0; i < COL_COUNT; i++)
		v[i] = colpos[i] >= 0 ? rec->fields[colpos[i]] : "";

	for (i = 0; i < COL_COUNT; i++)
		if (column_required[i] && v[i][0] == '\0') {
			problem(cx, line, "%s: is empty; it is required", column_names[i]);
			ok = false;
		}
	if (!ok)
		return false;

	ok &= check_text(cx, line, "name", v[COL_NAME], CASE_NAME_MAX);
	ok &= check_text(cx, line, "address", v[COL_ADDRESS], CASE_ADDRESS_MAX);
	ok &= check_text(cx, line, "legacy_ref", v[COL_LEGACY_REF], 65);
	if (check_date(cx, line, "date_of_birth", v[COL_DOB], today, &out->dob)) {
		if (date_age_years(out->dob, today) > 120) {
			problem(cx, line, "date_of_birth: %s makes the person over 120; check the year",
			        v[COL_DOB]);
			ok = false;
		}
	} else {
		ok = false;
	}
	out->opened = today;
	if (v[COL_OPENED][0] && !check_date(cx, line, "opened", v[COL_OPENED], today, &out->opened))
		ok = false;

	out->group = CLIENT_ADULT;
	if (v[COL_CLIENT_GROUP][0]) {
		k = case_key_index(client_group_keys, CLIENT_GROUP_COUNT, v[COL_CLIENT_GROUP]);
		if (k < 0) {
			problem(cx, line, "client_group: \"%.40s\" is not known; use adult, carer or child",
			        v[COL_CLIENT_GROUP]);
			ok = false;
		} else {
			out->group = (enum client_group)k;
		}
	}

	out->stage = STAGE_DECISION;
	if (v[COL_STAGE][0]) {
		k = case_key_index(stage_keys, STAGE_COUNT, v[COL_STAGE]);
		if (k != STAGE_DECISION && k != STAGE_ASSESSMENT) {
			problem(cx, line, "stage: \"%.40s\" cannot be imported; use decision or assessment "
			        "(later stages need records the old system does not give us)",
			        v[COL_STAGE]);
			ok = false;
		} else {
			out->stage = (enum stage)k;
		}
	}

	m = staff_find(staff, v[COL_WORKER]);
	if (!m) {
		problem(cx, line, "worker: \"%.40s\" is not in the staff file; use the login of a "
		        "social worker or team manager", v[COL_WORKER]);
		ok = false;
	} else if (m->role != ROLE_SOCIAL_WORKER && m->role != ROLE_TEAM_MANAGER) {
		problem(cx, line, "worker: %s is a %s; cases are held by social workers and team "
		        "managers", m->login, role_labels[m->role]);
		ok = false;
	} else if (v[COL_TEAM][0] && strcmp(v[COL_TEAM], m->team) != 0) {
		problem(cx, line, "team: \"%.40s\" is not %s's team; use %s or leave it empty",
		        v[COL_TEAM], m->login, m->team);
		ok = false;
	} else if (me && access_team_scoped(me->role, ACCESS_ALLOCATE) && strcmp(m->team, me->team) != 0) {
		/* allocating is a team manager's, within their own team */
		problem(cx, line, "worker: %s is in %s; you allocate cases in %s only (a team manager of %s imports "
		        "that team's cases)", m->login, m->team, me->team, m->team);
		ok = false;
	}
	if (!ok)
		return false;

	out->name = xstrdup(v[COL_NAME]);
	out->address = xstrdup(v[COL_ADDRESS]);
	out->worker = xstrdup(m->login);
	out->team = xstrdup(m->team);
	out->legacy_ref = xstrdup(v[COL_LEGACY_REF]);
	if (!check_person(cx, line, out, today)) {
		row_free(out);
		return false;
	}
	return true;
}

/* The person of a row already has an open case in the store (imported
 * before, or opened by hand since): a second case is refused here, where
 * no one is asked. */
static enum cw_status check_stored(struct store *st, struct ctx *cx, const struct row *r, struct cw_error *err)
{
	struct caseload cl = {0};
	char d[DATE_BUF], name[CASE_NAME_MAX * 4];
	enum cw_status s = store_person_matches(st, r->name, r->dob, NULL, &cl, err);
	if (s != CW_OK)
		return s;
	if (cl.n) {
		cw_sanitize(name, sizeof name, r->name);
		problem(cx, r->line, "%s, born %s, has an open case already (%s%s); leave the row out (imported before?)",
		        name, date_format(r->dob, d, sizeof d), cl.rows[0].ref, cl.n > 1 ? " and more" : "");
	}
	caseload_free(&cl);
	return CW_OK;
}

static int row_by_dob(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;
	int c = date_compare(x->dob, y->dob);
	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* The same person (name as person_same_name reads it, date of birth)
 * twice in the file. */
static void check_twice(struct ctx *cx, struct row *rows, size_t n)
{
	if (n < 2)
		return;
	struct row **by = xcalloc(n, sizeof *by);
	for (size_t i = 0; i < n; i++)
		by[i] = &rows[i];
	qsort(by, n, sizeof *by, row_by_dob);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n && date_compare(by[j]->dob, by[i]->dob) == 0; j++)
			if (!by[j]->twice && person_same_name(by[i]->name, by[j]->name)) {
				char name[CASE_NAME_MAX * 4], d[DATE_BUF];
				cw_sanitize(name, sizeof name, by[j]->name);
				problem(cx, by[j]->line, "%s, born %s, is on line %zu too; one row per person", name,
				        date_format(by[j]->dob, d, sizeof d), by[i]->line);
				by[j]->twice = true;
			}
	free(by);
}

/* Maps header names to field positions; reports unknown, repeated and
 * missing columns. */
static bool read_header(struct ctx *cx, const struct record *rec, int *colpos)
{
	bool ok = true;
	size_t i;
	int c;

	for (c = 0; c < COL_COUNT; c++)
		colpos[c] = -1;
	for (i = 0; i < rec->n; i++) {
		char name[64];
		const char *h = rec->fields[i];
		if (i == 0 && (unsigned char)h[0] == 0xEF && (unsigned char)h[1] == 0xBB &&
		    (unsigned char)h[2] == 0xBF)
			h += 3; /* a spreadsheet's byte-order mark */
		cw_strlcpy(name, h, sizeof name);
		cw_trim(name);
		for (c = 0; c < COL_COUNT; c++)
			if (strcmp(name, column_names[c]) == 0)
				break;
		if (c == COL_COUNT) {
			size_t best = (size_t)-1;
			int bi = 0, j;
			char shown[64];
			for (j = 0; j < COL_COUNT; j++) {
				size_t d = cw_edit_distance(name, column_names[j]);
				if (d < best) {
					best = d;
					bi = j;
				}
			}
			cw_sanitize(shown, sizeof shown, name);
			if (best <= 3)
				problem(cx, rec->line, "column %zu \"%s\" is not known; did you mean %s?",
				        i + 1, shown, column_names[bi]);
			else
				problem(cx, rec->line, "column %zu \"%s\" is not known; the columns are "
				        "listed in docs/import.md", i + 1, shown);
			ok = false;
		} else if (colpos[c] >= 0) {
			problem(cx, rec->line, "column %s appears twice (columns %d and %zu); keep one",
			        column_names[c], colpos[c] + 1, i + 1);
			ok = false;
		} else {
			colpos[c] = (int)i;
		}
	}
	for (c = 0; c < COL_COUNT; c++)
		if (column_required[c] && colpos[c] < 0) {
			problem(cx, rec->line, "the header has no %s column; it is required",
			        column_names[c]);
			ok = false;
		}
	return ok;
}

static enum cw_status create_all(struct store *st, struct row *rows, size_t n, const char *who,
                                 struct import_report *rep, struct cw_error *err)
{
	struct case_record *c = xmalloc(sizeof *c);
	enum cw_status s;
	size_t i;

	s = store_batch_begin(st, err);
	if (s != CW_OK) {
		free(c);
		return s;
	}
	for (i = 0; i < n && s == CW_OK; i++) {
		case_init(c);
		cw_strlcpy(c->person.name, rows[i].name, sizeof c->person.name);
		cw_strlcpy(c->person.address, rows[i].address, sizeof c->person.address);
		c->person.date_of_birth = rows[i].dob;
		c->person.group = rows[i].group;
		cw_strlcpy(c->worker, rows[i].worker, sizeof c->worker);
		cw_strlcpy(c->team, rows[i].team, sizeof c->team);
		c->opened = rows[i].opened;
		c->stage = rows[i].stage;
		s = store_case_create(st, c, who, err);
		if (s == CW_OK && rows[i].legacy_ref[0]) {
			char note[128];
			snprintf(note, sizeof note, "Imported from the previous system (reference %s).",
			         rows[i].legacy_ref);
			s = store_note_add(st, c->id, who, note, err);
		}
	}
	free(c);
	if (s != CW_OK) {
		store_batch_rollback(st);
		return s;
	}
	s = store_batch_commit(st, err);
	if (s == CW_OK)
		rep->imported = n;
	return s;
}

enum cw_status import_csv(struct store *st, FILE *in, const char *name, const struct staff *staff,
                          const struct staff_member *me, struct import_report *rep, struct cw_error *err)
{
	struct reader rd = {in, name, 1, false};
	struct ctx cx = {rep, name};
	struct record rec = {0};
	struct row *rows = NULL;
	size_t nrows = 0, cap = 0, i;
	struct date today = date_today();
	int colpos[COL_COUNT];
	enum cw_status s = CW_OK;
	bool bad;

	memset(rep, 0, sizeof *rep);
	cw_error_clear(err);
	if ((s = access_check(me, ACCESS_CREATE_CASE, me ? me->team : NULL, NULL, err)) != CW_OK ||
	    (s = access_check(me, ACCESS_ALLOCATE, me ? me->team : NULL, NULL, err)) != CW_OK)
		return s;

	/* The header: the first non-blank record. */
	do {
		if (!read_record(&rd, &cx, &rec, &bad)) {
			problem(&cx, 0, "the file is empty; it needs a header row (see docs/import.md)");
			goto done;
		}
	} while (!bad && record_blank(&rec));
	if (bad || !read_header(&cx, &rec, colpos))
		goto done; /* rows cannot be read without a good header */

	while (read_record(&rd, &cx, &rec, &bad)) {
		struct row r;
		if (bad) {
			rep->rows++;
			continue;
		}
		if (record_blank(&rec))
			continue;
		rep->rows++;
		if (rep->rows > IMPORT_MAX_ROWS) {
			problem(&cx, rec.line, "more than %d rows; split the file", IMPORT_MAX_ROWS);
			break;
		}
		{
			size_t ncols = 0;
			int c;
			for (c = 0; c < COL_COUNT; c++)
				if (colpos[c] >= 0)
					ncols++;
			if (rec.n != ncols) {
				problem(&cx, rec.line, "has %zu fields; the header has %zu", rec.n, ncols);
				continue;
			}
		}
		if (!check_row(&cx, &rec, colpos, staff, me, today, &r))
			continue;
		if (nrows == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[nrows++] = r;
	}
	if (ferror(in))
		problem(&cx, 0, "could not be read to the end");

	if (rep->nerrors == 0 && nrows == 0)
		problem(&cx, 0, "has a header but no rows; nothing to import");
	check_twice(&cx, rows, nrows);
	for (i = 0; i < nrows && s == CW_OK; i++)
		if (!rows[i].twice)
			s = check_stored(st, &cx, &rows[i], err);
	if (s == CW_OK && rep->nerrors == 0)
		s = create_all(st, rows, nrows, me->login, rep, err);

done:
	if (s == CW_OK && rep->nerrors > 0)
		s = cw_fail(err, CW_ERR_INVALID, "%s: %zu problem%s found; nothing was imported",
		            name, rep->nerrors, rep->nerrors == 1 ? "" : "s");
	for (i = 0; i < nrows; i++)
		row_free(&rows[i]);
	free(rows);
	record_free(&rec);
	return s;
}
