/* policy_load.c - the council's policy file (YAML) -> struct policy.
 * Every key is checked; every problem is reported with its position,
 * and a policy with any problem is never handed out (all zero). The
 * keys and their ranges are documented in docs/policy.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/config_values.h"
#include "config/yaml_tree.h"
#include "core/money.h"
#include "core/util.h"

/* Sensible ceilings: far above any real figure, low enough to catch a
 * slipped decimal point or a yearly figure typed as weekly. */
#define MAX_WEEKLY (INT64_C(100000) * 100)   /* £100,000 a week */
#define MAX_RATE (INT64_C(10000) * 100)      /* £10,000 a unit */
#define MAX_CAPITAL (INT64_C(1000000) * 100) /* £1,000,000 */
#define MAX_TARIFF (INT64_C(250) * 100)      /* £250 per £250 */
#define MAX_POINTS 1000                      /* per outcome */
#define MAX_PERCENT 1000

#define EXP_WEEKLY "an amount in pounds from 0.00 to 100,000.00"
#define EXP_RATE "an amount in pounds from 0.00 to 10,000.00"
#define EXP_CAPITAL "an amount in pounds from 0.00 to 1,000,000.00"
#define EXP_PERCENT "a whole number from 0 to 1000"
#define EXP_BOOL "true or false"

static const char *const default_outcome_labels[OUTCOME_COUNT] = {
	"Managing and maintaining nutrition",
	"Maintaining personal hygiene",
	"Managing toilet needs",
	"Being appropriately clothed",
	"Being able to make use of the home safely",
	"Maintaining a habitable home environment",
	"Developing and maintaining family or other personal relationships",
	"Accessing and engaging in work, training, education or volunteering",
	"Making use of facilities or services in the local community, including public transport",
	"Carrying out any caring responsibilities for a child",
};

static const char *const default_level_labels[NEED_LEVELS] = {
	"No need", "Low", "Moderate", "Substantial", "Critical",
};

/* Uses money may never buy, which a policy can name by key alone. */
struct builtin_use {
	const char *key;
	const char *label;
	const char *words[POLICY_MAX_WORDS];
};

static const struct builtin_use builtin_uses[] = {
	{ "illegal", "Anything illegal", { "illegal", "unlawful", "stolen", "drugs", NULL } },
	{ "alcohol_tobacco_gambling", "Alcohol, tobacco or gambling",
	  { "alcohol", "beer", "wine", "spirits", "cigarettes", "tobacco", "vape", "betting", "gambling",
	    "lottery", "casino", NULL } },
	{ "nhs_healthcare", "NHS services and healthcare",
	  { "nhs", "prescription", "nursing care", "hospital", "dentist", "physiotherapy", "chiropody",
	    "medication", NULL } },
	{ "housing_costs", "Rent, mortgage and housing costs",
	  { "rent", "mortgage", "housing", "deposit", "service charge", "ground rent", NULL } },
	{ "household_bills", "Household bills",
	  { "council tax", "gas", "electricity", "water rates", "water bill", "heating", "broadband",
	    "phone bill", "tv licence", NULL } },
	{ "food", "Food and groceries", { "food", "groceries", "supermarket", "takeaway", NULL } },
	{ "debts_fines", "Debts and fines", { "debt", "loan", "arrears", "credit card", "fine", NULL } },
	{ "not_in_plan", "Anything not in the support plan", { "gift", "holiday", "present", NULL } },
};


static const char *const top_keys[] = {
	"council", "eligibility", "ras", "charging", "panel", "support_plan", "review", "access", "carers",
};

/* ---- sections ---- */

static struct ynode *section(struct config_ctx *c, struct ynode *root, const char *key, bool required,
                             const char *expected)
{
	struct ynode *n = cfg_field(c, root, "", key, required, expected);
	if (n && !cfg_map(c, n, key, expected))
		return NULL;
	return n;
}

static void load_council(struct config_ctx *c, struct ynode *root, struct policy *p)
{
	static const char *const keys[] = { "name" };
	struct ynode *m = section(c, root, "council", true, "a mapping with the council's name");

	if (!m)
		return;
	cfg_text(c, cfg_field(c, m, "council", "name", true, "the council's name"), "council.name", p->council_name,
	         sizeof p->council_name);
	cfg_unknown_keys(c, m, "council", keys, CW_ARRAY_LEN(keys));
}

/* A mapping of fixed keys to labels, any of them optional. */
static void load_labels(struct config_ctx *c, struct ynode *m, const char *what, const char *const *keys,
                        size_t nkeys, char (*labels)[POLICY_LABEL_MAX])
{
	char name[CFG_NAME_MAX];
	size_t i;

	if (!m || !cfg_map(c, m, what, "a mapping of key to label"))
		return;
	for (i = 0; i < nkeys; i++) {
		struct ynode *v = ytree_get(m, keys[i]);
		if (v)
			cfg_text(c, v, cfg_name(name, sizeof name, what, keys[i]), labels[i], POLICY_LABEL_MAX);
	}
	cfg_unknown_keys(c, m, what, keys, nkeys);
}

static void load_eligibility(struct config_ctx *c, struct ynode *root, struct policy *p)
{
	static const char *const keys[] = { "min_outcomes_unable", "outcome_labels", "level_labels" };
	struct ynode *m = section(c, root, "eligibility", true, "a mapping with min_outcomes_unable");
	int i;

	for (i = 0; i < OUTCOME_COUNT; i++)
		cw_strlcpy(p->eligibility.outcome_labels[i], default_outcome_labels[i], POLICY_LABEL_MAX);
	for (i = 0; i < NEED_LEVELS; i++)
		cw_strlcpy(p->eligibility.level_labels[i], default_level_labels[i], POLICY_LABEL_MAX);
	if (!m)
		return;
	/* The regulations (reg. 2(2)(b)) make an adult eligible when unable
	 * to achieve two or more outcomes: a council may be more generous
	 * (1), never stricter. */
	const struct ynode *mo = cfg_field(c, m, "eligibility", "min_outcomes_unable", true, "1 or 2");
	if (mo && mo->type == YNODE_SCALAR && mo->plain && strspn(mo->value, "0123456789") == strlen(mo->value) &&
	    mo->value[0] != '0' && strlen(mo->value) < 4 && atoi(mo->value) > 2)
		config_error(c, mo->line, mo->col, "eligibility.min_outcomes_unable is %s, stricter than the law; expected "
		             "1 or 2 (the regulations' test is 2 outcomes; 1 is more generous)", mo->value);
	else
		cfg_int(c, mo, "eligibility.min_outcomes_unable", 1, 2, &p->eligibility.min_outcomes_unable);
	load_labels(c, ytree_get(m, "outcome_labels"), "eligibility.outcome_labels", policy_outcome_keys,
	            OUTCOME_COUNT, p->eligibility.outcome_labels);
	load_labels(c, ytree_get(m, "level_labels"), "eligibility.level_labels", policy_level_keys, NEED_LEVELS,
	            p->eligibility.level_labels);
	cfg_unknown_keys(c, m, "eligibility", keys, CW_ARRAY_LEN(keys));
}

/* The RAS keys are read for the adult's RAS (`ras`) and the carer's
 * (`carers.ras`), named by pre in every message; noutcomes is how many
 * outcomes score (10 for an adult, 8 for a carer) and who ("a person",
 * "a carer") whose score the bands must reach. */
struct ras_ctx {
	const char *pre;
	int noutcomes;
	const char *who;
};

static void load_points(struct config_ctx *c, struct ynode *m, const struct ras_ctx *rc, struct ras_policy *rp)
{
	char name[CFG_NAME_MAX], prevname[CFG_NAME_MAX], what[CFG_NAME_MAX];
	bool ok[NEED_LEVELS] = { false };
	int i;

	cfg_name(what, sizeof what, rc->pre, "points");
	if (!cfg_map(c, m, what, "a mapping of need level (none, low, moderate, substantial, critical) to points"))
		return;
	for (i = 0; i < NEED_LEVELS; i++) {
		struct ynode *v = cfg_field(c, m, what, policy_level_keys[i], true, "a whole number from 0 to 1000");
		ok[i] = cfg_int(c, v, cfg_name(name, sizeof name, what, policy_level_keys[i]), 0, MAX_POINTS,
		                &rp->points[i]);
	}
	for (i = 1; i < NEED_LEVELS; i++) {
		if (ok[i] && ok[i - 1] && rp->points[i] < rp->points[i - 1]) {
			struct ynode *v = ytree_get(m, policy_level_keys[i]);
			config_error(c, v->line, v->col,
			             "%s (%d) is less than %s (%d); expected points that rise or stay level from none to critical",
			             cfg_name(name, sizeof name, what, policy_level_keys[i]), rp->points[i],
			             cfg_name(prevname, sizeof prevname, what, policy_level_keys[i - 1]),
			             rp->points[i - 1]);
		}
	}
	cfg_unknown_keys(c, m, what, policy_level_keys, NEED_LEVELS);
}

static void load_bands(struct config_ctx *c, struct ynode *seq, const struct ras_ctx *rc, struct ras_policy *rp,
                       bool points_ok)
{
	static const char *const keys[] = { "min_points", "max_points", "weekly" };
	char list[CFG_NAME_MAX], what[CFG_NAME_MAX + 24], name[CFG_NAME_MAX], a[MONEY_BUF], b[MONEY_BUF];
	bool all_ok = true;
	size_t i;

	cfg_name(list, sizeof list, rc->pre, "bands");
	if (!cfg_seq(c, seq, list, "a list of bands, each with min_points, max_points and weekly"))
		return;
	if (seq->n == 0) {
		config_error(c, seq->line, seq->col,
		             "%s is an empty list; expected at least one band with min_points, max_points and weekly", list);
		return;
	}
	if (seq->n > POLICY_MAX_BANDS) {
		config_error(c, seq->items[POLICY_MAX_BANDS]->line, seq->items[POLICY_MAX_BANDS]->col,
		             "%s has %zu bands; expected at most %d", list, seq->n, POLICY_MAX_BANDS);
		return;
	}
	for (i = 0; i < seq->n; i++) {
		struct ynode *m = seq->items[i];
		struct ras_band *band = &rp->bands[i];
		bool ok = true;

		snprintf(what, sizeof what, "%s[%zu]", list, i + 1);
		if (!cfg_map(c, m, what, "a mapping with min_points, max_points and weekly")) {
			all_ok = false;
			continue;
		}
		ok &= cfg_int(c, cfg_field(c, m, what, "min_points", true, "a whole number from 0 to 10000"),
		              cfg_name(name, sizeof name, what, "min_points"), 0, MAX_POINTS * OUTCOME_COUNT,
		              &band->min_points);
		ok &= cfg_int(c, cfg_field(c, m, what, "max_points", true, "a whole number from 0 to 10000"),
		              cfg_name(name, sizeof name, what, "max_points"), 0, MAX_POINTS * OUTCOME_COUNT,
		              &band->max_points);
		ok &= cfg_money(c, cfg_field(c, m, what, "weekly", true, EXP_WEEKLY),
		                cfg_name(name, sizeof name, what, "weekly"), MAX_WEEKLY, &band->weekly);
		cfg_unknown_keys(c, m, what, keys, CW_ARRAY_LEN(keys));
		if (ok && band->min_points > band->max_points) {
			config_error(c, m->line, m->col,
			             "%s runs from %d down to %d points; expected min_points at or below max_points", what,
			             band->min_points, band->max_points);
			ok = false;
		}
		all_ok &= ok;
	}
	rp->nbands = (int)seq->n;
	if (!all_ok)
		return;
	/* Every score from 0 up must fall in exactly one band, in order. */
	if (rp->bands[0].min_points != 0)
		config_error(c, seq->items[0]->line, seq->items[0]->col,
		             "%s[1] starts at %d points; expected the first band to start at 0", list,
		             rp->bands[0].min_points);
	for (i = 1; i < seq->n; i++) {
		const struct ras_band *prev = &rp->bands[i - 1], *cur = &rp->bands[i];
		const struct ynode *m = seq->items[i];

		if (cur->min_points < prev->min_points)
			config_error(c, m->line, m->col,
			             "%s[%zu] starts at %d points, below band %zu (%d to %d); expected bands in rising order of points",
			             list, i + 1, cur->min_points, i, prev->min_points, prev->max_points);
		else if (cur->min_points <= prev->max_points)
			config_error(c, m->line, m->col,
			             "%s[%zu] starts at %d points, inside band %zu (%d to %d); expected it to start at %d",
			             list, i + 1, cur->min_points, i, prev->min_points, prev->max_points, prev->max_points + 1);
		else if (cur->min_points > prev->max_points + 1)
			config_error(c, m->line, m->col,
			             "%s[%zu] starts at %d points, leaving a gap after band %zu (which ends at %d); expected it to start at %d",
			             list, i + 1, cur->min_points, i, prev->max_points, prev->max_points + 1);
		else if (cur->weekly < prev->weekly)
			config_error(c, m->line, m->col,
			             "%s[%zu].weekly (%s) is less than band %zu's (%s); expected amounts that rise with points",
			             list, i + 1, cfg_pounds(cur->weekly, a, sizeof a), i, cfg_pounds(prev->weekly, b, sizeof b));
	}
	if (points_ok) {
		int top = rp->points[NEED_CRITICAL] * rc->noutcomes;
		const struct ynode *m = seq->items[seq->n - 1];
		if (rp->bands[seq->n - 1].max_points < top)
			config_error(c, m->line, m->col,
			             "%s ends at %d points but %s can score %d (%d outcomes at critical); expected the last band to reach %d",
			             list, rp->bands[seq->n - 1].max_points, rc->who, top, rc->noutcomes, top);
	}
}

/* The keys of one RAS mapping m (already known to be a mapping). */
static void load_ras_map(struct config_ctx *c, struct ynode *m, const struct ras_ctx *rc, struct ras_policy *rp)
{
	static const char *const keys[] = { "method", "pound_per_point", "points", "bands", "minimum_weekly",
		                            "maximum_weekly" };
	static const char *const methods[] = { "rate", "bands" };
	const char *pre = rc->pre;
	char n_method[CFG_NAME_MAX], n_rate[CFG_NAME_MAX], n_bands[CFG_NAME_MAX], n_min[CFG_NAME_MAX],
		n_max[CFG_NAME_MAX], expect_rate[CFG_NAME_MAX + 64];
	struct ynode *method, *rate, *bands, *points;
	bool points_ok, min_ok, max_ok;

	cfg_name(n_method, sizeof n_method, pre, "method");
	cfg_name(n_rate, sizeof n_rate, pre, "pound_per_point");
	cfg_name(n_bands, sizeof n_bands, pre, "bands");
	cfg_name(n_min, sizeof n_min, pre, "minimum_weekly");
	cfg_name(n_max, sizeof n_max, pre, "maximum_weekly");
	snprintf(expect_rate, sizeof expect_rate, "%s (or %s)", EXP_RATE, n_bands);
	method = ytree_get(m, "method");
	rate = ytree_get(m, "pound_per_point");
	bands = ytree_get(m, "bands");
	points = cfg_field(c, m, pre, "points", true,
	                   "a mapping of need level (none, low, moderate, substantial, critical) to points");
	rp->method = bands && !rate ? RAS_BANDS : RAS_RATE;
	if (method && !method->bad) {
		char shown[96];
		if (method->type == YNODE_SCALAR && strcmp(method->value, "rate") == 0) {
			rp->method = RAS_RATE;
		} else if (method->type == YNODE_SCALAR && strcmp(method->value, "bands") == 0) {
			rp->method = RAS_BANDS;
		} else if (method->type == YNODE_SCALAR && config_suggest(method->value, methods, 2)) {
			config_error(c, method->line, method->col, "%s is '%s'; did you mean '%s'?", n_method,
			             ytree_show(method->value, shown, sizeof shown),
			             config_suggest(method->value, methods, 2));
			method = NULL;
		} else {
			if (method->type == YNODE_SCALAR)
				config_error(c, method->line, method->col, "%s is '%s'; expected rate or bands", n_method,
				             ytree_show(method->value, shown, sizeof shown));
			else
				config_error(c, method->line, method->col, "%s is %s; expected rate or bands", n_method,
				             ytree_describe(method));
			method = NULL;
		}
	}
	if (rp->method == RAS_RATE) {
		if (bands && !bands->bad) {
			if (method)
				config_error(c, bands->line, bands->col,
				             "%s is given but %s is rate; expected either method: rate with pound_per_point, or method: bands with bands",
				             n_bands, n_method);
			else
				config_error(c, bands->line, bands->col,
				             "%s has both pound_per_point and bands; expected one of them (and %s to say which)",
				             pre, n_method);
		}
		cfg_money(c, cfg_field(c, m, pre, "pound_per_point", true, expect_rate), n_rate, MAX_RATE,
		          &rp->pence_per_point);
	} else if (rate && !rate->bad) {
		config_error(c, rate->line, rate->col,
		             "%s is given but %s is bands; expected either method: rate with pound_per_point, or method: bands with bands",
		             n_rate, n_method);
	}
	points_ok = points && points->type == YNODE_MAP;
	if (points) {
		size_t before = c->errs.n + c->dropped;
		load_points(c, points, rc, rp);
		points_ok = points_ok && c->errs.n + c->dropped == before;
	}
	if (rp->method == RAS_BANDS) {
		if (!bands)
			config_error(c, m->line, m->col,
			             "%s is missing but %s is bands; expected a list of bands, each with min_points, max_points and weekly",
			             n_bands, n_method);
		else
			load_bands(c, bands, rc, rp, points_ok);
	}
	min_ok = cfg_money(c, cfg_field(c, m, pre, "minimum_weekly", true, EXP_WEEKLY), n_min, MAX_WEEKLY,
	                   &rp->minimum_weekly);
	max_ok = cfg_money(c, cfg_field(c, m, pre, "maximum_weekly", true, EXP_WEEKLY), n_max, MAX_WEEKLY,
	                   &rp->maximum_weekly);
	if (min_ok && max_ok && rp->minimum_weekly > rp->maximum_weekly) {
		char a[MONEY_BUF], b[MONEY_BUF];
		struct ynode *v = ytree_get(m, "minimum_weekly");
		config_error(c, v->line, v->col,
		             "%s (%s) is above %s (%s); expected the minimum at or below the maximum", n_min,
		             cfg_pounds(rp->minimum_weekly, a, sizeof a), n_max, cfg_pounds(rp->maximum_weekly, b, sizeof b));
	}
	cfg_unknown_keys(c, m, pre, keys, CW_ARRAY_LEN(keys));
}

static void load_ras(struct config_ctx *c, struct ynode *root, struct policy *p)
{
	static const struct ras_ctx rc = { "ras", OUTCOME_COUNT, "a person" };
	struct ynode *m = section(c, root, "ras", true, "a mapping with pound_per_point (or bands), points, minimum_weekly and maximum_weekly");

	if (m)
		load_ras_map(c, m, &rc, &p->ras);
}

/* carers: the carer's outcome labels, their own RAS, whether carers are
 * charged. The whole section is optional: without it a carer's budget
 * comes from the adult RAS and carers are not charged. */
static void load_carers(struct config_ctx *c, struct ynode *root, struct policy *p)
{
	static const char *const keys[] = { "outcome_labels", "ras", "charge" };
	static const struct ras_ctx rc = { "carers.ras", CARER_OUTCOME_COUNT, "a carer" };
	struct ynode *m = section(c, root, "carers", false, "a mapping with outcome_labels, ras and charge");
	struct ynode *v;
	int i;

	for (i = 0; i < CARER_OUTCOME_COUNT; i++)
		cw_strlcpy(p->carers.outcome_labels[i], policy_carer_outcome_regulation_labels[i], POLICY_LABEL_MAX);
	p->carers.own_ras = false;
	p->carers.charge = false;
	if (!m)
		return;
	load_labels(c, ytree_get(m, "outcome_labels"), "carers.outcome_labels", policy_carer_outcome_keys,
	            CARER_OUTCOME_COUNT, p->carers.outcome_labels);
	v = ytree_get(m, "ras");
	if (v && cfg_map(c, v, "carers.ras",
	                 "a mapping with pound_per_point (or bands), points, minimum_weekly and maximum_weekly")) {
		p->carers.own_ras = true;
		load_ras_map(c, v, &rc, &p->carers.ras);
	}
	if ((v = ytree_get(m, "charge")))
		cfg_bool(c, v, "carers.charge", &p->carers.charge);
	cfg_unknown_keys(c, m, "carers", keys, CW_ARRAY_LEN(keys));
}

static void load_charging(struct config_ctx *c, struct ynode *root, struct policy *p)
{
	static const char *const keys[] = { "capital_upper", "capital_lower", "tariff_per_250",
		                            "minimum_income_guarantee_weekly", "disregard_weekly" };
	struct ynode *m = section(c, root, "charging", true,
	                          "a mapping with capital_upper, capital_lower, tariff_per_250 and minimum_income_guarantee_weekly");
	struct ynode *v;
	bool up_ok, low_ok;

	if (!m)
		return;
	up_ok = cfg_money(c, cfg_field(c, m, "charging", "capital_upper", true, EXP_CAPITAL),
	                  "charging.capital_upper", MAX_CAPITAL, &p->charging.capital_upper);
	low_ok = cfg_money(c, cfg_field(c, m, "charging", "capital_lower", true, EXP_CAPITAL),
	                   "charging.capital_lower", MAX_CAPITAL, &p->charging.capital_lower);
	if (up_ok && low_ok && p->charging.capital_lower > p->charging.capital_upper) {
		char a[MONEY_BUF], b[MONEY_BUF];
		v = ytree_get(m, "capital_lower");
		config_error(c, v->line, v->col,
		             "charging.capital_lower (%s) is above charging.capital_upper (%s); expected the lower limit at or below the upper",
		             cfg_pounds(p->charging.capital_lower, a, sizeof a),
		             cfg_pounds(p->charging.capital_upper, b, sizeof b));
	}
	cfg_money(c, cfg_field(c, m, "charging", "tariff_per_250", true, "an amount in pounds from 0.00 to 250.00"),
	          "charging.tariff_per_250", MAX_TARIFF, &p->charging.tariff_per_250);
	cfg_money(c, cfg_field(c, m, "charging", "minimum_income_guarantee_weekly", true, EXP_WEEKLY),
	          "charging.minimum_income_guarantee_weekly", MAX_WEEKLY,
	          &p->charging.minimum_income_guarantee_weekly);
	v = ytree_get(m, "disregard_weekly");
	if (v)
		cfg_money(c, v, "charging.disregard_weekly", MAX_WEEKLY, &p->charging.disregard_weekly);
	cfg_unknown_keys(c, m, "charging", keys, CW_ARRAY_LEN(keys));
}

static void load_panel(struct config_ctx *c, struct ynode *root, struct policy *p)
{
	static const char *const keys[] = { "weekly_cost_over", "over_indicative_percent",
		                            "family_pa_same_household", "plan_over_tolerance" };
	struct ynode *m = section(c, root, "panel", true,
	                          "a mapping with weekly_cost_over, over_indicative_percent and family_pa_same_household");
	struct ynode *v;

	if (!m)
		return;
	cfg_money(c, cfg_field(c, m, "panel", "weekly_cost_over", true, EXP_WEEKLY), "panel.weekly_cost_over",
	          MAX_WEEKLY, &p->panel.weekly_cost_over);
	cfg_int(c, cfg_field(c, m, "panel", "over_indicative_percent", true, EXP_PERCENT),
	        "panel.over_indicative_percent", 0, MAX_PERCENT, &p->panel.over_indicative_percent);
	cfg_bool(c, cfg_field(c, m, "panel", "family_pa_same_household", true, EXP_BOOL),
	         "panel.family_pa_same_household", &p->panel.family_pa_same_household);
	p->panel.plan_over_tolerance = true;
	v = ytree_get(m, "plan_over_tolerance");
	if (v)
		cfg_bool(c, v, "panel.plan_over_tolerance", &p->panel.plan_over_tolerance);
	cfg_unknown_keys(c, m, "panel", keys, CW_ARRAY_LEN(keys));
}

static void load_categories(struct config_ctx *c, struct ynode *m, struct policy *p)
{
	static const char *const keys[] = { "label", "unit", "rate" };
	char what[CFG_NAME_MAX], name[CFG_NAME_MAX], shown[96], expected[128];
	size_t i;

	if (!cfg_map(c, m, "support_plan.categories",
	             "a mapping of category key to {label, unit, rate}"))
		return;
	if (m->n == 0) {
		config_error(c, m->line, m->col,
		             "support_plan.categories is empty; expected at least one category with label, unit and rate");
		return;
	}
	if (m->n > POLICY_MAX_CATEGORIES) {
		config_error(c, m->keys[POLICY_MAX_CATEGORIES]->line, m->keys[POLICY_MAX_CATEGORIES]->col,
		             "support_plan.categories has %zu categories; expected at most %d", m->n,
		             POLICY_MAX_CATEGORIES);
		return;
	}
	snprintf(expected, sizeof expected, "one of: hour, day, night, week, session, mile, one_off");
	for (i = 0; i < m->n; i++) {
		struct policy_category *cat = &p->support_plan.categories[i];
		struct ynode *v = m->items[i], *unit;
		int u;

		m->used[i] = true;
		snprintf(what, sizeof what, "support_plan.categories.%s", ytree_show(m->keys[i]->value, shown, sizeof shown));
		cfg_key(c, m->keys[i], "support_plan.categories key", cat->key, sizeof cat->key);
		if (!cfg_map(c, v, what, "a mapping with label, unit and rate"))
			continue;
		cfg_text(c, cfg_field(c, v, what, "label", true, "the category's name as people read it"),
		         cfg_name(name, sizeof name, what, "label"), cat->label, sizeof cat->label);
		unit = cfg_field(c, v, what, "unit", true, expected);
		cfg_name(name, sizeof name, what, "unit");
		if (unit && !unit->bad) {
			if (unit->type != YNODE_SCALAR) {
				config_error(c, unit->line, unit->col, "%s is %s; expected %s", name, ytree_describe(unit),
				             expected);
			} else {
				for (u = 0; u < UNIT_COUNT; u++)
					if (strcmp(unit->value, policy_unit_keys[u]) == 0)
						break;
				if (u < UNIT_COUNT) {
					cat->unit = (enum unit)u;
				} else {
					const char *best = config_suggest(unit->value, policy_unit_keys, UNIT_COUNT);
					if (best)
						config_error(c, unit->line, unit->col, "%s '%s' is not a unit; did you mean '%s'?",
						             name, ytree_show(unit->value, shown, sizeof shown), best);
					else
						config_error(c, unit->line, unit->col, "%s '%s' is not a unit; expected %s", name,
						             ytree_show(unit->value, shown, sizeof shown), expected);
				}
			}
		}
		cfg_money(c, cfg_field(c, v, what, "rate", true, EXP_RATE), cfg_name(name, sizeof name, what, "rate"),
		          MAX_RATE, &cat->rate);
		cfg_unknown_keys(c, v, what, keys, CW_ARRAY_LEN(keys));
	}
	p->support_plan.ncategories = (int)m->n;
}

static void load_use(struct config_ctx *c, struct ynode *n, const char *what, struct policy_use *use)
{
	static const char *const keys[] = { "key", "label", "words" };
	char name[CFG_NAME_MAX], shown[96], list[400];
	struct ynode *words;
	size_t i;

	if (!n || n->bad)
		return;
	if (n->type == YNODE_SCALAR) {
		const char *builtin_keys[CW_ARRAY_LEN(builtin_uses)];
		const char *best;

		for (i = 0; i < CW_ARRAY_LEN(builtin_uses); i++)
			builtin_keys[i] = builtin_uses[i].key;

		for (i = 0; i < CW_ARRAY_LEN(builtin_uses); i++) {
			if (strcmp(n->value, builtin_uses[i].key) == 0) {
				const struct builtin_use *b = &builtin_uses[i];
				cw_strlcpy(use->key, b->key, sizeof use->key);
				cw_strlcpy(use->label, b->label, sizeof use->label);
				for (use->nwords = 0; use->nwords < POLICY_MAX_WORDS && b->words[use->nwords]; use->nwords++)
					cw_strlcpy(use->words[use->nwords], b->words[use->nwords], POLICY_WORD_MAX);
				return;
			}
		}
		best = config_suggest(n->value, builtin_keys, CW_ARRAY_LEN(builtin_keys));
		if (best) {
			config_error(c, n->line, n->col, "%s '%s' is not a built-in use; did you mean '%s'?", what,
			             ytree_show(n->value, shown, sizeof shown), best);
			return;
		}
		list[0] = '\0';
		for (i = 0; i < CW_ARRAY_LEN(builtin_uses); i++) {
			size_t used = strlen(list);
			snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", builtin_uses[i].key);
		}
		config_error(c, n->line, n->col,
		             "%s '%s' is not a built-in use; expected one of %s, or a mapping with key, label and words",
		             what, ytree_show(n->value, shown, sizeof shown), list);
		return;
	}
	if (!cfg_map(c, n, what, "a built-in use (like housing_costs) or a mapping with key, label and words"))
		return;
	cfg_key(c, cfg_field(c, n, what, "key", true, "a key like pet_care"), cfg_name(name, sizeof name, what, "key"),
	        use->key, sizeof use->key);
	cfg_text(c, cfg_field(c, n, what, "label", true, "what the money may not buy, in words"),
	         cfg_name(name, sizeof name, what, "label"), use->label, sizeof use->label);
	words = cfg_field(c, n, what, "words", true, "a list of words that flag a plan line");
	cfg_name(name, sizeof name, what, "words");
	if (words && cfg_seq(c, words, name, "a list of words that flag a plan line")) {
		if (words->n == 0) {
			config_error(c, words->line, words->col, "%s is an empty list; expected 1 to %d words", name,
			             POLICY_MAX_WORDS);
		} else if (words->n > POLICY_MAX_WORDS) {
			config_error(c, words->items[POLICY_MAX_WORDS]->line, words->items[POLICY_MAX_WORDS]->col,
			             "%s has %zu words; expected at most %d", name, words->n, POLICY_MAX_WORDS);
		} else {
			for (i = 0; i < words->n; i++) {
				char wname[CFG_NAME_MAX + 24];
				snprintf(wname, sizeof wname, "%s[%d]", name, (int)i + 1);
				cfg_text(c, words->items[i], wname, use->words[i], POLICY_WORD_MAX);
			}
			use->nwords = (int)words->n;
		}
	}
	cfg_unknown_keys(c, n, what, keys, CW_ARRAY_LEN(keys));
}

static void load_never_allowed(struct config_ctx *c, struct ynode *seq, struct policy *p)
{
	char what[CFG_NAME_MAX];
	size_t i, j;

	if (!cfg_seq(c, seq, "support_plan.never_allowed",
	             "a list of uses money may never buy (like housing_costs)"))
		return;
	if (seq->n > POLICY_MAX_USES) {
		config_error(c, seq->items[POLICY_MAX_USES]->line, seq->items[POLICY_MAX_USES]->col,
		             "support_plan.never_allowed has %zu entries; expected at most %d", seq->n, POLICY_MAX_USES);
		return;
	}
	for (i = 0; i < seq->n; i++) {
		struct policy_use *use = &p->support_plan.never_allowed[i];

		snprintf(what, sizeof what, "support_plan.never_allowed[%zu]", i + 1);
		load_use(c, seq->items[i], what, use);
		if (!use->key[0])
			continue;
		for (j = 0; j < i; j++) {
			if (strcmp(p->support_plan.never_allowed[j].key, use->key) == 0) {
				config_error(c, seq->items[i]->line, seq->items[i]->col,
				             "%s '%s' is listed twice (first at line %d); expected each use once", what, use->key,
				             seq->items[j]->line);
				break;
			}
		}
	}
	p->support_plan.nnever_allowed = (int)seq->n;
}

static void load_not_by_dp(struct config_ctx *c, struct ynode *seq, struct policy *p, bool categories_ok)
{
	char what[CFG_NAME_MAX], shown[96];
	const char *cats[POLICY_MAX_CATEGORIES];
	size_t i, j;
	int k;

	if (!cfg_seq(c, seq, "support_plan.not_by_direct_payment",
	             "a list of category keys a direct payment may not buy"))
		return;
	if (seq->n > POLICY_MAX_USES) {
		config_error(c, seq->items[POLICY_MAX_USES]->line, seq->items[POLICY_MAX_USES]->col,
		             "support_plan.not_by_direct_payment has %zu entries; expected at most %d", seq->n,
		             POLICY_MAX_USES);
		return;
	}
	for (k = 0; k < p->support_plan.ncategories; k++)
		cats[k] = p->support_plan.categories[k].key;
	for (i = 0; i < seq->n; i++) {
		struct ynode *n = seq->items[i];
		char *dst = p->support_plan.not_by_direct_payment[i];

		snprintf(what, sizeof what, "support_plan.not_by_direct_payment[%zu]", i + 1);
		if (!cfg_key(c, n, what, dst, POLICY_KEY_MAX))
			continue;
		for (j = 0; j < i; j++) {
			if (strcmp(p->support_plan.not_by_direct_payment[j], dst) == 0) {
				config_error(c, n->line, n->col, "%s '%s' is listed twice (first at line %d); expected each category once",
				             what, dst, seq->items[j]->line);
				break;
			}
		}
		if (categories_ok && !policy_category_find(p, dst)) {
			const char *best = config_suggest(dst, cats, (size_t)p->support_plan.ncategories);
			ytree_show(dst, shown, sizeof shown);
			if (best)
				config_error(c, n->line, n->col, "%s '%s' is not a category; did you mean '%s'?", what, shown,
				             best);
			else
				config_error(c, n->line, n->col,
				             "%s '%s' is not a category; expected a key defined under support_plan.categories",
				             what, shown);
		}
	}
	p->support_plan.nnot_by_direct_payment = (int)seq->n;
}

static void load_support_plan(struct config_ctx *c, struct ynode *root, struct policy *p)
{
	static const char *const keys[] = { "tolerance_percent", "manager_signoff",
		                            "council_services_by_direct_payment", "categories", "never_allowed",
		                            "not_by_direct_payment" };
	struct ynode *m = section(c, root, "support_plan", true,
	                          "a mapping with tolerance_percent, categories, never_allowed and not_by_direct_payment");
	struct ynode *cats, *v, *flag;
	size_t before;
	bool categories_ok, listed;

	if (!m)
		return;
	cfg_int(c, cfg_field(c, m, "support_plan", "tolerance_percent", true, EXP_PERCENT),
	        "support_plan.tolerance_percent", 0, MAX_PERCENT, &p->support_plan.tolerance_percent);
	p->support_plan.manager_signoff = true;
	v = ytree_get(m, "manager_signoff");
	if (v)
		cfg_bool(c, v, "support_plan.manager_signoff", &p->support_plan.manager_signoff);
	cats = cfg_field(c, m, "support_plan", "categories", true,
	                 "a mapping of category key to {label, unit, rate}");
	before = c->errs.n + c->dropped;
	if (cats)
		load_categories(c, cats, p);
	categories_ok = cats && c->errs.n + c->dropped == before;
	load_never_allowed(c, cfg_field(c, m, "support_plan", "never_allowed", true,
	                                "a list of uses money may never buy (like housing_costs)"),
	                   p);
	v = cfg_field(c, m, "support_plan", "not_by_direct_payment", true,
	              "a list of category keys a direct payment may not buy");
	load_not_by_dp(c, v, p, categories_ok);

	/* Council services by direct payment: the flag and the list must
	 * agree; without the flag, the list decides. */
	listed = policy_not_by_direct_payment(p, "council_services");
	flag = ytree_get(m, "council_services_by_direct_payment");
	p->support_plan.council_services_by_direct_payment = !listed && policy_category_find(p, "council_services");
	if (flag && cfg_bool(c, flag, "support_plan.council_services_by_direct_payment",
	                     &p->support_plan.council_services_by_direct_payment)) {
		if (p->support_plan.council_services_by_direct_payment && listed)
			config_error(c, flag->line, flag->col,
			             "support_plan.council_services_by_direct_payment is true but council_services is in support_plan.not_by_direct_payment; expected one or the other");
		else if (!p->support_plan.council_services_by_direct_payment && !listed &&
		         policy_category_find(p, "council_services"))
			config_error(c, flag->line, flag->col,
			             "support_plan.council_services_by_direct_payment is false but council_services is not in support_plan.not_by_direct_payment; expected it listed there");
	}
	cfg_unknown_keys(c, m, "support_plan", keys, CW_ARRAY_LEN(keys));
}

static void load_review(struct config_ctx *c, struct ynode *root, struct policy *p)
{
	static const char *const keys[] = { "first_review_weeks", "interval_months", "high_risk_interval_months",
		                            "direct_payment_first_audit_months", "direct_payment_audit_months",
		                            "due_soon_days", "unspent_keep_weeks" };
	struct ynode *m = section(c, root, "review", true,
	                          "a mapping with first_review_weeks, interval_months, high_risk_interval_months, direct_payment_audit_months and due_soon_days");
	struct ynode *v;
	bool iv_ok, hr_ok;

	if (!m)
		return;
	cfg_int(c, cfg_field(c, m, "review", "first_review_weeks", true, "a whole number from 1 to 52"),
	        "review.first_review_weeks", 1, 52, &p->review.first_review_weeks);
	iv_ok = cfg_int(c, cfg_field(c, m, "review", "interval_months", true, "a whole number from 1 to 12"),
	                "review.interval_months", 1, 12, &p->review.interval_months);
	hr_ok = cfg_int(c, cfg_field(c, m, "review", "high_risk_interval_months", true, "a whole number from 1 to 12"),
	                "review.high_risk_interval_months", 1, 12, &p->review.high_risk_interval_months);
	if (iv_ok && hr_ok && p->review.high_risk_interval_months > p->review.interval_months) {
		v = ytree_get(m, "high_risk_interval_months");
		config_error(c, v->line, v->col,
		             "review.high_risk_interval_months (%d) is longer than review.interval_months (%d); expected high-risk cases reviewed at least as often",
		             p->review.high_risk_interval_months, p->review.interval_months);
	}
	p->review.direct_payment_first_audit_months = 6;
	v = ytree_get(m, "direct_payment_first_audit_months");
	if (v)
		cfg_int(c, v, "review.direct_payment_first_audit_months", 1, 12,
		        &p->review.direct_payment_first_audit_months);
	cfg_int(c, cfg_field(c, m, "review", "direct_payment_audit_months", true, "a whole number from 1 to 12"),
	        "review.direct_payment_audit_months", 1, 12, &p->review.direct_payment_audit_months);
	cfg_int(c, cfg_field(c, m, "review", "due_soon_days", true, "a whole number from 1 to 90"),
	        "review.due_soon_days", 1, 90, &p->review.due_soon_days);
	p->review.unspent_keep_weeks = 4;
	v = ytree_get(m, "unspent_keep_weeks");
	if (v)
		cfg_int(c, v, "review.unspent_keep_weeks", 0, 52, &p->review.unspent_keep_weeks);
	cfg_unknown_keys(c, m, "review", keys, CW_ARRAY_LEN(keys));
}

static void load_access(struct config_ctx *c, struct ynode *root, struct policy *p)
{
	static const char *const keys[] = { "assessment_signoff", "break_the_glass" };
	struct ynode *m = section(c, root, "access", false, "a mapping with assessment_signoff and break_the_glass");
	struct ynode *v;

	p->access.assessment_signoff = true;
	p->access.break_the_glass = false;
	if (!m)
		return;
	if ((v = ytree_get(m, "assessment_signoff")))
		cfg_bool(c, v, "access.assessment_signoff", &p->access.assessment_signoff);
	if ((v = ytree_get(m, "break_the_glass")))
		cfg_bool(c, v, "access.break_the_glass", &p->access.break_the_glass);
	cfg_unknown_keys(c, m, "access", keys, CW_ARRAY_LEN(keys));
}

/* ---- entry points ---- */

static enum cw_status load_tree(struct config_ctx *c, const char *data, size_t len, struct policy *p)
{
	struct ynode *root = NULL;
	enum cw_status st;

	st = ytree_parse(c, data, len, &root);
	if (!root) {
		if (st == CW_OK)
			config_error(c, 1, 1,
			             "the policy is empty; expected a mapping with council, eligibility, ras, charging, panel, support_plan and review");
		return st == CW_OK ? CW_ERR_INVALID : st;
	}
	if (root->type != YNODE_MAP) {
		config_error(c, root->line, root->col,
		             "the policy is %s; expected a mapping with council, eligibility, ras, charging, panel, support_plan and review",
		             ytree_describe(root));
	} else {
		load_council(c, root, p);
		load_eligibility(c, root, p);
		load_ras(c, root, p);
		load_carers(c, root, p);
		load_charging(c, root, p);
		load_panel(c, root, p);
		load_support_plan(c, root, p);
		load_review(c, root, p);
		load_access(c, root, p);
		cfg_unknown_keys(c, root, "", top_keys, CW_ARRAY_LEN(top_keys));
	}
	ytree_free(root);
	if (st != CW_OK)
		return st;
	return c->errs.n || c->dropped ? CW_ERR_INVALID : CW_OK;
}

static enum cw_status finish(struct config_ctx *c, enum cw_status st, struct policy *tmp, struct policy *out,
                             struct config_errors *errs)
{
	if (st == CW_OK && (c->errs.n || c->dropped))
		st = CW_ERR_INVALID;
	if (st == CW_OK)
		*out = *tmp;
	else
		memset(out, 0, sizeof *out);
	free(tmp);
	config_ctx_finish(c, errs);
	return st;
}

enum cw_status policy_load_data(const char *name, const char *data, size_t len, struct policy *out,
                                struct config_errors *errs)
{
	struct config_ctx c;
	struct policy *tmp = xcalloc(1, sizeof *tmp);
	enum cw_status st;

	config_ctx_init(&c, name);
	st = load_tree(&c, data ? data : "", data ? len : 0, tmp);
	return finish(&c, st, tmp, out, errs);
}

enum cw_status policy_load_file(const char *path, struct policy *out, struct config_errors *errs)
{
	struct config_ctx c;
	struct policy *tmp = xcalloc(1, sizeof *tmp);
	enum cw_status st;
	char *data;
	size_t len;

	config_ctx_init(&c, path);
	st = config_read_file(&c, path, &data, &len);
	if (st == CW_OK) {
		st = load_tree(&c, data, len, tmp);
		free(data);
	}
	return finish(&c, st, tmp, out, errs);
}

/* "RAS £4.20/point (min £0.00, max £1,500.00)" or the bands' range. */
static void ras_summary(const struct ras_policy *r, char *buf, size_t size)
{
	char a[MONEY_BUF], b[MONEY_BUF], d[MONEY_BUF], e[MONEY_BUF];
	money_format(r->minimum_weekly, MONEY_GROUP | MONEY_SYMBOL, a, sizeof a);
	money_format(r->maximum_weekly, MONEY_GROUP | MONEY_SYMBOL, b, sizeof b);
	if (r->method == RAS_BANDS && r->nbands > 0)
		snprintf(buf, size, "%d bands %s-%s (min %s, max %s)", r->nbands,
		         money_format(r->bands[0].weekly, MONEY_GROUP | MONEY_SYMBOL, d, sizeof d),
		         money_format(r->bands[r->nbands - 1].weekly, MONEY_GROUP | MONEY_SYMBOL, e, sizeof e), a, b);
	else
		snprintf(buf, size, "%s/point (min %s, max %s)",
		         money_format(r->pence_per_point, MONEY_GROUP | MONEY_SYMBOL, d, sizeof d), a, b);
}

void policy_summary(const struct policy *p, char *buf, size_t bufsize)
{
	char e[MONEY_BUF], f[MONEY_BUF], g[MONEY_BUF];
	char ras[160], carers[200];

	if (!buf || bufsize == 0)
		return;
	ras_summary(&p->ras, ras, sizeof ras);
	if (p->carers.own_ras) {
		char cr[160];
		ras_summary(&p->carers.ras, cr, sizeof cr);
		snprintf(carers, sizeof carers, "carers %s, %s", cr, p->carers.charge ? "charged" : "not charged");
	} else {
		snprintf(carers, sizeof carers, "carers by the RAS above, %s", p->carers.charge ? "charged" : "not charged");
	}
	snprintf(buf, bufsize,
	         "%s: RAS %s; panel over %s/week or %d%% over indicative; capital %s-%s; %d categories; %s",
	         p->council_name, ras, money_format(p->panel.weekly_cost_over, MONEY_GROUP | MONEY_SYMBOL, e, sizeof e),
	         p->panel.over_indicative_percent,
	         money_format(p->charging.capital_lower, MONEY_GROUP | MONEY_SYMBOL, f, sizeof f),
	         money_format(p->charging.capital_upper, MONEY_GROUP | MONEY_SYMBOL, g, sizeof g),
	         p->support_plan.ncategories, carers);
}
