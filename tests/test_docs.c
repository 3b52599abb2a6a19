/* test_docs.c - the README and the man page say what the program does.
 * The README's key table is the one tui/action.c binds (the ? screen's),
 * its role table core/access.c's, and its screenshot the caseload as the
 * screen tests see the real program draw it (`make readme` brings them
 * up to date). The man page names every option main.c knows, every
 * command, every environment variable the code reads and every key. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "tui/action.h"

static char *slurp(const char *name)
{
	char path[1024];
	const char *src = getenv("CASEWORK_SRC");
	snprintf(path, sizeof path, "%s/%s", src && *src ? src : ".", name);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot read %s (set CASEWORK_SRC to the source tree)", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	size_t got = fread(s, 1, (size_t)n, f);
	s[got] = '\0';
	fclose(f);
	return s;
}

/* The text between the line starting "<!-- BEGIN what" and "<!-- END what". */
static char *block(const char *readme, const char *what)
{
	char begin[64], end[64];
	snprintf(begin, sizeof begin, "\n<!-- BEGIN %s", what);
	snprintf(end, sizeof end, "\n<!-- END %s", what);
	const char *b = strstr(readme, begin);
	cr_assert_not_null(b, "README.md has no BEGIN %s marker", what);
	b = strchr(b + 1, '\n');
	cr_assert_not_null(b);
	b++;
	const char *e = strstr(b, end);
	cr_assert_not_null(e, "README.md has no END %s marker", what);
	return strndup(b, (size_t)(e - b + 1));
}

Test(readme, keys_are_the_key_table)
{
	char *readme = slurp("README.md");
	char *keys = block(readme, "keys");
	size_t size = 1 << 16;
	char *want = malloc(size);
	action_markdown(want, size);
	cr_expect_str_eq(keys, want, "README.md's keys are out of date: run make readme");
	cr_expect_not_null(strstr(want, "| `o` | Team managers: sign off"), "%s", want);
	free(want);
	free(keys);
	free(readme);
}

Test(readme, roles_are_the_permission_table)
{
	char *readme = slurp("README.md");
	char *roles = block(readme, "roles");
	size_t size = 1 << 16;
	char *want = malloc(size);
	access_markdown(want, size);
	cr_expect_str_eq(roles, want, "README.md's role table is out of date: run make readme");
	cr_expect_not_null(strstr(want, "| record a panel decision | - | - | every team | - | - |"), "%s", want);
	free(want);
	free(roles);
	free(readme);
}

Test(readme, screenshot_is_the_caseload)
{
	char *readme = slurp("README.md");
	char *shot = block(readme, "screenshot");
	char *screen = slurp("tests/screens/expected/01-caseload.txt");
	/* the first screen: 24 lines */
	char *p = screen;
	for (int i = 0; i < 24 && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	cr_assert_not_null(p, "the expected caseload has fewer than 24 lines");
	*p = '\0';
	size_t n = strlen(screen) + 32;
	char *want = malloc(n);
	snprintf(want, n, "```text\n%s```\n", screen);
	cr_expect_str_eq(shot, want, "README.md's screenshot is out of date: run make readme");
	cr_expect_not_null(strstr(shot, "My caseload: "));
	free(want);
	free(screen);
	free(shot);
	free(readme);
}

/* ---- the man page ---- */

/* The text of section `name` of the man page source, roff escapes for
 * the minus sign taken out ("\-\-db" -> "--db"). */
static char *man_section(const char *man, const char *name)
{
	char head[64];
	snprintf(head, sizeof head, "\n.SH %s\n", name);
	const char *b = strstr(man, head);
	cr_assert_not_null(b, "docs/casework.1 has no section %s", name);
	b += strlen(head);
	const char *e = strstr(b, "\n.SH ");
	size_t n = e ? (size_t)(e - b) : strlen(b);
	char *out = malloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (b[i] == '\\' && b[i + 1] == '-') /* \- */
			continue;
		*o++ = b[i];
	}
	*o = '\0';
	return out;
}

Test(manpage, every_option)
{
	char *man = slurp("docs/casework.1");
	char *main_c = slurp("cli/main.c");
	/* the global options under OPTIONS, a command's own with the command */
	char *o = man_section(man, "OPTIONS"), *c = man_section(man, "COMMANDS");
	size_t n = strlen(o) + strlen(c) + 2;
	char *opts = malloc(n);
	snprintf(opts, n, "%s\n%s", o, c);
	free(o);
	free(c);
	int found = 0;
	/* the option table: {"--name", ... */
	for (const char *p = main_c; (p = strstr(p, "{\"--")); p++) {
		char name[40];
		if (sscanf(p + 2, "%39[a-z-]", name) != 1)
			continue;
		found++;
		cr_expect_not_null(strstr(opts, name), "the man page's OPTIONS and COMMANDS do not describe %s", name);
	}
	cr_expect_geq(found, 10, "read the option table from cli/main.c");
	free(opts);
	free(main_c);
	free(man);
}

Test(manpage, every_command)
{
	char *man = slurp("docs/casework.1");
	char *cmds = man_section(man, "COMMANDS");
	char *syn = man_section(man, "SYNOPSIS");
	static const char *const commands[] = {"policy check", "staff check", "scenario check", "demo", "export",
	                                       "import", "document", "audit verify"};
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		char bi[64], b[64];
		snprintf(bi, sizeof bi, ".BI \"%s", commands[i]);
		snprintf(b, sizeof b, ".B %s", commands[i]);
		cr_expect(strstr(cmds, bi) || strstr(cmds, b), "COMMANDS does not describe '%s'", commands[i]);
		snprintf(b, sizeof b, ".B casework %s", commands[i]);
		cr_expect_not_null(strstr(syn, b), "SYNOPSIS has no 'casework %s'", commands[i]);
	}
	/* and the help says the same commands */
	char *main_c = slurp("cli/main.c");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		char u[64];
		snprintf(u, sizeof u, "casework %s", commands[i]);
		cr_expect_not_null(strstr(main_c, u), "--help has no '%s'", u);
	}
	free(main_c);
	free(syn);
	free(cmds);
	free(man);
}

/* Every getenv("NAME") in the program's source. */
static void scan_getenv(const char *dir, char *man_env, int *found)
{
	char path[1024];
	const char *src = getenv("CASEWORK_SRC");
	snprintf(path, sizeof path, "%s/%s", src && *src ? src : ".", dir);
	DIR *d = opendir(path);
	cr_assert_not_null(d, "%s", path);
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
			continue;
		char rel[512];
		snprintf(rel, sizeof rel, "%s/%s", dir, e->d_name);
		char *text = slurp(rel);
		for (const char *p = text; (p = strstr(p, "getenv(\"")); p++) {
			char name[64];
			if (sscanf(p + 8, "%63[A-Z_]", name) != 1)
				continue;
			(*found)++;
			cr_expect_not_null(strstr(man_env, name), "%s reads %s, which the man page's ENVIRONMENT does "
			                                          "not describe", rel, name);
		}
		free(text);
	}
	closedir(d);
}

Test(manpage, every_environment_variable)
{
	char *man = slurp("docs/casework.1");
	char *env = man_section(man, "ENVIRONMENT");
	int found = 0;
	scan_getenv("cli", env, &found);
	scan_getenv("core", env, &found);
	scan_getenv("tui", env, &found);
	scan_getenv("config", env, &found);
	cr_expect_geq(found, 6);
	/* names read through paths.c's env_nonempty("...") too */
	char *paths = slurp("cli/paths.c");
	static const char *const prefixes[] = {"(\"CASEWORK_", "(\"XDG_"};
	for (size_t k = 0; k < 2; k++)
		for (const char *p = paths; (p = strstr(p, prefixes[k])); p++) {
			char name[64];
			found++;
			if (sscanf(p + 2, "%63[A-Z_]", name) == 1)
				cr_expect_not_null(strstr(env, name), "cli/paths.c reads %s, not in ENVIRONMENT", name);
		}
	free(paths);
	free(env);
	free(man);
}

Test(manpage, every_key)
{
	char *man = slurp("docs/casework.1");
	char *tui = man_section(man, "\"THE TERMINAL INTERFACE\"");
	for (size_t i = 0; i < action_count; i++) {
		const char *k = action_table[i].keyname;
		/* the key as a word of its own: after a space or quote, before one */
		bool seen = false;
		size_t kl = strlen(k);
		for (const char *p = tui; !seen && (p = strstr(p, k)); p++) {
			char before = p > tui ? p[-1] : ' ', after = p[kl];
			seen = (before == ' ' || before == '"' || before == '\n') &&
			       (after == ' ' || after == '"' || after == '\n' || after == ',');
		}
		cr_expect(seen, "the man page's THE TERMINAL INTERFACE does not mention the key %s (%s)", k,
		          action_table[i].help);
	}
	free(tui);
	free(man);
}
