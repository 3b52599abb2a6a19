/* commands.c - one function per command. Each resolves the paths,
 * loads the policy and staff files (refusing to go on if either is
 * invalid), checks the login against the staff file BEFORE the store
 * is opened, and then does its one job. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/embedded.h"
#include "config/config.h"
#include "config/training_load.h"
#include "core/access.h"
#include "core/act.h"
#include "core/date.h"
#include "core/demo.h"
#include "core/document.h"
#include "core/export.h"
#include "core/import.h"
#include "core/store.h"
#include "core/training.h"
#include "core/util.h"
#include "tui/tui.h"

/* Cases in the demo caseload made on a first start. */
#define FIRST_RUN_CASES 40

struct session {
	struct cli_paths paths;
	struct policy policy;
	struct staff staff;
	const struct staff_member *me;
	struct store *store;
	char *notice;   /* first-run notice, or NULL */
	bool first_run;
	bool config_loaded;
};

enum db_need { DB_MUST_EXIST, DB_MAY_CREATE };

static void session_close(struct session *s)
{
	if (s->store)
		store_close(&s->store);
	if (s->config_loaded)
		staff_free_members(&s->staff);
	paths_free(&s->paths);
	free(s->notice);
	memset(s, 0, sizeof *s);
}

static void print_refused(const struct session *s, const char *login)
{
	char shown[128];
	const char *contact = s->staff.contact[0] ? s->staff.contact
						  : "your team manager or the council's IT team";
	cw_sanitize(shown, sizeof shown, contact);
	fprintf(stderr, "casework: you (login '%s') are not in the staff file %s, so "
			"casework will not open; ask %s to add you\n",
		login, s->paths.staff, shown);
}

/* A shared database (one the person running casework does not own)
 * takes its staff and policy files only from the council: the files in
 * SYSCONFDIR/casework/, or files of the database's own owner (a service
 * account that is not root), never from a file the person could have
 * written, nor any other file root happens to own (the examples `make
 * install` puts under share/, another council's policy): else anyone
 * could name themselves team manager with --staff, or switch a sign-off
 * off with --policy. A database of one's own (the personal setup, a
 * test) takes any file. */
static bool config_trusted(const struct cli_paths *p)
{
	struct stat db;
	const char *files[2] = {p->staff, p->policy};
	const char *what[2] = {"staff", "policy"};
	uid_t me = geteuid();

	if (stat(p->db, &db) != 0 || db.st_uid == me)
		return true;
	for (int i = 0; i < 2; i++) {
		struct stat f;
		if (!files[i]) {
			fprintf(stderr, "casework: %s is a shared case database, and there is no council %s file "
					"for it (%s/casework/%s.yaml); ask your IT team\n",
				p->db, what[i], CASEWORK_SYSCONFDIR, what[i]);
			return false;
		}
		if (stat(files[i], &f) != 0)
			continue; /* loading it says what is wrong */
		char sys_path[4096];
		struct stat sys;
		snprintf(sys_path, sizeof sys_path, "%s/casework/%s.yaml", CASEWORK_SYSCONFDIR, what[i]);
		bool the_councils = stat(sys_path, &sys) == 0 && sys.st_dev == f.st_dev && sys.st_ino == f.st_ino;
		bool owner_ok = (the_councils && (f.st_uid == 0 || f.st_uid == db.st_uid)) ||
		                (f.st_uid == db.st_uid && db.st_uid != 0);
		if (!owner_ok || (f.st_mode & (S_IWGRP | S_IWOTH))) {
			fprintf(stderr, "casework: %s is a shared case database, so its %s file must be one only "
					"its owner can change; %s %s; use the council's %s file (%s/casework/%s.yaml: "
					"leave out --%s and CASEWORK_%s)\n",
				p->db, what[i], files[i],
				!owner_ok ? (f.st_uid == me ? "belongs to you"
							 : f.st_uid == 0 ? "is not the council's (it is root's, but not in "
									   CASEWORK_SYSCONFDIR "/casework/)"
							 : "belongs to someone else")
					  : "can be changed by others",
				what[i], CASEWORK_SYSCONFDIR, what[i], what[i], i == 0 ? "STAFF" : "POLICY");
			return false;
		}
	}
	return true;
}

/* Paths, first-run setup, config, identity: everything before the
 * store. Returns CLI_EXIT_OK or the exit status (message printed). */
static int session_identify(struct session *s, const struct cli_opts *o)
{
	memset(s, 0, sizeof *s);
	if (!paths_resolve(o, &s->paths))
		return CLI_EXIT_FAIL;
	const char *login = setup_login();
	if (!login)
		return CLI_EXIT_FAIL;
	if (!s->paths.policy && !s->paths.staff) {
		/* a personal setup is never made for someone else's database */
		if (!config_trusted(&s->paths))
			return CLI_EXIT_FAIL;
		if (!setup_first_run(&s->paths, login, &s->notice))
			return CLI_EXIT_FAIL;
		s->first_run = true;
	} else if (!s->paths.policy || !s->paths.staff) {
		const char *what = s->paths.policy ? "staff.yaml" : "policy.yaml";
		fprintf(stderr, "casework: no %s: looked in %s/ and %s/casework/; give --%s FILE "
				"or set CASEWORK_%s\n",
			what, s->paths.config_dir, CASEWORK_SYSCONFDIR,
			s->paths.policy ? "staff" : "policy", s->paths.policy ? "STAFF" : "POLICY");
		return CLI_EXIT_FAIL;
	}
	if (!config_trusted(&s->paths))
		return CLI_EXIT_FAIL;
	if (!setup_load_config(&s->paths, &s->policy, &s->staff))
		return CLI_EXIT_FAIL;
	s->config_loaded = true;
	s->me = staff_find(&s->staff, login);
	if (!s->me) {
		print_refused(s, login);
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}

/* A shared database lives in a setgid group directory (README): keep
 * what SQLite creates there (-wal, -shm, a new database) writable by the
 * group, whatever umask the session started with. */
static void keep_group_writable(const char *db)
{
	char *dir = xstrdup(db);
	char *slash = strrchr(dir, '/');
	struct stat sb;
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (stat(dir, &sb) == 0 && (sb.st_mode & S_ISGID))
		umask(007);
	free(dir);
}

static int session_open_store(struct session *s, enum db_need need, bool *created)
{
	struct cw_error err = {0};
	bool existed = paths_exists(s->paths.db);

	if (created)
		*created = !existed;
	if (!existed && need == DB_MUST_EXIST) {
		fprintf(stderr, "casework: there is no case database at %s; give --db PATH or "
				"set CASEWORK_DB\n", s->paths.db);
		return CLI_EXIT_FAIL;
	}
	if (!existed && s->paths.db_default && !paths_mkdirs(s->paths.data_dir, 0700)) {
		fprintf(stderr, "casework: cannot create %s: %s\n", s->paths.data_dir,
			strerror(errno));
		return CLI_EXIT_FAIL;
	}
	keep_group_writable(s->paths.db);
	if (store_open(s->paths.db, &s->store, &err) != CW_OK) {
		fprintf(stderr, "casework: %s: %s\n", s->paths.db, err.msg);
		return CLI_EXIT_FAIL;
	}
	store_set_context(s->store, &s->policy, &s->staff);
	return CLI_EXIT_OK;
}

/* Opens the session; on failure closes it and returns the exit status. */
/* Refuses (before the store is opened) a person whose role may never
 * do `action`; `what` names the command in the message. */
static int session_may(struct session *s, const char *what, enum access_action action)
{
	struct cw_error err = {0};
	if (access_check(s->me, action, NULL, &s->policy, &err) == CW_OK)
		return CLI_EXIT_OK;
	fprintf(stderr, "casework: %s: %s\n", what, err.msg);
	return CLI_EXIT_FAIL;
}

/* Opens the session: identity, then (if what is not NULL) the role
 * check for each of actions[0..nactions), then the store. */
static int session_open(struct session *s, const struct cli_opts *o, enum db_need need,
			bool *created, const char *what, const enum access_action *actions,
			size_t nactions)
{
	int rc = session_identify(s, o);
	for (size_t i = 0; rc == CLI_EXIT_OK && i < nactions; i++)
		rc = session_may(s, what, actions[i]);
	if (rc == CLI_EXIT_OK)
		rc = session_open_store(s, need, created);
	if (rc != CLI_EXIT_OK)
		session_close(s);
	else if (s->notice && o->cmd != CMD_TUI)
		fprintf(stderr, "casework: %s\n", s->notice);
	return rc;
}

/* The role checks made before each command opens the store. */
static const enum access_action view[] = {ACCESS_VIEW_CASE};
static const enum access_action import_actions[] = {ACCESS_CREATE_CASE, ACCESS_ALLOCATE};
static const enum access_action verify[] = {ACCESS_VERIFY_AUDIT};
static const enum access_action create[] = {ACCESS_CREATE_CASE};

/* ---- policy check ---- */

int cmd_policy_check(const char *file)
{
	struct policy p;
	struct config_errors errs = {0};
	char summary[512];

	memset(&p, 0, sizeof p);
	if (policy_load_file(file, &p, &errs) != CW_OK) {
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "%s\n", errs.msgs[i]);
		if (errs.n == 0)
			fprintf(stderr, "%s: not a valid policy file\n", file);
		config_errors_free(&errs);
		return CLI_EXIT_FAIL;
	}
	config_errors_free(&errs);
	policy_summary(&p, summary, sizeof summary);
	printf("%s: ok\n%s\n", file, summary);
	return CLI_EXIT_OK;
}

/* ---- staff check ---- */

int cmd_staff_check(const char *file)
{
	struct staff sf = {0};
	struct config_errors errs = {0};
	size_t by_role[ROLE_COUNT] = {0};

	if (staff_load_file(file, &sf, &errs) != CW_OK) {
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "%s\n", errs.msgs[i]);
		if (errs.n == 0)
			fprintf(stderr, "%s: not a valid staff file\n", file);
		config_errors_free(&errs);
		return CLI_EXIT_FAIL;
	}
	config_errors_free(&errs);
	for (size_t i = 0; i < sf.n; i++)
		by_role[sf.members[i].role]++;
	printf("%s: ok\n%zu %s: %zu social worker%s, %zu team manager%s, %zu panel member%s, "
	       "%zu finance officer%s, %zu admin%s\n", file, sf.n, sf.n == 1 ? "person" : "people",
	       by_role[ROLE_SOCIAL_WORKER], by_role[ROLE_SOCIAL_WORKER] == 1 ? "" : "s",
	       by_role[ROLE_TEAM_MANAGER], by_role[ROLE_TEAM_MANAGER] == 1 ? "" : "s",
	       by_role[ROLE_PANEL_MEMBER], by_role[ROLE_PANEL_MEMBER] == 1 ? "" : "s",
	       by_role[ROLE_FINANCE_OFFICER], by_role[ROLE_FINANCE_OFFICER] == 1 ? "" : "s",
	       by_role[ROLE_ADMIN], by_role[ROLE_ADMIN] == 1 ? "" : "s");
	staff_free_members(&sf);
	return CLI_EXIT_OK;
}

/* ---- the terminal interface ---- */

/* path with $HOME written as ~, so a notice fits the message rows. */
static const char *home_short(const char *path, char *buf, size_t size)
{
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;
	while (n > 1 && home[n - 1] == '/')
		n--;
	if (n > 1 && strncmp(path, home, n) == 0 && path[n] == '/') {
		snprintf(buf, size, "~%s", path + n);
		return buf;
	}
	return path;
}

/* The provider directory, when one is found (it is optional): checked
 * against the policy as strictly as the policy is, and a bad one stops
 * casework rather than offer part of it (docs/providers.md). */
static bool load_providers(const char *path, const struct policy *pol, struct provider_directory *d)
{
	struct config_errors e = {0};
	memset(d, 0, sizeof *d);
	if (!path)
		return true;
	if (provider_load_file(path, pol, d, &e) == CW_OK) {
		config_errors_free(&e);
		return true;
	}
	for (size_t i = 0; i < e.n; i++)
		fprintf(stderr, "%s\n", e.msgs[i]);
	if (e.n == 0)
		fprintf(stderr, "%s: not a valid provider directory\n", path);
	fprintf(stderr, "casework: will not start with an invalid provider directory %s; fix the errors above "
			"(or move the file away to work without one)\n", path);
	config_errors_free(&e);
	return false;
}

int cmd_tui(const struct cli_opts *o)
{
	struct session s;
	struct cw_error err = {0};
	bool created = false;
	/* Who you are is settled before anything else, the store included. */
	struct provider_directory providers = {0};
	int rc = session_identify(&s, o);
	if (rc == CLI_EXIT_OK && !load_providers(s.paths.providers, &s.policy, &providers))
		rc = CLI_EXIT_FAIL;
	if (rc == CLI_EXIT_OK)
		rc = session_may(&s, "the case screens", ACCESS_VIEW_CASE);
	if (rc == CLI_EXIT_OK)
		rc = session_open_store(&s, DB_MAY_CREATE, &created);
	if (rc != CLI_EXIT_OK) {
		provider_directory_free(&providers);
		session_close(&s);
		return rc;
	}

	if (created && s.first_run) {
		if (demo_generate(s.store, &s.policy, &s.staff, s.me->login, FIRST_RUN_CASES, 1,
				  &err) != CW_OK) {
			fprintf(stderr, "casework: making the demo caseload in %s: %s\n",
				s.paths.db, err.msg);
			session_close(&s);
			return CLI_EXIT_FAIL;
		}
		/* Said on the message rows of an 80-column screen: three at most. */
		char cfg[1024], db[1024];
		size_t n = strlen(s.paths.config_dir) + strlen(s.paths.db) + strlen(s.me->login) + 200;
		char *notice = xmalloc(n);
		snprintf(notice, n,
			 "First start: casework set you (%s) up as team manager of the Demo team: "
			 "policy.yaml and staff.yaml in %s, %d demo cases in %s.",
			 s.me->login, home_short(s.paths.config_dir, cfg, sizeof cfg), FIRST_RUN_CASES,
			 home_short(s.paths.db, db, sizeof db));
		free(s.notice);
		s.notice = notice;
	} else if (created) {
		size_t n = strlen(s.paths.db) + 80;
		free(s.notice);
		s.notice = xmalloc(n);
		snprintf(s.notice, n, "casework made a new, empty case database at %s.",
			 s.paths.db);
	}

	struct tui_context ctx = {
		.store = s.store,
		.policy = &s.policy,
		.staff = &s.staff,
		.me = s.me,
		.training = false,
		.notice = s.notice,
		/* the demo caseload is the team's: a manager holds no cases of their own */
		.team_view = created && s.first_run,
		.providers = &providers,
	};
	rc = tui_run(&ctx);
	provider_directory_free(&providers);
	session_close(&s);
	return rc;
}

/* ---- training: a private sandbox ---- */

/* Removes a database and the files SQLite keeps beside it. */
static void remove_db_files(const char *db)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	size_t n = strlen(db) + 16;
	char *path = xmalloc(n);
	for (size_t i = 0; i < CW_ARRAY_LEN(suffixes); i++) {
		snprintf(path, n, "%s%s", db, suffixes[i]);
		unlink(path);
	}
	free(path);
}

/* true if a and b name the same existing file. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (strcmp(a, b) == 0)
		return true;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* The policy in use (or the shipped one: training shows the council's
 * rules), then the scenario (`scenario` or the built-in one) under it.
 * Prints every error (and, if doing is not NULL, "will not DOING an
 * invalid ...") on failure. */
static bool training_load(const char *policy, const char *scenario, struct policy *pol,
			  struct training_scenario *sc, const char *doing)
{
	struct config_errors errs = {0};
	enum cw_status pst = policy
		? policy_load_file(policy, pol, &errs)
		: policy_load_data("policy.yaml (built in)", embedded_policy_yaml,
				   embedded_policy_yaml_len, pol, &errs);
	if (pst != CW_OK) {
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "%s\n", errs.msgs[i]);
		if (doing)
			fprintf(stderr, "casework: will not %s an invalid policy; fix the errors "
					"above\n", doing);
		config_errors_free(&errs);
		return false;
	}
	config_errors_free(&errs);
	pst = scenario
		? training_load_file(scenario, pol, sc, &errs)
		: training_load_data("training.yaml (built in)", embedded_training_yaml,
				     embedded_training_yaml_len, pol, sc, &errs);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.msgs[i]);
	config_errors_free(&errs);
	if (pst != CW_OK) {
		if (doing)
			fprintf(stderr, "casework: will not %s an invalid scenario; fix the errors "
					"above (docs/training.md describes the format)\n", doing);
		return false;
	}
	return true;
}

int cmd_scenario_check(const struct cli_opts *o)
{
	struct cli_paths paths;
	struct policy pol;
	struct training_scenario sc = {0};
	size_t by_role[ROLE_COUNT] = {0};

	memset(&pol, 0, sizeof pol);
	if (!paths_resolve(o, &paths))
		return CLI_EXIT_FAIL;
	bool ok = training_load(paths.policy, o->file, &pol, &sc, NULL);
	if (ok) {
		for (size_t i = 0; i < sc.n; i++)
			by_role[sc.cases[i].role]++;
		printf("%s: ok\n%zu practice case%s under %s: %zu for the social worker, %zu for the "
		       "team manager, %zu for the panel member, %zu for the finance officer\n",
		       o->file, sc.n, sc.n == 1 ? "" : "s", pol.council_name,
		       by_role[ROLE_SOCIAL_WORKER], by_role[ROLE_TEAM_MANAGER],
		       by_role[ROLE_PANEL_MEMBER], by_role[ROLE_FINANCE_OFFICER]);
	}
	training_scenario_free(&sc);
	paths_free(&paths);
	return ok ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

int cmd_training(const struct cli_opts *o)
{
	struct cli_paths paths;
	struct policy pol;
	struct staff staff = {0};
	struct training_scenario sc = {0};
	struct cw_error err = {0};
	struct store *st = NULL;
	struct provider_directory providers = {0};
	char *db = NULL, *notice = NULL;
	char name[STAFF_NAME_MAX];
	int rc = CLI_EXIT_FAIL, lockfd = -1;

	memset(&pol, 0, sizeof pol);
	if (!paths_resolve(o, &paths))
		return CLI_EXIT_FAIL;
	const char *login = setup_login();
	if (!login)
		goto out;

	if (!training_load(paths.policy, paths.scenario, &pol, &sc, "start training with"))
		goto out;
	if (!load_providers(paths.providers, &pol, &providers))
		goto out;

	/* The sandbox: made afresh each start, never the live database. */
	if (!paths_mkdirs(paths.state_dir, 0700)) {
		fprintf(stderr, "casework: cannot create %s: %s\n", paths.state_dir, strerror(errno));
		goto out;
	}
	size_t n = strlen(paths.state_dir) + strlen(login) + 32;
	db = xmalloc(n);
	snprintf(db, n, "%s/training-%s.db", paths.state_dir, login);
	if (same_file(db, paths.db)) {
		fprintf(stderr, "casework: the training sandbox %s is the live case database; "
				"move the database (CASEWORK_DB) elsewhere\n", db);
		goto out;
	}
	/* One training session per login at a time: the next start resets
	 * the sandbox, which must not pull it from under an open session. */
	char *lockpath = xmalloc(n + 8);
	snprintf(lockpath, n + 8, "%s.lock", db);
	lockfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(lockpath);
	if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, "casework: a training session for %s is already open (in another "
				"terminal?); close it first\n", login);
		goto out;
	}
	remove_db_files(db);
	setup_full_name(name, sizeof name, login);
	training_staff(name, &staff);
	if (store_open(db, &st, &err) == CW_OK)
		store_set_context(st, &pol, &staff);
	if (!st || training_seed(st, &pol, &sc, &staff, &err) != CW_OK) {
		fprintf(stderr, "casework: making the training sandbox %s: %s\n", db, err.msg);
		goto out;
	}
	n = strlen(db) + 400;
	notice = xmalloc(n);
	snprintf(notice, n, "TRAINING: %zu practice cases in a private sandbox (%s), made afresh "
		 "each time; nothing here touches the live case store. Each case's first note is "
		 "your brief. R switches role; i shows the guidance.", sc.n, db);
	struct tui_context ctx = {
		.store = st,
		.policy = &pol,
		.staff = &staff,
		.me = training_member(&staff, ROLE_SOCIAL_WORKER),
		.training = true,
		.notice = notice,
		.providers = &providers,
	};
	rc = tui_run(&ctx);
out:
	store_close(&st);
	provider_directory_free(&providers);
	if (lockfd >= 0)
		close(lockfd); /* releases the lock */
	free(notice);
	free(db);
	staff_free_members(&staff);
	training_scenario_free(&sc);
	paths_free(&paths);
	return rc;
}

/* ---- demo ---- */

static int count_cases(struct store *st, size_t *n, struct cw_error *err)
{
	struct caseload cl = {0};
	struct caseload_query q = {.stage = -1, .sort = SORT_REF};
	if (store_caseload(st, &q, &cl, err) != CW_OK)
		return CLI_EXIT_FAIL;
	*n = cl.n;
	caseload_free(&cl);
	return CLI_EXIT_OK;
}

int cmd_demo(const struct cli_opts *o)
{
	struct session s;
	struct cw_error err = {0};
	size_t existing = 0;
	/* synthetic cases are cases: not for those who see none */
	int rc = session_open(&s, o, DB_MAY_CREATE, NULL, "demo", create, 1);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (count_cases(s.store, &existing, &err) != CLI_EXIT_OK) {
		fprintf(stderr, "casework: %s: %s\n", s.paths.db, err.msg);
		rc = CLI_EXIT_FAIL;
	} else if (existing > 0) {
		/* Never mix synthetic people into a real caseload. */
		fprintf(stderr, "casework: %s already holds %zu cases; demo makes a caseload "
				"only in a new, empty database (give --db NEW.db)\n",
			s.paths.db, existing);
		rc = CLI_EXIT_FAIL;
	} else if (demo_generate(s.store, &s.policy, &s.staff, s.me->login, o->cases, o->seed,
				 &err) != CW_OK) {
		fprintf(stderr, "casework: demo: %s\n", err.msg);
		rc = CLI_EXIT_FAIL;
	} else {
		printf("casework: made %ld demo cases (seed %llu) in %s\n", o->cases,
		       (unsigned long long)o->seed, s.paths.db);
	}
	session_close(&s);
	return rc;
}

/* ---- export ---- */

/* "C-000123", "c-123" or "123" -> 123; 0 if not a case reference. */
static int64_t parse_case_ref(const char *s)
{
	if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-')
		s += 2;
	if (!*s || strlen(s) > 15)
		return 0;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int bad_case_ref(const char *ref)
{
	char buf[64];
	fprintf(stderr, "casework: '%s' is not a case reference; use one like C-000123 (or "
			"the number, 123)\n", cw_sanitize(buf, sizeof buf, ref));
	fputs("Try 'casework --help' for more information.\n", stderr);
	return CLI_EXIT_USAGE;
}

int cmd_export(const struct cli_opts *o)
{
	struct session s;
	struct cw_error err = {0};
	struct export_filter f = {0};
	size_t written = 0;

	if (o->case_id && (f.case_id = parse_case_ref(o->case_id)) == 0)
		return bad_case_ref(o->case_id);
	int rc = session_open(&s, o, DB_MUST_EXIST, NULL, "export", view, 1);
	if (rc != CLI_EXIT_OK)
		return rc;
	/* Only the cases they may export: their team's, for workers and
	 * managers; one at a time for the panel and finance. */
	if (export_allowed(s.me, &f, &err) != CW_OK) {
		fprintf(stderr, "casework: export: %s\n", err.msg);
		session_close(&s);
		return CLI_EXIT_FAIL;
	}
	/* A case that is not there, or not theirs, is refused before
	 * anything is recorded or written. */
	if (export_check(s.store, &f, &err) != CW_OK) {
		fprintf(stderr, "casework: export: %s\n", err.msg);
		session_close(&s);
		return CLI_EXIT_FAIL;
	}
	/* Reading cases out is on the record, like opening them. */
	char detail[200];
	snprintf(detail, sizeof detail, "%s, %s", o->format == FORMAT_CSV ? "csv" : "json",
		 f.case_id ? "one case" : f.team ? f.team : "every team");
	if (store_audit_event(s.store, s.me->login, f.case_id, "exported", detail, &err) != CW_OK) {
		fprintf(stderr, "casework: export: nothing was exported: it could not be recorded (%s)\n",
			err.msg);
		session_close(&s);
		return CLI_EXIT_FAIL;
	}
	enum cw_status st = export_store(s.store, stdout,
					 o->format == FORMAT_CSV ? EXPORT_CSV : EXPORT_JSON, &f,
					 &written, &err);
	if (st != CW_OK) {
		fprintf(stderr, "casework: export: %s\n", err.msg);
		rc = CLI_EXIT_FAIL;
	}
	session_close(&s);
	return rc;
}

/* ---- import ---- */

int cmd_import(const struct cli_opts *o)
{
	struct session s;
	struct cw_error err = {0};
	struct import_report rep = {0};
	char shown[256];

	cw_sanitize(shown, sizeof shown, o->file);
	/* The file first: a missing file is said before anything is opened. */
	FILE *in = fopen(o->file, "rb");
	if (!in) {
		fprintf(stderr, "casework: cannot read %s: %s\n", shown, strerror(errno));
		return CLI_EXIT_FAIL;
	}
	int rc = session_open(&s, o, DB_MAY_CREATE, NULL, "import", import_actions, 2);
	if (rc != CLI_EXIT_OK) {
		fclose(in);
		return rc;
	}
	enum cw_status st = import_csv(s.store, in, shown, &s.staff, s.me, &rep, &err);
	for (size_t i = 0; i < rep.nmessages; i++)
		fprintf(stderr, "%s\n", rep.messages[i]);
	if (st == CW_OK) {
		printf("casework: imported %zu case%s from %s into %s\n", rep.imported,
		       rep.imported == 1 ? "" : "s", shown, s.paths.db);
	} else if (st == CW_ERR_INVALID && rep.nerrors > 0) {
		fprintf(stderr, "casework: %s: %zu problem%s found; nothing was imported\n", shown,
			rep.nerrors, rep.nerrors == 1 ? "" : "s");
		rc = CLI_EXIT_FAIL;
	} else {
		fprintf(stderr, "casework: import: %s; nothing was imported\n", err.msg);
		rc = CLI_EXIT_FAIL;
	}
	import_report_free(&rep);
	fclose(in);
	session_close(&s);
	return rc;
}

/* ---- documents ---- */

int cmd_document(const struct cli_opts *o)
{
	struct session s;
	struct cw_error err = {0};
	struct case_record *c;
	int64_t id = parse_case_ref(o->case_id);

	if (id == 0)
		return bad_case_ref(o->case_id);
	int rc = session_open(&s, o, DB_MUST_EXIST, NULL, "document", view, 1);
	if (rc != CLI_EXIT_OK)
		return rc;
	c = xmalloc(sizeof *c);
	if (store_case_load(s.store, id, c, &err) != CW_OK) {
		if (err.status == CW_ERR_NOT_FOUND || err.msg[0] == '\0')
			fprintf(stderr, "casework: there is no case C-%06lld in %s\n",
				(long long)id, s.paths.db);
		else
			fprintf(stderr, "casework: %s\n", err.msg);
		rc = CLI_EXIT_FAIL;
	} else if (access_check(s.me, ACCESS_VIEW_CASE, c->team, &s.policy, &err) != CW_OK) {
		fprintf(stderr, "casework: %s: %s\n", c->ref, err.msg);
		rc = CLI_EXIT_FAIL;
	} else if (access_serves_case(s.me, c, &err) != CW_OK) {
		fprintf(stderr, "casework: %s\n", err.msg);
		rc = CLI_EXIT_FAIL;
	} else {
		enum document_kind kind = strcmp(o->document_kind, "plan") == 0
			? DOCUMENT_SUPPORT_PLAN : DOCUMENT_BUDGET_STATEMENT;
		enum document_style style = o->markdown ? DOCUMENT_MARKDOWN : DOCUMENT_TEXT;
		/* a document that cannot be made is not recorded as printed */
		FILE *tmp = tmpfile();
		if (!tmp) {
			fprintf(stderr, "casework: cannot make the document: %s\n", strerror(errno));
			rc = CLI_EXIT_FAIL;
		} else if (document_write(tmp, c, &s.policy, kind, style, &err) != CW_OK) {
			fprintf(stderr, "casework: %s\n", err.msg);
			rc = CLI_EXIT_FAIL;
		} else if (store_audit_event(s.store, s.me->login, c->id,
					     kind == DOCUMENT_SUPPORT_PLAN ? "printed support plan"
								   : "printed budget statement",
					     style == DOCUMENT_MARKDOWN ? "markdown" : "text", &err) != CW_OK) {
			fprintf(stderr, "casework: %s: the document was not printed: it could not be "
					"recorded (%s)\n", c->ref, err.msg);
			rc = CLI_EXIT_FAIL;
		} else {
			char buf[4096];
			size_t n;
			rewind(tmp);
			while ((n = fread(buf, 1, sizeof buf, tmp)) > 0)
				if (fwrite(buf, 1, n, stdout) != n)
					break;
			if (fflush(stdout) != 0 || ferror(stdout)) {
				fprintf(stderr, "casework: could not write the document\n");
				rc = CLI_EXIT_FAIL;
			}
		}
		if (tmp)
			fclose(tmp);
	}
	free(c);
	session_close(&s);
	return rc;
}

/* ---- audit verify ---- */

int cmd_audit_verify(const struct cli_opts *o)
{
	struct session s;
	struct cw_error err = {0};
	int64_t first_bad = 0, checked = 0;
	int rc = session_open(&s, o, DB_MUST_EXIST, NULL, "audit verify", verify, 1);
	if (rc != CLI_EXIT_OK)
		return rc;
	enum cw_status st = store_audit_verify(s.store, &first_bad, &checked, &err);
	char hash[STORE_HASH_HEX];
	int64_t head = 0;
	if (st == CW_OK && o->head) {
		/* the head noted before: still there, with the same hash */
		char want[STORE_HASH_HEX];
		long long row = strtoll(o->head, NULL, 10);
		cw_strlcpy(want, strchr(o->head, ':') + 1, sizeof want);
		enum cw_status hs = store_audit_hash(s.store, row, NULL, hash, &err);
		if (hs == CW_ERR_NOT_FOUND) {
			fprintf(stderr, "casework: %s: the audit trail has lost its end: row %lld, the head noted "
					"before, is not there (%lld row%s left); rows were removed\n",
				s.paths.db, row, (long long)checked, checked == 1 ? "" : "s");
			session_close(&s);
			return CLI_EXIT_FAIL;
		}
		if (hs == CW_OK && strcmp(hash, want) != 0) {
			fprintf(stderr, "casework: %s: the audit trail was rewritten: row %lld no longer has the "
					"hash noted before, so the rows up to it are not the ones that were checked\n",
				s.paths.db, row);
			session_close(&s);
			return CLI_EXIT_FAIL;
		}
		if (hs != CW_OK)
			st = hs;
	}
	if (st == CW_OK) {
		printf("%s: audit trail intact, %lld row%s checked%s\n", s.paths.db, (long long)checked,
		       checked == 1 ? "" : "s", o->head ? "; the head noted before is there, unchanged" : "");
		/* to note somewhere the database's users cannot write, for
		 * the next check's --head */
		if (checked > 0 && store_audit_hash(s.store, 0, &head, hash, &err) == CW_OK)
			printf("head: %lld:%s\n", (long long)head, hash);
	} else if (st == CW_ERR_INVALID) {
		if (err.msg[0])
			fprintf(stderr, "casework: %s: %s\n", s.paths.db, err.msg);
		else
			fprintf(stderr, "casework: %s: the audit trail is broken at row %lld\n",
				s.paths.db, (long long)first_bad);
		rc = CLI_EXIT_FAIL;
	} else {
		fprintf(stderr, "casework: %s: %s\n", s.paths.db, err.msg);
		rc = CLI_EXIT_FAIL;
	}
	session_close(&s);
	return rc;
}
