/* store_sqlite.c - the case store on SQLite (see store.h).
 *
 * Layout (schema version 2):
 *   cases    one row per case: the summary columns the caseload lists
 *            and sorts by, the version, who saved it last, and `data`:
 *            the whole case as "key=value" lines (case_to_kv), values
 *            escaped so each stays on one line.
 *   notes    case notes, append-only.
 *   audit    append-only, hash-chained: hash = sha256(previous hash,
 *            this row's fields).
 *   drafts   unsaved form input kept across a hang-up.
 *
 * Every change runs in one BEGIN IMMEDIATE transaction with its audit
 * rows. The database is in WAL mode with synchronous=FULL, so a save
 * that returned CW_OK survives a crash of the process or the machine. */
#include "core/store.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/money.h"
#include "core/person.h"
#include "core/sha256.h"
#include "core/util.h"

#define SCHEMA_VERSION 4
#define BUSY_TIMEOUT_MS 5000
#define BUSY_RETRIES 6
#define WAIT_NOTICE_MS 1000

struct store {
	sqlite3 *db;
	char path[1024];
	bool in_batch;
	int fail_after; /* 0: never; else the write that fails (1 = the next) */
	const struct policy *policy; /* for the summaries; NULL: none set */
	const struct staff *staff;   /* for names in messages; NULL: logins */
	void (*waiting)(void *ctx);  /* told once a save when a wait gets long */
	void *waiting_ctx;
	bool waiting_told;           /* this save's notice was given */
	int64_t wait_started_ms;     /* when the present wait for a lock began */
};

void store_set_waiting(struct store *st, void (*waiting)(void *ctx), void *ctx)
{
	st->waiting = waiting;
	st->waiting_ctx = ctx;
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SQLite's busy handler: wait for another session's write lock, a
 * little longer each time, up to BUSY_TIMEOUT_MS; after a second, say
 * so once (store_set_waiting). */
static int busy_wait(void *arg, int count)
{
	struct store *st = arg;
	int64_t now = monotonic_ms();
	if (count == 0)
		st->wait_started_ms = now;
	int64_t waited = now - st->wait_started_ms;
	if (waited >= BUSY_TIMEOUT_MS)
		return 0;
	if (waited >= WAIT_NOTICE_MS && st->waiting && !st->waiting_told) {
		st->waiting_told = true;
		st->waiting(st->waiting_ctx);
	}
	usleep(count < 20 ? 1000u * (unsigned)(count + 1) : 20000u);
	return 1;
}

void store_set_context(struct store *st, const struct policy *p, const struct staff *staff)
{
	st->policy = p;
	st->staff = staff;
}

/* "Alice Smith (asmith)", or the login alone for someone not on the
 * staff list (or with no staff list set); made safe to show. */
static void person_named(const struct store *st, const char *login, char *buf, size_t size)
{
	const struct staff_member *m = st->staff ? staff_find(st->staff, login) : NULL;
	char name[CASE_NAME_MAX * 4], who[CASE_LOGIN_MAX * 4];
	cw_sanitize(who, sizeof who, login);
	if (m && m->name[0] && strcmp(m->name, login) != 0) {
		cw_sanitize(name, sizeof name, m->name);
		snprintf(buf, size, "%s (%s)", name, who);
	} else {
		snprintf(buf, size, "%s", who);
	}
}

int store_schema_version(void)
{
	return SCHEMA_VERSION;
}

/* ---- errors ---- */

static enum cw_status db_fail(struct store *st, struct cw_error *err, const char *doing)
{
	int code = st && st->db ? sqlite3_errcode(st->db) : SQLITE_ERROR;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return cw_fail(err, CW_ERR_BUSY,
		               "the case store stayed busy while %s (other workers are saving); nothing was "
		               "changed, please try again",
		               doing);
	if (code == SQLITE_FULL)
		return cw_fail(err, CW_ERR_DB, "the disk is full while %s; nothing was changed", doing);
	return cw_fail(err, CW_ERR_DB, "the case store failed while %s (%s); nothing was changed", doing,
	               st && st->db ? sqlite3_errmsg(st->db) : "no database");
}

/* ---- statements ---- */

static sqlite3_stmt *prep(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_finalize(s);
		return NULL;
	}
	return s;
}

static void bind_text(sqlite3_stmt *s, int i, const char *t)
{
	sqlite3_bind_text(s, i, t ? t : "", -1, SQLITE_TRANSIENT);
}

static void bind_date(sqlite3_stmt *s, int i, struct date d)
{
	if (date_is_set(d))
		sqlite3_bind_int(s, i, d.days);
	else
		sqlite3_bind_null(s, i);
}

static struct date col_date(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return DATE_NONE;
	return (struct date){(int32_t)sqlite3_column_int(s, i)};
}

static const char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

/* Runs a write statement to completion; counts towards store_fail_after. */
static int step_write(struct store *st, sqlite3_stmt *s)
{
	if (st->fail_after > 0 && --st->fail_after == 0) {
		sqlite3_reset(s);
		return SQLITE_IOERR;
	}
	return sqlite3_step(s);
}

static enum cw_status exec_sql(struct store *st, const char *sql, struct cw_error *err, const char *doing)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(st, err, doing);
	return CW_OK;
}

/* ---- transactions ---- */

/* BEGIN IMMEDIATE takes the write lock at once, waiting up to the busy
 * timeout; a few more tries cover a long burst from many sessions. */
static enum cw_status tx_begin(struct store *st, struct cw_error *err)
{
	if (st->in_batch)
		return CW_OK;
	st->waiting_told = false;
	for (int i = 0; i < BUSY_RETRIES; i++) {
		int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return CW_OK;
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		usleep(10000u * (unsigned)(i + 1));
	}
	return db_fail(st, err, "starting to save");
}

static enum cw_status tx_commit(struct store *st, struct cw_error *err)
{
	if (st->in_batch)
		return CW_OK;
	for (int i = 0; i < BUSY_RETRIES; i++) {
		int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return CW_OK;
		if (rc != SQLITE_BUSY)
			break;
		usleep(10000u * (unsigned)(i + 1));
	}
	enum cw_status rc = db_fail(st, err, "saving");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static void tx_rollback(struct store *st)
{
	if (!st->in_batch)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- schema ---- */

static const char *const migrations[SCHEMA_VERSION] = {
	/* 0 -> 1: the first schema */
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY,"
	"  ref TEXT NOT NULL UNIQUE,"
	"  version INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  worker TEXT NOT NULL,"
	"  team TEXT NOT NULL,"
	"  stage TEXT NOT NULL,"
	"  updated_by TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  data TEXT NOT NULL);"
	"CREATE TABLE notes ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  at INTEGER NOT NULL,"
	"  by TEXT NOT NULL,"
	"  text TEXT NOT NULL);"
	"CREATE INDEX notes_case ON notes(case_id);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  who TEXT NOT NULL,"
	"  case_id INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  old_value TEXT NOT NULL,"
	"  new_value TEXT NOT NULL,"
	"  hash TEXT NOT NULL);"
	"CREATE INDEX audit_case ON audit(case_id, id);"
	"CREATE INDEX audit_who ON audit(who, id);"
	"CREATE TABLE drafts ("
	"  case_id INTEGER NOT NULL,"
	"  who TEXT NOT NULL,"
	"  form TEXT NOT NULL,"
	"  data TEXT NOT NULL,"
	"  saved_at INTEGER NOT NULL,"
	"  PRIMARY KEY (case_id, who, form));"
	"CREATE INDEX cases_worker ON cases(worker);"
	"CREATE INDEX cases_team ON cases(team);",
	/* 1 -> 2: summary columns for the caseload (next action, due dates,
	 * weekly budget), filled from each case's data by migrate_fill_v2 */
	"ALTER TABLE cases ADD COLUMN next_action TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE cases ADD COLUMN due INTEGER;"
	"ALTER TABLE cases ADD COLUMN weekly INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cases ADD COLUMN review_due INTEGER;"
	"ALTER TABLE cases ADD COLUMN audit_due INTEGER;"
	"ALTER TABLE cases ADD COLUMN open INTEGER NOT NULL DEFAULT 1;"
	"CREATE INDEX cases_worker_due ON cases(worker, open, due);"
	"CREATE INDEX cases_team_due ON cases(team, open, due);"
	"CREATE INDEX cases_stage ON cases(stage);",
	/* 2 -> 3: the caseload from covering indexes. The summary columns
	 * sit after the case's data in each row, so reading them from the
	 * table walks every row's data pages: at 100,000 cases a worker's
	 * caseload read a quarter of the file. These indexes hold every
	 * column the list shows (the rowid comes with them), so a caseload
	 * is read from the index alone. They start with the columns of the
	 * indexes they replace, which any other lookup can still use. */
	"DROP INDEX cases_worker_due;"
	"DROP INDEX cases_team_due;"
	"DROP INDEX cases_worker;"
	"DROP INDEX cases_team;"
	"DROP INDEX cases_stage;"
	"CREATE INDEX cases_list_worker ON cases(worker, open, due, ref, name, team, stage, next_action, weekly,"
	" review_due, audit_due);"
	"CREATE INDEX cases_list_team ON cases(team, open, due, ref, name, worker, stage, next_action, weekly,"
	" review_due, audit_due);"
	"CREATE INDEX cases_list_stage ON cases(stage, open, due, ref, name, worker, team, next_action, weekly,"
	" review_due, audit_due);",
	/* 3 -> 4: the finance team's list (audits due by a date) from an
	 * index of its own, as the caseloads are */
	"CREATE INDEX cases_list_audit ON cases(audit_due, open, ref, name, worker, team, stage, next_action, due,"
	" weekly, review_due);",
};

/* ---- the case as text ---- */

/* "key=value\n" per field; in values, backslash, newline and CR are
 * written \\, \n and \r. */
static char *kv_encode(const struct kv_list *kv)
{
	size_t cap = 256, n = 0;
	char *out = xmalloc(cap);

	for (size_t i = 0; i < kv->n; i++) {
		size_t need = strlen(kv->items[i].key) + 2 * strlen(kv->items[i].val) + 3;
		if (n + need >= cap) {
			while (n + need >= cap)
				cap *= 2;
			out = xrealloc(out, cap);
		}
		n += (size_t)sprintf(out + n, "%s=", kv->items[i].key);
		for (const char *p = kv->items[i].val; *p; p++) {
			if (*p == '\\' || *p == '\n' || *p == '\r') {
				out[n++] = '\\';
				out[n++] = *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\';
			} else {
				out[n++] = *p;
			}
		}
		out[n++] = '\n';
	}
	out[n] = '\0';
	return out;
}

static void kv_decode(const char *text, struct kv_list *out)
{
	const char *p = text;
	size_t cap = 256;
	char *val = xmalloc(cap);

	while (*p) {
		const char *eq = strchr(p, '='), *nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (!eq || eq > nl) { /* not a field line: skip it */
			p = *nl ? nl + 1 : nl;
			continue;
		}
		size_t klen = (size_t)(eq - p), n = 0;
		char *key = xstrndup(p, klen);
		if ((size_t)(nl - eq) + 1 > cap) {
			cap = (size_t)(nl - eq) + 1;
			val = xrealloc(val, cap);
		}
		for (const char *q = eq + 1; q < nl; q++) {
			if (*q == '\\' && q + 1 < nl) {
				q++;
				val[n++] = *q == 'n' ? '\n' : *q == 'r' ? '\r' : *q;
			} else {
				val[n++] = *q;
			}
		}
		val[n] = '\0';
		kv_list_add(out, key, val);
		free(key);
		p = *nl ? nl + 1 : nl;
	}
	free(val);
	kv_list_sort(out);
}

/* ---- the audit chain ---- */

static void audit_hash(const char *prev, int64_t id, int64_t at, const char *who, int64_t case_id,
                       const char *action, const char *field, const char *old_value, const char *new_value,
                       char hex[SHA256_HEX])
{
	struct sha256 s;
	unsigned char d[32];
	char num[64];
	static const char sep = '\x1f';
	static const char digits[] = "0123456789abcdef";

	sha256_init(&s);
	sha256_update(&s, prev, strlen(prev));
	snprintf(num, sizeof num, "%c%" PRId64 "%c%" PRId64 "%c", sep, id, sep, at, sep);
	sha256_update(&s, num, strlen(num));
	sha256_update(&s, who, strlen(who));
	snprintf(num, sizeof num, "%c%" PRId64 "%c", sep, case_id, sep);
	sha256_update(&s, num, strlen(num));
	sha256_update(&s, action, strlen(action));
	sha256_update(&s, &sep, 1);
	sha256_update(&s, field, strlen(field));
	sha256_update(&s, &sep, 1);
	sha256_update(&s, old_value, strlen(old_value));
	sha256_update(&s, &sep, 1);
	sha256_update(&s, new_value, strlen(new_value));
	sha256_final(&s, d);
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}

/* State for appending audit rows inside one transaction. */
struct audit_writer {
	sqlite3_stmt *ins;
	int64_t next_id;
	char prev[SHA256_HEX];
	int64_t at;
};

static enum cw_status audit_open(struct store *st, struct audit_writer *w, struct cw_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
	int rc;

	memset(w, 0, sizeof *w);
	if (!s)
		return db_fail(st, err, "reading the audit trail");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		w->next_id = sqlite3_column_int64(s, 0) + 1;
		cw_strlcpy(w->prev, col_text(s, 1), sizeof w->prev);
	} else if (rc == SQLITE_DONE) {
		w->next_id = 1;
		w->prev[0] = '\0';
	} else {
		sqlite3_finalize(s);
		return db_fail(st, err, "reading the audit trail");
	}
	sqlite3_finalize(s);
	w->ins = prep(st, "INSERT INTO audit (id, at, who, case_id, action, field, old_value, new_value, hash) "
	                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!w->ins)
		return db_fail(st, err, "writing the audit trail");
	w->at = (int64_t)time(NULL);
	return CW_OK;
}

static enum cw_status audit_add(struct store *st, struct audit_writer *w, const char *who, int64_t case_id,
                                const char *action, const char *field, const char *old_value,
                                const char *new_value, struct cw_error *err)
{
	char hash[SHA256_HEX];

	field = field ? field : "";
	old_value = old_value ? old_value : "";
	new_value = new_value ? new_value : "";
	audit_hash(w->prev, w->next_id, w->at, who, case_id, action, field, old_value, new_value, hash);
	sqlite3_reset(w->ins);
	sqlite3_bind_int64(w->ins, 1, w->next_id);
	sqlite3_bind_int64(w->ins, 2, w->at);
	bind_text(w->ins, 3, who);
	sqlite3_bind_int64(w->ins, 4, case_id);
	bind_text(w->ins, 5, action);
	bind_text(w->ins, 6, field);
	bind_text(w->ins, 7, old_value);
	bind_text(w->ins, 8, new_value);
	bind_text(w->ins, 9, hash);
	if (step_write(st, w->ins) != SQLITE_DONE)
		return db_fail(st, err, "writing the audit trail");
	memcpy(w->prev, hash, sizeof hash);
	w->next_id++;
	return CW_OK;
}

static void audit_close(struct audit_writer *w)
{
	sqlite3_finalize(w->ins);
	w->ins = NULL;
}

/* ---- opening ---- */

static enum cw_status fill_summaries(struct store *st, struct cw_error *err);

/* The audit trail and the notes are append-only in the database itself:
 * a row cannot be changed or removed, by casework or by anyone with
 * sqlite3 who does not first drop the triggers (and the hash chain shows
 * any row changed after that). Made on every open if missing, so older
 * databases gain them without a schema change. */
static const char append_only_sql[] =
	"CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: its rows cannot be changed'); END;"
	"CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: its rows cannot be removed'); END;"
	"CREATE TRIGGER IF NOT EXISTS notes_append_only_update BEFORE UPDATE ON notes "
	"BEGIN SELECT RAISE(ABORT, 'case notes are append-only: they cannot be changed'); END;"
	"CREATE TRIGGER IF NOT EXISTS notes_append_only_delete BEFORE DELETE ON notes "
	"BEGIN SELECT RAISE(ABORT, 'case notes are append-only: they cannot be removed'); END;";

static enum cw_status ensure_append_only(struct store *st, struct cw_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
	                           "('audit_append_only_update', 'audit_append_only_delete', "
	                           "'notes_append_only_update', 'notes_append_only_delete')");
	int have = -1;
	if (s && sqlite3_step(s) == SQLITE_ROW)
		have = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (have < 0)
		return db_fail(st, err, "reading the schema");
	if (have == 4)
		return CW_OK;
	if (tx_begin(st, err) != CW_OK)
		return err ? err->status : CW_ERR_DB;
	if (sqlite3_exec(st->db, append_only_sql, NULL, NULL, NULL) != SQLITE_OK) {
		enum cw_status rc = db_fail(st, err, "making the audit trail append-only");
		tx_rollback(st);
		return rc;
	}
	return tx_commit(st, err);
}

static enum cw_status migrate(struct store *st, struct cw_error *err)
{
	sqlite3_stmt *s = prep(st, "PRAGMA user_version");
	int version;

	if (!s || sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return db_fail(st, err, "reading the schema version");
	}
	version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version > SCHEMA_VERSION)
		return cw_fail(err, CW_ERR_DB,
		               "%s was written by a newer casework (schema version %d; this casework knows up to "
		               "%d); use the newer casework, or ask IT to install it",
		               st->path, version, SCHEMA_VERSION);
	if (version == SCHEMA_VERSION)
		return ensure_append_only(st, err);
	if (tx_begin(st, err) != CW_OK)
		return err ? err->status : CW_ERR_DB;
	for (int v = version; v < SCHEMA_VERSION; v++) {
		char pragma[64];
		if (sqlite3_exec(st->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK) {
			enum cw_status rc = cw_fail(err, CW_ERR_DB, "could not update %s from schema version %d to %d: %s",
			                            st->path, v, v + 1, sqlite3_errmsg(st->db));
			tx_rollback(st);
			return rc;
		}
		if (v + 1 == 2 && fill_summaries(st, err) != CW_OK) {
			tx_rollback(st);
			return err ? err->status : CW_ERR_DB;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (sqlite3_exec(st->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			tx_rollback(st);
			return db_fail(st, err, "updating the schema version");
		}
	}
	if (sqlite3_exec(st->db, append_only_sql, NULL, NULL, NULL) != SQLITE_OK) {
		enum cw_status rc = db_fail(st, err, "making the audit trail append-only");
		tx_rollback(st);
		return rc;
	}
	return tx_commit(st, err);
}

enum cw_status store_open(const char *path, struct store **out, struct cw_error *err)
{
	struct store *st = xcalloc(1, sizeof *st);
	int rc;

	*out = NULL;
	if (!path || !*path) {
		free(st);
		return cw_fail(err, CW_ERR_INVALID, "no database path given");
	}
	cw_strlcpy(st->path, path, sizeof st->path);
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		enum cw_status s = cw_fail(err, CW_ERR_IO, "cannot open the case database %s: %s", path,
		                           st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		sqlite3_close(st->db);
		free(st);
		return s;
	}
	sqlite3_busy_handler(st->db, busy_wait, st);
	sqlite3_extended_result_codes(st->db, 0);
	/* journal_mode=WAL needs a moment of exclusive access; retry briefly */
	for (int i = 0;; i++) {
		sqlite3_stmt *s = prep(st, "PRAGMA journal_mode=WAL");
		rc = s ? sqlite3_step(s) : SQLITE_ERROR;
		bool wal = rc == SQLITE_ROW && strcmp(col_text(s, 0), "wal") == 0;
		sqlite3_finalize(s);
		if (wal)
			break;
		if (i >= BUSY_RETRIES) {
			int code = sqlite3_errcode(st->db);
			enum cw_status r =
				code == SQLITE_BUSY || code == SQLITE_LOCKED
					? cw_fail(err, CW_ERR_BUSY,
			                          "the case store stayed busy while opening (another program holds "
			                          "it, perhaps a backup); nothing was changed, please try again")
					: cw_fail(err, CW_ERR_DB,
			                          "cannot use %s: it is not a casework database, or the file system "
			                          "does not allow write-ahead logging (%s)",
			                          path, sqlite3_errmsg(st->db));
			sqlite3_close(st->db);
			free(st);
			return r;
		}
		usleep(20000);
	}
	if (exec_sql(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", err, "opening") != CW_OK ||
	    migrate(st, err) != CW_OK) {
		sqlite3_close(st->db);
		free(st);
		return err ? err->status : CW_ERR_DB;
	}
	*out = st;
	return CW_OK;
}

/* One PRAGMA that answers with a single row: its first column. */
static bool pragma_row(struct store *st, const char *pragma, char *text, size_t size, int *num)
{
	sqlite3_stmt *s = prep(st, pragma);
	bool ok = s && sqlite3_step(s) == SQLITE_ROW;
	if (ok && text)
		cw_strlcpy(text, col_text(s, 0), size);
	if (ok && num)
		*num = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return ok;
}

enum cw_status store_settings(struct store *st, struct store_settings *out, struct cw_error *err)
{
	int sync = 0, fk = 0;
	memset(out, 0, sizeof *out);
	/* synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA (EXTRA is FULL and more) */
	if (!pragma_row(st, "PRAGMA journal_mode", out->journal, sizeof out->journal, NULL) ||
	    !pragma_row(st, "PRAGMA synchronous", NULL, 0, &sync) ||
	    !pragma_row(st, "PRAGMA foreign_keys", NULL, 0, &fk) ||

	    !pragma_row(st, "PRAGMA user_version", NULL, 0, &out->schema_version))
		return db_fail(st, err, "reading the database settings");
	out->busy_timeout_ms = BUSY_TIMEOUT_MS; /* busy_wait's; SQLite's own timeout is not used */
	out->sync_full = sync >= 2;
	out->foreign_keys = fk != 0;
	return CW_OK;
}

void store_close(struct store **st)
{
	if (!st || !*st)
		return;
	if ((*st)->in_batch)
		sqlite3_exec((*st)->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close((*st)->db);
	free(*st);
	*st = NULL;
}

void store_fail_after(struct store *st, int nth_write)
{
	st->fail_after = nth_write > 0 ? nth_write : 0;
}

/* ---- summaries ---- */

static void bind_summary(const struct store *st, sqlite3_stmt *s, int first, const struct case_record *c)
{
	struct date due;
	const char *next = case_next_action(c, st->policy, &due);
	bind_text(s, first, c->person.name);
	bind_text(s, first + 1, c->worker);
	bind_text(s, first + 2, c->team);
	bind_text(s, first + 3, stage_keys[c->stage]);
	bind_text(s, first + 4, next);
	bind_date(s, first + 5, due);
	sqlite3_bind_int64(s, first + 6, case_final_weekly(c));
	bind_date(s, first + 7, c->review.next_due);
	bind_date(s, first + 8, c->review.audit_due);
	sqlite3_bind_int(s, first + 9, c->stage != STAGE_CLOSED);
}

#define SUMMARY_SET                                                                                       \
	"name = ?, worker = ?, team = ?, stage = ?, next_action = ?, due = ?, weekly = ?, review_due = ?, " \
	"audit_due = ?, open = ?"

static enum cw_status decode_case(int64_t id, const char *ref, int64_t version, const char *data,
                                  struct case_record *c, struct cw_error *err)
{
	struct kv_list kv = {0};
	enum cw_status rc;

	case_init(c);
	kv_decode(data, &kv);
	rc = case_from_kv(c, &kv, err);
	kv_list_free(&kv);
	if (rc != CW_OK)
		return rc;
	c->id = id;
	cw_strlcpy(c->ref, ref, sizeof c->ref);
	c->version = version;
	return CW_OK;
}

/* Migration to version 2: work out the summary columns of every case. */
static enum cw_status fill_summaries(struct store *st, struct cw_error *err)
{
	sqlite3_stmt *sel = prep(st, "SELECT id, ref, version, data FROM cases");
	sqlite3_stmt *upd = prep(st, "UPDATE cases SET " SUMMARY_SET " WHERE id = ?");
	struct case_record *c = xmalloc(sizeof *c);
	enum cw_status rc = CW_OK;
	int step;

	if (!sel || !upd) {
		rc = db_fail(st, err, "updating the schema");
		goto out;
	}
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(sel, 0);
		if ((rc = decode_case(id, col_text(sel, 1), sqlite3_column_int64(sel, 2), col_text(sel, 3), c, err)) !=
		    CW_OK)
			goto out;
		sqlite3_reset(upd);
		bind_summary(st, upd, 1, c);
		sqlite3_bind_int64(upd, 11, id);
		if (sqlite3_step(upd) != SQLITE_DONE) {
			rc = db_fail(st, err, "updating the schema");
			goto out;
		}
	}
	if (step != SQLITE_DONE)
		rc = db_fail(st, err, "updating the schema");
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	free(c);
	return rc;
}

/* ---- cases ---- */

static bool valid_who(const char *who)
{
	return who && *who && strlen(who) < CASE_LOGIN_MAX;
}

enum cw_status store_case_create(struct store *st, struct case_record *c, const char *who,
                                 struct cw_error *err)
{
	struct kv_list kv = {0};
	struct audit_writer aw = {0};
	sqlite3_stmt *ins = NULL, *upd = NULL;
	char *data = NULL, ref[CASE_REF_MAX];
	int64_t id, now = (int64_t)time(NULL);
	enum cw_status rc;

	if (!valid_who(who))
		return cw_fail(err, CW_ERR_INVALID, "no signed-in user to record the change against");
	if ((rc = tx_begin(st, err)) != CW_OK)
		return rc;
	case_to_kv(c, &kv);
	data = kv_encode(&kv);
	ins = prep(st, "INSERT INTO cases (ref, version, name, worker, team, stage, updated_by, updated_at, data) "
	               "VALUES ('', 1, '', '', '', '', ?, ?, ?)");
	upd = prep(st, "UPDATE cases SET ref = ?, " SUMMARY_SET " WHERE id = ?");
	if (!ins || !upd) {
		rc = db_fail(st, err, "creating the case");
		goto fail;
	}
	bind_text(ins, 1, who);
	sqlite3_bind_int64(ins, 2, now);
	bind_text(ins, 3, data);
	if (step_write(st, ins) != SQLITE_DONE) {
		rc = db_fail(st, err, "creating the case");
		goto fail;
	}
	id = sqlite3_last_insert_rowid(st->db);
	case_ref_format(id, ref, sizeof ref);
	bind_text(upd, 1, ref);
	bind_summary(st, upd, 2, c);
	sqlite3_bind_int64(upd, 12, id);
	if (step_write(st, upd) != SQLITE_DONE) {
		rc = db_fail(st, err, "creating the case");
		goto fail;
	}
	if ((rc = audit_open(st, &aw, err)) != CW_OK ||
	    (rc = audit_add(st, &aw, who, id, "created", "", "", data, err)) != CW_OK)
		goto fail;
	audit_close(&aw);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	ins = upd = NULL;
	if ((rc = tx_commit(st, err)) != CW_OK)
		goto fail_committed;
	c->id = id;
	cw_strlcpy(c->ref, ref, sizeof c->ref);
	c->version = 1;
	cw_strlcpy(c->updated_by, who, sizeof c->updated_by);
	c->updated_at = now;
	free(data);
	kv_list_free(&kv);
	return CW_OK;
fail:
	audit_close(&aw);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	tx_rollback(st);
fail_committed:
	free(data);
	kv_list_free(&kv);
	return rc;
}

static enum cw_status load_where(struct store *st, const char *where, int64_t id, const char *ref,
                                 struct case_record *out, struct cw_error *err)
{
	char sql[256];
	sqlite3_stmt *s;
	enum cw_status rc;
	int step;

	snprintf(sql, sizeof sql, "SELECT id, ref, version, data, updated_by, updated_at FROM cases WHERE %s", where);
	if (!(s = prep(st, sql)))
		return db_fail(st, err, "reading the case");
	if (ref)
		bind_text(s, 1, ref);
	else
		sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		char safe[64];
		sqlite3_finalize(s);
		if (ref) {
			cw_sanitize(safe, sizeof safe, ref);
			return cw_fail(err, CW_ERR_NOT_FOUND, "there is no case %s", safe);
		}
		return cw_fail(err, CW_ERR_NOT_FOUND, "there is no case with id %" PRId64, id);
	}
	if (step != SQLITE_ROW) {
		sqlite3_finalize(s);
		return db_fail(st, err, "reading the case");
	}
	rc = decode_case(sqlite3_column_int64(s, 0), col_text(s, 1), sqlite3_column_int64(s, 2), col_text(s, 3), out,
	                 err);
	if (rc == CW_OK) {
		cw_strlcpy(out->updated_by, col_text(s, 4), sizeof out->updated_by);
		out->updated_at = sqlite3_column_int64(s, 5);
	}
	sqlite3_finalize(s);
	return rc;
}

enum cw_status store_case_load(struct store *st, int64_t id, struct case_record *out, struct cw_error *err)
{
	return load_where(st, "id = ?", id, NULL, out, err);
}

enum cw_status store_case_load_ref(struct store *st, const char *ref, struct case_record *out,
                                   struct cw_error *err)
{
	char norm[CASE_REF_MAX + 8];
	const char *p = ref ? ref : "";
	char *end;

	/* "C-000123", "c-123", "123" all name case 123 */
	if ((p[0] == 'C' || p[0] == 'c') && p[1] == '-')
		p += 2;
	errno = 0;
	long long id = strtoll(p, &end, 10);
	if (*p >= '0' && *p <= '9' && !*end && !errno && id > 0) {
		case_ref_format(id, norm, sizeof norm);
		return load_where(st, "ref = ?", 0, norm, out, err);
	}
	return load_where(st, "ref = ?", 0, ref ? ref : "", out, err);
}

static void hhmm(int64_t at, char *buf, size_t n)
{
	time_t t = (time_t)at, now = time(NULL);
	struct tm tm, tn;
	localtime_r(&t, &tm);
	localtime_r(&now, &tn);
	if (tm.tm_year == tn.tm_year && tm.tm_yday == tn.tm_yday)
		strftime(buf, n, "%H:%M", &tm);
	else
		strftime(buf, n, "%H:%M on %Y-%m-%d", &tm);
}

enum cw_status store_case_save(struct store *st, struct case_record *c, const char *who, const char *what,
                               struct cw_error *err)
{
	struct kv_list oldkv = {0}, newkv = {0};
	struct audit_writer aw = {0};
	sqlite3_stmt *sel = NULL, *upd = NULL;
	char *data = NULL;
	int64_t now = (int64_t)time(NULL), stored_version;
	enum cw_status rc;
	size_t i = 0, j = 0, changes = 0;

	if (!valid_who(who))
		return cw_fail(err, CW_ERR_INVALID, "no signed-in user to record the change against");
	if (!what || !*what)
		what = "save";
	if ((rc = tx_begin(st, err)) != CW_OK)
		return rc;
	if (!(sel = prep(st, "SELECT version, updated_by, updated_at, data FROM cases WHERE id = ?"))) {
		rc = db_fail(st, err, "reading the case");
		goto fail;
	}
	sqlite3_bind_int64(sel, 1, c->id);
	int step = sqlite3_step(sel);
	if (step == SQLITE_DONE) {
		rc = cw_fail(err, CW_ERR_NOT_FOUND, "there is no case with id %" PRId64 "; it cannot be saved", c->id);
		goto fail;
	}
	if (step != SQLITE_ROW) {
		rc = db_fail(st, err, "reading the case");
		goto fail;
	}
	stored_version = sqlite3_column_int64(sel, 0);
	if (stored_version != c->version) {
		char when[32], by[CASE_NAME_MAX * 4 + CASE_LOGIN_MAX * 4 + 4];
		hhmm(sqlite3_column_int64(sel, 2), when, sizeof when);
		person_named(st, col_text(sel, 1), by, sizeof by);
		rc = cw_fail(err, CW_ERR_STALE,
		             "%s was changed by %s at %s, after you opened it; nothing of yours was saved",
		             c->ref[0] ? c->ref : "this case", by, when);
		goto fail;
	}
	kv_decode(col_text(sel, 3), &oldkv);
	sqlite3_finalize(sel);
	sel = NULL;

	case_to_kv(c, &newkv);
	if ((rc = audit_open(st, &aw, err)) != CW_OK)
		goto fail;
	/* one audit row per field that changed: both lists are sorted */
	while (i < oldkv.n || j < newkv.n) {
		int cmp = i >= oldkv.n ? 1 : j >= newkv.n ? -1 : strcmp(oldkv.items[i].key, newkv.items[j].key);
		if (cmp < 0) {
			rc = audit_add(st, &aw, who, c->id, what, oldkv.items[i].key, oldkv.items[i].val, "", err);
			i++;
			changes++;
		} else if (cmp > 0) {
			rc = audit_add(st, &aw, who, c->id, what, newkv.items[j].key, "", newkv.items[j].val, err);
			j++;
			changes++;
		} else {
			if (strcmp(oldkv.items[i].val, newkv.items[j].val) != 0) {
				rc = audit_add(st, &aw, who, c->id, what, newkv.items[j].key, oldkv.items[i].val,
				               newkv.items[j].val, err);
				changes++;
			}
			i++;
			j++;
		}
		if (rc != CW_OK)
			goto fail;
	}
	if (changes == 0) { /* nothing to save: no new version, no audit */
		audit_close(&aw);
		tx_rollback(st);
		kv_list_free(&oldkv);
		kv_list_free(&newkv);
		return CW_OK;
	}
	data = kv_encode(&newkv);
	upd = prep(st, "UPDATE cases SET version = version + 1, updated_by = ?, updated_at = ?, data = ?, " SUMMARY_SET
	               " WHERE id = ? AND version = ?");
	if (!upd) {
		rc = db_fail(st, err, "saving the case");
		goto fail;
	}
	bind_text(upd, 1, who);
	sqlite3_bind_int64(upd, 2, now);
	bind_text(upd, 3, data);
	bind_summary(st, upd, 4, c);
	sqlite3_bind_int64(upd, 14, c->id);
	sqlite3_bind_int64(upd, 15, c->version);
	if (step_write(st, upd) != SQLITE_DONE || sqlite3_changes(st->db) != 1) {
		rc = db_fail(st, err, "saving the case");
		goto fail;
	}
	audit_close(&aw);
	sqlite3_finalize(upd);
	upd = NULL;
	if ((rc = tx_commit(st, err)) != CW_OK)
		goto done;
	c->version++;
	cw_strlcpy(c->updated_by, who, sizeof c->updated_by);
	c->updated_at = now;
	goto done;
fail:
	audit_close(&aw);
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	tx_rollback(st);
done:
	free(data);
	kv_list_free(&oldkv);
	kv_list_free(&newkv);
	return rc;
}

/* One audit row on its own transaction (or the batch's). */
static enum cw_status audit_one(struct store *st, const char *who, int64_t case_id, const char *action,
                                const char *field, const char *new_value, struct cw_error *err)
{
	struct audit_writer aw;
	enum cw_status rc;

	if ((rc = tx_begin(st, err)) != CW_OK)
		return rc;
	if ((rc = audit_open(st, &aw, err)) != CW_OK ||
	    (rc = audit_add(st, &aw, who, case_id, action, field, "", new_value, err)) != CW_OK) {
		audit_close(&aw);
		tx_rollback(st);
		return rc;
	}
	audit_close(&aw);
	return tx_commit(st, err);
}

enum cw_status store_case_opened(struct store *st, int64_t case_id, const char *who, const char *reason,
                                 struct cw_error *err)
{
	if (!valid_who(who))
		return cw_fail(err, CW_ERR_INVALID, "no signed-in user to record the access against");
	return audit_one(st, who, case_id, reason && *reason ? "opened outside team" : "opened",
	                 reason && *reason ? "reason" : "", reason ? reason : "", err);
}

enum cw_status store_audit_event(struct store *st, const char *who, int64_t case_id, const char *action,
                                 const char *detail, struct cw_error *err)
{
	if (!valid_who(who))
		return cw_fail(err, CW_ERR_INVALID, "no signed-in user to record the event against");
	if (!action || !*action)
		return cw_fail(err, CW_ERR_INVALID, "an audit event needs an action");
	return audit_one(st, who, case_id, action, detail && *detail ? "detail" : "", detail ? detail : "", err);
}

enum cw_status store_case_foreach(struct store *st, const char *team, int64_t case_id,
                                  int (*fn)(const struct case_record *, void *), void *ctx,
                                  struct cw_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT id, ref, version, data, updated_by, updated_at FROM cases "
	                           "WHERE (?1 IS NULL OR team = ?1) AND (?2 = 0 OR id = ?2) ORDER BY id");
	struct case_record *c = xmalloc(sizeof *c);
	enum cw_status rc = CW_OK;
	size_t seen = 0;
	int step;

	if (!s) {
		free(c);
		return db_fail(st, err, "reading the cases");
	}
	if (team)
		bind_text(s, 1, team);
	sqlite3_bind_int64(s, 2, case_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rc = decode_case(sqlite3_column_int64(s, 0), col_text(s, 1), sqlite3_column_int64(s, 2), col_text(s, 3), c,
		                 err);
		if (rc != CW_OK)
			break;
		cw_strlcpy(c->updated_by, col_text(s, 4), sizeof c->updated_by);
		c->updated_at = sqlite3_column_int64(s, 5);
		seen++;
		if (fn(c, ctx) != 0)
			break;
	}
	if (rc == CW_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = db_fail(st, err, "reading the cases");
	if (rc == CW_OK && case_id != 0 && seen == 0)
		rc = cw_fail(err, CW_ERR_NOT_FOUND, "there is no case with id %" PRId64, case_id);
	sqlite3_finalize(s);
	free(c);
	return rc;
}

/* ---- caseload ---- */

#define CASELOAD_COLUMNS "id, ref, name, worker, team, stage, next_action, due, weekly, review_due, audit_due"

/* One caseload row from a statement selecting CASELOAD_COLUMNS. */
static void row_fill(sqlite3_stmt *s, struct caseload_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	cw_strlcpy(r->ref, col_text(s, 1), sizeof r->ref);
	cw_strlcpy(r->name, col_text(s, 2), sizeof r->name);
	cw_strlcpy(r->worker, col_text(s, 3), sizeof r->worker);
	cw_strlcpy(r->team, col_text(s, 4), sizeof r->team);
	int stage = case_key_index(stage_keys, STAGE_COUNT, col_text(s, 5));
	r->stage = stage < 0 ? STAGE_CLOSED : (enum stage)stage;
	cw_strlcpy(r->next_action, col_text(s, 6), sizeof r->next_action);
	r->due = col_date(s, 7);
	r->weekly = sqlite3_column_int64(s, 8);
	r->review_due = col_date(s, 9);
	r->audit_due = col_date(s, 10);
}

enum cw_status store_caseload(struct store *st, const struct caseload_query *q, struct caseload *out,
                              struct cw_error *err)
{
	static const char *const orders[] = {
		[SORT_DUE] = "due IS NULL, due, id",
		[SORT_NAME] = "name COLLATE NOCASE, id",
		[SORT_REF] = "id",
		[SORT_STAGE] = "CASE stage WHEN 'decision' THEN 0 WHEN 'assessment' THEN 1 WHEN 'panel' THEN 2 "
		               "WHEN 'planning' THEN 3 WHEN 'review' THEN 4 ELSE 5 END, due IS NULL, due, id",
		[SORT_WEEKLY] = "weekly DESC, id",
	};
	char sql[1024];
	sqlite3_stmt *s;
	size_t cap = 0;
	int step, sort = q && q->sort >= SORT_DUE && q->sort <= SORT_WEEKLY ? (int)q->sort : SORT_DUE;

	out->rows = NULL;
	out->n = 0;
	const char *want_stage = q && q->panel_queue                          ? "panel"
	                         : q && q->stage >= 0 && q->stage < STAGE_COUNT ? stage_keys[q->stage]
	                                                                        : NULL;
	/* Only the conditions asked for: "(?1 IS NULL OR worker = ?1)"
	 * would keep SQLite from using an index and scan every case. */
	snprintf(sql, sizeof sql,
	         "SELECT " CASELOAD_COLUMNS " FROM cases WHERE 1%s%s%s%s%s ORDER BY %s",
	         q && q->worker ? " AND worker = ?1" : "", q && q->team ? " AND team = ?2" : "",
	         want_stage ? " AND stage = ?3" : "", q && q->open_only ? " AND open = 1" : "",
	         q && q->finance_work ? " AND ((stage = 'assessment' AND next_action = ?5) OR "
	                                "(audit_due IS NOT NULL AND audit_due <= ?4))"
	                              : "",
	         orders[sort]);
	if (!(s = prep(st, sql)))
		return db_fail(st, err, "reading the caseload");
	if (q && q->worker)
		bind_text(s, 1, q->worker);
	if (q && q->team)
		bind_text(s, 2, q->team);
	if (want_stage)
		bind_text(s, 3, want_stage);
	if (q && q->finance_work) {
		sqlite3_bind_int(s, 4, date_is_set(q->audit_due_by) ? q->audit_due_by.days : INT32_MAX);
		bind_text(s, 5, CASE_NEXT_FINANCIAL);
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct caseload_row *r;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 256;
			out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
		}
		r = &out->rows[out->n++];
		row_fill(s, r);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		caseload_free(out);
		return db_fail(st, err, "reading the caseload");
	}
	return CW_OK;
}

enum cw_status store_person_matches(struct store *st, const char *name, struct date dob, const char *team,
                                    struct caseload *out, struct cw_error *err)
{
	struct case_record *c = NULL;
	sqlite3_stmt *s;
	size_t cap = 0;
	enum cw_status rc = CW_OK;
	int step;

	out->rows = NULL;
	out->n = 0;
	if (!name || cw_blank(name) || !date_is_set(dob))
		return CW_OK;
	/* the names from the caseload's covering index; the date of birth is
	 * in the case's data, read only for a case whose name is the same */
	if (!(s = prep(st, team ? "SELECT " CASELOAD_COLUMNS " FROM cases WHERE team = ?1 AND open = 1 ORDER BY id"
	                        : "SELECT " CASELOAD_COLUMNS " FROM cases WHERE open = 1 ORDER BY id")))
		return db_fail(st, err, "looking for the person's other cases");
	if (team)
		bind_text(s, 1, team);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (!person_same_name(col_text(s, 2), name))
			continue;
		if (!c)
			c = xmalloc(sizeof *c);
		if ((rc = store_case_load(st, sqlite3_column_int64(s, 0), c, err)) != CW_OK)
			break;
		if (c->person.date_of_birth.days != dob.days)
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 4;
			out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
		}
		row_fill(s, &out->rows[out->n++]);
	}
	if (rc == CW_OK && step != SQLITE_DONE)
		rc = db_fail(st, err, "looking for the person's other cases");
	sqlite3_finalize(s);
	free(c);
	if (rc != CW_OK)
		caseload_free(out);
	return rc;
}

void caseload_free(struct caseload *cl)
{
	free(cl->rows);
	cl->rows = NULL;
	cl->n = 0;
}

/* ---- notes ---- */

enum cw_status store_note_add(struct store *st, int64_t case_id, const char *who, const char *text,
                              struct cw_error *err)
{
	struct audit_writer aw = {0};
	sqlite3_stmt *s = NULL;
	enum cw_status rc;

	if (!valid_who(who))
		return cw_fail(err, CW_ERR_INVALID, "no signed-in user to record the note against");
	if (!text || !*text)
		return cw_fail(err, CW_ERR_INVALID, "the note is empty; write something before saving it");
	if ((rc = tx_begin(st, err)) != CW_OK)
		return rc;
	if (!(s = prep(st, "INSERT INTO notes (case_id, at, by, text) VALUES (?, ?, ?, ?)"))) {
		rc = db_fail(st, err, "adding the note");
		goto fail;
	}
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int64(s, 2, (int64_t)time(NULL));
	bind_text(s, 3, who);
	bind_text(s, 4, text);
	int step = step_write(st, s);
	if (step == SQLITE_CONSTRAINT) {
		rc = cw_fail(err, CW_ERR_NOT_FOUND, "there is no case with id %" PRId64 " to add a note to", case_id);
		goto fail;
	}
	if (step != SQLITE_DONE) {
		rc = db_fail(st, err, "adding the note");
		goto fail;
	}
	if ((rc = audit_open(st, &aw, err)) != CW_OK ||
	    (rc = audit_add(st, &aw, who, case_id, "note added", "note", "", text, err)) != CW_OK)
		goto fail;
	audit_close(&aw);
	sqlite3_finalize(s);
	return tx_commit(st, err);
fail:
	audit_close(&aw);
	sqlite3_finalize(s);
	tx_rollback(st);
	return rc;
}

enum cw_status store_notes(struct store *st, int64_t case_id, struct note_list *out, struct cw_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT id, at, by, text FROM notes WHERE case_id = ? ORDER BY id DESC");
	size_t cap = 0;
	int step;

	out->items = NULL;
	out->n = 0;
	if (!s)
		return db_fail(st, err, "reading the notes");
	sqlite3_bind_int64(s, 1, case_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->items = xrealloc(out->items, cap * sizeof *out->items);
		}
		struct case_note *n = &out->items[out->n++];
		n->id = sqlite3_column_int64(s, 0);
		n->at = sqlite3_column_int64(s, 1);
		cw_strlcpy(n->by, col_text(s, 2), sizeof n->by);
		n->text = xstrdup(col_text(s, 3));
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		note_list_free(out);
		return db_fail(st, err, "reading the notes");
	}
	return CW_OK;
}

void note_list_free(struct note_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i].text);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* ---- history and verification ---- */

enum cw_status store_history(struct store *st, int64_t case_id, const char *who, size_t limit,
                             struct audit_list *out, struct cw_error *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int step;

	out->items = NULL;
	out->n = 0;
	if (case_id > 0)
		s = prep(st, "SELECT id, at, who, case_id, action, field, old_value, new_value FROM audit "
		             "WHERE case_id = ?1 ORDER BY id DESC LIMIT ?2");
	else
		s = prep(st, "SELECT id, at, who, case_id, action, field, old_value, new_value FROM audit "
		             "WHERE who = ?3 ORDER BY id DESC LIMIT ?2");
	if (!s)
		return db_fail(st, err, "reading the history");
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int64(s, 2, limit ? (int64_t)limit : -1);
	bind_text(s, 3, who);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			out->items = xrealloc(out->items, cap * sizeof *out->items);
		}
		struct audit_row *r = &out->items[out->n++];
		r->id = sqlite3_column_int64(s, 0);
		r->at = sqlite3_column_int64(s, 1);
		cw_strlcpy(r->who, col_text(s, 2), sizeof r->who);
		r->case_id = sqlite3_column_int64(s, 3);
		r->action = xstrdup(col_text(s, 4));
		r->field = xstrdup(col_text(s, 5));
		r->old_value = xstrdup(col_text(s, 6));
		r->new_value = xstrdup(col_text(s, 7));
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		audit_list_free(out);
		return db_fail(st, err, "reading the history");
	}
	return CW_OK;
}

void audit_list_free(struct audit_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].action);
		free(l->items[i].field);
		free(l->items[i].old_value);
		free(l->items[i].new_value);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

enum cw_status store_audit_verify(struct store *st, int64_t *first_bad, int64_t *rows_checked,
                                  struct cw_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT id, at, who, case_id, action, field, old_value, new_value, hash "
	                           "FROM audit ORDER BY id");
	char prev[SHA256_HEX] = "", hash[SHA256_HEX];
	int64_t n = 0, expect_id = 1;
	int step;

	if (first_bad)
		*first_bad = 0;
	if (!s)
		return db_fail(st, err, "reading the audit trail");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		audit_hash(prev, id, sqlite3_column_int64(s, 1), col_text(s, 2), sqlite3_column_int64(s, 3), col_text(s, 4),
		           col_text(s, 5), col_text(s, 6), col_text(s, 7), hash);
		n++;
		if (id != expect_id || strcmp(hash, col_text(s, 8)) != 0) {
			if (first_bad)
				*first_bad = id;
			if (rows_checked)
				*rows_checked = n;
			sqlite3_finalize(s);
			if (id != expect_id)
				return cw_fail(err, CW_ERR_INVALID,
				               "the audit trail is broken at row %" PRId64 ": row %" PRId64
				               " before it is missing",
				               id, expect_id);
			return cw_fail(err, CW_ERR_INVALID,
			               "the audit trail is broken at row %" PRId64
			               ": its contents do not match its hash (changed or removed after it was written)",
			               id);
		}
		memcpy(prev, hash, sizeof hash);
		expect_id = id + 1;
	}
	sqlite3_finalize(s);
	if (rows_checked)
		*rows_checked = n;
	if (step != SQLITE_DONE)
		return db_fail(st, err, "reading the audit trail");
	return CW_OK;
}

enum cw_status store_audit_hash(struct store *st, int64_t id, int64_t *id_out, char hash[STORE_HASH_HEX],
                                struct cw_error *err)
{
	sqlite3_stmt *s = prep(st, id > 0 ? "SELECT id, hash FROM audit WHERE id = ?"
	                                  : "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
	enum cw_status rc = CW_OK;
	int step;

	hash[0] = '\0';
	if (!s)
		return db_fail(st, err, "reading the audit trail");
	if (id > 0)
		sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		if (id_out)
			*id_out = sqlite3_column_int64(s, 0);
		cw_strlcpy(hash, col_text(s, 1), STORE_HASH_HEX);
	} else if (step == SQLITE_DONE) {
		rc = id > 0 ? cw_fail(err, CW_ERR_NOT_FOUND, "the audit trail has no row %" PRId64, id)
		            : cw_fail(err, CW_ERR_NOT_FOUND, "the audit trail is empty");
	} else {
		rc = db_fail(st, err, "reading the audit trail");
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- drafts ---- */

enum cw_status store_draft_save(struct store *st, int64_t case_id, const char *who, const char *form,
                                const char *data, struct cw_error *err)
{
	sqlite3_stmt *s;
	enum cw_status rc;

	if (!valid_who(who) || !form || !*form)
		return cw_fail(err, CW_ERR_INVALID, "a draft needs a user and a form name");
	if ((rc = tx_begin(st, err)) != CW_OK)
		return rc;
	s = prep(st, "INSERT OR REPLACE INTO drafts (case_id, who, form, data, saved_at) VALUES (?, ?, ?, ?, ?)");
	if (!s) {
		tx_rollback(st);
		return db_fail(st, err, "keeping the draft");
	}
	sqlite3_bind_int64(s, 1, case_id);
	bind_text(s, 2, who);
	bind_text(s, 3, form);
	bind_text(s, 4, data);
	sqlite3_bind_int64(s, 5, (int64_t)time(NULL));
	if (step_write(st, s) != SQLITE_DONE) {
		rc = db_fail(st, err, "keeping the draft");
		sqlite3_finalize(s);
		tx_rollback(st);
		return rc;
	}
	sqlite3_finalize(s);
	return tx_commit(st, err);
}

enum cw_status store_draft_load(struct store *st, int64_t case_id, const char *who, const char *form, char **data,
                                int64_t *saved_at, struct cw_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT data, saved_at FROM drafts WHERE case_id = ? AND who = ? AND form = ?");
	int step;

	*data = NULL;
	if (!s)
		return db_fail(st, err, "reading the draft");
	sqlite3_bind_int64(s, 1, case_id);
	bind_text(s, 2, who);
	bind_text(s, 3, form);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*data = xstrdup(col_text(s, 0));
		if (saved_at)
			*saved_at = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_fail(st, err, "reading the draft");
	return CW_OK;
}

enum cw_status store_draft_delete(struct store *st, int64_t case_id, const char *who, const char *form,
                                  struct cw_error *err)
{
	sqlite3_stmt *s;
	enum cw_status rc;

	if ((rc = tx_begin(st, err)) != CW_OK)
		return rc;
	s = prep(st, "DELETE FROM drafts WHERE case_id = ? AND who = ? AND form = ?");
	if (!s) {
		tx_rollback(st);
		return db_fail(st, err, "removing the draft");
	}
	sqlite3_bind_int64(s, 1, case_id);
	bind_text(s, 2, who);
	bind_text(s, 3, form);
	if (step_write(st, s) != SQLITE_DONE) {
		rc = db_fail(st, err, "removing the draft");
		sqlite3_finalize(s);
		tx_rollback(st);
		return rc;
	}
	sqlite3_finalize(s);
	return tx_commit(st, err);
}

enum cw_status store_drafts_for(struct store *st, const char *who, struct draft_info **out, size_t *n,
                                struct cw_error *err)
{
	sqlite3_stmt *s = prep(st, "SELECT case_id, form, saved_at FROM drafts WHERE who = ? ORDER BY saved_at DESC, rowid DESC");
	size_t cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (!s)
		return db_fail(st, err, "reading the drafts");
	bind_text(s, 1, who);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct draft_info *d = &(*out)[(*n)++];
		d->case_id = sqlite3_column_int64(s, 0);
		cw_strlcpy(d->form, col_text(s, 1), sizeof d->form);
		d->saved_at = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(st, err, "reading the drafts");
	}
	return CW_OK;
}

/* ---- batches ---- */

enum cw_status store_batch_begin(struct store *st, struct cw_error *err)
{
	enum cw_status rc;
	if (st->in_batch)
		return cw_fail(err, CW_ERR_INVALID, "a batch is already open");
	if ((rc = tx_begin(st, err)) != CW_OK)
		return rc;
	st->in_batch = true;
	return CW_OK;
}

enum cw_status store_batch_commit(struct store *st, struct cw_error *err)
{
	if (!st->in_batch)
		return cw_fail(err, CW_ERR_INVALID, "no batch is open");
	st->in_batch = false;
	return tx_commit(st, err);
}

void store_batch_rollback(struct store *st)
{
	if (!st->in_batch)
		return;
	st->in_batch = false;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}
