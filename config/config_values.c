/* config_values.c - typed, range-checked reads of YAML tree nodes. */
#include "config/config_values.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/util.h"

const char *cfg_name(char *buf, size_t bufsize, const char *sect, const char *key)
{
	if (!sect || !*sect)
		snprintf(buf, bufsize, "%s", key);
	else
		snprintf(buf, bufsize, "%s.%s", sect, key);
	return buf;
}

struct ynode *cfg_field(struct config_ctx *c, struct ynode *map, const char *sect, const char *key,
                        bool required, const char *expected)
{
	struct ynode *n;
	char name[CFG_NAME_MAX];

	if (!map)
		return NULL;
	n = ytree_get(map, key);
	if (!n && required)
		config_error(c, map->line, map->col, "%s is missing; expected %s",
		             cfg_name(name, sizeof name, sect, key), expected);
	return n;
}

static bool is_null(const struct ynode *n)
{
	return n->type == YNODE_SCALAR && n->plain &&
	       (n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
	        strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0);
}

bool cfg_map(struct config_ctx *c, const struct ynode *n, const char *what, const char *expected)
{
	if (!n || n->bad)
		return false;
	if (n->type == YNODE_MAP)
		return true;
	config_error(c, n->line, n->col, "%s is %s; expected %s", what, ytree_describe(n), expected);
	return false;
}

bool cfg_seq(struct config_ctx *c, const struct ynode *n, const char *what, const char *expected)
{
	if (!n || n->bad)
		return false;
	if (n->type == YNODE_SEQ)
		return true;
	config_error(c, n->line, n->col, "%s is %s; expected %s", what, ytree_describe(n), expected);
	return false;
}

static bool want_scalar(struct config_ctx *c, const struct ynode *n, const char *what, const char *expected)
{
	if (!n || n->bad)
		return false;
	if (n->type != YNODE_SCALAR) {
		config_error(c, n->line, n->col, "%s is %s; expected %s", what, ytree_describe(n), expected);
		return false;
	}
	if (is_null(n)) {
		config_error(c, n->line, n->col, "%s is empty; expected %s", what, expected);
		return false;
	}
	return true;
}

bool cfg_text(struct config_ctx *c, const struct ynode *n, const char *what, char *dst, size_t dstsize)
{
	char expected[96];
	char *copy;
	bool ok = true;

	snprintf(expected, sizeof expected, "text of 1 to %zu characters", dstsize - 1);
	if (!want_scalar(c, n, what, expected))
		return false;
	if (!cw_utf8_valid(n->value)) {
		config_error(c, n->line, n->col, "%s is not valid UTF-8; expected plain text", what);
		return false;
	}
	if (cw_has_controls(n->value, NULL)) {
		config_error(c, n->line, n->col, "%s contains control characters; expected plain text on one line",
		             what);
		return false;
	}
	copy = xstrdup(n->value);
	cw_trim(copy);
	if (!*copy) {
		config_error(c, n->line, n->col, "%s is empty; expected %s", what, expected);
		ok = false;
	} else if (strlen(copy) >= dstsize) {
		config_error(c, n->line, n->col, "%s is too long (%zu bytes); expected at most %zu", what,
		             strlen(copy), dstsize - 1);
		ok = false;
	} else {
		cw_strlcpy(dst, copy, dstsize);
	}
	free(copy);
	return ok;
}

bool cfg_int(struct config_ctx *c, const struct ynode *n, const char *what, long min, long max, int *out)
{
	char expected[96], shown[96];
	const char *s;
	long v = 0;
	bool neg = false, big = false;

	snprintf(expected, sizeof expected, "a whole number from %ld to %ld", min, max);
	if (!want_scalar(c, n, what, expected))
		return false;
	s = n->value;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (!*s || strspn(s, "0123456789") != strlen(s)) {
		config_error(c, n->line, n->col, "%s is not a whole number ('%s'); expected %s", what,
		             ytree_show(n->value, shown, sizeof shown), expected);
		return false;
	}
	if (!n->plain) {
		config_error(c, n->line, n->col, "%s is quoted text ('%s'); expected %s without quotes", what,
		             ytree_show(n->value, shown, sizeof shown), expected);
		return false;
	}
	/* 010 is 10 to some YAML readers and 8 (octal) to others. */
	if (s[0] == '0' && s[1]) {
		config_error(c, n->line, n->col, "%s has a leading zero ('%s'), which some YAML readers take as octal; "
		             "expected %s without leading zeros", what, ytree_show(n->value, shown, sizeof shown), expected);
		return false;
	}
	for (; *s; s++) {
		if (v > 100000000) {
			big = true;
			break;
		}
		v = v * 10 + (*s - '0');
	}
	if (neg)
		v = -v;
	if (big || v < min || v > max) {
		config_error(c, n->line, n->col, "%s is %s, out of range; expected %s", what,
		             ytree_show(n->value, shown, sizeof shown), expected);
		return false;
	}
	*out = (int)v;
	return true;
}

bool cfg_bool(struct config_ctx *c, const struct ynode *n, const char *what, bool *out)
{
	char shown[96];

	if (!want_scalar(c, n, what, "true or false"))
		return false;
	if (n->plain && strcmp(n->value, "true") == 0) {
		*out = true;
		return true;
	}
	if (n->plain && strcmp(n->value, "false") == 0) {
		*out = false;
		return true;
	}
	config_error(c, n->line, n->col, "%s is '%s'; expected true or false%s", what,
	             ytree_show(n->value, shown, sizeof shown), n->plain ? "" : " without quotes");
	return false;
}

char *cfg_pounds(int64_t pence, char *buf, size_t bufsize)
{
	return money_format(pence, MONEY_GROUP, buf, bufsize);
}

bool cfg_money(struct config_ctx *c, const struct ynode *n, const char *what, int64_t max, int64_t *out)
{
	char expected[128], shown[96], maxbuf[MONEY_BUF], valbuf[MONEY_BUF];
	const char *s, *dot, *why = NULL;
	int64_t v;
	size_t decimals;

	snprintf(expected, sizeof expected, "an amount in pounds from 0.00 to %s",
	         cfg_pounds(max, maxbuf, sizeof maxbuf));
	if (!want_scalar(c, n, what, expected))
		return false;
	ytree_show(n->value, shown, sizeof shown);
	s = n->value;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-') {
		config_error(c, n->line, n->col, "%s is negative (%s); expected %s", what, shown, expected);
		return false;
	}
	dot = strchr(s, '.');
	decimals = dot ? strspn(dot + 1, "0123456789") : 0;
	if (decimals > 2) {
		config_error(c, n->line, n->col,
		             "%s has more than two decimal places (%s); expected pounds and pence like 12.50", what,
		             shown);
		return false;
	}
	if (!money_parse(n->value, MONEY_NONNEG, &v, &why)) {
		if (why && strncmp(why, "is too large", 12) == 0)
			config_error(c, n->line, n->col, "%s is %s, above the limit; expected %s", what, shown, expected);
		else if (why && strstr(why, "comma"))
			config_error(c, n->line, n->col, "%s has a misplaced comma ('%s'); expected %s, thousands "
			             "grouped in threes like 1,234.50", what, shown, expected);
		else
			config_error(c, n->line, n->col, "%s is not an amount of money ('%s'); expected %s", what, shown,
			             expected);
		return false;
	}
	if (v > max) {
		config_error(c, n->line, n->col, "%s is %s, above the limit; expected %s", what,
		             cfg_pounds(v, valbuf, sizeof valbuf), expected);
		return false;
	}
	*out = v;
	return true;
}

bool cfg_key(struct config_ctx *c, const struct ynode *n, const char *what, char *dst, size_t dstsize)
{
	char expected[160], shown[96];
	const char *s;

	snprintf(expected, sizeof expected,
	         "a key of lower-case letters, digits and _ starting with a letter (at most %zu), like home_care",
	         dstsize - 1);
	if (!want_scalar(c, n, what, expected))
		return false;
	s = n->value;
	if (!islower((unsigned char)s[0]) || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != n->len ||
	    n->len >= dstsize) {
		config_error(c, n->line, n->col, "%s '%s' is not a valid key; expected %s", what,
		             ytree_show(s, shown, sizeof shown), expected);
		return false;
	}
	cw_strlcpy(dst, s, dstsize);
	return true;
}

void cfg_unknown_keys(struct config_ctx *c, const struct ynode *map, const char *sect,
                      const char *const *allowed, size_t nallowed)
{
	char shown[96], where[CFG_NAME_MAX + 8], list[512];
	size_t i, j;

	if (!map || map->type != YNODE_MAP)
		return;
	if (sect && *sect)
		snprintf(where, sizeof where, " in %s", sect);
	else
		where[0] = '\0';
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->keys[i];
		const char *best;

		for (j = 0; j < nallowed; j++)
			if (strcmp(k->value, allowed[j]) == 0)
				break;
		if (j < nallowed)
			continue;
		if (c->errs.n >= CONFIG_MAX_ERRORS) {
			c->dropped++; /* no need to find a suggestion nobody sees */
			continue;
		}
		ytree_show(k->value, shown, sizeof shown);
		best = config_suggest(k->value, allowed, nallowed);
		if (best) {
			config_error(c, k->line, k->col, "unknown key '%s'%s; did you mean '%s'?", shown, where, best);
			continue;
		}
		list[0] = '\0';
		for (j = 0; j < nallowed; j++) {
			size_t used = strlen(list);
			snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "", allowed[j]);
		}
		config_error(c, k->line, k->col, "unknown key '%s'%s; expected one of: %s", shown, where, list);
	}
}
