/* form_decision.c - role 1: how the person wants the budget managed. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "core/workflow.h"
#include "tui/stage_forms.h"

#define OFF(m) offsetof(struct case_record, m)
#define SZ(m) sizeof(((struct case_record *)0)->m)
#define NB FORM_NO_BIND

const char *const tui_stage_short[STAGE_COUNT] = {"Decision", "Assessment", "Panel", "Planning", "Review",
						  "Closed"};
const char *const tui_route_labels[ROUTE_COUNT] = {"", "Direct payment", "Council-managed",
						   "Individual service fund", "Mix"};
static const char *const manage_labels[] = {"", "Alone", "With help", "Cannot manage"};

static const struct form_field decision_fields[] = {
	{"route", "Budget managed by", FK_CHOICE, OFF(decision.route), 0, tui_route_labels, ROUTE_COUNT, 1, NULL,
	 NB, true, 0, 0, "Direct payment, council-managed, individual service fund, or a mix."},
	{"mix_detail", "For a mix: which way", FK_LINES, OFF(decision.mix_detail), SZ(decision.mix_detail), NULL, 0,
	 0, NULL, NB, false, 0, 0, "Which needs go by direct payment and which are council-managed."},
	{"trade_offs", "Trade-offs talked through", FK_YESNO, OFF(decision.trade_offs_discussed), 0, NULL, 0, 0,
	 NULL, NB, false, 0, 0, "Control and choice; employer duties; paperwork and audit; support available."},
	{"capacity", "Has capacity to request", FK_TRI, OFF(decision.has_capacity), 0, NULL, 0, 0, NULL, NB, false,
	 0, 0, "Can the person decide to ask for a direct payment? If not, an authorised person acts."},
	{"authorised_person", "Authorised person", FK_TEXT, OFF(decision.authorised_person),
	 SZ(decision.authorised_person), NULL, 0, 0, NULL, NB, false, 0, 0, "Name of the authorised person."},
	{"authorised_rel", "Their relationship", FK_TEXT, OFF(decision.authorised_relationship),
	 SZ(decision.authorised_relationship), NULL, 0, 0, NULL, NB, false, 0, 0, "Daughter, friend, deputy..."},
	{"can_manage", "Can manage it", FK_CHOICE, OFF(decision.can_manage), 0, manage_labels, 4, 1, NULL, NB,
	 false, 0, 0, "Alone, with help, or cannot manage a direct payment."},
	{"support", "Help to manage from", FK_TEXT, OFF(decision.support_to_manage),
	 SZ(decision.support_to_manage), NULL, 0, 0, NULL, NB, false, 0, 0, "Who helps (a support service, family)."},
	{"own_words", "In their own words", FK_LINES, OFF(decision.own_words), SZ(decision.own_words), NULL, 0, 0,
	 NULL, NB, false, 0, 0, "What matters to the person (Enter starts a new line)."},
	{"decided_on", "Decided on", FK_DATE, OFF(decision.decided_on), 0, NULL, 0, 0, NULL, NB, false, 0, 1,
	 "The date, as YYYY-MM-DD."},
};

static void decision_build(struct form *f, const struct case_record *c, const struct policy *p)
{
	form_init(f, "decision", "Decision-making", decision_fields, (int)CW_ARRAY_LEN(decision_fields), p);
	form_load(f, c);
}

static void decision_derive(struct case_record *c, const struct policy *p, const char *who)
{
	(void)c;
	(void)p;
	(void)who;
}

/* The trade-offs to talk through with the person, in our words (from
 * the seeds' comparison of direct payments and managed budgets and a
 * council's procedure), with what this council's policy allows. */
static void decision_working(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	const struct decision_record *d = &c->decision;
	size_t len = 0;
	int n = snprintf(buf, size,
		"To talk through with the person (and anyone they want there):\n"
		"\n"
		"Direct payment - the person, or someone acting for them, gets the money\n"
		"and buys the support in the plan.\n"
		"  Choice and control: the most; they pick who helps and when, and can\n"
		"  employ their own personal assistants.\n"
		"  Responsibilities: as an employer - contracts, wages, tax, holiday pay,\n"
		"  employer's liability insurance; or buying from an agency.\n"
		"  Paperwork and audit: a separate account (or pre-paid card), statements\n"
		"  and receipts kept; the council checks the spending after %d months,\n"
		"  then every %d, takes back unspent money above %d weeks' worth, and\n"
		"  anything spent outside the plan must be repaid.\n"
		"  Support: a direct-payment support service, a payroll or managed-account\n"
		"  provider, family or an advocate can do much of the work with them.\n"
		"  Not for: long-term residential care%s.\n"
		"\n"
		"Council-managed - the council arranges and pays for the support.\n"
		"  Little paperwork and no employer's duties; the person still says how\n"
		"  and by whom, but the choice is of the services the council buys.\n"
		"\n"
		"Individual service fund - a provider the person chooses holds the\n"
		"budget and arranges the support with them: flexibility without running\n"
		"the money; they depend on that provider, so it is reviewed like the rest.\n"
		"\n"
		"A mix - some needs met by direct payment, others by the council: say\n"
		"which go which way.\n"
		"\n"
		"A direct payment needs the person's capacity to ask for it (or an\n"
		"authorised person - attorney, deputy, family member or friend - acting\n"
		"in their best interests), and someone able to manage it, alone or with\n"
		"help. The person can change their mind later: a review can change it.\n",
		p ? p->review.direct_payment_first_audit_months : 6, p ? p->review.direct_payment_audit_months : 12,
		p ? p->review.unspent_keep_weeks : 4,
		p && !p->support_plan.council_services_by_direct_payment ? ", or services the council runs itself" : "");
	if (n < 0)
		return;
	len = (size_t)n < size ? (size_t)n : size;
	if (len + 1 >= size)
		return;
	if (d->route == ROUTE_DIRECT_PAYMENT || d->route == ROUTE_MIXED) {
		if (d->has_capacity == TRI_NO && !d->authorised_person[0])
			snprintf(buf + len, size - len,
				 "\nAs recorded: a direct payment needs capacity to request it, or an\n"
				 "authorised person: neither is recorded.\n");
		else if (d->can_manage == MANAGE_CANNOT)
			snprintf(buf + len, size - len, "\nAs recorded: a direct payment needs someone able to manage it.\n");
	}
}

static void decision_summary(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	(void)p;
	char ref[CASE_REF_MAX] = "", link[64] = "";
	if (c->assessment.cared_for_case_id) {
		case_ref_format(c->assessment.cared_for_case_id, ref, sizeof ref);
		snprintf(link, sizeof link, "; a carer's case (cares for %s)", ref);
	}
	snprintf(buf, size, "Route: %s%s (w: the trade-offs)", c->decision.route ? tui_route_labels[c->decision.route] : "not chosen",
		 link);
}

static enum cw_status decision_commit(const struct form *f, const struct case_record *before, struct case_record *work,
				      const struct policy *p, const struct staff_member *me, struct cw_error *err)
{
	(void)f;
	(void)before;
	(void)p;
	(void)me;
	return workflow_decision_check(&work->decision, err);
}

const struct stage_form_ops form_decision_ops = {
	"decision", "Decision-making", ACCESS_EDIT_DECISION, decision_build, decision_derive, decision_working,
	decision_commit, decision_summary,
};

const struct stage_form_ops *stage_form_for(enum stage s)
{
	switch (s) {
	case STAGE_DECISION: return &form_decision_ops;
	case STAGE_ASSESSMENT: return &form_assessment_ops;
	case STAGE_PANEL: return &form_panel_ops;
	case STAGE_PLANNING: return &form_plan_ops;
	case STAGE_REVIEW: return &form_review_ops;
	default: return NULL;
	}
}

const struct stage_form_ops *stage_form_named(const char *name)
{
	for (int s = 0; s < STAGE_CLOSED; s++) {
		const struct stage_form_ops *o = stage_form_for((enum stage)s);
		if (o && strcmp(o->name, name) == 0)
			return o;
	}
	return NULL;
}
