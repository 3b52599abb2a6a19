/* test_config.c - the policy and staff loaders: a table of broken
 * policies each with its exact "FILE:LINE:COL: message", the shipped
 * files, limits on files, and the staff file. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config/config.h"
#include "core/util.h"

/* A valid policy, one section a line, so a case can swap one line. */
static const char *const base_lines[] = {
	"council: {name: \"Test Council\"}",
	"eligibility: {min_outcomes_unable: 2}",
	"ras: {pound_per_point: 4.20, points: {none: 0, low: 3, moderate: 6, substantial: 10, critical: 15}, "
	"minimum_weekly: 0.00, maximum_weekly: 1500.00}",
	"charging: {capital_upper: 23250.00, capital_lower: 14250.00, tariff_per_250: 1.00, "
	"minimum_income_guarantee_weekly: 132.00}",
	"panel: {weekly_cost_over: 700.00, over_indicative_percent: 10, family_pa_same_household: true}",
	"support_plan:",
	"  tolerance_percent: 5",
	"  categories: {pa: {label: \"Personal assistant\", unit: hour, rate: 16.00}, council_services: {label: "
	"\"Day centre\", unit: day, rate: 55.00}}",
	"  never_allowed: [illegal, housing_costs]",
	"  not_by_direct_payment: [council_services]",
	"review: {first_review_weeks: 8, interval_months: 12, high_risk_interval_months: 3, "
	"direct_payment_audit_months: 12, due_soon_days: 28}",
};

#define BASE_LINES ((int)CW_ARRAY_LEN(base_lines))

/* The base policy with line `line` (1-based; 0 for none) replaced. */
static char *policy_with(int line, const char *replacement)
{
	size_t cap = 4096, used = 0;
	char *buf = xmalloc(cap);
	int i;

	buf[0] = '\0';
	for (i = 0; i < BASE_LINES; i++) {
		const char *text = i + 1 == line ? replacement : base_lines[i];
		size_t n = strlen(text);
		while (used + n + 2 > cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		memcpy(buf + used, text, n);
		used += n;
		buf[used++] = '\n';
		buf[used] = '\0';
	}
	return buf;
}

static char *joined(const struct config_errors *e)
{
	size_t i, n = 1;
	char *s;

	for (i = 0; i < e->n; i++)
		n += strlen(e->msgs[i]) + 1;
	s = xmalloc(n);
	s[0] = '\0';
	for (i = 0; i < e->n; i++) {
		if (i)
			strcat(s, "\n");
		strcat(s, e->msgs[i]);
	}
	return s;
}

static bool policy_is_zero(const struct policy *p)
{
	static const struct policy zero;
	return memcmp(p, &zero, sizeof zero) == 0;
}

Test(config_policy, base_is_valid)
{
	struct config_errors e = { 0 };
	struct policy p;
	char *text = policy_with(0, NULL);
	enum cw_status st = policy_load_data("t.yaml", text, strlen(text), &p, &e);
	char *all = joined(&e);

	cr_assert_eq(st, CW_OK, "%s", all);
	cr_assert_eq(e.n, 0);
	cr_assert_str_eq(p.council_name, "Test Council");
	cr_assert_eq(p.ras.method, RAS_RATE);
	cr_assert_eq(p.ras.pence_per_point, 420);
	cr_assert_eq(p.ras.points[NEED_CRITICAL], 15);
	cr_assert_eq(p.ras.maximum_weekly, 150000);
	cr_assert_eq(p.charging.capital_lower, 1425000);
	cr_assert_eq(p.charging.tariff_per_250, 100);
	cr_assert_eq(p.charging.disregard_weekly, 0);
	cr_assert_eq(p.support_plan.ncategories, 2);
	cr_assert_str_eq(p.support_plan.categories[1].key, "council_services");
	cr_assert_eq(p.support_plan.categories[1].unit, UNIT_DAY);
	cr_assert_eq(p.support_plan.categories[1].rate, 5500);
	cr_assert(policy_not_by_direct_payment(&p, "council_services"));
	cr_assert_not(policy_not_by_direct_payment(&p, "pa"));
	cr_assert_not(p.support_plan.council_services_by_direct_payment);
	/* Defaults for what the file leaves out. */
	cr_assert_str_eq(p.eligibility.outcome_labels[0], "Managing and maintaining nutrition");
	cr_assert_str_eq(p.eligibility.level_labels[NEED_SUBSTANTIAL], "Substantial");
	cr_assert(p.panel.plan_over_tolerance);
	cr_assert(p.support_plan.manager_signoff);
	cr_assert_eq(p.review.direct_payment_first_audit_months, 6);
	cr_assert_eq(p.review.unspent_keep_weeks, 4);
	cr_assert(p.access.assessment_signoff);
	cr_assert_not(p.access.break_the_glass);
	/* A built-in never-allowed use brings its label and words. */
	cr_assert_eq(p.support_plan.nnever_allowed, 2);
	cr_assert_str_eq(p.support_plan.never_allowed[1].label, "Rent, mortgage and housing costs");
	cr_assert_str_eq(p.support_plan.never_allowed[1].words[0], "rent");
	cr_assert_str_eq(p.support_plan.never_allowed[1].words[1], "mortgage");
	free(all);
	free(text);
}

/* Arrays, not pointers: Criterion runs each case in a fresh process
 * where the addresses of string literals may differ. */
struct broken {
	int line;            /* base line to replace */
	char text[400];      /* its replacement */
	char expected[800];  /* every error, joined by newlines */
};

#define RAS_POINTS "points: {none: 0, low: 3, moderate: 6, substantial: 10, critical: 15}"
#define RAS_TAIL "minimum_weekly: 0.00, maximum_weekly: 1500.00}"
#define REVIEW_HEAD "review: {first_review_weeks: 8, "
#define CATS_HEAD "  categories: {pa: {label: \"Personal assistant\", unit: hour, rate: 16.00}, "

static struct broken broken_policies[] = {
	/* 1: unknown key at the top, with a suggestion */
	{ 11, REVIEW_HEAD "interval_months: 12, high_risk_interval_months: 3, direct_payment_audit_months: 12, "
	      "due_soon_days: 28}\nrass: {}",
	  "t.yaml:12:1: unknown key 'rass'; did you mean 'ras'?" },
	/* 2: a misspelt key: reported as unknown, and the real one as missing */
	{ 3, "ras: {pound_per_pont: 4.20, " RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:6: ras.pound_per_point is missing; expected an amount in pounds from 0.00 to 10,000.00 (or ras.bands)\n"
	  "t.yaml:3:7: unknown key 'pound_per_pont' in ras; did you mean 'pound_per_point'?" },
	/* 3: an unknown key with nothing close */
	{ 5, "panel: {weekly_cost_over: 700.00, over_indicative_percent: 10, family_pa_same_household: true, colour: blue}",
	  "t.yaml:5:96: unknown key 'colour' in panel; expected one of: weekly_cost_over, over_indicative_percent, "
	  "family_pa_same_household, plan_over_tolerance" },
	/* 4: a whole section missing */
	{ 4, "",
	  "t.yaml:1:1: charging is missing; expected a mapping with capital_upper, capital_lower, tariff_per_250 and "
	  "minimum_income_guarantee_weekly" },
	/* 5: a required key missing */
	{ 2, "eligibility: {}",
	  "t.yaml:2:14: eligibility.min_outcomes_unable is missing; expected 1 or 2" },
	/* 6: a section of the wrong type */
	{ 1, "council: [Test Council]", "t.yaml:1:10: council is a list; expected a mapping with the council's name" },
	/* 7: not a number */
	{ 2, "eligibility: {min_outcomes_unable: two}",
	  "t.yaml:2:36: eligibility.min_outcomes_unable is not a whole number ('two'); expected a whole number from 1 to 2" },
	/* 8: a number out of range */
	{ 2, "eligibility: {min_outcomes_unable: 0}",
	  "t.yaml:2:36: eligibility.min_outcomes_unable is 0, out of range; expected a whole number from 1 to 2" },
	{ 2, "eligibility: {min_outcomes_unable: 3}",
	  "t.yaml:2:36: eligibility.min_outcomes_unable is 3, stricter than the law; expected 1 or 2 (the "
	  "regulations' test is 2 outcomes; 1 is more generous)" },
	/* 9: a number in quotes */
	{ 5, "panel: {weekly_cost_over: 700.00, over_indicative_percent: \"10\", family_pa_same_household: true}",
	  "t.yaml:5:60: panel.over_indicative_percent is quoted text ('10'); expected a whole number from 0 to 1000 "
	  "without quotes" },
	/* 10: yes is not a boolean here */
	{ 5, "panel: {weekly_cost_over: 700.00, over_indicative_percent: 10, family_pa_same_household: yes}",
	  "t.yaml:5:90: panel.family_pa_same_household is 'yes'; expected true or false" },
	/* 11: a negative amount */
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", minimum_weekly: -5.00, maximum_weekly: 1500.00}",
	  "t.yaml:3:117: ras.minimum_weekly is negative (-5.00); expected an amount in pounds from 0.00 to 100,000.00" },
	/* 12: more than two decimal places */
	{ 3, "ras: {pound_per_point: 4.205, " RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:24: ras.pound_per_point has more than two decimal places (4.205); expected pounds and pence like "
	  "12.50" },
	/* 13: an absurd weekly amount */
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", minimum_weekly: 0.00, maximum_weekly: 150000}",
	  "t.yaml:3:139: ras.maximum_weekly is 150,000.00, above the limit; expected an amount in pounds from 0.00 to "
	  "100,000.00" },
	/* 14: an absurd rate */
	{ 8, CATS_HEAD "council_services: {label: \"Day centre\", unit: day, rate: 10000.01}}",
	  "t.yaml:8:133: support_plan.categories.council_services.rate is 10,000.01, above the limit; expected an "
	  "amount in pounds from 0.00 to 10,000.00" },
	/* 15: words where money belongs */
	{ 4, "charging: {capital_upper: 23250.00, capital_lower: 14250.00, tariff_per_250: \"a pound\", "
	     "minimum_income_guarantee_weekly: 132.00}",
	  "t.yaml:4:78: charging.tariff_per_250 is not an amount of money ('a pound'); expected an amount in pounds "
	  "from 0.00 to 250.00" },
	/* 16: lower capital limit above the upper */
	{ 4, "charging: {capital_upper: 14250.00, capital_lower: 23250.00, tariff_per_250: 1.00, "
	     "minimum_income_guarantee_weekly: 132.00}",
	  "t.yaml:4:52: charging.capital_lower (23,250.00) is above charging.capital_upper (14,250.00); expected the "
	  "lower limit at or below the upper" },
	/* 17: RAS minimum above maximum */
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", minimum_weekly: 200.00, maximum_weekly: 100.00}",
	  "t.yaml:3:117: ras.minimum_weekly (200.00) is above ras.maximum_weekly (100.00); expected the minimum at or "
	  "below the maximum" },
	/* 18: no categories (and so not_by_direct_payment cannot be checked) */
	{ 8, "  categories: {}",
	  "t.yaml:8:15: support_plan.categories is empty; expected at least one category with label, unit and rate" },
	/* 19: a unit misspelt */
	{ 8, CATS_HEAD "council_services: {label: \"Day centre\", unit: days, rate: 55.00}}",
	  "t.yaml:8:122: support_plan.categories.council_services.unit 'days' is not a unit; did you mean 'day'?" },
	/* 20: a unit that does not exist */
	{ 8, CATS_HEAD "council_services: {label: \"Day centre\", unit: fortnight, rate: 55.00}}",
	  "t.yaml:8:122: support_plan.categories.council_services.unit 'fortnight' is not a unit; expected one of: "
	  "hour, day, night, week, session, mile, one_off" },
	/* 21: a category key that is not an identifier */
	{ 8, CATS_HEAD "Council Services: {label: \"Day centre\", unit: day, rate: 55.00}}",
	  "t.yaml:8:76: support_plan.categories key 'Council Services' is not a valid key; expected a key of lower-case "
	  "letters, digits and _ starting with a letter (at most 47), like home_care" },
	/* 22: not_by_direct_payment names no category */
	{ 10, "  not_by_direct_payment: [council_service]",
	  "t.yaml:10:27: support_plan.not_by_direct_payment[1] 'council_service' is not a category; did you mean "
	  "'council_services'?" },
	/* 23: an unknown never-allowed use */
	{ 9, "  never_allowed: [illegal, rent]",
	  "t.yaml:9:28: support_plan.never_allowed[2] 'rent' is not a built-in use; expected one of illegal, "
	  "alcohol_tobacco_gambling, nhs_healthcare, housing_costs, household_bills, food, debts_fines, not_in_plan, "
	  "or a mapping with key, label and words" },
	/* 24: a never-allowed use twice */
	{ 9, "  never_allowed: [illegal, housing_costs, illegal]",
	  "t.yaml:9:43: support_plan.never_allowed[3] 'illegal' is listed twice (first at line 9); expected each use "
	  "once" },
	/* 25: points that fall as need rises */
	{ 3, "ras: {pound_per_point: 4.20, points: {none: 0, low: 3, moderate: 2, substantial: 10, critical: 15}, "
	     RAS_TAIL,
	  "t.yaml:3:66: ras.points.moderate (2) is less than ras.points.low (3); expected points that rise or stay "
	  "level from none to critical" },
	/* 26: a percentage out of range */
	{ 7, "  tolerance_percent: 1001",
	  "t.yaml:7:22: support_plan.tolerance_percent is 1001, out of range; expected a whole number from 0 to 1000" },
	/* 27: a review interval out of range */
	{ 11, REVIEW_HEAD "interval_months: 13, high_risk_interval_months: 3, direct_payment_audit_months: 12, "
	      "due_soon_days: 28}",
	  "t.yaml:11:50: review.interval_months is 13, out of range; expected a whole number from 1 to 12" },
	/* 28: high-risk reviews less often than others */
	{ 11, REVIEW_HEAD "interval_months: 6, high_risk_interval_months: 9, direct_payment_audit_months: 12, "
	      "due_soon_days: 28}",
	  "t.yaml:11:80: review.high_risk_interval_months (9) is longer than review.interval_months (6); expected "
	  "high-risk cases reviewed at least as often" },
	/* 29: a key given twice */
	{ 11, REVIEW_HEAD "interval_months: 12, high_risk_interval_months: 3, direct_payment_audit_months: 12, "
	      "due_soon_days: 28}\ncouncil: {name: Other}",
	  "t.yaml:12:1: duplicate key 'council' (first at line 1); expected each key once" },
	/* 30: anchors and aliases */
	{ 1, "council: &c {name: \"Test Council\"}\nx: *c",
	  "t.yaml:1:10: anchor '&c' is not allowed; expected every value written out in full\n"
	  "t.yaml:2:1: unknown key 'x'; expected one of: council, eligibility, ras, charging, panel, support_plan, "
	  "review, access, carers\n"
	  "t.yaml:2:4: alias '*c' is not allowed; expected the value written out in full" },
	/* 31: a YAML syntax error stops the reading there */
	{ 5, "panel: {weekly_cost_over: 700.00, over_indicative_percent: 10",
	  "t.yaml:6:13: YAML syntax error: did not find expected ',' or '}' while parsing a flow mapping (line 5); "
	  "expected valid YAML (key: value, consistent indentation)" },
	/* 32: a tab for indentation */
	{ 7, "\ttolerance_percent: 5", "t.yaml:7:1: YAML syntax error: a tab character; expected spaces for indentation" },
	/* 33: a second document */
	{ 11, "---\nreview: {}", "t.yaml:11:1: a second YAML document starts here; expected one document in the file" },
	/* 34: a rate and bands at once */
	{ 3, "ras: {pound_per_point: 4.20, bands: [{min_points: 0, max_points: 150, weekly: 100}], " RAS_POINTS ", "
	     RAS_TAIL,
	  "t.yaml:3:37: ras has both pound_per_point and bands; expected one of them (and ras.method to say which)" },
	/* 35: method bands, no bands */
	{ 3, "ras: {method: bands, " RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:6: ras.bands is missing but ras.method is bands; expected a list of bands, each with min_points, "
	  "max_points and weekly" },
	/* 36: method misspelt */
	{ 3, "ras: {method: band, pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:15: ras.method is 'band'; did you mean 'bands'?" },
	/* 37: overlapping bands */
	{ 3, "ras: {bands: [{min_points: 0, max_points: 50, weekly: 100}, {min_points: 40, max_points: 150, weekly: 200}], "
	     RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:61: ras.bands[2] starts at 40 points, inside band 1 (0 to 50); expected it to start at 51" },
	/* 38: a gap between bands */
	{ 3, "ras: {bands: [{min_points: 0, max_points: 50, weekly: 100}, {min_points: 60, max_points: 150, weekly: 200}], "
	     RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:61: ras.bands[2] starts at 60 points, leaving a gap after band 1 (which ends at 50); expected it to "
	  "start at 51" },
	/* 39: bands out of order */
	{ 3, "ras: {bands: [{min_points: 0, max_points: 150, weekly: 100}, {min_points: 0, max_points: 50, weekly: 200}], "
	     RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:62: ras.bands[2] starts at 0 points, inside band 1 (0 to 150); expected it to start at 151\n"
	  "t.yaml:3:62: ras.bands ends at 50 points but a person can score 150 (10 outcomes at critical); expected the "
	  "last band to reach 150" },
	/* 40: bands that stop short of the highest score */
	{ 3, "ras: {bands: [{min_points: 0, max_points: 50, weekly: 100}, {min_points: 51, max_points: 120, weekly: 200}], "
	     RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:61: ras.bands ends at 120 points but a person can score 150 (10 outcomes at critical); expected the "
	  "last band to reach 150" },
	/* 41: bands not starting at 0 */
	{ 3, "ras: {bands: [{min_points: 5, max_points: 150, weekly: 100}], " RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:15: ras.bands[1] starts at 5 points; expected the first band to start at 0" },
	/* 42: a band paying less than the one below */
	{ 3, "ras: {bands: [{min_points: 0, max_points: 50, weekly: 300}, {min_points: 51, max_points: 150, weekly: 200}], "
	     RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:61: ras.bands[2].weekly (200.00) is less than band 1's (300.00); expected amounts that rise with "
	  "points" },
	/* 43: tags are refused */
	{ 1, "council: {name: !!str \"Test Council\"}",
	  "t.yaml:1:17: tag 'tag:yaml.org,2002:str' is not allowed; expected a plain value without a tag" },
	/* 44: an empty label */
	{ 1, "council: {name: \"  \"}", "t.yaml:1:17: council.name is empty; expected text of 1 to 95 characters" },
	/* 45: a category without a rate */
	{ 8, CATS_HEAD "council_services: {label: \"Day centre\", unit: day}}",
	  "t.yaml:8:94: support_plan.categories.council_services.rate is missing; expected an amount in pounds from "
	  "0.00 to 10,000.00" },
	/* 46: a custom never-allowed use without words */
	{ 9, "  never_allowed: [illegal, {key: pets, label: \"Pet care\"}]",
	  "t.yaml:9:28: support_plan.never_allowed[2].words is missing; expected a list of words that flag a plan line" },
	/* 47: the council-services flag contradicts the list */
	{ 7, "  tolerance_percent: 5\n  council_services_by_direct_payment: true",
	  "t.yaml:8:39: support_plan.council_services_by_direct_payment is true but council_services is in "
	  "support_plan.not_by_direct_payment; expected one or the other" },
	/* 48: an unknown level of need */
	{ 3, "ras: {pound_per_point: 4.20, points: {none: 0, low: 3, moderate: 6, substantial: 10, critical: 15, "
	     "severe: 20}, " RAS_TAIL,
	  "t.yaml:3:100: unknown key 'severe' in ras.points; expected one of: none, low, moderate, substantial, critical" },
	/* 49: an outcome label for an outcome that does not exist */
	{ 2, "eligibility: {min_outcomes_unable: 2, outcome_labels: {nutriton: Food}}",
	  "t.yaml:2:56: unknown key 'nutriton' in eligibility.outcome_labels; did you mean 'nutrition'?" },
	/* 50: a NUL hidden in a quoted string */
	{ 1, "council: {name: \"Test\\0Council\"}", "t.yaml:1:17: the text contains a NUL character; expected plain text" },
	/* 51: a list where a mapping of categories belongs */
	{ 8, "  categories: [pa, council_services]",
	  "t.yaml:8:15: support_plan.categories is a list; expected a mapping of category key to {label, unit, rate}" },
	/* 53: a method that is neither */
	{ 3, "ras: {method: points, pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL,
	  "t.yaml:3:15: ras.method is 'points'; expected rate or bands" },
	/* 54: an access rule that is not true or false */
	{ 11, REVIEW_HEAD "interval_months: 12, high_risk_interval_months: 3, direct_payment_audit_months: 12, "
	      "due_soon_days: 28}\naccess: {break_the_glass: \"true\"}",
	  "t.yaml:12:27: access.break_the_glass is 'true'; expected true or false without quotes" },
	/* 55: a misplaced thousands comma */
	{ 5, "panel: {weekly_cost_over: \"1,23\", over_indicative_percent: 10, family_pa_same_household: true}",
	  "t.yaml:5:27: panel.weekly_cost_over has a misplaced comma ('1,23'); expected an amount in pounds from "
	  "0.00 to 100,000.00, thousands grouped in threes like 1,234.50" },
	/* 55a: an amount too large for casework at all, not only for the key */
	{ 5, "panel: {weekly_cost_over: 99999999999999, over_indicative_percent: 10, family_pa_same_household: true}",
	  "t.yaml:5:27: panel.weekly_cost_over is 99999999999999, above the limit; expected an amount in pounds from "
	  "0.00 to 100,000.00" },
	/* 56: a leading zero: 8 (octal) to a YAML 1.1 reader, 10 to others */
	{ 11, REVIEW_HEAD "interval_months: 010, high_risk_interval_months: 3, direct_payment_audit_months: 12, "
	      "due_soon_days: 28}",
	  "t.yaml:11:50: review.interval_months has a leading zero ('010'), which some YAML readers take as octal; "
	  "expected a whole number from 1 to 12 without leading zeros" },
	/* 52: control characters in a label */
	{ 1, "council: {name: \"Test\\e[2JCouncil\"}",
	  "t.yaml:1:17: council.name contains control characters; expected plain text on one line" },
	/* carers (line 4, after the adult's ras) */
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {charg: true}",
	  "t.yaml:4:10: unknown key 'charg' in carers; did you mean 'charge'?" },
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {charge: yes}",
	  "t.yaml:4:18: carers.charge is 'yes'; expected true or false" },
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {ras: {bands: [{min_points: 0, "
	     "max_points: 39, weekly: 20.00}], points: {none: 0, low: 1, moderate: 2, substantial: 4, critical: 5}, "
	     "minimum_weekly: 0.00, maximum_weekly: 60.00}}",
	  "t.yaml:4:24: carers.ras.bands ends at 39 points but a carer can score 40 (8 outcomes at critical); expected "
	  "the last band to reach 40" },
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {ras: {pound_per_point: 2.50, "
	     "points: {none: 0, low: 1, moderate: 2, substantial: 4, critical: 6}, minimum_weekly: 80.00, "
	     "maximum_weekly: 60.00}}",
	  "t.yaml:4:124: carers.ras.minimum_weekly (80.00) is above carers.ras.maximum_weekly (60.00); expected the "
	  "minimum at or below the maximum" },
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {ras: {pound_per_point: 2.50, "
	     "minimum_weekly: 0.00}}",
	  "t.yaml:4:15: carers.ras.points is missing; expected a mapping of need level (none, low, moderate, "
	  "substantial, critical) to points\n"
	  "t.yaml:4:15: carers.ras.maximum_weekly is missing; expected an amount in pounds from 0.00 to 100,000.00" },
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {ras: {pound_per_point: 2.50, "
	     "bands: [{min_points: 0, max_points: 48, weekly: 20.00}], points: {none: 0, low: 1, moderate: 2, "
	     "substantial: 4, critical: 6}, minimum_weekly: 0.00, maximum_weekly: 60.00}}",
	  "t.yaml:4:46: carers.ras has both pound_per_point and bands; expected one of them (and carers.ras.method to "
	  "say which)" },
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {outcome_labels: {recreaton: Hobbies}}",
	  "t.yaml:4:27: unknown key 'recreaton' in carers.outcome_labels; did you mean 'recreation'?" },
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {ras: [1, 2]}",
	  "t.yaml:4:15: carers.ras is a list; expected a mapping with pound_per_point (or bands), points, "
	  "minimum_weekly and maximum_weekly" },
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {ras: {pound_per_point: 2.50, "
	     "points: {none: 0, low: 1, moderate: 2, substantial: 4, critical: 6}, minimum_weekly: 0.00, "
	     "maximum_weekly: 100000.01}}",
	  "t.yaml:4:146: carers.ras.maximum_weekly is 100,000.01, above the limit; expected an amount in pounds from "
	  "0.00 to 100,000.00" },
};

ParameterizedTestParameters(config_policy, broken)
{
	return cr_make_param_array(struct broken, broken_policies, CW_ARRAY_LEN(broken_policies));
}

ParameterizedTest(struct broken *b, config_policy, broken)
{
	struct config_errors e = { 0 };
	struct policy p;
	char *text = policy_with(b->line, b->text);
	enum cw_status st;
	char *all;

	memset(&p, 0xA5, sizeof p); /* must come back all zero */
	st = policy_load_data("t.yaml", text, strlen(text), &p, &e);
	all = joined(&e);
	cr_assert_eq(st, CW_ERR_INVALID, "case at line %d: status %d", b->line, st);
	cr_assert_str_eq(all, b->expected);
	cr_assert(policy_is_zero(&p), "a broken policy must come back zeroed");
	free(all);
	free(text);
	config_errors_free(&e);
}

Test(config_policy, collects_every_error)
{
	/* Three independent mistakes in three sections: all three reported. */
	struct config_errors e = { 0 };
	struct policy p;
	char *a = policy_with(2, "eligibility: {min_outcomes_unable: 0}");
	char *text;
	size_t n;

	/* Swap two more lines by hand. */
	n = strlen(a);
	text = xmalloc(n + 64);
	strcpy(text, a);
	free(a);
	{
		char *pct = strstr(text, "tolerance_percent: 5");
		char *dsd = strstr(text, "due_soon_days: 28");
		memcpy(pct, "tolerance_percent: x", 20);
		memcpy(dsd, "due_soon_days: 99", 17);
	}
	cr_assert_eq(policy_load_data("t.yaml", text, strlen(text), &p, &e), CW_ERR_INVALID);
	cr_assert_eq(e.n, 3);
	cr_assert_str_eq(e.msgs[0], "t.yaml:2:36: eligibility.min_outcomes_unable is 0, out of range; expected a whole "
	                            "number from 1 to 2");
	cr_assert_str_eq(e.msgs[1], "t.yaml:7:22: support_plan.tolerance_percent is not a whole number ('x'); expected "
	                            "a whole number from 0 to 1000");
	cr_assert_str_eq(e.msgs[2], "t.yaml:11:132: review.due_soon_days is 99, out of range; expected a whole number "
	                            "from 1 to 90");
	config_errors_free(&e);
	free(text);
}

Test(config_policy, money_forms)
{
	/* Money may be a YAML number or a string of pounds. */
	struct policy p;
	char *text = policy_with(5, "panel: {weekly_cost_over: \"£1,250.5\", over_indicative_percent: 0, "
	                            "family_pa_same_household: false, plan_over_tolerance: false}");

	cr_assert_eq(policy_load_data("t.yaml", text, strlen(text), &p, NULL), CW_OK);
	cr_assert_eq(p.panel.weekly_cost_over, 125050);
	cr_assert_not(p.panel.family_pa_same_household);
	cr_assert_not(p.panel.plan_over_tolerance);
	free(text);
}

Test(config_policy, custom_never_allowed_and_labels)
{
	struct policy p;
	const struct policy_use *u;
	char *text;

	text = policy_with(2, "eligibility: {min_outcomes_unable: 1, outcome_labels: {toilet_needs: \"Toileting\"}, "
	                      "level_labels: {critical: \"Severe\"}}");
	cr_assert_eq(policy_load_data("t.yaml", text, strlen(text), &p, NULL), CW_OK);
	cr_assert_eq(p.eligibility.min_outcomes_unable, 1);
	cr_assert_str_eq(p.eligibility.outcome_labels[2], "Toileting");
	cr_assert_str_eq(p.eligibility.outcome_labels[3], "Being appropriately clothed");
	cr_assert_str_eq(p.eligibility.level_labels[NEED_CRITICAL], "Severe");
	free(text);

	text = policy_with(9, "  never_allowed: [{key: pets, label: \"Pet care\", words: [vet, kennel]}, food]");
	cr_assert_eq(policy_load_data("t.yaml", text, strlen(text), &p, NULL), CW_OK);
	u = policy_never_allowed_find(&p, "pets");
	cr_assert_not_null(u);
	cr_assert_str_eq(u->label, "Pet care");
	cr_assert_eq(u->nwords, 2);
	cr_assert_str_eq(u->words[1], "kennel");
	cr_assert_str_eq(policy_never_allowed_find(&p, "food")->label, "Food and groceries");
	cr_assert_null(policy_never_allowed_find(&p, "illegal"));
	free(text);
}

Test(config_policy, empty_and_scalar_documents)
{
	struct config_errors e = { 0 };
	struct policy p;

	cr_assert_eq(policy_load_data("t.yaml", "", 0, &p, &e), CW_ERR_INVALID);
	cr_assert_eq(e.n, 1);
	cr_assert_str_eq(e.msgs[0], "t.yaml:1:1: the policy is empty; expected a mapping with council, eligibility, ras, "
	                            "charging, panel, support_plan and review");
	config_errors_free(&e);
	cr_assert_eq(policy_load_data("t.yaml", "# only a comment\n", 17, &p, &e), CW_ERR_INVALID);
	cr_assert_eq(e.n, 1);
	config_errors_free(&e);
	cr_assert_eq(policy_load_data("t.yaml", "\n  hello\n", 9, &p, &e), CW_ERR_INVALID);
	cr_assert_eq(e.n, 1);
	cr_assert_str_eq(e.msgs[0], "t.yaml:2:3: the policy is text; expected a mapping with council, eligibility, ras, "
	                            "charging, panel, support_plan and review");
	config_errors_free(&e);
}

Test(config_policy, too_large_data)
{
	struct config_errors e = { 0 };
	struct policy p;
	size_t n = CONFIG_MAX_BYTES + 1;
	char *big = xmalloc(n);

	memset(big, '#', n);
	cr_assert_eq(policy_load_data("big.yaml", big, n, &p, &e), CW_ERR_INVALID);
	cr_assert_eq(e.n, 1);
	cr_assert_str_eq(e.msgs[0], "big.yaml:1:1: the file is too large (1048577 bytes); expected at most 1048576 bytes");
	config_errors_free(&e);
	free(big);
}

Test(config_policy, too_many_errors_are_summed_up)
{
	/* 150 unknown keys: the first 100 are listed, then one line says how
	 * many more there were. */
	struct config_errors e = { 0 };
	struct policy p;
	char *text = xmalloc(150 * 16 + 1);
	size_t used = 0;
	int i;

	for (i = 0; i < 150; i++)
		used += (size_t)sprintf(text + used, "zz%03d: 1\n", i);
	cr_assert_eq(policy_load_data("t.yaml", text, used, &p, &e), CW_ERR_INVALID);
	cr_assert_eq(e.n, 101);
	cr_assert_str_eq(e.msgs[100], "t.yaml:1:1: 57 more errors not shown; expected a file with fewer mistakes, fix "
	                              "these first");
	free(text);
	config_errors_free(&e);
}

/* ---- files ---- */

static char *src_path(const char *rel)
{
	const char *root = getenv("CASEWORK_SRC");
	char *p;

	cr_assert_not_null(root, "CASEWORK_SRC must name the source tree (the Makefile sets it)");
	p = xmalloc(strlen(root) + strlen(rel) + 2);
	sprintf(p, "%s/%s", root, rel);
	return p;
}

static void load_ok(const char *rel, struct policy *p)
{
	struct config_errors e = { 0 };
	char *path = src_path(rel);
	enum cw_status st = policy_load_file(path, p, &e);
	char *all = joined(&e);

	cr_assert_eq(st, CW_OK, "%s: %s", rel, all);
	free(all);
	free(path);
}

Test(config_files, shipped_policy_loads)
{
	struct policy p;
	char line[512];
	const struct policy_category *c;

	load_ok("config/policy.yaml", &p);
	policy_summary(&p, line, sizeof line);
	cr_assert_str_eq(line, "Example Borough Council: RAS £4.20/point (min £0.00, max £1,500.00); panel over "
	                       "£700.00/week or 10% over indicative; capital £14,250.00-£23,250.00; 11 categories; carers £2.50/point (min £0.00, max "
	                       "£60.00), not charged");
	c = policy_category_find(&p, "homecare");
	cr_assert_not_null(c);
	cr_assert_eq(c->rate, 3214);
	cr_assert_eq(c->unit, UNIT_HOUR);
	cr_assert_eq(policy_category_find(&p, "mileage")->rate, 45);
	cr_assert_eq(policy_category_find(&p, "mileage")->unit, UNIT_MILE);
	cr_assert_eq(policy_category_find(&p, "employers_liability_insurance")->unit, UNIT_ONE_OFF);
	cr_assert(policy_not_by_direct_payment(&p, "long_term_residential_care"));
	cr_assert(policy_not_by_direct_payment(&p, "council_services"));
	cr_assert_not(p.support_plan.council_services_by_direct_payment);
	cr_assert_not_null(policy_never_allowed_find(&p, "housing_costs"));
	cr_assert_eq(p.review.first_review_weeks, 8);
	cr_assert_eq(p.charging.capital_upper, 2325000);
	cr_assert_str_eq(p.eligibility.outcome_labels[8],
	                 "Using facilities and services in the community, including public transport");
}

Test(config_files, banded_example_loads)
{
	struct policy p;
	char line[512];

	load_ok("config/examples/banded-council.yaml", &p);
	cr_assert_eq(p.ras.method, RAS_BANDS);
	cr_assert_eq(p.ras.nbands, 8);
	cr_assert_eq(p.ras.bands[7].max_points, 140);
	cr_assert_eq(p.ras.bands[3].weekly, 24000);
	cr_assert(p.support_plan.council_services_by_direct_payment);
	cr_assert_not(policy_not_by_direct_payment(&p, "council_services"));
	cr_assert_eq(p.support_plan.tolerance_percent, 10);
	policy_summary(&p, line, sizeof line);
	cr_assert_str_eq(line, "Northshire County Council: RAS 8 bands £0.00-£720.00 (min £0.00, max £1,200.00); "
	                       "panel over £673.08/week or 15% over indicative; capital £14,250.00-£23,250.00; "
	                       "9 categories; carers 4 bands £0.00-£45.00 (min £10.00, max £45.00), not charged");
}

Test(config_files, shipped_staff_loads)
{
	struct config_errors e = { 0 };
	struct staff s;
	char *path = src_path("config/staff.yaml");
	const struct staff_member *m;
	int seen[ROLE_COUNT] = { 0 };
	size_t i;

	cr_assert_eq(staff_load_file(path, &s, &e), CW_OK, "%s", e.n ? e.msgs[0] : "");
	cr_assert_eq(s.n, 9);
	cr_assert_str_eq(s.contact, "Adult Social Care Systems Team, ext. 4410, ascsystems@example.gov.uk");
	m = staff_find(&s, "cwright");
	cr_assert_not_null(m);
	cr_assert_eq(m->role, ROLE_TEAM_MANAGER);
	cr_assert_str_eq(m->team, "North Locality Team");
	cr_assert_str_eq(staff_find(&s, "gobrien")->name, "Gareth O'Brien");
	for (i = 0; i < s.n; i++)
		seen[s.members[i].role]++;
	for (i = 0; i < ROLE_COUNT; i++)
		cr_assert(seen[i] > 0, "the example has every role (%s)", role_keys[i]);
	staff_free_members(&s);
	free(path);
}

static char *temp_dir(void)
{
	char *d = xstrdup("/tmp/cw-config-XXXXXX");
	cr_assert_not_null(mkdtemp(d));
	return d;
}

Test(config_files, missing_file_names_the_reason)
{
	struct config_errors e = { 0 };
	struct policy p;
	char *d = temp_dir();
	char path[256];

	snprintf(path, sizeof path, "%s/nope.yaml", d);
	cr_assert_eq(policy_load_file(path, &p, &e), CW_ERR_IO);
	cr_assert_eq(e.n, 1);
	{
		char want[400];
		snprintf(want, sizeof want, "%s:1:1: cannot open the file: No such file or directory; expected a readable "
		                            "YAML file", path);
		cr_assert_str_eq(e.msgs[0], want);
	}
	cr_assert(policy_is_zero(&p));
	config_errors_free(&e);
	/* A directory is not a policy file. */
	cr_assert_eq(policy_load_file(d, &p, &e), CW_ERR_IO);
	cr_assert_eq(e.n, 1);
	{
		char want[400];
		snprintf(want, sizeof want, "%s:1:1: is a directory; expected a YAML file", d);
		cr_assert_str_eq(e.msgs[0], want);
	}
	config_errors_free(&e);
	rmdir(d);
	free(d);
}

/* Loads path and writes the first message to fd (as another user when
 * running as root, who could read it whatever its mode). */
static void load_unreadable(const char *path, int fd)
{
	struct config_errors e = { 0 };
	struct policy p;
	if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
		_exit(2);
	if (policy_load_file(path, &p, &e) != CW_ERR_IO || e.n != 1 || !policy_is_zero(&p))
		_exit(3);
	if (write(fd, e.msgs[0], strlen(e.msgs[0])) < 0)
		_exit(4);
	config_errors_free(&e);
	_exit(0);
}

Test(config_files, unreadable_file)
{
	char *d = temp_dir();
	char path[256], want[400], got[400] = "";
	int fd, out[2], status;
	pid_t pid;

	snprintf(path, sizeof path, "%s/secret.yaml", d);
	fd = open(path, O_WRONLY | O_CREAT, 0000);
	cr_assert(fd >= 0);
	cr_assert(write(fd, "council: {name: x}\n", 19) == 19);
	close(fd);
	cr_assert_eq(chmod(path, 0000), 0);
	cr_assert_eq(chmod(d, 0755), 0); /* the directory is open: only the file is not */
	cr_assert_eq(pipe(out), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		close(out[0]);
		load_unreadable(path, out[1]);
	}
	close(out[1]);
	ssize_t n = read(out[0], got, sizeof got - 1);
	close(out[0]);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
	got[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof want, "%s:1:1: cannot open the file: Permission denied; expected a readable YAML file", path);
	cr_assert_str_eq(got, want);
	unlink(path);
	rmdir(d);
	free(d);
}

Test(config_files, huge_file_is_refused)
{
	struct config_errors e = { 0 };
	struct policy p;
	char *d = temp_dir();
	char path[256], want[400];
	int fd;

	snprintf(path, sizeof path, "%s/huge.yaml", d);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	cr_assert(fd >= 0);
	cr_assert_eq(ftruncate(fd, (off_t)64 * 1024 * 1024), 0); /* sparse: no disk used */
	close(fd);
	cr_assert_eq(policy_load_file(path, &p, &e), CW_ERR_INVALID);
	cr_assert_eq(e.n, 1);
	snprintf(want, sizeof want, "%s:1:1: the file is too large (67108864 bytes); expected at most 1048576 bytes", path);
	cr_assert_str_eq(e.msgs[0], want);
	cr_assert(policy_is_zero(&p));
	config_errors_free(&e);
	unlink(path);
	rmdir(d);
	free(d);
}

Test(config_files, errors_may_be_null)
{
	struct policy p;
	struct staff s;

	cr_assert_eq(policy_load_data("t.yaml", "ras: [", 6, &p, NULL), CW_ERR_INVALID);
	cr_assert(policy_is_zero(&p));
	cr_assert_eq(staff_load_data("s.yaml", "staff: 3", 8, &s, NULL), CW_ERR_INVALID);
	cr_assert_null(s.members);
	cr_assert_eq(s.n, 0);
}

/* ---- staff ---- */

#define STAFF_HEAD "contact: \"IT, ext 1\"\nteams: [North, South]\nstaff:\n"

struct staff_case {
	char text[400];
	char expected[400];
};

static struct staff_case broken_staff[] = {
	{ STAFF_HEAD "  - {login: asmith, name: Alice, team: North, role: social_workr}\n",
	  "s.yaml:4:53: staff[1].role 'social_workr' is not a role; did you mean 'social_worker'?" },
	{ STAFF_HEAD "  - {login: asmith, name: Alice, team: North, role: boss}\n",
	  "s.yaml:4:53: staff[1].role 'boss' is not a role; expected one of social_worker, team_manager, panel_member, "
	  "finance_officer, admin" },
	{ STAFF_HEAD "  - {login: asmith, name: Alice, team: North, role: admin}\n"
	             "  - {login: asmith, name: Alan, team: South, role: admin}\n",
	  "s.yaml:5:13: staff[2].login 'asmith' is already used by staff[1] (line 4); expected each login once" },
	{ STAFF_HEAD "  - {login: asmith, name: Alice, role: admin}\n",
	  "s.yaml:4:5: staff[1].team is missing; expected the name of the person's team" },
	{ STAFF_HEAD "  - {login: asmith, name: Alice, team: Nort, role: admin}\n",
	  "s.yaml:4:40: staff[1].team 'Nort' is not in teams; did you mean 'North'?" },
	{ STAFF_HEAD "  - {login: \"a smith\", name: Alice, team: North, role: admin}\n",
	  "s.yaml:4:13: staff[1].login 'a smith' is not a Unix login; expected 1 to 32 letters, digits, '.', '_' or '-'" },
	{ STAFF_HEAD "  - {login: asmith, name: Alice, team: North, role: admin, grade: 7}\n",
	  "s.yaml:4:60: unknown key 'grade' in staff[1]; expected one of: login, name, team, role" },
	{ "teams: [North, South, North]\nstaff:\n  - {login: a, name: A, team: North, role: admin}\n",
	  "s.yaml:1:23: teams[3] 'North' is listed twice; expected each team once" },
	{ STAFF_HEAD "  - asmith\n",
	  "s.yaml:4:5: staff[1] is text; expected a mapping with login, name, team and role" },
	{ "contact: x\nstaff: []\n", "s.yaml:2:8: staff is an empty list; expected at least one person with login, name, "
	                           "team and role" },
	{ "contact: x\nstafff: []\n", "s.yaml:1:1: staff is missing; expected a list of people, each with login, name, "
	                             "team and role\n"
	                             "s.yaml:2:1: unknown key 'stafff'; did you mean 'staff'?" },
};

ParameterizedTestParameters(config_staff, broken)
{
	return cr_make_param_array(struct staff_case, broken_staff, CW_ARRAY_LEN(broken_staff));
}

ParameterizedTest(struct staff_case *sc, config_staff, broken)
{
	struct config_errors e = { 0 };
	struct staff s;
	char *all;

	memset(&s, 0xA5, sizeof s);
	cr_assert_eq(staff_load_data("s.yaml", sc->text, strlen(sc->text), &s, &e), CW_ERR_INVALID);
	all = joined(&e);
	cr_assert_str_eq(all, sc->expected);
	cr_assert_null(s.members);
	cr_assert_eq(s.n, 0);
	cr_assert_eq(s.contact[0], '\0');
	free(all);
	config_errors_free(&e);
}

Test(config_staff, teams_are_optional)
{
	static const char text[] = "staff:\n  - {login: pat.o-neil_2, name: Pat, team: Anything, role: finance_officer}\n";
	struct staff s;

	cr_assert_eq(staff_load_data("s.yaml", text, strlen(text), &s, NULL), CW_OK);
	cr_assert_eq(s.n, 1);
	cr_assert_str_eq(s.members[0].login, "pat.o-neil_2");
	cr_assert_eq(s.members[0].role, ROLE_FINANCE_OFFICER);
	cr_assert_str_eq(s.contact, "");
	cr_assert_null(staff_find(&s, "pat"));
	staff_free_members(&s);
}

/* ---- docs/policy.md against the loader ---- */

#define PROBE "qqqqqqqqqqqq"

static char *read_text(const char *rel)
{
	char *path = src_path(rel);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	char *buf = xmalloc(1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	free(path);
	return buf;
}

/* The keys the loader knows in one mapping, as it lists them for an
 * unknown key put there: "a, b, c" into keys (comma-separated). */
static void loader_keys(const char *text, char *sect, size_t sectsize, char *keys, size_t keysize)
{
	struct config_errors e = { 0 };
	struct policy p;
	policy_load_data("t.yaml", text, strlen(text), &p, &e);
	const char *m = NULL;
	for (size_t i = 0; i < e.n && !m; i++)
		if (strstr(e.msgs[i], "unknown key '" PROBE "'"))
			m = e.msgs[i];
	cr_assert_not_null(m, "no unknown-key message for the probe in:\n%s", text);
	const char *in = strstr(m, "' in "), *list = strstr(m, "; expected one of: ");
	cr_assert_not_null(list, "%s", m);
	sect[0] = '\0';
	if (in && in < list)
		snprintf(sect, sectsize, "%.*s", (int)(list - in - 5), in + 5);
	snprintf(keys, keysize, "%s", list + 19);
	config_errors_free(&e);
}

/* The table row documenting `key` in doc: its cells after the key. */
static int doc_row(const char *doc, const char *key, char cells[8][400])
{
	char head[200];
	snprintf(head, sizeof head, "\n| `%s` |", key);
	const char *row = strstr(doc, head);
	if (!row)
		return -1;
	row += strlen(head);
	const char *end = strchr(row, '\n');
	int n = 0;
	while (row < end && n < 8) {
		const char *bar = memchr(row, '|', (size_t)(end - row));
		if (!bar)
			break;
		const char *a = row, *b = bar;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		snprintf(cells[n++], 400, "%.*s", (int)(b - a), a);
		row = bar + 1;
	}
	return n;
}

struct probe {
	int line;          /* base line to replace (0: append text) */
	char text[300];
	int cells;         /* cells a documented row has after the key; 0: a mention is enough */
	char prefix[48];   /* how the doc names these keys */
};

static const struct probe probes[] = {
	{ 0, PROBE ": 1", 0, "### `" },
	{ 1, "council: {name: \"Test Council\", " PROBE ": 1}", 6, "" },
	{ 2, "eligibility: {min_outcomes_unable: 2, " PROBE ": 1}", 6, "" },
	{ 3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", minimum_weekly: 0.00, maximum_weekly: 1500.00, " PROBE ": 1}",
	  6, "" },
	{ 4, "charging: {capital_upper: 23250.00, capital_lower: 14250.00, tariff_per_250: 1.00, "
	     "minimum_income_guarantee_weekly: 132.00, " PROBE ": 1}", 6, "" },
	{ 5, "panel: {weekly_cost_over: 700.00, over_indicative_percent: 10, family_pa_same_household: true, " PROBE
	     ": 1}", 6, "" },
	{ 7, "  tolerance_percent: 5\n  " PROBE ": 1", 6, "" },
	{ 11, REVIEW_HEAD "interval_months: 12, high_risk_interval_months: 3, direct_payment_audit_months: 12, "
	      "due_soon_days: 28, " PROBE ": 1}", 6, "" },
	{ 11, REVIEW_HEAD "interval_months: 12, high_risk_interval_months: 3, direct_payment_audit_months: 12, "
	      "due_soon_days: 28}\naccess: {" PROBE ": 1}", 6, "" },
	{ 8, "  categories: {pa: {label: \"Personal assistant\", unit: hour, rate: 16.00, " PROBE ": 1}}", 5, "-" },
	{ 3, "ras: {bands: [{min_points: 0, max_points: 150, weekly: 100, " PROBE ": 1}], " RAS_POINTS ", " RAS_TAIL, 0,
	  "`" },
	{ 9, "  never_allowed: [{key: pets, label: \"Pet care\", words: [pet], " PROBE ": 1}]", 0, " " },
	{ 3, "ras: {pound_per_point: 4.20, points: {none: 0, low: 3, moderate: 6, substantial: 10, critical: 15, " PROBE
	     ": 1}, " RAS_TAIL, 0, "`" },
	{ 2, "eligibility: {min_outcomes_unable: 2, outcome_labels: {" PROBE ": x}}", 0, "`" },
	{ 0, "carers: {" PROBE ": 1}", 6, "" },
	{ 0, "carers: {ras: {pound_per_point: 2.50, " RAS_POINTS ", minimum_weekly: 0.00, maximum_weekly: 60.00, " PROBE
	     ": 1}}", 6, "" },
	{ 0, "carers: {outcome_labels: {" PROBE ": x}}", 0, "`" },
};

/* Every key the loader accepts has its row in docs/policy.md with the
 * type, unit, range, default, stage and meaning filled in; and every
 * key documented there is one the loader accepts. */
Test(config_docs, every_loader_key_is_documented)
{
	char *doc = read_text("docs/policy.md");
	char documented[64][160];
	size_t ndocumented = 0;
	int checked = 0;

	for (size_t i = 0; i < CW_ARRAY_LEN(probes); i++) {
		const struct probe *pr = &probes[i];
		char *text = pr->line ? policy_with(pr->line, pr->text) : policy_with(0, NULL);
		if (!pr->line) {
			text = xrealloc(text, strlen(text) + strlen(pr->text) + 2);
			strcat(strcat(text, pr->text), "\n");
		}
		char sect[96], keys[600], cells[8][400];
		loader_keys(text, sect, sizeof sect, keys, sizeof keys);
		for (char *k = strtok(keys, ", "); k; k = strtok(NULL, ", ")) {
			char full[160];
			checked++;
			if (pr->cells == 0) {
				/* A mention: a heading, a code word, or a YAML example line. */
				char want[200];
				if (pr->prefix[0] == '#')
					snprintf(want, sizeof want, "\n%s%s`", pr->prefix, k);
				else if (pr->prefix[0] == '`')
					snprintf(want, sizeof want, "`%s`", k);
				else
					snprintf(want, sizeof want, "%s%s:", pr->prefix, k);
				cr_expect_not_null(strstr(doc, want), "docs/policy.md does not mention '%s' (%s)", k,
						   sect[0] ? sect : "top level");
				continue;
			}
			if (pr->prefix[0] == '-')
				snprintf(full, sizeof full, "%s", k); /* the category table */
			else
				snprintf(full, sizeof full, "%s.%s", sect, k);
			int n = doc_row(doc, full, cells);
			cr_expect_eq(n, pr->cells, "docs/policy.md: the row for `%s` has %d cells, expected %d", full, n,
				     pr->cells);
			for (int c = 0; c < n; c++)
				cr_expect_neq(cells[c][0], '\0', "docs/policy.md: `%s` has an empty cell %d", full, c + 2);
			if (pr->prefix[0] != '-' && ndocumented < CW_ARRAY_LEN(documented))
				snprintf(documented[ndocumented++], sizeof documented[0], "%s", full);
		}
		free(text);
	}
	cr_expect_geq(checked, 50, "only %d keys checked", checked);

	/* The other way: each documented policy key row is one the loader knows. */
	for (const char *r = doc; (r = strstr(r, "\n| `")); r += 4) {
		const char *end = strchr(r + 4, '`');
		char key[96];
		snprintf(key, sizeof key, "%.*s", (int)(end - r - 4), r + 4);
		if (!strchr(key, '.') || strncmp(key, "staff", 5) == 0)
			continue;
		bool known = false;
		for (size_t i = 0; i < ndocumented && !known; i++)
			known = strcmp(documented[i], key) == 0;
		cr_expect(known, "docs/policy.md documents `%s`, which the loader does not accept", key);
	}
	free(doc);
}

/* ---- carers ---- */

Test(config_carers, absent_means_the_adult_ras_and_no_charge)
{
	struct policy p;
	char *text = policy_with(0, NULL);

	cr_assert_eq(policy_load_data("t.yaml", text, strlen(text), &p, NULL), CW_OK);
	cr_assert_not(p.carers.own_ras);
	cr_assert_not(p.carers.charge);
	cr_assert_eq(policy_carer_ras(&p), &p.ras);
	cr_assert_str_eq(p.carers.outcome_labels[1], "Providing care to other people the carer cares for");
	cr_assert_str_eq(p.carers.outcome_labels[7], "Engaging in recreational activities");
	free(text);
}

Test(config_carers, own_bands_labels_and_charge)
{
	struct policy p;
	struct config_errors e = { 0 };
	/* 8 outcomes x 5 points at critical = 40: the last band must reach 40 */
	char *text = policy_with(3, "ras: {pound_per_point: 4.20, " RAS_POINTS ", " RAS_TAIL "\ncarers: {ras: {bands: ["
	                            "{min_points: 0, max_points: 3, weekly: 0.00}, {min_points: 4, max_points: 40, "
	                            "weekly: 25.50}], points: {none: 0, low: 1, moderate: 2, substantial: 4, critical: 5}, "
	                            "minimum_weekly: 5.00, maximum_weekly: 20.00}, outcome_labels: {recreation: "
	                            "\"Time for hobbies\"}, charge: true}");
	enum cw_status st = policy_load_data("t.yaml", text, strlen(text), &p, &e);
	char *all = joined(&e);

	cr_assert_eq(st, CW_OK, "%s", all);
	cr_assert(p.carers.own_ras);
	cr_assert(p.carers.charge);
	cr_assert_eq(policy_carer_ras(&p), &p.carers.ras);
	cr_assert_eq(p.carers.ras.method, RAS_BANDS);
	cr_assert_eq(p.carers.ras.nbands, 2);
	cr_assert_eq(p.carers.ras.bands[1].weekly, 2550);
	cr_assert_eq(p.carers.ras.points[NEED_CRITICAL], 5);
	cr_assert_eq(p.carers.ras.minimum_weekly, 500);
	cr_assert_eq(p.carers.ras.maximum_weekly, 2000);
	cr_assert_str_eq(p.carers.outcome_labels[7], "Time for hobbies");
	cr_assert_str_eq(p.carers.outcome_labels[0], "Carrying out any caring responsibilities for a child");
	/* the adult's RAS is untouched */
	cr_assert_eq(p.ras.method, RAS_RATE);
	cr_assert_eq(p.ras.pence_per_point, 420);
	config_errors_free(&e);
	free(all);
	free(text);
}
