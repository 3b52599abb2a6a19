/* main.c - casework's command line: strict argument parsing and
 * dispatch to the commands in cli/commands.c. Every mistake on the
 * command line names what is wrong and what is allowed, and exits 2. */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"

static const char usage_text[] =
	"Usage: casework [--db PATH] [--policy FILE] [--staff FILE] [--providers FILE]\n"
	"       casework --training [--policy FILE] [--scenario FILE]\n"
	"       casework policy check FILE\n"
	"       casework staff check FILE\n"
	"       casework scenario check FILE [--policy FILE]\n"
	"       casework demo --cases N [--seed S] [--db PATH]\n"
	"       casework export --format json|csv [--case ID] [--db PATH]\n"
	"       casework import FILE.csv [--db PATH]\n"
	"       casework document CASE plan|budget [--db PATH]\n"
	"       casework document CASE plan|budget --markdown [--db PATH]\n"
	"       casework audit verify [--head ROW:HASH] [--db PATH]\n"
	"       casework --help | --version\n";

static const char help_text[] =
	"\n"
	"casework guides adult social care workers through personal budgets and\n"
	"direct payments: decision-making; assessment and resource allocation;\n"
	"panel escalation; support planning and brokerage; review. With no\n"
	"command it opens the terminal interface.\n"
	"\n"
	"Options (with every command):\n"
	"  --db PATH       the case database\n"
	"                  (default $XDG_DATA_HOME/casework/casework.db)\n"
	"  --policy FILE   the council's policy (default policy.yaml in\n"
	"                  $XDG_CONFIG_HOME/casework/, then " CASEWORK_SYSCONFDIR "/casework/)\n"
	"  --staff FILE    who may use casework (staff.yaml, same places)\n"
	"  --providers FILE the provider directory for brokerage (providers.yaml,\n"
	"                  same places; optional)\n"
	"  --training      a private sandbox with practice cases; nothing\n"
	"                  touches the live case store\n"
	"  --scenario FILE the training scenario (with --training; default\n"
	"                  training.yaml where policy.yaml is looked for, else\n"
	"                  the built-in one)\n"
	"  -h, --help      show this help\n"
	"  --version       show the version\n"
	"\n"
	"Commands:\n"
	"  policy check FILE    check a policy file; exit 0 valid, 1 invalid\n"
	"  staff check FILE     check a staff file; exit 0 valid, 1 invalid\n"
	"  scenario check FILE  check a training scenario under the policy in use\n"
	"  demo                 make a synthetic caseload in a new database\n"
	"    --cases N            how many cases, 1 to 1000000\n"
	"    --seed S             the same seed makes the same caseload (default 1)\n"
	"  export               write cases to standard output\n"
	"    --format F           json or csv\n"
	"    --case ID            only this case (C-000123 or 123)\n"
	"  import FILE.csv      bring in people and open cases, all or nothing\n"
	"  document CASE KIND   the support plan (plan) or the personal budget\n"
	"                       statement (budget), as plain text for the person\n"
	"    --markdown           as Markdown instead\n"
	"  audit verify         check the audit trail; exit 0 intact, 1 broken\n"
	"    --head ROW:HASH      and that the head an earlier check printed is\n"
	"                         still there, unchanged (nothing cut off the end)\n"
	"\n"
	"Environment: CASEWORK_DB, CASEWORK_POLICY, CASEWORK_STAFF and\n"
	"CASEWORK_PROVIDERS override the defaults; XDG_DATA_HOME and\n"
	"XDG_CONFIG_HOME move them; CASEWORK_TODAY (YYYY-MM-DD) pins today's date.\n"
	"Exit status: 0 success, 1 failure (invalid policy, broken audit trail,\n"
	"refused, store error), 2 wrong command line.\n"
	"See casework(1).\n";

#define HINT "Try 'casework --help' for more information.\n"

/* The options: which take a value, and which command they belong to
 * (CMD_HELP here means "any command"). */
struct opt_def {
	const char *name;
	bool has_value;
	const char *value_desc; /* for "needs a value: ..." */
	int only_for;           /* -1 any, else enum cli_command */
};

enum opt_id { OPT_DB, OPT_POLICY, OPT_STAFF, OPT_PROVIDERS, OPT_TRAINING, OPT_HELP, OPT_VERSION,
	      OPT_CASES, OPT_SEED, OPT_FORMAT, OPT_CASE, OPT_SCENARIO, OPT_MARKDOWN, OPT_HEAD, OPT_COUNT };

static const struct opt_def opt_defs[OPT_COUNT] = {
	[OPT_DB] = {"--db", true, "a database file path", -1},
	[OPT_POLICY] = {"--policy", true, "a policy file (YAML)", -1},
	[OPT_STAFF] = {"--staff", true, "a staff file (YAML)", -1},
	[OPT_PROVIDERS] = {"--providers", true, "a provider directory file (YAML)", -1},
	[OPT_TRAINING] = {"--training", false, NULL, CMD_TRAINING},
	[OPT_HELP] = {"--help", false, NULL, -1},
	[OPT_VERSION] = {"--version", false, NULL, -1},
	[OPT_CASES] = {"--cases", true, "a number of cases from 1 to 1000000", CMD_DEMO},
	[OPT_SEED] = {"--seed", true, "a whole number from 0 to 18446744073709551615", CMD_DEMO},
	[OPT_FORMAT] = {"--format", true, "json or csv", CMD_EXPORT},
	[OPT_CASE] = {"--case", true, "a case reference like C-000123", CMD_EXPORT},
	[OPT_SCENARIO] = {"--scenario", true, "a training scenario file (YAML)", CMD_TRAINING},
	[OPT_MARKDOWN] = {"--markdown", false, NULL, CMD_DOCUMENT},
	[OPT_HEAD] = {"--head", true, "the head line of an earlier audit verify, ROW:HASH", CMD_AUDIT_VERIFY},
};

static const char *const command_names[] = {"policy", "staff", "scenario", "demo", "export", "import",
					     "document", "audit", "help"};

static const char *cmd_word(enum cli_command c)
{
	switch (c) {
	case CMD_DEMO: return "demo";
	case CMD_EXPORT: return "export";
	case CMD_TRAINING: return "--training";
	case CMD_DOCUMENT: return "document";
	case CMD_AUDIT_VERIFY: return "audit verify";
	default: return "";
	}
}

/* Prints "casework: MESSAGE" and the hint; returns CLI_EXIT_USAGE. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("casework: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n" HINT, stderr);
	return CLI_EXIT_USAGE;
}

/* A display-safe copy of an argument for messages (no terminal
 * controls from the command line reach stderr). */
static const char *shown(const char *arg, char *buf, size_t size)
{
	return cw_sanitize(buf, size, arg);
}

/* The nearest of `names` to `word` if close enough to be a typo. */
static const char *nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = cw_edit_distance(word, names[i]);
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

static int unknown_option(const char *arg)
{
	const char *names[OPT_COUNT];
	char buf[128];
	for (int i = 0; i < OPT_COUNT; i++)
		names[i] = opt_defs[i].name;
	/* Compare the name without any "=value". */
	char name[64];
	size_t len = strcspn(arg, "=");
	if (len >= sizeof name)
		len = sizeof name - 1;
	memcpy(name, arg, len);
	name[len] = '\0';
	const char *near = nearest(name, names, OPT_COUNT);
	char suggestion[80] = "";
	if (near)
		snprintf(suggestion, sizeof suggestion, " (did you mean '%s'?)", near);
	return usage_error("unknown option '%s'%s; the options are --db, --policy, --staff, --providers, "
			   "--training, --help, --version, demo's --cases and --seed, "
			   "export's --format and --case, document's --markdown, audit verify's --head, "
			   "and --training's --scenario",
			   shown(name, buf, sizeof buf), suggestion);
}

/* Strict whole number: digits only, no sign, no spaces. */
static bool parse_u64(const char *s, uint64_t *out, bool *overflow)
{
	uint64_t v = 0;
	*overflow = false;
	if (!*s)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			*overflow = true;
		else
			v = v * 10 + d;
	}
	*out = v;
	return true;
}

static int set_value(struct cli_opts *o, enum opt_id id, const char *val, const char **seen)
{
	char buf[128];
	uint64_t n;
	bool overflow;

	if (seen[id])
		return usage_error("%s given twice ('%s' and '%s'); give it once",
				   opt_defs[id].name, shown(seen[id], buf, sizeof buf), val);
	seen[id] = val;
	switch (id) {
	case OPT_DB: o->db = val; break;
	case OPT_POLICY: o->policy = val; break;
	case OPT_STAFF: o->staff = val; break;
	case OPT_PROVIDERS: o->providers = val; break;
	case OPT_HEAD: {
		size_t digits = strspn(val, "0123456789"), hex = 0;
		if (digits > 0 && digits < 19 && val[digits] == ':')
			hex = strspn(val + digits + 1, "0123456789abcdef");
		if (digits == 0 || digits >= 19 || val[digits] != ':' || hex != 64 || val[digits + 1 + hex])
			return usage_error("--head: '%s' is not a head line; give it as audit verify printed it, "
					   "ROW:HASH (a row number, a colon and 64 hex digits)",
					   shown(val, buf, sizeof buf));
		o->head = val;
		break;
	}
	case OPT_CASES:
		if (!parse_u64(val, &n, &overflow))
			return usage_error("--cases: '%s' is not a whole number; use a number "
					   "of cases from 1 to %d",
					   shown(val, buf, sizeof buf), CLI_CASES_MAX);
		if (overflow || n < 1 || n > CLI_CASES_MAX)
			return usage_error("--cases: %s is out of range; use a number of cases "
					   "from 1 to %d",
					   shown(val, buf, sizeof buf), CLI_CASES_MAX);
		o->cases = (long)n;
		break;
	case OPT_SEED:
		if (!parse_u64(val, &n, &overflow) || overflow)
			return usage_error("--seed: '%s' is not a whole number from 0 to "
					   "18446744073709551615",
					   shown(val, buf, sizeof buf));
		o->seed = n;
		o->seed_set = true;
		break;
	case OPT_FORMAT:
		if (strcmp(val, "json") == 0)
			o->format = FORMAT_JSON;
		else if (strcmp(val, "csv") == 0)
			o->format = FORMAT_CSV;
		else
			return usage_error("--format: '%s' is not a format; use json or csv",
					   shown(val, buf, sizeof buf));
		break;
	case OPT_CASE:
		o->case_id = val;
		break;
	case OPT_SCENARIO:
		o->scenario = val;
		break;
	default:
		break;
	}
	return CLI_EXIT_OK;
}

static int expect_positionals(const char *what, int have, int want, char **pos, const char *form)
{
	char buf[128];
	if (have < want)
		return usage_error("%s is missing an argument; the form is %s", what, form);
	if (have > want)
		return usage_error("unexpected argument '%s' after %s; the form is %s",
				   shown(pos[want], buf, sizeof buf), what, form);
	return CLI_EXIT_OK;
}

/* Turns the positional words into a command. */
static int parse_command(struct cli_opts *o, int npos, char **pos, bool training)
{
	char buf[128];
	int rc;

	if (npos == 0) {
		o->cmd = training ? CMD_TRAINING : CMD_TUI;
		return CLI_EXIT_OK;
	}
	const char *w = pos[0];
	if (strcmp(w, "policy") == 0) {
		if (npos < 2 || strcmp(pos[1], "check") != 0) {
			if (npos < 2)
				return usage_error("'policy' needs 'check FILE'");
			return usage_error("policy: unknown action '%s'; the only action is "
					   "'check FILE'", shown(pos[1], buf, sizeof buf));
		}
		if ((rc = expect_positionals("'policy check'", npos - 2, 1, pos + 2,
					     "'casework policy check FILE'")))
			return rc;
		o->cmd = CMD_POLICY_CHECK;
		o->file = pos[2];
	} else if (strcmp(w, "staff") == 0) {
		if (npos < 2 || strcmp(pos[1], "check") != 0) {
			if (npos < 2)
				return usage_error("'staff' needs 'check FILE'");
			return usage_error("staff: unknown action '%s'; the only action is "
					   "'check FILE'", shown(pos[1], buf, sizeof buf));
		}
		if ((rc = expect_positionals("'staff check'", npos - 2, 1, pos + 2,
					     "'casework staff check FILE'")))
			return rc;
		o->cmd = CMD_STAFF_CHECK;
		o->file = pos[2];
	} else if (strcmp(w, "scenario") == 0) {
		if (npos < 2 || strcmp(pos[1], "check") != 0) {
			if (npos < 2)
				return usage_error("'scenario' needs 'check FILE'");
			return usage_error("scenario: unknown action '%s'; the only action is "
					   "'check FILE'", shown(pos[1], buf, sizeof buf));
		}
		if ((rc = expect_positionals("'scenario check'", npos - 2, 1, pos + 2,
					     "'casework scenario check FILE'")))
			return rc;
		o->cmd = CMD_SCENARIO_CHECK;
		o->file = pos[2];
	} else if (strcmp(w, "demo") == 0) {
		if ((rc = expect_positionals("'demo'", npos - 1, 0, pos + 1,
					     "'casework demo --cases N [--seed S]'")))
			return rc;
		o->cmd = CMD_DEMO;
	} else if (strcmp(w, "export") == 0) {
		if ((rc = expect_positionals("'export'", npos - 1, 0, pos + 1,
					     "'casework export --format json|csv [--case ID]'")))
			return rc;
		o->cmd = CMD_EXPORT;
	} else if (strcmp(w, "import") == 0) {
		if ((rc = expect_positionals("'import'", npos - 1, 1, pos + 1,
					     "'casework import FILE.csv'")))
			return rc;
		o->cmd = CMD_IMPORT;
		o->file = pos[1];
	} else if (strcmp(w, "document") == 0) {
		if ((rc = expect_positionals("'document'", npos - 1, 2, pos + 1,
					     "'casework document CASE plan|budget'")))
			return rc;
		if (strcmp(pos[2], "plan") != 0 && strcmp(pos[2], "budget") != 0)
			return usage_error("document: '%s' is not a document; use plan (the "
					   "support plan) or budget (the personal budget statement)",
					   shown(pos[2], buf, sizeof buf));
		o->cmd = CMD_DOCUMENT;
		o->case_id = pos[1];
		o->document_kind = pos[2];
	} else if (strcmp(w, "audit") == 0) {
		if (npos < 2)
			return usage_error("'audit' needs 'verify'");
		if (strcmp(pos[1], "verify") != 0)
			return usage_error("audit: unknown action '%s'; the only action is 'verify'",
					   shown(pos[1], buf, sizeof buf));
		if ((rc = expect_positionals("'audit verify'", npos - 2, 0, pos + 2,
					     "'casework audit verify'")))
			return rc;
		o->cmd = CMD_AUDIT_VERIFY;
	} else if (strcmp(w, "help") == 0) {
		o->cmd = CMD_HELP;
	} else {
		const char *near = nearest(w, command_names, CW_ARRAY_LEN(command_names));
		char suggestion[80] = "";
		if (near)
			snprintf(suggestion, sizeof suggestion, " (did you mean '%s'?)", near);
		return usage_error("unknown command '%s'%s; the commands are policy check, staff check, "
				   "scenario check, demo, "
				   "export, import, document, audit verify",
				   shown(w, buf, sizeof buf), suggestion);
	}
	if (training && o->cmd != CMD_HELP)
		return usage_error("--training opens the terminal interface and does not go "
				   "with '%s'", w);
	return CLI_EXIT_OK;
}

/* Parses argv into o. Returns CLI_EXIT_OK or CLI_EXIT_USAGE (message
 * printed). --help and --version set o->cmd and stop at once. */
static int parse_args(int argc, char **argv, struct cli_opts *o)
{
	const char *seen[OPT_COUNT] = {0};
	char **pos = xcalloc((size_t)argc + 1, sizeof *pos);
	int npos = 0, rc = CLI_EXIT_OK;
	bool training = false, dashdash = false;
	char buf[128];

	memset(o, 0, sizeof *o);
	o->seed = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (dashdash || a[0] != '-' || a[1] == '\0') {
			pos[npos++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
			continue;
		}
		if (strcmp(a, "-h") == 0) {
			o->cmd = CMD_HELP;
			goto out;
		}
		if (a[1] != '-') {
			rc = unknown_option(a);
			goto out;
		}
		size_t namelen = strcspn(a, "=");
		const char *inline_val = a[namelen] == '=' ? a + namelen + 1 : NULL;
		int id = -1;
		for (int k = 0; k < OPT_COUNT; k++)
			if (strlen(opt_defs[k].name) == namelen &&
			    strncmp(opt_defs[k].name, a, namelen) == 0)
				id = k;
		if (id < 0) {
			rc = unknown_option(a);
			goto out;
		}
		const struct opt_def *d = &opt_defs[id];
		if (!d->has_value) {
			if (inline_val) {
				rc = usage_error("%s takes no value (got '%s')", d->name,
						 shown(inline_val, buf, sizeof buf));
				goto out;
			}
			if (id == OPT_HELP) {
				o->cmd = CMD_HELP;
				goto out;
			}
			if (id == OPT_VERSION) {
				o->cmd = CMD_VERSION;
				goto out;
			}
			if (id == OPT_TRAINING) {
				if (training) {
					rc = usage_error("--training given twice; give it once");
					goto out;
				}
				training = true;
			}
			if (id == OPT_MARKDOWN) {
				if (seen[id]) {
					rc = usage_error("--markdown given twice; give it once");
					goto out;
				}
				seen[id] = a;
				o->markdown = true;
			}
			continue;
		}
		const char *val = inline_val;
		if (!val) {
			if (i + 1 >= argc || (argv[i + 1][0] == '-' && argv[i + 1][1] == '-')) {
				rc = usage_error("%s needs a value: %s", d->name, d->value_desc);
				goto out;
			}
			val = argv[++i];
		}
		if (!*val) {
			rc = usage_error("%s needs a value: %s", d->name, d->value_desc);
			goto out;
		}
		if ((rc = set_value(o, (enum opt_id)id, val, seen)))
			goto out;
	}

	if ((rc = parse_command(o, npos, pos, training)))
		goto out;
	if (o->cmd == CMD_HELP)
		goto out;

	/* Command-specific options only with their command. */
	for (int k = 0; k < OPT_COUNT; k++) {
		int only = opt_defs[k].only_for;
		if (only < 0 || k == OPT_TRAINING || !seen[k])
			continue;
		if ((int)o->cmd != only) {
			rc = usage_error("%s is only used with '%s'", opt_defs[k].name,
					 cmd_word((enum cli_command)only));
			goto out;
		}
	}
	if (o->cmd == CMD_DEMO && !seen[OPT_CASES]) {
		rc = usage_error("'demo' needs --cases N (a number of cases from 1 to %d)",
				 CLI_CASES_MAX);
		goto out;
	}
	if (o->cmd == CMD_EXPORT && !seen[OPT_FORMAT]) {
		rc = usage_error("'export' needs --format json or --format csv");
		goto out;
	}
	if (o->cmd == CMD_TRAINING && seen[OPT_DB]) {
		rc = usage_error("--training uses a private sandbox and never opens a database "
				 "given with --db; leave --db out");
		goto out;
	}
out:
	free(pos);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli_opts o;
	int rc;

	setlocale(LC_ALL, "");
	if ((rc = parse_args(argc, argv, &o)) != CLI_EXIT_OK)
		return rc;
	switch (o.cmd) {
	case CMD_HELP:
		fputs(usage_text, stdout);
		fputs(help_text, stdout);
		return CLI_EXIT_OK;
	case CMD_VERSION:
		puts("casework " CASEWORK_VERSION);
		return CLI_EXIT_OK;
	case CMD_POLICY_CHECK: return cmd_policy_check(o.file);
	case CMD_STAFF_CHECK: return cmd_staff_check(o.file);
	case CMD_SCENARIO_CHECK: return cmd_scenario_check(&o);
	case CMD_TUI: return cmd_tui(&o);
	case CMD_TRAINING: return cmd_training(&o);
	case CMD_DEMO: return cmd_demo(&o);
	case CMD_EXPORT: return cmd_export(&o);
	case CMD_IMPORT: return cmd_import(&o);
	case CMD_DOCUMENT: return cmd_document(&o);
	case CMD_AUDIT_VERIFY: return cmd_audit_verify(&o);
	}
	return CLI_EXIT_FAIL;
}
