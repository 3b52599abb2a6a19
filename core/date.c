/* date.c - calendar days as days since 1970-01-01 (proleptic
 * Gregorian). Conversions use the era arithmetic: 400-year cycles of
 * 146097 days, with the year taken to start on 1 March so that the
 * leap day falls at the end. */
#include "core/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const month_names[12] = {
	"January", "February", "March",     "April",   "May",      "June",
	"July",    "August",   "September", "October", "November", "December",
};

bool date_is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap_year(y) ? 29 : days[m - 1];
}

static int32_t days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;                                   /* 0..399 */
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* 0..365 */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */
	return (int32_t)(era * 146097 + doe - 719468);
}

void date_ymd(struct date dt, int *y, int *m, int *d)
{
	int32_t z = dt.days + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;                                   /* 0..146096 */
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
	int32_t yy = yoe + era * 400;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);             /* 0..365 */
	int32_t mp = (5 * doy + 2) / 153;                                  /* 0..11, March = 0 */
	int32_t dd = doy - (153 * mp + 2) / 5 + 1;
	int32_t mm = mp < 10 ? mp + 3 : mp - 9;

	if (!date_is_set(dt)) {
		*y = *m = *d = 0;
		return;
	}
	*y = (int)(yy + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

bool date_from_ymd(int y, int m, int d, struct date *out)
{
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > date_days_in_month(y, m))
		return false;
	out->days = days_from_civil(y, m, d);
	return true;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool date_parse(const char *s, struct date *out, const char **why)
{
	static _Thread_local char msg[128];
	const char *dummy;
	size_t len;
	int y, m, d;

	if (!why)
		why = &dummy;
	if (!s)
		s = "";
	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0) {
		*why = "is empty; enter a date as YYYY-MM-DD, like 2026-03-31";
		return false;
	}
	if (len != 10 || s[4] != '-' || s[7] != '-' || (y = digits(s, 4)) < 0 ||
	    (m = digits(s + 5, 2)) < 0 || (d = digits(s + 8, 2)) < 0) {
		*why = "is not a date; enter it as YYYY-MM-DD, like 2026-03-31";
		return false;
	}
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX) {
		*why = "has a year outside 1900 to 2199; enter it as YYYY-MM-DD";
		return false;
	}
	if (m < 1 || m > 12) {
		*why = "has no such month; months run from 01 to 12 (YYYY-MM-DD)";
		return false;
	}
	if (d < 1 || d > date_days_in_month(y, m)) {
		if (d == 0)
			snprintf(msg, sizeof msg, "has day 00; days start at 01 (YYYY-MM-DD)");
		else
			snprintf(msg, sizeof msg, "there is no %d %s %d; %s %d has %d days", d,
			         month_names[m - 1], y, month_names[m - 1], y, date_days_in_month(y, m));
		*why = msg;
		return false;
	}
	out->days = days_from_civil(y, m, d);
	return true;
}

char *date_format(struct date dt, char *buf, size_t bufsize)
{
	int y, m, d;

	if (!buf || bufsize == 0)
		return buf;
	if (!date_is_set(dt)) {
		buf[0] = '\0';
		return buf;
	}
	date_ymd(dt, &y, &m, &d);
	snprintf(buf, bufsize, "%04d-%02d-%02d", y, m, d);
	return buf;
}

struct date date_add_days(struct date dt, int32_t n)
{
	int64_t r;

	if (!date_is_set(dt))
		return dt;
	/* Saturates at the first and last dates casework reads back
	 * (1900-01-01, 2199-12-31), rather than overflowing or writing a
	 * date a later load would refuse. */
	r = (int64_t)dt.days + n;
	if (r > days_from_civil(DATE_YEAR_MAX, 12, 31))
		r = days_from_civil(DATE_YEAR_MAX, 12, 31);
	if (r < days_from_civil(DATE_YEAR_MIN, 1, 1))
		r = days_from_civil(DATE_YEAR_MIN, 1, 1);
	return (struct date){(int32_t)r};
}

struct date date_add_months(struct date dt, int32_t months)
{
	int y, m, d, dim;
	int64_t total;

	if (!date_is_set(dt))
		return dt;
	/* Ten thousand years either way is far past any date casework keeps,
	 * and keeps the day arithmetic below inside int. */
	if (months > 120000)
		months = 120000;
	if (months < -120000)
		months = -120000;
	date_ymd(dt, &y, &m, &d);
	total = (int64_t)y * 12 + (m - 1) + months;
	y = (int)(total >= 0 ? total / 12 : -((-total + 11) / 12));
	m = (int)(total - (int64_t)y * 12) + 1;
	if (y > DATE_YEAR_MAX)
		return (struct date){days_from_civil(DATE_YEAR_MAX, 12, 31)};
	if (y < DATE_YEAR_MIN)
		return (struct date){days_from_civil(DATE_YEAR_MIN, 1, 1)};
	dim = date_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return (struct date){days_from_civil(y, m, d)};
}

int32_t date_diff_days(struct date a, struct date b)
{
	return a.days - b.days;
}

int date_compare(struct date a, struct date b)
{
	bool as = date_is_set(a), bs = date_is_set(b);
	if (!as || !bs)
		return as == bs ? 0 : (as ? -1 : 1);
	return (a.days > b.days) - (a.days < b.days);
}

int date_age_years(struct date dob, struct date on)
{
	int by, bm, bd, oy, om, od, age;

	if (!date_is_set(dob) || !date_is_set(on))
		return -1;
	date_ymd(dob, &by, &bm, &bd);
	date_ymd(on, &oy, &om, &od);
	age = oy - by;
	if (om < bm || (om == bm && od < bd))
		age--;
	return age;
}

struct date date_today(void)
{
	const char *pin = getenv("CASEWORK_TODAY");
	struct date d;
	time_t now;
	struct tm tm;

	if (pin && *pin && date_parse(pin, &d, NULL))
		return d;
	now = time(NULL);
	if (!localtime_r(&now, &tm))
		return (struct date){days_from_civil(1970, 1, 1)};
	return (struct date){days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)};
}
