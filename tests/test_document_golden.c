/* test_document.c - the support plan as the person reads it: every
 * figure, the outcome each line meets, what a direct payment buys, the
 * account in words; golden text at 78 columns. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document.h"
#include "core/workflow.h"
#include "rules_fixture.h"

static void line(struct case_record *c, int outcome, const char *need, const char *cat, const char *prov,
		 const char *desc, int64_t units, int64_t rate, bool one_off, enum route route)
{
	struct plan_line *l = &c->plan.lines[c->plan.nlines++];
	l->outcome = outcome;
	cw_strlcpy(l->need, need, sizeof l->need);
	cw_strlcpy(l->category, cat, sizeof l->category);
	cw_strlcpy(l->provider, prov, sizeof l->provider);
	cw_strlcpy(l->description, desc, sizeof l->description);
	l->units_per_week = units;
	l->rate = rate;
	l->one_off = one_off;
	l->weekly_cost = one_off ? rate : 0;
	l->route = route;
}

Test(document_golden, support_plan_golden)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct cw_error err = {0};
	char *text = NULL;
	size_t len = 0;

	fx_policy(&p);
	cw_strlcpy(c->ref, "C-000042", sizeof c->ref);
	cw_strlcpy(c->person.name, "Nora Example", sizeof c->person.name);
	c->person.date_of_birth = fx_date("1950-05-05");
	c->decision.route = ROUTE_MIXED;
	cw_strlcpy(c->decision.own_words, "I want to stay in my own home.", sizeof c->decision.own_words);
	line(c, 1, "Washing and dressing", "personal_assistant", "Ann Lee", "Morning help", 750, 1600, false,
	     ROUTE_DIRECT_PAYMENT);
	line(c, 4, "", "homecare", "Brightwater Homecare", "Evening call", 100, 3214, false, ROUTE_COUNCIL_MANAGED);
	line(c, 4, "", "equipment", "", "Grab rails", 0, 6000, true, ROUTE_DIRECT_PAYMENT);
	cr_assert_eq(workflow_recalculate(c, &p, &err), CW_OK, "%s", err.msg);
	c->assessment.indicative_weekly = 21000; /* as if 50 points were assessed */
	c->plan.agreed_on = fx_date("2026-11-21");
	c->plan.start_date = fx_date("2026-11-23");
	c->plan.account = ACCOUNT_PREPAID_CARD;
	c->review.next_due = fx_date("2027-01-18");
	c->review.audit_due = fx_date("2027-05-23");

	FILE *out = open_memstream(&text, &len);
	cr_assert_eq(document_write(out, c, &p, DOCUMENT_SUPPORT_PLAN, DOCUMENT_TEXT, &err), CW_OK, "%s", err.msg);
	fclose(out);
	/* 7.5 x 16.00 = 120.00; 1 x 32.14; 152.14 a week, x 52 = 7,911.28 */
	cr_expect_str_eq(text,
		"Your support plan\n"
		"=================\n"
		"\n"
		"Test Council\n"
		"\n"
		"Name                         Nora Example\n"
		"Date of birth                1950-05-05\n"
		"Case reference               C-000042\n"
		"\n"
		"How the budget is managed    Mixed\n"
		"Plan agreed on               2026-11-21\n"
		"Support starts on            2026-11-23\n"
		"Direct payment paid into     a pre-paid card\n"
		"\n"
		"What matters to you, in your words\n"
		"----------------------------------\n"
		"\n"
		"  I want to stay in my own home.\n"
		"\n"
		"Your support and what it costs\n"
		"------------------------------\n"
		"\n"
		"1. Personal assistant: Morning help\n"
		"   For: Washing and dressing (Personal hygiene)\n"
		"   Provided by: Ann Lee\n"
		"   7.50 hours a week at \xc2\xa3" "16.00 per hour = \xc2\xa3" "120.00 a week, paid by direct\n"
		"   payment\n"
		"\n"
		"2. Homecare: Evening call\n"
		"   For: Home safety\n"
		"   Provided by: Brightwater Homecare\n"
		"   1 hour a week at \xc2\xa3" "32.14 per hour = \xc2\xa3" "32.14 a week, arranged by the council\n"
		"\n"
		"3. Small equipment: Grab rails\n"
		"   For: Home safety\n"
		"   A one-off cost of \xc2\xa3" "60.00, paid by direct payment\n"
		"\n"
		"Total a week                 \xc2\xa3" "152.14\n"
		"Total a year (52 weeks)      \xc2\xa3" "7,911.28\n"
		"One-off costs                \xc2\xa3" "60.00\n"
		"First year, with one-offs    \xc2\xa3" "7,971.28\n"
		"Your personal budget a week  \xc2\xa3" "210.00\n"
		"Bought with a direct payment \xc2\xa3" "120.00 a week (\xc2\xa3" "6,240.00 a year)\n"
		"\n"
		"Keeping it under review\n"
		"-----------------------\n"
		"\n"
		"Next review due              2027-01-18\n"
		"Direct payment check due     2027-05-23\n"
		"\n"
		"If your needs or circumstances change, or the support is not working, tell\n"
		"your social worker: you can ask for a review at any time.\n");
	free(text);
	free(c);
}

Test(document_golden, no_budget_statement_for_a_person_found_not_eligible)
{
	struct policy p;
	struct case_record *c = fx_case();
	struct cw_error err = {0};
	char *text = NULL;
	size_t len = 0;

	fx_policy(&p);
	cw_strlcpy(c->ref, "C-000043", sizeof c->ref);
	c->assessment.indicative_weekly = 4200; /* the RAS scored the one need */
	c->assessment.eligible = TRI_NO;
	FILE *out = open_memstream(&text, &len);
	cr_expect_eq(document_write(out, c, &p, DOCUMENT_BUDGET_STATEMENT, DOCUMENT_TEXT, &err), CW_ERR_INCOMPLETE);
	fclose(out);
	cr_expect_str_eq(err.msg, "C-000043 has no personal budget: the assessment found the person not eligible (the "
				  "reasons and the advice given are on the case)");
	cr_expect_eq(len, 0);
	free(text);
	c->assessment.eligible = TRI_YES;
	out = open_memstream(&text, &len);
	cr_expect_eq(document_write(out, c, &p, DOCUMENT_BUDGET_STATEMENT, DOCUMENT_TEXT, &err), CW_OK);
	fclose(out);
	cr_expect_not_null(strstr(text, "Cost of meeting your needs   \xc2\xa3" "42.00\n"));
	free(text);
	free(c);
}
