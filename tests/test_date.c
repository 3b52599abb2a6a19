/* test_date.c - the one date type: parsing, formatting, calendar
 * arithmetic, month ends and leap years. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

static struct date D(const char *s)
{
	struct date d = DATE_NONE;
	const char *why = NULL;
	cr_assert(date_parse(s, &d, &why), "'%s': %s", s, why ? why : "");
	return d;
}

static const char *F(struct date d, char *buf)
{
	return date_format(d, buf, DATE_BUF);
}

Test(date, epoch_and_known_days)
{
	cr_expect_eq(D("1970-01-01").days, 0);
	cr_expect_eq(D("1970-01-02").days, 1);
	cr_expect_eq(D("1969-12-31").days, -1);
	cr_expect_eq(D("2000-03-01").days, 11017);
	cr_expect_eq(D("2026-11-22").days, 20779);
	cr_expect_eq(D("1900-01-01").days, -25567);
	cr_expect_eq(D("2199-12-31").days, 84005);
}

/* Every day from 1900-01-01 to 2199-12-31: ymd and text round trips,
 * consecutive, and the calendar's own counts. */
Test(date, every_day_round_trips)
{
	char buf[DATE_BUF], want[32];
	struct date d = D("1900-01-01"), back;
	long count = 0;
	for (int y = DATE_YEAR_MIN; y <= DATE_YEAR_MAX; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int day = 1; day <= date_days_in_month(y, m); day++) {
				int yy, mm, dd;
				cr_assert(date_from_ymd(y, m, day, &back));
				cr_assert_eq(back.days, d.days, "%04d-%02d-%02d", y, m, day);
				date_ymd(d, &yy, &mm, &dd);
				cr_assert(yy == y && mm == m && dd == day, "%d -> %d-%d-%d", d.days, yy, mm, dd);
				snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, day);
				cr_assert_str_eq(F(d, buf), want);
				cr_assert(date_parse(want, &back, NULL));
				cr_assert_eq(back.days, d.days);
				d = date_add_days(d, 1);
				count++;
			}
		}
	}
	/* 300 years, 73 leap years (1900 and 2100 are not leap years, 2000 is) */
	cr_expect_eq(count, 300L * 365 + 73);
}

Test(date, leap_years)
{
	cr_expect(date_is_leap_year(2024));
	cr_expect(date_is_leap_year(2000));
	cr_expect_not(date_is_leap_year(1900));
	cr_expect_not(date_is_leap_year(2100));
	cr_expect_not(date_is_leap_year(2025));
	cr_expect_eq(date_days_in_month(2024, 2), 29);
	cr_expect_eq(date_days_in_month(2025, 2), 28);
	cr_expect_eq(date_days_in_month(2000, 2), 29);
	cr_expect_eq(date_days_in_month(1900, 2), 28);
	cr_expect_eq(date_days_in_month(2025, 4), 30);
	cr_expect_eq(date_days_in_month(2025, 12), 31);
	cr_expect_eq(date_days_in_month(2025, 13), 0);
}

struct bad_date {
	char in[48];
	char why[96];
};

#define NOTDATE "is not a date; enter it as YYYY-MM-DD, like 2026-03-31"

static struct bad_date bad_dates[] = {
	{"", "is empty; enter a date as YYYY-MM-DD, like 2026-03-31"},
	{"  ", "is empty; enter a date as YYYY-MM-DD, like 2026-03-31"},
	{"2025-02-31", "there is no 31 February 2025; February 2025 has 28 days"},
	{"2025-02-29", "there is no 29 February 2025; February 2025 has 28 days"},
	{"2100-02-29", "there is no 29 February 2100; February 2100 has 28 days"},
	{"2025-04-31", "there is no 31 April 2025; April 2025 has 30 days"},
	{"2025-01-32", "there is no 32 January 2025; January 2025 has 31 days"},
	{"2025-01-00", "has day 00; days start at 01 (YYYY-MM-DD)"},
	{"2025-13-01", "has no such month; months run from 01 to 12 (YYYY-MM-DD)"},
	{"2025-00-10", "has no such month; months run from 01 to 12 (YYYY-MM-DD)"},
	{"1899-12-31", "has a year outside 1900 to 2199; enter it as YYYY-MM-DD"},
	{"2200-01-01", "has a year outside 1900 to 2199; enter it as YYYY-MM-DD"},
	{"25-01-01", NOTDATE},
	{"2025-1-1", NOTDATE},
	{"2025/01/01", NOTDATE},
	{"01/02/2025", NOTDATE},
	{"2025-01-01T00:00", NOTDATE},
	{"2025-01-0a", NOTDATE},
	{"+025-01-01", NOTDATE},
	{"2025-01-01\x1b", NOTDATE},
	{"tomorrow", NOTDATE},
	{"20250101", NOTDATE},
	{"\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x95", NOTDATE},
};

ParameterizedTestParameters(date, parse_refuses)
{
	return cr_make_param_array(struct bad_date, bad_dates, sizeof bad_dates / sizeof bad_dates[0]);
}

ParameterizedTest(struct bad_date *t, date, parse_refuses)
{
	struct date d = {42};
	const char *why = NULL;
	cr_assert_not(date_parse(t->in, &d, &why), "'%s' accepted", t->in);
	cr_expect_eq(d.days, 42, "output written on failure");
	cr_expect_str_eq(why, t->why, "'%s'", t->in);
}

Test(date, parse_trims_spaces_and_accepts_leap_day)
{
	char buf[DATE_BUF];
	cr_expect_str_eq(F(D(" 2024-02-29 "), buf), "2024-02-29");
	cr_expect_str_eq(F(D("2000-02-29"), buf), "2000-02-29");
}

Test(date, from_ymd_refuses)
{
	struct date d = {7};
	cr_expect_not(date_from_ymd(2025, 2, 29, &d));
	cr_expect_not(date_from_ymd(2025, 0, 1, &d));
	cr_expect_not(date_from_ymd(1899, 1, 1, &d));
	cr_expect_not(date_from_ymd(2025, 6, 31, &d));
	cr_expect_eq(d.days, 7);
}

struct months_case {
	char from[12];
	int months;
	char to[12];
};

static struct months_case months_cases[] = {
	{"2025-01-31", 1, "2025-02-28"},
	{"2024-01-31", 1, "2024-02-29"},
	{"2024-02-29", 12, "2025-02-28"},
	{"2024-02-29", 48, "2028-02-29"},
	{"2025-03-31", 1, "2025-04-30"},
	{"2025-03-31", -1, "2025-02-28"},
	{"2025-03-30", -1, "2025-02-28"},
	{"2025-05-31", -3, "2025-02-28"},
	{"2025-08-31", 6, "2026-02-28"},
	{"2025-12-15", 1, "2026-01-15"},
	{"2026-01-15", -1, "2025-12-15"},
	{"2025-10-31", 3, "2026-01-31"},
	{"2025-06-30", 12, "2026-06-30"},
	{"2025-06-15", 0, "2025-06-15"},
	{"2025-01-01", -25, "2022-12-01"},
	{"1999-12-31", 2, "2000-02-29"},
	{"2099-12-31", 2, "2100-02-28"},
};

ParameterizedTestParameters(date, add_months)
{
	return cr_make_param_array(struct months_case, months_cases,
	                           sizeof months_cases / sizeof months_cases[0]);
}

ParameterizedTest(struct months_case *t, date, add_months)
{
	char buf[DATE_BUF];
	cr_expect_str_eq(F(date_add_months(D(t->from), t->months), buf), t->to, "%s %+d months", t->from,
	                 t->months);
}

Test(date, add_days_and_diff)
{
	char buf[DATE_BUF];
	cr_expect_str_eq(F(date_add_days(D("2024-02-28"), 1), buf), "2024-02-29");
	cr_expect_str_eq(F(date_add_days(D("2025-02-28"), 1), buf), "2025-03-01");
	cr_expect_str_eq(F(date_add_days(D("2025-12-31"), 1), buf), "2026-01-01");
	cr_expect_str_eq(F(date_add_days(D("2026-01-01"), -1), buf), "2025-12-31");
	cr_expect_str_eq(F(date_add_days(D("2026-11-22"), 8 * 7), buf), "2027-01-17");
	cr_expect_eq(date_diff_days(D("2026-11-22"), D("2026-11-01")), 21);
	cr_expect_eq(date_diff_days(D("2025-01-01"), D("2024-01-01")), 366);
	cr_expect_eq(date_diff_days(D("2026-01-01"), D("2025-01-01")), 365);
	cr_expect_eq(date_add_days(DATE_NONE, 5).days, DATE_NONE_DAYS);
	cr_expect_eq(date_add_months(DATE_NONE, 5).days, DATE_NONE_DAYS);
}

/* Huge counts saturate instead of overflowing (UBSan would stop the
 * suite), and the result is never mistaken for "no date". */
Test(date, add_huge_counts_saturate)
{
	/* at the last and first dates casework reads back: what it computes
	 * (a review due after a start in 2199) is always a date it can load */
	struct date far = date_add_days(D("2026-01-01"), INT32_MAX);
	struct date back = date_add_days(D("2026-01-01"), INT32_MIN);
	cr_expect_eq(date_compare(far, D("2199-12-31")), 0);
	cr_expect_eq(date_compare(back, D("1900-01-01")), 0);
	cr_expect_eq(date_compare(date_add_days(back, INT32_MIN), D("1900-01-01")), 0);
	cr_expect_eq(date_compare(date_add_months(D("2026-01-31"), INT32_MAX), D("2199-12-31")), 0);
	cr_expect_eq(date_compare(date_add_months(D("2026-01-31"), INT32_MIN), D("1900-01-01")), 0);
	cr_expect_eq(date_compare(date_add_months(D("2199-12-31"), 1), D("2199-12-31")), 0);
	cr_expect_eq(date_compare(date_add_days(D("2199-12-31"), 1), D("2199-12-31")), 0);
	cr_expect_eq(date_compare(date_add_months(D("2199-11-30"), 1), D("2199-12-30")), 0, "inside: as ever");
	char buf[DATE_BUF];
	struct date back_in;
	cr_expect(date_parse(date_format(date_add_days(D("2199-12-01"), 400), buf, sizeof buf), &back_in, NULL));
}

Test(date, compare_none_sorts_last)
{
	cr_expect_lt(date_compare(D("2025-01-01"), D("2025-01-02")), 0);
	cr_expect_gt(date_compare(D("2025-01-02"), D("2025-01-01")), 0);
	cr_expect_eq(date_compare(D("2025-01-02"), D("2025-01-02")), 0);
	cr_expect_lt(date_compare(D("2199-12-31"), DATE_NONE), 0);
	cr_expect_gt(date_compare(DATE_NONE, D("1900-01-01")), 0);
	cr_expect_eq(date_compare(DATE_NONE, DATE_NONE), 0);
}

Test(date, format_none_is_empty)
{
	char buf[DATE_BUF] = "xxxx";
	cr_expect_str_eq(date_format(DATE_NONE, buf, sizeof buf), "");
	cr_expect_not(date_is_set(DATE_NONE));
}

Test(date, age)
{
	cr_expect_eq(date_age_years(D("1950-06-15"), D("2026-06-14")), 75);
	cr_expect_eq(date_age_years(D("1950-06-15"), D("2026-06-15")), 76);
	cr_expect_eq(date_age_years(D("2008-02-29"), D("2026-02-28")), 17);
	cr_expect_eq(date_age_years(D("2008-02-29"), D("2026-03-01")), 18);
	cr_expect_eq(date_age_years(D("2026-11-22"), D("2026-11-22")), 0);
}

Test(date, today_pinned_by_environment)
{
	char buf[DATE_BUF];
	setenv("CASEWORK_TODAY", "2026-11-22", 1);
	cr_expect_str_eq(F(date_today(), buf), "2026-11-22");
	setenv("CASEWORK_TODAY", "2024-02-29", 1);
	cr_expect_str_eq(F(date_today(), buf), "2024-02-29");
	setenv("CASEWORK_TODAY", "not a date", 1);
	cr_expect(date_is_set(date_today())); /* falls back to the real clock */
	unsetenv("CASEWORK_TODAY");
	cr_expect(date_is_set(date_today()));
}
