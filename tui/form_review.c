/* form_review.c - role 5: recording a review (and a direct-payment
 * audit); the next dates come from core/rules.h. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/rules.h"
#include "core/util.h"
#include "core/workflow.h"
#include "tui/stage_forms.h"

#define OFF(m) offsetof(struct case_record, m)
#define NB FORM_NO_BIND

static const char *const outcome_labels[REVIEW_OUTCOME_COUNT] = {"No change", "Change the plan (back to planning)",
								 "Reassess (back to assessment)", "End the service"};

static void review_build(struct form *f, const struct case_record *c, const struct policy *p)
{
	int slot = c->review.nhistory < REVIEW_MAX_HISTORY ? c->review.nhistory : REVIEW_MAX_HISTORY - 1;
	size_t base = OFF(review.history) + (size_t)slot * sizeof(struct review_entry);
#define E(m) (base + offsetof(struct review_entry, m))
	const struct form_field defs[] = {
		{"high_risk", "High risk (reviewed sooner)", FK_YESNO, OFF(review.high_risk), 0, NULL, 0, 0, NULL, NB, false,
		 0, 0, "High-risk cases are reviewed at the policy's shorter interval."},
		{"new", "This review", FK_INFO, NB, 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL},
		{"date", "Reviewed on", FK_DATE, E(date), 0, NULL, 0, 0, NULL, NB, false, 0, 1,
		 "The date of the review, as YYYY-MM-DD."},
		{"findings", "What was found", FK_LINES, E(findings), sizeof(((struct review_entry *)0)->findings), NULL, 0,
		 0, NULL, NB, false, 0, 0, "What was found: needs, outcomes, how the plan works."},
		{"outcome", "Outcome", FK_CHOICE, E(outcome), 0, outcome_labels, REVIEW_OUTCOME_COUNT, 0, NULL, NB, false, 0,
		 0, "No change, change the plan, reassess, or end the service."},
		{"audit", "Direct-payment audit", FK_YESNO, E(audit), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
		 "Finance officers: yes to record the audit of the direct-payment spending (w shows the claw-back)."},
		{"spent", "Spent", FK_MONEY, E(spent), 0, NULL, 0, 0, NULL, NB, false, 0, 0, "Pounds and pence."},
		{"unspent", "Unspent", FK_MONEY, E(unspent), 0, NULL, 0, 0, NULL, NB, false, 0, 0, "Pounds and pence."},
		{"misused", "Misused", FK_MONEY, E(misused), 0, NULL, 0, 0, NULL, NB, false, 0, 0, "Pounds and pence."},
	};
#undef E
	form_init(f, "review", "Review", defs, (int)CW_ARRAY_LEN(defs), p);
	form_load(f, c);
}

static void review_derive(struct case_record *c, const struct policy *p, const char *who)
{
	(void)who;
	rules_review_schedule(c, p, &c->review.next_due, &c->review.audit_due);
}

/* A review typed into the form's new entry is recorded through the
 * workflow (the clawback, the next dates, the outcome's stage). A review
 * is the worker's (or manager's); the direct-payment audit in it is the
 * finance officer's, who records it with the outcome "no change" and
 * leaves any change of plan or reassessment to the worker. Who may save
 * which is checked in core when the save reaches act_save. */
static enum cw_status review_commit(const struct form *f, const struct case_record *before, struct case_record *work,
				    const struct policy *p, const struct staff_member *me, struct cw_error *err)
{
	(void)f;
	int slot = before->review.nhistory < REVIEW_MAX_HISTORY ? before->review.nhistory : REVIEW_MAX_HISTORY - 1;
	struct review_entry e = work->review.history[slot];
	const struct review_entry *b = &before->review.history[slot];
	if (!date_is_set(e.date) && !e.findings[0])
		return CW_OK;
	if (memcmp(&e, b, sizeof e) == 0 && slot < before->review.nhistory)
		return CW_OK;
	work->review.history[slot] = *b;
	work->review.nhistory = before->review.nhistory;
	if (me)
		cw_strlcpy(e.by, me->login, sizeof e.by);
	/* the finance officer's audit is not a review of the care */
	e.audit_only = e.audit && me && !access_role_may(me->role, ACCESS_EDIT_REVIEW);
	return workflow_review_record(work, p, &e, err);
}

static void review_working(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	char d1[DATE_BUF], d2[DATE_BUF], m[MONEY_BUF];
	struct date next, audit;
	rules_review_schedule(c, p, &next, &audit);
	size_t len = (size_t)snprintf(buf, size, "Next review: %s\nNext direct-payment audit: %s\n\n",
				      date_is_set(next) ? date_format(next, d1, sizeof d1) : "none",
				      date_is_set(audit) ? date_format(audit, d2, sizeof d2) : "none");
	/* the audit as typed: the policy's rule on unspent money, line by line */
	const struct review_entry *n = c->review.nhistory < REVIEW_MAX_HISTORY ? &c->review.history[c->review.nhistory] : NULL;
	if (n && n->audit && len < size) {
		struct plan_totals t;
		struct dp_audit_result au;
		struct cw_error err = {0};
		int64_t weekly = rules_plan_totals(&c->plan, &t, NULL) == CW_OK ? t.direct_payment_weekly : 0;
		if (weekly <= 0)
			weekly = rules_final_weekly(c);
		if (rules_dp_audit(n->spent, n->unspent, n->misused, weekly, p, &au, &err) == CW_OK)
			len += (size_t)snprintf(buf + len, size - len, "This audit:\n%s\n\n", au.working);
		else
			len += (size_t)snprintf(buf + len, size - len, "This audit: %s\n\n", err.msg);
	}
	if (len < size)
		len += (size_t)snprintf(buf + len, size - len, "Past reviews:\n");
	for (int i = c->review.nhistory - 1; i >= 0 && len < size; i--) {
		const struct review_entry *e = &c->review.history[i];
		len += (size_t)snprintf(buf + len, size - len, "%s by %s: %s%s%s\n", date_format(e->date, d1, sizeof d1),
					e->by,
					e->audit_only ? "direct-payment audit"
						      : outcome_labels[e->outcome < REVIEW_OUTCOME_COUNT ? e->outcome : 0],
					e->audit ? "; claw back " : "",
					e->audit ? money_format(e->clawback, MONEY_GROUP, m, sizeof m) : "");
	}
}

static void review_summary(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	char d1[DATE_BUF], d2[DATE_BUF];
	struct date next, audit;
	int days = 0;
	rules_review_schedule(c, p, &next, &audit);
	enum due_state ds = rules_due_state(next, date_today(), p, &days);
	snprintf(buf, size, "Next review %s (%s); audit %s", date_is_set(next) ? date_format(next, d1, sizeof d1) : "none",
		 due_state_labels[ds], date_is_set(audit) ? date_format(audit, d2, sizeof d2) : "none");
}

const struct stage_form_ops form_review_ops = {
	"review", "Review", ACCESS_EDIT_REVIEW, review_build, review_derive, review_working, review_commit, review_summary,
};
