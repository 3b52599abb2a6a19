/* training_load.c - a training scenario (YAML) -> struct
 * training_scenario. The format is in docs/training.md: a scenario
 * name and description, then a list of cases, each with who acts next,
 * a brief, and the records a worker would have entered so far (the
 * figures are worked out when the sandbox is seeded, not read). */
#include "config/training_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_values.h"
#include "config/yaml_tree.h"
#include "core/date.h"
#include "core/money.h"
#include "core/util.h"

/* Relative dates are at most a hundred years either side of today. */
#define REL_DAYS_MAX 36500

struct tload {
	struct config_ctx *c;
	const struct policy *p;
	struct date today;
};

static const char *const top_keys[] = {"scenario", "cases"};
static const char *const scenario_keys[] = {"name", "description"};
static const char *const case_keys[] = {"key", "title", "role", "brief", "stage", "opened",
					"person", "decision", "assessment", "panel", "plan",
					"review"};
static const char *const person_keys[] = {"name", "date_of_birth", "address", "household",
					  "client_group"};
static const char *const decision_keys[] = {"route", "mix_detail", "has_capacity",
					    "authorised_person", "relationship", "can_manage",
					    "support_to_manage", "own_words",
					    "trade_offs_discussed", "decided_on"};
static const char *const assessment_keys[] = {"needs", "unable", "impairment",
					      "wellbeing_impact", "needs_from_caring", "health_at_risk",
					      "self_assessment",
					      "validated_on", "capital", "weekly_income",
					      "financial_assessed_on", "person_weekly"};
static const char *const panel_keys[] = {"requested_weekly", "worker_request",
					 "justification"};
static const char *const plan_keys[] = {"lines", "agreed_on", "start_date", "account"};
static const char *const line_keys[] = {"category", "units", "rate", "description", "need",
					"outcome", "provider", "route",
					"family_pa_same_household", "exception_reason"};
static const char *const review_keys[] = {"high_risk", "next_due", "audit_due", "history"};
static const char *const history_keys[] = {"date", "findings", "outcome", "audit", "spent",
					   "unspent", "misused", "clawback"};

/* The roles a trainee can act as (admin has no case work). */
static const char *const trainee_roles[] = {"social_worker", "team_manager", "panel_member",
					    "finance_officer"};
static const char *const manage_keys[] = {"alone", "with_help", "cannot"};
static const char *const tri_keys[] = {"yes", "no"};

/* "a, b or c" into buf, skipping empty keys. */
static const char *key_list(const char *const *keys, int n, char *buf, size_t size)
{
	size_t used = 0;
	int shown = 0, total = 0;
	for (int i = 0; i < n; i++)
		total += keys[i][0] != '\0';
	buf[0] = '\0';
	for (int i = 0; i < n && used < size; i++) {
		if (!keys[i][0])
			continue;
		shown++;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 shown == 1 ? "" : shown == total ? " or " : ", ", keys[i]);
	}
	return buf;
}

/* One of keys (by index); "" entries are never matched. */
static bool load_enum(struct tload *t, const struct ynode *n, const char *what,
		      const char *const *keys, int nkeys, int *out)
{
	char list[512], shown[96];
	key_list(keys, nkeys, list, sizeof list);
	if (!n || n->bad)
		return false;
	if (n->type != YNODE_SCALAR || !n->len) {
		config_error(t->c, n->line, n->col, "%s is %s; expected %s", what,
			     n->type == YNODE_SCALAR ? "empty" : ytree_describe(n), list);
		return false;
	}
	for (int i = 0; i < nkeys; i++)
		if (keys[i][0] && strcmp(keys[i], n->value) == 0) {
			*out = i;
			return true;
		}
	const char *cand[64];
	int nc = 0;
	for (int i = 0; i < nkeys && nc < 64; i++)
		if (keys[i][0])
			cand[nc++] = keys[i];
	const char *best = config_suggest(n->value, cand, (size_t)nc);
	ytree_show(n->value, shown, sizeof shown);
	if (best)
		config_error(t->c, n->line, n->col, "%s '%s' is not allowed; did you mean '%s'?", what,
			     shown, best);
	else
		config_error(t->c, n->line, n->col, "%s '%s' is not allowed; expected %s", what,
			     shown, list);
	return false;
}

/* yes/no (or true/false) into a tri. */
static void load_tri(struct tload *t, const struct ynode *n, const char *what, enum tri *out)
{
	bool b;
	int i;
	if (!n || n->bad)
		return;
	if (n->type == YNODE_SCALAR && n->plain &&
	    (strcmp(n->value, "true") == 0 || strcmp(n->value, "false") == 0)) {
		if (cfg_bool(t->c, n, what, &b))
			*out = b ? TRI_YES : TRI_NO;
		return;
	}
	if (load_enum(t, n, what, tri_keys, 2, &i))
		*out = i == 0 ? TRI_YES : TRI_NO;
}

/* Text that may run over several lines (a folded or literal block):
 * no control characters but newlines; trimmed. */
static bool load_para(struct tload *t, const struct ynode *n, const char *what, char *dst,
		      size_t size)
{
	if (!n || n->bad)
		return false;
	if (n->type != YNODE_SCALAR || !n->len) {
		config_error(t->c, n->line, n->col, "%s is %s; expected text", what,
			     n->type == YNODE_SCALAR ? "empty" : ytree_describe(n));
		return false;
	}
	if (!cw_utf8_valid(n->value)) {
		config_error(t->c, n->line, n->col, "%s is not valid UTF-8; expected plain text", what);
		return false;
	}
	if (cw_has_controls(n->value, "\n")) {
		config_error(t->c, n->line, n->col, "%s contains control characters; expected plain "
			     "text (line breaks are fine)", what);
		return false;
	}
	char *copy = xstrdup(n->value);
	cw_trim(copy);
	bool ok = false;
	if (!*copy)
		config_error(t->c, n->line, n->col, "%s is empty; expected text", what);
	else if (strlen(copy) >= size)
		config_error(t->c, n->line, n->col, "%s is too long (%zu bytes); expected at most %zu",
			     what, strlen(copy), size - 1);
	else
		ok = cw_strlcpy(dst, copy, size);
	free(copy);
	return ok;
}

/* "YYYY-MM-DD", "today", "today-N" or "today+N" (N days). */
static bool load_date(struct tload *t, const struct ynode *n, const char *what, struct date *out)
{
	static const char expected[] = "a date like 2026-03-31, or today, today-30 or today+14 "
				       "(days from today)";
	char shown[96];
	const char *why = NULL;
	if (!n || n->bad)
		return false;
	if (n->type != YNODE_SCALAR || !n->len) {
		config_error(t->c, n->line, n->col, "%s is %s; expected %s", what,
			     n->type == YNODE_SCALAR ? "empty" : ytree_describe(n), expected);
		return false;
	}
	ytree_show(n->value, shown, sizeof shown);
	if (strncmp(n->value, "today", 5) == 0) {
		const char *s = n->value + 5;
		long days = 0;
		if (*s) {
			int sign = *s == '-' ? -1 : *s == '+' ? 1 : 0;
			s++;
			if (!sign || !*s || strlen(s) > 5 || strspn(s, "0123456789") != strlen(s)) {
				config_error(t->c, n->line, n->col, "%s '%s' is not a date; expected %s",
					     what, shown, expected);
				return false;
			}
			days = sign * strtol(s, NULL, 10);
			if (days < -REL_DAYS_MAX || days > REL_DAYS_MAX) {
				config_error(t->c, n->line, n->col, "%s '%s' is too far from today; "
					     "expected at most %d days either side", what, shown,
					     REL_DAYS_MAX);
				return false;
			}
		}
		*out = date_add_days(t->today, (int32_t)days);
		return true;
	}
	if (!date_parse(n->value, out, &why)) {
		config_error(t->c, n->line, n->col, "%s '%s' is not a date (%s); expected %s", what,
			     shown, why ? why : "not YYYY-MM-DD", expected);
		return false;
	}
	return true;
}

static bool load_money(struct tload *t, const struct ynode *n, const char *what, int64_t *out)
{
	if (!n || n->bad)
		return false;
	return cfg_money(t->c, n, what, MONEY_MAX, out);
}

/* Hundredths of a unit: "12", "7.5". */
static bool load_units(struct tload *t, const struct ynode *n, const char *what, int64_t *out)
{
	char shown[96];
	const char *why = NULL;
	if (!n || n->bad)
		return false;
	if (n->type != YNODE_SCALAR || !quantity_parse(n->value, out, &why) || *out <= 0 ||
	    *out > 100 * 168 * 10) {
		config_error(t->c, n->line, n->col, "%s %s%s%s is not a number of units a week; "
			     "expected a number above 0 with at most two decimals, like 7.5",
			     what, n->type == YNODE_SCALAR ? "'" : "",
			     n->type == YNODE_SCALAR ? ytree_show(n->value, shown, sizeof shown)
						     : ytree_describe(n),
			     n->type == YNODE_SCALAR ? "'" : "");
		return false;
	}
	return true;
}

/* A mapping section: checks the type and unknown keys. */
static struct ynode *section(struct tload *t, struct ynode *m, const char *sect, const char *key,
			     const char *const *keys, size_t nkeys, char *name, size_t namesize)
{
	struct ynode *n = ytree_get(m, key);
	cfg_name(name, namesize, sect, key);
	if (!n)
		return NULL;
	if (!cfg_map(t->c, n, name, "a mapping"))
		return NULL;
	cfg_unknown_keys(t->c, n, name, keys, nkeys);
	return n;
}

#define FIELD(buf, sect, key) cfg_name(buf, sizeof buf, sect, key)

static void load_person(struct tload *t, struct ynode *m, const char *what, struct person *pe)
{
	char sect[CFG_NAME_MAX], f[CFG_NAME_MAX];
	int i;
	struct ynode *s = ytree_get(m, "person");
	if (!s) {
		config_error(t->c, m->line, m->col, "%s.person is missing; expected a mapping with "
			     "name, date_of_birth and address", what);
		return;
	}
	s = section(t, m, what, "person", person_keys, CW_ARRAY_LEN(person_keys), sect, sizeof sect);
	if (!s)
		return;
	cfg_text(t->c, cfg_field(t->c, s, sect, "name", true, "the person's full name"),
		 FIELD(f, sect, "name"), pe->name, sizeof pe->name);
	load_date(t, cfg_field(t->c, s, sect, "date_of_birth", true, "a date like 1948-06-02"),
		  FIELD(f, sect, "date_of_birth"), &pe->date_of_birth);
	if (date_is_set(pe->date_of_birth) && date_compare(pe->date_of_birth, t->today) > 0) {
		struct ynode *n = ytree_get(s, "date_of_birth");
		config_error(t->c, n->line, n->col, "%s is in the future; expected a date of birth "
			     "before today", FIELD(f, sect, "date_of_birth"));
	}
	cfg_text(t->c, cfg_field(t->c, s, sect, "address", true, "the address on one line"),
		 FIELD(f, sect, "address"), pe->address, sizeof pe->address);
	struct ynode *n = ytree_get(s, "household");
	if (n)
		cfg_text(t->c, n, FIELD(f, sect, "household"), pe->household, sizeof pe->household);
	else
		cw_strlcpy(pe->household, pe->address, sizeof pe->household);
	if ((n = ytree_get(s, "client_group")) &&
	    load_enum(t, n, FIELD(f, sect, "client_group"), client_group_keys, CLIENT_GROUP_COUNT, &i))
		pe->group = (enum client_group)i;
}

static void load_decision(struct tload *t, struct ynode *m, const char *what,
			  struct decision_record *d)
{
	char sect[CFG_NAME_MAX], f[CFG_NAME_MAX];
	struct ynode *s = section(t, m, what, "decision", decision_keys,
				  CW_ARRAY_LEN(decision_keys), sect, sizeof sect);
	struct ynode *n;
	int i;
	if (!s)
		return;
	if ((n = ytree_get(s, "route")) &&
	    load_enum(t, n, FIELD(f, sect, "route"), route_keys, ROUTE_COUNT, &i))
		d->route = (enum route)i;
	if ((n = ytree_get(s, "mix_detail")))
		load_para(t, n, FIELD(f, sect, "mix_detail"), d->mix_detail, sizeof d->mix_detail);
	load_tri(t, ytree_get(s, "has_capacity"), FIELD(f, sect, "has_capacity"), &d->has_capacity);
	if ((n = ytree_get(s, "authorised_person")))
		cfg_text(t->c, n, FIELD(f, sect, "authorised_person"), d->authorised_person,
			 sizeof d->authorised_person);
	if ((n = ytree_get(s, "relationship")))
		cfg_text(t->c, n, FIELD(f, sect, "relationship"), d->authorised_relationship,
			 sizeof d->authorised_relationship);
	if ((n = ytree_get(s, "can_manage")) &&
	    load_enum(t, n, FIELD(f, sect, "can_manage"), manage_keys, 3, &i))
		d->can_manage = (enum manage_ability)(i + 1);
	if ((n = ytree_get(s, "support_to_manage")))
		cfg_text(t->c, n, FIELD(f, sect, "support_to_manage"), d->support_to_manage,
			 sizeof d->support_to_manage);
	if ((n = ytree_get(s, "own_words")))
		load_para(t, n, FIELD(f, sect, "own_words"), d->own_words, sizeof d->own_words);
	if ((n = ytree_get(s, "trade_offs_discussed")))
		cfg_bool(t->c, n, FIELD(f, sect, "trade_offs_discussed"), &d->trade_offs_discussed);
	if ((n = ytree_get(s, "decided_on")))
		load_date(t, n, FIELD(f, sect, "decided_on"), &d->decided_on);
}

/* A carer's case (person.client_group carer, read first) names the
 * carer's eight outcomes (reg 3); anyone else's the adult's ten. */
static void load_assessment(struct tload *t, struct ynode *m, const char *what,
			    struct assessment_record *a, bool carer)
{
	char sect[CFG_NAME_MAX], f[CFG_NAME_MAX], g[CFG_NAME_MAX + 64];
	struct ynode *s = section(t, m, what, "assessment", assessment_keys,
				  CW_ARRAY_LEN(assessment_keys), sect, sizeof sect);
	const char *const *keys = carer ? policy_carer_outcome_keys : policy_outcome_keys;
	int count = carer ? CARER_OUTCOME_COUNT : OUTCOME_COUNT;
	enum need_level *levels = carer ? a->carer_levels : a->levels;
	bool *set = carer ? a->carer_level_set : a->level_set;
	bool *unable = carer ? a->carer_unable : a->unable;
	struct ynode *n;
	int i, lvl;
	if (!s)
		return;
	if ((n = ytree_get(s, "needs")) &&
	    cfg_map(t->c, n, FIELD(f, sect, "needs"), "a mapping of outcome to level of need")) {
		for (size_t k = 0; k < n->n; k++) {
			struct ynode kn = *n->keys[k];
			snprintf(g, sizeof g, "%s key", f);
			if (!load_enum(t, &kn, g, keys, count, &i))
				continue;
			snprintf(g, sizeof g, "%s.%s", f, keys[i]);
			if (load_enum(t, n->items[k], g, policy_level_keys, NEED_LEVELS, &lvl)) {
				levels[i] = (enum need_level)lvl;
				set[i] = true;
			}
		}
	}
	if ((n = ytree_get(s, "unable")) &&
	    cfg_seq(t->c, n, FIELD(f, sect, "unable"), "a list of outcomes the person cannot achieve")) {
		for (size_t k = 0; k < n->n; k++) {
			snprintf(g, sizeof g, "%s[%zu]", f, k + 1);
			if (load_enum(t, n->items[k], g, keys, count, &i))
				unable[i] = true;
		}
	}
	load_tri(t, ytree_get(s, "needs_from_caring"), FIELD(f, sect, "needs_from_caring"), &a->needs_from_caring);
	load_tri(t, ytree_get(s, "health_at_risk"), FIELD(f, sect, "health_at_risk"), &a->health_at_risk);
	load_tri(t, ytree_get(s, "impairment"), FIELD(f, sect, "impairment"), &a->impairment);
	load_tri(t, ytree_get(s, "wellbeing_impact"), FIELD(f, sect, "wellbeing_impact"),
		 &a->wellbeing_impact);
	if ((n = ytree_get(s, "self_assessment")))
		cfg_bool(t->c, n, FIELD(f, sect, "self_assessment"), &a->self_assessment);
	if ((n = ytree_get(s, "validated_on")))
		load_date(t, n, FIELD(f, sect, "validated_on"), &a->validated_on);
	if ((n = ytree_get(s, "capital")))
		load_money(t, n, FIELD(f, sect, "capital"), &a->capital);
	if ((n = ytree_get(s, "weekly_income")))
		load_money(t, n, FIELD(f, sect, "weekly_income"), &a->weekly_income);
	if ((n = ytree_get(s, "financial_assessed_on")))
		load_date(t, n, FIELD(f, sect, "financial_assessed_on"), &a->financial_assessed_on);
	if ((n = ytree_get(s, "person_weekly")) &&
	    load_money(t, n, FIELD(f, sect, "person_weekly"), &a->person_weekly))
		a->contribution_from_letter = true;
}

static void load_panel(struct tload *t, struct ynode *m, const char *what, struct panel_record *pr)
{
	char sect[CFG_NAME_MAX], f[CFG_NAME_MAX];
	struct ynode *s = section(t, m, what, "panel", panel_keys, CW_ARRAY_LEN(panel_keys), sect,
				  sizeof sect);
	struct ynode *n;
	if (!s)
		return;
	if ((n = ytree_get(s, "requested_weekly")))
		load_money(t, n, FIELD(f, sect, "requested_weekly"), &pr->requested_weekly);
	if ((n = ytree_get(s, "worker_request")))
		cfg_bool(t->c, n, FIELD(f, sect, "worker_request"), &pr->worker_request);
	if ((n = ytree_get(s, "justification")))
		load_para(t, n, FIELD(f, sect, "justification"), pr->justification,
			  sizeof pr->justification);
}

static void load_line(struct tload *t, struct ynode *m, const char *what, struct plan_line *l, bool carer)
{
	char f[CFG_NAME_MAX], shown[96];
	struct ynode *n;
	int i;
	if (!cfg_map(t->c, m, what, "a mapping with category, units and description"))
		return;
	cfg_unknown_keys(t->c, m, what, line_keys, CW_ARRAY_LEN(line_keys));
	l->outcome = -1;
	l->route = ROUTE_COUNCIL_MANAGED;
	n = cfg_field(t->c, m, what, "category", true, "a support category of the policy");
	if (cfg_key(t->c, n, FIELD(f, what, "category"), l->category, sizeof l->category) && t->p) {
		const struct policy_category *cat = policy_category_find(t->p, l->category);
		if (!cat) {
			const char *cand[POLICY_MAX_CATEGORIES];
			for (int k = 0; k < t->p->support_plan.ncategories; k++)
				cand[k] = t->p->support_plan.categories[k].key;
			const char *best = config_suggest(l->category, cand,
							  (size_t)t->p->support_plan.ncategories);
			ytree_show(l->category, shown, sizeof shown);
			if (best)
				config_error(t->c, n->line, n->col, "%s '%s' is not a category of the "
					     "policy; did you mean '%s'?", f, shown, best);
			else
				config_error(t->c, n->line, n->col, "%s '%s' is not a category of the "
					     "policy; expected one of support_plan.categories", f, shown);
		} else if (cat->unit == UNIT_ONE_OFF) {
			l->one_off = true;
			l->units_per_week = 100;
			if (ytree_get(m, "units")) {
				n = ytree_get(m, "units");
				config_error(t->c, n->line, n->col, "%s is a one-off purchase and has no "
					     "units; leave %s.units out", l->category, what);
			}
		}
	}
	if (!l->one_off)
		load_units(t, cfg_field(t->c, m, what, "units", true, "units a week, like 7.5"),
			   FIELD(f, what, "units"), &l->units_per_week);
	if ((n = ytree_get(m, "rate")))
		load_money(t, n, FIELD(f, what, "rate"), &l->rate);
	cfg_text(t->c, cfg_field(t->c, m, what, "description", true, "what the line buys"),
		 FIELD(f, what, "description"), l->description, sizeof l->description);
	if ((n = ytree_get(m, "need")))
		cfg_text(t->c, n, FIELD(f, what, "need"), l->need, sizeof l->need);
	if ((n = ytree_get(m, "outcome")) &&
	    load_enum(t, n, FIELD(f, what, "outcome"), carer ? policy_carer_outcome_keys : policy_outcome_keys,
		      carer ? CARER_OUTCOME_COUNT : OUTCOME_COUNT, &i))
		l->outcome = i;
	if ((n = ytree_get(m, "provider")))
		cfg_text(t->c, n, FIELD(f, what, "provider"), l->provider, sizeof l->provider);
	if ((n = ytree_get(m, "route")) &&
	    load_enum(t, n, FIELD(f, what, "route"), route_keys, ROUTE_COUNT, &i))
		l->route = (enum route)i;
	if ((n = ytree_get(m, "family_pa_same_household")))
		cfg_bool(t->c, n, FIELD(f, what, "family_pa_same_household"),
			 &l->family_pa_same_household);
	if ((n = ytree_get(m, "exception_reason")))
		cfg_text(t->c, n, FIELD(f, what, "exception_reason"), l->exception_reason,
			 sizeof l->exception_reason);
}

static void load_plan(struct tload *t, struct ynode *m, const char *what, struct plan_record *pl, bool carer)
{
	char sect[CFG_NAME_MAX], f[CFG_NAME_MAX], g[CFG_NAME_MAX + 16];
	struct ynode *s = section(t, m, what, "plan", plan_keys, CW_ARRAY_LEN(plan_keys), sect,
				  sizeof sect);
	struct ynode *n;
	int i;
	if (!s)
		return;
	if ((n = ytree_get(s, "lines")) &&
	    cfg_seq(t->c, n, FIELD(f, sect, "lines"), "a list of plan lines")) {
		if (n->n > PLAN_MAX_LINES)
			config_error(t->c, n->line, n->col, "%s has %zu lines; expected at most %d", f,
				     n->n, PLAN_MAX_LINES);
		for (size_t k = 0; k < n->n && k < PLAN_MAX_LINES; k++) {
			snprintf(g, sizeof g, "%s[%zu]", f, k + 1);
			load_line(t, n->items[k], g, &pl->lines[pl->nlines++], carer);
		}
	}
	if ((n = ytree_get(s, "agreed_on")))
		load_date(t, n, FIELD(f, sect, "agreed_on"), &pl->agreed_on);
	if ((n = ytree_get(s, "start_date")))
		load_date(t, n, FIELD(f, sect, "start_date"), &pl->start_date);
	if ((n = ytree_get(s, "account")) &&
	    load_enum(t, n, FIELD(f, sect, "account"), account_keys, ACCOUNT_COUNT, &i))
		pl->account = (enum account_type)i;
}

static void load_history(struct tload *t, struct ynode *m, const char *what,
			 struct review_entry *e)
{
	char f[CFG_NAME_MAX];
	struct ynode *n;
	int i;
	if (!cfg_map(t->c, m, what, "a mapping with date, findings and outcome"))
		return;
	cfg_unknown_keys(t->c, m, what, history_keys, CW_ARRAY_LEN(history_keys));
	load_date(t, cfg_field(t->c, m, what, "date", true, "the date of the review"),
		  FIELD(f, what, "date"), &e->date);
	load_para(t, cfg_field(t->c, m, what, "findings", true, "what the review found"),
		  FIELD(f, what, "findings"), e->findings, sizeof e->findings);
	if ((n = ytree_get(m, "outcome")) &&
	    load_enum(t, n, FIELD(f, what, "outcome"), review_outcome_keys, REVIEW_OUTCOME_COUNT, &i))
		e->outcome = (enum review_outcome)i;
	if ((n = ytree_get(m, "audit")))
		cfg_bool(t->c, n, FIELD(f, what, "audit"), &e->audit);
	if ((n = ytree_get(m, "spent")))
		load_money(t, n, FIELD(f, what, "spent"), &e->spent);
	if ((n = ytree_get(m, "unspent")))
		load_money(t, n, FIELD(f, what, "unspent"), &e->unspent);
	if ((n = ytree_get(m, "misused")))
		load_money(t, n, FIELD(f, what, "misused"), &e->misused);
	if ((n = ytree_get(m, "clawback")))
		load_money(t, n, FIELD(f, what, "clawback"), &e->clawback);
}

static void load_review(struct tload *t, struct ynode *m, const char *what,
			struct review_record *r)
{
	char sect[CFG_NAME_MAX], f[CFG_NAME_MAX], g[CFG_NAME_MAX + 16];
	struct ynode *s = section(t, m, what, "review", review_keys, CW_ARRAY_LEN(review_keys), sect,
				  sizeof sect);
	struct ynode *n;
	if (!s)
		return;
	if ((n = ytree_get(s, "high_risk")))
		cfg_bool(t->c, n, FIELD(f, sect, "high_risk"), &r->high_risk);
	if ((n = ytree_get(s, "next_due")))
		load_date(t, n, FIELD(f, sect, "next_due"), &r->next_due);
	if ((n = ytree_get(s, "audit_due")))
		load_date(t, n, FIELD(f, sect, "audit_due"), &r->audit_due);
	if ((n = ytree_get(s, "history")) &&
	    cfg_seq(t->c, n, FIELD(f, sect, "history"), "a list of past reviews")) {
		if (n->n > REVIEW_MAX_HISTORY)
			config_error(t->c, n->line, n->col, "%s has %zu reviews; expected at most %d",
				     f, n->n, REVIEW_MAX_HISTORY);
		for (size_t k = 0; k < n->n && k < REVIEW_MAX_HISTORY; k++) {
			snprintf(g, sizeof g, "%s[%zu]", f, k + 1);
			load_history(t, n->items[k], g, &r->history[r->nhistory++]);
		}
	}
}

/* The records a stage needs before the case can be there. */
static void check_stage(struct tload *t, struct ynode *m, const char *what,
			const struct case_record *c)
{
	static const char *const need[STAGE_COUNT] = {
		[STAGE_ASSESSMENT] = "decision",
		[STAGE_PANEL] = "assessment",
		[STAGE_PLANNING] = "assessment",
		[STAGE_REVIEW] = "plan",
	};
	struct ynode *sn = ytree_get(m, "stage");
	if (!sn || c->stage == STAGE_CLOSED || !need[c->stage])
		return;
	if (!ytree_get(m, need[c->stage]))
		config_error(t->c, sn->line, sn->col, "%s.stage is %s but the case has no %s; "
			     "expected the records of the stages before it", what,
			     stage_keys[c->stage], need[c->stage]);
	if (c->stage == STAGE_REVIEW && !date_is_set(c->plan.start_date))
		config_error(t->c, sn->line, sn->col, "%s.stage is review but plan.start_date is "
			     "missing; expected the date the plan started", what);
}

static void load_case(struct tload *t, struct ynode *m, const char *what, struct training_case *tc)
{
	char f[CFG_NAME_MAX];
	struct case_record *c = &tc->rec;
	struct ynode *n;
	int i;

	case_init(c);
	if (!cfg_map(t->c, m, what, "a mapping with key, title, role, brief, stage and person"))
		return;
	cfg_unknown_keys(t->c, m, what, case_keys, CW_ARRAY_LEN(case_keys));
	cfg_key(t->c, cfg_field(t->c, m, what, "key", true, "a short key like rent_plan_line"),
		FIELD(f, what, "key"), tc->key, sizeof tc->key);
	cfg_text(t->c, cfg_field(t->c, m, what, "title", true, "a short title"),
		 FIELD(f, what, "title"), tc->title, sizeof tc->title);
	n = cfg_field(t->c, m, what, "role", true,
		      "social_worker, team_manager, panel_member or finance_officer");
	if (n && load_enum(t, n, FIELD(f, what, "role"), trainee_roles,
			   (int)CW_ARRAY_LEN(trainee_roles), &i))
		tc->role = (enum role)i; /* trainee_roles are role_keys' first four */
	load_para(t, cfg_field(t->c, m, what, "brief", true, "what the trainee should do"),
		  FIELD(f, what, "brief"), tc->brief, sizeof tc->brief);
	n = cfg_field(t->c, m, what, "stage", true,
		      "decision, assessment, panel, planning, review or closed");
	if (n && load_enum(t, n, FIELD(f, what, "stage"), stage_keys, STAGE_COUNT, &i))
		c->stage = (enum stage)i;
	c->opened = t->today;
	if ((n = ytree_get(m, "opened")))
		load_date(t, n, FIELD(f, what, "opened"), &c->opened);
	load_person(t, m, what, &c->person);
	load_decision(t, m, what, &c->decision);
	load_assessment(t, m, what, &c->assessment, c->person.group == CLIENT_CARER);
	load_panel(t, m, what, &c->panel);
	load_plan(t, m, what, &c->plan, c->person.group == CLIENT_CARER);
	load_review(t, m, what, &c->review);
	check_stage(t, m, what, c);
}

static enum cw_status load_tree(struct tload *t, const char *data, size_t len,
				struct training_scenario *sc)
{
	struct ynode *root = NULL, *n, *list;
	char f[CFG_NAME_MAX];
	enum cw_status st = ytree_parse(t->c, data, len, &root);

	if (!root) {
		if (st == CW_OK)
			config_error(t->c, 1, 1, "the scenario file is empty; expected a mapping "
				     "with scenario and cases");
		return st == CW_OK ? CW_ERR_INVALID : st;
	}
	if (root->type != YNODE_MAP) {
		config_error(t->c, root->line, root->col, "the scenario file is %s; expected a "
			     "mapping with scenario and cases", ytree_describe(root));
		ytree_free(root);
		return CW_ERR_INVALID;
	}
	n = cfg_field(t->c, root, "", "scenario", true, "a mapping with name and description");
	if (n && cfg_map(t->c, n, "scenario", "a mapping with name and description")) {
		cfg_unknown_keys(t->c, n, "scenario", scenario_keys, CW_ARRAY_LEN(scenario_keys));
		cfg_text(t->c, cfg_field(t->c, n, "scenario", "name", true, "the scenario's name"),
			 "scenario.name", sc->name, sizeof sc->name);
		struct ynode *d = ytree_get(n, "description");
		if (d)
			load_para(t, d, "scenario.description", sc->description,
				  sizeof sc->description);
	}
	list = cfg_field(t->c, root, "", "cases", true, "a list of practice cases");
	if (list && cfg_seq(t->c, list, "cases", "a list of practice cases")) {
		if (list->n == 0)
			config_error(t->c, list->line, list->col, "cases is an empty list; expected "
				     "at least one practice case");
		else if (list->n > TRAINING_MAX_CASES)
			config_error(t->c, list->line, list->col, "cases has %zu cases; expected at "
				     "most %d", list->n, TRAINING_MAX_CASES);
		else {
			sc->cases = xcalloc(list->n, sizeof *sc->cases);
			sc->n = list->n;
		}
	}
	for (size_t i = 0; i < sc->n; i++) {
		snprintf(f, sizeof f, "cases[%zu]", i + 1);
		load_case(t, list->items[i], f, &sc->cases[i]);
		if (!sc->cases[i].key[0])
			continue;
		for (size_t j = 0; j < i; j++)
			if (strcmp(sc->cases[j].key, sc->cases[i].key) == 0) {
				struct ynode *k = ytree_get(list->items[i], "key");
				config_error(t->c, k->line, k->col, "%s.key '%s' is already used by "
					     "cases[%zu] (line %d); expected each key once", f,
					     sc->cases[i].key, j + 1, list->items[j]->line);
				break;
			}
	}
	cfg_unknown_keys(t->c, root, "", top_keys, CW_ARRAY_LEN(top_keys));
	ytree_free(root);
	return st;
}

static enum cw_status finish(struct config_ctx *c, enum cw_status st,
			     struct training_scenario *tmp, struct training_scenario *out,
			     struct config_errors *errs)
{
	if (st == CW_OK && (c->errs.n || c->dropped))
		st = CW_ERR_INVALID;
	if (st == CW_OK) {
		*out = *tmp;
	} else {
		training_scenario_free(tmp);
		memset(out, 0, sizeof *out);
	}
	config_ctx_finish(c, errs);
	return st;
}

enum cw_status training_load_data(const char *name, const char *data, size_t len,
				  const struct policy *p, struct training_scenario *out,
				  struct config_errors *errs)
{
	struct config_ctx c;
	struct training_scenario tmp;
	struct tload t = {&c, p, date_today()};

	memset(&tmp, 0, sizeof tmp);
	config_ctx_init(&c, name ? name : "(scenario)");
	enum cw_status st = load_tree(&t, data ? data : "", data ? len : 0, &tmp);
	return finish(&c, st, &tmp, out, errs);
}

enum cw_status training_load_file(const char *path, const struct policy *p,
				  struct training_scenario *out, struct config_errors *errs)
{
	struct config_ctx c;
	struct training_scenario tmp;
	struct tload t = {&c, p, date_today()};
	char *data;
	size_t len;

	memset(&tmp, 0, sizeof tmp);
	config_ctx_init(&c, path);
	enum cw_status st = config_read_file(&c, path, &data, &len);
	if (st == CW_OK) {
		st = load_tree(&t, data, len, &tmp);
		free(data);
	}
	return finish(&c, st, &tmp, out, errs);
}
