/* money.h - money is int64_t pence, everywhere. One parser, one
 * formatter, and checked arithmetic. No floating point. */
#ifndef CW_MONEY_H
#define CW_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest amount accepted anywhere: £10,000,000,000.00. Far above any
 * care budget, far below INT64_MAX so sums of many lines cannot wrap. */
#define MONEY_MAX INT64_C(1000000000000)

enum money_parse_flags {
	MONEY_NONNEG = 0,         /* the default: "-1" is refused */
	MONEY_ALLOW_NEGATIVE = 1,
};

/* Parses "1,234.50", "£12", "12.5", " 12 ", "GBP 3" (if allow), "-3.00"
 * (only with MONEY_ALLOW_NEGATIVE). Refuses: empty, junk, more than two
 * decimal places, misplaced commas ("1,23"), amounts above MONEY_MAX.
 * On failure *why is set to a fixed phrase saying what is wrong and what
 * is allowed, e.g. "has more than two decimal places; use pounds and
 * pence like 12.50". *out is untouched on failure. */
bool money_parse(const char *s, unsigned flags, int64_t *out, const char **why);

/* The same grammar for a non-money quantity with up to two decimals
 * (hours a week "12.5" -> 1250). No currency sign, no negatives. */
bool quantity_parse(const char *s, int64_t *hundredths, const char **why);

enum money_format_flags {
	MONEY_PLAIN = 0,   /* "1234.50", "-3.00": JSON, CSV, the database */
	MONEY_GROUP = 1,   /* "1,234.50" */
	MONEY_SYMBOL = 2,  /* "£1,234.50" (UTF-8 pound sign) */
};

#define MONEY_BUF 40

/* Formats pence into buf (at least MONEY_BUF bytes). Returns buf. */
char *money_format(int64_t pence, unsigned flags, char *buf, size_t bufsize);

/* "12.50" style for quantities in hundredths ("12.5" -> "12.50";
 * whole numbers are written without decimals: 1200 -> "12"). */
char *quantity_format(int64_t hundredths, char *buf, size_t bufsize);

/* pence * num / den, rounded half away from zero. false on overflow
 * or den == 0. Used for rate x units, percentages, weekly <-> yearly. */
bool money_muldiv(int64_t pence, int64_t num, int64_t den, int64_t *out);

/* a + b with overflow check (and the result within +-MONEY_MAX). */
bool money_add(int64_t a, int64_t b, int64_t *out);

#endif
