/* rules.h - the rules of each stage as pure functions over plain structs:
 * eligibility, the resource allocation system (RAS), the financial
 * assessment and the personal budget statement, the panel triggers, the
 * support plan checks and costs, review dates and the direct-payment
 * audit. No I/O, no store: every figure comes from the policy and the
 * case, and every result carries its working as lines of text a worker
 * can read on screen ("Total 46 points x £4.20 = £193.20"). */
#ifndef CW_RULES_H
#define CW_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case.h"
#include "date.h"
#include "policy.h"
#include "status.h"

#define RULES_TEXT_MAX 4096 /* working and reasons, one item a line */

/* ---- an adult's eligibility (SI 2015/313 reg 2) ---- */

struct eligibility_result {
	bool eligible;
	int unable_count; /* outcomes the person is unable to achieve */
	/* Why not, one reason a line; for an eligible person, the test met. */
	char reasons[RULES_TEXT_MAX];
};

/* CW_ERR_INCOMPLETE (message says which question) when the impairment or
 * wellbeing question is not answered; out is still filled as far as it goes. */
/* true if an outcome is marked "unable to achieve" with its level of
 * need "none" (a contradiction); msg (may be NULL) names them. */
bool rules_unable_without_need(const struct outcome_view *v, const struct policy *p, char *msg, size_t size);

enum cw_status rules_eligibility(const struct assessment_record *a, const struct policy *p,
                                 struct eligibility_result *out, struct cw_error *err);

/* ---- a carer's eligibility (SI 2015/313 reg 3) ---- */

/* A carer's needs meet the criteria when (a) they arise from providing
 * necessary care for an adult, (b) because of them the carer's physical
 * or mental health is, or is at risk of, deteriorating, or the carer is
 * unable to achieve any one of the eight carer's outcomes, and (c) as a
 * consequence there is, or is likely to be, a significant impact on the
 * carer's wellbeing. One outcome is enough: min_outcomes_unable is the
 * adult's test and does not apply. unable_count counts the carer's
 * outcomes. CW_ERR_INCOMPLETE (naming the question) when a->needs_from_caring,
 * a->health_at_risk or a->wellbeing_impact is not answered. */
enum cw_status rules_carer_eligibility(const struct assessment_record *a, const struct policy *p,
                                       struct eligibility_result *out, struct cw_error *err);

/* The test the case's person is assessed with: the carer's (reg 3) for
 * client group carer, else the adult's (reg 2). */
enum cw_status rules_case_eligibility(const struct case_record *c, const struct policy *p,
                                      struct eligibility_result *out, struct cw_error *err);

/* ---- RAS: the indicative weekly budget ---- */

struct ras_result {
	int points;
	bool complete;       /* every outcome has a level (unset ones score 0) */
	int64_t unclamped;   /* before the minimum/maximum, pence */
	int64_t weekly;      /* the indicative weekly budget, pence */
	bool clamped_min, clamped_max;
	char working[RULES_TEXT_MAX];
};

/* CW_ERR_INVALID if the policy's bands cover no band for the score, or
 * the arithmetic overflows (a hand-made policy: the loader forbids both). */
enum cw_status rules_ras(const struct assessment_record *a, const struct policy *p, struct ras_result *out,
                         struct cw_error *err);

/* The carer's budget: the carer's eight outcomes scored with the
 * policy's carers' RAS (policy_carer_ras: carers.ras, or the adult's RAS
 * when the policy has none), clamped to its minimum and maximum. */
enum cw_status rules_carer_ras(const struct assessment_record *a, const struct policy *p, struct ras_result *out,
                               struct cw_error *err);

/* rules_carer_ras for a carer's case, else rules_ras. */
enum cw_status rules_case_ras(const struct case_record *c, const struct policy *p, struct ras_result *out,
                              struct cw_error *err);

/* A carer's case whose needs were assessed against the adult's ten
 * outcomes before casework had the carer's test: no carer's outcome or
 * reg 3 question is recorded, some adult outcome is. Its stored
 * eligibility and budget stand (workflow_recalculate keeps them) until
 * the carer's outcomes are recorded. */
bool rules_carer_assessed_before_reg3(const struct case_record *c);

/* ---- financial assessment and the personal budget statement ---- */

struct charge_result {
	int64_t tariff_income;  /* weekly, from capital between the limits */
	int64_t assessable;     /* income + tariff - MIG - disregard, not below 0 */
	bool full_cost;         /* capital above the upper limit (s.18(2): at it, tariff) */
	bool from_letter;       /* the figure entered from the finance letter */
	int64_t contribution;   /* what the person pays a week, capped at the budget */
	char working[RULES_TEXT_MAX];
};

/* The person's weekly contribution towards budget_weekly (the cost of
 * meeting the needs), from a->capital and a->weekly_income, or from
 * a->person_weekly when a->contribution_from_letter. CW_ERR_INVALID for
 * negative figures. */
enum cw_status rules_contribution(const struct assessment_record *a, int64_t budget_weekly,
                                  const struct policy *p, struct charge_result *out, struct cw_error *err);

/* Whether the person on this case is charged: everyone but a carer,
 * and a carer only when the policy's carers.charge is true or the
 * finance team's letter gave a figure (contribution_from_letter). */
bool rules_case_charged(const struct case_record *c, const struct policy *p);

/* rules_contribution for a case that is charged; for one that is not (a
 * carer, under a policy that does not charge carers) a contribution of 0
 * with the reason as its working. */
enum cw_status rules_case_contribution(const struct case_record *c, int64_t budget_weekly, const struct policy *p,
                                       struct charge_result *out, struct cw_error *err);

/* Care Act 2014 s.26: (a) the cost to the council of meeting the needs,
 * (b) what the person pays, (c) what the council pays. */
struct budget_statement {
	int64_t cost_weekly;
	int64_t person_weekly;
	int64_t council_weekly;
	char text[RULES_TEXT_MAX];
};

void rules_budget_statement(int64_t budget_weekly, int64_t person_weekly, struct budget_statement *out);

/* The weekly budget a case works to: the panel's approved amount after an
 * approval, else the indicative budget. */
int64_t rules_final_weekly(const struct case_record *c);

/* What meeting the needs costs a week: the final budget, or once the plan
 * is costed below it, the plan's weekly lines (one-offs aside). A charge
 * is never more than this (Care Act 2014 s.14), and the personal budget
 * statement gives it as the cost. */
int64_t rules_needs_cost_weekly(const struct case_record *c);

/* ---- panel triggers ---- */

struct panel_check {
	unsigned triggers; /* enum panel_trigger bits */
	bool required;
	int64_t amount;    /* the weekly amount the panel is asked to agree */
	char reasons[RULES_TEXT_MAX];    /* each trigger that fired, with figures */
	char not_needed[RULES_TEXT_MAX]; /* when none fired: why, one check a line */
};

/* Every trigger the policy names, against the case as it stands: the
 * weekly amount asked for (the worker's requested amount, else the
 * indicative budget; the costed plan when it is over budget) above
 * panel.weekly_cost_over; a request more than over_indicative_percent
 * above the indicative budget; a direct payment to a family member in the
 * same household; the worker's own request; a costed plan above the
 * budget plus tolerance. Thresholds are "above": at the figure exactly,
 * nothing fires. CW_ERR_INCOMPLETE when a worker's request lacks its
 * amount or justification (the other triggers are still reported). */
enum cw_status rules_panel_check(const struct case_record *c, const struct policy *p, struct panel_check *out,
                                 struct cw_error *err);

/* ---- support plan ---- */

enum plan_issue {
	PLAN_LINE_OK,
	PLAN_LINE_FLAGGED, /* a warning word: the worker must confirm the line */
	PLAN_LINE_REFUSED,
};

struct plan_line_check {
	enum plan_issue issue;
	char msg[CW_ERRMSG_MAX]; /* one line, "Line 2: ..." */
	char word[POLICY_WORD_MAX]; /* the warning word matched, if flagged */
};

/* Checks one line (index is 0-based, shown 1-based). decision_route is
 * stage 1's route: a council-managed or ISF case has no direct-payment
 * lines, a direct-payment case no council-managed ones; mixed allows both. */
void rules_plan_line_check(const struct plan_line *l, int index, enum route decision_route,
                           const struct assessment_record *a, const struct policy *p, struct plan_line_check *out);

/* rules_plan_line_check for a line of case c: its route and, on a
 * carer's case, the carer's outcomes (l->outcome indexes the outcomes
 * the case was assessed against). */
void rules_case_plan_line_check(const struct case_record *c, const struct plan_line *l, int index,
                                const struct policy *p, struct plan_line_check *out);

/* true if the text contains word as a whole word (ASCII case-insensitive;
 * letters, digits and any non-ASCII byte are word characters; a plural
 * "s" is allowed): "rent" matches "Rent arrears" and "rents", never
 * "parent" or "current". Words of several words ("council tax") match
 * as written. */
bool rules_word_match(const char *text, const char *word);

/* rate x units (units in hundredths), rounded half away from zero.
 * CW_ERR_INVALID on a negative figure or overflow. */
enum cw_status rules_line_cost(int64_t rate, int64_t units_hundredths, int64_t *cost, struct cw_error *err);

struct plan_totals {
	int64_t weekly;  /* recurring lines */
	int64_t yearly;  /* weekly x 52 */
	int64_t one_off; /* one-off purchases */
	int64_t first_year; /* yearly + one_off: what the plan costs in its first year */
	int64_t direct_payment_weekly; /* recurring lines paid by direct payment */
};

/* Sums the lines' weekly_cost (as stored). CW_ERR_INVALID on overflow. */
enum cw_status rules_plan_totals(const struct plan_record *plan, struct plan_totals *out, struct cw_error *err);

/* The most a plan may cost a week: budget + tolerance_percent, rounded
 * down to the penny. */
int64_t rules_plan_limit(int64_t budget_weekly, const struct policy *p);

/* One-off purchases are paid from the year's budget: a plan is over the
 * budget when its first year (52 weeks of the recurring lines plus the
 * one-off purchases) costs more than 52 weeks of the limit. With no
 * one-off lines that is the weekly total above the weekly limit. true if
 * over; msg (may be NULL) then says by how much, with the figures. */
bool rules_plan_over_budget(const struct plan_totals *t, int64_t budget_weekly, const struct policy *p, char *msg,
                            size_t msgsize);

/* The weekly budget that would cover the plan's first year: the weekly
 * total plus the one-off purchases spread over 52 weeks, rounded up to
 * the penny. The amount a plan over budget goes back to panel with. */
int64_t rules_plan_weekly_needed(const struct plan_totals *t);

/* ---- reviews ---- */

/* first review: start + first_review_weeks; next: last review +
 * interval_months (high_risk_interval_months when high risk); first DP
 * audit: start + direct_payment_first_audit_months; then every
 * direct_payment_audit_months. Month arithmetic keeps month ends
 * (date_add_months). An unset date gives DATE_NONE. */
struct date rules_first_review(struct date plan_start, const struct policy *p);
struct date rules_next_review(struct date last_review, bool high_risk, const struct policy *p);
struct date rules_first_audit(struct date dp_start, const struct policy *p);
struct date rules_next_audit(struct date last_audit, const struct policy *p);

/* Next review and audit dates from the plan start and the review history
 * (audit_due is DATE_NONE when no line is paid by direct payment). An
 * audit recorded on its own (audit_only) moves the audit date only: the
 * direct-payment audit runs on its own cycle. */
void rules_review_schedule(const struct case_record *c, const struct policy *p, struct date *next_due,
                           struct date *audit_due);

enum due_state {
	DUE_NONE,    /* no date */
	DUE_LATER,
	DUE_SOON,    /* within review.due_soon_days */
	DUE_TODAY,
	DUE_OVERDUE,
	DUE_STATE_COUNT,
};

extern const char *const due_state_labels[DUE_STATE_COUNT]; /* "", "due later", "due soon", ... */

/* days (may be NULL) = due - today. */
enum due_state rules_due_state(struct date due, struct date today, const struct policy *p, int *days);

/* ---- direct-payment audit ---- */

struct dp_audit_result {
	int64_t keep_limit;  /* unspent money the person may keep: weekly x unspent_keep_weeks */
	int64_t unspent_kept;
	int64_t unspent_reclaimed;
	int64_t clawback;    /* misused + unspent above the keep limit */
	char working[RULES_TEXT_MAX];
};

/* weekly_payment is the weekly direct payment the keep limit is counted
 * in. CW_ERR_INVALID on a negative figure or overflow. */
enum cw_status rules_dp_audit(int64_t spent, int64_t unspent, int64_t misused, int64_t weekly_payment,
                              const struct policy *p, struct dp_audit_result *out, struct cw_error *err);

#endif
