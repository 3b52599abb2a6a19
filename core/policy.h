/* policy.h - a council's policy as plain C data. Filled by config/
 * (from YAML) or by hand in tests; core/ reads it and never knows where
 * it came from. Every money figure is pence; percentages are whole
 * numbers. docs/policy.md documents each field's YAML key. */
#ifndef CW_POLICY_H
#define CW_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#define OUTCOME_COUNT 10       /* an adult's outcomes, SI 2015/313 reg 2(2) */
#define CARER_OUTCOME_COUNT 8  /* a carer's outcomes, SI 2015/313 reg 3(2)(b) */
#define POLICY_KEY_MAX 48
#define POLICY_LABEL_MAX 96
#define POLICY_MAX_CATEGORIES 48
#define POLICY_MAX_BANDS 32
#define POLICY_MAX_USES 16
#define POLICY_MAX_WORDS 12
#define POLICY_WORD_MAX 32

/* Level of need for one eligibility outcome. */
enum need_level {
	NEED_NONE,
	NEED_LOW,
	NEED_MODERATE,
	NEED_SUBSTANTIAL,
	NEED_CRITICAL,
	NEED_LEVELS,
};

enum ras_method {
	RAS_RATE,  /* indicative weekly = points x pence_per_point */
	RAS_BANDS, /* indicative weekly = the band the points fall in */
};

struct ras_band {
	int min_points; /* inclusive */
	int max_points; /* inclusive */
	int64_t weekly; /* pence */
};

/* A resource allocation system: the adult's (policy.ras) or the
 * carer's (policy.carers.ras). */
struct ras_policy {
	enum ras_method method;
	int64_t pence_per_point; /* RAS_RATE */
	int points[NEED_LEVELS]; /* points per outcome at each level */
	int64_t minimum_weekly;
	int64_t maximum_weekly;
	struct ras_band bands[POLICY_MAX_BANDS]; /* RAS_BANDS, sorted */
	int nbands;
};

enum unit {
	UNIT_HOUR,
	UNIT_DAY,
	UNIT_NIGHT,
	UNIT_WEEK,
	UNIT_SESSION,
	UNIT_MILE,
	UNIT_ONE_OFF, /* a single purchase: cost is the amount, not weekly */
	UNIT_COUNT,
};

struct policy_category {
	char key[POLICY_KEY_MAX];     /* personal_assistant */
	char label[POLICY_LABEL_MAX]; /* "Personal assistant" */
	enum unit unit;
	int64_t rate; /* standard rate, pence per unit */
};

/* A use money may never buy (never_allowed), with words that flag a
 * plan line's description for the worker to confirm. */
struct policy_use {
	char key[POLICY_KEY_MAX];
	char label[POLICY_LABEL_MAX];
	char words[POLICY_MAX_WORDS][POLICY_WORD_MAX];
	int nwords;
};

struct policy {
	char council_name[POLICY_LABEL_MAX];

	struct {
		int min_outcomes_unable; /* regulation: 2 */
		char outcome_labels[OUTCOME_COUNT][POLICY_LABEL_MAX];
		char level_labels[NEED_LEVELS][POLICY_LABEL_MAX];
	} eligibility;

	struct ras_policy ras;

	/* A carer's assessment (Care Act 2014 s.10; SI 2015/313 reg 3) and
	 * the carer's own budget. */
	struct {
		char outcome_labels[CARER_OUTCOME_COUNT][POLICY_LABEL_MAX];
		bool own_ras;         /* false: carers' budgets use ras above */
		struct ras_policy ras; /* when own_ras */
		bool charge;          /* carers pay a contribution (s.14); default no */
	} carers;

	struct {
		int64_t capital_upper; /* above: pays the full cost (at it: tariff income) */
		int64_t capital_lower; /* at or below: capital ignored */
		int64_t tariff_per_250; /* weekly tariff income per £250 or part */
		int64_t minimum_income_guarantee_weekly;
		int64_t disregard_weekly; /* disability-related expenditure etc. */
	} charging;

	struct {
		int64_t weekly_cost_over;
		int over_indicative_percent;
		bool family_pa_same_household;
		bool plan_over_tolerance; /* a plan over budget+tolerance returns to panel */
	} panel;

	struct {
		int tolerance_percent;
		bool manager_signoff;              /* plans need a team manager's sign-off */
		bool council_services_by_direct_payment;
		struct policy_category categories[POLICY_MAX_CATEGORIES];
		int ncategories;
		struct policy_use never_allowed[POLICY_MAX_USES];
		int nnever_allowed;
		/* keys of categories a direct payment may not buy */
		char not_by_direct_payment[POLICY_MAX_USES][POLICY_KEY_MAX];
		int nnot_by_direct_payment;
	} support_plan;

	struct {
		int first_review_weeks;
		int interval_months;
		int high_risk_interval_months;
		int direct_payment_first_audit_months; /* first DP audit after start */
		int direct_payment_audit_months;
		int due_soon_days;
		int unspent_keep_weeks; /* unspent DP money up to this many weeks is kept */
	} review;

	struct {
		bool assessment_signoff; /* assessments need a team manager's sign-off */
		bool break_the_glass;    /* out-of-team access with a recorded reason */
	} access;
};

/* Stable identifiers of the ten outcomes, in regulation order. */
extern const char *const policy_outcome_keys[OUTCOME_COUNT];
/* The carer's eight outcomes, in regulation order, and their wording. */
extern const char *const policy_carer_outcome_keys[CARER_OUTCOME_COUNT];
extern const char *const policy_carer_outcome_regulation_labels[CARER_OUTCOME_COUNT];
extern const char *const policy_level_keys[NEED_LEVELS];
extern const char *const policy_unit_keys[UNIT_COUNT];

/* Look-ups; NULL / -1 when absent. */
const struct policy_category *policy_category_find(const struct policy *p, const char *key);
const struct policy_use *policy_never_allowed_find(const struct policy *p, const char *key);
bool policy_not_by_direct_payment(const struct policy *p, const char *category_key);

/* The label of outcome i of the adult's ten (carer false) or the
 * carer's eight (carer true): the policy's own, else the regulation's
 * wording (carers) or the key (adults, for a hand-made policy). "?" when
 * i is out of range. */
const char *policy_outcome_label(const struct policy *p, bool carer, int i);

/* The RAS a carer's budget is worked out with: carers.ras when the
 * policy has its own, else the adult's. */
const struct ras_policy *policy_carer_ras(const struct policy *p);

#endif
