/* test_bad_input.c - every field of every stage's form, fed the awkward
 * inputs people and pasted text produce: empty, very long, control
 * characters and escape sequences, invalid UTF-8, huge numbers,
 * negative money, 31 February. Each is either taken as plain text or
 * refused with a message naming the field and what is allowed, and a
 * refused input leaves the case exactly as it was. And a name full of
 * escape sequences, stored in the database, reaches the terminal only
 * as harmless visible text. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config/config.h"
#include "core/case.h"
#include "core/store.h"
#include "core/util.h"
#include "tui/form.h"
#include "tui/stage_forms.h"

#define EVIL "\x1b[2J\x1b]0;pwned\x07\x9b" "31m"

static const char *const awkward[] = {
	"",
	"", /* replaced by a 5,000-character string */
	EVIL,
	"Ann\x1b[31m Red",
	"\xff\xfe\xc3",
	"\xc0\xaf overlong",
	"99999999999999999999",
	"-5.00",
	"2025-02-31",
	"12.345",
	"1e9",
	"\xe2\x80\xae reversed",
};
#define NAWKWARD (sizeof awkward / sizeof awkward[0])

static const struct stage_form_ops *const forms[] = {
	&form_decision_ops, &form_assessment_ops, &form_panel_ops, &form_plan_ops, &form_review_ops,
};

static struct policy *load_policy(void)
{
	struct policy *p = malloc(sizeof *p);
	struct config_errors errs = {0};
	char path[1024];
	snprintf(path, sizeof path, "%s/config/policy.yaml", getenv("CASEWORK_SRC") ? getenv("CASEWORK_SRC") : ".");
	cr_assert_eq(policy_load_file(path, p, &errs), CW_OK, "the shipped policy does not load");
	config_errors_free(&errs);
	return p;
}

static bool refused_as_expected(const struct form_field *d, const char *in, const char *msg)
{
	if (strncmp(msg, d->label, strlen(d->label)) != 0 || msg[strlen(d->label)] != ':')
		return false; /* names the field first */
	if (!cw_utf8_valid(msg) || cw_has_controls(msg, ""))
		return false; /* the message itself is safe to show */
	if (d->kind == FK_DATE && strcmp(in, "2025-02-31") == 0)
		return strstr(msg, "there is no 31 February 2025") != NULL;
	if (d->kind == FK_MONEY && strcmp(in, "-5.00") == 0)
		return strstr(msg, "cannot be negative") != NULL;
	if (d->kind == FK_MONEY && strcmp(in, "99999999999999999999") == 0)
		return strstr(msg, "too large") != NULL;
	if (d->kind == FK_MONEY && strcmp(in, "12.345") == 0)
		return strstr(msg, "more than two decimal places") != NULL;
	if ((d->kind == FK_TEXT || d->kind == FK_LINES) && strchr(in, '\x1b'))
		return strstr(msg, "control characters are not allowed") != NULL;
	return true;
}

Test(bad_input, every_field_every_awkward_input)
{
	struct policy *p = load_policy();
	struct case_record *c = malloc(sizeof *c), *before = malloc(sizeof *before);
	char *huge = malloc(5001);
	int checked = 0, refused = 0;

	memset(huge, 'x', 5000);
	huge[5000] = '\0';
	setenv("CASEWORK_TODAY", "2026-11-22", 1);
	for (size_t fi = 0; fi < sizeof forms / sizeof forms[0]; fi++) {
		struct form f;
		case_init(c);
		strcpy(c->person.name, "Ann Example");
		c->stage = (enum stage)fi;
		forms[fi]->build(&f, c, p);
		for (int i = 0; i < f.n; i++) {
			const struct form_field *d = &f.fields[i];
			if (d->kind == FK_INFO)
				continue;
			for (size_t k = 0; k < NAWKWARD; k++) {
				const char *in = k == 1 ? huge : awkward[k];
				struct cw_error err = {0};
				form_load(&f, c);
				memcpy(before, c, sizeof *c);
				form_set(&f, i, in);
				enum cw_status rc = form_apply(&f, c, false, &err);
				checked++;
				bool plain_text = (d->kind == FK_TEXT || d->kind == FK_LINES) && cw_utf8_valid(in) &&
				                  !cw_has_controls(in, "") && strlen(in) < d->size;
				if (rc == CW_OK) {
					cr_expect(plain_text || !*in,
					          "%s form, field '%s' took '%.40s' (%zu bytes)", f.name, d->label, in,
					          strlen(in));
					/* taken: put the case back for the next input */
					memcpy(c, before, sizeof *c);
					continue;
				}
				refused++;
				cr_expect_eq(rc, CW_ERR_INVALID);
				cr_expect(refused_as_expected(d, in, err.msg), "%s form, field '%s', input '%.20s': '%s'",
				          f.name, d->label, in, err.msg);
				cr_expect_eq(memcmp(c, before, sizeof *c), 0,
				             "%s form, field '%s': a refused input changed the case", f.name, d->label);
				cr_expect_eq(f.cur, i, "the focus goes to the bad field");
				cr_expect(!plain_text || !*in, "%s form, field '%s' refused plain text: %s", f.name, d->label,
				          err.msg);
			}
		}
		form_free(&f);
	}
	cr_log_info("bad input: %d field x input pairs, %d refused", checked, refused);
	cr_expect_gt(checked, 300);
	cr_expect_gt(refused, checked / 2);
	free(huge);
	free(c);
	free(before);
	free(p);
}

/* ---- a hostile name, through the real program to the terminal ---- */

static char dir[256];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "%s/cw-bad-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	cr_assert_not_null(fp, "%s", path);
	char *buf = malloc(1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

static bool contains(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return true;
	return false;
}

Test(bad_input, escape_sequences_in_a_name_reach_the_terminal_harmlessly, .init = setup, .fini = teardown,
     .timeout = 60)
{
	const char *bin = getenv("CASEWORK_BIN");
	const char *src = getenv("CASEWORK_SRC") ? getenv("CASEWORK_SRC") : ".";
	struct passwd *pw = getpwuid(geteuid());
	char db[400], staff[400], out[400], dump[400], policy[1100];
	struct store *st = NULL;
	struct cw_error err = {0};
	struct case_record *c = malloc(sizeof *c);

	cr_assert_not_null(bin, "CASEWORK_BIN is not set (make test-unit sets it)");
	cr_assert_not_null(pw);
	snprintf(db, sizeof db, "%s/t.db", dir);
	snprintf(staff, sizeof staff, "%s/staff.yaml", dir);
	snprintf(out, sizeof out, "%s/terminal.out", dir);
	snprintf(dump, sizeof dump, "%s/screen.txt", dir);
	snprintf(policy, sizeof policy, "%s/config/policy.yaml", src);
	FILE *fp = fopen(staff, "w");
	fprintf(fp, "contact: \"the test\"\nteams: [North]\nstaff:\n  - {login: \"%s\", name: \"Tess Ter\", team: North, "
	            "role: social_worker}\n",
	        pw->pw_name);
	fclose(fp);
	cr_assert_eq(store_open(db, &st, &err), CW_OK, "%s", err.msg);
	case_init(c);
	/* straight into the store, as an old system or a bad import might */
	strcpy(c->person.name, "Eve" EVIL " Mallory");
	strcpy(c->person.address, "1 Bell Street\x07\x1b[5m");
	snprintf(c->worker, sizeof c->worker, "%s", pw->pw_name);
	strcpy(c->team, "North");
	cr_assert_eq(store_case_create(st, c, "import", &err), CW_OK, "%s", err.msg);
	store_close(&st);

	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
		setenv("CASEWORK_SCREEN_OUT", out, 1);
		setenv("CASEWORK_KEYS", "<Dump> <Enter> <Dump>", 1); /* the caseload, then the case screen */
		setenv("CASEWORK_DUMP", dump, 1);
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("LINES", "24", 1);
		setenv("COLUMNS", "80", 1);
		setenv("HOME", dir, 1);
		execl(bin, "casework", "--db", db, "--staff", staff, "--policy", policy, (char *)NULL);
		_exit(127);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "casework exited with %d", status);

	size_t n;
	char *raw = slurp(out, &n);
	cr_expect_gt(n, 100, "casework wrote nothing to the terminal");
	cr_expect_not(contains(raw, n, "\x1b]0;pwned"), "the title-setting sequence reached the terminal");
	cr_expect_not(contains(raw, n, "\x1b[2J\x1b]"), "the clear-screen sequence from the name reached the terminal");
	cr_expect_not(contains(raw, n, "\x1b[5m"), "the blink sequence from the address reached the terminal");
	cr_expect_not(contains(raw, n, "\x07"), "a bell reached the terminal");
	cr_expect_not(contains(raw, n, "\xc2\x9b"), "a C1 CSI reached the terminal");
	free(raw);
	char *screen = slurp(dump, &n);
	cr_expect(contains(screen, n, "Eve^[[2J^[]0;pwned^G"), "the name is not shown escaped:\n%s", screen);
	free(screen);
	free(c);
}

/* ---- the same inputs typed into the real program, saved with ^S ---- */

static void run_to(const char *const argv[], const char *keys, const char *dump, const char *out)
{
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		int ofd = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600) : fd;
		dup2(fd, 0), dup2(ofd, 1), dup2(fd, 2);
		setenv("CASEWORK_SCREEN_OUT", "/dev/null", 1);
		if (keys)
			setenv("CASEWORK_KEYS", keys, 1);
		if (dump)
			setenv("CASEWORK_DUMP", dump, 1);
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("LINES", "24", 1);
		setenv("COLUMNS", "80", 1);
		setenv("HOME", dir, 1);
		setenv("TZ", "UTC", 1);
		setenv("CASEWORK_TODAY", "2026-11-22", 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "casework exited with %d", status);
}

/* The stored record as bytes: version, the case's data and the list's
 * summary columns. */
static char *stored(const char *db, int64_t id)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	char *out = NULL;
	cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(h,
	                                "SELECT version || '|' || data || '|' || next_action || '|' || ifnull(due, '') || '|' "
	                                "|| weekly FROM cases WHERE id = ?",
	                                -1, &s, NULL),
	             SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(h);
	return out;
}

Test(bad_input, typed_and_saved_in_the_real_program_refused_and_the_store_unchanged, .init = setup,
     .fini = teardown, .timeout = 300)
{
	const char *bin = getenv("CASEWORK_BIN");
	const char *src = getenv("CASEWORK_SRC") ? getenv("CASEWORK_SRC") : ".";
	struct passwd *pw = getpwuid(geteuid());
	char db[400], staff[400], dump[400], policy[1100];
	struct policy *p = load_policy();
	/* what a person can type: the terminal hands over no control
	 * characters or broken UTF-8 (the form refuses them: above) */
	char longest[201];
	memset(longest, '9', 200);
	longest[200] = '\0';
	const char *const typed[] = {"", longest, "99999999999999999999", "-5.00", "2025-02-31", "12.345", "1e9",
	                             "31/02/2026"};
	/* one demo case at each stage a social worker edits */
	static const struct {
		int64_t id;
		enum stage stage;
	} cases[] = {{6, STAGE_DECISION}, {11, STAGE_ASSESSMENT}, {8, STAGE_PLANNING}, {20, STAGE_REVIEW}};
	int runs = 0;

	cr_assert_not_null(bin, "CASEWORK_BIN is not set (make test-unit sets it)");
	cr_assert_not_null(pw);
	snprintf(db, sizeof db, "%s/t.db", dir);
	snprintf(staff, sizeof staff, "%s/staff.yaml", dir);
	snprintf(dump, sizeof dump, "%s/screen.txt", dir);
	snprintf(policy, sizeof policy, "%s/config/policy.yaml", src);
	FILE *fp = fopen(staff, "w");
	fprintf(fp, "contact: \"the test\"\nteams: [North Locality Team]\nstaff:\n  - {login: \"%s\", name: \"Tess Ter\", "
	            "team: North Locality Team, role: social_worker}\n",
	        pw->pw_name);
	fclose(fp);
	const char *demo[] = {bin, "demo", "--cases", "30", "--db", db, "--staff", staff, "--policy", policy, NULL};
	run_to(demo, NULL, NULL, NULL);
	const char *argv[] = {bin, "--db", db, "--staff", staff, "--policy", policy, NULL};
	struct case_record *c = malloc(sizeof *c), *work = malloc(sizeof *work);
	setenv("CASEWORK_TODAY", "2026-11-22", 1);

	for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
		struct store *st = NULL;
		struct cw_error err = {0};
		cr_assert_eq(store_open(db, &st, &err), CW_OK, "%s", err.msg);
		cr_assert_eq(store_case_load(st, cases[ci].id, c, &err), CW_OK, "%s", err.msg);
		store_close(&st);
		cr_assert_eq(c->stage, cases[ci].stage, "demo case %lld is not at the stage expected", (long long)cases[ci].id);
		struct form f;
		stage_form_for(c->stage)->build(&f, c, p);
		int start = f.cur, tabs = 0;
		for (int i = start; i < f.n; i++) {
			const struct form_field *d = &f.fields[i];
			if (d->kind == FK_INFO)
				continue;
			if (i > start)
				tabs++;
			if (d->kind != FK_DATE && d->kind != FK_MONEY && d->kind != FK_QUANTITY && d->kind != FK_NUMBER)
				continue;
			for (size_t k = 0; k < sizeof typed / sizeof typed[0]; k++) {
				/* what the form makes of it, as the program would (typing
				 * stops at 40 characters in such a field) */
				char in[64];
				cw_strlcpy(in, typed[k], sizeof in < 41 ? sizeof in : 41);
				form_load(&f, c);
				form_set(&f, i, in);
				memcpy(work, c, sizeof *c);
				if (form_apply(&f, work, true, &err) == CW_OK)
					continue; /* taken (the empty value of an optional field) */
				char keys[1024];
				int len = snprintf(keys, sizeof keys, "/%s <Enter> <Enter> e", c->ref);
				for (int t = 0; t < tabs; t++)
					len += snprintf(keys + len, sizeof keys - (size_t)len, " <Tab>");
				/* then leave without saving, so no draft is kept for the next run */
				snprintf(keys + len, sizeof keys - (size_t)len, " <C-u> %s <C-s> <Dump> <Esc> <Esc> y", typed[k]);
				char *before = stored(db, cases[ci].id);
				remove(dump);
				run_to(argv, keys, dump, NULL);
				char *after = stored(db, cases[ci].id);
				cr_expect_str_eq(after, before, "%s, field '%s', typed '%.20s': the stored case changed", c->ref,
				                 d->label, typed[k]);
				size_t n;
				char *screen = slurp(dump, &n);
				/* the message, wrapped over rows: as one line */
				for (size_t j = 0; j < n; j++)
					if (screen[j] == '\n')
						screen[j] = ' ';
				char want[256];
				snprintf(want, sizeof want, "Not saved. %s:", d->label);
				char *flat = malloc(n + 1);
				size_t o = 0;
				for (size_t j = 0; j < n; j++)
					if (!(screen[j] == ' ' && o && flat[o - 1] == ' '))
						flat[o++] = screen[j];
				flat[o] = '\0';
				cr_expect(strstr(flat, want) != NULL, "%s, field '%s', typed '%.20s': no '%s' on the screen:\n%s",
				          c->ref, d->label, typed[k], want, flat);
				free(flat);
				free(screen);
				free(before);
				free(after);
				runs++;
			}
		}
		form_free(&f);
	}
	cr_log_info("bad input typed: %d refused saves through the real program", runs);
	cr_expect_gt(runs, 40, "too few fields were tried (%d)", runs);
	free(c);
	free(work);
	free(p);
}
