/* test_tui_colour.c - monochrome is the baseline: the real program's
 * bytes to the terminal carry colour only when the terminal has it and
 * NO_COLOR is unset (or empty, as no-color.org has it), and overdue
 * work stands out without colour (a '!' mark and bold). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256], db[320], staff[320], policy[1100];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static void run(const char *const *argv, const char *term, const char *no_colour, const char *out,
                const char *dump)
{
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
		if (out) {
			setenv("CASEWORK_SCREEN_OUT", out, 1);
			setenv("CASEWORK_KEYS", "<Dump>", 1); /* the caseload, then the input ends */
			setenv("CASEWORK_DUMP", dump, 1);
		}
		setenv("TERM", term, 1);
		if (no_colour)
			setenv("NO_COLOR", no_colour, 1);
		else
			unsetenv("NO_COLOR");
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

static void setup(void)
{
	const char *bin = getenv("CASEWORK_BIN");
	const char *src = getenv("CASEWORK_SRC") ? getenv("CASEWORK_SRC") : ".";
	struct passwd *pw = getpwuid(geteuid());
	cr_assert_not_null(bin, "CASEWORK_BIN is not set (make test-unit sets it)");
	cr_assert_not_null(pw);
	snprintf(dir, sizeof dir, "%s/cw-colour-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/t.db", dir);
	snprintf(staff, sizeof staff, "%s/staff.yaml", dir);
	snprintf(policy, sizeof policy, "%s/config/policy.yaml", src);
	FILE *fp = fopen(staff, "w");
	cr_assert_not_null(fp);
	fprintf(fp, "contact: \"the test\"\nteams: [North]\nstaff:\n  - {login: \"%s\", name: \"Tess Ter\", team: North, "
	            "role: social_worker}\n",
	        pw->pw_name);
	fclose(fp);
	const char *argv[] = {bin, "demo", "--cases", "30", "--db", db, "--staff", staff, "--policy", policy, NULL};
	run(argv, "xterm-256color", NULL, NULL, NULL);
}

static void teardown(void)
{
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* How many SGR sequences set a foreground or background colour
 * (ESC [ 3x m, 4x, 9x, 10x, 38;5;n ...), in the bytes sent. */
static int colour_sequences(const char *term, const char *no_colour, char *screen, size_t screensize)
{
	char out[400], dump[400];
	snprintf(out, sizeof out, "%s/terminal.out", dir);
	snprintf(dump, sizeof dump, "%s/screen.txt", dir);
	remove(dump);
	const char *argv[] = {getenv("CASEWORK_BIN"), "--db", db, "--staff", staff, "--policy", policy, NULL};
	run(argv, term, no_colour, out, dump);

	FILE *fp = fopen(out, "rb");
	cr_assert_not_null(fp);
	static char raw[1 << 16];
	size_t n = fread(raw, 1, sizeof raw - 1, fp);
	fclose(fp);
	raw[n] = '\0';
	cr_assert_gt(n, 500, "casework wrote only %zu bytes", n);
	int found = 0;
	for (size_t i = 0; i + 2 < n; i++) {
		if (raw[i] != '\x1b' || raw[i + 1] != '[')
			continue;
		size_t j = i + 2;
		while (j < n && ((raw[j] >= '0' && raw[j] <= '9') || raw[j] == ';'))
			j++;
		if (j >= n || raw[j] != 'm')
			continue;
		/* each parameter: 30-49 and 90-107 are colours; 39/49 are the
		 * defaults and do not count */
		for (size_t k = i + 2; k < j;) {
			int v = atoi(raw + k);
			if (((v >= 30 && v <= 48) || (v >= 90 && v <= 107)) && v != 39)
				found++;
			while (k < j && raw[k] != ';')
				k++;
			k++;
		}
	}
	fp = fopen(dump, "r");
	cr_assert_not_null(fp);
	n = fread(screen, 1, screensize - 1, fp);
	screen[n] = '\0';
	fclose(fp);
	return found;
}

Test(tui_colour, colour_when_the_terminal_has_it_and_no_color_is_unset, .init = setup, .fini = teardown,
     .timeout = 60)
{
	static char screen[8192];
	cr_expect_gt(colour_sequences("xterm-256color", NULL, screen, sizeof screen), 0,
	             "no colour on xterm-256color with NO_COLOR unset");
	cr_expect_gt(colour_sequences("xterm-256color", "", screen, sizeof screen), 0,
	             "an empty NO_COLOR turned colour off (no-color.org: only a non-empty value does)");
}

Test(tui_colour, no_color_and_a_monochrome_terminal_get_none, .init = setup, .fini = teardown, .timeout = 60)
{
	static char screen[8192];
	cr_expect_eq(colour_sequences("xterm-256color", "1", screen, sizeof screen), 0,
	             "colour sequences sent with NO_COLOR=1");
	cr_expect_eq(colour_sequences("vt100", NULL, screen, sizeof screen), 0, "colour sequences sent to a vt100");
	/* overdue work still stands out: the '!' mark on its line */
	cr_expect(strstr(screen, "\n !C-") || strstr(screen, "\n>!C-"), "no overdue mark in monochrome:\n%s", screen);
}
