/* test_demo.c - the synthetic caseload is consistent stage by stage,
 * allocated to the staff file's social workers, deterministic for a
 * seed, and all or nothing. */
#include <criterion/criterion.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "core/case.h"
#include "core/demo.h"
#include "core/money.h"
#include "core/store.h"

static char dir[256];
static struct policy pol;
static struct staff staff;
static struct store *st;

static const char staff_yaml[] =
	"contact: \"IT\"\n"
	"teams: [North, South, Panel]\n"
	"staff:\n"
	"  - {login: ann, name: Ann, team: North, role: social_worker}\n"
	"  - {login: bob, name: Bob, team: South, role: social_worker}\n"
	"  - {login: cat, name: Cat, team: North, role: team_manager}\n"
	"  - {login: dan, name: Dan, team: Panel, role: panel_member}\n";

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void open_store(const char *name)
{
	char path[512];
	struct cw_error err = {0};
	snprintf(path, sizeof path, "%s/%s", dir, name);
	cr_assert_eq(store_open(path, &st, &err), CW_OK, "%s", err.msg);
}

static void setup(void)
{
	char path[1024];
	const char *src = getenv("CASEWORK_SRC");
	snprintf(dir, sizeof dir, "/tmp/cw-demo-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/config/policy.yaml", src && *src ? src : ".");
	memset(&pol, 0, sizeof pol);
	cr_assert_eq(policy_load_file(path, &pol, NULL), CW_OK);
	cr_assert_eq(staff_load_data("staff", staff_yaml, strlen(staff_yaml), &staff, NULL), CW_OK);
	setenv("CASEWORK_TODAY", "2026-11-01", 1);
	open_store("demo.db");
}

static void teardown(void)
{
	store_close(&st);
	staff_free_members(&staff);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The carer's budget worked by hand from the shipped policy's carers'
 * RAS (docs/policy.md): points x rate, held within min and max. */
static int64_t carer_budget_expected(const struct assessment_record *a)
{
	int points = 0;
	int64_t weekly = 0;
	cr_assert(pol.carers.own_ras);
	cr_assert_eq(pol.carers.ras.method, RAS_RATE);
	for (int i = 0; i < CARER_OUTCOME_COUNT; i++)
		if (a->carer_level_set[i])
			points += pol.carers.ras.points[a->carer_levels[i]];
	cr_assert(money_muldiv(pol.carers.ras.pence_per_point, points, 1, &weekly));
	if (weekly > pol.carers.ras.maximum_weekly)
		weekly = pol.carers.ras.maximum_weekly;
	if (weekly < pol.carers.ras.minimum_weekly)
		weekly = pol.carers.ras.minimum_weekly;
	return weekly;
}

static int64_t ras_expected(const struct assessment_record *a)
{
	int points = 0;
	int64_t weekly = 0;
	for (int i = 0; i < OUTCOME_COUNT; i++)
		if (a->level_set[i])
			points += pol.ras.points[a->levels[i]];
	cr_assert(money_muldiv(pol.ras.pence_per_point, points, 1, &weekly));
	if (weekly > pol.ras.maximum_weekly)
		weekly = pol.ras.maximum_weekly;
	return weekly;
}

Test(demo, consistent_by_stage, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct case_record *c = malloc(sizeof *c);
	int per_stage[STAGE_COUNT] = {0};
	int carers_past_assessment = 0, carers_ineligible = 0;
	const long n = 400;

	cr_assert_eq(demo_generate(st, &pol, &staff, "cat", n, 11, &err), CW_OK, "%s", err.msg);
	for (int64_t id = 1; id <= n; id++) {
		cr_assert_eq(store_case_load(st, id, c, &err), CW_OK, "%s", err.msg);
		per_stage[c->stage]++;
		/* Allocated to a social worker, in that worker's team. */
		const struct staff_member *w = staff_find(&staff, c->worker);
		cr_assert_not_null(w, "%s: worker '%s'", c->ref, c->worker);
		cr_expect_eq(w->role, ROLE_SOCIAL_WORKER);
		cr_expect_str_eq(c->team, w->team);
		cr_expect(c->person.name[0]);
		cr_expect(date_is_set(c->person.date_of_birth));
		int age = date_age_years(c->person.date_of_birth, date_today());
		if (c->person.group == CLIENT_CHILD)
			cr_expect(age >= 14 && age <= 17, "%s: a child of %d", c->ref, age);
		else
			cr_expect(age >= 18, "%s: an adult of %d", c->ref, age);

		bool ineligible = c->stage == STAGE_CLOSED && c->closed_from == STAGE_ASSESSMENT;
		if (c->stage > STAGE_DECISION) {
			cr_expect_neq(c->decision.route, ROUTE_NONE, "%s", c->ref);
			cr_expect(date_is_set(c->decision.decided_on), "%s", c->ref);
			cr_expect_neq(c->decision.has_capacity, TRI_UNSET, "%s", c->ref);
			if (c->decision.has_capacity == TRI_NO)
				cr_expect(c->decision.authorised_person[0], "%s", c->ref);
		}
		if (ineligible) {
			cr_expect_eq(c->assessment.eligible, TRI_NO, "%s", c->ref);
			cr_expect(c->assessment.ineligible_reasons[0]);
			cr_expect(c->assessment.advice_given[0]);
			cr_expect(date_is_set(c->closed));
			if (c->person.group == CLIENT_CARER) {
				/* reg 3: not one carer's outcome unable and health not at risk */
				const struct assessment_record *a = &c->assessment;
				carers_ineligible++;
				cr_expect_eq(a->needs_from_caring, TRI_YES, "%s", c->ref);
				cr_expect_eq(a->health_at_risk, TRI_NO, "%s", c->ref);
				for (int i = 0; i < CARER_OUTCOME_COUNT; i++)
					cr_expect_not(a->carer_unable[i], "%s: carer's outcome %d", c->ref, i);
				for (int i = 0; i < OUTCOME_COUNT; i++)
					cr_expect_not(a->level_set[i], "%s: an adult's outcome on a carer", c->ref);
				cr_expect(strncmp(a->ineligible_reasons,
						  "The carer's health is not deteriorating or at risk of it, and the carer can "
						  "achieve all eight outcomes; the regulations need one or the other.", 142) == 0,
					  "%s: %s", c->ref, a->ineligible_reasons);
			}
			continue;
		}
		if (c->stage > STAGE_ASSESSMENT && c->person.group == CLIENT_CARER) {
			/* A carer is assessed with reg 3 and budgeted by the carers' RAS,
			 * and the shipped policy does not charge carers. */
			const struct assessment_record *a = &c->assessment;
			int unable = 0;
			carers_past_assessment++;
			for (int i = 0; i < CARER_OUTCOME_COUNT; i++) {
				cr_expect(a->carer_level_set[i], "%s: carer's outcome %d", c->ref, i);
				unable += a->carer_unable[i];
			}
			for (int i = 0; i < OUTCOME_COUNT; i++)
				cr_expect_not(a->level_set[i], "%s: an adult's outcome on a carer", c->ref);
			cr_expect_eq(a->needs_from_caring, TRI_YES, "%s", c->ref);
			cr_expect(unable >= 1 || a->health_at_risk == TRI_YES, "%s", c->ref);
			cr_expect_eq(a->eligible, TRI_YES, "%s", c->ref);
			cr_expect_eq(a->indicative_weekly, carer_budget_expected(a), "%s", c->ref);
			cr_expect_leq(a->indicative_weekly, pol.carers.ras.maximum_weekly, "%s", c->ref);
			cr_expect_eq(a->person_weekly, 0, "%s", c->ref);
			cr_expect_not(date_is_set(a->financial_assessed_on), "%s", c->ref);
			for (int i = 0; i < c->plan.nlines; i++)
				cr_expect(c->plan.lines[i].outcome >= 0 && c->plan.lines[i].outcome < CARER_OUTCOME_COUNT,
					  "%s line %d", c->ref, i);
		} else if (c->stage > STAGE_ASSESSMENT) {
			const struct assessment_record *a = &c->assessment;
			for (int i = 0; i < OUTCOME_COUNT; i++)
				cr_expect(a->level_set[i], "%s: outcome %d", c->ref, i);
			cr_expect_eq(a->eligible, TRI_YES, "%s", c->ref);
			cr_expect_eq(a->indicative_weekly, ras_expected(a), "%s", c->ref);
			cr_expect_leq(a->person_weekly, a->indicative_weekly, "%s", c->ref);
			cr_expect(date_is_set(a->financial_assessed_on), "%s", c->ref);
		}
		if (c->stage == STAGE_PANEL) {
			cr_expect_eq(c->panel.required, TRI_YES, "%s", c->ref);
			cr_expect_eq(c->panel.decision, PANEL_PENDING, "%s", c->ref);
			cr_expect(c->panel.reasons[0], "%s", c->ref);
		}
		if (c->stage > STAGE_PANEL) {
			const struct panel_record *p = &c->panel;
			cr_expect_neq(p->required, TRI_UNSET, "%s", c->ref);
			if (p->required == TRI_YES) {
				cr_expect(p->decision == PANEL_APPROVED ||
					  p->decision == PANEL_APPROVED_OTHER, "%s", c->ref);
				cr_expect_gt(p->approved_weekly, 0, "%s", c->ref);
				cr_expect(date_is_set(p->decided_on), "%s", c->ref);
			} else {
				cr_expect(p->not_needed_reason[0], "%s", c->ref);
				cr_expect_leq(c->assessment.indicative_weekly, pol.panel.weekly_cost_over);
			}
		}
		if (c->stage > STAGE_PLANNING) {
			const struct plan_record *pl = &c->plan;
			int64_t sum = 0;
			cr_expect_gt(pl->nlines, 0, "%s", c->ref);
			for (int i = 0; i < pl->nlines; i++) {
				const struct plan_line *l = &pl->lines[i];
				const struct policy_category *cat = policy_category_find(&pol, l->category);
				cr_assert_not_null(cat, "%s: category %s", c->ref, l->category);
				if (!l->one_off) {
					int64_t cost = 0;
					money_muldiv(l->rate, l->units_per_week, 100, &cost);
					cr_expect_eq(l->weekly_cost, cost, "%s line %d", c->ref, i);
					sum += l->weekly_cost;
				}
				if (l->route == ROUTE_DIRECT_PAYMENT)
					cr_expect(!policy_not_by_direct_payment(&pol, l->category));
			}
			cr_expect_eq(pl->total_weekly, sum, "%s", c->ref);
			cr_expect_leq(pl->total_weekly, case_final_weekly(c), "%s", c->ref);
			cr_expect(date_is_set(pl->agreed_on) && date_is_set(pl->start_date), "%s", c->ref);
		}
		if (c->stage == STAGE_REVIEW) {
			cr_expect(date_is_set(c->review.next_due), "%s", c->ref);
			if (c->decision.route == ROUTE_DIRECT_PAYMENT)
				cr_expect(date_is_set(c->review.audit_due), "%s", c->ref);
		}
	}
	for (int s = 0; s < STAGE_COUNT; s++)
		cr_expect_gt(per_stage[s], 0, "no case at %s", stage_keys[s]);
	cr_expect_gt(carers_past_assessment, 10, "carers assessed: %d", carers_past_assessment);
	cr_expect_gt(carers_ineligible, 0, "carers found not eligible: %d", carers_ineligible);
	free(c);
}

Test(demo, same_seed_same_caseload, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct store *a = st, *b = NULL;
	struct case_record *ca = malloc(sizeof *ca), *cb = malloc(sizeof *cb);

	cr_assert_eq(demo_generate(a, &pol, &staff, "cat", 30, 5, &err), CW_OK, "%s", err.msg);
	open_store("second.db");
	b = st;
	cr_assert_eq(demo_generate(b, &pol, &staff, "cat", 30, 5, &err), CW_OK, "%s", err.msg);
	for (int64_t id = 1; id <= 30; id++) {
		struct kv_list ka = {0}, kb = {0};
		cr_assert_eq(store_case_load(a, id, ca, &err), CW_OK);
		cr_assert_eq(store_case_load(b, id, cb, &err), CW_OK);
		case_to_kv(ca, &ka);
		case_to_kv(cb, &kb);
		cr_assert_eq(ka.n, kb.n, "case %lld", (long long)id);
		for (size_t i = 0; i < ka.n; i++) {
			cr_expect_str_eq(ka.items[i].key, kb.items[i].key);
			cr_expect_str_eq(ka.items[i].val, kb.items[i].val, "%s", ka.items[i].key);
		}
		kv_list_free(&ka);
		kv_list_free(&kb);
	}
	store_close(&a);
	free(ca);
	free(cb);
}

Test(demo, refuses_without_workers, .init = setup, .fini = teardown)
{
	struct staff none = {0};
	struct cw_error err = {0};
	const char yaml[] = "contact: IT\nteams: [P]\nstaff:\n"
			    "  - {login: dan, name: Dan, team: P, role: panel_member}\n";
	cr_assert_eq(staff_load_data("s", yaml, strlen(yaml), &none, NULL), CW_OK);
	cr_expect_eq(demo_generate(st, &pol, &none, "dan", 5, 1, &err), CW_ERR_INVALID);
	cr_expect_str_eq(err.msg, "the staff file names no social worker or team manager to "
				  "allocate demo cases to; add one (role: social_worker)");
	staff_free_members(&none);
}

Test(demo, all_or_nothing, .init = setup, .fini = teardown)
{
	struct cw_error err = {0};
	struct caseload cl = {0};
	struct caseload_query q = {.stage = -1, .sort = SORT_REF};

	store_fail_after(st, 60); /* about the 20th of 50 cases (3 writes each) */
	cr_expect_neq(demo_generate(st, &pol, &staff, "cat", 50, 1, &err), CW_OK);
	store_fail_after(st, 0);
	cr_assert_eq(store_caseload(st, &q, &cl, &err), CW_OK, "%s", err.msg);
	cr_expect_eq(cl.n, 0, "a failed demo leaves no cases");
	caseload_free(&cl);
}
