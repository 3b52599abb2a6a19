/* test_tui_form.c - the form widget's model (check, apply, dirty,
 * drafts, editing keys) and the action table, without a terminal. */
#include <criterion/criterion.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/date.h"
#include "core/money.h"
#include "rules_fixture.h"
#include "tui/action.h"
#include "tui/form.h"
#include "tui/stage_forms.h"

#define OFF(m) offsetof(struct case_record, m)
#define NB FORM_NO_BIND

static const struct form_field fields[] = {
	{"name", "Name", FK_TEXT, OFF(person.name), sizeof(((struct case_record *)0)->person.name), NULL, 0, 0, NULL, NB,
	 true, 0, 0, NULL},
	{"capital", "Capital", FK_MONEY, OFF(assessment.capital), 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL},
	{"dob", "Date of birth", FK_DATE, OFF(person.date_of_birth), 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL},
	{"hours", "Hours", FK_QUANTITY, OFF(plan.lines[0].units_per_week), 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL},
	{"route", "Route", FK_CHOICE, OFF(decision.route), 0, tui_route_labels, ROUTE_COUNT, 1, NULL, NB, false, 0, 0,
	 NULL},
	{"capacity", "Capacity", FK_TRI, OFF(decision.has_capacity), 0, NULL, 0, 0, NULL, NB, false, 0, 0, NULL},
	{"words", "Own words", FK_LINES, OFF(decision.own_words), sizeof(((struct case_record *)0)->decision.own_words),
	 NULL, 0, 0, NULL, NB, false, 0, 0, NULL},
};

static struct policy pol;

static void setup(void) { fx_policy(&pol); }

TestSuite(tui_form, .init = setup);

static void make(struct form *f, struct case_record *c)
{
	case_init(c);
	cw_strlcpy(c->person.name, "Ann Example", sizeof c->person.name);
	c->assessment.capital = 1200000;
	form_init(f, "test", "Test", fields, (int)(sizeof fields / sizeof fields[0]), &pol);
	form_load(f, c);
}

Test(tui_form, loads_stored_values_as_text)
{
	struct form f;
	struct case_record c;
	make(&f, &c);
	cr_assert_str_eq(f.val[0], "Ann Example");
	cr_assert_str_eq(f.val[1], "12000.00");
	cr_assert_str_eq(f.val[2], "");
	cr_assert_str_eq(f.val[4], "");
	cr_assert(!form_dirty(&f));
	form_free(&f);
}

Test(tui_form, money_message_names_field_and_what_is_allowed)
{
	struct form f;
	struct case_record c;
	struct cw_error err = {0};
	make(&f, &c);
	form_set(&f, 1, "12.555");
	cr_assert_eq(form_check(&f, 1, &err), CW_ERR_INVALID);
	cr_assert_str_eq(err.msg, "Capital: '12.555' has more than two decimal places; use pounds and pence like 12.50");
	form_free(&f);
}

Test(tui_form, date_message_names_field)
{
	struct form f;
	struct case_record c;
	struct cw_error err = {0};
	make(&f, &c);
	form_set(&f, 2, "1950-13-01");
	cr_assert_eq(form_check(&f, 2, &err), CW_ERR_INVALID);
	cr_assert_str_eq(err.msg, "Date of birth: '1950-13-01' has no such month; months run from 01 to 12 (YYYY-MM-DD)");
	form_free(&f);
}

/* A date something happened: not after today, as it is typed; a stored
 * one left as it was is not the form's to refuse. */
Test(tui_form, happened_date_not_in_the_future)
{
	static const struct form_field defs[] = {
		{"on", "Reviewed on", FK_DATE, OFF(plan.agreed_on), 0, NULL, 0, 0, NULL, NB, false, 0, 1, NULL},
	};
	struct form f;
	struct case_record c;
	struct cw_error err = {0};
	char tomorrow[DATE_BUF], today[DATE_BUF], want[160];

	case_init(&c);
	date_format(date_add_days(date_today(), 1), tomorrow, sizeof tomorrow);
	date_format(date_today(), today, sizeof today);
	form_init(&f, "test", "Test", defs, 1, &pol);
	form_load(&f, &c);
	form_set(&f, 0, tomorrow);
	cr_assert_eq(form_check(&f, 0, &err), CW_ERR_INVALID);
	snprintf(want, sizeof want, "Reviewed on: %s is in the future; today is %s: give the day it happened", tomorrow,
	         today);
	cr_expect_str_eq(err.msg, want);
	form_set(&f, 0, today);
	cr_expect_eq(form_check(&f, 0, &err), CW_OK, "%s", err.msg);
	form_free(&f);

	c.plan.agreed_on = date_add_days(date_today(), 1);
	form_init(&f, "test", "Test", defs, 1, &pol);
	form_load(&f, &c);
	cr_expect_eq(form_check(&f, 0, &err), CW_OK, "stored before: %s", err.msg);
	form_free(&f);
}

Test(tui_form, apply_is_all_or_nothing_and_focuses_the_bad_field)
{
	struct form f;
	struct case_record c;
	struct cw_error err = {0};
	make(&f, &c);
	form_set(&f, 0, "Bea Example");
	form_set(&f, 3, "12.5x");
	cr_assert_eq(form_apply(&f, &c, true, &err), CW_ERR_INVALID);
	cr_assert_str_eq(c.person.name, "Ann Example");
	cr_assert_eq(f.cur, 3);
	cr_assert_str_eq(err.msg, "Hours: '12.5x' is not a number; use digits with up to two decimals like 12.5");
	form_set(&f, 3, "12.5");
	form_set(&f, 4, "1");
	form_set(&f, 5, "no");
	cr_assert_eq(form_apply(&f, &c, true, &err), CW_OK);
	cr_assert_str_eq(c.person.name, "Bea Example");
	cr_assert_eq(c.plan.lines[0].units_per_week, 1250);
	cr_assert_eq(c.decision.route, ROUTE_DIRECT_PAYMENT);
	cr_assert_eq(c.decision.has_capacity, TRI_NO);
	form_free(&f);
}

Test(tui_form, required_field_refused_on_save_only)
{
	struct form f;
	struct case_record c;
	struct cw_error err = {0};
	make(&f, &c);
	form_set(&f, 0, "");
	cr_assert_eq(form_apply(&f, &c, false, &err), CW_OK);
	cr_assert_eq(form_apply(&f, &c, true, &err), CW_ERR_INVALID);
	cr_assert_str_eq(err.msg, "Name: is required; fill it in before saving");
	form_free(&f);
}

Test(tui_form, control_characters_refused)
{
	struct form f;
	struct case_record c;
	struct cw_error err = {0};
	make(&f, &c);
	form_set(&f, 0, "Ann\x1b[2J");
	cr_assert_eq(form_check(&f, 0, &err), CW_ERR_INVALID);
	form_set(&f, 6, "line one\nline two");
	cr_assert_eq(form_check(&f, 6, &err), CW_OK);
	form_set(&f, 0, "line one\nline two");
	cr_assert_eq(form_check(&f, 0, &err), CW_ERR_INVALID);
	form_free(&f);
}

Test(tui_form, dirty_marker_follows_changes)
{
	struct form f;
	struct case_record c;
	make(&f, &c);
	form_set(&f, 1, "12000.01");
	cr_assert(form_dirty(&f));
	cr_assert(form_field_dirty(&f, 1));
	cr_assert(!form_field_dirty(&f, 0));
	form_set(&f, 1, "12000.00");
	cr_assert(!form_dirty(&f));
	form_set(&f, 1, "5");
	form_mark_saved(&f);
	cr_assert(!form_dirty(&f));
	form_free(&f);
}

Test(tui_form, draft_round_trip_keeps_newlines_and_backslashes)
{
	struct form f, g;
	struct case_record c;
	struct cw_error err = {0};
	make(&f, &c);
	form_set(&f, 6, "first\\line\nsecond = two");
	form_set(&f, 1, "oops");
	char *data = form_serialize(&f);
	cr_assert(strstr(data, "words=first\\\\line\\nsecond = two\n") != NULL, "%s", data);
	make(&g, &c);
	cr_assert_eq(form_deserialize(&g, data, &err), CW_OK);
	cr_assert_str_eq(g.val[6], "first\\line\nsecond = two");
	cr_assert_str_eq(g.val[1], "oops");
	cr_assert(form_dirty(&g));
	free(data);
	form_free(&f);
	form_free(&g);
}

Test(tui_form, typing_and_deleting_whole_utf8_characters)
{
	struct form f;
	struct case_record c;
	make(&f, &c);
	f.cur = 0;
	form_set(&f, 0, "");
	form_key(&f, 'Z', 10);
	form_key(&f, 0x00f6, 10); /* o with diaeresis */
	form_key(&f, 0x674e, 10); /* a CJK character */
	cr_assert_str_eq(f.val[0], "Z\xc3\xb6\xe6\x9d\x8e");
	form_key(&f, TK_CODE(KEY_BACKSPACE), 10);
	cr_assert_str_eq(f.val[0], "Z\xc3\xb6");
	form_key(&f, TK_CODE(KEY_LEFT), 10);
	form_key(&f, 'e', 10);
	cr_assert_str_eq(f.val[0], "Ze\xc3\xb6");
	form_free(&f);
}

Test(tui_form, leaving_a_bad_field_is_refused_with_the_message)
{
	struct form f;
	struct case_record c;
	make(&f, &c);
	f.cur = 1;
	form_set(&f, 1, "1,23");
	cr_assert_eq(form_key(&f, '\t', 10), FORM_REFUSED);
	cr_assert_eq(f.cur, 1);
	cr_assert_str_eq(f.msg, "Capital: '1,23' has a misplaced comma; group thousands in threes like 1,234.50");
	form_set(&f, 1, "1,230");
	cr_assert_eq(form_key(&f, '\t', 10), FORM_MOVED);
	cr_assert_eq(f.cur, 2);
	cr_assert_str_eq(f.msg, "");
	form_free(&f);
}

Test(tui_form, choice_cycles_and_yes_no_keys)
{
	struct form f;
	struct case_record c;
	make(&f, &c);
	f.cur = 4;
	form_key(&f, ' ', 10);
	cr_assert_str_eq(f.val[4], "1");
	form_key(&f, ' ', 10);
	cr_assert_str_eq(f.val[4], "2");
	form_key(&f, TK_CODE(KEY_LEFT), 10);
	form_key(&f, TK_CODE(KEY_LEFT), 10);
	cr_assert_str_eq(f.val[4], "");
	f.cur = 5;
	form_key(&f, 'y', 10);
	cr_assert_str_eq(f.val[5], "yes");
	form_key(&f, TK_CODE(KEY_DC), 10);
	cr_assert_str_eq(f.val[5], "");
	form_free(&f);
}

Test(tui_form, decision_form_applies_to_the_case)
{
	struct form f;
	struct case_record c;
	struct cw_error err = {0};
	case_init(&c);
	form_decision_ops.build(&f, &c, &pol);
	int i = form_find(&f, "route");
	cr_assert_geq(i, 0);
	form_set(&f, i, "2");
	form_set(&f, form_find(&f, "decided_on"), "2026-11-20");
	cr_assert_eq(form_apply(&f, &c, true, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(c.decision.route, ROUTE_COUNCIL_MANAGED);
	cr_assert_eq(c.decision.decided_on.days, fx_date("2026-11-20").days);
	form_free(&f);
}

/* No printable key may be bound in a form or a search: it must reach
 * what is being typed. */
Test(tui_form, action_table_leaves_typing_to_fields)
{
	for (int k = 0x20; k < 0x7f; k++) {
		cr_assert_eq(action_for_key(k, CTX_FORM), ACT_NONE, "'%c' is bound in forms", k);
		cr_assert_eq(action_for_key(k, CTX_SEARCH), ACT_NONE, "'%c' is bound in searches", k);
	}
}

Test(tui_form, every_binding_reaches_its_action)
{
	for (size_t i = 0; i < action_count; i++) {
		const struct action *a = &action_table[i];
		for (unsigned bit = 1; bit <= CTX_SEARCH; bit <<= 1)
			if (a->ctx & bit)
				cr_assert_eq(action_for_key(a->keys[0], bit), a->id, "%s (%s) is shadowed", a->name,
					     a->keyname);
	}
}

Test(tui_form, footer_is_generated_and_fits)
{
	char buf[512];
	action_footer(CTX_LIST, 0, buf, sizeof buf, 79);
	cr_assert_str_eq(buf, "? help  Enter open  q quit  / search  s sort  f stage  t team  p panel  R role");
	action_footer(CTX_LIST, (1ull << ACT_TEAM) | (1ull << ACT_ROLE), buf, sizeof buf, 79);
	cr_assert_str_eq(buf, "? help  Enter open  q quit  / search  s sort  f stage  p panel  v reviews");
	action_footer(CTX_FORM, 0, buf, sizeof buf, 79);
	cr_assert_str_eq(buf, "^G help  ^S save  Tab next  Esc done");
	cr_assert_leq(strlen(buf), 79);
}

/* The ? screen names every key that does the action there, and only
 * those: j/k, g/G and ^Q work in lists, so they are listed. */
Test(tui_form, help_lists_every_key_that_reaches_the_action)
{
	char lines[64][128];
	size_t n = action_help_lines(CTX_LIST, 0, lines, 64);
	bool up = false, home = false, quit = false;
	for (size_t i = 0; i < n; i++) {
		up |= strcmp(lines[i], "  Up, k        Move up one line.") == 0;
		home |= strcmp(lines[i], "  Home, g      Go to the first line.") == 0;
		quit |= strcmp(lines[i], "  q, ^Q        Leave casework.") == 0;
		cr_expect_eq(lines[i][ACTION_HELP_INDENT - 1], ' ', "help line not aligned: '%s'", lines[i]);
		cr_expect_neq(lines[i][ACTION_HELP_INDENT], ' ', "help line not aligned: '%s'", lines[i]);
	}
	cr_expect(up && home && quit, "a list key is missing from the help");
	n = action_help_lines(CTX_CASE, 0, lines, 64);
	bool back = false, edit = false;
	for (size_t i = 0; i < n; i++) {
		back |= strncmp(lines[i], "  Esc, q, Left Go back", 22) == 0;
		edit |= strncmp(lines[i], "  e, Enter     Edit", 19) == 0;
	}
	cr_expect(back && edit, "a case key is missing from the help");
}

/* The focus moved by the program (a save rebuilding the form, the case
 * screen scrolling) puts the cursor at the end of the new field; and a
 * cursor left over from a longer field never indexes past a shorter
 * one (it wrote past the buffer: the panel form, Down, e, a key). */
Test(tui_form, focus_puts_the_cursor_in_the_new_field)
{
	struct form f;
	struct case_record c;
	make(&f, &c);
	form_focus(&f, 1);
	cr_assert_eq(f.cur, 1);
	cr_assert_eq(f.cursor, strlen("12000.00"));
	form_focus(&f, 2);
	cr_assert_eq(f.cursor, 0);
	form_focus(&f, 99); /* out of range: nothing moves */
	cr_assert_eq(f.cur, 2);
	/* stale: the name's length, in the empty date field */
	f.cursor = strlen("Ann Example");
	cr_assert_eq(form_key(&f, '2', 10), FORM_HANDLED);
	cr_assert_str_eq(f.val[2], "2");
	/* stale, inside a character of a multi-byte text */
	form_focus(&f, 0);
	form_set(&f, 0, "Zo\xc3\xab");
	f.cursor = 3;
	cr_assert_eq(form_key(&f, 'x', 10), FORM_HANDLED);
	cr_assert_str_eq(f.val[0], "Zo\xc3\xabx");
	form_free(&f);
}
