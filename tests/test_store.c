/* test_store.c - the case store on SQLite: round trips, the audit
 * trail, stale saves, migrations, injected failures, batches, drafts,
 * notes, the caseload query, and tamper detection. */
#include <criterion/criterion.h>
#include <ftw.h>
#include <regex.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/case.h"
#include "core/sha256.h"
#include "core/store.h"

static char dir[256], dbpath[300];

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "%s/cw-store-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	setenv("CASEWORK_TODAY", "2026-11-22", 1);
}

static void teardown(void)
{
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static struct store *open_db(void)
{
	struct store *st = NULL;
	struct cw_error err = {0};
	cr_assert_eq(store_open(dbpath, &st, &err), CW_OK, "%s", err.msg);
	return st;
}

static void sql(const char *q)
{
	sqlite3 *db;
	char *msg = NULL;
	cr_assert_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, q, NULL, NULL, &msg), SQLITE_OK, "%s: %s", q, msg ? msg : "");
	sqlite3_close(db);
}

/* q must fail with exactly `why` and change nothing. */
static void sql_fails(const char *q, const char *why)
{
	sqlite3 *db;
	char *msg = NULL;
	cr_assert_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	cr_expect_neq(sqlite3_exec(db, q, NULL, NULL, &msg), SQLITE_OK, "%s succeeded", q);
	cr_expect_str_eq(msg ? msg : "", why);
	sqlite3_free(msg);
	sqlite3_close(db);
}

static int64_t sql_int(const char *q)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t v;
	cr_assert_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK, "%s", q);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static struct case_record *new_case(const char *name, const char *worker, const char *team)
{
	struct case_record *c = malloc(sizeof *c);
	case_init(c);
	snprintf(c->person.name, sizeof c->person.name, "%s", name);
	snprintf(c->worker, sizeof c->worker, "%s", worker);
	snprintf(c->team, sizeof c->team, "%s", team);
	return c;
}

Test(store_sha256, fips_vectors)
{
	char hex[SHA256_HEX];
	sha256_hex("abc", 3, hex);
	cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(two, strlen(two), hex);
	cr_expect_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char *million = malloc(1000000);
	memset(million, 'a', 1000000);
	sha256_hex(million, 1000000, hex);
	cr_expect_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

Test(store, pragmas_and_schema, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	store_close(&st);
	cr_expect_null(st);
	cr_expect_eq(sql_int("PRAGMA user_version"), store_schema_version());
	cr_expect_eq(store_schema_version(), 4);
	sqlite3 *db;
	sqlite3_stmt *s;
	cr_assert_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_expect_str_eq((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* The settings are per connection, so they are read from the store's
 * own: write-ahead log, every commit flushed (FULL), foreign keys
 * enforced, a busy timeout of seconds. */
Test(store, settings_of_the_open_store, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct store_settings set;
	struct cw_error err = {0};
	cr_assert_eq(store_settings(st, &set, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(set.journal, "wal");
	cr_expect(set.sync_full);
	cr_expect(set.foreign_keys);
	cr_expect_geq(set.busy_timeout_ms, 2000);
	cr_expect_eq(set.schema_version, store_schema_version());
	store_close(&st);
	/* A plain connection to the same file has SQLite's defaults: the
	 * store sets these itself on every open. */
	cr_expect_eq(sql_int("PRAGMA foreign_keys"), 0);
	cr_expect_eq(sql_int("PRAGMA busy_timeout"), 0);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int waiting_calls;
static void count_waiting(void *ctx)
{
	(void)ctx;
	waiting_calls++;
}

/* Another session holds the write lock for 1.5 s: a save waits for it
 * (the busy timeout) and then goes through, instead of failing; after
 * a second of waiting the screen is told once. */
Test(store, save_waits_for_another_sessions_write, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	waiting_calls = 0;
	store_set_waiting(st, count_waiting, NULL);
	struct cw_error err = {0};
	struct case_record *c = new_case("Ann Example", "asmith", "North");
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK, "%s", err.msg);
	int ready[2];
	cr_assert_eq(pipe(ready), 0);
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		sqlite3 *db;
		if (sqlite3_open(dbpath, &db) != SQLITE_OK ||
		    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		usleep(1500000);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(db);
		_exit(0);
	}
	char x;
	cr_assert_eq(read(ready[0], &x, 1), 1, "the other session did not take the lock");
	double t0 = now_seconds();
	strcpy(c->person.address, "1 Waiting Street");
	enum cw_status rc = store_case_save(st, c, "asmith", "save", &err);
	double waited = now_seconds() - t0;
	int status;
	waitpid(pid, &status, 0);
	cr_expect_eq(WEXITSTATUS(status), 0);
	cr_expect_eq(rc, CW_OK, "%s", err.msg);
	cr_expect_geq(waited, 1.0, "the save went through in %.2f s while the lock was held", waited);
	cr_expect_eq(waiting_calls, 1, "told %d times that the save was waiting", waiting_calls);
	cr_expect_eq(c->version, 2);
	/* a save that does not wait says nothing */
	strcpy(c->person.address, "2 Quick Street");
	cr_expect_eq(store_case_save(st, c, "asmith", "save", &err), CW_OK, "%s", err.msg);
	cr_expect_eq(waiting_calls, 1);
	close(ready[0]);
	close(ready[1]);
	store_close(&st);
	free(c);
}

Test(store, create_load_round_trip, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	struct case_record *c = new_case("Ann Example", "asmith", "North"), *b = malloc(sizeof *b);
	c->assessment.indicative_weekly = 19320;
	strcpy(c->decision.own_words, "line one\nline two \\ with a backslash\r\n=");
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->id, 1);
	cr_expect_str_eq(c->ref, "C-000001");
	cr_expect_eq(c->version, 1);
	cr_assert_eq(store_case_load(st, c->id, b, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(b->person.name, "Ann Example");
	cr_expect_str_eq(b->decision.own_words, c->decision.own_words);
	cr_expect_eq(b->assessment.indicative_weekly, 19320);
	cr_expect_str_eq(b->updated_by, "asmith");
	cr_assert_eq(store_case_load_ref(st, "C-000001", b, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(store_case_load_ref(st, "c-1", b, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(store_case_load_ref(st, "1", b, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(store_case_load_ref(st, "C-000002", b, &err), CW_ERR_NOT_FOUND);
	cr_expect_str_eq(err.msg, "there is no case C-000002");
	cr_expect_eq(store_case_load(st, 99, b, &err), CW_ERR_NOT_FOUND);
	cr_expect_str_eq(err.msg, "there is no case with id 99");
	store_close(&st);
	free(c);
	free(b);
}

Test(store, save_audits_each_changed_field, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	struct case_record *c = new_case("Ann Example", "asmith", "North");
	struct audit_list h = {0};
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK, "%s", err.msg);
	strcpy(c->person.name, "Ann Sample");
	c->decision.route = ROUTE_DIRECT_PAYMENT;
	cr_assert_eq(store_case_save(st, c, "bjones", "save decision", &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->version, 2);
	cr_assert_eq(store_history(st, c->id, NULL, 10, &h, &err), CW_OK);
	cr_assert_eq(h.n, 3); /* newest first: two fields (sorted by key), then created */
	cr_expect_str_eq(h.items[0].field, "person.name");
	cr_expect_str_eq(h.items[0].old_value, "Ann Example");
	cr_expect_str_eq(h.items[0].new_value, "Ann Sample");
	cr_expect_str_eq(h.items[0].who, "bjones");
	cr_expect_str_eq(h.items[0].action, "save decision");
	cr_expect_str_eq(h.items[1].field, "decision.route");
	cr_expect_str_eq(h.items[1].old_value, "");
	cr_expect_str_eq(h.items[1].new_value, "direct_payment");
	cr_expect_str_eq(h.items[2].action, "created");
	audit_list_free(&h);
	/* saving with nothing changed writes nothing */
	cr_assert_eq(store_case_save(st, c, "bjones", "save", &err), CW_OK);
	cr_expect_eq(c->version, 2);
	cr_expect_eq(sql_int("SELECT count(*) FROM audit"), 3);
	/* a worker's recent activity */
	cr_assert_eq(store_history(st, 0, "bjones", 1, &h, &err), CW_OK);
	cr_expect_eq(h.n, 1);
	audit_list_free(&h);
	store_close(&st);
	free(c);
}

Test(store, stale_save_refused_and_nothing_written, .init = setup, .fini = teardown)
{
	struct store *st = open_db(), *st2 = open_db();
	struct cw_error err = {0};
	struct case_record *c = new_case("Ann Example", "asmith", "North"), *mine = malloc(sizeof *mine),
	                   *theirs = malloc(sizeof *theirs);
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK);
	cr_assert_eq(store_case_load(st, c->id, mine, &err), CW_OK);
	cr_assert_eq(store_case_load(st2, c->id, theirs, &err), CW_OK);
	strcpy(theirs->person.address, "1 First Street");
	cr_assert_eq(store_case_save(st2, theirs, "bjones", "save", &err), CW_OK);
	int64_t audit_before = sql_int("SELECT count(*) FROM audit");
	strcpy(mine->person.address, "2 Second Street");
	cr_expect_eq(store_case_save(st, mine, "asmith", "save", &err), CW_ERR_STALE);
	cr_expect(strstr(err.msg, "C-000001 was changed by bjones at ") != NULL, "%s", err.msg);
	regex_t re;
	cr_assert_eq(regcomp(&re, "^C-000001 was changed by bjones at [0-2][0-9]:[0-5][0-9], after you opened it; ",
			     REG_EXTENDED | REG_NOSUB), 0);
	cr_expect_eq(regexec(&re, err.msg, 0, NULL, 0), 0, "not 'changed by X at HH:MM': %s", err.msg);
	regfree(&re);
	cr_expect(strstr(err.msg, "after you opened it; nothing of yours was saved") != NULL, "%s", err.msg);
	cr_expect_str_eq(mine->person.address, "2 Second Street"); /* the input is kept */
	cr_expect_eq(mine->version, 1);
	cr_expect_eq(sql_int("SELECT count(*) FROM audit"), audit_before);
	cr_assert_eq(store_case_load(st, c->id, c, &err), CW_OK);
	cr_expect_str_eq(c->person.address, "1 First Street");
	cr_expect_eq(c->version, 2);
	store_close(&st);
	store_close(&st2);
	free(c);
	free(mine);
	free(theirs);
}

/* With the staff list set, the refusal names the person, not only the
 * login; the caseload's next action follows the policy's sign-offs. */
Test(store, context_names_the_person_and_asks_for_sign_off, .init = setup, .fini = teardown)
{
	struct store *st = open_db(), *st2 = open_db();
	struct cw_error err = {0};
	struct staff staff;
	struct staff_member people[2];
	struct policy p;
	memset(&staff, 0, sizeof staff);
	memset(people, 0, sizeof people);
	strcpy(people[0].login, "bjones");
	strcpy(people[0].name, "Bea Jones \x1b[2J");
	strcpy(people[1].login, "asmith");
	strcpy(people[1].name, "Alice Smith");
	staff.members = people;
	staff.n = 2;
	memset(&p, 0, sizeof p);
	p.access.assessment_signoff = true;
	store_set_context(st, &p, &staff);
	struct case_record *c = new_case("Ann Example", "asmith", "North"), *mine = malloc(sizeof *mine),
	                   *theirs = malloc(sizeof *theirs);
	c->stage = STAGE_ASSESSMENT;
	c->assessment.eligible = TRI_YES;
	c->assessment.indicative_weekly = 20000;
	cr_assert(date_from_ymd(2026, 11, 20, &c->assessment.financial_assessed_on));
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK, "%s", err.msg);
	struct caseload cl = {0};
	struct caseload_query q = {.stage = -1};
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(cl.n, 1u);
	cr_expect_str_eq(cl.rows[0].next_action, "Manager sign-off");
	caseload_free(&cl);

	cr_assert_eq(store_case_load(st, c->id, mine, &err), CW_OK);
	cr_assert_eq(store_case_load(st2, c->id, theirs, &err), CW_OK);
	strcpy(theirs->person.address, "1 First Street");
	cr_assert_eq(store_case_save(st2, theirs, "bjones", "save", &err), CW_OK);
	strcpy(mine->person.address, "2 Second Street");
	cr_expect_eq(store_case_save(st, mine, "asmith", "save", &err), CW_ERR_STALE);
	cr_expect(strstr(err.msg, "C-000001 was changed by Bea Jones ^[[2J (bjones) at ") == err.msg, "%s", err.msg);
	store_close(&st);
	store_close(&st2);
	free(c);
	free(mine);
	free(theirs);
}

/* The finance team's list: the financial assessments waiting and the
 * direct-payment audits due by the date given (the day itself included),
 * and nothing else. */
Test(store, finance_work_list, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	const char *names[] = {"Waiting for finance", "Audit due the day", "Audit due after", "Assessing needs",
	                       "Audit overdue"};
	for (int i = 0; i < 5; i++) {
		struct case_record *c = new_case(names[i], "asmith", "North");
		if (i == 0 || i == 3) {
			c->stage = STAGE_ASSESSMENT;
			c->assessment.eligible = i == 0 ? TRI_YES : TRI_UNSET;
			c->assessment.indicative_weekly = 20000;
		} else {
			c->stage = STAGE_REVIEW;
			cr_assert(date_from_ymd(2026, 12, i == 1 ? 20 : i == 2 ? 21 : 1, &c->review.audit_due));
		}
		cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK, "%s", err.msg);
		free(c);
	}
	struct caseload cl = {0};
	struct caseload_query q = {.stage = -1, .open_only = true, .finance_work = true};
	cr_assert(date_from_ymd(2026, 12, 20, &q.audit_due_by));
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(cl.n, 3u);
	cr_expect_str_eq(cl.rows[0].name, "Audit overdue");
	cr_expect_str_eq(cl.rows[1].name, "Audit due the day");
	cr_expect_str_eq(cl.rows[2].name, "Waiting for finance");
	cr_expect_str_eq(cl.rows[2].next_action, CASE_NEXT_FINANCIAL);
	caseload_free(&cl);
	store_close(&st);
}

/* A database as the first casework schema left it. */
Test(store, migrates_version_1, .init = setup, .fini = teardown)
{
	sql("PRAGMA journal_mode=WAL;"
	    "CREATE TABLE cases (id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, version INTEGER NOT NULL,"
	    " name TEXT NOT NULL, worker TEXT NOT NULL, team TEXT NOT NULL, stage TEXT NOT NULL,"
	    " updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL, data TEXT NOT NULL);"
	    "CREATE TABLE notes (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),"
	    " at INTEGER NOT NULL, by TEXT NOT NULL, text TEXT NOT NULL);"
	    "CREATE INDEX notes_case ON notes(case_id);"
	    "CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, who TEXT NOT NULL,"
	    " case_id INTEGER NOT NULL, action TEXT NOT NULL, field TEXT NOT NULL, old_value TEXT NOT NULL,"
	    " new_value TEXT NOT NULL, hash TEXT NOT NULL);"
	    "CREATE INDEX audit_case ON audit(case_id, id); CREATE INDEX audit_who ON audit(who, id);"
	    "CREATE TABLE drafts (case_id INTEGER NOT NULL, who TEXT NOT NULL, form TEXT NOT NULL,"
	    " data TEXT NOT NULL, saved_at INTEGER NOT NULL, PRIMARY KEY (case_id, who, form));"
	    "CREATE INDEX cases_worker ON cases(worker); CREATE INDEX cases_team ON cases(team);"
	    "INSERT INTO cases VALUES (1, 'C-000001', 3, 'Old Person', 'asmith', 'North', 'review', 'asmith', 0,"
	    " 'person.name=Old Person\nworker=asmith\nteam=North\nstage=review\nperson.group=adult\n"
	    "review.next_due=2027-01-05\nassessment.indicative_weekly=250.00\n');"
	    "PRAGMA user_version=1;");
	struct store *st = open_db();
	struct cw_error err = {0};
	struct caseload cl = {0};
	struct caseload_query q = {.worker = "asmith", .stage = -1, .sort = SORT_DUE};
	cr_expect_eq(sql_int("PRAGMA user_version"), store_schema_version());
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(cl.n, 1);
	cr_expect_str_eq(cl.rows[0].next_action, "Review");
	cr_expect_eq(cl.rows[0].weekly, 25000);
	char buf[DATE_BUF];
	cr_expect_str_eq(date_format(cl.rows[0].due, buf, sizeof buf), "2027-01-05");
	caseload_free(&cl);
	struct case_record *c = malloc(sizeof *c);
	cr_assert_eq(store_case_load(st, 1, c, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(c->version, 3);
	cr_expect_eq(c->stage, STAGE_REVIEW);
	store_close(&st);
	free(c);
}

Test(store, newer_schema_refused, .init = setup, .fini = teardown)
{
	struct store *st = NULL;
	struct cw_error err = {0};
	sql("PRAGMA user_version=9;");
	cr_expect_eq(store_open(dbpath, &st, &err), CW_ERR_DB);
	cr_expect_null(st);
	char want[600];
	snprintf(want, sizeof want,
	         "%s was written by a newer casework (schema version 9; this casework knows up to 4); use the "
	         "newer casework, or ask IT to install it",
	         dbpath);
	cr_expect_str_eq(err.msg, want);
}

Test(store, not_a_database_refused, .init = setup, .fini = teardown)
{
	struct store *st = NULL;
	struct cw_error err = {0};
	FILE *f = fopen(dbpath, "w");
	fputs("this is not a database, just some text that is long enough to have a header..........", f);
	fclose(f);
	cr_expect_neq(store_open(dbpath, &st, &err), CW_OK);
	cr_expect_null(st);
	cr_expect(strstr(err.msg, dbpath) != NULL, "%s", err.msg);
}

/* Fail the 1st, 2nd, ... write of a save until it succeeds: each failed
 * attempt must leave the case and the audit trail exactly as before. */
Test(store, injected_failure_leaves_nothing_half_saved, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	struct case_record *c = new_case("Ann Example", "asmith", "North"), *b = malloc(sizeof *b);
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK);
	int64_t audit_before = sql_int("SELECT count(*) FROM audit");
	int n;
	for (n = 1; n < 50; n++) {
		strcpy(c->person.name, "Changed Name");
		strcpy(c->person.address, "3 Third Street");
		c->assessment.points = 42;
		store_fail_after(st, n);
		enum cw_status rc = store_case_save(st, c, "asmith", "save", &err);
		store_fail_after(st, 0);
		if (rc == CW_OK)
			break;
		cr_expect_eq(rc, CW_ERR_DB);
		cr_expect(strstr(err.msg, "nothing was changed") != NULL, "%s", err.msg);
		cr_expect_eq(c->version, 1);
		cr_assert_eq(store_case_load(st, c->id, b, &err), CW_OK);
		cr_expect_str_eq(b->person.name, "Ann Example");
		cr_expect_str_eq(b->person.address, "");
		cr_expect_eq(b->version, 1);
		cr_expect_eq(sql_int("SELECT count(*) FROM audit"), audit_before, "after failing write %d", n);
	}
	cr_expect_eq(n, 5, "a save of three fields is four writes (3 audit rows, 1 update)");
	cr_expect_eq(sql_int("SELECT count(*) FROM audit"), audit_before + 3);
	int64_t bad = -1, rows = 0;
	cr_expect_eq(store_audit_verify(st, &bad, &rows, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(rows, audit_before + 3);
	/* and the same for creating a case and adding a note */
	store_fail_after(st, 2);
	struct case_record *d = new_case("Bob", "asmith", "North");
	cr_expect_eq(store_case_create(st, d, "asmith", &err), CW_ERR_DB);
	cr_expect_eq(sql_int("SELECT count(*) FROM cases"), 1);
	store_fail_after(st, 2);
	cr_expect_eq(store_note_add(st, c->id, "asmith", "hello", &err), CW_ERR_DB);
	cr_expect_eq(sql_int("SELECT count(*) FROM notes"), 0);
	store_fail_after(st, 0);
	store_close(&st);
	free(c);
	free(b);
	free(d);
}

Test(store, batch_all_or_nothing, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	cr_assert_eq(store_batch_begin(st, &err), CW_OK);
	for (int i = 0; i < 10; i++) {
		struct case_record *c = new_case("Batch Person", "asmith", "North");
		cr_assert_eq(store_case_create(st, c, "import", &err), CW_OK, "%s", err.msg);
		free(c);
	}
	store_batch_rollback(st);
	cr_expect_eq(sql_int("SELECT count(*) FROM cases"), 0);
	cr_expect_eq(sql_int("SELECT count(*) FROM audit"), 0);
	cr_assert_eq(store_batch_begin(st, &err), CW_OK);
	cr_expect_eq(store_batch_begin(st, &err), CW_ERR_INVALID);
	for (int i = 0; i < 10; i++) {
		struct case_record *c = new_case("Batch Person", "asmith", "North");
		cr_assert_eq(store_case_create(st, c, "import", &err), CW_OK, "%s", err.msg);
		free(c);
	}
	cr_assert_eq(store_batch_commit(st, &err), CW_OK);
	cr_expect_eq(sql_int("SELECT count(*) FROM cases"), 10);
	int64_t bad, rows;
	cr_expect_eq(store_audit_verify(st, &bad, &rows, &err), CW_OK);
	cr_expect_eq(rows, 10);
	store_close(&st);
}

Test(store, notes_and_drafts, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	struct case_record *c = new_case("Ann", "asmith", "North");
	struct note_list nl = {0};
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK);
	cr_assert_eq(store_note_add(st, c->id, "asmith", "first\nsecond line", &err), CW_OK);
	cr_assert_eq(store_note_add(st, c->id, "bjones", "later", &err), CW_OK);
	cr_expect_eq(store_note_add(st, c->id, "bjones", "", &err), CW_ERR_INVALID);
	cr_expect_eq(store_note_add(st, 42, "bjones", "orphan", &err), CW_ERR_NOT_FOUND);
	cr_assert_eq(store_notes(st, c->id, &nl, &err), CW_OK);
	cr_assert_eq(nl.n, 2);
	cr_expect_str_eq(nl.items[0].text, "later");
	cr_expect_str_eq(nl.items[1].text, "first\nsecond line");
	cr_expect_str_eq(nl.items[1].by, "asmith");
	note_list_free(&nl);

	char *data = (char *)"x";
	int64_t at = 0;
	cr_assert_eq(store_draft_load(st, c->id, "asmith", "decision", &data, &at, &err), CW_OK);
	cr_expect_null(data);
	cr_assert_eq(store_draft_save(st, c->id, "asmith", "decision", "route=direct_payment", &err), CW_OK);
	cr_assert_eq(store_draft_save(st, c->id, "asmith", "decision", "route=mixed", &err), CW_OK);
	cr_assert_eq(store_draft_load(st, c->id, "asmith", "decision", &data, &at, &err), CW_OK);
	cr_expect_str_eq(data, "route=mixed");
	cr_expect_gt(at, 0);
	free(data);
	struct draft_info *di = NULL;
	size_t n = 0;
	cr_assert_eq(store_drafts_for(st, "asmith", &di, &n, &err), CW_OK);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(di[0].form, "decision");
	free(di);
	cr_assert_eq(store_draft_delete(st, c->id, "asmith", "decision", &err), CW_OK);
	cr_assert_eq(store_drafts_for(st, "asmith", &di, &n, &err), CW_OK);
	cr_expect_eq(n, 0);
	free(di);
	store_close(&st);
	free(c);
}

/* The caseload is read from an index holding every column it shows:
 * reading the table instead walks each case's data (a quarter of the
 * file for one worker at 100,000 cases; tests/bench). */
Test(store, caseload_read_from_covering_indexes, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	store_close(&st);
	static const char *const ix[] = {"cases_list_worker", "cases_list_team", "cases_list_stage"};
	static const char *const cols[] = {"worker", "team", "stage", "open", "due", "ref", "name",
	                                   "next_action", "weekly", "review_due", "audit_due"};
	for (size_t i = 0; i < 3; i++)
		for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
			char q[256];
			snprintf(q, sizeof q, "SELECT count(*) FROM pragma_index_info('%s') WHERE name = '%s'", ix[i],
			         cols[k]);
			cr_expect_eq(sql_int(q), 1, "index %s lacks column %s", ix[i], cols[k]);
		}
	sqlite3 *db;
	sqlite3_stmt *s;
	cr_assert_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db,
	                                "EXPLAIN QUERY PLAN SELECT id, ref, name, worker, team, stage, next_action, due,"
	                                " weekly, review_due, audit_due FROM cases WHERE 1 AND worker = ?1 AND open = 1"
	                                " ORDER BY due IS NULL, due, id",
	                                -1, &s, NULL),
	             SQLITE_OK);
	bool covering = false;
	while (sqlite3_step(s) == SQLITE_ROW)
		covering |= strstr((const char *)sqlite3_column_text(s, 3), "COVERING INDEX cases_list_worker") != NULL;
	sqlite3_finalize(s);
	sqlite3_close(db);
	cr_expect(covering, "a worker's caseload is not read from the covering index");
}

Test(store, caseload_filters_and_sorts, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	static const struct {
		const char *name, *worker, *team;
		enum stage stage;
		const char *due;
		int64_t weekly;
	} rows[] = {
		{"Cara", "asmith", "North", STAGE_REVIEW, "2027-01-10", 30000},
		{"alan", "asmith", "North", STAGE_PANEL, NULL, 80000},
		{"Bea", "bjones", "North", STAGE_REVIEW, "2026-12-01", 10000},
		{"Dan", "cdoe", "South", STAGE_CLOSED, NULL, 0},
		{"Eve", "asmith", "North", STAGE_REVIEW, "2026-11-01", 20000},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct case_record *c = new_case(rows[i].name, rows[i].worker, rows[i].team);
		c->stage = rows[i].stage;
		c->assessment.indicative_weekly = rows[i].weekly;
		if (rows[i].due)
			cr_assert(date_parse(rows[i].due, &c->review.next_due, NULL));
		cr_assert_eq(store_case_create(st, c, "admin1", &err), CW_OK);
		free(c);
	}
	struct caseload cl = {0};
	struct caseload_query q = {.worker = "asmith", .stage = -1, .open_only = true, .sort = SORT_DUE};
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK);
	cr_assert_eq(cl.n, 3);
	cr_expect_str_eq(cl.rows[0].name, "Eve");
	cr_expect_str_eq(cl.rows[1].name, "Cara");
	cr_expect_str_eq(cl.rows[2].name, "alan"); /* no date sorts last */
	cr_expect_str_eq(cl.rows[2].next_action, "Panel decision");
	caseload_free(&cl);
	q.sort = SORT_NAME;
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK);
	cr_expect_str_eq(cl.rows[0].name, "alan");
	cr_expect_str_eq(cl.rows[2].name, "Eve");
	caseload_free(&cl);
	q = (struct caseload_query){.team = "North", .stage = -1, .open_only = true, .sort = SORT_WEEKLY};
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK);
	cr_assert_eq(cl.n, 4);
	cr_expect_eq(cl.rows[0].weekly, 80000);
	caseload_free(&cl);
	q = (struct caseload_query){.stage = -1, .panel_queue = true};
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK);
	cr_assert_eq(cl.n, 1);
	cr_expect_str_eq(cl.rows[0].name, "alan");
	caseload_free(&cl);
	q = (struct caseload_query){.stage = STAGE_REVIEW, .sort = SORT_REF};
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK);
	cr_expect_eq(cl.n, 3);
	caseload_free(&cl);
	q = (struct caseload_query){.stage = -1, .open_only = false};
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK);
	cr_expect_eq(cl.n, 5);
	caseload_free(&cl);
	store_close(&st);
}

static int count_cb(const struct case_record *c, void *ctx)
{
	(void)c;
	(*(int *)ctx)++;
	return 0;
}

Test(store, foreach_streams_cases, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	for (int i = 0; i < 5; i++) {
		struct case_record *c = new_case("P", "asmith", i < 3 ? "North" : "South");
		cr_assert_eq(store_case_create(st, c, "admin1", &err), CW_OK);
		free(c);
	}
	int n = 0;
	cr_assert_eq(store_case_foreach(st, NULL, 0, count_cb, &n, &err), CW_OK);
	cr_expect_eq(n, 5);
	n = 0;
	cr_assert_eq(store_case_foreach(st, "South", 0, count_cb, &n, &err), CW_OK);
	cr_expect_eq(n, 2);
	n = 0;
	cr_assert_eq(store_case_foreach(st, NULL, 4, count_cb, &n, &err), CW_OK);
	cr_expect_eq(n, 1);
	cr_expect_eq(store_case_foreach(st, NULL, 77, count_cb, &n, &err), CW_ERR_NOT_FOUND);
	store_close(&st);
}

Test(store, audit_tamper_detected_at_the_row, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	struct case_record *c = new_case("Ann", "asmith", "North");
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK);
	for (int i = 0; i < 6; i++) {
		snprintf(c->person.address, sizeof c->person.address, "%d Street", i);
		cr_assert_eq(store_case_save(st, c, "asmith", "save", &err), CW_OK);
	}
	cr_assert_eq(store_case_opened(st, c->id, "bjones", NULL, &err), CW_OK);
	int64_t bad = -1, rows = 0;
	cr_assert_eq(store_audit_verify(st, &bad, &rows, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(rows, 8);
	cr_expect_eq(bad, 0);
	store_close(&st);

	/* The rows are append-only in the database itself ... */
	sql_fails("UPDATE audit SET new_value = '9 Fake Street' WHERE id = 4",
	          "the audit trail is append-only: its rows cannot be changed");
	sql_fails("DELETE FROM audit WHERE id = 6", "the audit trail is append-only: its rows cannot be removed");
	/* ... and someone who drops the guard is still found out. */
	sql("DROP TRIGGER audit_append_only_update; UPDATE audit SET new_value = '9 Fake Street' WHERE id = 4");
	st = open_db();
	cr_expect_eq(store_audit_verify(st, &bad, &rows, &err), CW_ERR_INVALID);
	cr_expect_eq(bad, 4);
	cr_expect_str_eq(err.msg, "the audit trail is broken at row 4: its contents do not match its hash (changed "
	                          "or removed after it was written)");
	store_close(&st);

	sql("DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete; "
	    "UPDATE audit SET new_value = '2 Street' WHERE id = 4; DELETE FROM audit WHERE id = 6");
	st = open_db();
	cr_expect_eq(store_audit_verify(st, &bad, &rows, &err), CW_ERR_INVALID);
	cr_expect_eq(bad, 7);
	cr_expect_str_eq(err.msg, "the audit trail is broken at row 7: row 6 before it is missing");
	store_close(&st);
	free(c);
}

/* ---- a carer's assessment: the carer's own linked case ---- */

#include "core/carer.h"

Test(store_carer, opens_a_linked_case_in_one_transaction, .init = setup, .fini = teardown)
{
	struct store *st = open_db();
	struct cw_error err = {0};
	struct case_record *c = malloc(sizeof *c), *carer = malloc(sizeof *carer), *back = malloc(sizeof *back);
	case_init(c);
	strcpy(c->person.name, "Nora Example");
	strcpy(c->person.address, "1 Mill Lane");
	strcpy(c->person.household, "h-1");
	strcpy(c->worker, "asmith");
	strcpy(c->team, "North");
	c->stage = STAGE_ASSESSMENT;
	cr_expect_not(carer_case_wanted(c));
	cr_assert_eq(store_case_create(st, c, "asmith", &err), CW_OK, "%s", err.msg);
	strcpy(c->assessment.carer_name, "Jo Example");
	date_parse("1952-01-01", &c->assessment.carer_date_of_birth, NULL);
	c->assessment.carer_lives_with = true;
	cr_assert(carer_case_wanted(c));

	/* a failed write leaves neither case changed */
	store_fail_after(st, 3);
	cr_expect_neq(carer_case_open(st, c, "asmith", c->opened, carer, &err), CW_OK);
	store_fail_after(st, 0);
	cr_expect_eq(c->assessment.carer_case_id, 0);
	cr_expect_eq(c->version, 1);
	cr_expect_eq(store_case_load(st, 2, back, &err), CW_ERR_NOT_FOUND);

	cr_assert_eq(carer_case_open(st, c, "asmith", c->opened, carer, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(carer->ref, "C-000002");
	cr_expect_eq(c->assessment.carer_case_id, carer->id);
	cr_assert_eq(store_case_load(st, c->id, back, &err), CW_OK);
	cr_expect_eq(back->assessment.carer_case_id, carer->id);
	cr_expect_str_eq(back->assessment.carer_name, "Jo Example");
	cr_assert_eq(store_case_load(st, carer->id, back, &err), CW_OK);
	cr_expect_str_eq(back->person.name, "Jo Example");
	cr_expect_eq(back->person.group, CLIENT_CARER);
	cr_expect_str_eq(back->person.address, "1 Mill Lane");
	cr_expect_str_eq(back->person.household, "h-1");
	cr_expect_str_eq(back->worker, "asmith");
	cr_expect_str_eq(back->team, "North");
	cr_expect_eq(back->stage, STAGE_DECISION); /* the carer decides how their own budget is managed */
	cr_expect_eq(back->assessment.cared_for_case_id, c->id);
	cr_expect_eq(back->assessment.indicative_weekly, 0); /* their own budget, from their own assessment */

	/* once only; and a carer's case has no carer's case of its own */
	cr_expect_not(carer_case_wanted(c));
	cr_expect_eq(carer_case_open(st, c, "asmith", c->opened, NULL, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "carer's assessment: this case already has a carer's case (C-000002)");
	strcpy(back->assessment.carer_name, "Someone");
	cr_expect_not(carer_case_wanted(back));
	cr_expect_eq(carer_case_make(back, back->opened, carer, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "carer's assessment: C-000002 is itself a carer's case");
	store_close(&st);
	free(c);
	free(carer);
	free(back);
}

Test(store_carer, apart_the_carer_keeps_no_address)
{
	struct case_record *c = malloc(sizeof *c), *carer = malloc(sizeof *carer);
	struct cw_error err = {0};
	case_init(c);
	c->id = 7;
	strcpy(c->person.address, "1 Mill Lane");
	cr_expect_eq(carer_case_make(c, c->opened, carer, &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "carer's assessment: give the carer's name");
	strcpy(c->assessment.carer_name, "Jo Example");
	cr_assert_eq(carer_case_make(c, c->opened, carer, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(carer->person.address, "");
	cr_expect_eq(carer->assessment.cared_for_case_id, 7);
	free(c);
	free(carer);
}
