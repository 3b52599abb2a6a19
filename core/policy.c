/* policy.c - the fixed identifiers of core/policy.h and look-ups over a
 * loaded policy. Filling a policy is config/'s job. */
#include "core/policy.h"

#include <string.h>

/* Regulation order (SI 2015/313 reg 2(2)). */
const char *const policy_outcome_keys[OUTCOME_COUNT] = {
	"nutrition",
	"personal_hygiene",
	"toilet_needs",
	"clothing",
	"home_safety",
	"habitable_home",
	"relationships",
	"work_education_volunteering",
	"community_services",
	"caring_for_child",
};

const char *const policy_level_keys[NEED_LEVELS] = {
	"none", "low", "moderate", "substantial", "critical",
};

const char *const policy_unit_keys[UNIT_COUNT] = {
	"hour", "day", "night", "week", "session", "mile", "one_off",
};

const struct policy_category *policy_category_find(const struct policy *p, const char *key)
{
	int i;

	if (!p || !key)
		return NULL;
	for (i = 0; i < p->support_plan.ncategories; i++)
		if (strcmp(p->support_plan.categories[i].key, key) == 0)
			return &p->support_plan.categories[i];
	return NULL;
}

const struct policy_use *policy_never_allowed_find(const struct policy *p, const char *key)
{
	int i;

	if (!p || !key)
		return NULL;
	for (i = 0; i < p->support_plan.nnever_allowed; i++)
		if (strcmp(p->support_plan.never_allowed[i].key, key) == 0)
			return &p->support_plan.never_allowed[i];
	return NULL;
}

bool policy_not_by_direct_payment(const struct policy *p, const char *category_key)
{
	int i;

	if (!p || !category_key)
		return false;
	for (i = 0; i < p->support_plan.nnot_by_direct_payment; i++)
		if (strcmp(p->support_plan.not_by_direct_payment[i], category_key) == 0)
			return true;
	return false;
}
