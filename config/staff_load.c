/* staff_load.c - staff.yaml -> struct staff: who may use casework, in
 * which team and which role. Strict like the policy loader: any problem
 * is reported with its position and no staff list is handed out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/config_values.h"
#include "config/yaml_tree.h"
#include "core/util.h"

#define MAX_TEAMS 256

static const char *const top_keys[] = { "contact", "teams", "staff" };
static const char *const member_keys[] = { "login", "name", "team", "role" };

static bool login_valid(const char *s, size_t len)
{
	if (len == 0 || len >= STAFF_LOGIN_MAX || s[0] == '-')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == len;
}

static void load_login(struct config_ctx *c, struct ynode *m, const char *what, struct staff_member *sm)
{
	char name[CFG_NAME_MAX], shown[96];
	struct ynode *v = cfg_field(c, m, what, "login", true, "the person's Unix login");

	cfg_name(name, sizeof name, what, "login");
	if (!v || v->bad)
		return;
	if (v->type != YNODE_SCALAR) {
		config_error(c, v->line, v->col, "%s is %s; expected the person's Unix login", name, ytree_describe(v));
		return;
	}
	if (!login_valid(v->value, v->len)) {
		config_error(c, v->line, v->col,
		             "%s '%s' is not a Unix login; expected 1 to %d letters, digits, '.', '_' or '-'", name,
		             ytree_show(v->value, shown, sizeof shown), STAFF_LOGIN_MAX - 1);
		return;
	}
	cw_strlcpy(sm->login, v->value, sizeof sm->login);
}

static void load_role(struct config_ctx *c, struct ynode *m, const char *what, struct staff_member *sm, bool *ok)
{
	char name[CFG_NAME_MAX], shown[96];
	struct ynode *v = cfg_field(c, m, what, "role", true,
	                            "one of social_worker, team_manager, panel_member, finance_officer, admin");
	const char *best;
	int r;

	*ok = false;
	cfg_name(name, sizeof name, what, "role");
	if (!v || v->bad)
		return;
	if (v->type != YNODE_SCALAR) {
		config_error(c, v->line, v->col,
		             "%s is %s; expected one of social_worker, team_manager, panel_member, finance_officer, admin",
		             name, ytree_describe(v));
		return;
	}
	for (r = 0; r < ROLE_COUNT; r++) {
		if (strcmp(v->value, role_keys[r]) == 0) {
			sm->role = (enum role)r;
			*ok = true;
			return;
		}
	}
	best = config_suggest(v->value, role_keys, ROLE_COUNT);
	ytree_show(v->value, shown, sizeof shown);
	if (best)
		config_error(c, v->line, v->col, "%s '%s' is not a role; did you mean '%s'?", name, shown, best);
	else
		config_error(c, v->line, v->col,
		             "%s '%s' is not a role; expected one of social_worker, team_manager, panel_member, finance_officer, admin",
		             name, shown);
}

/* The optional list of team names; members' teams must then be in it. */
static size_t load_teams(struct config_ctx *c, struct ynode *seq, char (*teams)[STAFF_TEAM_MAX])
{
	char what[CFG_NAME_MAX];
	size_t i, j, n = 0;

	if (!cfg_seq(c, seq, "teams", "a list of team names"))
		return 0;
	if (seq->n == 0) {
		config_error(c, seq->line, seq->col, "teams is an empty list; expected at least one team name");
		return 0;
	}
	if (seq->n > MAX_TEAMS) {
		config_error(c, seq->items[MAX_TEAMS]->line, seq->items[MAX_TEAMS]->col,
		             "teams has %zu entries; expected at most %d", seq->n, MAX_TEAMS);
		return 0;
	}
	for (i = 0; i < seq->n; i++) {
		snprintf(what, sizeof what, "teams[%d]", (int)i + 1);
		if (!cfg_text(c, seq->items[i], what, teams[n], STAFF_TEAM_MAX))
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(teams[j], teams[n]) == 0)
				break;
		if (j < n) {
			char shown[96];
			config_error(c, seq->items[i]->line, seq->items[i]->col,
			             "%s '%s' is listed twice; expected each team once", what,
			             ytree_show(teams[n], shown, sizeof shown));
			continue;
		}
		n++;
	}
	return n;
}

static enum cw_status load_tree(struct config_ctx *c, const char *data, size_t len, struct staff *s)
{
	struct ynode *root = NULL, *list, *v;
	char(*teams)[STAFF_TEAM_MAX];
	const char *team_names[MAX_TEAMS];
	size_t nteams = 0, i, j;
	enum cw_status st;
	bool have_teams = false;

	st = ytree_parse(c, data, len, &root);
	if (!root) {
		if (st == CW_OK)
			config_error(c, 1, 1, "the staff file is empty; expected a mapping with contact, teams and staff");
		return st == CW_OK ? CW_ERR_INVALID : st;
	}
	if (root->type != YNODE_MAP) {
		config_error(c, root->line, root->col, "the staff file is %s; expected a mapping with contact, teams and staff",
		             ytree_describe(root));
		ytree_free(root);
		return CW_ERR_INVALID;
	}
	teams = xcalloc(MAX_TEAMS, sizeof *teams);
	if ((v = ytree_get(root, "contact")))
		cfg_text(c, v, "contact", s->contact, sizeof s->contact);
	if ((v = ytree_get(root, "teams"))) {
		size_t before = c->errs.n + c->dropped;
		nteams = load_teams(c, v, teams);
		have_teams = c->errs.n + c->dropped == before;
	}
	for (i = 0; i < nteams; i++)
		team_names[i] = teams[i];
	list = cfg_field(c, root, "", "staff", true, "a list of people, each with login, name, team and role");
	if (list && cfg_seq(c, list, "staff", "a list of people, each with login, name, team and role")) {
		if (list->n == 0)
			config_error(c, list->line, list->col,
			             "staff is an empty list; expected at least one person with login, name, team and role");
		s->members = xcalloc(list->n ? list->n : 1, sizeof *s->members);
		s->n = list->n;
	}
	for (i = 0; s->members && i < s->n; i++) {
		struct ynode *m = list->items[i];
		struct staff_member *sm = &s->members[i];
		char what[CFG_NAME_MAX], name[CFG_NAME_MAX], shown[96];
		bool role_ok;

		snprintf(what, sizeof what, "staff[%d]", (int)i + 1);
		if (!cfg_map(c, m, what, "a mapping with login, name, team and role"))
			continue;
		load_login(c, m, what, sm);
		cfg_text(c, cfg_field(c, m, what, "name", true, "the person's full name"),
		         cfg_name(name, sizeof name, what, "name"), sm->name, sizeof sm->name);
		v = cfg_field(c, m, what, "team", true, "the name of the person's team");
		if (cfg_text(c, v, cfg_name(name, sizeof name, what, "team"), sm->team, sizeof sm->team) && have_teams) {
			for (j = 0; j < nteams; j++)
				if (strcmp(teams[j], sm->team) == 0)
					break;
			if (j == nteams) {
				const char *best = config_suggest(sm->team, team_names, nteams);
				ytree_show(sm->team, shown, sizeof shown);
				if (best)
					config_error(c, v->line, v->col, "%s '%s' is not in teams; did you mean '%s'?", name,
					             shown, best);
				else
					config_error(c, v->line, v->col,
					             "%s '%s' is not in teams; expected one of the names listed under teams", name,
					             shown);
			}
		}
		load_role(c, m, what, sm, &role_ok);
		cfg_unknown_keys(c, m, what, member_keys, CW_ARRAY_LEN(member_keys));
		if (!sm->login[0])
			continue;
		for (j = 0; j < i; j++) {
			if (strcmp(s->members[j].login, sm->login) == 0) {
				struct ynode *lv = ytree_get(m, "login");
				config_error(c, lv->line, lv->col,
				             "%s.login '%s' is already used by staff[%d] (line %d); expected each login once",
				             what, sm->login, (int)j + 1, list->items[j]->line);
				break;
			}
		}
	}
	cfg_unknown_keys(c, root, "", top_keys, CW_ARRAY_LEN(top_keys));
	ytree_free(root);
	free(teams);
	if (st != CW_OK)
		return st;
	return c->errs.n || c->dropped ? CW_ERR_INVALID : CW_OK;
}

static enum cw_status finish(struct config_ctx *c, enum cw_status st, struct staff *tmp, struct staff *out,
                             struct config_errors *errs)
{
	if (st == CW_OK && (c->errs.n || c->dropped))
		st = CW_ERR_INVALID;
	if (st == CW_OK) {
		*out = *tmp;
	} else {
		staff_free_members(tmp);
		memset(out, 0, sizeof *out);
	}
	config_ctx_finish(c, errs);
	return st;
}

enum cw_status staff_load_data(const char *name, const char *data, size_t len, struct staff *out,
                               struct config_errors *errs)
{
	struct config_ctx c;
	struct staff tmp;
	enum cw_status st;

	memset(&tmp, 0, sizeof tmp);
	config_ctx_init(&c, name ? name : "(staff)");
	st = load_tree(&c, data ? data : "", data ? len : 0, &tmp);
	return finish(&c, st, &tmp, out, errs);
}

enum cw_status staff_load_file(const char *path, struct staff *out, struct config_errors *errs)
{
	struct config_ctx c;
	struct staff tmp;
	enum cw_status st;
	char *data;
	size_t len;

	memset(&tmp, 0, sizeof tmp);
	config_ctx_init(&c, path);
	st = config_read_file(&c, path, &data, &len);
	if (st == CW_OK) {
		st = load_tree(&c, data, len, &tmp);
		free(data);
	}
	return finish(&c, st, &tmp, out, errs);
}
