/* cli.h - the command line: options as parsed, where the files are,
 * first-run setup, and one function per command. main.c parses and
 * dispatches; nothing here draws on the terminal (tui_run does). */
#ifndef CW_CLI_H
#define CW_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/policy.h"
#include "core/staff.h"

/* Exit statuses (documented in docs/casework.1). */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAIL = 1,  /* invalid policy, broken audit chain, refused, store error */
	CLI_EXIT_USAGE = 2, /* the command line itself is wrong */
};

#define CLI_CASES_MAX 1000000

enum cli_command {
	CMD_TUI,
	CMD_TRAINING,
	CMD_POLICY_CHECK,
	CMD_STAFF_CHECK,
	CMD_SCENARIO_CHECK,
	CMD_DEMO,
	CMD_EXPORT,
	CMD_IMPORT,
	CMD_DOCUMENT,
	CMD_AUDIT_VERIFY,
	CMD_HELP,
	CMD_VERSION,
};

enum export_format_opt { FORMAT_NONE, FORMAT_JSON, FORMAT_CSV };

struct cli_opts {
	enum cli_command cmd;
	const char *db;     /* --db, or NULL */
	const char *policy; /* --policy, or NULL */
	const char *staff;  /* --staff, or NULL */
	const char *providers; /* --providers, or NULL */
	const char *scenario; /* --scenario (training), or NULL */
	const char *file;   /* policy check FILE, import FILE */
	const char *case_id; /* export --case, document CASE */
	const char *document_kind; /* "plan" or "budget" */
	bool markdown;      /* document --markdown */
	const char *head;   /* audit verify --head ID:HASH, or NULL */
	long cases;         /* demo --cases */
	uint64_t seed;      /* demo --seed */
	bool seed_set;
	enum export_format_opt format;
};

/* ---- paths (cli/paths.c) ---- */

/* Where things are, after flags, environment and defaults. Owned strings. */
struct cli_paths {
	char *config_dir; /* $XDG_CONFIG_HOME/casework */
	char *data_dir;   /* $XDG_DATA_HOME/casework */
	char *db;
	char *policy;     /* NULL when none was found */
	char *staff;      /* NULL when none was found */
	char *providers;  /* the provider directory; NULL when none (it is optional) */
	char *state_dir;  /* $XDG_STATE_HOME/casework: the training sandbox */
	char *scenario;   /* training scenario file; NULL: the built-in one */
	bool db_default;  /* db is the XDG default (not --db / CASEWORK_DB) */
};

/* Resolves the paths. Returns false (message printed) if the
 * environment gives no home to put things in. */
bool paths_resolve(const struct cli_opts *o, struct cli_paths *p);
void paths_free(struct cli_paths *p);

/* mkdir -p with `mode` for each directory made. false + errno on failure. */
bool paths_mkdirs(const char *dir, unsigned mode);
bool paths_exists(const char *path);

/* ---- setup (cli/setup.c) ---- */

/* The login of the effective user, or NULL (message printed). Static. */
const char *setup_login(void);

/* The person's name from the password database (GECOS), else login. */
void setup_full_name(char *buf, size_t size, const char *login);

/* First start with nothing configured: writes policy.yaml and
 * staff.yaml under p->config_dir and points p at them. `notice` gets a
 * line for the first screen (owned; may stay NULL). false on failure
 * (message printed). */
bool setup_first_run(struct cli_paths *p, const char *login, char **notice);

/* The staff file written on first run and used by training mode:
 * `login` as team manager of the demo team, and demo colleagues. */
char *setup_staff_yaml(const char *login, const char *name);

/* Loads and checks policy and staff, printing every error like
 * `policy check` does. false when either is invalid. */
bool setup_load_config(const struct cli_paths *p, struct policy *pol, struct staff *staff);

/* ---- commands (cli/commands.c) ---- */

int cmd_policy_check(const char *file);
int cmd_staff_check(const char *file);
int cmd_scenario_check(const struct cli_opts *o);
int cmd_tui(const struct cli_opts *o);
int cmd_training(const struct cli_opts *o);
int cmd_demo(const struct cli_opts *o);
int cmd_export(const struct cli_opts *o);
int cmd_import(const struct cli_opts *o);
int cmd_document(const struct cli_opts *o);
int cmd_audit_verify(const struct cli_opts *o);

#endif
