/* money.c - int64_t pence: the one parser, the one formatter, and
 * checked arithmetic. No floating point anywhere. */
#include "core/money.h"

#include <stdio.h>
#include <string.h>

#define WHY_EMPTY "is empty; enter an amount in pounds and pence like 12.50"
#define WHY_JUNK "is not an amount; use pounds and pence like 12.50"
#define WHY_NEG "cannot be negative; enter 0.00 or more"
#define WHY_DECIMALS "has more than two decimal places; use pounds and pence like 12.50"
#define WHY_COMMA "has a misplaced comma; group thousands in threes like 1,234.50"
#define WHY_BIG "is too large; the most allowed is 10,000,000,000.00"

#define QWHY_EMPTY "is empty; enter a number like 12.5"
#define QWHY_JUNK "is not a number; use digits with up to two decimals like 12.5"
#define QWHY_NEG "cannot be negative; enter 0 or more"
#define QWHY_DECIMALS "has more than two decimal places; use up to two, like 12.25"
#define QWHY_COMMA "has a misplaced comma; group thousands in threes like 1,250"
#define QWHY_BIG "is too large; the most allowed is 10,000,000,000"

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

struct msgs {
	const char *empty, *junk, *decimals, *comma, *big;
};

/* Digits with optional thousands commas and up to two decimals, then
 * only spaces. Writes hundredths to *out. */
static bool parse_number(const char *s, int64_t *out, const char **why, const struct msgs *m)
{
	int64_t v = 0;
	int lead = 0;      /* digits before the first comma */
	int group = -1;    /* digits in the current comma group; -1 before any comma */
	int decimals = -1; /* digits after the point; -1 before any point */
	bool any = false;

	for (; *s && *s != ' ' && *s != '\t'; s++) {
		char ch = *s;
		if (ch >= '0' && ch <= '9') {
			if (decimals >= 2) {
				*why = m->decimals;
				return false;
			}
			if (v > MONEY_MAX) { /* keep going only to report decimals first */
				*why = m->big;
				return false;
			}
			v = v * 10 + (ch - '0');
			any = true;
			if (decimals >= 0)
				decimals++;
			else if (group >= 0) {
				if (++group > 3) {
					*why = m->comma;
					return false;
				}
			} else
				lead++;
		} else if (ch == ',') {
			/* grouped thousands start with a digit that counts:
			 * "0,000.00" and "000,123" are not how anyone writes money */
			if (decimals >= 0 || lead == 0 || lead > 3 || (group >= 0 && group != 3) || (group < 0 && v == 0)) {
				*why = m->comma;
				return false;
			}
			group = 0;
		} else if (ch == '.') {
			if (decimals >= 0) {
				*why = m->junk;
				return false;
			}
			if (group >= 0 && group != 3) {
				*why = m->comma;
				return false;
			}
			decimals = 0;
		} else {
			*why = m->junk;
			return false;
		}
	}
	s = skip_spaces(s);
	if (*s != '\0' || !any) {
		*why = m->junk;
		return false;
	}
	if (group >= 0 && group != 3) {
		*why = m->comma;
		return false;
	}
	if (decimals == 0) { /* "12." */
		*why = m->junk;
		return false;
	}
	if (decimals < 0)
		decimals = 0;
	for (; decimals < 2; decimals++) {
		if (v > MONEY_MAX) {
			*why = m->big;
			return false;
		}
		v *= 10;
	}
	if (v > MONEY_MAX) {
		*why = m->big;
		return false;
	}
	*out = v;
	return true;
}

bool money_parse(const char *s, unsigned flags, int64_t *out, const char **why)
{
	static const struct msgs m = {WHY_EMPTY, WHY_JUNK, WHY_DECIMALS, WHY_COMMA, WHY_BIG};
	const char *dummy;
	bool neg = false;
	int64_t v;

	if (!why)
		why = &dummy;
	if (!s) {
		*why = WHY_EMPTY;
		return false;
	}
	s = skip_spaces(s);
	if (*s == '\0') {
		*why = WHY_EMPTY;
		return false;
	}
	if (*s == '-') {
		neg = true;
		s++;
	}
	if (strncmp(s, "\xc2\xa3", 2) == 0) { /* £ */
		s += 2;
	} else if (strncmp(s, "GBP", 3) == 0) {
		s = skip_spaces(s + 3);
	}
	if (*s == '-') { /* "£-3" */
		if (neg) {
			*why = WHY_JUNK;
			return false;
		}
		neg = true;
		s++;
	}
	if (*s == ' ' || *s == '\t' || *s == '+') {
		*why = WHY_JUNK;
		return false;
	}
	if (!parse_number(s, &v, why, &m))
		return false;
	if (neg && v != 0 && !(flags & MONEY_ALLOW_NEGATIVE)) {
		*why = WHY_NEG;
		return false;
	}
	*out = neg ? -v : v;
	return true;
}

bool quantity_parse(const char *s, int64_t *hundredths, const char **why)
{
	static const struct msgs m = {QWHY_EMPTY, QWHY_JUNK, QWHY_DECIMALS, QWHY_COMMA, QWHY_BIG};
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!s) {
		*why = QWHY_EMPTY;
		return false;
	}
	s = skip_spaces(s);
	if (*s == '\0') {
		*why = QWHY_EMPTY;
		return false;
	}
	if (*s == '-') {
		*why = QWHY_NEG;
		return false;
	}
	return parse_number(s, hundredths, why, &m);
}

/* Writes the whole-pounds part of an unsigned magnitude, grouped or not. */
static void write_whole(uint64_t whole, bool group, char *out, size_t outsize)
{
	char digits[24];
	size_t n, i, j = 0;

	snprintf(digits, sizeof digits, "%llu", (unsigned long long)whole);
	n = strlen(digits);
	for (i = 0; i < n && j + 2 < outsize; i++) {
		if (group && i > 0 && (n - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	out[j] = '\0';
}

char *money_format(int64_t pence, unsigned flags, char *buf, size_t bufsize)
{
	char whole[40];
	uint64_t mag = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;

	if (!buf || bufsize == 0)
		return buf;
	write_whole(mag / 100, (flags & MONEY_GROUP) != 0, whole, sizeof whole);
	snprintf(buf, bufsize, "%s%s%s.%02u", pence < 0 ? "-" : "",
	         (flags & MONEY_SYMBOL) ? "\xc2\xa3" : "", whole, (unsigned)(mag % 100));
	return buf;
}

char *quantity_format(int64_t hundredths, char *buf, size_t bufsize)
{
	char whole[40];
	uint64_t mag = hundredths < 0 ? (uint64_t)0 - (uint64_t)hundredths : (uint64_t)hundredths;
	unsigned frac = (unsigned)(mag % 100);

	if (!buf || bufsize == 0)
		return buf;
	write_whole(mag / 100, false, whole, sizeof whole);
	if (frac == 0)
		snprintf(buf, bufsize, "%s%s", hundredths < 0 ? "-" : "", whole);
	else
		snprintf(buf, bufsize, "%s%s.%02u", hundredths < 0 ? "-" : "", whole, frac);
	return buf;
}

bool money_muldiv(int64_t pence, int64_t num, int64_t den, int64_t *out)
{
	int64_t prod, q, r;
	bool negative;

	if (den == 0)
		return false;
	if (__builtin_mul_overflow(pence, num, &prod))
		return false;
	if (den == -1 && prod == INT64_MIN)
		return false;
	q = prod / den;
	r = prod % den;
	negative = (prod < 0) != (den < 0);
	if (r != 0) {
		/* |r| * 2 >= |den| rounds away from zero; compare without overflow */
		uint64_t ar = r < 0 ? (uint64_t)0 - (uint64_t)r : (uint64_t)r;
		uint64_t ad = den < 0 ? (uint64_t)0 - (uint64_t)den : (uint64_t)den;
		if (ar >= ad - ar)
			q += negative ? -1 : 1;
	}
	*out = q;
	return true;
}

bool money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t s;

	if (__builtin_add_overflow(a, b, &s))
		return false;
	if (s > MONEY_MAX || s < -MONEY_MAX)
		return false;
	*out = s;
	return true;
}
