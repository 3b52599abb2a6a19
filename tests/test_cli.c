/* test_cli.c - the command line, run as a program (CASEWORK_BIN) in a
 * throwaway home: options and their exact messages, policy check, the
 * first-run setup, refusing an unknown login before any database is
 * made, demo + export (parsed back as JSON) and audit verify. Also the
 * export module's JSON and CSV escaping, as units. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config/config.h"
#include "core/export.h"

/* ---- running the binary ---- */

struct run {
	int status; /* exit status, or -1 if it did not exit normally */
	char *out;  /* owned */
	char *err;  /* owned */
};

static char tmpdir[256];
/* Extra "NAME=VALUE" settings for the next runs (NULL-terminated). */
static const char *run_env[8];
/* Run as this user (when the suite runs as root), 0: as ourselves. */
static uid_t run_uid;
static gid_t run_gid;

static const char *bin(void)
{
	const char *b = getenv("CASEWORK_BIN");
	cr_assert(b && *b, "CASEWORK_BIN must name the casework binary (make test-unit sets it)");
	return b;
}

static const char *src(void)
{
	const char *s = getenv("CASEWORK_SRC");
	return s && *s ? s : ".";
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return strdup("");
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	size_t got = fread(s, 1, (size_t)n, f);
	s[got] = '\0';
	fclose(f);
	return s;
}

/* A copy of s with the first `from` replaced by `to`. */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	cr_assert_not_null(at, "'%s' is not in the text", from);
	size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	return out;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

static char *tpath(const char *name)
{
	static char buf[8][512];
	static int k;
	char *b = buf[k++ % 8];
	snprintf(b, 512, "%s/%s", tmpdir, name);
	return b;
}

/* Runs casework with args (NULL-terminated) in the throwaway home. */
static struct run run_argv(const char *const *args)
{
	struct run r = {0};
	char out[600], err[600];
	snprintf(out, sizeof out, "%s/.stdout", tmpdir);
	snprintf(err, sizeof err, "%s/.stderr", tmpdir);
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		const char *argv[64];
		int n = 0;
		argv[n++] = "casework";
		for (int i = 0; args[i] && n < 62; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fi = open("/dev/null", O_RDONLY);
		if (fo < 0 || fe < 0 || fi < 0)
			_exit(127);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		char home[600], cfg[600], data[600];
		snprintf(home, sizeof home, "%s/home", tmpdir);
		snprintf(cfg, sizeof cfg, "%s/home/cfg", tmpdir);
		snprintf(data, sizeof data, "%s/home/data", tmpdir);
		mkdir(home, 0700);
		setenv("HOME", home, 1);
		setenv("XDG_CONFIG_HOME", cfg, 1);
		setenv("XDG_DATA_HOME", data, 1);
		setenv("TMPDIR", tmpdir, 1);
		setenv("CASEWORK_TODAY", "2026-11-01", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("CASEWORK_DB");
		unsetenv("CASEWORK_POLICY");
		unsetenv("CASEWORK_STAFF");
		unsetenv("CASEWORK_SCENARIO");
		char state[600];
		snprintf(state, sizeof state, "%s/home/state", tmpdir);
		setenv("XDG_STATE_HOME", state, 1);
		for (int i = 0; run_env[i]; i++)
			putenv((char *)run_env[i]);
		if (run_uid && (setgroups(0, NULL) != 0 || setgid(run_gid) != 0 || setuid(run_uid) != 0))
			_exit(126);
		execv(bin(), (char *const *)argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r.out = slurp(out);
	r.err = slurp(err);
	return r;
}

#define RUN(...) run_argv((const char *const[]){__VA_ARGS__, NULL})

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void setup_home(void)
{
	memset(run_env, 0, sizeof run_env);
	run_uid = 0;
	snprintf(tmpdir, sizeof tmpdir, "%s/cw-cli-XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void teardown_home(void)
{
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *my_login(void)
{
	struct passwd *pw = getpwuid(geteuid());
	cr_assert_not_null(pw);
	return pw->pw_name;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- --version, --help ---- */

Test(cli_basic, version, .init = setup_home, .fini = teardown_home)
{
	struct run r = RUN("--version");
	cr_expect_eq(r.status, 0);
	cr_expect_str_eq(r.out, "casework 0.1.0\n");
	cr_expect_str_empty(r.err);
	run_free(&r);
}

Test(cli_basic, help, .init = setup_home, .fini = teardown_home)
{
	struct run r = RUN("--help");
	cr_expect_eq(r.status, 0);
	const char *usage = "Usage: casework [--db PATH] [--policy FILE] [--staff FILE] [--providers FILE]\n";
	cr_expect(strncmp(r.out, usage, strlen(usage)) == 0, "help starts with the usage: %s", r.out);
	cr_expect_not_null(strstr(r.out, "       casework policy check FILE\n"));
	cr_expect_not_null(strstr(r.out, "       casework export --format json|csv [--case ID] [--db PATH]\n"));
	cr_expect_not_null(strstr(r.out, "Exit status: 0 success, 1 failure"));
	cr_expect_not_null(strstr(r.out, "       casework staff check FILE\n"));
	cr_expect_not_null(strstr(r.out, "       casework --training [--policy FILE] [--scenario FILE]\n"));
	cr_expect_not_null(strstr(r.out, "       casework import FILE.csv [--db PATH]\n"));
	cr_expect_not_null(strstr(r.out, "       casework document CASE plan|budget [--db PATH]\n"));
	cr_expect_not_null(strstr(r.out, "       casework audit verify [--head ROW:HASH] [--db PATH]\n"));
	cr_expect_str_empty(r.err);
	run_free(&r);
	/* -h and "help" say the same. */
	struct run h = RUN("-h");
	cr_expect_eq(h.status, 0);
	cr_expect(strncmp(h.out, "Usage: casework", 15) == 0);
	run_free(&h);
}

/* ---- bad command lines: exact message, hint, exit 2 ---- */

/* Inline text, not pointers: Criterion hands parameters to a new
 * process, where pointers into this one's memory mean nothing. */
struct bad_args {
	char args[6][64];
	char message[320]; /* the first line on stderr */
};

static struct bad_args bad_cases[] = {
	{{"--bogus"},
	 "casework: unknown option '--bogus'; the options are --db, --policy, --staff, --providers, --training, "
	 "--help, --version, demo's --cases and --seed, export's --format and --case, "
	 "document's --markdown, audit verify's --head, and --training's --scenario"},
	{{"--cass", "3"},
	 "casework: unknown option '--cass' (did you mean '--cases'?); the options are --db, "
	 "--policy, --staff, --providers, --training, --help, --version, demo's --cases and --seed, "
	 "export's --format and --case, document's --markdown, audit verify's --head, and --training's --scenario"},
	{{"-x"},
	 "casework: unknown option '-x'; the options are --db, --policy, --staff, --providers, --training, "
	 "--help, --version, demo's --cases and --seed, export's --format and --case, "
	 "document's --markdown, audit verify's --head, and --training's --scenario"},
	{{"demo"}, "casework: 'demo' needs --cases N (a number of cases from 1 to 1000000)"},
	{{"demo", "--cases", "0"},
	 "casework: --cases: 0 is out of range; use a number of cases from 1 to 1000000"},
	{{"demo", "--cases", "1000001"},
	 "casework: --cases: 1000001 is out of range; use a number of cases from 1 to 1000000"},
	{{"demo", "--cases", "99999999999999999999999"},
	 "casework: --cases: 99999999999999999999999 is out of range; use a number of cases from 1 "
	 "to 1000000"},
	{{"demo", "--cases", "12x"},
	 "casework: --cases: '12x' is not a whole number; use a number of cases from 1 to 1000000"},
	{{"demo", "--cases", "-5"},
	 "casework: --cases: '-5' is not a whole number; use a number of cases from 1 to 1000000"},
	{{"demo", "--cases=", "5"},
	 "casework: --cases needs a value: a number of cases from 1 to 1000000"},
	{{"demo", "--cases", "5", "--cases", "6"},
	 "casework: --cases given twice ('5' and '6'); give it once"},
	{{"demo", "--cases", "5", "--seed", "x"},
	 "casework: --seed: 'x' is not a whole number from 0 to 18446744073709551615"},
	{{"--db"}, "casework: --db needs a value: a database file path"},
	{{"--db", "--staff", "s.yaml"}, "casework: --db needs a value: a database file path"},
	{{"--policy"}, "casework: --policy needs a value: a policy file (YAML)"},
	{{"export"}, "casework: 'export' needs --format json or --format csv"},
	{{"export", "--format", "xml"}, "casework: --format: 'xml' is not a format; use json or csv"},
	{{"export", "--format"}, "casework: --format needs a value: json or csv"},
	{{"--cases", "3"}, "casework: --cases is only used with 'demo'"},
	{{"demo", "--cases", "3", "--format", "json"}, "casework: --format is only used with 'export'"},
	{{"exprot"},
	 "casework: unknown command 'exprot' (did you mean 'export'?); the commands are policy "
	 "check, staff check, scenario check, demo, export, import, document, audit verify"},
	{{"policy"}, "casework: 'policy' needs 'check FILE'"},
	{{"policy", "lint", "x"}, "casework: policy: unknown action 'lint'; the only action is 'check FILE'"},
	{{"policy", "check"}, "casework: 'policy check' is missing an argument; the form is 'casework "
	 "policy check FILE'"},
	{{"policy", "check", "a", "b"},
	 "casework: unexpected argument 'b' after 'policy check'; the form is 'casework policy "
	 "check FILE'"},
	{{"audit"}, "casework: 'audit' needs 'verify'"},
	{{"audit", "check"}, "casework: audit: unknown action 'check'; the only action is 'verify'"},
	{{"document", "C-000001", "letter"},
	 "casework: document: 'letter' is not a document; use plan (the support plan) or budget "
	 "(the personal budget statement)"},
	{{"--version=2"}, "casework: --version takes no value (got '2')"},
	{{"--training", "export", "--format", "json"},
	 "casework: --training opens the terminal interface and does not go with 'export'"},
	{{"--training", "--db", "x.db"},
	 "casework: --training uses a private sandbox and never opens a database given with --db; "
	 "leave --db out"},
	{{"unknown\x1b[2J"},
	 "casework: unknown command 'unknown^[[2J'; the commands are policy check, staff check, "
	 "scenario check, demo, export, import, document, audit verify"},
	{{"scenario"}, "casework: 'scenario' needs 'check FILE'"},
	{{"scenario", "run", "x"}, "casework: scenario: unknown action 'run'; the only action is 'check FILE'"},
	{{"staff"}, "casework: 'staff' needs 'check FILE'"},
	{{"staff", "check"}, "casework: 'staff check' is missing an argument; the form is 'casework "
	 "staff check FILE'"},
	{{"import"}, "casework: 'import' is missing an argument; the form is 'casework import "
	 "FILE.csv'"},
	{{"import", "a.csv", "b.csv"},
	 "casework: unexpected argument 'b.csv' after 'import'; the form is 'casework import "
	 "FILE.csv'"},
	{{"document", "C-000001"}, "casework: 'document' is missing an argument; the form is 'casework "
	 "document CASE plan|budget'"},
	{{"--scenario", "s.yaml"}, "casework: --scenario is only used with '--training'"},
	{{"--training", "--scenario"}, "casework: --scenario needs a value: a training scenario file (YAML)"},
	{{"--training", "--training"}, "casework: --training given twice; give it once"},
	{{"export", "--format", "json", "--case", "X-12"},
	 "casework: 'X-12' is not a case reference; use one like C-000123 (or the number, 123)"},
	{{"document", "abc", "plan"},
	 "casework: 'abc' is not a case reference; use one like C-000123 (or the number, 123)"},
};

ParameterizedTestParameters(cli_args, refused)
{
	return cr_make_param_array(struct bad_args, bad_cases, sizeof bad_cases / sizeof bad_cases[0]);
}

ParameterizedTest(struct bad_args *c, cli_args, refused, .init = setup_home, .fini = teardown_home)
{
	const char *args[7] = {0};
	for (int i = 0; i < 6 && c->args[i][0]; i++)
		args[i] = c->args[i];
	struct run r = run_argv(args);
	char expected[1024];
	snprintf(expected, sizeof expected, "%s\nTry 'casework --help' for more information.\n",
		 c->message);
	cr_expect_eq(r.status, 2, "exit status for %s: %d", c->args[0], r.status);
	cr_expect_str_eq(r.err, expected);
	cr_expect_str_empty(r.out);
	run_free(&r);
}

/* ---- policy check ---- */

Test(cli_policy, check_ok, .init = setup_home, .fini = teardown_home)
{
	char path[1024], first[1100];
	snprintf(path, sizeof path, "%s/config/policy.yaml", src());
	struct run r = RUN("policy", "check", path);
	cr_expect_eq(r.status, 0, "stderr: %s", r.err);
	snprintf(first, sizeof first, "%s: ok\nExample Borough Council", path);
	cr_expect(strncmp(r.out, first, strlen(first)) == 0, "output: %s", r.out);
	cr_expect_eq(count_lines(r.out), 2);
	cr_expect_str_empty(r.err);
	run_free(&r);
}

Test(cli_policy, check_broken, .init = setup_home, .fini = teardown_home)
{
	char shipped[1024];
	snprintf(shipped, sizeof shipped, "%s/config/policy.yaml", src());
	char *text = slurp(shipped);
	/* The shipped policy with one bad amount and one unknown key. */
	char *broken = replace(text, "pound_per_point: 4.20", "pound_per_point: 4.205");
	char *more = replace(broken, "\nreview:\n", "\nfrobnicate: 3\nreview:\n");
	free(broken);
	broken = more;
	const char *file = tpath("broken.yaml");
	write_file(file, broken);
	struct run r = RUN("policy", "check", file);
	cr_expect_eq(r.status, 1);
	cr_expect_str_empty(r.out);
	cr_expect_geq(count_lines(r.err), 2, "every error is printed: %s", r.err);
	/* Every line is FILE:LINE:COLUMN: ... */
	char prefix[600];
	snprintf(prefix, sizeof prefix, "%s:", file);
	for (const char *line = r.err; *line; line = strchr(line, '\n') + 1) {
		cr_expect(strncmp(line, prefix, strlen(prefix)) == 0, "line: %.80s", line);
		int l = 0, c = 0;
		cr_expect_eq(sscanf(line + strlen(prefix), "%d:%d:", &l, &c), 2, "line: %.80s", line);
	}
	cr_expect_not_null(strstr(r.err, "frobnicate"));
	cr_expect_not_null(strstr(r.err, "pound_per_point"));
	run_free(&r);
	free(text);
	free(broken);

	struct run m = RUN("policy", "check", tpath("missing.yaml"));
	cr_expect_eq(m.status, 1);
	cr_expect_not_null(strstr(m.err, "missing.yaml"));
	run_free(&m);
}

/* A broken policy in use: casework refuses to start, with the errors. */
Test(cli_policy, refuses_to_start, .init = setup_home, .fini = teardown_home)
{
	const char *pol = tpath("bad.yaml");
	char staff_text[512];
	write_file(pol, "council: {name: x}\n");
	snprintf(staff_text, sizeof staff_text, "contact: \"IT\"\nteams: [T]\nstaff:\n"
		 "  - {login: \"%s\", name: Me, team: T, role: team_manager}\n", my_login());
	write_file(tpath("staff.yaml"), staff_text);
	struct run r = RUN("audit", "verify", "--policy", pol, "--staff", tpath("staff.yaml"),
			   "--db", tpath("x.db"));
	cr_expect_eq(r.status, 1);
	cr_expect_not_null(strstr(r.err, "bad.yaml:"));
	cr_expect_not_null(strstr(r.err, "casework: will not start with an invalid policy"));
	cr_expect_eq(access(tpath("x.db"), F_OK), -1, "no database made");
	run_free(&r);
}

/* The interface itself (no command) will not start on a broken policy
 * and a broken staff file: every error of both, in the same words as
 * policy check and staff check, and one line naming both files. */
Test(cli_policy, interface_refuses_both_broken, .init = setup_home, .fini = teardown_home)
{
	const char *pol = tpath("bad.yaml"), *staff = tpath("staff.yaml");
	write_file(pol, "council: {name: x}\n");
	write_file(staff, "contact: \"IT\"\nstaff:\n  - {login: a, name: A, team: T, role: boss}\n");
	struct run pc = RUN("policy", "check", pol);
	struct run sc = RUN("staff", "check", staff);
	cr_assert_eq(pc.status, 1);
	cr_assert_eq(sc.status, 1);
	struct run r = RUN("--policy", pol, "--staff", staff, "--db", tpath("x.db"));
	cr_expect_eq(r.status, 1);
	char want[8192];
	snprintf(want, sizeof want, "%s%scasework: will not start with an invalid policy and staff file; fix the "
		 "errors above (casework policy check FILE and casework staff check FILE check them)\n",
		 pc.err, sc.err);
	cr_expect_str_eq(r.err, want);
	cr_expect_str_empty(r.out);
	cr_expect_eq(access(tpath("x.db"), F_OK), -1, "no database made");
	run_free(&pc);
	run_free(&sc);
	run_free(&r);
}

/* ---- first run ---- */

Test(cli_setup, first_run, .init = setup_home, .fini = teardown_home)
{
	struct run r = RUN("demo", "--cases", "3");
	cr_expect_eq(r.status, 0, "stderr: %s", r.err);
	cr_expect_not_null(strstr(r.err, "casework: First start: casework made a personal setup in "),
			   "stderr: %s", r.err);
	struct stat sb;
	cr_assert_eq(stat(tpath("home/cfg/casework"), &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0700);
	cr_assert_eq(stat(tpath("home/data/casework"), &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0700);
	cr_expect_eq(stat(tpath("home/data/casework/casework.db"), &sb), 0);

	/* policy.yaml is the shipped one. */
	char shipped[1024];
	snprintf(shipped, sizeof shipped, "%s/config/policy.yaml", src());
	char *want = slurp(shipped), *got = slurp(tpath("home/cfg/casework/policy.yaml"));
	cr_expect_str_eq(got, want);
	free(want);
	free(got);

	/* staff.yaml loads and names this login as a team manager. */
	struct staff s = {0};
	struct config_errors e = {0};
	cr_assert_eq(staff_load_file(tpath("home/cfg/casework/staff.yaml"), &s, &e), CW_OK);
	const struct staff_member *me = staff_find(&s, my_login());
	cr_assert_not_null(me);
	cr_expect_eq(me->role, ROLE_TEAM_MANAGER);
	cr_expect_str_eq(me->team, "Demo team");
	size_t workers = 0;
	for (size_t i = 0; i < s.n; i++)
		workers += s.members[i].role == ROLE_SOCIAL_WORKER;
	cr_expect_geq(workers, 3);
	staff_free_members(&s);
	config_errors_free(&e);
	run_free(&r);

	/* A second start finds the setup and says nothing about it. */
	struct run again = RUN("audit", "verify");
	cr_expect_eq(again.status, 0, "stderr: %s", again.err);
	cr_expect_str_empty(again.err);
	run_free(&again);
}

Test(cli_setup, unknown_login_refused_before_db, .init = setup_home, .fini = teardown_home)
{
	char pol[1024];
	snprintf(pol, sizeof pol, "%s/config/policy.yaml", src());
	const char *staff = tpath("staff.yaml");
	write_file(staff, "contact: \"the Systems Team, ext. 4410\"\n"
			  "teams: [North]\n"
			  "staff:\n"
			  "  - {login: zz_nobody_here, name: \"Someone Else\", team: North, role: social_worker}\n");
	const char *db = tpath("never.db");
	char expected[2048];
	snprintf(expected, sizeof expected,
		 "casework: you (login '%s') are not in the staff file %s, so casework will not "
		 "open; ask the Systems Team, ext. 4410 to add you\n", my_login(), staff);

	struct run r = RUN("--db", db, "--policy", pol, "--staff", staff);
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, expected);
	cr_expect_eq(access(db, F_OK), -1, "the database must not be created");
	run_free(&r);

	struct run d = RUN("demo", "--cases", "2", "--db", db, "--policy", pol, "--staff", staff);
	cr_expect_eq(d.status, 1);
	cr_expect_str_eq(d.err, expected);
	cr_expect_eq(access(db, F_OK), -1, "the database must not be created");
	run_free(&d);
}

/* ---- demo, export, audit verify ---- */

/* A small JSON reader: enough to check the export's structure. */
enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };
struct jv {
	enum jtype t;
	char *s;          /* J_STR, J_NUM text */
	bool b;
	struct jv *items; /* J_ARR, J_OBJ values */
	char **keys;      /* J_OBJ */
	size_t n;
};

static const char *jp;

static void jws(void)
{
	while (*jp == ' ' || *jp == '\n' || *jp == '\r' || *jp == '\t')
		jp++;
}

static bool jparse(struct jv *v);

static bool jstring(char **out)
{
	if (*jp != '"')
		return false;
	jp++;
	size_t cap = 64, n = 0;
	char *s = malloc(cap);
	while (*jp && *jp != '"') {
		if (n + 8 > cap)
			s = realloc(s, cap *= 2);
		if ((unsigned char)*jp < 0x20) { /* raw control: invalid JSON */
			free(s);
			return false;
		}
		if (*jp == '\\') {
			jp++;
			if (*jp == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", jp[i]) || !jp[i]) {
						free(s);
						return false;
					}
				s[n++] = '?';
				jp += 5;
				continue;
			}
			if (!strchr("\"\\/bfnrt", *jp) || !*jp) {
				free(s);
				return false;
			}
		}
		s[n++] = *jp++;
	}
	if (*jp != '"') {
		free(s);
		return false;
	}
	jp++;
	s[n] = '\0';
	*out = s;
	return true;
}

static bool jparse(struct jv *v)
{
	memset(v, 0, sizeof *v);
	jws();
	if (*jp == '{' || *jp == '[') {
		bool obj = *jp == '{';
		char close = obj ? '}' : ']';
		v->t = obj ? J_OBJ : J_ARR;
		jp++;
		jws();
		if (*jp == close) {
			jp++;
			return true;
		}
		for (;;) {
			v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
			v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
			v->keys[v->n] = NULL;
			if (obj) {
				jws();
				if (!jstring(&v->keys[v->n]))
					return false;
				jws();
				if (*jp++ != ':')
					return false;
			}
			if (!jparse(&v->items[v->n]))
				return false;
			v->n++;
			jws();
			if (*jp == ',') {
				jp++;
				continue;
			}
			if (*jp == close) {
				jp++;
				return true;
			}
			return false;
		}
	}
	if (*jp == '"') {
		v->t = J_STR;
		return jstring(&v->s);
	}
	if (strncmp(jp, "true", 4) == 0 || strncmp(jp, "false", 5) == 0) {
		v->t = J_BOOL;
		v->b = *jp == 't';
		jp += v->b ? 4 : 5;
		return true;
	}
	if (strncmp(jp, "null", 4) == 0) {
		v->t = J_NULL;
		jp += 4;
		return true;
	}
	const char *start = jp;
	if (*jp == '-')
		jp++;
	while (*jp >= '0' && *jp <= '9')
		jp++;
	if (jp == start)
		return false;
	v->t = J_NUM;
	v->s = strndup(start, (size_t)(jp - start));
	return true;
}

static void jfree(struct jv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		jfree(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->s);
}

static const struct jv *jget(const struct jv *o, const char *path)
{
	char key[64];
	while (o && *path) {
		size_t len = strcspn(path, ".");
		snprintf(key, sizeof key, "%.*s", (int)len, path);
		path += len + (path[len] == '.');
		const struct jv *found = NULL;
		if (o->t == J_OBJ)
			for (size_t i = 0; i < o->n; i++)
				if (strcmp(o->keys[i], key) == 0)
					found = &o->items[i];
		o = found;
	}
	return o;
}

static bool is_money(const struct jv *v)
{
	if (!v || v->t != J_STR)
		return false;
	const char *s = v->s;
	size_t digits = strspn(s, "0123456789");
	return digits > 0 && s[digits] == '.' && strspn(s + digits + 1, "0123456789") == 2 &&
	       s[digits + 3] == '\0';
}

static bool is_date_or_null(const struct jv *v)
{
	if (!v)
		return false;
	if (v->t == J_NULL)
		return true;
	return v->t == J_STR && strlen(v->s) == 10 && v->s[4] == '-' && v->s[7] == '-';
}

static bool one_of(const struct jv *v, const char *const *set)
{
	if (!v || v->t != J_STR)
		return false;
	for (; *set; set++)
		if (strcmp(v->s, *set) == 0)
			return true;
	return false;
}

static int carers_seen; /* carer's cases check_case has seen */

static void check_case(const struct jv *c)
{
	static const char *const stages[] = {"decision", "assessment", "panel", "planning",
					     "review", "closed", NULL};
	static const char *const routes[] = {"direct_payment", "council_managed",
					     "individual_service_fund", "mixed", NULL};
	const struct jv *v;

	cr_assert_eq(c->t, J_OBJ);
	v = jget(c, "id");
	cr_assert(v && v->t == J_STR && strncmp(v->s, "C-", 2) == 0 && strlen(v->s) == 8);
	v = jget(c, "person.name");
	cr_expect(v && v->t == J_STR && v->s[0]);
	cr_expect(is_date_or_null(jget(c, "person.date_of_birth")));
	cr_expect(one_of(jget(c, "stage"), stages));
	v = jget(c, "decision.route");
	cr_expect(v && (v->t == J_NULL || one_of(v, routes)));
	v = jget(c, "assessment.outcomes");
	const struct jv *group = jget(c, "person.client_group");
	if (group && group->t == J_STR && strcmp(group->s, "carer") == 0) {
		/* a carer is assessed against the carer's eight outcomes (reg 3) */
		static const char *const carer_keys[] = {"caring_for_child", "caring_for_others", "habitable_home",
							 "nutrition", "relationships", "work_education_volunteering",
							 "community_services", "recreation"};
		cr_expect(v && v->t == J_OBJ && v->n == 8);
		for (size_t i = 0; v && v->t == J_OBJ && i < v->n && i < 8; i++)
			cr_expect_str_eq(v->keys[i], carer_keys[i]);
		cr_expect(one_of(jget(c, "assessment.eligibility_test"), (const char *const[]){"carer", NULL}));
		cr_expect(jget(c, "assessment.needs_from_caring"));
		cr_expect(jget(c, "assessment.health_at_risk"));
		carers_seen++;
	} else {
		cr_expect(v && v->t == J_OBJ && v->n == 10);
		cr_expect(one_of(jget(c, "assessment.eligibility_test"), (const char *const[]){"adult", NULL}));
		v = jget(c, "assessment.needs_from_caring");
		cr_expect(v && v->t == J_NULL);
	}
	v = jget(c, "assessment.eligible");
	cr_expect(v && (v->t == J_BOOL || v->t == J_NULL));
	v = jget(c, "assessment.points");
	cr_expect(v && v->t == J_NUM);
	cr_expect(is_money(jget(c, "budget.indicative_weekly")));
	cr_expect(is_money(jget(c, "budget.final_weekly")));
	cr_expect(is_money(jget(c, "budget.person_weekly")));
	cr_expect(is_money(jget(c, "budget.council_weekly")));
	v = jget(c, "panel.required");
	cr_expect(v && (v->t == J_BOOL || v->t == J_NULL));
	v = jget(c, "panel.reasons");
	cr_expect(v && v->t == J_ARR);
	v = jget(c, "panel.decision");
	cr_expect(v && (v->t == J_NULL || v->t == J_STR));
	cr_expect(is_money(jget(c, "panel.approved_weekly")));
	v = jget(c, "plan.lines");
	cr_assert(v && v->t == J_ARR);
	for (size_t i = 0; i < v->n; i++) {
		cr_expect(jget(&v->items[i], "category") && jget(&v->items[i], "category")->t == J_STR);
		cr_expect(is_money(jget(&v->items[i], "weekly_cost")));
		cr_expect(one_of(jget(&v->items[i], "route"), routes));
	}
	cr_expect(is_money(jget(c, "plan.total_weekly")));
	cr_expect(is_date_or_null(jget(c, "plan.agreed_on")));
	cr_expect(is_date_or_null(jget(c, "review.next_due")));
	cr_expect(is_date_or_null(jget(c, "review.audit_due")));
	v = jget(c, "review.history");
	cr_expect(v && v->t == J_ARR);
}

Test(cli_export, demo_then_json, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("demo.db");
	struct run d = RUN("demo", "--cases", "200", "--db", db, "--seed", "7");
	cr_assert_eq(d.status, 0, "stderr: %s", d.err);
	char want[700];
	snprintf(want, sizeof want, "casework: made 200 demo cases (seed 7) in %s\n", db);
	cr_expect_str_eq(d.out, want);
	run_free(&d);

	struct run e = RUN("export", "--format", "json", "--db", db);
	cr_assert_eq(e.status, 0, "stderr: %s", e.err);
	struct jv root;
	jp = e.out;
	cr_assert(jparse(&root), "export is not valid JSON near: %.60s", jp);
	jws();
	cr_expect_eq(*jp, '\0', "one JSON value only");
	cr_assert_eq(root.t, J_ARR);
	cr_assert_eq(root.n, 200);
	int stages[6] = {0};
	static const char *const names[] = {"decision", "assessment", "panel", "planning",
					    "review", "closed"};
	for (size_t i = 0; i < root.n; i++) {
		check_case(&root.items[i]);
		const struct jv *s = jget(&root.items[i], "stage");
		for (int k = 0; k < 6; k++)
			if (s && s->t == J_STR && strcmp(s->s, names[k]) == 0)
				stages[k]++;
	}
	for (int k = 0; k < 6; k++)
		cr_expect_gt(stages[k], 0, "no demo case at %s", names[k]);
	cr_expect_gt(carers_seen, 0, "no carer's case in the demo export");
	jfree(&root);
	run_free(&e);

	/* One case by reference. */
	struct run one = RUN("export", "--format", "json", "--case", "C-000002", "--db", db);
	cr_assert_eq(one.status, 0, "stderr: %s", one.err);
	jp = one.out;
	cr_assert(jparse(&root));
	cr_assert_eq(root.n, 1);
	cr_expect_str_eq(jget(&root.items[0], "id")->s, "C-000002");
	jfree(&root);
	run_free(&one);

	struct run none = RUN("export", "--format", "json", "--case", "C-009999", "--db", db);
	cr_expect_eq(none.status, 1);
	cr_expect_str_eq(none.err, "casework: export: there is no case C-009999\n");
	run_free(&none);
}

Test(cli_export, csv_header, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("demo.db");
	struct run d = RUN("demo", "--cases", "30", "--db", db);
	cr_assert_eq(d.status, 0, "stderr: %s", d.err);
	run_free(&d);
	struct run e = RUN("export", "--format", "csv", "--db", db);
	cr_assert_eq(e.status, 0, "stderr: %s", e.err);
	const char *header =
		"id,name,date_of_birth,client_group,address,worker,team,stage,opened,closed,route,"
		"eligible,points,indicative_weekly,final_weekly,person_weekly,council_weekly,"
		"panel_required,panel_reasons,panel_decision,approved_weekly,plan_lines,"
		"plan_total_weekly,plan_agreed_on,next_review_due,audit_due,reviews\r\n";
	cr_expect(strncmp(e.out, header, strlen(header)) == 0, "header: %.300s", e.out);
	size_t rows = 0;
	for (const char *p = e.out; (p = strstr(p, "\r\nC-")); p += 2)
		rows++;
	cr_expect_eq(rows, 30);
	run_free(&e);
}

Test(cli_export, demo_is_deterministic, .init = setup_home, .fini = teardown_home)
{
	struct run a = RUN("demo", "--cases", "50", "--seed", "42", "--db", tpath("a.db"));
	struct run b = RUN("demo", "--cases", "50", "--seed", "42", "--db", tpath("b.db"));
	struct run c = RUN("demo", "--cases", "50", "--seed", "43", "--db", tpath("c.db"));
	cr_assert_eq(a.status + b.status + c.status, 0);
	struct run ea = RUN("export", "--format", "csv", "--db", tpath("a.db"));
	struct run eb = RUN("export", "--format", "csv", "--db", tpath("b.db"));
	struct run ec = RUN("export", "--format", "csv", "--db", tpath("c.db"));
	cr_expect_str_eq(ea.out, eb.out, "the same seed makes the same caseload");
	cr_expect_str_neq(ea.out, ec.out, "another seed makes another caseload");
	run_free(&a); run_free(&b); run_free(&c);
	run_free(&ea); run_free(&eb); run_free(&ec);
}

Test(cli_export, demo_refuses_a_caseload, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("live.db");
	struct run a = RUN("demo", "--cases", "5", "--db", db);
	cr_assert_eq(a.status, 0, "stderr: %s", a.err);
	struct run b = RUN("demo", "--cases", "5", "--db", db);
	char want[800];
	snprintf(want, sizeof want, "casework: %s already holds 5 cases; demo makes a caseload "
		 "only in a new, empty database (give --db NEW.db)\n", db);
	cr_expect_eq(b.status, 1);
	cr_expect_str_eq(b.err, want);
	run_free(&a);
	run_free(&b);
}

Test(cli_audit, verify_fresh_demo, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("demo.db");
	struct run d = RUN("demo", "--cases", "20", "--db", db);
	cr_assert_eq(d.status, 0, "stderr: %s", d.err);
	struct run v = RUN("audit", "verify", "--db", db);
	cr_expect_eq(v.status, 0, "stderr: %s", v.err);
	char prefix[700];
	snprintf(prefix, sizeof prefix, "%s: audit trail intact, ", db);
	cr_expect(strncmp(v.out, prefix, strlen(prefix)) == 0, "output: %s", v.out);
	long rows = strtol(v.out + strlen(prefix), NULL, 10);
	cr_expect_geq(rows, 20, "at least one audit row per case: %s", v.out);
	cr_expect_str_empty(v.err);
	run_free(&d);
	run_free(&v);

	struct run m = RUN("audit", "verify", "--db", tpath("nothing.db"));
	cr_expect_eq(m.status, 1);
	cr_expect_not_null(strstr(m.err, "casework: there is no case database at "));
	cr_expect_eq(access(tpath("nothing.db"), F_OK), -1);
	run_free(&m);
}

/* ---- documents ---- */

Test(cli_document, plan_and_budget, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("demo.db");
	struct run d = RUN("demo", "--cases", "40", "--db", db);
	cr_assert_eq(d.status, 0, "stderr: %s", d.err);
	run_free(&d);
	/* Find an adult's case under review: it has a signed plan and a
	 * budget (and a carer's, whose statement is the carer's). */
	struct run e = RUN("export", "--format", "csv", "--db", db);
	char ref[16] = "", carer_ref[16] = "";
	for (const char *line = e.out; *line;) {
		size_t len = strcspn(line, "\n");
		char text[2048];
		snprintf(text, sizeof text, "%.*s", (int)len, line);
		if (strstr(text, ",review,") && strstr(text, ",adult,") && !ref[0])
			snprintf(ref, sizeof ref, "%.8s", text);
		if (strstr(text, ",review,") && strstr(text, ",carer,") && !carer_ref[0])
			snprintf(carer_ref, sizeof carer_ref, "%.8s", text);
		line += len + (line[len] == '\n');
	}
	cr_assert(ref[0] && carer_ref[0], "an adult and a carer under review in the demo");
	run_free(&e);
	struct run cb = RUN("document", carer_ref, "budget", "--db", db);
	cr_expect_eq(cb.status, 0, "stderr: %s", cb.err);
	cr_expect(strncmp(cb.out, "Your carer's personal budget statement\n", 39) == 0, "%s", cb.out);
	cr_expect_not_null(strstr(cb.out, "You pay                      £0.00"), "%s", cb.out);
	run_free(&cb);

	struct run p = RUN("document", ref, "plan", "--db", db);
	cr_expect_eq(p.status, 0, "stderr: %s", p.err);
	cr_expect(strncmp(p.out, "Your support plan\n=================\n", 36) == 0, "%s", p.out);
	cr_expect_not_null(strstr(p.out, ref));
	cr_expect_not_null(strstr(p.out, "Total a week"));
	/* Readable at 80 columns (ASCII lines measured in bytes). */
	for (const char *line = p.out; *line;) {
		size_t len = strcspn(line, "\n");
		bool ascii = true;
		for (size_t i = 0; i < len; i++)
			ascii = ascii && (unsigned char)line[i] < 0x80;
		if (ascii)
			cr_expect_leq(len, 80, "line too long: %.*s", (int)len, line);
		line += len + (line[len] == '\n');
	}
	run_free(&p);

	struct run b = RUN("document", ref, "budget", "--db", db);
	cr_expect_eq(b.status, 0, "stderr: %s", b.err);
	cr_expect_not_null(strstr(b.out, "Your personal budget statement"));
	cr_expect_not_null(strstr(b.out, "The council pays"));
	/* The case by its number says the same. */
	char num[16];
	snprintf(num, sizeof num, "%ld", strtol(ref + 2, NULL, 10));
	struct run bn = RUN("document", num, "budget", "--db", db);
	cr_expect_eq(bn.status, 0, "stderr: %s", bn.err);
	cr_expect_str_eq(bn.out, b.out);
	run_free(&bn);
	run_free(&b);

	struct run none = RUN("document", "C-999999", "plan", "--db", db);
	cr_expect_eq(none.status, 1);
	char want[700];
	snprintf(want, sizeof want, "casework: there is no case C-999999 in %s\n", db);
	cr_expect_str_eq(none.err, want);
	run_free(&none);
}

/* ---- export's escaping, as units ---- */

static char *json_of(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	export_json_string(f, s);
	fclose(f);
	return buf;
}

static char *csv_of(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	export_csv_field(f, s);
	fclose(f);
	return buf;
}

struct esc_case {
	char in[32];
	char out[64];
};

static struct esc_case json_cases[] = {
	{"plain", "\"plain\""},
	{"", "\"\""},
	{"a\"b\\c", "\"a\\\"b\\\\c\""},
	{"\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\""},
	{"\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\""},
	{"\x1b[2Jname", "\"\\u001b[2Jname\""},
	{"Zoë 王芳", "\"Zoë 王芳\""},
	{"\xc2\x9b" "31m", "\"\\u009b31m\""},       /* C1 CSI */
	{"a\xff" "b", "\"a\\ufffdb\""},              /* invalid byte */
	{"\xc0\xaf", "\"\\ufffd\\ufffd\""},          /* overlong "/" */
	{"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""}, /* a surrogate */
	{"\xe2\x80\xa8", "\"\\u2028\""},              /* line separator */
	{"/</script>", "\"/</script>\""},
};

ParameterizedTestParameters(export_json, escapes)
{
	return cr_make_param_array(struct esc_case, json_cases,
				   sizeof json_cases / sizeof json_cases[0]);
}

ParameterizedTest(struct esc_case *c, export_json, escapes)
{
	char *got = json_of(c->in);
	cr_expect_str_eq(got, c->out);
	free(got);
}

Test(export_json, null_is_empty_string)
{
	char *got = json_of(NULL);
	cr_expect_str_eq(got, "\"\"");
	free(got);
}

static struct esc_case csv_cases[] = {
	{"plain", "plain"},
	{"", ""},
	{"Smith, John", "\"Smith, John\""},
	{"say \"hi\"", "\"say \"\"hi\"\"\""},
	{"two\nlines", "\"two\nlines\""},
	{" padded", "\" padded\""},
	{"=SUM(A1:A9)", "'=SUM(A1:A9)"},
	{"@cmd", "'@cmd"},
	{"+44 20", "'+44 20"},
	{"-12.50", "-12.50"},
	{"-x", "'-x"},
	{"Zoë", "Zoë"},
};

ParameterizedTestParameters(export_csv, fields)
{
	return cr_make_param_array(struct esc_case, csv_cases,
				   sizeof csv_cases / sizeof csv_cases[0]);
}

ParameterizedTest(struct esc_case *c, export_csv, fields)
{
	char *got = csv_of(c->in);
	cr_expect_str_eq(got, c->out);
	free(got);
}

/* ---- staff check, and refusing a broken staff file ---- */

Test(cli_staff, check_ok, .init = setup_home, .fini = teardown_home)
{
	char path[1024], want[1200];
	snprintf(path, sizeof path, "%s/config/staff.yaml", src());
	struct run r = RUN("staff", "check", path);
	cr_expect_eq(r.status, 0, "stderr: %s", r.err);
	struct staff s = {0};
	struct config_errors e = {0};
	cr_assert_eq(staff_load_file(path, &s, &e), CW_OK);
	size_t n[ROLE_COUNT] = {0};
	for (size_t i = 0; i < s.n; i++)
		n[s.members[i].role]++;
#define PL(k) n[k], n[k] == 1 ? "" : "s"
	snprintf(want, sizeof want, "%s: ok\n%zu people: %zu social worker%s, %zu team manager%s, "
		 "%zu panel member%s, %zu finance officer%s, %zu admin%s\n", path, s.n,
		 PL(ROLE_SOCIAL_WORKER), PL(ROLE_TEAM_MANAGER), PL(ROLE_PANEL_MEMBER),
		 PL(ROLE_FINANCE_OFFICER), PL(ROLE_ADMIN));
#undef PL
	cr_expect_gt(s.n, 1);
	cr_expect_str_eq(r.out, want);
	cr_expect_str_empty(r.err);
	staff_free_members(&s);
	config_errors_free(&e);
	run_free(&r);
}

Test(cli_staff, check_broken, .init = setup_home, .fini = teardown_home)
{
	const char *file = tpath("staff.yaml");
	write_file(file, "contact: \"IT\"\nteams: [North]\nstaff:\n"
			 "  - {login: asmith, name: A, team: Nort, role: social_worker}\n"
			 "  - {login: bjones, name: B, team: North, role: socail_worker}\n");
	struct run r = RUN("staff", "check", file);
	char want[1400];
	snprintf(want, sizeof want,
		 "%s:4:36: staff[1].team 'Nort' is not in teams; did you mean 'North'?\n"
		 "%s:5:49: staff[2].role 'socail_worker' is not a role; did you mean "
		 "'social_worker'?\n", file, file);
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, want);
	cr_expect_str_empty(r.out);
	run_free(&r);

	/* The same file in use: casework will not start, with the same lines. */
	char pol[1024];
	snprintf(pol, sizeof pol, "%s/config/policy.yaml", src());
	struct run t = RUN("--policy", pol, "--staff", file, "--db", tpath("x.db"));
	cr_expect_eq(t.status, 1);
	cr_expect(strncmp(t.err, want, strlen(want)) == 0, "stderr: %s", t.err);
	cr_expect_not_null(strstr(t.err, "casework: will not start with an invalid staff file; fix "
				     "the errors above (casework staff check FILE checks a staff file)\n"));
	cr_expect_eq(access(tpath("x.db"), F_OK), -1, "no database made");
	run_free(&t);
}

/* ---- import ---- */

/* A staff file naming this login with `role` in `team`, and a worker. */
static const char *write_staff_in(const char *role, const char *team)
{
	char text[700];
	snprintf(text, sizeof text, "contact: \"the Systems Team\"\nteams: [\"%s\"]\nstaff:\n"
		 "  - {login: \"%s\", name: Me, team: \"%s\", role: %s}\n"
		 "  - {login: asmith, name: \"Alice Smith\", team: \"%s\", role: social_worker}\n",
		 team, my_login(), team, role, team);
	const char *path = tpath("staff-mine.yaml");
	write_file(path, text);
	return path;
}

static const char *write_staff(const char *role)
{
	return write_staff_in(role, "North");
}

static const char *shipped_policy(void)
{
	static char pol[1024];
	snprintf(pol, sizeof pol, "%s/config/policy.yaml", src());
	return pol;
}

Test(cli_import, good_file, .init = setup_home, .fini = teardown_home)
{
	const char *staff = write_staff("team_manager"), *db = tpath("live.db");
	const char *csv = tpath("cases.csv");
	write_file(csv, "name,date_of_birth,address,client_group,worker,stage,legacy_ref\n"
			"Margaret Okafor,1941-03-02,\"12 Mill Lane, Ashford\",adult,asmith,assessment,LL-1\n"
			"\"O'Neill, Sean\",1969-11-30,3 Station Road,carer,asmith,,\n");
	struct run r = RUN("import", csv, "--db", db, "--staff", staff, "--policy", shipped_policy());
	char want[1200];
	snprintf(want, sizeof want, "casework: imported 2 cases from %s into %s\n", csv, db);
	cr_expect_eq(r.status, 0, "stderr: %s", r.err);
	cr_expect_str_eq(r.out, want);
	run_free(&r);

	struct run e = RUN("export", "--format", "json", "--db", db, "--staff", staff, "--policy",
			   shipped_policy());
	cr_assert_eq(e.status, 0, "stderr: %s", e.err);
	struct jv root;
	jp = e.out;
	cr_assert(jparse(&root));
	cr_assert_eq(root.n, 2);
	cr_expect_str_eq(jget(&root.items[0], "person.name")->s, "Margaret Okafor");
	cr_expect_str_eq(jget(&root.items[0], "person.date_of_birth")->s, "1941-03-02");
	cr_expect_str_eq(jget(&root.items[0], "stage")->s, "assessment");
	cr_expect_str_eq(jget(&root.items[1], "person.name")->s, "O'Neill, Sean");
	cr_expect_str_eq(jget(&root.items[1], "stage")->s, "decision");
	cr_expect_str_eq(jget(&root.items[1], "budget.indicative_weekly")->s, "0.00");
	cr_expect_eq(jget(&root.items[1], "plan.agreed_on")->t, J_NULL);
	jfree(&root);
	run_free(&e);
}

/* The panel and finance serve every team, one case at a time: no one's
 * job needs the whole council's cases in one file. */
Test(cli_access, panel_and_finance_export_one_case_at_a_time, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("live.db");
	const char *manager = write_staff("team_manager");
	const char *csv = tpath("cases.csv");
	write_file(csv, "name,date_of_birth,address,worker,stage\nA Person,1950-01-01,1 Road,asmith,assessment\n");
	struct run r = RUN("import", csv, "--db", db, "--staff", manager, "--policy", shipped_policy());
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	const char *roles[] = {"panel_member", "finance_officer"};
	for (int i = 0; i < 2; i++) {
		const char *staff = write_staff(roles[i]);
		struct run all = RUN("export", "--format", "csv", "--db", db, "--staff", staff, "--policy",
				     shipped_policy());
		cr_expect_eq(all.status, 1, "%s", roles[i]);
		cr_expect_str_eq(all.err, "casework: export: Panel members and finance officers export one case at a time "
					  "(--case C-000123); a team's cases are exported by its social workers and team "
					  "managers\n");
		cr_expect_str_empty(all.out);
		run_free(&all);
		struct run one = RUN("export", "--format", "csv", "--case", "C-000001", "--db", db, "--staff", staff,
				     "--policy", shipped_policy());
		if (i == 0) { /* at assessment: not the panel's (yet) */
			cr_expect_eq(one.status, 1);
			cr_expect_str_eq(one.err, "casework: export: C-000001 has not come to the panel (it is at "
						  "Assessment); a panel member opens the cases the panel hears\n");
		} else {
			cr_expect_eq(one.status, 0, "%s: %s", roles[i], one.err);
			cr_expect_not_null(strstr(one.out, "A Person"), "%s", one.out);
		}
		run_free(&one);
	}
}

Test(cli_import, bad_rows_import_nothing, .init = setup_home, .fini = teardown_home)
{
	const char *staff = write_staff("team_manager"), *db = tpath("live.db");
	const char *csv = tpath("cases.csv");
	write_file(csv, "name,date_of_birth,address,worker\n"
			"Good Person,1950-01-01,1 Road,asmith\n"
			"Bad Date,1985-02-30,2 Road,asmith\n"
			"Who Knows,1950-01-01,3 Road,jnobody\n");
	struct run r = RUN("import", csv, "--db", db, "--staff", staff, "--policy", shipped_policy());
	cr_expect_eq(r.status, 1);
	cr_expect_str_empty(r.out);
	char l3[700], l4[700], last[700];
	snprintf(l3, sizeof l3, "%s:3: date_of_birth", csv);
	snprintf(l4, sizeof l4, "%s:4: worker", csv);
	snprintf(last, sizeof last, "casework: %s: 2 problems found; nothing was imported\n", csv);
	cr_expect_not_null(strstr(r.err, l3), "stderr: %s", r.err);
	cr_expect_not_null(strstr(r.err, l4), "stderr: %s", r.err);
	cr_expect_not_null(strstr(r.err, "jnobody"), "stderr: %s", r.err);
	size_t el = strlen(r.err), ll = strlen(last);
	cr_expect(el >= ll && strcmp(r.err + el - ll, last) == 0, "stderr ends: %s", r.err);
	cr_expect_eq(count_lines(r.err), 3);
	run_free(&r);

	/* Nothing half-imported: the database holds no case. */
	struct run e = RUN("export", "--format", "json", "--db", db, "--staff", staff, "--policy",
			   shipped_policy());
	cr_expect_eq(e.status, 0, "stderr: %s", e.err);
	jp = e.out;
	struct jv root;
	cr_assert(jparse(&root));
	cr_expect_eq(root.t, J_ARR);
	cr_expect_eq(root.n, 0);
	jfree(&root);
	run_free(&e);
}

Test(cli_import, refusals, .init = setup_home, .fini = teardown_home)
{
	const char *csv = tpath("cases.csv");
	write_file(csv, "name,date_of_birth,address,worker\nA,1950-01-01,1 Road,asmith\n");
	struct run m = RUN("import", tpath("missing.csv"), "--db", tpath("x.db"));
	char want[800];
	snprintf(want, sizeof want, "casework: cannot read %s: No such file or directory\n",
		 tpath("missing.csv"));
	cr_expect_eq(m.status, 1);
	cr_expect_str_eq(m.err, want);
	cr_expect_eq(access(tpath("x.db"), F_OK), -1, "no database made");
	run_free(&m);

	/* A social worker may not bulk-create cases. */
	const char *staff = write_staff("social_worker");
	struct run w = RUN("import", csv, "--db", tpath("x.db"), "--staff", staff, "--policy",
			   shipped_policy());
	cr_expect_eq(w.status, 1);
	cr_expect_str_eq(w.err, "casework: import: Only a team manager can allocate a case.\n");
	cr_expect_eq(access(tpath("x.db"), F_OK), -1, "refused before the database is made");
	run_free(&w);
}

/* ---- training ---- */

static char *training_db(void)
{
	char *p = malloc(700);
	snprintf(p, 700, "%s/home/state/casework/training-%s.db", tmpdir, my_login());
	return p;
}

Test(cli_training, sandbox_never_touches_the_live_db, .init = setup_home, .fini = teardown_home)
{
	char live[700];
	snprintf(live, sizeof live, "CASEWORK_DB=%s", tpath("live.db"));
	run_env[0] = live;
	struct run r = RUN("--training", "--policy", shipped_policy());
	run_env[0] = NULL;
	char *db = training_db();
	cr_expect_eq(access(tpath("live.db"), F_OK), -1, "the live database must not be made");
	cr_assert_eq(access(db, F_OK), 0, "the sandbox is made: stderr %s", r.err);
	run_free(&r);

	/* The sandbox holds the scenario, with figures worked out. */
	const char *staff = write_staff_in("team_manager", "Training team");
	struct run e = RUN("export", "--format", "json", "--db", db, "--staff", staff, "--policy",
			   shipped_policy());
	cr_assert_eq(e.status, 0, "stderr: %s", e.err);
	struct jv root;
	jp = e.out;
	cr_assert(jparse(&root));
	cr_assert_eq(root.n, 11);
	bool at[6] = {0};
	static const char *const names[] = {"decision", "assessment", "panel", "planning",
					    "review", "closed"};
	for (size_t i = 0; i < root.n; i++) {
		check_case(&root.items[i]);
		for (int k = 0; k < 5; k++)
			at[k] |= strcmp(jget(&root.items[i], "stage")->s, names[k]) == 0;
	}
	for (int k = 0; k < 5; k++)
		cr_expect(at[k], "no practice case at %s", names[k]);
	/* Meera Patel (the third case): 44 points at 4.20 = 184.80 a week. */
	const struct jv *c3 = &root.items[2];
	cr_expect_str_eq(jget(c3, "person.name")->s, "Meera Patel");
	cr_expect_str_eq(jget(c3, "assessment.points")->s, "44");
	cr_expect_str_eq(jget(c3, "budget.indicative_weekly")->s, "184.80");
	/* Chloe Turner waits at panel: 980.00 is over the 700.00 threshold. */
	const struct jv *c5 = &root.items[4];
	cr_expect_str_eq(jget(c5, "stage")->s, "panel");
	cr_expect_eq(jget(c5, "panel.required")->t, J_BOOL);
	cr_expect(jget(c5, "panel.required")->b);
	cr_expect_geq(jget(c5, "panel.reasons")->n, 1);
	/* The overdue review: due 35 days before 2026-11-01. */
	const struct jv *c9 = &root.items[8];
	cr_expect_str_eq(jget(c9, "review.next_due")->s, "2026-09-27");
	jfree(&root);
	run_free(&e);

	/* A second start makes the sandbox afresh (not 22 cases). */
	struct run again = RUN("--training", "--policy", shipped_policy());
	run_free(&again);
	struct run e2 = RUN("export", "--format", "csv", "--db", db, "--staff", staff, "--policy",
			    shipped_policy());
	size_t rows = 0;
	for (const char *p = e2.out; (p = strstr(p, "\r\nC-")); p += 2)
		rows++;
	cr_expect_eq(rows, 11);
	run_free(&e2);
	free(db);
}

Test(cli_training, db_flag_refused_and_bad_scenario, .init = setup_home, .fini = teardown_home)
{
	const char *sc = tpath("scenario.yaml");
	write_file(sc, "scenario: {name: Mine}\ncases:\n"
		       "  - key: one\n    title: One\n    role: panel_membr\n    brief: Do it.\n"
		       "    stage: decision\n    person: {name: P, date_of_birth: 1950-01-01, "
		       "address: A, colour: red}\n");
	struct run r = RUN("--training", "--scenario", sc, "--policy", shipped_policy());
	char want[1600];
	snprintf(want, sizeof want,
		 "%s:5:11: cases[1].role 'panel_membr' is not allowed; did you mean "
		 "'panel_member'?\n"
		 "%s:8:62: unknown key 'colour' in cases[1].person; expected one of: name, "
		 "date_of_birth, address, household, client_group\n"
		 "casework: will not start training with an invalid scenario; fix the errors above "
		 "(docs/training.md describes the format)\n", sc, sc);
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, want);
	char *db = training_db();
	cr_expect_eq(access(db, F_OK), -1, "no sandbox made");
	free(db);
	run_free(&r);
}

/* ---- audit verify after tampering ---- */

static void cli_sql(const char *db, const char *stmt)
{
	sqlite3 *h = NULL;
	cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(h, stmt, NULL, NULL, &msg);
	cr_assert_eq(rc, SQLITE_OK, "%s: %s", stmt, msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(h);
}

Test(cli_audit, verify_names_the_tampered_row, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("demo.db");
	struct run d = RUN("demo", "--cases", "5", "--db", db);
	cr_assert_eq(d.status, 0, "stderr: %s", d.err);
	run_free(&d);
	struct run ok = RUN("audit", "verify", "--db", db);
	char want[900];
	snprintf(want, sizeof want, "%s: audit trail intact, 5 rows checked\nhead: 5:", db);
	cr_expect_eq(ok.status, 0, "stderr: %s", ok.err);
	cr_expect_eq(strncmp(ok.out, want, strlen(want)), 0, "%s", ok.out);
	cr_expect_eq(strlen(ok.out), strlen(want) + 64 + 1, "%s", ok.out);
	run_free(&ok);

	/* Whoever tampers must first drop the append-only guard. */
	cli_sql(db, "DROP TRIGGER audit_append_only_update; UPDATE audit SET who = 'mallory' WHERE id = 3");
	struct run bad = RUN("audit", "verify", "--db", db);
	snprintf(want, sizeof want, "casework: %s: the audit trail is broken at row 3: its contents do "
		 "not match its hash (changed or removed after it was written)\n", db);
	cr_expect_eq(bad.status, 1);
	cr_expect_str_empty(bad.out);
	cr_expect_str_eq(bad.err, want);
	run_free(&bad);

	/* Put it back and remove a row instead: the next row is named. */
	cli_sql(db, "DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete; "
		    "UPDATE audit SET who = (SELECT who FROM audit WHERE id = 2) WHERE id = 3; "
		    "DELETE FROM audit WHERE id = 4");
	struct run gone = RUN("audit", "verify", "--db", db);
	snprintf(want, sizeof want, "casework: %s: the audit trail is broken at row 5: row 4 before "
		 "it is missing\n", db);
	cr_expect_eq(gone.status, 1);
	cr_expect_str_eq(gone.err, want);
	run_free(&gone);
}

/* The chain cannot show rows cut off its end; the head line noted at
 * one check shows it at the next (--head), and a rewrite up to it. */
Test(cli_audit, head_noted_before_shows_rows_cut_off_the_end, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("demo.db");
	struct run d = RUN("demo", "--cases", "5", "--db", db);
	cr_assert_eq(d.status, 0, "stderr: %s", d.err);
	run_free(&d);
	struct run first = RUN("audit", "verify", "--db", db);
	cr_assert_eq(first.status, 0, "stderr: %s", first.err);
	char *h = strstr(first.out, "\nhead: ");
	cr_assert_not_null(h, "%s", first.out);
	char head[100];
	snprintf(head, sizeof head, "%.*s", (int)strcspn(h + 7, "\n"), h + 7);
	run_free(&first);
	cr_assert_eq(strlen(head), 2 + 64, "%s", head);

	struct run same = RUN("audit", "verify", "--db", db, "--head", head);
	char want[900];
	snprintf(want, sizeof want, "%s: audit trail intact, 5 rows checked; the head noted before is there, "
		 "unchanged\nhead: %s\n", db, head);
	cr_expect_eq(same.status, 0, "stderr: %s", same.err);
	cr_expect_str_eq(same.out, want);
	run_free(&same);

	/* the last two rows cut off: the chain left is whole, the head is not there */
	cli_sql(db, "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE id > 3");
	struct run plain = RUN("audit", "verify", "--db", db);
	cr_expect_eq(plain.status, 0, "the chain alone cannot tell: %s", plain.err);
	run_free(&plain);
	struct run cut = RUN("audit", "verify", "--db", db, "--head", head);
	snprintf(want, sizeof want, "casework: %s: the audit trail has lost its end: row 5, the head noted "
		 "before, is not there (3 rows left); rows were removed\n", db);
	cr_expect_eq(cut.status, 1);
	cr_expect_str_empty(cut.out);
	cr_expect_str_eq(cut.err, want);
	run_free(&cut);

	/* a head from another trail (or a rewritten one): same row, other hash */
	char other[100];
	snprintf(other, sizeof other, "2:%064d", 0);
	struct run rewritten = RUN("audit", "verify", "--db", db, "--head", other);
	snprintf(want, sizeof want, "casework: %s: the audit trail was rewritten: row 2 no longer has the "
		 "hash noted before, so the rows up to it are not the ones that were checked\n", db);
	cr_expect_eq(rewritten.status, 1);
	cr_expect_str_eq(rewritten.err, want);
	run_free(&rewritten);

	struct run junk = RUN("audit", "verify", "--db", db, "--head", "5:abc");
	cr_expect_eq(junk.status, 2);
	cr_expect(strstr(junk.err, "--head: '5:abc' is not a head line") != NULL, "%s", junk.err);
	run_free(&junk);
}

/* Who may check the audit trail: team managers and admins. */
Test(cli_audit, verify_refused_for_a_worker, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("x.db");
	const char *staff = write_staff("social_worker");
	struct run r = RUN("audit", "verify", "--db", db, "--staff", staff, "--policy",
			   shipped_policy());
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "casework: audit verify: Only a team manager or an admin can check "
				"the audit trail.\n");
	run_free(&r);
}

/* A training session walked through the real interface: the banner on
 * every screen, the brief as the case's first note, switching role to
 * see the panel's side. */
Test(cli_training, walk_through_the_interface, .init = setup_home, .fini = teardown_home)
{
	char keys[300], dump[700];
	snprintf(keys, sizeof keys, "CASEWORK_KEYS=<Dump> <Enter> n <Dump> <Esc> <Esc> R <Dump> "
		 "R <Dump> q");
	snprintf(dump, sizeof dump, "CASEWORK_DUMP=%s", tpath("screens.txt"));
	const char *env[] = {keys, dump, "CASEWORK_SCREEN_OUT=/dev/null", "TERM=xterm", "LINES=24",
			     "COLUMNS=80", NULL};
	memcpy(run_env, env, sizeof env);
	struct run r = RUN("--training", "--policy", shipped_policy());
	run_env[0] = NULL;
	cr_expect_eq(r.status, 0, "stderr: %s", r.err);
	char *s = slurp(tpath("screens.txt"));
	/* Four screens of 24 lines, each with the banner on its first line. */
	cr_assert_eq(count_lines(s), 4 * 24, "screens:\n%s", s);
	const char *line = s;
	for (int i = 0; i < 4 * 24; i++) {
		if (i % 24 == 0)
			cr_expect(strstr(line, "TRAINING") && strstr(line, "TRAINING") < strchr(line, '\n'),
				  "screen %d has no banner: %.80s", i / 24 + 1, line);
		line = strchr(line, '\n') + 1;
	}
	cr_expect_not_null(strstr(s, "My caseload: 11 cases"), "%s", s);
	cr_expect_not_null(strstr(s, "Training brief - for the social worker: "), "%s", s);
	cr_expect_not_null(strstr(s, "Training: you now act as a Team manager."), "%s", s);
	cr_expect_not_null(strstr(s, "Panel queue: 1 case"), "%s", s);
	cr_expect_not_null(strstr(s, "Chloe Turner"), "%s", s);
	free(s);
	run_free(&r);
}

/* The first start of the interface with nothing configured: the
 * personal setup and a small demo caseload, said on the first screen
 * at the size people have (80x24), and the demo team's cases shown. */
Test(cli_setup, first_run_interface, .init = setup_home, .fini = teardown_home)
{
	char dump[700];
	snprintf(dump, sizeof dump, "CASEWORK_DUMP=%s", tpath("screen.txt"));
	const char *env[] = {"CASEWORK_KEYS=<Dump> t <Dump> q", dump, "CASEWORK_SCREEN_OUT=/dev/null",
			     "TERM=xterm", "LINES=24", "COLUMNS=80", NULL};
	memcpy(run_env, env, sizeof env);
	struct run r = RUN(NULL);
	run_env[0] = NULL;
	cr_expect_eq(r.status, 0, "stderr: %s", r.err);
	char *s = slurp(tpath("screen.txt"));
	cr_assert_eq(count_lines(s), 2 * 24, "screens:\n%s", s);
	/* The notice fills the message rows above the footer (rows 21-23)
	 * and is there whole: HOME is written as ~. */
	char rows[3 * 81 + 1] = "";
	const char *line = s;
	for (int i = 0; i < 23; i++) {
		const char *nl = strchr(line, '\n');
		if (i >= 20 && nl) {
			size_t len = (size_t)(nl - line);
			while (len && line[len - 1] == ' ')
				len--;
			if (rows[0])
				strcat(rows, " ");
			strncat(rows, line, len);
		}
		line = nl + 1;
	}
	char want[900];
	snprintf(want, sizeof want, "First start: casework set you (%s) up as team manager of the Demo team: "
		 "policy.yaml and staff.yaml in ~/cfg/casework, 40 demo cases in ~/data/casework/casework.db.",
		 my_login());
	cr_expect_str_eq(rows, want, "screen:\n%s", s);
	/* The first screen is the manager's team view: the demo team's open
	 * cases (a manager holds none of their own; t shows that). */
	cr_assert(strncmp(strchr(s, '\n') + 1, "Team caseload: ", 15) == 0, "screen:\n%s", s);
	long open = strtol(strchr(s, '\n') + 16, NULL, 10);
	cr_expect(open >= 30 && open <= 40, "%ld open cases of 40", open);
	const char *second = s;
	for (int i = 0; i < 24; i++)
		second = strchr(second, '\n') + 1;
	cr_expect(strncmp(strchr(second, '\n') + 1, "My caseload: 0 cases", 20) == 0, "screen:\n%s", s);
	cr_expect_eq(access(tpath("home/data/casework/casework.db"), F_OK), 0);
	free(s);
	run_free(&r);

	/* The caseload is there for the next commands. */
	struct run e = RUN("export", "--format", "csv");
	size_t nrows = 0;
	for (const char *p = e.out; (p = strstr(p, "\r\nC-")); p += 2)
		nrows++;
	cr_expect_eq(nrows, 40, "stderr: %s", e.err);
	run_free(&e);
}

Test(cli_training, refuses_an_invalid_policy, .init = setup_home, .fini = teardown_home)
{
	const char *pol = tpath("bad.yaml");
	write_file(pol, "council: {name: x}\n");
	struct run r = RUN("--training", "--policy", pol);
	cr_expect_eq(r.status, 1);
	char prefix[700];
	snprintf(prefix, sizeof prefix, "%s:1:1: ", pol);
	cr_expect(strncmp(r.err, prefix, strlen(prefix)) == 0, "stderr: %s", r.err);
	cr_expect_not_null(strstr(r.err, "casework: will not start training with an invalid policy; "
				       "fix the errors above\n"));
	char *db = training_db();
	cr_expect_eq(access(db, F_OK), -1, "no sandbox made");
	free(db);
	run_free(&r);
}

/* A second training session for the same login does not reset the
 * sandbox under the first. */
Test(cli_training, one_session_per_login, .init = setup_home, .fini = teardown_home)
{
	char *db = training_db(), lock[720];
	snprintf(lock, sizeof lock, "%s.lock", db);
	char dir[700];
	snprintf(dir, sizeof dir, "%s/home/state/casework", tmpdir);
	cr_assert(mkdir(tpath("home"), 0700) == 0 || errno == EEXIST);
	cr_assert(mkdir(tpath("home/state"), 0700) == 0 || errno == EEXIST);
	cr_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	int fd = open(lock, O_RDWR | O_CREAT, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
	struct run r = RUN("--training", "--policy", shipped_policy());
	char want[300];
	snprintf(want, sizeof want, "casework: a training session for %s is already open (in another "
		 "terminal?); close it first\n", my_login());
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, want);
	cr_expect_eq(access(db, F_OK), -1, "no sandbox made");
	close(fd);
	run_free(&r);
	free(db);
}

Test(cli_training, scenario_check, .init = setup_home, .fini = teardown_home)
{
	char path[1024], want[1400];
	snprintf(path, sizeof path, "%s/config/training.yaml", src());
	struct run r = RUN("scenario", "check", path, "--policy", shipped_policy());
	snprintf(want, sizeof want, "%s: ok\n11 practice cases under Example Borough Council: 6 for "
		 "the social worker, 2 for the team manager, 1 for the panel member, 2 for the finance "
		 "officer\n", path);
	cr_expect_eq(r.status, 0, "stderr: %s", r.err);
	cr_expect_str_eq(r.out, want);
	cr_expect_str_empty(r.err);
	run_free(&r);

	const char *bad = tpath("s.yaml");
	write_file(bad, "scenario: {name: S}\ncases: []\n");
	struct run b = RUN("scenario", "check", bad, "--policy", shipped_policy());
	snprintf(want, sizeof want, "%s:2:8: cases is an empty list; expected at least one practice "
		 "case\n", bad);
	cr_expect_eq(b.status, 1);
	cr_expect_str_eq(b.err, want);
	cr_expect_str_empty(b.out);
	run_free(&b);
}

/* The personal budget statement, golden: Meera Patel of the training
 * scenario (44 points x 4.20; capital below the lower limit; income
 * 248.50 less the 132.00 guarantee and 20.00 disregard). */
Test(cli_document, budget_statement_golden, .init = setup_home, .fini = teardown_home)
{
	struct run t = RUN("--training", "--policy", shipped_policy());
	run_free(&t);
	char *db = training_db();
	const char *staff = write_staff_in("team_manager", "Training team");
	struct run r = RUN("document", "C-000003", "budget", "--db", db, "--staff", staff, "--policy",
			   shipped_policy());
	cr_expect_eq(r.status, 0, "stderr: %s", r.err);
	cr_expect_str_eq(r.out,
		"Your personal budget statement\n"
		"==============================\n"
		"\n"
		"Example Borough Council\n"
		"\n"
		"Name                         Meera Patel\n"
		"Date of birth                1944-12-03\n"
		"Case reference               C-000003\n"
		"\n"
		"The Care Act 2014 (section 26) says the council must tell you what it costs to\n"
		"meet your eligible needs, how much of that you pay, and how much the council\n"
		"pays. This is that statement.\n"
		"\n"
		"Each week\n"
		"---------\n"
		"\n"
		"Cost of meeting your needs   \xc2\xa3" "184.80\n"
		"You pay                      \xc2\xa3" "96.50\n"
		"The council pays             \xc2\xa3" "88.30\n"
		"\n"
		"Each year (52 weeks)\n"
		"--------------------\n"
		"\n"
		"Cost of meeting your needs   \xc2\xa3" "9,609.60\n"
		"You pay                      \xc2\xa3" "5,018.00\n"
		"The council pays             \xc2\xa3" "4,591.60\n"
		"\n"
		"How it was worked out\n"
		"---------------------\n"
		"\n"
		"Your assessment gave 44 points, which the council's resource allocation system\n"
		"turns into an indicative budget of \xc2\xa3" "184.80 a week.\n"
		"\n"
		"What you pay comes from your financial assessment, under the council's\n"
		"charging policy.\n"
		"\n"
		"If you think any of this is wrong, tell your social worker: you can ask for it\n"
		"to be looked at again.\n");
	run_free(&r);

	/* An admin looks after the system and opens no case. */
	const char *adm = write_staff_in("admin", "Training team");
	struct run a = RUN("document", "3", "plan", "--db", db, "--staff", adm, "--policy",
			   shipped_policy());
	cr_expect_eq(a.status, 1);
	cr_expect_str_eq(a.err, "casework: document: Only a social worker, a team manager, a panel "
				"member or a finance officer can open a case.\n");
	run_free(&a);
	free(db);
}

/* ---- documents and exports are on the record ---- */

static char *sql_text(const char *db, const char *q)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	static char out[2048];
	out[0] = '\0';
	cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(h, q, -1, &st, NULL), SQLITE_OK, "%s", q);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t n = strlen(out);
		snprintf(out + n, sizeof out - n, "%s\n", (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

Test(cli_document, markdown_and_recorded, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("demo.db");
	struct run d = RUN("demo", "--cases", "40", "--db", db);
	cr_assert_eq(d.status, 0, "stderr: %s", d.err);
	run_free(&d);
	struct run e = RUN("export", "--format", "csv", "--db", db);
	cr_assert_eq(e.status, 0, "stderr: %s", e.err);
	const char *row = strstr(e.out, ",review,");
	cr_assert_not_null(row);
	while (row > e.out && row[-1] != '\n')
		row--;
	char ref[16], early[16];
	snprintf(ref, sizeof ref, "%.8s", row);
	row = strstr(e.out, ",decision,");
	cr_assert_not_null(row);
	while (row > e.out && row[-1] != '\n')
		row--;
	snprintf(early, sizeof early, "%.8s", row);
	run_free(&e);

	struct run m = RUN("document", ref, "plan", "--markdown", "--db", db);
	cr_expect_eq(m.status, 0, "stderr: %s", m.err);
	cr_expect(strncmp(m.out, "# Your support plan\n\n", 21) == 0, "%s", m.out);
	cr_expect_not_null(strstr(m.out, "- **Case reference:** "), "%s", m.out);
	run_free(&m);
	struct run b = RUN("document", ref, "budget", "--db", db);
	cr_expect_eq(b.status, 0, "stderr: %s", b.err);
	run_free(&b);
	/* a document that cannot be made is not recorded as printed */
	struct run none = RUN("document", early, "plan", "--db", db);
	cr_expect_eq(none.status, 1);
	run_free(&none);
	/* nor is an export refused: there is no such case */
	struct run gone = RUN("export", "--format", "json", "--case", "C-099999", "--db", db);
	cr_expect_eq(gone.status, 1);
	cr_expect_str_eq(gone.err, "casework: export: there is no case C-099999\n");
	cr_expect_str_eq(gone.out, "");
	run_free(&gone);

	char q[300];
	snprintf(q, sizeof q, "SELECT action || ' ' || case_id || ' ' || new_value FROM audit "
		 "WHERE action LIKE 'printed%%' OR action = 'exported' ORDER BY id");
	char want[300];
	snprintf(want, sizeof want, "exported 0 csv, Demo team\nprinted support plan %ld markdown\n"
		 "printed budget statement %ld text\n", strtol(ref + 2, NULL, 10), strtol(ref + 2, NULL, 10));
	cr_expect_str_eq(sql_text(db, q), want);
	struct run v = RUN("audit", "verify", "--db", db);
	cr_expect_eq(v.status, 0, "%s", v.err);
	run_free(&v);

	struct run twice = RUN("document", ref, "plan", "--markdown", "--markdown");
	cr_expect_eq(twice.status, 2);
	cr_expect_str_eq(twice.err, "casework: --markdown given twice; give it once\n"
				    "Try 'casework --help' for more information.\n");
	run_free(&twice);
	struct run wrong = RUN("export", "--format", "json", "--markdown");
	cr_expect_eq(wrong.status, 2);
	cr_expect_str_eq(wrong.err, "casework: --markdown is only used with 'document'\n"
				    "Try 'casework --help' for more information.\n");
	run_free(&wrong);
}

/* An admin looks after the system and sees no case: the screens are
 * refused before the database is opened (or made). */
Test(cli_access, admin_sees_no_cases, .init = setup_home, .fini = teardown_home)
{
	const char *db = tpath("none.db");
	const char *staff = write_staff("admin");
	struct run r = RUN("--db", db, "--staff", staff, "--policy", shipped_policy());
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "casework: the case screens: Only a social worker, a team manager, a panel member "
				"or a finance officer can open a case.\n");
	cr_expect_not(access(db, F_OK) == 0, "no database was made");
	run_free(&r);
	struct run e = RUN("export", "--format", "json", "--db", db, "--staff", staff, "--policy", shipped_policy());
	cr_expect_eq(e.status, 1);
	run_free(&e);
	struct run d = RUN("demo", "--cases", "3", "--db", db, "--staff", staff, "--policy", shipped_policy());
	cr_expect_eq(d.status, 1);
	cr_expect_str_eq(d.err, "casework: demo: Only a social worker or a team manager can open a new case.\n");
	cr_expect_not(access(db, F_OK) == 0, "no database was made");
	run_free(&d);
}

/* A shared database (not the user's own) takes its staff and policy
 * files only from the council (/etc/casework/, or the database's owner
 * where that is a service account): nobody names themselves manager
 * with --staff, runs under another policy root happens to own (an
 * installed example), or gets a personal setup on it. Needs root, to
 * run as other users ('daemon' stands for the council's service
 * account, which owns the database and its files). */
Test(cli_access, shared_database_trusts_only_the_councils_files, .init = setup_home, .fini = teardown_home)
{
	struct passwd *pw = getpwnam("nobody");
	if (geteuid() != 0 || !pw)
		cr_skip_test("needs root (to run as another user) and 'nobody' and 'daemon' users");
	uid_t nobody = pw->pw_uid; /* before the next getpwnam, which reuses *pw */
	gid_t nogroup = pw->pw_gid;
	struct passwd *svc = getpwnam("daemon");
	if (!svc)
		cr_skip_test("needs a 'daemon' user (the council's service account here)");
	uid_t svc_uid = svc->pw_uid;
	gid_t svc_gid = svc->pw_gid;
	char text[900];

	cr_assert_eq(chmod(tmpdir, 0711), 0);
	const char *shared = tpath("shared");
	cr_assert_eq(mkdir(shared, 0777), 0);
	cr_assert_eq(chmod(shared, 0777), 0);
	/* the council's files, root's */
	const char *policy = tpath("policy.yaml");
	char *pol = slurp(shipped_policy());
	write_file(policy, pol);
	free(pol);
	const char *staff = tpath("staff.yaml");
	snprintf(text, sizeof text, "contact: \"the Systems Team\"\nteams: [North]\nstaff:\n"
		 "  - {login: \"%s\", name: Root, team: North, role: team_manager}\n"
		 "  - {login: nobody, name: \"No Body\", team: North, role: social_worker}\n", my_login());
	write_file(staff, text);
	chmod(policy, 0644);
	chmod(staff, 0644);
	char db[600];
	snprintf(db, sizeof db, "%s/casework.db", shared);
	struct run d = RUN("demo", "--cases", "4", "--db", db, "--staff", staff, "--policy", policy);
	cr_assert_eq(d.status, 0, "%s", d.err);
	run_free(&d);
	cr_assert_eq(chmod(db, 0666), 0);
	cr_assert_eq(chown(db, svc_uid, svc_gid), 0);
	cr_assert_eq(chown(policy, svc_uid, svc_gid), 0);
	cr_assert_eq(chown(staff, svc_uid, svc_gid), 0);
	/* another council's policy, root's, as `make install` leaves the examples */
	const char *other = tpath("banded-council.yaml");
	pol = slurp(shipped_policy());
	write_file(other, pol);
	free(pol);
	chmod(other, 0644);

	run_uid = nobody;
	run_gid = nogroup;
	struct run ok = RUN("export", "--format", "csv", "--db", db, "--staff", staff, "--policy", policy);
	cr_expect_eq(ok.status, 0, "the council's own files: %s", ok.err);
	cr_expect_not_null(strstr(ok.out, "nobody,North"), "%s", ok.out);
	run_free(&ok);

	/* their own staff file, making themselves team manager */
	char mine[600];
	snprintf(mine, sizeof mine, "%s/mine.yaml", shared);
	write_file(mine, "contact: me\nteams: [North]\nstaff:\n  - {login: nobody, name: Me, team: North, role: "
			 "team_manager}\n");
	cr_assert_eq(chown(mine, nobody, nogroup), 0);
	struct run bad = RUN("export", "--format", "csv", "--db", db, "--staff", mine, "--policy", policy);
	char want[4000];
	snprintf(want, sizeof want, "casework: %s is a shared case database, so its staff file must be one only its "
		 "owner can change; %s belongs to you; use the council's staff file (/etc/casework/staff.yaml: "
		 "leave out --staff and CASEWORK_STAFF)\n", db, mine);
	cr_expect_eq(bad.status, 1);
	cr_expect_str_eq(bad.err, want);
	cr_expect_str_empty(bad.out);
	run_free(&bad);

	/* root's, but not the council's */
	struct run rooted = RUN("export", "--format", "csv", "--db", db, "--staff", staff, "--policy", other);
	snprintf(want, sizeof want, "casework: %s is a shared case database, so its policy file must be one only its "
		 "owner can change; %s is not the council's (it is root's, but not in /etc/casework/); use the "
		 "council's policy file (/etc/casework/policy.yaml: leave out --policy and CASEWORK_POLICY)\n", db,
		 other);
	cr_expect_eq(rooted.status, 1);
	cr_expect_str_eq(rooted.err, want);
	cr_expect_str_empty(rooted.out);
	run_free(&rooted);

	/* a council file anyone may write is no better */
	chmod(policy, 0666);
	struct run loose = RUN("export", "--format", "csv", "--db", db, "--staff", staff, "--policy", policy);
	snprintf(want, sizeof want, "casework: %s is a shared case database, so its policy file must be one only its "
		 "owner can change; %s can be changed by others; use the council's policy file "
		 "(/etc/casework/policy.yaml: leave out --policy and CASEWORK_POLICY)\n", db, policy);
	cr_expect_eq(loose.status, 1);
	cr_expect_str_eq(loose.err, want);
	run_free(&loose);
	chmod(policy, 0644);

	/* nothing configured: no personal setup on someone else's database */
	if (access("/etc/casework/staff.yaml", F_OK) != 0 && access("/etc/casework/policy.yaml", F_OK) != 0) {
		struct run first = RUN("export", "--format", "csv", "--db", db);
		snprintf(want, sizeof want, "casework: %s is a shared case database, and there is no council staff "
			 "file for it (/etc/casework/staff.yaml); ask your IT team\n", db);
		cr_expect_eq(first.status, 1);
		cr_expect_str_eq(first.err, want);
		run_free(&first);
	}
	run_uid = 0;
}
