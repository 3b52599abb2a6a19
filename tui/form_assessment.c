/* form_assessment.c - role 2: the ten eligibility outcomes and the
 * eligibility questions (reg 2) or, on a carer's case, the carer's
 * eight outcomes and questions (reg 3); the financial assessment (not
 * for a carer the policy does not charge); the RAS, the contribution and
 * the s.26 statement come from core/rules.h. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/rules.h"
#include "core/util.h"
#include "core/workflow.h"
#include "tui/stage_forms.h"

#define OFF(m) offsetof(struct case_record, m)
#define SZ(m) sizeof(((struct case_record *)0)->m)
#define NB FORM_NO_BIND

static char level_keys[OUTCOME_COUNT][48], unable_keys[OUTCOME_COUNT][48];

static const char *const digit_keys[NEED_LEVELS] = {"0", "1", "2", "3", "4"};

static int level_choices(const struct policy *p, struct form_choice *out, int max)
{
	static const char *const fallback[NEED_LEVELS] = {"None", "Low", "Moderate", "Substantial", "Critical"};
	int n = 0;
	for (int l = 0; l < NEED_LEVELS && n < max; l++, n++) {
		out[n].key = digit_keys[l];
		out[n].label = p && p->eligibility.level_labels[l][0] ? p->eligibility.level_labels[l] : fallback[l];
	}
	return n;
}

/* On a carer's case, in place of the impairment and wellbeing questions. */
static const struct form_field carer_questions[] = {
	{"needs_from_caring", "Needs from providing necessary care", FK_TRI, OFF(assessment.needs_from_caring), 0,
	 NULL, 0, 0, NULL, NB, false, 0, 0,
	 "Do the carer's needs arise from providing necessary care for an adult?"},
	{"health_at_risk", "Carer's health at risk", FK_TRI, OFF(assessment.health_at_risk), 0, NULL, 0, 0, NULL, NB,
	 false, 0, 0, "Is the carer's physical or mental health deteriorating, or at risk of it, because of the needs?"},
	{"wellbeing", "Significant impact on carer's wellbeing", FK_TRI, OFF(assessment.wellbeing_impact), 0, NULL, 0,
	 0, NULL, NB, false, 0, 0, "As a result, is there, or is there likely to be, a significant impact on the "
	 "carer's wellbeing?"},
};

static const struct form_field tail_fields[] = {
	{"impairment", "Needs from impairment or illness", FK_TRI, OFF(assessment.impairment), 0, NULL, 0, 0, NULL, NB,
	 false, 0, 0, "Do the needs arise from a physical or mental impairment or illness?"},
	{"wellbeing", "Significant impact on wellbeing", FK_TRI, OFF(assessment.wellbeing_impact), 0, NULL, 0, 0,
	 NULL, NB, false, 0, 0, "As a result, is there a significant impact on the person's wellbeing?"},
	{"self_assessment", "Supported self-assessment", FK_YESNO, OFF(assessment.self_assessment), 0, NULL, 0, 0,
	 NULL, NB, false, 0, 0, "Did the person complete a supported self-assessment?"},
	{"validated_on", "Validated by me on", FK_DATE, OFF(assessment.validated_on), 0, NULL, 0, 0, NULL, NB, false,
	 0, 1, "The date you validated the assessment, as YYYY-MM-DD."},
	{"advice", "Information and advice given", FK_LINES, OFF(assessment.advice_given),
	 SZ(assessment.advice_given), NULL, 0, 0, NULL, NB, false, 0, 0, "Recorded for every person, eligible or not."},
	{"carer", "Carer's assessment", FK_INFO, NB, 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL},
	{"carer_name", "Carer's name", FK_TEXT, OFF(assessment.carer_name), SZ(assessment.carer_name), NULL, 0, 0,
	 NULL, NB, false, 0, 0, "A carer with needs of their own: saving opens their own case, linked to this one."},
	{"carer_dob", "Carer's date of birth", FK_DATE, OFF(assessment.carer_date_of_birth), 0, NULL, 0, 0, NULL, NB,
	 false, 0, 0, "The carer's date of birth, as YYYY-MM-DD."},
	{"carer_lives_with", "Carer lives with the person", FK_YESNO, OFF(assessment.carer_lives_with), 0, NULL, 0, 0,
	 NULL, NB, false, 0, 0, "yes: the carer's case takes this address and household."},
	{"panel", "Funding panel (the worker's own request)", FK_INFO, NB, 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL},
	{"panel_request", "Ask the panel for a budget", FK_YESNO, OFF(panel.worker_request), 0, NULL, 0, 0, NULL, NB,
	 false, 0, 0, "yes: the case goes to panel when it moves on, with the amount and why."},
	{"panel_amount", "Weekly amount asked for", FK_MONEY, OFF(panel.requested_weekly), 0, NULL, 0, 0, NULL, NB,
	 false, 0, 0, "Pounds and pence a week, like 350.00."},
	{"panel_why", "Why (the justification)", FK_LINES, OFF(panel.justification), SZ(panel.justification), NULL, 0,
	 0, NULL, NB, false, 0, 0, "Why the indicative budget does not meet the needs."},
	{"fin", "Financial assessment", FK_INFO, NB, 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL},
	{"from_letter", "Figure from finance letter", FK_YESNO, OFF(assessment.contribution_from_letter), 0, NULL, 0,
	 0, NULL, NB, false, 0, 0, "yes: enter the weekly contribution from the finance team's letter."},
	{"capital", "Capital", FK_MONEY, OFF(assessment.capital), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
	 "Savings and capital, in pounds and pence, like 12000.00."},
	{"income", "Weekly income", FK_MONEY, OFF(assessment.weekly_income), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
	 "Assessable weekly income, in pounds and pence."},
	{"person_weekly", "Weekly contribution", FK_MONEY, OFF(assessment.person_weekly), 0, NULL, 0, 0, NULL,
	 NB, false, 0, 0, "Worked out from capital and income; type the letter's figure when it comes from finance."},
	{"fin_on", "Financially assessed on", FK_DATE, OFF(assessment.financial_assessed_on), 0, NULL, 0, 0, NULL, NB,
	 false, 0, 1, "The date, as YYYY-MM-DD."},
};

static bool is_financial(const char *key)
{
	static const char *const keys[] = {"fin", "from_letter", "capital", "income", "person_weekly", "fin_on"};
	for (size_t i = 0; i < CW_ARRAY_LEN(keys); i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

static void assessment_build(struct form *f, const struct case_record *c, const struct policy *p)
{
	struct form_field defs[1 + 2 * OUTCOME_COUNT + CW_ARRAY_LEN(carer_questions) + CW_ARRAY_LEN(tail_fields)];
	bool carer = case_is_carer(c);
	bool charged = rules_case_charged(c, p);
	struct outcome_view v;
	int n = 0;

	case_outcomes(c, &v);
	memset(defs, 0, sizeof defs);
	defs[n++] = (struct form_field){"needs",
					carer ? "The carer's needs (reg 3): level for each outcome, and unable to achieve it?"
					      : "Needs: level for each outcome, and unable to achieve it?",
					FK_INFO, NB, 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL};
	size_t levels = carer ? OFF(assessment.carer_levels) : OFF(assessment.levels);
	size_t set = carer ? OFF(assessment.carer_level_set) : OFF(assessment.level_set);
	size_t unable = carer ? OFF(assessment.carer_unable) : OFF(assessment.unable);
	for (int i = 0; i < v.n; i++) {
		snprintf(level_keys[i], sizeof level_keys[i], "%s.%s", carer ? "carer_level" : "level", v.keys[i]);
		snprintf(unable_keys[i], sizeof unable_keys[i], "%s.%s", carer ? "carer_unable" : "unable", v.keys[i]);
		defs[n++] = (struct form_field){level_keys[i], policy_outcome_label(p, carer, i), FK_CHOICE,
						levels + (size_t)i * sizeof(enum need_level), 0, NULL, NEED_LEVELS, 0,
						level_choices, set + (size_t)i * sizeof(bool), false, 0, 0,
						"The level of need: Space or Left/Right to change."};
		defs[n++] = (struct form_field){unable_keys[i], "  unable to achieve it", FK_YESNO,
						unable + (size_t)i * sizeof(bool), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
						carer ? "Unable without help, or only with significant pain, distress or anxiety, "
							"or by putting anyone's health or safety at risk."
						      : "Unable without help, or only with pain, distress, risk, or far too long."};
	}
	if (carer)
		for (size_t k = 0; k < CW_ARRAY_LEN(carer_questions); k++)
			defs[n++] = carer_questions[k];
	static char carer_link[CASE_NAME_MAX + 64];
	bool linked = c->assessment.carer_case_id || carer;
	for (size_t k = 0; k < CW_ARRAY_LEN(tail_fields); k++) {
		const struct form_field *d = &tail_fields[k];
		if (linked && strncmp(d->key, "carer_", 6) == 0)
			continue;
		if (carer && (strcmp(d->key, "impairment") == 0 || strcmp(d->key, "wellbeing") == 0))
			continue; /* the carer's questions above */
		if (!charged && is_financial(d->key))
			continue; /* the policy does not charge carers */
		defs[n] = *d;
		if (strcmp(d->key, "carer") == 0 && linked) {
			char ref[CASE_REF_MAX];
			int64_t id = c->assessment.carer_case_id ? c->assessment.carer_case_id : c->assessment.cared_for_case_id;
			case_ref_format(id, ref, sizeof ref);
			if (c->assessment.carer_case_id)
				snprintf(carer_link, sizeof carer_link, "Carer's assessment: %s's own case is %s", c->assessment.carer_name, ref);
			else if (id)
				snprintf(carer_link, sizeof carer_link, "A carer's case: the person cared for is %s", ref);
			else
				snprintf(carer_link, sizeof carer_link, "A carer's case");
			defs[n].label = carer_link;
		}
		n++;
	}
	form_init(f, "assessment", carer ? "Carer's assessment and the carer's budget" : "Assessment and resource allocation",
		  defs, n, p);
	form_load(f, c);
}

/* A panel that declined sends the case back here: say why, and when. */
static size_t panel_returned(const struct case_record *c, char *buf, size_t size)
{
	char d[DATE_BUF];
	if (c->panel.decision != PANEL_DECLINED || size == 0)
		return 0;
	int n = snprintf(buf, size, "The panel declined on %s (%s):\n%s\n\n",
			 date_format(c->panel.decided_on, d, sizeof d), c->panel.members, c->panel.decision_reasons);
	return n < 0 ? 0 : (size_t)n;
}

static void assessment_derive(struct case_record *c, const struct policy *p, const char *who)
{
	struct assessment_record *a = &c->assessment;
	struct cw_error err = {0};
	workflow_recalculate(c, p, &err);
	if (date_is_set(a->validated_on) && who && !a->validated_by[0])
		cw_strlcpy(a->validated_by, who, sizeof a->validated_by);
}

static void assessment_working(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	bool carer = case_is_carer(c);
	struct eligibility_result el;
	struct ras_result ras;
	struct charge_result ch;
	struct budget_statement bs;
	struct cw_error err = {0};
	size_t len = 0;
	buf[0] = '\0';
	len += panel_returned(c, buf, size);
	if (len >= size)
		return;
	if (rules_carer_assessed_before_reg3(c)) {
		char m[MONEY_BUF], pw[MONEY_BUF];
		len += (size_t)snprintf(buf + len, size - len,
					"Assessed with the adult's outcomes before casework had the carer's test: "
					"the figures recorded then stand (%d points, %s a week, the carer pays %s, %s) "
					"until the carer's outcomes and questions are recorded. The working below is "
					"the carer's test and budget as they stand now.\n\n",
					c->assessment.points,
					money_format(c->assessment.indicative_weekly, MONEY_GROUP | MONEY_SYMBOL, m, sizeof m),
					money_format(c->assessment.person_weekly, MONEY_GROUP | MONEY_SYMBOL, pw, sizeof pw),
					c->assessment.eligible == TRI_YES ? "eligible" : c->assessment.eligible == TRI_NO ? "not eligible" : "eligibility not decided");
		if (len >= size)
			return;
	}
	const char *test = carer ? "Eligibility (carer, reg 3)" : "Eligibility";
	if (rules_case_eligibility(c, p, &el, &err) == CW_OK)
		len += (size_t)snprintf(buf + len, size - len, "%s: %s\n%s\n\n", test, el.eligible ? "eligible" : "not eligible", el.reasons);
	else
		len += (size_t)snprintf(buf + len, size - len, "%s: %s\n\n", test, err.msg);
	if (len >= size)
		return;
	const char *ras_title = carer ? "The carer's budget (carers' RAS)" : "Resource allocation (RAS)";
	if (rules_case_ras(c, p, &ras, &err) == CW_OK)
		len += (size_t)snprintf(buf + len, size - len, "%s:\n%s\n\n", ras_title, ras.working);
	else
		len += (size_t)snprintf(buf + len, size - len, "%s: %s\n\n", ras_title, err.msg);
	if (len >= size)
		return;
	int64_t budget = rules_final_weekly(c);
	if (rules_case_contribution(c, budget, p, &ch, &err) == CW_OK) {
		len += (size_t)snprintf(buf + len, size - len, "Contribution:\n%s\n\n", ch.working);
		if (len >= size)
			return;
		rules_budget_statement(budget, ch.contribution, &bs);
		len += (size_t)snprintf(buf + len, size - len, "Personal budget statement (s.26):\n%s\n\n", bs.text);
	} else {
		len += (size_t)snprintf(buf + len, size - len, "Contribution: %s\n\n", err.msg);
	}
	if (len >= size)
		return;
	/* what happens when it moves on: the panel's triggers, checked now */
	struct panel_check pc;
	enum cw_status pst = rules_panel_check(c, p, &pc, &err);
	snprintf(buf + len, size - len, "%s\n%s%s%s\n",
		 pc.required ? "Panel: needed when the case moves on, because" : "Panel: not needed, because",
		 pc.required ? pc.reasons : pc.not_needed, pst != CW_OK ? "\n" : "", pst != CW_OK ? err.msg : "");
}

static void assessment_summary(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	struct ras_result ras;
	struct cw_error err = {0};
	char m[MONEY_BUF], pw[MONEY_BUF], pays[64];
	bool carer = case_is_carer(c);
	if (rules_case_ras(c, p, &ras, &err) != CW_OK) {
		snprintf(buf, size, "RAS: %s", err.msg);
		return;
	}
	const char *el = c->assessment.eligible == TRI_YES ? "eligible" : c->assessment.eligible == TRI_NO ? "not eligible" : "eligibility not decided";
	char so[64] = "";
	if (c->panel.decision == PANEL_DECLINED && c->stage == STAGE_ASSESSMENT)
		snprintf(so, sizeof so, "; panel declined (w)");
	else if (p->access.assessment_signoff && c->assessment.signed_off_by[0])
		snprintf(so, sizeof so, "; signed off by %s", c->assessment.signed_off_by);
	else if (p->access.assessment_signoff && c->assessment.eligible == TRI_YES)
		snprintf(so, sizeof so, "; awaits sign-off");
	if (rules_case_charged(c, p) || rules_carer_assessed_before_reg3(c))
		snprintf(pays, sizeof pays, "pays %s", money_format(c->assessment.person_weekly, MONEY_GROUP, pw, sizeof pw));
	else
		snprintf(pays, sizeof pays, "not charged");
	if (rules_carer_assessed_before_reg3(c))
		snprintf(buf, size, "Carer, adult's test: %d points, %s a week; %s; %s%s", c->assessment.points,
			 money_format(c->assessment.indicative_weekly, MONEY_GROUP, m, sizeof m), pays, el, so);
	else if (carer)
		snprintf(buf, size, "Carer: %d points, %s a week, %s; %s%s", ras.points,
			 money_format(ras.weekly, MONEY_GROUP, m, sizeof m), pays, el, so);
	else
		snprintf(buf, size, "%d points, indicative %s a week; %s; %s%s", ras.points,
			 money_format(ras.weekly, MONEY_GROUP, m, sizeof m), pays, el, so);
}

const struct stage_form_ops form_assessment_ops = {
	"assessment", "Assessment and resource allocation", ACCESS_EDIT_ASSESSMENT, assessment_build, assessment_derive,
	assessment_working, NULL, assessment_summary,
};
