/* test_document.c - the documents for the person read at 80 columns,
 * whatever is in the case: long names and addresses, a council with a
 * long name, words longer than a line, wide (CJK) characters, control
 * characters; in plain text and in Markdown. Widths are measured as a
 * terminal shows them (wcwidth), not in bytes. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/document.h"
#include "tests/rules_fixture.h"

static void fill(char *dst, size_t size, const char *unit)
{
	dst[0] = '\0';
	while (strlen(dst) + strlen(unit) + 1 < size)
		strcat(dst, unit);
}

/* A case with every text as long and awkward as the store allows. */
static struct case_record *awkward_case(struct policy *p)
{
	struct case_record *c = malloc(sizeof *c);
	fx_policy(p);
	fill(p->council_name, sizeof p->council_name, "Borough");
	case_init(c);
	c->id = 12;
	cw_strlcpy(c->ref, "C-000012", sizeof c->ref);
	fill(c->person.name, sizeof c->person.name, "Wolfeschlegelsteinhausen");
	c->person.date_of_birth = fx_date("1950-02-03");
	c->decision.route = ROUTE_MIXED;
	fill(c->decision.own_words, sizeof c->decision.own_words,
	     "I want to stay at home \x1b[2J with my cat; http://example.org/a-very-long-address-that-never-ends-"
	     "and-has-no-spaces-in-it-at-all-so-it-must-be-cut/ 李小龍李小龍李小龍李小龍李小龍李小龍李小龍李小龍"
	     "李小龍李小龍李小龍李小龍李小龍李小龍李小龍 ");
	c->assessment.points = 44;
	c->assessment.indicative_weekly = 18480;
	c->assessment.person_weekly = 2050;
	c->assessment.financial_assessed_on = fx_date("2026-10-01");
	for (int i = 0; i < 3; i++) {
		struct plan_line *l = &c->plan.lines[c->plan.nlines++];
		l->outcome = i;
		cw_strlcpy(l->category, i == 1 ? "homecare" : "personal_assistant", sizeof l->category);
		fill(l->description, sizeof l->description, i == 2 ? "李" : "Supercalifragilistic");
		fill(l->need, sizeof l->need, "Getting out and about ");
		fill(l->provider, sizeof l->provider, "Northbridge-Homecare-and-Support-Services-Ltd");
		l->units_per_week = 1250;
		l->rate = 1600;
		l->route = i ? ROUTE_COUNCIL_MANAGED : ROUTE_DIRECT_PAYMENT;
		l->weekly_cost = 20000;
		c->plan.total_weekly += l->weekly_cost;
	}
	c->plan.agreed_on = fx_date("2026-10-20");
	c->plan.start_date = fx_date("2026-11-01");
	c->plan.account = ACCOUNT_PREPAID_CARD;
	c->review.next_due = fx_date("2027-01-01");
	c->review.audit_due = fx_date("2027-05-01");
	return c;
}

struct doc_case {
	enum document_kind kind;
	enum document_style style;
};

static struct doc_case doc_cases[] = {
	{DOCUMENT_SUPPORT_PLAN, DOCUMENT_TEXT},
	{DOCUMENT_SUPPORT_PLAN, DOCUMENT_MARKDOWN},
	{DOCUMENT_BUDGET_STATEMENT, DOCUMENT_TEXT},
	{DOCUMENT_BUDGET_STATEMENT, DOCUMENT_MARKDOWN},
};

ParameterizedTestParameters(document, fits_80_columns)
{
	return cr_make_param_array(struct doc_case, doc_cases, CW_ARRAY_LEN(doc_cases));
}

ParameterizedTest(struct doc_case *t, document, fits_80_columns)
{
	struct policy p;
	struct cw_error err = {0};
	char *buf = NULL;
	size_t len = 0;

	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
	struct case_record *c = awkward_case(&p);
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(document_write(out, c, &p, t->kind, t->style, &err), CW_OK, "%s", err.msg);
	fclose(out);
	int lines = 0, longest = 0;
	for (const char *line = buf; *line; lines++) {
		size_t n = strcspn(line, "\n");
		int cols = 0;
		mbstate_t ms;
		memset(&ms, 0, sizeof ms);
		for (size_t i = 0; i < n;) {
			wchar_t wc;
			size_t k = mbrtowc(&wc, line + i, n - i, &ms);
			cr_assert(k != (size_t)-1 && k != (size_t)-2 && k != 0, "bad UTF-8 in: %.*s", (int)n, line);
			cr_expect(wc >= 0x20 && wc != 0x7f, "a control character reached the document");
			int w = wcwidth(wc);
			cols += w > 0 ? w : 0;
			i += k;
		}
		cr_expect_leq(cols, 80, "%d columns: %.*s", cols, (int)n, line);
		cr_expect(n == 0 || line[n - 1] != ' ', "trailing space: '%.*s'", (int)n, line);
		if (cols > longest)
			longest = cols;
		line += n + (line[n] == '\n');
	}
	cr_expect_gt(lines, 20);
	cr_expect_geq(longest, 70, "the lines are filled, not cut short");
	/* nothing lost to the wrapping: the long word is all there, in pieces */
	if (t->kind == DOCUMENT_SUPPORT_PLAN) {
		cr_expect_not_null(strstr(buf, "a pre-paid card"), "%s", buf);
		cr_expect_not_null(strstr(buf, "^[[2J"), "the escape shown as text");
		size_t pieces = 0;
		for (const char *q = buf; (q = strstr(q, "Wolfeschlegel")); q++)
			pieces++;
		cr_expect_geq(pieces, 2u, "the name appears whole somewhere (it is printed more than once)");
	}
	free(buf);
	free(c);
}

Test(document, markdown_is_markdown)
{
	struct policy p;
	struct cw_error err = {0};
	char *buf = NULL;
	size_t len = 0;
	struct case_record *c = awkward_case(&p);
	cw_strlcpy(c->person.name, "Ann Example", sizeof c->person.name);
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(document_write(out, c, &p, DOCUMENT_SUPPORT_PLAN, DOCUMENT_MARKDOWN, &err), CW_OK);
	fclose(out);
	cr_expect(strncmp(buf, "# Your support plan\n\n", 21) == 0, "%s", buf);
	cr_expect_not_null(strstr(buf, "\n- **Name:** Ann Example\n"), "%s", buf);
	cr_expect_not_null(strstr(buf, "\n## Your support and what it costs\n"), "%s", buf);
	free(buf);
	free(c);
}

/* A budget sent to panel and not (yet) approved is no one's budget: the
 * statement says so above its figures; approved, it does not. */
Test(document, budget_statement_awaiting_or_declined_panel)
{
	static const struct {
		enum panel_decision decision;
		const char *says;
	} rows[] = {
		{PANEL_PENDING, "NOT YET YOUR BUDGET. The council's funding panel has still to decide it."},
		{PANEL_DEFERRED, "has still to decide it (it asked for more information)."},
		{PANEL_DECLINED, "NOT YET YOUR BUDGET. The council's funding panel did not agree the budget asked for on "
				 "2026-11-20."},
		{PANEL_APPROVED, NULL},
	};
	struct policy p;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct case_record *c = awkward_case(&p);
		char *buf = NULL;
		size_t len = 0;
		struct cw_error err = {0};
		cw_strlcpy(c->person.name, "Ann Example", sizeof c->person.name);
		c->panel.required = TRI_YES;
		c->panel.decision = rows[i].decision;
		c->panel.decided_on = fx_date("2026-11-20");
		c->panel.approved_weekly = rows[i].decision == PANEL_APPROVED ? 20000 : 0;
		FILE *out = open_memstream(&buf, &len);
		cr_assert_eq(document_write(out, c, &p, DOCUMENT_BUDGET_STATEMENT, DOCUMENT_TEXT, &err), CW_OK, "%s", err.msg);
		fclose(out);
		for (char *q = buf; *q; q++) /* the words, whatever the wrapping */
			if (*q == '\n')
				*q = ' ';
		if (rows[i].says)
			cr_expect_not_null(strstr(buf, rows[i].says), "%s", buf);
		else
			cr_expect_null(strstr(buf, "NOT YET YOUR BUDGET"), "%s", buf);
		free(buf);
		free(c);
	}
}

/* The plan costed below the budget: meeting the needs costs what the
 * plan does, and the statement's three figures are worked out from it. */
Test(document, budget_statement_plan_below_budget)
{
	struct policy p;
	struct case_record *c = awkward_case(&p);
	char *buf = NULL;
	size_t len = 0;
	struct cw_error err = {0};
	cw_strlcpy(c->person.name, "Ann Example", sizeof c->person.name);
	c->assessment.indicative_weekly = 10920;
	c->plan.nlines = 1;
	c->plan.lines[0].weekly_cost = 8800;
	c->plan.total_weekly = 8800;
	c->assessment.person_weekly = 8800;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(document_write(out, c, &p, DOCUMENT_BUDGET_STATEMENT, DOCUMENT_TEXT, &err), CW_OK, "%s", err.msg);
	fclose(out);
	cr_expect_not_null(strstr(buf, "Cost of meeting your needs   \xc2\xa3" "88.00\n"), "%s", buf);
	cr_expect_not_null(strstr(buf, "You pay                      \xc2\xa3" "88.00\n"), "%s", buf);
	cr_expect_not_null(strstr(buf, "The council pays             \xc2\xa3" "0.00\n"), "%s", buf);
	for (char *q = buf; *q; q++)
		if (*q == '\n')
			*q = ' ';
	cr_expect_not_null(strstr(buf, "Your personal budget is \xc2\xa3" "109.20 a week. Your support plan costs \xc2\xa3"
				       "88.00 a week, so that is what meeting your needs costs"), "%s", buf);
	free(buf);
	free(c);
}
