/* date.h - the one date type: a calendar day (no time, no zone),
 * held as days since 1970-01-01 in the proleptic Gregorian calendar.
 * Written and read as ISO YYYY-MM-DD. */
#ifndef CW_DATE_H
#define CW_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct date {
	int32_t days; /* DATE_NONE_DAYS when not set */
};

#define DATE_NONE_DAYS INT32_MIN
#define DATE_NONE ((struct date){DATE_NONE_DAYS})
#define DATE_BUF 11 /* "YYYY-MM-DD" + NUL */

/* Years accepted by date_parse: 1900..2199. */
#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2199

static inline bool date_is_set(struct date d) { return d.days != DATE_NONE_DAYS; }

/* Strict "YYYY-MM-DD": four-digit year in range, real month and day
 * (no 31 February, 29 February only in leap years). On failure *why is
 * a fixed phrase ("there is no 31 February 2025; ..."). */
bool date_parse(const char *s, struct date *out, const char **why);

/* "YYYY-MM-DD", or "" for DATE_NONE. buf must hold DATE_BUF bytes. */
char *date_format(struct date d, char *buf, size_t bufsize);

/* false if the y/m/d do not name a real day in range. */
bool date_from_ymd(int y, int m, int d, struct date *out);
void date_ymd(struct date d, int *y, int *m, int *day);

bool date_is_leap_year(int y);
int date_days_in_month(int y, int m);

/* Both saturate at 1900-01-01 and 2199-12-31, the dates date_parse
 * reads back: nothing computed is a date the store could not load. */
struct date date_add_days(struct date d, int32_t n);
/* Adds months; a day past the end of the target month becomes its last
 * day: 2025-01-31 + 1 month = 2025-02-28; 2024-01-31 + 1 = 2024-02-29. */
struct date date_add_months(struct date d, int32_t months);

/* a - b in days. Both must be set. */
int32_t date_diff_days(struct date a, struct date b);
int date_compare(struct date a, struct date b); /* <0, 0, >0; NONE sorts last */

/* Whole years between dob and on (age on that day). */
int date_age_years(struct date dob, struct date on);

/* Today in local time, or CASEWORK_TODAY=YYYY-MM-DD when set (tests and
 * training pin the clock with it). */
struct date date_today(void);

#endif
