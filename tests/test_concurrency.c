/* test_concurrency.c - many sessions on one shared database: 20
 * processes load, change and save the same few cases at once, retrying
 * on a stale save as a person would (reload, apply again). No update
 * may be lost, nobody may see "database is locked", and the audit
 * chain must verify afterwards. */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/case.h"
#include "core/store.h"

#define PROCS 20
#define CASES 4
#ifdef __SANITIZE_ADDRESS__
#define UPDATES 10
#else
#define UPDATES 25
#endif

static char dir[256], dbpath[300];

static int updates(void)
{
	return getenv("CASEWORK_VALGRIND") ? 3 : UPDATES; /* Valgrind is some 50 times slower */
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "%s/cw-conc-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/shared.db", dir);
}

static void teardown(void)
{
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Each worker adds one to a case's points UPDATES times, spread over
 * the cases; exits 0 when every update was saved. */
static int worker(int n)
{
	struct store *st = NULL;
	struct cw_error err = {0};
	struct case_record *c = malloc(sizeof *c);
	char who[32];
	snprintf(who, sizeof who, "worker%02d", n);
	if (!c || store_open(dbpath, &st, &err) != CW_OK) {
		fprintf(stderr, "%s: open: %s\n", who, err.msg);
		return 10;
	}
	for (int u = 0; u < updates(); u++) {
		int64_t id = 1 + (n + u) % CASES;
		for (int tries = 0;; tries++) {
			enum cw_status rc = store_case_load(st, id, c, &err);
			if (rc != CW_OK) {
				fprintf(stderr, "%s: load: %s\n", who, err.msg);
				return 11;
			}
			c->assessment.points++;
			snprintf(c->assessment.validated_by, sizeof c->assessment.validated_by, "%s", who);
			rc = store_case_save(st, c, who, "save", &err);
			if (rc == CW_OK)
				break;
			if (rc != CW_ERR_STALE || tries > 1000) {
				fprintf(stderr, "%s: save: %s\n", who, err.msg);
				return 12;
			}
		}
	}
	store_close(&st);
	free(c);
	return 0;
}

Test(concurrency, twenty_sessions_lose_no_update, .init = setup, .fini = teardown, .timeout = 120)
{
	struct store *st = NULL;
	struct cw_error err = {0};
	struct case_record *c = malloc(sizeof *c);
	pid_t pids[PROCS];

	cr_assert_eq(store_open(dbpath, &st, &err), CW_OK, "%s", err.msg);
	for (int i = 0; i < CASES; i++) {
		case_init(c);
		snprintf(c->person.name, sizeof c->person.name, "Shared %d", i);
		cr_assert_eq(store_case_create(st, c, "setup", &err), CW_OK, "%s", err.msg);
	}
	store_close(&st);

	for (int i = 0; i < PROCS; i++) {
		pids[i] = fork();
		cr_assert(pids[i] >= 0);
		if (pids[i] == 0) {
			free(c); /* the parent's: the child has its own (Valgrind counts it lost at _exit) */
			_exit(worker(i));
		}
	}
	for (int i = 0; i < PROCS; i++) {
		int status;
		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			;
		cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "worker %d failed (status %d)", i, status);
	}

	cr_assert_eq(store_open(dbpath, &st, &err), CW_OK, "%s", err.msg);
	int total = 0;
	for (int i = 1; i <= CASES; i++) {
		cr_assert_eq(store_case_load(st, i, c, &err), CW_OK);
		total += c->assessment.points;
		cr_expect_eq(c->version, 1 + c->assessment.points, "case %d: every save a new version", i);
	}
	cr_expect_eq(total, PROCS * updates(), "updates lost: %d of %d saved", total, PROCS * updates());
	int64_t bad = 0, rows = 0;
	cr_expect_eq(store_audit_verify(st, &bad, &rows, &err), CW_OK, "%s", err.msg);
	cr_expect_gt(rows, PROCS * updates());
	store_close(&st);
	free(c);
}
