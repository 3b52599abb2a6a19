/* test_tui_person.c - the new-case form and the person's details form
 * (tui/form_person.c) without a terminal: core's checks as each field
 * is left (the message names the field and what is allowed), nothing
 * chosen as the client group until the worker does, what is applied. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "rules_fixture.h"
#include "tui/action.h"
#include "tui/form.h"
#include "tui/stage_forms.h"

static struct policy pol;

static void setup(void)
{
	fx_policy(&pol);
	setenv("CASEWORK_TODAY", "2026-11-22", 1);
}

TestSuite(tui_person, .init = setup);

static struct date D(const char *s)
{
	struct date d;
	cr_assert(date_parse(s, &d, NULL), "%s", s);
	return d;
}

/* Types text into field `key` and leaves it (Tab): the event and the message. */
static enum form_event type_and_leave(struct form *f, const char *key, const char *text)
{
	int i = form_find(f, key);
	cr_assert_geq(i, 0, "no field %s", key);
	form_focus(f, i);
	form_set(f, i, text);
	f->msg[0] = '\0';
	return form_key(f, '\t', 20);
}

Test(tui_person, new_case_fields_checked_as_they_are_left)
{
	struct form f;
	form_newcase_build(&f, &pol, D("2026-11-22"));
	cr_expect_str_eq(f.name, "newcase");
	cr_expect_not(form_dirty(&f), "nothing typed yet");
	cr_expect_str_eq(f.val[form_find(&f, "group")], "", "no client group until the worker chooses one");
	cr_expect_str_eq(f.val[form_find(&f, "opened")], "2026-11-22", "referred today");

	cr_expect_eq(type_and_leave(&f, "name", "Mary\xc2\x9bOkonjo"), FORM_REFUSED);
	cr_expect_str_eq(f.msg, "Name: control characters are not allowed; use plain text");
	cr_expect_eq(type_and_leave(&f, "name", "Mary Okonjo"), FORM_MOVED);
	cr_expect_eq(type_and_leave(&f, "date_of_birth", "2031-04-02"), FORM_REFUSED);
	cr_expect_str_eq(f.msg, "Date of birth: 2031-04-02 is in the future; today is 2026-11-22");
	cr_expect_eq(type_and_leave(&f, "date_of_birth", "1961-02-31"), FORM_REFUSED);
	cr_expect_str_eq(f.msg, "Date of birth: there is no 31 February 1961; February 1961 has 28 days");
	cr_expect_eq(type_and_leave(&f, "date_of_birth", "1901-02-13"), FORM_REFUSED);
	cr_expect_str_eq(f.msg, "Date of birth: 1901-02-13 makes the person 125; check the year (at most 120)");
	cr_expect_eq(type_and_leave(&f, "date_of_birth", "2012-02-13"), FORM_MOVED);
	char adult[8];
	snprintf(adult, sizeof adult, "%d", CLIENT_ADULT);
	cr_expect_eq(type_and_leave(&f, "group", adult), FORM_REFUSED);
	cr_expect_str_eq(f.msg, "Client group: Adult is for people of 18 or over; the person was 14 when referred "
	                        "(2026-11-22): choose Child or young person");
	cr_expect_eq(type_and_leave(&f, "opened", "2026-11-23"), FORM_REFUSED);
	cr_expect_str_eq(f.msg, "Referral date: 2026-11-23 is in the future; today is 2026-11-22");
	form_free(&f);
}

Test(tui_person, new_case_applied_with_its_referral)
{
	struct form f;
	struct cw_error err = {0};
	struct case_record *c = malloc(sizeof *c);
	char *referral = NULL;
	char child[8];
	snprintf(child, sizeof child, "%d", CLIENT_CHILD);

	form_newcase_build(&f, &pol, D("2026-11-22"));
	form_set(&f, form_find(&f, "name"), "  Leo Marsh ");
	form_set(&f, form_find(&f, "date_of_birth"), "2010-06-30");
	form_set(&f, form_find(&f, "address"), "3 Chapel Row");
	/* the client group left unchosen: refused on saving, naming it */
	cr_expect_eq(form_newcase_apply(&f, c, &referral, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Client group: is required; fill it in before saving");
	cr_expect_null(referral);
	form_set(&f, form_find(&f, "group"), child);
	form_set(&f, form_find(&f, "referral"), "School nurse: transition at 18\nMum asks for respite ");
	cr_assert_eq(form_newcase_apply(&f, c, &referral, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(c->person.name, "Leo Marsh");
	cr_expect_eq(c->person.group, CLIENT_CHILD);
	cr_expect_eq(c->person.date_of_birth.days, D("2010-06-30").days);
	cr_expect_str_eq(c->person.address, "3 Chapel Row");
	cr_expect_eq(c->opened.days, D("2026-11-22").days);
	cr_expect_str_eq(referral, "School nurse: transition at 18\nMum asks for respite");
	free(referral);
	free(c);
	form_free(&f);
}

Test(tui_person, person_form_of_a_case)
{
	struct form f;
	struct case_record *c = malloc(sizeof *c);
	case_init(c);
	cw_strlcpy(c->person.name, "Aisha Thomas", sizeof c->person.name);
	c->person.date_of_birth = D("1938-01-12");
	cw_strlcpy(c->person.address, "208 Albert Terrace", sizeof c->person.address);
	cw_strlcpy(c->person.household, "H0000006", sizeof c->person.household);
	c->opened = D("2026-11-08");

	form_person_ops.build(&f, c, &pol);
	cr_expect_str_eq(f.name, "person");
	cr_expect_eq(form_person_ops.edit_action, ACCESS_EDIT_PERSON);
	cr_expect_str_eq(f.val[form_find(&f, "address")], "208 Albert Terrace");
	cr_expect_str_eq(f.val[form_find(&f, "household")], "H0000006");
	cr_expect_eq(form_find(&f, "opened"), -1, "the referral date is not the person's");
	cr_expect_eq(type_and_leave(&f, "address", "   "), FORM_MOVED, "left empty, refused on saving");
	struct cw_error err = {0};
	struct case_record *work = malloc(sizeof *work);
	memcpy(work, c, sizeof *work);
	cr_expect_eq(form_apply(&f, work, true, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Address: is required; fill it in before saving");
	form_set(&f, form_find(&f, "address"), "12 Canal Street");
	cr_assert_eq(form_apply(&f, work, true, &err), CW_OK, "%s", err.msg);
	cr_expect_str_eq(work->person.address, "12 Canal Street");
	cr_expect_str_eq(work->person.name, "Aisha Thomas");

	char buf[512];
	form_person_ops.summary(c, &pol, buf, sizeof buf);
	cr_expect_str_eq(buf, "Referred 2026-11-08 (w: what depends on it)");
	c->assessment.carer_case_id = 31;
	c->assessment.carer_lives_with = true;
	form_person_ops.summary(c, &pol, buf, sizeof buf);
	cr_expect_str_eq(buf, "Referred 2026-11-08; carer's case C-000031 (lives with them) (w: what depends on it)");
	char *working = malloc(4096);
	form_person_ops.working(c, &pol, working, 4096);
	cr_expect(strstr(working, "Their carer has a case of their own, C-000031, recorded as living with them.") != NULL,
	          "%s", working);
	free(working);
	free(work);
	free(c);
	form_free(&f);
}

Test(tui_person, keys_in_the_table)
{
	cr_expect_eq(action_for_key('N', CTX_LIST), ACT_NEW_CASE);
	cr_expect_eq(action_for_key('P', CTX_CASE), ACT_PERSON);
	cr_expect_eq(action_for_key('N', CTX_CASE), ACT_NONE);
	cr_expect_eq(action_for_key('P', CTX_FORM), ACT_NONE, "P is typed into a field");
}
