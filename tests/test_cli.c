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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	const char *usage = "Usage: casework [--db PATH] [--policy FILE] [--staff FILE]\n";
	cr_expect(strncmp(r.out, usage, strlen(usage)) == 0, "help starts with the usage: %s", r.out);
	cr_expect_not_null(strstr(r.out, "       casework policy check FILE\n"));
	cr_expect_not_null(strstr(r.out, "       casework export --format json|csv [--case ID] [--db PATH]\n"));
	cr_expect_not_null(strstr(r.out, "Exit status: 0 success, 1 failure"));
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
	 "casework: unknown option '--bogus'; the options are --db, --policy, --staff, --training, "
	 "--help, --version, and demo's --cases and --seed, export's --format and --case"},
	{{"--cass", "3"},
	 "casework: unknown option '--cass' (did you mean '--cases'?); the options are --db, "
	 "--policy, --staff, --training, --help, --version, and demo's --cases and --seed, "
	 "export's --format and --case"},
	{{"-x"},
	 "casework: unknown option '-x'; the options are --db, --policy, --staff, --training, "
	 "--help, --version, and demo's --cases and --seed, export's --format and --case"},
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
	 "check, demo, export, import, document, audit verify"},
	{{"policy"}, "casework: 'policy' needs 'check FILE'"},
	{{"policy", "lint", "x"}, "casework: policy: unknown action 'lint'; the only action is 'check FILE'"},
	{{"policy", "check"}, "casework: 'policy check' needs 'casework policy check FILE'"},
	{{"policy", "check", "a", "b"},
	 "casework: unexpected argument 'b' after ''policy check''; the form is 'casework policy "
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
	 "casework: unknown command 'unknown^[[2J'; the commands are policy check, demo, export, "
	 "import, document, audit verify"},
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

