/* case.h - the case model: a person, their case, and one record per
 * role (stage). Plain data with fixed-size text fields so a case can be
 * copied, compared and freed without ceremony. Serialised to and from a
 * sorted list of key/value strings (case_to_kv) - the store keeps those,
 * and the audit trail records each key that changed. */
#ifndef CW_CASE_H
#define CW_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "policy.h"
#include "status.h"

#define CASE_REF_MAX 16   /* "C-000123" */
#define CASE_NAME_MAX 128
#define CASE_ADDRESS_MAX 256
#define CASE_SHORT_MAX 128
#define CASE_TEXT_MAX 2048
#define CASE_LOGIN_MAX 33
#define CASE_TEAM_MAX 64
#define PLAN_MAX_LINES 40
#define REVIEW_MAX_HISTORY 40
#define PANEL_MAX_HISTORY 12

enum stage {
	STAGE_DECISION,
	STAGE_ASSESSMENT,
	STAGE_PANEL,
	STAGE_PLANNING,
	STAGE_REVIEW,
	STAGE_CLOSED,
	STAGE_COUNT,
};

enum client_group {
	CLIENT_ADULT,
	CLIENT_CARER,
	CLIENT_CHILD, /* child or young person (transition) */
	CLIENT_GROUP_COUNT,
};

/* yes / no / not yet answered */
enum tri { TRI_UNSET, TRI_YES, TRI_NO };

enum route {
	ROUTE_NONE,
	ROUTE_DIRECT_PAYMENT,
	ROUTE_COUNCIL_MANAGED,
	ROUTE_INDIVIDUAL_SERVICE_FUND,
	ROUTE_MIXED,
	ROUTE_COUNT,
};

enum manage_ability { MANAGE_UNSET, MANAGE_ALONE, MANAGE_WITH_HELP, MANAGE_CANNOT };

struct person {
	int64_t id; /* 0 until stored */
	char name[CASE_NAME_MAX];
	struct date date_of_birth;
	char address[CASE_ADDRESS_MAX];
	char household[CASE_SHORT_MAX]; /* household key: same address = same household */
	enum client_group group;
};

/* Role 1 */
struct decision_record {
	enum route route;
	char mix_detail[CASE_TEXT_MAX]; /* for ROUTE_MIXED: which needs go which way */
	enum tri has_capacity;
	char authorised_person[CASE_NAME_MAX];
	char authorised_relationship[CASE_SHORT_MAX];
	enum manage_ability can_manage;
	char support_to_manage[CASE_SHORT_MAX]; /* who helps, when MANAGE_WITH_HELP */
	char own_words[CASE_TEXT_MAX];          /* what matters to the person */
	bool trade_offs_discussed;
	struct date decided_on;
};

/* Role 2 */
struct assessment_record {
	enum need_level levels[OUTCOME_COUNT];
	bool level_set[OUTCOME_COUNT];
	bool unable[OUTCOME_COUNT]; /* unable to achieve (any of the four ways) */
	enum tri impairment;        /* needs arise from impairment or illness */
	enum tri wellbeing_impact;  /* significant impact on wellbeing */
	bool self_assessment;       /* a supported self-assessment */
	char validated_by[CASE_LOGIN_MAX];
	struct date validated_on;
	char signed_off_by[CASE_LOGIN_MAX]; /* manager, where policy asks */
	enum tri eligible;                  /* decided by the rules */
	char ineligible_reasons[CASE_TEXT_MAX];
	char advice_given[CASE_TEXT_MAX];
	int points;
	int64_t indicative_weekly; /* pence, from the RAS */
	/* financial assessment */
	bool contribution_from_letter; /* true: person_weekly entered from finance letter */
	int64_t capital;               /* pence */
	int64_t weekly_income;         /* pence */
	int64_t person_weekly;         /* the person's weekly contribution */
	struct date financial_assessed_on;
	/* a carer's assessment asked for (Care Act 2014 s.10): who the carer
	 * is; saving opens the carer's own linked case (core/carer.h) */
	char carer_name[CASE_NAME_MAX];
	struct date carer_date_of_birth;
	bool carer_lives_with; /* same address and household */
	int64_t carer_case_id; /* a linked carer's case, 0 if none */
	int64_t cared_for_case_id; /* on a carer's case: the person cared for */
	/* On a carer's case (person.group carer) the needs are assessed
	 * against the carer's eight outcomes (SI 2015/313 reg 3) instead of
	 * the ten above; wellbeing_impact is then the impact on the carer's
	 * wellbeing, and impairment is not asked. */
	enum need_level carer_levels[CARER_OUTCOME_COUNT];
	bool carer_level_set[CARER_OUTCOME_COUNT];
	bool carer_unable[CARER_OUTCOME_COUNT]; /* unable (any of the three ways) */
	enum tri needs_from_caring; /* the needs arise from providing necessary care for an adult */
	enum tri health_at_risk;    /* the carer's health is, or is at risk of, deteriorating */
};

enum panel_decision {
	PANEL_PENDING,
	PANEL_APPROVED,
	PANEL_APPROVED_OTHER, /* approved at a different amount */
	PANEL_DECLINED,
	PANEL_DEFERRED,
	PANEL_DECISION_COUNT,
};

/* Panel triggers, as bits */
enum panel_trigger {
	TRIGGER_WEEKLY_COST = 1 << 0,
	TRIGGER_OVER_INDICATIVE = 1 << 1,
	TRIGGER_FAMILY_PA = 1 << 2,
	TRIGGER_WORKER_REQUEST = 1 << 3,
	TRIGGER_PLAN_OVER_BUDGET = 1 << 4,
};

struct panel_hearing {
	struct date date;
	enum panel_decision decision;
	int64_t approved_weekly;
	char reasons[CASE_TEXT_MAX];
	char members[CASE_SHORT_MAX];
};

/* Role 3 */
struct panel_record {
	enum tri required;
	unsigned triggers; /* enum panel_trigger bits that fired */
	char reasons[CASE_TEXT_MAX];         /* each trigger that fired, one per line */
	char not_needed_reason[CASE_TEXT_MAX];
	bool worker_request;
	int64_t requested_weekly;
	char justification[CASE_TEXT_MAX];
	enum panel_decision decision;
	int64_t approved_weekly;
	char decision_reasons[CASE_TEXT_MAX];
	char members[CASE_SHORT_MAX];
	struct date decided_on;
	struct panel_hearing history[PANEL_MAX_HISTORY];
	int nhistory;
};

struct plan_line {
	int outcome; /* index of the assessed outcome met, -1 none */
	char need[CASE_SHORT_MAX]; /* the need or outcome in words */
	char category[POLICY_KEY_MAX];
	char provider[CASE_SHORT_MAX];
	char description[CASE_SHORT_MAX];
	bool one_off;
	int64_t units_per_week; /* hundredths of the category's unit */
	int64_t rate;           /* pence per unit */
	int64_t weekly_cost;    /* pence (for a one-off: the amount) */
	enum route route;       /* ROUTE_DIRECT_PAYMENT or ROUTE_COUNCIL_MANAGED ... */
	bool family_pa_same_household;
	char exception_reason[CASE_SHORT_MAX];
	bool warning_confirmed; /* worker confirmed a flagged description */
};

enum account_type { ACCOUNT_NONE, ACCOUNT_BANK, ACCOUNT_PREPAID_CARD, ACCOUNT_MANAGED, ACCOUNT_COUNT };

/* Role 4 */
struct plan_record {
	struct plan_line lines[PLAN_MAX_LINES];
	int nlines;
	int64_t total_weekly; /* derived: sum of recurring lines */
	struct date agreed_on;
	char agreed_by[CASE_LOGIN_MAX];
	char signed_off_by[CASE_LOGIN_MAX];
	struct date signed_off_on; /* the day of the manager's sign-off (shown with signed_off_by) */
	enum account_type account;
	struct date start_date;
};

enum review_outcome {
	REVIEW_NO_CHANGE,
	REVIEW_CHANGE_PLAN, /* back to planning */
	REVIEW_REASSESS,    /* back to assessment */
	REVIEW_END_SERVICE, /* case closes */
	REVIEW_OUTCOME_COUNT,
};

struct review_entry {
	struct date date;
	char by[CASE_LOGIN_MAX];
	char findings[CASE_TEXT_MAX];
	enum review_outcome outcome;
	bool audit; /* a direct-payment audit was part of it */
	bool audit_only; /* the finance officer's audit on its own: not a review of the
	                  * care, so the review dates run on from the last real review */
	int64_t spent, unspent, misused, clawback; /* pence */
};

/* Role 5 */
struct review_record {
	bool high_risk;
	struct date next_due;
	struct date audit_due;
	struct review_entry history[REVIEW_MAX_HISTORY];
	int nhistory;
};

struct case_record {
	int64_t id; /* 0 until stored */
	char ref[CASE_REF_MAX];
	int64_t version; /* bumped by every save */
	struct person person;
	char worker[CASE_LOGIN_MAX];
	char team[CASE_TEAM_MAX];
	enum stage stage;
	enum stage closed_from; /* stage the case was closed at */
	struct date opened;
	struct date closed;
	char closed_reason[CASE_TEXT_MAX];
	struct decision_record decision;
	struct assessment_record assessment;
	struct panel_record panel;
	struct plan_record plan;
	struct review_record review;
	/* set by the store when loading: who saved this version, and when */
	char updated_by[CASE_LOGIN_MAX];
	int64_t updated_at; /* Unix seconds */
};

extern const char *const stage_keys[STAGE_COUNT];   /* "decision" ... "closed" (JSON contract) */
extern const char *const stage_labels[STAGE_COUNT]; /* "Decision-making" ... */
extern const char *const client_group_keys[CLIENT_GROUP_COUNT];
extern const char *const client_group_labels[CLIENT_GROUP_COUNT];
extern const char *const route_keys[ROUTE_COUNT];   /* "", "direct_payment", ... */
extern const char *const route_labels[ROUTE_COUNT];
extern const char *const panel_decision_keys[PANEL_DECISION_COUNT];
extern const char *const review_outcome_keys[REVIEW_OUTCOME_COUNT];
extern const char *const account_keys[ACCOUNT_COUNT];

/* The outcomes a case is assessed against, as one view: the adult's ten
 * (reg 2) or, on a carer's case, the carer's eight (reg 3). The arrays
 * point into the assessment record. */
struct outcome_view {
	bool carer;
	int n;
	const char *const *keys;
	const enum need_level *levels;
	const bool *level_set;
	const bool *unable;
};

void assessment_outcomes(const struct assessment_record *a, bool carer, struct outcome_view *out);
void case_outcomes(const struct case_record *c, struct outcome_view *out);
bool case_is_carer(const struct case_record *c);
/* outcome i has an assessed need: unable to achieve it, or a level above none */
bool outcome_view_need(const struct outcome_view *v, int i);

/* -1 if key names none of them. */
int case_key_index(const char *const *keys, int n, const char *key);

/* A fresh case: everything unset, stage decision, opened today. */
void case_init(struct case_record *c);

/* "C-000123" from an id. */
void case_ref_format(int64_t id, char *buf, size_t bufsize);

/* The weekly budget the case works to now: the panel's approved
 * amount if any, else the indicative budget. */
int64_t case_final_weekly(const struct case_record *c);

/* What the case waits for now, in a few words ("Assess needs",
 * "Manager sign-off", "Review"), and when it is due (DATE_NONE when the
 * stage has no date). For the caseload's "next action" column. The
 * policy says whether sign-offs are asked for; NULL: none are. */
const char *case_next_action(const struct case_record *c, const struct policy *p, struct date *due);

/* The next action of a case waiting for its financial assessment: the
 * finance team's list looks for it (store_caseload's finance_work). */
#define CASE_NEXT_FINANCIAL "Financial assessment"

/* ---- key/value form, for the store and the audit trail ---- */

struct kv {
	char *key; /* owned */
	char *val; /* owned */
};

struct kv_list {
	struct kv *items; /* sorted by key, no duplicates */
	size_t n, cap;
};

void kv_list_free(struct kv_list *l);
void kv_list_add(struct kv_list *l, const char *key, const char *val); /* keeps order if added in order */
void kv_list_sort(struct kv_list *l);
const char *kv_list_get(const struct kv_list *l, const char *key);

/* Every set field as "section.field" -> text: "person.name",
 * "decision.route", "assessment.level.nutrition", "plan.line.03.category",
 * "review.history.00.findings". Unset fields are left out. Sorted. */
void case_to_kv(const struct case_record *c, struct kv_list *out);

/* Fills c (already case_init'ed, with id/ref/version set by the caller)
 * from a list made by case_to_kv. Unknown keys are an error (a newer
 * schema), as are malformed values; the message names the key. */
enum cw_status case_from_kv(struct case_record *c, const struct kv_list *l, struct cw_error *err);

#endif
