/* workflow.c - the five-stage state machine (see workflow.h). */
#include "core/workflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/rules.h"
#include "core/util.h"

static const char *const stage_name[STAGE_COUNT] = {
	"Decision-making", "Assessment and resource allocation", "Panel escalation",
	"Support planning and brokerage", "Review", "Closed",
};

static void addline(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void addline(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= size)
		return;
	if (used > 0) {
		buf[used++] = '\n';
		buf[used] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}


static bool uses_dp(enum route r)
{
	return r == ROUTE_DIRECT_PAYMENT || r == ROUTE_MIXED;
}

/* ---- decision-making ---- */

static const char *decision_contradiction(const struct decision_record *d)
{
	if (uses_dp(d->route) && d->has_capacity == TRI_NO && cw_blank(d->authorised_person))
		return "A direct payment needs capacity or an authorised person";
	if (uses_dp(d->route) && d->can_manage == MANAGE_CANNOT)
		return "A direct payment needs someone able to manage it, alone or with help; choose council-managed "
		       "or an individual service fund";
	if (d->route == ROUTE_MIXED && cw_blank(d->mix_detail))
		return "A mix needs its detail: which needs are met by direct payment and which by the council";
	if (d->can_manage == MANAGE_WITH_HELP && cw_blank(d->support_to_manage))
		return "Name who helps the person manage the direct payment";
	return NULL;
}

enum cw_status workflow_decision_check(const struct decision_record *d, struct cw_error *err)
{
	const char *why = decision_contradiction(d);

	if (why)
		return cw_fail(err, CW_ERR_INVALID, "%s", why);
	return CW_OK;
}

static void missing_decision(const struct case_record *c, char *buf, size_t size)
{
	const struct decision_record *d = &c->decision;
	const char *why;

	if (d->route <= ROUTE_NONE || d->route >= ROUTE_COUNT)
		addline(buf, size, "Choose how the budget is managed: direct payment, council-managed, individual "
		                   "service fund or a mix");
	if (!d->trade_offs_discussed)
		addline(buf, size, "Talk the trade-offs through with the person and record that you did");
	if (d->has_capacity == TRI_UNSET)
		addline(buf, size, "Record whether the person has capacity");
	if (!cw_blank(d->authorised_person) && cw_blank(d->authorised_relationship))
		addline(buf, size, "Record the authorised person's relationship to the person");
	if (uses_dp(d->route) && d->can_manage == MANAGE_UNSET)
		addline(buf, size, "Record whether the person can manage a direct payment, alone or with help");
	why = decision_contradiction(d);
	if (why)
		addline(buf, size, "%s", why);
	if (cw_blank(d->own_words))
		addline(buf, size, "Record the person's own words about what matters to them");
	if (!date_is_set(d->decided_on))
		addline(buf, size, "Record the date of the decision");
}

/* ---- assessment ---- */

static void missing_assessment(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	const struct assessment_record *a = &c->assessment;
	char unset[1024] = "";
	struct eligibility_result el;
	struct outcome_view v;
	struct panel_check pc;
	struct cw_error err;
	bool carer = case_is_carer(c);
	int i;

	case_outcomes(c, &v);
	for (i = 0; i < v.n; i++)
		if (!v.level_set[i]) {
			if (unset[0])
				strncat(unset, ", ", sizeof unset - strlen(unset) - 1);
			strncat(unset, policy_outcome_label(p, carer, i), sizeof unset - strlen(unset) - 1);
		}
	if (unset[0])
		addline(buf, size, "Set a level of need for: %s", unset);
	char contra[CW_ERRMSG_MAX];
	if (rules_unable_without_need(&v, p, contra, sizeof contra))
		addline(buf, size, "%s", contra);
	if (carer) {
		if (a->needs_from_caring == TRI_UNSET)
			addline(buf, size, "Record whether the carer's needs arise from providing necessary care");
		if (a->health_at_risk == TRI_UNSET)
			addline(buf, size, "Record whether the carer's health is, or is at risk of, deteriorating");
		if (a->wellbeing_impact == TRI_UNSET)
			addline(buf, size, "Record whether there is a significant impact on the carer's wellbeing");
	} else {
		if (a->impairment == TRI_UNSET)
			addline(buf, size, "Record whether the needs arise from an impairment or illness");
		if (a->wellbeing_impact == TRI_UNSET)
			addline(buf, size, "Record whether there is a significant impact on wellbeing");
	}
	if (a->self_assessment && (cw_blank(a->validated_by) || !date_is_set(a->validated_on)))
		addline(buf, size, "Validate the supported self-assessment (who and when)");
	if (rules_case_eligibility(c, p, &el, NULL) != CW_OK)
		return;
	if (!el.eligible) {
		if (cw_blank(a->advice_given))
			addline(buf, size, carer ? "Record the information and advice given (the carer is not eligible)"
			                         : "Record the information and advice given (the person is not eligible)");
		return;
	}
	if (rules_case_charged(c, p) && !date_is_set(a->financial_assessed_on))
		addline(buf, size, "Record the financial assessment (capital and income, or the figure from the "
		                   "finance letter) and its date");
	if (p->access.assessment_signoff && cw_blank(a->signed_off_by))
		addline(buf, size, "A team manager must sign off the assessment");
	if (rules_panel_check(c, p, &pc, &err) != CW_OK)
		addline(buf, size, "%s", err.msg);
}

/* ---- planning ---- */

static bool plan_uses_dp(const struct case_record *c)
{
	int i;

	if (c->decision.route == ROUTE_DIRECT_PAYMENT)
		return true;
	for (i = 0; i < c->plan.nlines && i < PLAN_MAX_LINES; i++)
		if (c->plan.lines[i].route == ROUTE_DIRECT_PAYMENT)
			return true;
	return false;
}

static void missing_planning(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	const struct plan_record *pl = &c->plan;
	struct plan_totals tot;
	char msg[CW_ERRMSG_MAX];
	int i;

	if (pl->nlines <= 0)
		addline(buf, size, "Add at least one line to the support plan");
	for (i = 0; i < pl->nlines && i < PLAN_MAX_LINES; i++) {
		struct plan_line_check lc;
		rules_case_plan_line_check(c, &pl->lines[i], i, p, &lc);
		if (lc.issue != PLAN_LINE_OK)
			addline(buf, size, "%s", lc.msg);
	}
	if (rules_plan_totals(pl, &tot, NULL) != CW_OK)
		addline(buf, size, "The plan's total is too large");
	else if (!p->panel.plan_over_tolerance &&
	         rules_plan_over_budget(&tot, rules_final_weekly(c), p, msg, sizeof msg))
		addline(buf, size, "%s: bring it within the budget", msg);
	if (!date_is_set(pl->agreed_on) || cw_blank(pl->agreed_by))
		addline(buf, size, "Record who agreed the plan with the person, and when");
	if (p->support_plan.manager_signoff && cw_blank(pl->signed_off_by))
		addline(buf, size, "A team manager must sign off the plan");
	if (plan_uses_dp(c) && (pl->account <= ACCOUNT_NONE || pl->account >= ACCOUNT_COUNT))
		addline(buf, size, "Record the direct-payment account: separate bank account, pre-paid card or "
		                   "managed account");
	if (!date_is_set(pl->start_date))
		addline(buf, size, plan_uses_dp(c) ? "Record the date the plan and the direct payments start"
		                                   : "Record the date the plan starts");
}

enum cw_status workflow_missing(const struct case_record *c, const struct policy *p, char *buf, size_t bufsize)
{
	if (!buf || bufsize == 0)
		return CW_ERR_INVALID;
	buf[0] = '\0';
	switch (c->stage) {
	case STAGE_DECISION:
		missing_decision(c, buf, bufsize);
		break;
	case STAGE_ASSESSMENT:
		missing_assessment(c, p, buf, bufsize);
		break;
	case STAGE_PANEL:
		if (c->panel.decision == PANEL_DEFERRED)
			addline(buf, bufsize, "The panel deferred its decision for more information: %s",
			        c->panel.decision_reasons);
		else
			addline(buf, bufsize, "Waiting for the panel's decision");
		break;
	case STAGE_PLANNING:
		missing_planning(c, p, buf, bufsize);
		break;
	case STAGE_REVIEW:
		break;
	default:
		addline(buf, bufsize, "This case is closed");
		break;
	}
	return buf[0] ? CW_ERR_INCOMPLETE : CW_OK;
}

/* ---- derived figures ---- */

enum cw_status workflow_recalculate(struct case_record *c, const struct policy *p, struct cw_error *err)
{
	struct assessment_record *a = &c->assessment;
	struct plan_totals tot;
	struct ras_result ras;
	struct eligibility_result el;
	enum cw_status st;
	int i;

	for (i = 0; i < c->plan.nlines && i < PLAN_MAX_LINES; i++) {
		struct plan_line *l = &c->plan.lines[i];
		if (l->units_per_week > 0) {
			struct cw_error e2;
			st = rules_line_cost(l->rate, l->units_per_week, &l->weekly_cost, &e2);
			if (st != CW_OK)
				return cw_fail(err, st, "plan line %d: %s", i + 1, e2.msg);
		}
	}
	st = rules_plan_totals(&c->plan, &tot, err);
	if (st != CW_OK)
		return st;
	c->plan.total_weekly = tot.weekly;

	/* A carer's case assessed with the adult's test before casework had
	 * the carer's keeps its figures until the carer's are recorded. */
	if (rules_carer_assessed_before_reg3(c))
		return CW_OK;
	if (rules_case_eligibility(c, p, &el, NULL) == CW_OK) {
		a->eligible = el.eligible ? TRI_YES : TRI_NO;
		cw_strlcpy(a->ineligible_reasons, el.eligible ? "" : el.reasons, sizeof a->ineligible_reasons);
	}
	st = rules_case_ras(c, p, &ras, err);
	if (st != CW_OK)
		return st;
	a->points = ras.points;
	a->indicative_weekly = ras.weekly;
	if (!rules_case_charged(c, p)) {
		a->person_weekly = 0; /* the policy does not charge carers */
	} else if (!a->contribution_from_letter && date_is_set(a->financial_assessed_on)) {
		struct charge_result ch;
		st = rules_contribution(a, rules_final_weekly(c), p, &ch, err);
		if (st != CW_OK)
			return st;
		/* never more than meeting the needs costs (the costed plan) */
		int64_t cost = rules_needs_cost_weekly(c);
		a->person_weekly = ch.contribution < cost ? ch.contribution : cost;
	}
	return CW_OK;
}

/* ---- moving on ---- */

static void panel_reset(struct panel_record *pr)
{
	pr->required = TRI_UNSET;
	pr->triggers = 0;
	pr->reasons[0] = '\0';
	pr->not_needed_reason[0] = '\0';
	pr->decision = PANEL_PENDING;
	pr->approved_weekly = 0;
	pr->decision_reasons[0] = '\0';
	pr->members[0] = '\0';
	pr->decided_on = DATE_NONE;
}

static enum cw_status refuse_incomplete(const struct case_record *c, const struct policy *p, struct cw_error *err)
{
	char missing[WORKFLOW_MISSING_MAX];

	if (workflow_missing(c, p, missing, sizeof missing) == CW_OK)
		return CW_OK;
	return cw_fail(err, CW_ERR_INCOMPLETE, "%s is not complete:\n%s", stage_name[c->stage], missing);
}

static enum cw_status advance_assessment(struct case_record *c, const struct policy *p, struct date today,
                                         struct cw_error *err)
{
	struct assessment_record *a = &c->assessment;
	struct eligibility_result el;
	struct panel_check pc;
	enum cw_status st;

	st = rules_case_eligibility(c, p, &el, err);
	if (st != CW_OK)
		return st;
	if (!el.eligible) {
		a->eligible = TRI_NO;
		cw_strlcpy(a->ineligible_reasons, el.reasons, sizeof a->ineligible_reasons);
		c->closed_reason[0] = '\0';
		addline(c->closed_reason, sizeof c->closed_reason,
		         "%s:\n%s\nInformation and advice given: %s",
		         case_is_carer(c) ? "Not eligible for support as a carer" : "Not eligible for care and support",
		         el.reasons, a->advice_given);
		c->closed_from = STAGE_ASSESSMENT;
		c->closed = today;
		c->stage = STAGE_CLOSED;
		return CW_OK;
	}
	/* the panel of any earlier round no longer stands: figures are new */
	panel_reset(&c->panel);
	st = workflow_recalculate(c, p, err);
	if (st != CW_OK)
		return st;
	st = rules_panel_check(c, p, &pc, err);
	if (st != CW_OK)
		return st;
	c->panel.triggers = pc.triggers;
	if (pc.required) {
		c->panel.required = TRI_YES;
		cw_strlcpy(c->panel.reasons, pc.reasons, sizeof c->panel.reasons);
		c->stage = STAGE_PANEL;
	} else {
		c->panel.required = TRI_NO;
		cw_strlcpy(c->panel.not_needed_reason, pc.not_needed, sizeof c->panel.not_needed_reason);
		c->stage = STAGE_PLANNING;
	}
	return CW_OK;
}

static enum cw_status advance_planning(struct case_record *c, const struct policy *p, struct cw_error *err)
{
	struct panel_check pc;
	unsigned send;
	bool family_approved;
	enum cw_status st;

	st = workflow_recalculate(c, p, err);
	if (st != CW_OK)
		return st;
	st = refuse_incomplete(c, p, err);
	if (st != CW_OK)
		return st;
	st = rules_panel_check(c, p, &pc, err);
	if (st != CW_OK)
		return st;
	family_approved = (c->panel.triggers & TRIGGER_FAMILY_PA) &&
	                  (c->panel.decision == PANEL_APPROVED || c->panel.decision == PANEL_APPROVED_OTHER);
	send = pc.triggers & (TRIGGER_PLAN_OVER_BUDGET | (family_approved ? 0u : (unsigned)TRIGGER_FAMILY_PA));
	if (send) {
		/* back to panel with the plan's figures; an earlier approval stays
		 * the budget until the panel decides again */
		int64_t approved = c->panel.approved_weekly;
		enum panel_decision before = c->panel.decision;
		panel_reset(&c->panel);
		if (before == PANEL_APPROVED || before == PANEL_APPROVED_OTHER)
			c->panel.approved_weekly = approved;
		c->panel.required = TRI_YES;
		c->panel.triggers = pc.triggers;
		cw_strlcpy(c->panel.reasons, pc.reasons, sizeof c->panel.reasons);
		c->stage = STAGE_PANEL;
		return CW_OK;
	}
	c->stage = STAGE_REVIEW;
	rules_review_schedule(c, p, &c->review.next_due, &c->review.audit_due);
	return CW_OK;
}

enum cw_status workflow_advance(struct case_record *c, const struct policy *p, struct date today,
                                struct cw_error *err)
{
	enum cw_status st;

	switch (c->stage) {
	case STAGE_DECISION:
		st = refuse_incomplete(c, p, err);
		if (st != CW_OK)
			return st;
		c->stage = STAGE_ASSESSMENT;
		return CW_OK;
	case STAGE_ASSESSMENT:
		st = refuse_incomplete(c, p, err);
		if (st != CW_OK)
			return st;
		return advance_assessment(c, p, today, err);
	case STAGE_PANEL:
		return cw_fail(err, CW_ERR_INCOMPLETE,
		               "Panel escalation moves on when a panel member records the panel's decision");
	case STAGE_PLANNING:
		return advance_planning(c, p, err);
	case STAGE_REVIEW:
		return cw_fail(err, CW_ERR_INCOMPLETE, "A case at review moves on only by recording a review and its "
		                                       "outcome");
	default:
		return cw_fail(err, CW_ERR_INVALID, "This case is closed");
	}
}

/* ---- panel ---- */

enum cw_status workflow_panel_decide(struct case_record *c, const struct policy *p, enum panel_decision decision,
                                     int64_t approved_weekly, const char *reasons, const char *members,
                                     struct date on, struct cw_error *err)
{
	struct panel_record *pr = &c->panel;
	struct panel_hearing *h;
	struct panel_check pc;
	int64_t amount = 0;

	if (c->stage != STAGE_PANEL)
		return cw_fail(err, CW_ERR_INVALID, "This case is not waiting for the panel (it is at %s)",
		               stage_name[c->stage < STAGE_COUNT ? c->stage : STAGE_CLOSED]);
	if ((int)decision <= PANEL_PENDING || decision >= PANEL_DECISION_COUNT)
		return cw_fail(err, CW_ERR_INVALID, "decision: approved, approved at another amount, declined or "
		                                    "deferred");
	if (!reasons || cw_blank(reasons))
		return cw_fail(err, CW_ERR_INVALID, "reasons: give the panel's reasons");
	if (!members || cw_blank(members))
		return cw_fail(err, CW_ERR_INVALID, "members: name the panel members present");
	if (!date_is_set(on))
		return cw_fail(err, CW_ERR_INVALID, "date: the date of the panel, YYYY-MM-DD");
	if (decision == PANEL_APPROVED_OTHER) {
		if (approved_weekly <= 0 || approved_weekly > MONEY_MAX)
			return cw_fail(err, CW_ERR_INVALID, "approved amount: a weekly amount above 0.00, like 450.00");
		amount = approved_weekly;
	} else if (decision == PANEL_APPROVED) {
		rules_panel_check(c, p, &pc, NULL);
		amount = pc.amount;
	}
	if (pr->nhistory >= PANEL_MAX_HISTORY)
		return cw_fail(err, CW_ERR_LIMIT, "panel history: at most %d hearings can be kept on one case",
		               PANEL_MAX_HISTORY);

	h = &pr->history[pr->nhistory++];
	memset(h, 0, sizeof *h);
	h->date = on;
	h->decision = decision;
	h->approved_weekly = amount;
	cw_strlcpy(h->reasons, reasons, sizeof h->reasons);
	cw_strlcpy(h->members, members, sizeof h->members);

	pr->decision = decision;
	cw_strlcpy(pr->decision_reasons, reasons, sizeof pr->decision_reasons);
	cw_strlcpy(pr->members, members, sizeof pr->members);
	pr->decided_on = on;

	switch (decision) {
	case PANEL_APPROVED:
	case PANEL_APPROVED_OTHER:
		pr->approved_weekly = amount;
		c->stage = STAGE_PLANNING;
		return workflow_recalculate(c, p, err);
	case PANEL_DECLINED:
		/* back to the worker, at the stage that sent the case */
		c->stage = (pr->triggers & (TRIGGER_PLAN_OVER_BUDGET | TRIGGER_FAMILY_PA)) && c->plan.nlines > 0
		                   ? STAGE_PLANNING
		                   : STAGE_ASSESSMENT;
		return CW_OK;
	default:
		return CW_OK; /* deferred: stays at panel */
	}
}

/* ---- review ---- */

enum cw_status workflow_review_record(struct case_record *c, const struct policy *p, const struct review_entry *e,
                                      struct cw_error *err)
{
	struct review_record *r = &c->review;
	struct review_entry *h;
	struct dp_audit_result audit;
	enum cw_status st;

	if (c->stage != STAGE_REVIEW)
		return cw_fail(err, CW_ERR_INVALID, "This case is not at review (it is at %s)",
		               stage_name[c->stage < STAGE_COUNT ? c->stage : STAGE_CLOSED]);
	if (!date_is_set(e->date))
		return cw_fail(err, CW_ERR_INVALID, "date: the date of the review, YYYY-MM-DD");
	if (date_is_set(c->plan.start_date) && date_compare(e->date, c->plan.start_date) < 0) {
		char d1[DATE_BUF], d2[DATE_BUF];
		return cw_fail(err, CW_ERR_INVALID, "date: %s is before the plan started (%s); a review looks at the plan "
		               "in place, on or after its start", date_format(e->date, d1, sizeof d1),
		               date_format(c->plan.start_date, d2, sizeof d2));
	}
	if (cw_blank(e->by))
		return cw_fail(err, CW_ERR_INVALID, "by: who carried out the review");
	if (cw_blank(e->findings))
		return cw_fail(err, CW_ERR_INVALID, "findings: say what the review found");
	if ((int)e->outcome < 0 || e->outcome >= REVIEW_OUTCOME_COUNT)
		return cw_fail(err, CW_ERR_INVALID, "outcome: no change, change the plan, reassess or end the service");
	if (e->audit_only && (!e->audit || e->outcome != REVIEW_NO_CHANGE))
		return cw_fail(err, CW_ERR_INVALID, "outcome: an audit on its own leaves the plan as it is (no change); "
		               "the worker records a change of plan, a reassessment or an end to the service");
	if (r->nhistory >= REVIEW_MAX_HISTORY)
		return cw_fail(err, CW_ERR_LIMIT, "review history: at most %d reviews can be kept on one case",
		               REVIEW_MAX_HISTORY);
	if (e->audit) {
		struct plan_totals tot;
		int64_t weekly = 0;
		if (rules_plan_totals(&c->plan, &tot, NULL) == CW_OK)
			weekly = tot.direct_payment_weekly;
		if (weekly <= 0)
			weekly = rules_final_weekly(c);
		st = rules_dp_audit(e->spent, e->unspent, e->misused, weekly, p, &audit, err);
		if (st != CW_OK)
			return st;
	}

	h = &r->history[r->nhistory++];
	*h = *e;
	h->clawback = e->audit ? audit.clawback : 0;

	switch (e->outcome) {
	case REVIEW_NO_CHANGE:
		rules_review_schedule(c, p, &r->next_due, &r->audit_due);
		break;
	case REVIEW_CHANGE_PLAN:
		c->plan.agreed_on = DATE_NONE;
		c->plan.agreed_by[0] = '\0';
		c->plan.signed_off_by[0] = '\0';
		c->plan.signed_off_on = DATE_NONE;
		c->stage = STAGE_PLANNING;
		break;
	case REVIEW_REASSESS:
		c->assessment.eligible = TRI_UNSET;
		c->assessment.signed_off_by[0] = '\0';
		c->assessment.validated_by[0] = '\0';
		c->assessment.validated_on = DATE_NONE;
		c->plan.agreed_on = DATE_NONE;
		c->plan.agreed_by[0] = '\0';
		c->plan.signed_off_by[0] = '\0';
		c->plan.signed_off_on = DATE_NONE;
		c->stage = STAGE_ASSESSMENT;
		break;
	default:
		c->closed_reason[0] = '\0';
		addline(c->closed_reason, sizeof c->closed_reason, "Service ended at review: %s", e->findings);
		c->closed_from = STAGE_REVIEW;
		c->closed = e->date;
		c->stage = STAGE_CLOSED;
		break;
	}
	return CW_OK;
}

enum cw_status workflow_go_back(struct case_record *c, enum stage to, struct cw_error *err)
{
	if (c->stage == STAGE_CLOSED || c->stage >= STAGE_COUNT)
		return cw_fail(err, CW_ERR_INVALID, "This case is closed");
	if ((int)to < 0 || to >= STAGE_CLOSED || to >= c->stage)
		return cw_fail(err, CW_ERR_INVALID, "stage: go back to a stage before %s", stage_name[c->stage]);
	c->stage = to;
	return CW_OK;
}
