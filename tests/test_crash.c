/* test_crash.c - crash safety. A child process saves one case over and
 * over, reporting each save the store said was done; the parent kills
 * it with SIGKILL at a random moment, a few hundred times. After every
 * kill the database must pass PRAGMA integrity_check, the audit chain
 * must verify, and the case must be exactly one whole save no older
 * than the last one reported done. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/case.h"
#include "core/store.h"

#ifdef __SANITIZE_ADDRESS__
#define KILLS 60
#else
#define KILLS 300
#endif

static char dir[256];
static char dbpath[300];

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "%s/cw-crash-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/crash.db", dir);
}

static void teardown(void)
{
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Save number n, as a whole: every field below says n. */
static void fill(struct case_record *c, int n)
{
	snprintf(c->person.name, sizeof c->person.name, "Save %d", n);
	snprintf(c->person.address, sizeof c->person.address, "%d Crash Street", n);
	snprintf(c->decision.own_words, sizeof c->decision.own_words, "words of save %d", n);
	c->plan.nlines = n % 5 + 1;
	for (int i = 0; i < c->plan.nlines; i++) {
		struct plan_line *l = &c->plan.lines[i];
		memset(l, 0, sizeof *l);
		l->outcome = -1;
		snprintf(l->description, sizeof l->description, "line %d of save %d", i, n);
		snprintf(l->category, sizeof l->category, "personal_assistant");
		l->units_per_week = 100 * (i + 1);
		l->rate = 1450;
		l->weekly_cost = 1450 * (i + 1);
		l->route = ROUTE_DIRECT_PAYMENT;
	}
}

/* Which save the case holds, or -1 if it is not one whole save. */
static int whole_save(const struct case_record *c)
{
	int n;
	char want[CASE_TEXT_MAX];
	if (sscanf(c->person.name, "Save %d", &n) != 1)
		return -1;
	snprintf(want, sizeof want, "%d Crash Street", n);
	if (strcmp(c->person.address, want) != 0)
		return -1;
	snprintf(want, sizeof want, "words of save %d", n);
	if (strcmp(c->decision.own_words, want) != 0)
		return -1;
	if (c->plan.nlines != n % 5 + 1)
		return -1;
	for (int i = 0; i < c->plan.nlines; i++) {
		snprintf(want, sizeof want, "line %d of save %d", i, n);
		if (strcmp(c->plan.lines[i].description, want) != 0 || c->plan.lines[i].weekly_cost != 1450 * (i + 1))
			return -1;
	}
	return n;
}

static void child_saves(int fd, int64_t id, int from)
{
	struct store *st = NULL;
	struct cw_error err = {0};
	struct case_record *c = calloc(1, sizeof *c);
	int ready = -1;
	if (!c || store_open(dbpath, &st, &err) != CW_OK)
		_exit(3);
	if (write(fd, &ready, sizeof ready) != (ssize_t)sizeof ready) /* open: the saves start now */
		_exit(6);
	for (int n = from + 1;; n++) {
		case_init(c);
		if (store_case_load(st, id, c, &err) != CW_OK)
			_exit(4);
		fill(c, n);
		if (store_case_save(st, c, "crashtest", "save", &err) != CW_OK)
			_exit(5);
		if (write(fd, &n, sizeof n) != (ssize_t)sizeof n)
			_exit(6);
	}
}

static void check_integrity(void)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	cr_assert_eq(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

Test(crash, sigkill_during_saves_loses_nothing_reported, .init = setup, .fini = teardown, .timeout = 240)
{
	struct store *st = NULL;
	struct cw_error err = {0};
	struct case_record *c = calloc(1, sizeof *c);
	int reported = 0, kills_mid_save = 0;
	int64_t id;
	unsigned seed = (unsigned)time(NULL);
	int kills = getenv("CASEWORK_VALGRIND") ? 20 : KILLS; /* each round is slow under Valgrind */

	cr_assert_not_null(c);
	srand(seed);
	cr_assert_eq(store_open(dbpath, &st, &err), CW_OK, "%s", err.msg);
	case_init(c);
	fill(c, 0);
	cr_assert_eq(store_case_create(st, c, "crashtest", &err), CW_OK, "%s", err.msg);
	id = c->id;
	store_close(&st);

	for (int k = 0; k < kills; k++) {
		int fds[2], status, n, last = reported;
		cr_assert_eq(pipe(fds), 0);
		pid_t pid = fork();
		cr_assert(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			child_saves(fds[1], id, reported);
		}
		close(fds[1]);
		cr_assert_eq(read(fds[0], &n, sizeof n), (ssize_t)sizeof n, "the child did not open the store");
		/* let it run between 0 and 40 ms: sometimes before the first
		 * save, often in the middle of one */
		struct timespec ts = {0, (long)(rand() % 40000) * 1000L};
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		cr_assert(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0),
		          "child failed on its own: exit %d (seed %u)", WEXITSTATUS(status), seed);
		while (read(fds[0], &n, sizeof n) == (ssize_t)sizeof n)
			if (n > 0)
				last = n;
		close(fds[0]);

		check_integrity();
		cr_assert_eq(store_open(dbpath, &st, &err), CW_OK, "after kill %d: %s", k, err.msg);
		case_init(c);
		cr_assert_eq(store_case_load(st, id, c, &err), CW_OK, "after kill %d: %s", k, err.msg);
		int have = whole_save(c);
		cr_assert_neq(have, -1, "after kill %d the case is not one whole save (name '%s', %d lines)", k,
		              c->person.name, c->plan.nlines);
		/* the save in flight may have committed without being reported */
		cr_assert(have == last || have == last + 1,
		          "after kill %d: reported save %d done, the store holds save %d (seed %u)", k, last, have,
		          seed);
		kills_mid_save += have == last + 1;
		int64_t bad = 0, rows = 0;
		cr_assert_eq(store_audit_verify(st, &bad, &rows, &err), CW_OK, "audit broken at row %lld: %s",
		             (long long)bad, err.msg);
		store_close(&st);
		reported = have;
	}
	cr_log_info("crash: %d kills, %d saves, %d committed but unreported", kills, reported, kills_mid_save);
	cr_expect_gt(reported, kills / 10, "too few saves happened to test anything (%d)", reported);
	free(c);
}
