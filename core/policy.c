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

/* Regulation order (SI 2015/313 reg 3(2)(b)). */
const char *const policy_carer_outcome_keys[CARER_OUTCOME_COUNT] = {
	"caring_for_child",
	"caring_for_others",
	"habitable_home",
	"nutrition",
	"relationships",
	"work_education_volunteering",
	"community_services",
	"recreation",
};

/* Close to the regulation's words, shortened for a screen line. */
const char *const policy_carer_outcome_regulation_labels[CARER_OUTCOME_COUNT] = {
	"Carrying out any caring responsibilities for a child",
	"Providing care to other people the carer cares for",
	"Maintaining a habitable home environment in the carer's home",
	"Managing and maintaining nutrition",
	"Developing and maintaining family or other personal relationships",
	"Engaging in work, training, education or volunteering",
	"Using necessary facilities or services in the community, including recreational ones",
	"Engaging in recreational activities",
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

const char *policy_outcome_label(const struct policy *p, bool carer, int i)
{
	if (carer) {
		if (i < 0 || i >= CARER_OUTCOME_COUNT)
			return "?";
		return p && p->carers.outcome_labels[i][0] ? p->carers.outcome_labels[i]
		                                           : policy_carer_outcome_regulation_labels[i];
	}
	if (i < 0 || i >= OUTCOME_COUNT)
		return "?";
	return p && p->eligibility.outcome_labels[i][0] ? p->eligibility.outcome_labels[i] : policy_outcome_keys[i];
}

const struct ras_policy *policy_carer_ras(const struct policy *p)
{
	return p->carers.own_ras ? &p->carers.ras : &p->ras;
}
