/* guide.c - the guidance panel's words (see guide.h). Written for this
 * project from its domain notes (the Care Act 2014, the eligibility
 * regulations, the charging regulations, the statutory guidance on
 * reviews, councils' direct-payment procedures); the figures are the
 * council's own, from the policy in use. */
#include "tui/guide.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"

static void add(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;
	if (used + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

static const char *pounds(int64_t pence, char *buf)
{
	return money_format(pence, MONEY_GROUP | MONEY_SYMBOL, buf, MONEY_BUF);
}

const char *guide_title(enum stage stage)
{
	switch (stage) {
	case STAGE_DECISION: return "Guidance: decision-making (i or Esc closes)";
	case STAGE_ASSESSMENT: return "Guidance: assessment and resource allocation (i or Esc closes)";
	case STAGE_PANEL: return "Guidance: panel escalation (i or Esc closes)";
	case STAGE_PLANNING: return "Guidance: support planning and brokerage (i or Esc closes)";
	case STAGE_REVIEW: return "Guidance: review (i or Esc closes)";
	case STAGE_CLOSED: return "Guidance: a closed case (i or Esc closes)";
	default: return "Guidance: your role (i or Esc closes)";
	}
}

/* The side-by-side table: each row is 80 columns at most. */
static const char *const dp_table[] = {
	"                     Direct payment              Council-managed budget",
	"                     --------------------------  --------------------------",
	"  Who arranges the   The person, or the person   The council, with the",
	"  support            acting for them             person's views",
	"  Choice and         The most: any suitable      Within the providers the",
	"  control            provider, or employ a PA    council contracts with",
	"  Responsibilities   An employer's duties for a  None as an employer",
	"                     PA: pay, tax, insurance",
	"  Paperwork          A separate account or card, The council keeps the",
	"                     receipts, timesheets        records",
	"  Audit              At least yearly; unspent    No audit of the person",
	"                     money above a few weeks'",
	"                     worth is clawed back",
	"  Conditions         Capacity to ask (or an      None: open to everyone",
	"                     authorised person); able to eligible",
	"                     manage it, alone or helped",
	"  Not for            Long-term residential care, The council's usual",
	"                     and what the policy bars    services and contracts",
	"  Help available     Direct-payment support,     The social worker and",
	"                     payroll, managed accounts   brokerage",
};

static void role_part(enum role role, enum stage stage, char *buf, size_t size)
{
	switch (role) {
	case ROLE_SOCIAL_WORKER:
		add(buf, size, "As a social worker: you hold your own cases and take each person through the five "
		               "stages, moving a case on (>) when its stage is complete. You may open any case of "
		               "your team; another team's only by breaking the glass (O, with a reason that is "
		               "recorded), if the council allows it. A team manager signs off; the panel decides "
		               "large or unusual budgets; the finance team records financial assessments and "
		               "direct-payment audits.\n\n");
		break;
	case ROLE_TEAM_MANAGER:
		add(buf, size, "As a team manager: you see your team's caseload (t), allocate and reassign its "
		               "cases (A), sign off assessments and support plans where the policy asks (o), and "
		               "read any case's history (h) and a worker's recent activity (W). A sign-off stands "
		               "for what was signed: if the assessment or the plan changes afterwards, it must be "
		               "signed again.\n\n");
		break;
	case ROLE_PANEL_MEMBER:
		add(buf, size, "As a panel member: you see the panel queue (p) of every team and record the "
		               "panel's decision on a case at panel: approved, approved at another amount, "
		               "declined (back to the worker) or deferred for more information, with the reasons, "
		               "the members present and the date. The worker's request is theirs to change, not "
		               "yours.\n\n");
		break;
	case ROLE_FINANCE_OFFICER:
		add(buf, size, "As a finance officer: you record the financial assessment at assessment (capital "
		               "and weekly income, or the figure from the finance letter, and the date) and the "
		               "direct-payment audit at review (money spent, unspent and misused; casework works "
		               "out what to claw back). The rest of the case is the worker's to change.\n\n");
		break;
	default:
		add(buf, size, "As an admin: you look after the staff list and the system, and see no case "
		               "content.\n\n");
		break;
	}
	(void)stage;
}

void guide_text(enum role role, enum stage stage, const struct policy *p, char *buf, size_t size)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF];

	if (!buf || size == 0)
		return;
	buf[0] = '\0';
	switch (stage) {
	case STAGE_DECISION:
		add(buf, size, "What it is for: agreeing with the person how their personal budget will be "
		               "managed. People should have choice and control over how their needs are met: "
		               "by a direct payment, by the council (a council-managed budget), by a provider "
		               "holding it for them (an individual service fund), or a mix of these, saying "
		               "which needs go which way.\n\n");
		add(buf, size, "What the law asks: a direct payment must be offered when the person has capacity "
		               "to ask for one (or an authorised person - an attorney, a deputy, a relative or "
		               "friend - agrees to act in their best interests), when the person or someone "
		               "helping them can manage it, and when it is an appropriate way to meet the needs. "
		               "Talk the trade-offs through and write down what matters to the person in their "
		               "own words.\n\n");
		for (size_t i = 0; i < sizeof dp_table / sizeof dp_table[0]; i++)
			add(buf, size, "%s\n", dp_table[i]);
		add(buf, size, "\n");
		break;
	case STAGE_ASSESSMENT:
		add(buf, size, "What it is for: finding out the person's needs, whether they are eligible, and "
		               "the money: the indicative budget and what the person pays.\n\n");
		add(buf, size, "What the law asks: needs are eligible when they arise from a physical or mental "
		               "impairment or illness; because of them the person cannot achieve at least %d of "
		               "the ten outcomes (nutrition, hygiene, toilet needs, dressing, using the home "
		               "safely, a habitable home, relationships, work or learning, the community, caring "
		               "for a child); and there is, or is likely to be, a significant impact on their "
		               "wellbeing. \"Cannot achieve\" also covers managing only with help, with real pain, "
		               "distress or anxiety, at risk to themselves or others, or taking far longer than "
		               "normal. A person who is not eligible is told why, given information and advice, "
		               "and the case closes.\n\n",
		    p ? p->eligibility.min_outcomes_unable : 2);
		add(buf, size, "The resource allocation system turns the levels of need into points and the "
		               "points into an indicative weekly budget; the working (w) shows how, line by line, "
		               "so the figure can be explained to the person. The budget is confirmed when the "
		               "plan is costed.\n\n");
		if (p)
			add(buf, size, "The financial assessment sets what the person pays: capital of %s or more "
			               "pays the full cost; below %s capital is ignored; in between, %s a week is "
			               "counted for every 250.00 or part of it. The person keeps at least the minimum "
			               "income guarantee.\n\n",
			    pounds(p->charging.capital_upper, m1), pounds(p->charging.capital_lower, m2),
			    pounds(p->charging.tariff_per_250, m3));
		add(buf, size, "The personal budget statement (Care Act 2014, s.26) tells the person three "
		               "figures: what meeting their needs costs, what they pay, and what the council "
		               "pays.%s\n\n",
		    p && p->access.assessment_signoff ? " This council asks a team manager to sign off the "
		                                        "assessment before the case moves on." : "");
		break;
	case STAGE_PANEL:
		add(buf, size, "What it is for: a second look at large or unusual budgets before the support "
		               "is planned.\n\n");
		if (p)
			add(buf, size, "When a case comes here: a weekly budget above %s; a request more than "
			               "%d%% above the indicative budget;%s a plan over its budget; or the worker's "
			               "own request, with an amount and a justification.\n\n",
			    pounds(p->panel.weekly_cost_over, m1), p->panel.over_indicative_percent,
			    p->panel.family_pa_same_household ? " a family member living in the same household "
			                                        "paid as a personal assistant;" : "");
		add(buf, size, "What the guidance asks: a panel may agree large or unusual allocations, but "
		               "must not exist only to save money or overturn good planning. Every decision "
		               "carries its reasons, the members present and the date. Approved: the case moves "
		               "on to planning with the agreed amount as the budget. Declined: it goes back to "
		               "the worker. Deferred: it stays until the information asked for is there.\n\n");
		break;
	case STAGE_PLANNING:
		add(buf, size, "What it is for: a costed plan, agreed with the person, that meets their "
		               "eligible needs within the budget.\n\n");
		add(buf, size, "What the law asks (Care Act 2014, s.25): the plan sets out the needs, which of "
		               "them will be met and how, the personal budget and, for a direct payment, which "
		               "needs it meets and how much is paid and how often. The person, their carer and "
		               "anyone they ask for are involved.\n\n");
		add(buf, size, "Never bought with the budget: anything illegal; alcohol, tobacco or gambling; NHS "
		               "services and health care; rent, a mortgage or other housing costs; household "
		               "bills and food. A direct payment is not for long-term residential care. Paying a "
		               "family member who lives in the same household is allowed only in exceptional "
		               "circumstances, with the reasons recorded.\n\n");
		if (p)
			add(buf, size, "The plan may differ from the budget by up to %d%%; beyond that it goes back "
			               "to the panel.%s Record who agreed it and when, the start date and, for a "
			               "direct payment, the account (bank account, pre-paid card or managed "
			               "account).\n\n",
			    p->support_plan.tolerance_percent,
			    p->support_plan.manager_signoff ? " A team manager signs the plan off." : "");
		break;
	case STAGE_REVIEW:
		add(buf, size, "What it is for: checking that the plan still meets the person's needs and, for "
		               "a direct payment, that the money is spent on the plan.\n\n");
		if (p)
			add(buf, size, "When: a light-touch review %d weeks after the plan starts, then at least "
			               "every %d months (every %d for high-risk cases), and whenever things change. A "
			               "direct payment is audited every %d months.\n\n",
			    p->review.first_review_weeks, p->review.interval_months,
			    p->review.high_risk_interval_months, p->review.direct_payment_audit_months);
		add(buf, size, "What the law asks: a review is not a reassessment, but a change in needs leads "
		               "to one, and the budget may go up or down. Unspent direct-payment money above a "
		               "few weeks' worth is clawed back; money spent outside the plan must be repaid, and "
		               "the council may stop the direct payment (Care Act 2014, s.33). Outcomes: no "
		               "change; change the plan; reassess; end the service.\n\n");
		break;
	case STAGE_CLOSED:
		add(buf, size, "A closed case can be read but not changed: its history (h) and notes (n) stay on "
		               "the record.\n\n");
		break;
	default:
		add(buf, size, "casework takes a person through five stages: decision-making (how the budget is "
		               "managed); assessment and resource allocation (needs, eligibility, the budget and "
		               "what the person pays); panel escalation (large or unusual budgets); support "
		               "planning and brokerage (a costed plan); review. Open a case and press i again for "
		               "what its stage asks.\n\n");
		break;
	}
	role_part(role, stage, buf, size);
}
