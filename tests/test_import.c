/* test_import.c - CSV import: good files create every case, bad rows are
 * reported by line with what is allowed, and nothing is half-imported. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/import.h"
#include "core/util.h"

static char import_dir[64];
static struct store *import_st;
static struct staff_member import_members[] = {
	{"asmith", "Alice Smith", "North", ROLE_SOCIAL_WORKER},
	{"bjones", "Ben Jones", "South", ROLE_SOCIAL_WORKER},
	{"cpanel", "Carol Panel", "Panel", ROLE_PANEL_MEMBER},
	{"mlead", "Mo Lead", "North", ROLE_TEAM_MANAGER},
	{"slead", "Sam Lead", "South", ROLE_TEAM_MANAGER},
	{"ajones", "Amy Jones", "North", ROLE_SOCIAL_WORKER},
};
static struct staff import_staff = {import_members, 6, "the service desk"};
static const struct staff_member *importer = &import_members[3]; /* North's team manager */

static void import_setup(void)
{
	char path[128];
	struct cw_error err;
	strcpy(import_dir, "/tmp/cw-import-XXXXXX");
	cr_assert_not_null(mkdtemp(import_dir));
	snprintf(path, sizeof path, "%s/t.db", import_dir);
	cr_assert_eq(store_open(path, &import_st, &err), CW_OK, "%s", err.msg);
	setenv("CASEWORK_TODAY", "2026-11-22", 1);
}

static void import_teardown(void)
{
	char cmd[128];
	store_close(&import_st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", import_dir);
	cr_assert_eq(system(cmd), 0);
}

static enum cw_status run_import(const char *csv, struct import_report *rep)
{
	struct cw_error err;
	enum cw_status s;
	FILE *f = fmemopen((void *)csv, strlen(csv), "r");
	cr_assert_not_null(f);
	s = import_csv(import_st, f, "in.csv", &import_staff, importer, rep, &err);
	fclose(f);
	return s;
}

static size_t count_cases(void)
{
	struct caseload cl = {0};
	struct caseload_query q = {.stage = -1};
	struct cw_error err;
	size_t n;
	cr_assert_eq(store_caseload(import_st, &q, &cl, &err), CW_OK, "%s", err.msg);
	n = cl.n;
	caseload_free(&cl);
	return n;
}

static bool has_message(const struct import_report *r, const char *text)
{
	size_t i;
	for (i = 0; i < r->nmessages; i++)
		if (strcmp(r->messages[i], text) == 0)
			return true;
	return false;
}

static void dump(const struct import_report *r)
{
	size_t i;
	for (i = 0; i < r->nmessages; i++)
		fprintf(stderr, "  %s\n", r->messages[i]);
}

TestSuite(import, .init = import_setup, .fini = import_teardown);

Test(import, good_file_creates_every_case)
{
	struct import_report rep;
	struct case_record *c = xmalloc(sizeof *c);
	struct caseload cl = {0};
	struct caseload_query q = {.stage = -1, .sort = SORT_NAME};
	struct note_list notes = {0};
	struct cw_error err;
	const char *csv =
		"\xEF\xBB\xBFname,date_of_birth,address,client_group,worker,team,opened,stage,legacy_ref\r\n"
		"Margaret Okafor,1941-03-02,\"12 Mill Lane, Ashford\",adult,asmith,North,2026-10-01,assessment,LL-88213\r\n"
		"\r\n"
		"\"O'Neill, \"\"Sean\"\"\",1969-11-30,3 Station Road,carer,ajones,,,,\r\n"
		"Zoë Ng,2010-05-31,Flat 2,child,asmith,,,decision,\r\n";

	cr_assert_eq(run_import(csv, &rep), CW_OK);
	dump(&rep);
	cr_assert_eq(rep.rows, 3);
	cr_assert_eq(rep.imported, 3);
	cr_assert_eq(rep.nerrors, 0);

	cr_assert_eq(store_caseload(import_st, &q, &cl, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(cl.n, 3);
	cr_assert_str_eq(cl.rows[0].name, "Margaret Okafor");
	cr_assert_str_eq(cl.rows[1].name, "O'Neill, \"Sean\"");
	cr_assert_str_eq(cl.rows[2].name, "Zoë Ng");

	cr_assert_eq(store_case_load(import_st, cl.rows[0].id, c, &err), CW_OK, "%s", err.msg);
	cr_assert_str_eq(c->person.address, "12 Mill Lane, Ashford");
	cr_assert_eq(c->stage, STAGE_ASSESSMENT);
	cr_assert_str_eq(c->worker, "asmith");
	cr_assert_str_eq(c->team, "North");
	{
		char buf[DATE_BUF];
		cr_assert_str_eq(date_format(c->opened, buf, sizeof buf), "2026-10-01");
		cr_assert_str_eq(date_format(c->person.date_of_birth, buf, sizeof buf), "1941-03-02");
	}
	cr_assert_eq(store_notes(import_st, c->id, &notes, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(notes.n, 1);
	cr_assert_str_eq(notes.items[0].text, "Imported from the previous system (reference LL-88213).");
	note_list_free(&notes);

	cr_assert_eq(store_case_load(import_st, cl.rows[1].id, c, &err), CW_OK, "%s", err.msg);
	cr_assert_eq(c->person.group, CLIENT_CARER);
	cr_assert_str_eq(c->worker, "ajones");
	cr_assert_str_eq(c->team, "North", "team defaults to the worker's team");
	cr_assert_eq(c->stage, STAGE_DECISION);
	{
		char buf[DATE_BUF];
		cr_assert_str_eq(date_format(c->opened, buf, sizeof buf), "2026-11-22",
		                 "opened defaults to today");
	}
	caseload_free(&cl);
	free(c);
	import_report_free(&rep);
}

Test(import, one_bad_row_imports_nothing_and_names_every_problem)
{
	struct import_report rep;
	const char *csv =
		"name,date_of_birth,address,worker,stage,client_group\n"
		"Good Person,1950-01-01,1 Road,asmith,,\n"
		"Bad Date,1985-02-30,2 Road,asmith,,\n"
		"No Worker,1950-01-01,3 Road,jsmith,,\n"
		"Panel Holder,1950-01-01,4 Road,cpanel,,\n"
		"Later Stage,1950-01-01,5 Road,asmith,review,\n"
		"Future,2030-01-01,6 Road,asmith,,\n"
		",1950-01-01,7 Road,asmith,,\n"
		"Group,1950-01-01,8 Road,asmith,,elderly\n"
		"Too,Many,Fields,asmith,,,extra\n"
		"Esc\x1b[2J,1950-01-01,9 Road,asmith,,\n";

	cr_assert_eq(run_import(csv, &rep), CW_ERR_INVALID);
	dump(&rep);
	cr_assert_eq(rep.imported, 0);
	cr_assert_eq(count_cases(), 0, "nothing is half-imported");
	cr_assert_eq(rep.nerrors, 9);
	cr_assert(has_message(&rep, "in.csv:4: worker: \"jsmith\" is not in the staff file; use the login of a social worker or team manager"));
	cr_assert(has_message(&rep, "in.csv:5: worker: cpanel is a Panel member; cases are held by social workers and team managers"));
	cr_assert(has_message(&rep, "in.csv:6: stage: \"review\" cannot be imported; use decision or assessment (later stages need records the old system does not give us)"));
	cr_assert(has_message(&rep, "in.csv:7: date_of_birth: 2030-01-01 is in the future; use a date on or before today"));
	cr_assert(has_message(&rep, "in.csv:8: name: is empty; it is required"));
	cr_assert(has_message(&rep, "in.csv:9: client_group: \"elderly\" is not known; use adult, carer or child"));
	cr_assert(has_message(&rep, "in.csv:10: has 7 fields; the header has 6"));
	cr_assert(has_message(&rep, "in.csv:11: name: contains control characters (tabs, line breaks, escapes); use plain text on one line"));
	{
		/* the date message carries date_parse's reason */
		size_t i;
		bool found = false;
		for (i = 0; i < rep.nmessages; i++)
			if (strncmp(rep.messages[i], "in.csv:3: date_of_birth: \"1985-02-30\" ", 38) == 0)
				found = true;
		cr_assert(found, "line 3's date is reported");
	}
	import_report_free(&rep);
}

Test(import, header_problems_are_reported_with_suggestions)
{
	struct import_report rep;
	const char *csv = "name,dob,adress,worker,worker\nA,1950-01-01,x,asmith,asmith\n";

	cr_assert_eq(run_import(csv, &rep), CW_ERR_INVALID);
	dump(&rep);
	cr_assert(has_message(&rep, "in.csv:1: column 2 \"dob\" is not known; the columns are listed in docs/import.md"));
	cr_assert(has_message(&rep, "in.csv:1: column 3 \"adress\" is not known; did you mean address?"));
	cr_assert(has_message(&rep, "in.csv:1: column worker appears twice (columns 4 and 5); keep one"));
	cr_assert(has_message(&rep, "in.csv:1: the header has no date_of_birth column; it is required"));
	cr_assert(has_message(&rep, "in.csv:1: the header has no address column; it is required"));
	cr_assert_eq(count_cases(), 0);
	import_report_free(&rep);
}

Test(import, quoting_errors_and_line_numbers_across_multiline_fields)
{
	struct import_report rep;
	const char *csv =
		"name,date_of_birth,address,worker\n"
		"A,1950-01-01,\"line one\nline two\",asmith\n" /* starts on line 2, runs to 3 */
		"B\"x,1950-01-01,road,asmith\n"                 /* line 4 */
		"\"C\"x,1950-01-01,road,asmith\n"               /* line 5 */
		"D,1950-01-01,\"never closed,asmith\n";         /* line 6 */

	cr_assert_eq(run_import(csv, &rep), CW_ERR_INVALID);
	dump(&rep);
	cr_assert(has_message(&rep, "in.csv:2: address: contains control characters (tabs, line breaks, escapes); use plain text on one line"));
	cr_assert(has_message(&rep, "in.csv:4: field 1 has a double quote inside an unquoted field; quote the field and double the quote (\"\")"));
	cr_assert(has_message(&rep, "in.csv:5: field 1 has text after its closing quote; quote the whole field"));
	cr_assert(has_message(&rep, "in.csv:6: a quoted field opened here is never closed; end it with a double quote"));
	cr_assert_eq(count_cases(), 0);
	import_report_free(&rep);
}

Test(import, empty_and_header_only_files)
{
	struct import_report rep;
	cr_assert_eq(run_import("", &rep), CW_ERR_INVALID);
	cr_assert(has_message(&rep, "in.csv: the file is empty; it needs a header row (see docs/import.md)"));
	import_report_free(&rep);
	cr_assert_eq(run_import("name,date_of_birth,address,worker\n", &rep), CW_ERR_INVALID);
	cr_assert(has_message(&rep, "in.csv: has a header but no rows; nothing to import"));
	import_report_free(&rep);
}

Test(import, store_failure_mid_import_rolls_everything_back)
{
	struct import_report rep;
	const char *csv =
		"name,date_of_birth,address,worker\n"
		"A,1950-01-01,1 Road,asmith\n"
		"B,1950-01-01,2 Road,asmith\n"
		"C,1950-01-01,3 Road,asmith\n";

	store_fail_after(import_st, 5);
	cr_assert_eq(run_import(csv, &rep), CW_ERR_DB);
	cr_assert_eq(rep.imported, 0);
	store_fail_after(import_st, 0);
	cr_assert_eq(count_cases(), 0, "a failed batch leaves no cases behind");
	import_report_free(&rep);
}

/* The person as a case opened by hand is checked; a team manager
 * allocates within their own team; no one twice in the file or with an
 * open case already (a file imported twice imports nothing the second
 * time). */
Test(import, person_access_and_duplicates)
{
	struct import_report rep;
	const char *bad =
		"name,date_of_birth,address,worker,client_group,opened\n"
		"Young Adult,2010-01-01,1 Road,asmith,adult,\n"                /* 16 */
		"Grown Child,1990-01-01,2 Road,asmith,child,\n"
		"Before Birth,1990-01-01,3 Road,asmith,,1989-12-31\n"
		"Other Team,1950-01-01,4 Road,bjones,,\n"
		"Ann Twice,1950-01-01,5 Road,asmith,,\n"
		"ann  twice,1950-01-01,6 Road,ajones,,\n"                       /* the same name as person_same_name reads it */
		"Ann Twice,1951-01-01,7 Road,asmith,,\n";                       /* born another day: someone else */

	cr_assert_eq(run_import(bad, &rep), CW_ERR_INVALID);
	dump(&rep);
	cr_expect_eq(rep.nerrors, 5);
	cr_expect(has_message(&rep, "in.csv:2: client_group: Adult is for people of 18 or over; the person was 16 when "
	                            "referred (2026-11-22): choose Child or young person"));
	cr_expect(has_message(&rep, "in.csv:3: client_group: Child or young person is for people under 18; the person "
	                            "was 36 when referred (2026-11-22): choose Adult or Carer"));
	cr_expect(has_message(&rep, "in.csv:4: opened: 1989-12-31 is before the date of birth, 1990-01-01; check both"));
	cr_expect(has_message(&rep, "in.csv:5: worker: bjones is in South; you allocate cases in North only (a team "
	                            "manager of South imports that team's cases)"));
	cr_expect(has_message(&rep, "in.csv:7: ann  twice, born 1950-01-01, is on line 6 too; one row per person"));
	cr_expect_eq(count_cases(), 0);
	import_report_free(&rep);

	const char *good = "name,date_of_birth,address,worker\n"
	                   "Ann Twice,1950-01-01,5 Road,asmith\n"
	                   "Bob New,1960-02-02,8 Road,ajones\n";
	cr_assert_eq(run_import(good, &rep), CW_OK);
	cr_expect_eq(count_cases(), 2);
	import_report_free(&rep);
	cr_assert_eq(run_import(good, &rep), CW_ERR_INVALID, "the same file again");
	dump(&rep);
	cr_expect(has_message(&rep, "in.csv:2: Ann Twice, born 1950-01-01, has an open case already (C-000001); leave "
	                            "the row out (imported before?)"));
	cr_expect(has_message(&rep, "in.csv:3: Bob New, born 1960-02-02, has an open case already (C-000002); leave the "
	                            "row out (imported before?)"));
	cr_expect_eq(count_cases(), 2, "nothing more");
	import_report_free(&rep);

	/* a social worker does not import (allocating is a manager's) */
	importer = &import_members[0];
	cr_expect_eq(run_import(good, &rep), CW_ERR_DENIED);
	cr_expect_eq(count_cases(), 2);
	import_report_free(&rep);
	importer = &import_members[3];
}
