/* rules_fixture.h - a hand-made policy and blank cases shared by the
 * rules, workflow and access suites (static functions: each suite gets
 * its own copy). Figures as the shipped policy: RAS £4.20 a point,
 * capital £14,250-£23,250, panel over £700.00 or 10%, tolerance 5%. */
#ifndef TESTS_RULES_FIXTURE_H
#define TESTS_RULES_FIXTURE_H

#include <string.h>

#include "core/case.h"
#include "core/policy.h"
#include "core/util.h"

static inline void fx_use(struct policy *p, const char *key, const char *label, const char *const *words, int n)
{
	struct policy_use *u = &p->support_plan.never_allowed[p->support_plan.nnever_allowed++];
	int i;

	cw_strlcpy(u->key, key, sizeof u->key);
	cw_strlcpy(u->label, label, sizeof u->label);
	for (i = 0; i < n; i++)
		cw_strlcpy(u->words[i], words[i], sizeof u->words[i]);
	u->nwords = n;
}

static inline void fx_cat(struct policy *p, const char *key, const char *label, enum unit unit, int64_t rate)
{
	struct policy_category *c = &p->support_plan.categories[p->support_plan.ncategories++];

	cw_strlcpy(c->key, key, sizeof c->key);
	cw_strlcpy(c->label, label, sizeof c->label);
	c->unit = unit;
	c->rate = rate;
}

static inline void fx_policy(struct policy *p)
{
	static const char *const outcome[OUTCOME_COUNT] = {
		"Nutrition", "Personal hygiene", "Toilet needs", "Clothing", "Home safety",
		"Habitable home", "Relationships", "Work and learning", "Community", "Caring for a child",
	};
	static const char *const level[NEED_LEVELS] = { "none", "low", "moderate", "substantial", "critical" };
	static const char *const housing[] = { "rent", "mortgage", "housing", "ground rent" };
	static const char *const bills[] = { "council tax", "gas", "electricity" };
	static const char *const drink[] = { "alcohol", "gambling" };
	int i;

	memset(p, 0, sizeof *p);
	cw_strlcpy(p->council_name, "Test Council", sizeof p->council_name);
	p->eligibility.min_outcomes_unable = 2;
	for (i = 0; i < OUTCOME_COUNT; i++)
		cw_strlcpy(p->eligibility.outcome_labels[i], outcome[i], POLICY_LABEL_MAX);
	for (i = 0; i < NEED_LEVELS; i++)
		cw_strlcpy(p->eligibility.level_labels[i], level[i], POLICY_LABEL_MAX);
	p->ras.method = RAS_RATE;
	p->ras.pence_per_point = 420;
	p->ras.points[NEED_NONE] = 0;
	p->ras.points[NEED_LOW] = 3;
	p->ras.points[NEED_MODERATE] = 6;
	p->ras.points[NEED_SUBSTANTIAL] = 10;
	p->ras.points[NEED_CRITICAL] = 15;
	p->ras.minimum_weekly = 0;
	p->ras.maximum_weekly = 150000;
	p->charging.capital_upper = 2325000;
	p->charging.capital_lower = 1425000;
	p->charging.tariff_per_250 = 100;
	p->charging.minimum_income_guarantee_weekly = 13200;
	p->charging.disregard_weekly = 2000;
	p->panel.weekly_cost_over = 70000;
	p->panel.over_indicative_percent = 10;
	p->panel.family_pa_same_household = true;
	p->panel.plan_over_tolerance = true;
	p->support_plan.tolerance_percent = 5;
	p->support_plan.manager_signoff = true;
	p->support_plan.council_services_by_direct_payment = false;
	fx_cat(p, "homecare", "Homecare", UNIT_HOUR, 3214);
	fx_cat(p, "personal_assistant", "Personal assistant", UNIT_HOUR, 1600);
	fx_cat(p, "mileage", "Mileage", UNIT_MILE, 45);
	fx_cat(p, "equipment", "Small equipment", UNIT_ONE_OFF, 25000);
	fx_cat(p, "long_term_residential_care", "Long-term residential care", UNIT_WEEK, 85000);
	fx_cat(p, "council_services", "Council-run day centre", UNIT_DAY, 5500);
	fx_use(p, "housing_costs", "Rent, mortgage and housing costs", housing, 4);
	fx_use(p, "household_bills", "Household bills", bills, 3);
	fx_use(p, "alcohol_tobacco_gambling", "Alcohol, tobacco or gambling", drink, 2);
	cw_strlcpy(p->support_plan.not_by_direct_payment[0], "long_term_residential_care", POLICY_KEY_MAX);
	cw_strlcpy(p->support_plan.not_by_direct_payment[1], "council_services", POLICY_KEY_MAX);
	p->support_plan.nnot_by_direct_payment = 2;
	p->review.first_review_weeks = 8;
	p->review.interval_months = 12;
	p->review.high_risk_interval_months = 3;
	p->review.direct_payment_first_audit_months = 6;
	p->review.direct_payment_audit_months = 12;
	p->review.due_soon_days = 28;
	p->review.unspent_keep_weeks = 4;
	p->access.assessment_signoff = true;
	p->access.break_the_glass = true;
}

/* The banded council of config/examples/banded-council.yaml. */
static inline void fx_policy_banded(struct policy *p)
{
	static const struct ras_band bands[] = {
		{0, 9, 0}, {10, 24, 7500}, {25, 39, 15000}, {40, 54, 24000},
		{55, 69, 33000}, {70, 89, 43000}, {90, 109, 56000}, {110, 140, 72000},
	};
	size_t i;

	fx_policy(p);
	p->ras.method = RAS_BANDS;
	p->ras.pence_per_point = 0;
	p->ras.points[NEED_LOW] = 2;
	p->ras.points[NEED_MODERATE] = 5;
	p->ras.points[NEED_SUBSTANTIAL] = 9;
	p->ras.points[NEED_CRITICAL] = 14;
	p->ras.maximum_weekly = 120000;
	for (i = 0; i < CW_ARRAY_LEN(bands); i++)
		p->ras.bands[i] = bands[i];
	p->ras.nbands = (int)CW_ARRAY_LEN(bands);
}

/* A fresh case (case_init: every date unset, stage decision). */
static inline struct case_record *fx_case(void)
{
	struct case_record *c = xmalloc(sizeof *c);

	case_init(c);
	return c;
}

static inline struct date fx_date(const char *s)
{
	struct date d = DATE_NONE;
	const char *why;

	if (s && *s)
		date_parse(s, &d, &why);
	return d;
}

#endif
