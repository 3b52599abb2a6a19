/* test_money.c - the one money parser and formatter, and the checked
 * arithmetic, against tables of inputs with exact results. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"

struct parse_ok {
	char in[48];
	unsigned flags;
	int64_t pence;
};

static struct parse_ok ok_cases[] = {
	{"0", 0, 0},
	{"12", 0, 1200},
	{"12.5", 0, 1250},
	{"12.50", 0, 1250},
	{"12.05", 0, 1205},
	{".5", 0, 50},
	{"0.01", 0, 1},
	{"1,234.50", 0, 123450},
	{"1,234", 0, 123400},
	{"12,345,678.99", 0, 1234567899},
	{"\xc2\xa3" "12", 0, 1200},
	{"\xc2\xa3" "1,234.56", 0, 123456},
	{"GBP 3", 0, 300},
	{"GBP3.10", 0, 310},
	{"  12  ", 0, 1200},
	{"\t7\t", 0, 700},
	{"-3.00", MONEY_ALLOW_NEGATIVE, -300},
	{"-\xc2\xa3" "3", MONEY_ALLOW_NEGATIVE, -300},
	{"\xc2\xa3-3", MONEY_ALLOW_NEGATIVE, -300},
	{"-0", 0, 0},
	{"10000000000", 0, INT64_C(1000000000000)},
	{"10,000,000,000.00", 0, INT64_C(1000000000000)},
	{"-10000000000", MONEY_ALLOW_NEGATIVE, -INT64_C(1000000000000)},
	{"007", 0, 700},
};

ParameterizedTestParameters(money, parse_accepts)
{
	return cr_make_param_array(struct parse_ok, ok_cases, sizeof ok_cases / sizeof ok_cases[0]);
}

ParameterizedTest(struct parse_ok *t, money, parse_accepts)
{
	int64_t v = -999;
	const char *why = NULL;
	cr_assert(money_parse(t->in, t->flags, &v, &why), "'%s' refused: %s", t->in, why ? why : "");
	cr_expect_eq(v, t->pence, "'%s' gave %lld, expected %lld", t->in, (long long)v, (long long)t->pence);
}

struct parse_bad {
	char in[48];
	unsigned flags;
	char why[96];
};

#define JUNK "is not an amount; use pounds and pence like 12.50"
#define DEC "has more than two decimal places; use pounds and pence like 12.50"
#define COMMA "has a misplaced comma; group thousands in threes like 1,234.50"
#define BIG "is too large; the most allowed is 10,000,000,000.00"
#define NEG "cannot be negative; enter 0.00 or more"
#define EMPTY "is empty; enter an amount in pounds and pence like 12.50"

static struct parse_bad bad_cases[] = {
	{"", 0, EMPTY},
	{"   ", 0, EMPTY},
	{"12.345", 0, DEC},
	{"0.001", 0, DEC},
	{"-1", 0, NEG},
	{"-0.01", 0, NEG},
	{"-\xc2\xa3" "5", 0, NEG},
	{"1,23", 0, COMMA},
	{"1,2345", 0, COMMA},
	{"1234,567", 0, COMMA},
	{",123", 0, COMMA},
	{"0,000.00", 0, COMMA},
	{"000,123", 0, COMMA},
	{"0,123", 0, COMMA},
	{"1,,234", 0, COMMA},
	{"1,234,56", 0, COMMA},
	{"1,23.45", 0, COMMA},
	{"1.234,5", 0, DEC},
	{"10000000000.01", 0, BIG},
	{"99999999999999999999999", 0, BIG},
	{"-10000000000.01", MONEY_ALLOW_NEGATIVE, BIG},
	{"abc", 0, JUNK},
	{"12abc", 0, JUNK},
	{"12 34", 0, JUNK},
	{"12.", 0, JUNK},
	{"1.2.3", 0, JUNK},
	{"$12", 0, JUNK},
	{"+12", 0, JUNK},
	{"\xc2\xa3", 0, JUNK},
	{"\xc2\xa3 12", 0, JUNK},
	{"--1", MONEY_ALLOW_NEGATIVE, JUNK},
	{"-\xc2\xa3-1", MONEY_ALLOW_NEGATIVE, JUNK},
	{"1e3", 0, JUNK},
	{"0x10", 0, JUNK},
	{"12\x1b[2J", 0, JUNK},
	{"\xff\xfe", 0, JUNK},
	{"nan", 0, JUNK},
};

ParameterizedTestParameters(money, parse_refuses)
{
	return cr_make_param_array(struct parse_bad, bad_cases, sizeof bad_cases / sizeof bad_cases[0]);
}

ParameterizedTest(struct parse_bad *t, money, parse_refuses)
{
	int64_t v = 4242;
	const char *why = NULL;
	cr_assert_not(money_parse(t->in, t->flags, &v, &why), "'%s' accepted as %lld", t->in, (long long)v);
	cr_expect_eq(v, 4242, "'%s': output written on failure", t->in);
	cr_assert_not_null(why);
	cr_expect_str_eq(why, t->why, "'%s'", t->in);
}

Test(money, parse_null_is_empty)
{
	int64_t v = 1;
	const char *why = NULL;
	cr_assert_not(money_parse(NULL, 0, &v, &why));
	cr_expect_str_eq(why, EMPTY);
	cr_expect_not(money_parse("x", 0, &v, NULL)); /* why may be NULL */
}

/* Every amount from 0.00 to 20.00, plain and grouped, parses back to itself. */
Test(money, format_parse_round_trip)
{
	char buf[MONEY_BUF];
	int64_t v;
	for (int64_t p = -2000; p <= 2000; p++) {
		for (unsigned f = 0; f < 4; f++) {
			money_format(p, f, buf, sizeof buf);
			cr_assert(money_parse(buf, MONEY_ALLOW_NEGATIVE, &v, NULL), "'%s' did not parse", buf);
			cr_assert_eq(v, p, "'%s' -> %lld", buf, (long long)v);
		}
	}
	for (int64_t p = 1; p <= MONEY_MAX; p = p * 7 + 3) {
		money_format(p, MONEY_GROUP, buf, sizeof buf);
		cr_assert(money_parse(buf, 0, &v, NULL), "'%s' did not parse", buf);
		cr_assert_eq(v, p);
	}
}

struct fmt_case {
	int64_t pence;
	unsigned flags;
	char out[40];
};

static struct fmt_case fmt_cases[] = {
	{0, MONEY_PLAIN, "0.00"},
	{1, MONEY_PLAIN, "0.01"},
	{-1, MONEY_PLAIN, "-0.01"},
	{25200, MONEY_PLAIN, "252.00"},
	{123450, MONEY_PLAIN, "1234.50"},
	{123450, MONEY_GROUP, "1,234.50"},
	{123450, MONEY_SYMBOL, "\xc2\xa3" "1234.50"},
	{123450, MONEY_GROUP | MONEY_SYMBOL, "\xc2\xa3" "1,234.50"},
	{-123450, MONEY_GROUP | MONEY_SYMBOL, "-\xc2\xa3" "1,234.50"},
	{100000, MONEY_GROUP, "1,000.00"},
	{99999, MONEY_GROUP, "999.99"},
	{INT64_C(1000000000000), MONEY_GROUP, "10,000,000,000.00"},
	{INT64_MAX, MONEY_PLAIN, "92233720368547758.07"},
	{INT64_MIN, MONEY_PLAIN, "-92233720368547758.08"},
};

ParameterizedTestParameters(money, format)
{
	return cr_make_param_array(struct fmt_case, fmt_cases, sizeof fmt_cases / sizeof fmt_cases[0]);
}

ParameterizedTest(struct fmt_case *t, money, format)
{
	char buf[MONEY_BUF];
	cr_expect_str_eq(money_format(t->pence, t->flags, buf, sizeof buf), t->out);
}

Test(money, format_truncates_safely)
{
	char buf[6];
	money_format(123456, MONEY_GROUP, buf, sizeof buf);
	cr_expect_eq(strlen(buf), 5);
}

Test(money, quantity)
{
	int64_t q = -1;
	const char *why = NULL;
	char buf[MONEY_BUF];
	cr_assert(quantity_parse("12.5", &q, &why));
	cr_expect_eq(q, 1250);
	cr_assert(quantity_parse(" 7 ", &q, &why));
	cr_expect_eq(q, 700);
	cr_assert(quantity_parse("1,250", &q, &why));
	cr_expect_eq(q, 125000);
	cr_expect_not(quantity_parse("-1", &q, &why));
	cr_expect_str_eq(why, "cannot be negative; enter 0 or more");
	cr_expect_not(quantity_parse("\xc2\xa3" "5", &q, &why));
	cr_expect_str_eq(why, "is not a number; use digits with up to two decimals like 12.5");
	cr_expect_not(quantity_parse("1.255", &q, &why));
	cr_expect_str_eq(why, "has more than two decimal places; use up to two, like 12.25");
	cr_expect_not(quantity_parse("", &q, &why));
	cr_expect_str_eq(why, "is empty; enter a number like 12.5");
	cr_expect_str_eq(quantity_format(1250, buf, sizeof buf), "12.50");
	cr_expect_str_eq(quantity_format(1200, buf, sizeof buf), "12");
	cr_expect_str_eq(quantity_format(5, buf, sizeof buf), "0.05");
	cr_expect_str_eq(quantity_format(0, buf, sizeof buf), "0");
}

struct muldiv_case {
	int64_t pence, num, den;
	bool ok;
	int64_t out;
};

static struct muldiv_case muldiv_cases[] = {
	{1450, 1250, 100, true, 18125},      /* £14.50 x 12.5 hours */
	{1450, 1, 3, true, 483},             /* 483.33 -> 483 */
	{1450, 2, 3, true, 967},             /* 966.67 -> 967 */
	{5, 1, 2, true, 3},                  /* half rounds away from zero */
	{-5, 1, 2, true, -3},
	{5, -1, 2, true, -3},
	{15, 1, 10, true, 2},
	{14, 1, 10, true, 1},
	{-14, 1, 10, true, -1},
	{-15, 1, 10, true, -2},
	{70000, 110, 100, true, 77000},      /* 110% */
	{25200, 52, 1, true, 1310400},       /* weekly -> yearly */
	{1310400, 1, 52, true, 25200},
	{100, 0, 7, true, 0},
	{100, 1, 0, false, 0},
	{INT64_MAX, 2, 1, false, 0},
	{INT64_MIN, -1, 1, false, 0},
	{INT64_C(1000000000000), 1000000, 100, true, INT64_C(10000000000000000)},
};

ParameterizedTestParameters(money, muldiv)
{
	return cr_make_param_array(struct muldiv_case, muldiv_cases,
	                           sizeof muldiv_cases / sizeof muldiv_cases[0]);
}

ParameterizedTest(struct muldiv_case *t, money, muldiv)
{
	int64_t out = 777;
	bool ok = money_muldiv(t->pence, t->num, t->den, &out);
	cr_assert_eq(ok, t->ok, "%lld*%lld/%lld", (long long)t->pence, (long long)t->num, (long long)t->den);
	if (ok)
		cr_expect_eq(out, t->out, "%lld*%lld/%lld = %lld", (long long)t->pence, (long long)t->num,
		             (long long)t->den, (long long)out);
	else
		cr_expect_eq(out, 777);
}

Test(money, add)
{
	int64_t s = 0;
	cr_assert(money_add(100, 250, &s));
	cr_expect_eq(s, 350);
	cr_assert(money_add(-100, 50, &s));
	cr_expect_eq(s, -50);
	cr_assert(money_add(MONEY_MAX - 1, 1, &s));
	cr_expect_eq(s, MONEY_MAX);
	cr_expect_not(money_add(MONEY_MAX, 1, &s));
	cr_expect_not(money_add(-MONEY_MAX, -1, &s));
	cr_expect_not(money_add(INT64_MAX, 1, &s));
	cr_expect_eq(s, MONEY_MAX); /* untouched on failure */
}
