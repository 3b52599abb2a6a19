/* money_fallback.c - TEMPORARY weak stand-ins for money_parse and
 * money_format until core/money.c lands on main (worktree `basics`).
 * The real, strong definitions replace these at link time; delete this
 * file once core/money.c is on main. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"

__attribute__((weak)) bool money_parse(const char *s, unsigned flags, int64_t *out, const char **why)
{
	int64_t v = 0;
	int dec = -1, group = -1; /* digits since the last comma, -1 if none */
	bool any = false, neg = false;
	size_t lead = 0; /* digits before the first comma */

	while (*s == ' ')
		s++;
	if (*s == '-' && (flags & MONEY_ALLOW_NEGATIVE)) {
		neg = true;
		s++;
	}
	if (strncmp(s, "\xc2\xa3", 2) == 0)
		s += 2;
	for (; *s && *s != ' '; s++) {
		if (isdigit((unsigned char)*s)) {
			if (dec >= 2) {
				*why = "has more than two decimal places; use pounds and pence like 12.50";
				return false;
			}
			v = v * 10 + (*s - '0');
			any = true;
			if (dec >= 0)
				dec++;
			else if (group >= 0)
				group++;
			else
				lead++;
			if (v > MONEY_MAX) {
				*why = "is too large";
				return false;
			}
		} else if (*s == '.' && dec < 0 && (group < 0 || group == 3)) {
			dec = 0;
		} else if (*s == ',' && dec < 0 && lead >= 1 && lead <= 3 && (group < 0 || group == 3)) {
			group = 0; /* "1,234": groups of exactly three */
		} else {
			*why = "is not an amount; use pounds and pence like 12.50";
			return false;
		}
	}
	while (*s == ' ')
		s++;
	if (*s || !any || (dec < 0 && group >= 0 && group != 3)) {
		*why = "is not an amount; use pounds and pence like 12.50";
		return false;
	}
	for (dec = dec < 0 ? 0 : dec; dec < 2; dec++)
		v *= 10;
	if (v > MONEY_MAX) {
		*why = "is too large";
		return false;
	}
	*out = neg ? -v : v;
	return true;
}

__attribute__((weak)) char *money_format(int64_t pence, unsigned flags, char *buf, size_t bufsize)
{
	char digits[32], grouped[48];
	int64_t p = pence < 0 ? -pence : pence;
	size_t n, i, j = 0;

	snprintf(digits, sizeof digits, "%lld", (long long)(p / 100));
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if ((flags & MONEY_GROUP) && i && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(buf, bufsize, "%s%s%s.%02lld", pence < 0 ? "-" : "", (flags & MONEY_SYMBOL) ? "\xc2\xa3" : "",
	         grouped, (long long)(p % 100));
	return buf;
}
