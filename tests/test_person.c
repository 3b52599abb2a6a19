/* test_person.c - the person a case is about: their details checked
 * (named field, what is allowed), the same name read as a worker reads
 * it, living together; a new case opened (every role; refused ones say
 * who may; a possible second case for one person; all or nothing), and
 * a correction of the person saved with what depends on where they live:
 * the carer's case and its "lives with", a family member paid as PA in
 * the same household and the panel's check of it. */
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/act.h"
#include "core/carer.h"
#include "core/person.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/workflow.h"
#include "tests/rules_fixture.h"

static struct date D(const char *s)
{
	struct date d;
	cr_assert(date_parse(s, &d, NULL), "%s", s);
	return d;
}

static void person(struct person *p, const char *name, const char *dob, enum client_group g, const char *address)
{
	memset(p, 0, sizeof *p);
	cw_strlcpy(p->name, name, sizeof p->name);
	p->date_of_birth = D(dob);
	p->group = g;
	cw_strlcpy(p->address, address, sizeof p->address);
}

/* ---- the checks ---- */

Test(person_check, each_field_named_with_what_is_allowed)
{
	struct person p;
	struct cw_error err = {0};
	struct date today = D("2026-11-22");

	person(&p, "Aisha Thomas", "1938-01-12", CLIENT_ADULT, "4 Mill Lane, Northbridge NB2 7DN");
	cr_expect_eq(person_check(&p, today, today, &err), CW_OK, "%s", err.msg);

	cw_strlcpy(p.name, "   ", sizeof p.name);
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Name: is required; give the person's name as they use it");
	cw_strlcpy(p.name, "Aisha\033[2JThomas", sizeof p.name);
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Name: control characters are not allowed; use plain text");
	cw_strlcpy(p.name, "Aisha\xc2\x9bThomas", sizeof p.name); /* C1 CSI */
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cw_strlcpy(p.name, "Aisha \xff Thomas", sizeof p.name);
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cw_strlcpy(p.name, "Aisha Thomas", sizeof p.name);

	p.date_of_birth = D("2026-11-23");
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Date of birth: 2026-11-23 is in the future; today is 2026-11-22");
	p.date_of_birth = D("1900-06-01");
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Date of birth: 1900-06-01 makes the person 126; check the year (at most 120)");
	p.date_of_birth = DATE_NONE;
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Date of birth: is required; give it as YYYY-MM-DD");
	p.date_of_birth = D("2026-11-22"); /* born today: a baby, and not an adult */
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Client group: Adult is for people of 18 or over; the person was 0 when referred "
	                          "(2026-11-22): choose Child or young person");
	p.date_of_birth = D("1938-01-12");

	p.address[0] = '\0';
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Address: is required; give it on one line (\"No fixed abode\" when there is none)");
	cw_strlcpy(p.address, "4 Mill Lane\nNorthbridge", sizeof p.address);
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Address: control characters are not allowed; use plain text");
	cw_strlcpy(p.address, "No fixed abode", sizeof p.address);
	cr_expect_eq(person_check(&p, today, today, &err), CW_OK, "%s", err.msg);
	cw_strlcpy(p.household, "H\tone", sizeof p.household);
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Household: control characters are not allowed; use plain text");
	p.household[0] = '\0';
	p.group = (enum client_group)7;
	cr_expect_eq(person_check(&p, today, today, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Client group: not one of Adult, Carer or Child or young person");
}

Test(person_check, date_of_birth_as_typed)
{
	/* 31 February is refused by the one date parser, with why */
	struct date d;
	const char *why = NULL;
	cr_expect_not(date_parse("1950-02-31", &d, &why));
	cr_expect(strstr(why, "31 February") != NULL, "%s", why);
}

Test(person_check, client_group_by_age_on_the_referral)
{
	struct cw_error err = {0};
	struct date dob = D("2009-03-01"), on = D("2026-11-22");

	cr_expect_eq(person_check_group(CLIENT_CHILD, dob, on, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(person_check_group(CLIENT_ADULT, dob, on, &err), CW_ERR_INVALID);
	cr_expect_eq(person_check_group(CLIENT_CARER, dob, on, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Client group: Carer is for carers of 18 or over; the person was 17 when referred "
	                          "(2026-11-22): a young carer is Child or young person");
	/* 18 on the day */
	on = D("2027-03-01");
	cr_expect_eq(person_check_group(CLIENT_ADULT, dob, on, &err), CW_OK);
	cr_expect_eq(person_check_group(CLIENT_CHILD, dob, on, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Client group: Child or young person is for people under 18; the person was 18 when "
	                          "referred (2027-03-01): choose Adult or Carer");
}

Test(person_check, same_name_and_living_together)
{
	cr_expect(person_same_name("Aisha Thomas", "  aisha   THOMAS "));
	cr_expect(person_same_name("Ramón Núñez", "RAMON NUNEZ"));
	cr_expect(person_same_name("Zoë Ærø", "zoe æro"));
	cr_expect(person_same_name("李小龍", "李小龍"));
	cr_expect_not(person_same_name("Aisha Thomas", "Aisha Thompson"));
	cr_expect_not(person_same_name("Ann", "Anne"));
	cr_expect_not(person_same_name("", "Ann"));

	struct person a, b;
	person(&a, "A", "1950-01-01", CLIENT_ADULT, "4 Mill Lane, Northbridge");
	person(&b, "B", "1952-01-01", CLIENT_CARER, "4  mill lane, Northbridge");
	cr_expect(person_live_together(&a, &b), "the same address, no household recorded");
	cw_strlcpy(a.household, "H0000012", sizeof a.household);
	cr_expect(person_live_together(&a, &b), "one household recorded: the address decides");
	cw_strlcpy(b.household, "H0000013", sizeof b.household);
	cr_expect_not(person_live_together(&a, &b), "two households at one address (flats)");
	cw_strlcpy(b.household, "h0000012", sizeof b.household);
	cr_expect(person_live_together(&a, &b), "the same household");
	cw_strlcpy(b.address, "Flat 2, 4 Mill Lane", sizeof b.address);
	cr_expect_not(person_live_together(&a, &b), "a household number kept after a move is not a shared home");
}

/* ---- on a real store ---- */

static char dir[256], dbpath[300];
static struct store *st;
static struct policy pol;
static struct staff staff;

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

static void add_staff(const char *login, const char *name, const char *team, enum role role)
{
	struct staff_member *m = &staff.members[staff.n++];
	memset(m, 0, sizeof *m);
	cw_strlcpy(m->login, login, sizeof m->login);
	cw_strlcpy(m->name, name, sizeof m->name);
	cw_strlcpy(m->team, team, sizeof m->team);
	m->role = role;
}

static void setup(void)
{
	struct cw_error err = {0};
	snprintf(dir, sizeof dir, "%s/cw-person-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	setenv("CASEWORK_TODAY", "2026-11-22", 1);
	cr_assert_eq(store_open(dbpath, &st, &err), CW_OK, "%s", err.msg);
	fx_policy(&pol);
	memset(&staff, 0, sizeof staff);
	staff.members = calloc(8, sizeof *staff.members);
	add_staff("asmith", "Alice Smith", "North Team", ROLE_SOCIAL_WORKER);
	add_staff("cwright", "Claire Wright", "North Team", ROLE_TEAM_MANAGER);
	add_staff("dpatel", "Dev Patel", "Funding Panel", ROLE_PANEL_MEMBER);
	add_staff("hnowak", "Hanna Nowak", "Finance", ROLE_FINANCE_OFFICER);
	add_staff("ithomas", "Ian Thomas", "Systems", ROLE_ADMIN);
	add_staff("ejones", "Emma Jones", "South Team", ROLE_SOCIAL_WORKER);
}

static void teardown(void)
{
	store_close(&st);
	free(staff.members);
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static const struct staff_member *who(const char *login)
{
	const struct staff_member *m = staff_find(&staff, login);
	cr_assert_not_null(m, "%s", login);
	return m;
}

static struct case_record *referral(const char *name, const char *dob, enum client_group g, const char *address)
{
	struct case_record *c = calloc(1, sizeof *c);
	case_init(c);
	c->opened = DATE_NONE;
	person(&c->person, name, dob, g, address);
	return c;
}

static size_t count_cases(void)
{
	struct caseload cl = {0};
	struct caseload_query q = {.stage = -1};
	cr_assert_eq(store_caseload(st, &q, &cl, NULL), CW_OK);
	size_t n = cl.n;
	caseload_free(&cl);
	return n;
}

static const char *const role_logins[ROLE_COUNT] = {"asmith", "cwright", "dpatel", "hnowak", "ithomas"};

Test(act_create, every_role, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct date today = D("2026-11-22");

	for (int r = 0; r < ROLE_COUNT; r++) {
		char name[64];
		snprintf(name, sizeof name, "Person %d Example", r);
		struct case_record *c = referral(name, "1950-05-05", CLIENT_ADULT, "1 High Street");
		enum cw_status rc = act_create(st, who(role_logins[r]), &pol, today, c, NULL, false, &err);
		bool may = r == ROLE_SOCIAL_WORKER || r == ROLE_TEAM_MANAGER;
		cr_expect_eq(rc, may ? CW_OK : CW_ERR_DENIED, "%s: %s", role_keys[r], err.msg);
		if (may) {
			cr_expect_gt(c->id, 0);
			cr_expect_eq(c->stage, STAGE_DECISION);
			cr_expect_str_eq(c->worker, role_logins[r], "allocated to the one who opened it");
			cr_expect_str_eq(c->team, "North Team");
			cr_expect_eq(c->opened.days, today.days);
		} else {
			cr_expect_str_eq(err.msg, "Only a social worker or a team manager can open a new case.", "%s",
			                 role_keys[r]);
			cr_expect_eq(c->id, 0);
		}
		free(c);
	}
	cr_expect_eq(count_cases(), 2u, "only the two who may opened cases");
}

Test(act_create, stored_with_its_audit_and_referral_note, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *c = referral("Aisha Thomas", "1938-01-12", CLIENT_ADULT, "4 Mill Lane, Northbridge");
	cw_strlcpy(c->person.household, "H0000001", sizeof c->person.household);
	c->opened = D("2026-11-20");
	cr_assert_eq(act_create(st, who("asmith"), &pol, D("2026-11-22"), c, "  Daughter rang: falls at home. \n", false,
	                        &err),
	             CW_OK, "%s", err.msg);
	cr_expect_str_eq(c->ref, "C-000001");

	struct case_record *back = malloc(sizeof *back);
	cr_assert_eq(store_case_load(st, c->id, back, &err), CW_OK);
	cr_expect_str_eq(back->person.name, "Aisha Thomas");
	cr_expect_str_eq(back->person.address, "4 Mill Lane, Northbridge");
	cr_expect_str_eq(back->person.household, "H0000001");
	cr_expect_eq(back->person.date_of_birth.days, D("1938-01-12").days);
	cr_expect_eq(back->opened.days, D("2026-11-20").days, "the referral date as given");
	cr_expect_eq(back->stage, STAGE_DECISION);

	struct audit_list l = {0};
	cr_assert_eq(store_history(st, c->id, NULL, 0, &l, NULL), CW_OK);
	bool created = false, noted = false;
	for (size_t i = 0; i < l.n; i++) {
		created |= strcmp(l.items[i].action, "created") == 0 && strcmp(l.items[i].who, "asmith") == 0 &&
		           strstr(l.items[i].new_value, "person.name=Aisha Thomas") != NULL;
		noted |= strstr(l.items[i].action, "note") != NULL;
	}
	cr_expect(created, "the creation is on the record, by the worker");
	cr_expect(noted, "the referral note is on the record");
	audit_list_free(&l);

	struct note_list nl = {0};
	cr_assert_eq(store_notes(st, c->id, &nl, NULL), CW_OK);
	cr_assert_eq(nl.n, 1u);
	cr_expect_str_eq(nl.items[0].text, "Daughter rang: falls at home.");
	cr_expect_str_eq(nl.items[0].by, "asmith");
	note_list_free(&nl);
	free(back);
	free(c);
}

Test(act_create, bad_input_refused_and_nothing_stored, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct date today = D("2026-11-22");
	struct case_record *c = referral("Aisha Thomas", "2027-01-12", CLIENT_ADULT, "4 Mill Lane");

	cr_expect_eq(act_create(st, who("asmith"), &pol, today, c, NULL, false, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Date of birth: 2027-01-12 is in the future; today is 2026-11-22");
	c->person.date_of_birth = D("1938-01-12");
	c->opened = D("2026-11-23");
	cr_expect_eq(act_create(st, who("asmith"), &pol, today, c, NULL, false, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Referral date: 2026-11-23 is in the future; today is 2026-11-22");
	c->opened = D("1937-01-01");
	cr_expect_eq(act_create(st, who("asmith"), &pol, today, c, NULL, false, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Referral date: 1937-01-01 is before the date of birth, 1938-01-12");
	c->opened = DATE_NONE;
	cw_strlcpy(c->person.name, "Aisha\x07", sizeof c->person.name);
	cr_expect_eq(act_create(st, who("asmith"), &pol, today, c, NULL, false, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Name: control characters are not allowed; use plain text");
	cw_strlcpy(c->person.name, "Aisha Thomas", sizeof c->person.name);
	cr_expect_eq(act_create(st, who("asmith"), &pol, today, c, "Rang \033[31m", false, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Referral: control characters are not allowed; use plain text");
	cr_expect_eq(count_cases(), 0u);

	/* a failure half way (the note) leaves no case behind */
	store_fail_after(st, 3);
	cr_expect_neq(act_create(st, who("asmith"), &pol, today, c, "Daughter rang", false, &err), CW_OK);
	store_fail_after(st, 0);
	cr_expect_eq(count_cases(), 0u, "all or nothing");
	cr_expect_eq(c->id, 0);
	cr_expect_eq(act_create(st, who("asmith"), &pol, today, c, "Daughter rang", false, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(count_cases(), 1u);
	free(c);
}

Test(act_create, a_second_case_for_one_person_is_asked_about, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct date today = D("2026-11-22");
	struct case_record *c = referral("Ramón Núñez", "1944-07-30", CLIENT_ADULT, "9 Harbour View");
	cr_assert_eq(act_create(st, who("asmith"), &pol, today, c, NULL, false, &err), CW_OK, "%s", err.msg);
	/* the same person in another team's caseload is not theirs to see */
	struct case_record *south = referral("Ramon Nunez", "1944-07-30", CLIENT_ADULT, "9 Harbour View");
	cr_assert_eq(act_create(st, who("ejones"), &pol, today, south, NULL, false, &err), CW_OK, "%s", err.msg);

	struct case_record *again = referral("RAMON  NUNEZ", "1944-07-30", CLIENT_ADULT, "9 Harbour View");
	struct caseload dup = {0};
	cr_assert_eq(act_duplicates(st, who("cwright"), &again->person, &dup, &err), CW_OK);
	cr_assert_eq(dup.n, 1u, "the team's case only");
	cr_expect_str_eq(dup.rows[0].ref, "C-000001");
	caseload_free(&dup);
	cr_expect_eq(act_create(st, who("cwright"), &pol, today, again, NULL, false, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "RAMON  NUNEZ, born 1944-07-30, has a case open already (C-000001); say so to open "
	                          "a second case for the same person");
	cr_expect_eq(count_cases(), 2u);

	/* another date of birth is another person */
	struct case_record *other = referral("Ramón Núñez", "1944-07-31", CLIENT_ADULT, "9 Harbour View");
	cr_expect_eq(act_create(st, who("asmith"), &pol, today, other, NULL, false, &err), CW_OK, "%s", err.msg);

	cr_expect_eq(act_create(st, who("cwright"), &pol, today, again, NULL, true, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(act_duplicates(st, who("asmith"), &again->person, &dup, &err), CW_OK);
	cr_expect_eq(dup.n, 2u);
	caseload_free(&dup);

	/* a closed case is no duplicate */
	struct case_record *x = malloc(sizeof *x), *y = malloc(sizeof *y);
	cr_assert_eq(store_case_load(st, c->id, x, &err), CW_OK);
	memcpy(y, x, sizeof *y);
	y->stage = STAGE_CLOSED;
	y->closed = today;
	cr_assert_eq(store_case_save(st, y, "asmith", "close", &err), CW_OK, "%s", err.msg);
	cr_expect_eq(act_duplicates(st, who("asmith"), &again->person, &dup, &err), CW_OK);
	cr_expect_eq(dup.n, 1u);
	caseload_free(&dup);
	free(x);
	free(y);
	free(c);
	free(south);
	free(again);
	free(other);
}

/* ---- correcting the person ---- */

static struct case_record *opened_case(const char *name, const char *address)
{
	struct cw_error err = {0};
	struct case_record *c = referral(name, "1950-05-05", CLIENT_ADULT, address);
	cr_assert_eq(act_create(st, who("asmith"), &pol, D("2026-11-22"), c, NULL, true, &err), CW_OK, "%s", err.msg);
	return c;
}

static struct case_record *load(int64_t id)
{
	struct case_record *c = malloc(sizeof *c);
	cr_assert_eq(store_case_load(st, id, c, NULL), CW_OK);
	return c;
}

/* The newest audit row of the case that changed `field`. */
static bool audited(int64_t id, const char *field, const char *old_value, const char *new_value, const char *action)
{
	struct audit_list l = {0};
	bool found = false;
	cr_assert_eq(store_history(st, id, NULL, 0, &l, NULL), CW_OK);
	for (size_t i = 0; i < l.n && !found; i++)
		found = strcmp(l.items[i].field, field) == 0 && strcmp(l.items[i].old_value, old_value) == 0 &&
		        strcmp(l.items[i].new_value, new_value) == 0 && (!action || strcmp(l.items[i].action, action) == 0);
	audit_list_free(&l);
	return found;
}

Test(act_person, address_change_audited_and_refused_for_roles_that_may_not, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *c = opened_case("Aisha Thomas", "4 Mill Lane");
	struct case_record *after = malloc(sizeof *after);
	memcpy(after, c, sizeof *after);
	cw_strlcpy(after->person.address, "Flat 1, 2 Canal Street", sizeof after->person.address);

	for (int r = ROLE_PANEL_MEMBER; r <= ROLE_ADMIN; r++) {
		cr_expect_eq(act_save_person(st, who(role_logins[r]), &pol, c, after, NULL, NULL, NULL, &err), CW_ERR_DENIED);
		cr_expect_str_eq(err.msg, "Only a social worker or a team manager can change the person's details.");
		cr_expect_str_eq(after->person.address, "Flat 1, 2 Canal Street", "what was typed is kept");
	}
	cr_expect_eq(act_save_person(st, who("ejones"), &pol, c, after, NULL, NULL, NULL, &err), CW_ERR_DENIED);
	cr_expect(strstr(err.msg, "This case belongs to North Team") == err.msg, "%s", err.msg);

	struct act_move done;
	cr_assert_eq(act_save_person(st, who("asmith"), &pol, c, after, NULL, &done, NULL, &err), CW_OK, "%s", err.msg);
	cr_expect(done.moved);
	cr_expect_eq(done.other_id, 0);
	cr_expect(audited(c->id, "person.address", "4 Mill Lane", "Flat 1, 2 Canal Street", "save person"));
	cr_expect_eq(after->version, c->version + 1);

	/* the second of two saves from the same version is refused, with who and when */
	struct case_record *late = malloc(sizeof *late);
	memcpy(late, c, sizeof *late);
	cw_strlcpy(late->person.name, "Aisha Thomas-Bello", sizeof late->person.name);
	cr_expect_eq(act_save_person(st, who("cwright"), &pol, c, late, NULL, NULL, NULL, &err), CW_ERR_STALE);
	cr_expect(strstr(err.msg, "changed by asmith at ") != NULL, "%s", err.msg);
	cr_expect_str_eq(late->person.name, "Aisha Thomas-Bello", "the input is kept to apply again");

	/* a date of birth in the future: named; nothing saved */
	struct case_record *bad = load(c->id), *now = load(c->id);
	bad->person.date_of_birth = D("2030-01-01");
	cr_expect_eq(act_save_person(st, who("asmith"), &pol, now, bad, NULL, NULL, NULL, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Date of birth: 2030-01-01 is in the future; today is 2026-11-22");
	/* act_save itself checks a change of the person too */
	cr_expect_eq(act_save(st, who("asmith"), &pol, now, bad, "save", NULL, &err), CW_ERR_INVALID);
	free(bad);
	free(now);
	free(late);
	free(after);
	free(c);
}

Test(act_person, client_group_changes_only_before_planning, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *c = opened_case("Bo Lind", "7 Orchard Close");
	struct case_record *after = malloc(sizeof *after);
	memcpy(after, c, sizeof *after);
	after->person.group = CLIENT_CARER;
	cr_expect_eq(act_save_person(st, who("asmith"), &pol, c, after, NULL, NULL, NULL, &err), CW_OK, "%s", err.msg);
	memcpy(c, after, sizeof *c);

	/* at support planning: no */
	struct case_record *work = malloc(sizeof *work);
	memcpy(work, c, sizeof *work);
	work->stage = STAGE_PLANNING;
	cr_assert_eq(store_case_save(st, work, "asmith", "test", &err), CW_OK);
	memcpy(after, work, sizeof *after);
	after->person.group = CLIENT_ADULT;
	cr_expect_eq(act_save_person(st, who("asmith"), &pol, work, after, NULL, NULL, NULL, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "Client group: the case is at support planning; the group decides which assessment "
	                          "applies, so it changes only at decision-making or assessment (a review can send the "
	                          "case back to assessment)");
	/* closed: nothing */
	work->stage = STAGE_CLOSED;
	cr_assert_eq(store_case_save(st, work, "asmith", "test", &err), CW_OK);
	memcpy(after, work, sizeof *after);
	cw_strlcpy(after->person.address, "elsewhere", sizeof after->person.address);
	cr_expect_eq(act_save_person(st, who("asmith"), &pol, work, after, NULL, NULL, NULL, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "C-000001 is closed; the record of a closed case stays as it was");
	free(work);
	free(after);
	free(c);
}

/* A person with a carer who lives with them, the carer's own case linked. */
static void linked(struct case_record **person_out, struct case_record **carer_out)
{
	struct cw_error err = {0};
	struct case_record *x = opened_case("Aisha Thomas", "4 Mill Lane");
	cw_strlcpy(x->person.household, "H01", sizeof x->person.household);
	x->stage = STAGE_ASSESSMENT;
	cw_strlcpy(x->assessment.carer_name, "Kofi Thomas", sizeof x->assessment.carer_name);
	x->assessment.carer_date_of_birth = D("1949-02-02");
	x->assessment.carer_lives_with = true;
	cr_assert_eq(store_case_save(st, x, "asmith", "test", &err), CW_OK, "%s", err.msg);
	struct case_record *y = malloc(sizeof *y);
	cr_assert_eq(carer_case_open(st, x, "asmith", D("2026-11-22"), y, &err), CW_OK, "%s", err.msg);
	cr_assert_str_eq(y->person.address, "4 Mill Lane");
	*person_out = load(x->id);
	*carer_out = load(y->id);
	free(x);
	free(y);
}

Test(act_person, the_carer_who_lived_with_them_moves_too_or_not, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *x, *y;
	linked(&x, &y);

	struct case_record *after = malloc(sizeof *after);
	memcpy(after, x, sizeof *after);
	cw_strlcpy(after->person.address, "12 Canal Street", sizeof after->person.address);
	cw_strlcpy(after->person.household, "H02", sizeof after->person.household);

	struct act_move mv;
	cr_assert_eq(act_person_move(st, who("asmith"), x, after, &mv, &err), CW_OK);
	cr_expect(mv.ask_other);
	cr_expect(mv.other_is_carer);
	cr_expect_eq(mv.other_id, y->id);
	cr_expect_str_eq(mv.other_name, "Kofi Thomas");

	/* the question must be answered */
	cr_expect_eq(act_save_person(st, who("asmith"), &pol, x, after, NULL, NULL, NULL, &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "Kofi Thomas (C-000002, the carer) lived with them: do they move too?");

	/* yes: the carer's case takes the new address, in the same save */
	struct act_move_answers yes = {TRI_YES, TRI_UNSET};
	struct act_move done;
	cr_assert_eq(act_save_person(st, who("asmith"), &pol, x, after, &yes, &done, NULL, &err), CW_OK, "%s", err.msg);
	cr_expect(done.did_move_other);
	struct case_record *y2 = load(y->id), *x2 = load(x->id);
	cr_expect_str_eq(y2->person.address, "12 Canal Street");
	cr_expect_str_eq(y2->person.household, "H02");
	cr_expect(x2->assessment.carer_lives_with);
	cr_expect(audited(y->id, "person.address", "4 Mill Lane", "12 Canal Street", "move with C-000001"));

	/* the carer moves out (on the carer's case): no longer living with them */
	struct case_record *yafter = malloc(sizeof *yafter);
	memcpy(yafter, y2, sizeof *yafter);
	cw_strlcpy(yafter->person.address, "3 Chapel Row", sizeof yafter->person.address);
	cw_strlcpy(yafter->person.household, "H03", sizeof yafter->person.household);
	struct act_move_answers no = {TRI_NO, TRI_UNSET};
	cr_assert_eq(act_save_person(st, who("asmith"), &pol, y2, yafter, &no, &done, NULL, &err), CW_OK, "%s", err.msg);
	cr_expect(done.did_set_apart);
	free(x2);
	x2 = load(x->id);
	cr_expect_not(x2->assessment.carer_lives_with, "recorded on the case of the person cared for");
	cr_expect_str_eq(x2->person.address, "12 Canal Street", "who stays, stays");
	cr_expect(audited(x->id, "assessment.carer_lives_with", "true", "", "household of C-000002"));

	/* and back in: living together again, without a question */
	struct case_record *y3 = load(y->id), *back = malloc(sizeof *back);
	memcpy(back, y3, sizeof *back);
	cw_strlcpy(back->person.address, "12 Canal Street", sizeof back->person.address);
	cw_strlcpy(back->person.household, "H02", sizeof back->person.household);
	cr_assert_eq(act_save_person(st, who("asmith"), &pol, y3, back, NULL, &done, NULL, &err), CW_OK, "%s", err.msg);
	cr_expect(done.did_set_together);
	free(x2);
	x2 = load(x->id);
	cr_expect(x2->assessment.carer_lives_with);

	free(back);
	free(y3);
	free(yafter);
	free(y2);
	free(x2);
	free(after);
	free(x);
	free(y);
}

Test(act_person, a_carer_on_the_assessment_without_a_case_yet, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *x = opened_case("Aisha Thomas", "4 Mill Lane");
	x->stage = STAGE_ASSESSMENT;
	cw_strlcpy(x->assessment.carer_name, "Kofi Thomas", sizeof x->assessment.carer_name);
	x->assessment.carer_lives_with = true;
	cr_assert_eq(store_case_save(st, x, "asmith", "test", &err), CW_OK, "%s", err.msg);

	struct case_record *after = malloc(sizeof *after);
	memcpy(after, x, sizeof *after);
	cw_strlcpy(after->person.address, "Flat 9, Mill House", sizeof after->person.address);
	cr_expect_eq(act_save_person(st, who("asmith"), &pol, x, after, NULL, NULL, NULL, &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "Kofi Thomas (the carer, on the assessment) lived with them: do they move too?");
	struct act_move_answers no = {TRI_NO, TRI_UNSET};
	struct act_move done;
	cr_assert_eq(act_save_person(st, who("asmith"), &pol, x, after, &no, &done, NULL, &err), CW_OK, "%s", err.msg);
	cr_expect(done.did_set_apart);
	cr_expect_eq(done.other_id, 0);
	struct case_record *now = load(x->id);
	cr_expect_not(now->assessment.carer_lives_with, "the carer's case, when opened, will not take this address");
	cr_expect_str_eq(now->person.address, "Flat 9, Mill House");
	free(now);
	free(after);
	free(x);
}

Test(act_person, a_refused_linked_save_saves_neither, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *x, *y;
	linked(&x, &y);
	struct case_record *after = malloc(sizeof *after);
	memcpy(after, x, sizeof *after);
	cw_strlcpy(after->person.address, "12 Canal Street", sizeof after->person.address);
	cw_strlcpy(after->person.household, "H02", sizeof after->person.household);
	/* the carer's case went to another team meanwhile: this worker may
	 * not change it, so neither case is saved */
	struct case_record *moved = load(y->id);
	cw_strlcpy(moved->team, "South Team", sizeof moved->team);
	cr_assert_eq(store_case_save(st, moved, "cwright", "reassign", &err), CW_OK);
	struct act_move_answers yes = {TRI_YES, TRI_UNSET};
	cr_expect_eq(act_save_person(st, who("asmith"), &pol, x, after, &yes, NULL, NULL, &err), CW_ERR_DENIED);
	cr_expect(strstr(err.msg, "Not saved: C-000002 (the carer's case) would change too: This case belongs to South "
	                          "Team") == err.msg,
	          "%s", err.msg);
	cr_expect_str_eq(after->person.address, "12 Canal Street", "the input is kept");
	struct case_record *x2 = load(x->id);
	cr_expect_str_eq(x2->person.address, "4 Mill Lane", "neither case saved");
	cr_expect_eq(x2->version, x->version);
	free(x2);
	free(moved);
	free(after);
	free(x);
	free(y);
}

Test(act_person, family_pa_in_the_same_household_after_a_move, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *x = opened_case("Grace Obi", "5 Beech Avenue");
	x->stage = STAGE_PLANNING;
	x->decision.route = ROUTE_DIRECT_PAYMENT;
	struct plan_line *l = &x->plan.lines[x->plan.nlines++];
	l->outcome = 0;
	cw_strlcpy(l->category, "personal_assistant", sizeof l->category);
	cw_strlcpy(l->description, "Her son as PA, mornings", sizeof l->description);
	l->units_per_week = 1000;
	l->rate = 1600;
	l->route = ROUTE_DIRECT_PAYMENT;
	l->family_pa_same_household = true;
	cw_strlcpy(l->exception_reason, "No agency covers the village", sizeof l->exception_reason);
	cw_strlcpy(x->plan.signed_off_by, "cwright", sizeof x->plan.signed_off_by);
	workflow_recalculate(x, &pol, NULL);
	cr_assert_eq(store_case_save(st, x, "asmith", "test", &err), CW_OK, "%s", err.msg);
	struct panel_check pc;
	rules_panel_check(x, &pol, &pc, NULL);
	cr_assert(pc.triggers & TRIGGER_FAMILY_PA);

	struct case_record *after = malloc(sizeof *after);
	memcpy(after, x, sizeof *after);
	cw_strlcpy(after->person.address, "Flat 3, 1 Station Road", sizeof after->person.address);
	cr_expect_eq(act_save_person(st, who("asmith"), &pol, x, after, NULL, NULL, NULL, &err), CW_ERR_INCOMPLETE);
	cr_expect_str_eq(err.msg, "Plan line 1 pays a family member of the same household: do they live with them still?");

	/* still together: the plan stands, and so does its sign-off */
	struct act_move_answers still = {TRI_UNSET, TRI_YES};
	unsigned voided = 0;
	cr_assert_eq(act_save_person(st, who("asmith"), &pol, x, after, &still, NULL, &voided, &err), CW_OK, "%s",
	             err.msg);
	cr_expect_eq(voided, 0u);
	cr_expect(after->plan.lines[0].family_pa_same_household);

	/* moved apart: the line no longer pays a family member of the
	 * household, the panel's check follows, the plan's sign-off goes */
	struct case_record *again = malloc(sizeof *again);
	memcpy(again, after, sizeof *again);
	cw_strlcpy(again->person.address, "2 Willow Walk", sizeof again->person.address);
	struct act_move_answers apart = {TRI_UNSET, TRI_NO};
	struct act_move done;
	cr_assert_eq(act_save_person(st, who("asmith"), &pol, after, again, &apart, &done, &voided, &err), CW_OK, "%s",
	             err.msg);
	cr_expect(done.did_clear_family);
	cr_expect_eq(voided, (unsigned)ACT_VOIDED_PLAN);
	struct case_record *now = load(x->id);
	cr_expect_not(now->plan.lines[0].family_pa_same_household);
	cr_expect_str_empty(now->plan.signed_off_by);
	rules_panel_check(now, &pol, &pc, NULL);
	cr_expect_not(pc.triggers & TRIGGER_FAMILY_PA);
	cr_expect(audited(x->id, "plan.line.00.family_pa_same_household", "true", "", "save person"));
	free(now);
	free(again);
	free(after);
	free(x);
}
