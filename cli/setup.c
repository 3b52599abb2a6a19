/* setup.c - who is running casework, the personal setup made on a
 * first start with nothing configured, and loading the policy and
 * staff files with every error reported. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/embedded.h"
#include "config/config.h"
#include "core/util.h"

const char *setup_login(void)
{
	static char login[STAFF_LOGIN_MAX];
	struct passwd *pw = getpwuid(geteuid());

	if (!pw || !pw->pw_name || !*pw->pw_name) {
		fprintf(stderr, "casework: cannot find your login name (user id %u has no "
				"entry in the password database); ask your IT team\n",
			(unsigned)geteuid());
		return NULL;
	}
	if (!cw_strlcpy(login, pw->pw_name, sizeof login)) {
		fprintf(stderr, "casework: your login name is longer than %d characters, "
				"which casework does not support\n", STAFF_LOGIN_MAX - 1);
		return NULL;
	}
	return login;
}

/* The person's name from the password database's GECOS field. */
void setup_full_name(char *buf, size_t size, const char *login)
{
	struct passwd *pw = getpwuid(geteuid());
	buf[0] = '\0';
	if (pw && pw->pw_gecos && *pw->pw_gecos) {
		size_t len = strcspn(pw->pw_gecos, ",");
		if (len > 0 && len < size) {
			memcpy(buf, pw->pw_gecos, len);
			buf[len] = '\0';
		}
	}
	if (!buf[0] || !cw_utf8_valid(buf) || cw_has_controls(buf, NULL))
		cw_strlcpy(buf, login, size);
}

/* Appends s as a YAML double-quoted scalar. */
static void yaml_quote(char *dst, size_t size, const char *s)
{
	size_t n = 0;
	if (size < 3)
		return;
	dst[n++] = '"';
	for (; *s && n + 7 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			dst[n++] = '\\';
			dst[n++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			n += (size_t)snprintf(dst + n, size - n, "\\x%02x", c);
		} else {
			dst[n++] = (char)c;
		}
	}
	dst[n++] = '"';
	dst[n] = '\0';
}

struct demo_colleague {
	const char *login, *name, *team, *role;
};

static const struct demo_colleague colleagues[] = {
	{"aokafor", "Amara Okafor", "Demo team", "social_worker"},
	{"tnowak", "Tomasz Nowak", "Demo team", "social_worker"},
	{"pshah", "Priya Shah", "Demo team", "social_worker"},
	{"ghughes", "Gareth Hughes", "Demo team", "social_worker"},
	{"hmarsh", "Helen Marsh", "Funding panel", "panel_member"},
	{"oprice", "Owen Price", "Finance", "finance_officer"},
};

char *setup_staff_yaml(const char *login, const char *name)
{
	size_t cap = 4096, len = 0;
	char *out = xmalloc(cap);
	char ql[128], qn[256];

	yaml_quote(ql, sizeof ql, login);
	yaml_quote(qn, sizeof qn, name);
	len += (size_t)snprintf(out + len, cap - len,
		"# casework staff file: who may use casework, and as what.\n"
		"# Written on first start for a personal setup; edit it freely.\n"
		"# Roles: social_worker, team_manager, panel_member,\n"
		"# finance_officer, admin. See docs/policy.md.\n"
		"contact: \"your team manager\"\n"
		"teams: [\"Demo team\", \"Funding panel\", \"Finance\"]\n"
		"staff:\n"
		"  - {login: %s, name: %s, team: \"Demo team\", role: team_manager}\n",
		ql, qn);
	for (size_t i = 0; i < CW_ARRAY_LEN(colleagues); i++) {
		const struct demo_colleague *c = &colleagues[i];
		if (strcmp(c->login, login) == 0)
			continue;
		len += (size_t)snprintf(out + len, cap - len,
			"  - {login: %s, name: \"%s\", team: \"%s\", role: %s}\n",
			c->login, c->name, c->team, c->role);
	}
	return out;
}

/* Writes a new file (never over an existing one). */
static bool write_new_file(const char *path, const char *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		fprintf(stderr, "casework: cannot create %s: %s\n", path, strerror(errno));
		return false;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "casework: cannot write %s: %s\n", path, strerror(errno));
			close(fd);
			unlink(path);
			return false;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fprintf(stderr, "casework: cannot write %s: %s\n", path, strerror(errno));
		unlink(path);
		return false;
	}
	return true;
}

bool setup_first_run(struct cli_paths *p, const char *login, char **notice)
{
	char name[STAFF_NAME_MAX];
	size_t dlen = strlen(p->config_dir) + 16;
	char *policy = xmalloc(dlen), *staff = xmalloc(dlen);

	snprintf(policy, dlen, "%s/policy.yaml", p->config_dir);
	snprintf(staff, dlen, "%s/staff.yaml", p->config_dir);
	if (!paths_mkdirs(p->config_dir, 0700)) {
		fprintf(stderr, "casework: cannot create %s: %s\n", p->config_dir, strerror(errno));
		goto fail;
	}
	setup_full_name(name, sizeof name, login);
	char *staff_yaml = setup_staff_yaml(login, name);
	bool ok = write_new_file(policy, embedded_policy_yaml, embedded_policy_yaml_len, 0600) &&
		  write_new_file(staff, staff_yaml, strlen(staff_yaml), 0600);
	free(staff_yaml);
	if (!ok)
		goto fail;
	free(p->policy);
	free(p->staff);
	p->policy = policy;
	p->staff = staff;
	if (notice) {
		size_t n = strlen(p->config_dir) + strlen(login) + 200;
		*notice = xmalloc(n);
		snprintf(*notice, n,
			 "First start: casework made a personal setup in %s (policy.yaml, "
			 "staff.yaml: you, %s, are team manager of the Demo team).",
			 p->config_dir, login);
	}
	return true;
fail:
	free(policy);
	free(staff);
	return false;
}

static void print_errors(const struct config_errors *e, const char *path, const char *what)
{
	for (size_t i = 0; i < e->n; i++)
		fprintf(stderr, "%s\n", e->msgs[i]);
	if (e->n == 0)
		fprintf(stderr, "%s: not a valid %s file\n", path, what);
}

bool setup_load_config(const struct cli_paths *p, struct policy *pol, struct staff *staff)
{
	struct config_errors pe = {0}, se = {0};
	bool policy_bad = false, staff_bad = false;

	memset(pol, 0, sizeof *pol);
	memset(staff, 0, sizeof *staff);
	if (policy_load_file(p->policy, pol, &pe) != CW_OK) {
		print_errors(&pe, p->policy, "policy");
		policy_bad = true;
	}
	if (staff_load_file(p->staff, staff, &se) != CW_OK) {
		print_errors(&se, p->staff, "staff");
		staff_bad = true;
	}
	if (policy_bad && staff_bad)
		fprintf(stderr, "casework: will not start with an invalid policy and staff file; fix the "
				"errors above (casework policy check FILE and casework staff check FILE "
				"check them)\n");
	else if (policy_bad || staff_bad)
		fprintf(stderr, "casework: will not start with an invalid %s; fix the errors "
				"above (casework %s check FILE checks a %s)\n",
			policy_bad ? "policy" : "staff file", policy_bad ? "policy" : "staff",
			policy_bad ? "policy" : "staff file");
	if (policy_bad || staff_bad)
		staff_free_members(staff);
	config_errors_free(&pe);
	config_errors_free(&se);
	return !policy_bad && !staff_bad;
}
