/* paths.c - where casework keeps things: the command line first, then
 * CASEWORK_DB / CASEWORK_POLICY / CASEWORK_STAFF / CASEWORK_PROVIDERS, then the XDG base
 * directories, then the system configuration directory. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = xmalloc(la + lb + 2);
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

bool paths_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* $XDG_x_HOME when it is an absolute path (the spec says to ignore a
 * relative one), else HOME/fallback. */
static char *xdg_home(const char *var, const char *fallback, const char *home)
{
	const char *v = env_nonempty(var);
	if (v && v[0] == '/')
		return xstrdup(v);
	return join(home, fallback);
}

/* The first of the personal and the system file that exists. */
static char *find_config(const char *config_dir, const char *name)
{
	char *mine = join(config_dir, name);
	if (paths_exists(mine))
		return mine;
	free(mine);
	char *sys = join(CASEWORK_SYSCONFDIR "/casework", name);
	if (paths_exists(sys))
		return sys;
	free(sys);
	return NULL;
}

bool paths_resolve(const struct cli_opts *o, struct cli_paths *p)
{
	const char *home = env_nonempty("HOME");
	const char *v;

	memset(p, 0, sizeof *p);
	if (!home) {
		struct passwd *pw = getpwuid(geteuid());
		if (pw && pw->pw_dir && *pw->pw_dir)
			home = pw->pw_dir;
	}
	if (!home) {
		fprintf(stderr, "casework: cannot tell where your home directory is; "
				"set HOME, or give --db, --policy and --staff\n");
		return false;
	}
	char *config_home = xdg_home("XDG_CONFIG_HOME", ".config", home);
	char *data_home = xdg_home("XDG_DATA_HOME", ".local/share", home);
	char *state_home = xdg_home("XDG_STATE_HOME", ".local/state", home);
	p->config_dir = join(config_home, "casework");
	p->data_dir = join(data_home, "casework");
	p->state_dir = join(state_home, "casework");
	free(config_home);
	free(data_home);
	free(state_home);

	if (o->db)
		p->db = xstrdup(o->db);
	else if ((v = env_nonempty("CASEWORK_DB")))
		p->db = xstrdup(v);
	else {
		p->db = join(p->data_dir, "casework.db");
		p->db_default = true;
	}

	if (o->policy)
		p->policy = xstrdup(o->policy);
	else if ((v = env_nonempty("CASEWORK_POLICY")))
		p->policy = xstrdup(v);
	else
		p->policy = find_config(p->config_dir, "policy.yaml");

	if (o->staff)
		p->staff = xstrdup(o->staff);
	else if ((v = env_nonempty("CASEWORK_STAFF")))
		p->staff = xstrdup(v);
	else
		p->staff = find_config(p->config_dir, "staff.yaml");

	if (o->providers)
		p->providers = xstrdup(o->providers);
	else if ((v = env_nonempty("CASEWORK_PROVIDERS")))
		p->providers = xstrdup(v);
	else
		p->providers = find_config(p->config_dir, "providers.yaml");

	if (o->scenario)
		p->scenario = xstrdup(o->scenario);
	else if ((v = env_nonempty("CASEWORK_SCENARIO")))
		p->scenario = xstrdup(v);
	else
		p->scenario = find_config(p->config_dir, "training.yaml");
	return true;
}

void paths_free(struct cli_paths *p)
{
	free(p->config_dir);
	free(p->data_dir);
	free(p->db);
	free(p->policy);
	free(p->staff);
	free(p->providers);
	free(p->state_dir);
	free(p->scenario);
	memset(p, 0, sizeof *p);
}

bool paths_mkdirs(const char *dir, unsigned mode)
{
	char *d = xstrdup(dir);
	size_t len = strlen(d);
	bool ok = true;

	for (size_t i = 1; i <= len && ok; i++) {
		if (d[i] != '/' && d[i] != '\0')
			continue;
		char c = d[i];
		d[i] = '\0';
		if (mkdir(d, (mode_t)mode) != 0 && errno != EEXIST)
			ok = false;
		d[i] = c;
	}
	if (ok) {
		struct stat sb;
		if (stat(d, &sb) != 0)
			ok = false;
		else if (!S_ISDIR(sb.st_mode)) {
			errno = ENOTDIR;
			ok = false;
		}
	}
	int saved = errno;
	free(d);
	errno = saved;
	return ok;
}
