/* demo.c - a synthetic caseload that looks and behaves like a real one:
 * people with plausible names (some accented, some CJK, to exercise
 * UTF-8), ages by client group, addresses and households, and cases at
 * every stage whose records are complete up to that stage, with every
 * figure worked out under the policy in use. Deterministic: its own
 * PRNG (splitmix64), never rand(). */
#include "core/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/date.h"
#include "core/money.h"
#include "core/rules.h"
#include "core/workflow.h"
#include "core/util.h"

/* ---- the PRNG ---- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, n). n > 0. (The modulo bias is far below anything a
 * demo caseload could show.) */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(rng_next(r) % n);
}

static int rng_range(struct rng *r, int lo, int hi) /* inclusive */
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static bool rng_percent(struct rng *r, int pct)
{
	return (int)rng_below(r, 100) < pct;
}

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)CW_ARRAY_LEN(arr))])

/* ---- people ---- */

static const char *const first_f[] = {
	"Margaret", "Joan", "Patricia", "Susan", "Linda", "Elizabeth", "Mary", "Jean",
	"Sarah", "Emma", "Rachel", "Helen", "Karen", "Julie", "Dorothy", "Barbara",
	"Aisha", "Fatima", "Grace", "Olivia", "Chloe", "Megan", "Amy", "Rosemary",
	"Sheila", "Valerie", "Pauline", "Gwen", "Bronwen", "Niamh",
};
static const char *const first_m[] = {
	"John", "David", "Michael", "Peter", "Robert", "William", "James", "Brian",
	"Kevin", "Paul", "Mark", "Stephen", "Thomas", "George", "Kenneth", "Ronald",
	"Mohammed", "Imran", "Daniel", "Liam", "Ryan", "Callum", "Owen", "Dylan",
	"Derek", "Colin", "Trevor", "Rhys", "Alan", "Graham",
};
static const char *const surnames[] = {
	"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
	"Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker",
	"White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke",
	"Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward",
	"Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan",
	"Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price",
	"Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
	"Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Khan", "Ahmed",
	"Begum", "Hussain", "Ali", "O'Brien", "O'Connor", "McDonald", "Fraser",
};
/* Accented and non-Latin names: real people's names in any council. */
static const char *const names_accented[] = {
	"Zoë Brontë", "José Fernández", "Siobhán Ní Bhriain", "Łukasz Wiśniewski",
	"Renée Lefèvre", "Björn Åström", "Dvořák Jiří", "Ana María Núñez",
	"Ýr Guðmundsdóttir", "Mihály Szőke", "Çağla Yılmaz", "Søren Kierkegård",
};
static const char *const names_cjk[] = {
	"王芳", "李伟", "张秀英", "陈静", "김민준", "이서연", "佐藤 花子", "鈴木 一郎",
	"Nguyễn Văn An", "Trần Thị Mai",
};

static const char *const streets[] = {
	"High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue",
	"Mill Lane", "The Crescent", "Queen Street", "Green Lane", "Manor Road",
	"Kingsway", "Orchard Close", "Elm Grove", "Springfield Road", "Chapel Street",
	"Meadow View", "Windsor Court", "Bridge Street", "Albert Terrace", "Hollybush Way",
};
static const char *const towns[] = {
	"Northam", "Eastbury", "Westcombe", "Southwold Green", "Ashford Vale",
	"Millbrook", "Kingsfield", "Riverside",
};

/* ---- free text ---- */

static const char *const own_words[] = {
	"I want to stay in my own home and keep going to the allotment on Tuesdays.",
	"Getting out to see my grandchildren matters most. I don't want strangers every day.",
	"I'd like the same carer each morning - someone who knows how I like things done.",
	"I want to get back to church and the lunch club; I've been stuck indoors since the fall.",
	"My wife does everything for me and she's tired. I want her to have a break.",
	"I want to go to college and live with friends one day, not with my parents forever.",
	"Being independent. I can do more than people think if the help is there.",
	"I want to choose who helps me. I had agency carers before and it didn't work.",
};
static const char *const needs_words[] = {
	"Help to prepare meals and eat well", "Help with washing and dressing each morning",
	"Support with continence and toileting", "Help to keep clothes and laundry clean",
	"Moving safely around the home", "Keeping the home safe and habitable",
	"Keeping in touch with family and friends", "Getting to college and volunteering",
	"Getting out to the shops, church and clubs", "Caring for grandchildren at weekends",
};
/* The carer's eight outcomes (reg 3), in the carer's words. */
static const char *const carer_needs_words[CARER_OUTCOME_COUNT] = {
	"Looking after the children as well as Mum", "Time for my brother, who I also help",
	"Keeping on top of the house", "Time to cook and eat properly myself",
	"Seeing my partner and friends", "Keeping my job going",
	"Getting to the GP, the gym and the shops", "A break and time for my hobbies",
};
static const char *const providers[] = {
	"Brightside Homecare Ltd", "Northam Care at Home", "Own personal assistant",
	"Riverside Day Centre", "Kingsfield Shared Lives", "Ashford Vale Respite House",
	"Community Lifestyles CIC", "Millbrook Support Services",
};
static const char *const findings_text[] = {
	"Plan working well; the person is happy with their PA and wants no change.",
	"Needs have increased after a hospital stay; more morning support is needed.",
	"Direct payment account in order; receipts and timesheets checked.",
	"Carer is coping better since the respite nights started.",
	"Attends the day centre three days a week and enjoys it.",
};
static const char *const relationships[] = {"daughter", "son", "wife", "husband",
					     "brother", "niece", "friend"};

/* ---- figures, under the policy: the rules the screens use ---- */

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void figure_ras(const struct policy *p, struct case_record *c)
{
	struct ras_result r;
	if (rules_case_ras(c, p, &r, NULL) == CW_OK) {
		c->assessment.points = r.points;
		c->assessment.indicative_weekly = r.weekly;
	}
}

/* By the case's own test: reg 3 for a carer, reg 2 for everyone else. */
static bool figure_eligible(const struct policy *p, const struct case_record *c, char *why, size_t size)
{
	struct eligibility_result e;
	if (rules_case_eligibility(c, p, &e, NULL) != CW_OK)
		return false;
	if (why)
		cw_strlcpy(why, e.reasons, size);
	return e.eligible;
}

/* The person's weekly contribution towards `cost` (none for a carer the
 * policy does not charge). */
static int64_t figure_contribution(const struct policy *p, const struct case_record *c, int64_t cost)
{
	struct charge_result r;
	return rules_case_contribution(c, cost, p, &r, NULL) == CW_OK ? r.contribution : 0;
}

/* The RAS the case's budget comes from: a carer's or the adult's. */
static const struct ras_policy *case_ras_policy(const struct policy *p, const struct case_record *c)
{
	return case_is_carer(c) ? policy_carer_ras(p) : &p->ras;
}

/* Which panel triggers fire for the case as it stands; records them. */
static void figure_panel(const struct policy *p, struct case_record *c)
{
	struct panel_check pc;
	struct panel_record *pr = &c->panel;
	rules_panel_check(c, p, &pc, NULL);
	pr->triggers = pc.triggers;
	pr->required = pc.required ? TRI_YES : TRI_NO;
	pr->reasons[0] = pr->not_needed_reason[0] = '\0';
	if (pc.required) {
		if (!pr->requested_weekly)
			pr->requested_weekly = pc.amount;
		cw_strlcpy(pr->reasons, pc.reasons, sizeof pr->reasons);
	} else {
		cw_strlcpy(pr->not_needed_reason, pc.not_needed, sizeof pr->not_needed_reason);
	}
}

/* Review and audit dates from the plan's start and the reviews so far. */
static void figure_review_dates(const struct policy *p, struct case_record *c)
{
	rules_review_schedule(c, p, &c->review.next_due, &c->review.audit_due);
}

/* A plan line's weekly cost (for a one-off: the amount). */
static int64_t figure_line_cost(const struct plan_line *l)
{
	int64_t cost = 0;
	if (l->one_off)
		return l->rate;
	return rules_line_cost(l->rate, l->units_per_week, &cost, NULL) == CW_OK ? cost : 0;
}

static void figure_plan_total(struct plan_record *pl)
{
	struct plan_totals t;
	pl->total_weekly = rules_plan_totals(pl, &t, NULL) == CW_OK ? t.weekly : 0;
}

void demo_work_out(const struct policy *p, struct case_record *c)
{
	struct assessment_record *a = &c->assessment;
	struct plan_record *pl = &c->plan;

	if (c->stage == STAGE_DECISION)
		return;
	for (int i = 0; i < pl->nlines; i++) {
		struct plan_line *l = &pl->lines[i];
		const struct policy_category *cat = policy_category_find(p, l->category);
		if (l->rate == 0 && cat)
			l->rate = cat->rate;
		if (cat && cat->unit == UNIT_ONE_OFF) {
			l->one_off = true;
			l->units_per_week = 100;
		}
	}
	/* What the screens do after every change: costs, totals,
	 * eligibility, the RAS, the contribution. */
	workflow_recalculate(c, p, NULL);

	if (c->stage >= STAGE_PANEL && c->stage != STAGE_CLOSED &&
	    c->panel.required == TRI_UNSET) {
		struct panel_record *pr = &c->panel;
		if (pr->requested_weekly > 0)
			pr->worker_request = true;
		if (c->stage == STAGE_PANEL) {
			figure_panel(p, c);
			pr->decision = PANEL_PENDING;
		} else {
			/* Panel came before the plan: check the case as it was then,
			 * and a case that needed panel has been approved. */
			int nlines = pl->nlines;
			pl->nlines = 0;
			figure_panel(p, c);
			pl->nlines = nlines;
			if (pr->required == TRI_YES && pr->decision == PANEL_PENDING) {
				pr->decision = PANEL_APPROVED;
				pr->approved_weekly = pr->requested_weekly;
				pr->decided_on = date_is_set(a->validated_on)
					? date_add_days(a->validated_on, 14) : c->opened;
				cw_strlcpy(pr->members, "Funding panel", sizeof pr->members);
				cw_strlcpy(pr->decision_reasons, "Agreed as asked.",
					   sizeof pr->decision_reasons);
			}
		}
	}

	if (c->stage == STAGE_REVIEW && date_is_set(pl->start_date)) {
		struct date next = c->review.next_due, audit = c->review.audit_due;
		figure_review_dates(p, c);
		if (date_is_set(next))
			c->review.next_due = next;
		if (date_is_set(audit))
			c->review.audit_due = audit;
	}
}

/* ---- building a case stage by stage ---- */

struct gen {
	const struct policy *p;
	struct rng rng;
	struct date today;
	const struct staff_member **workers;
	size_t nworkers;
	const char *manager; /* a team manager's login for sign-offs, or the worker */
	const char *panel_names;
	/* households that can be shared (a carer with the person cared for) */
	char last_address[CASE_ADDRESS_MAX];
	char last_household[CASE_SHORT_MAX];
	long household_seq;
};

static void gen_person(struct gen *g, struct case_record *c, long serial)
{
	struct person *pe = &c->person;
	struct rng *r = &g->rng;
	int roll = rng_range(r, 1, 100);
	int age;

	pe->group = roll <= 80 ? CLIENT_ADULT : roll <= 92 ? CLIENT_CARER : CLIENT_CHILD;
	switch (pe->group) {
	case CLIENT_ADULT:
		/* Most people with care and support needs are older. */
		age = rng_percent(r, 65) ? rng_range(r, 65, 98) : rng_range(r, 18, 64);
		break;
	case CLIENT_CARER:
		age = rng_range(r, 25, 88);
		break;
	default:
		age = rng_range(r, 14, 17); /* transition to adult services */
		break;
	}
	int nroll = rng_range(r, 1, 100);
	if (nroll <= 4)
		cw_strlcpy(pe->name, PICK(r, names_accented), sizeof pe->name);
	else if (nroll <= 7)
		cw_strlcpy(pe->name, PICK(r, names_cjk), sizeof pe->name);
	else
		snprintf(pe->name, sizeof pe->name, "%s %s",
			 rng_percent(r, 55) ? PICK(r, first_f) : PICK(r, first_m), PICK(r, surnames));

	/* Exactly `age` today: born between age+1 years and age years ago. */
	pe->date_of_birth = date_add_days(date_add_months(g->today, -12 * age),
					  -rng_range(r, 1, 364));

	/* A carer usually lives with the person before them in the list. */
	if (pe->group == CLIENT_CARER && g->last_address[0] && rng_percent(r, 70)) {
		cw_strlcpy(pe->address, g->last_address, sizeof pe->address);
		cw_strlcpy(pe->household, g->last_household, sizeof pe->household);
	} else {
		int t = (int)rng_below(r, CW_ARRAY_LEN(towns));
		snprintf(pe->address, sizeof pe->address, "%d %s, %s NB%d %d%c%c",
			 rng_range(r, 1, 220), PICK(r, streets), towns[t], t + 1,
			 rng_range(r, 1, 9), 'A' + rng_range(r, 0, 25), 'A' + rng_range(r, 0, 25));
		snprintf(pe->household, sizeof pe->household, "H%07ld", ++g->household_seq);
	}
	cw_strlcpy(g->last_address, pe->address, sizeof g->last_address);
	cw_strlcpy(g->last_household, pe->household, sizeof g->last_household);
	(void)serial;
}

static void gen_decision(struct gen *g, struct case_record *c, bool complete)
{
	struct decision_record *d = &c->decision;
	struct rng *r = &g->rng;
	int roll = rng_range(r, 1, 100);

	d->route = roll <= 45 ? ROUTE_DIRECT_PAYMENT
		 : roll <= 80 ? ROUTE_COUNCIL_MANAGED
		 : roll <= 90 ? ROUTE_INDIVIDUAL_SERVICE_FUND : ROUTE_MIXED;
	if (!complete && rng_percent(r, 50)) {
		d->route = ROUTE_NONE; /* still talking it through */
		return;
	}
	if (d->route == ROUTE_MIXED)
		cw_strlcpy(d->mix_detail,
			   "Personal care through the council's homecare contract; a direct "
			   "payment for a personal assistant to go out with.",
			   sizeof d->mix_detail);
	d->has_capacity = rng_percent(r, 85) ? TRI_YES : TRI_NO;
	if (d->has_capacity == TRI_NO) {
		snprintf(d->authorised_person, sizeof d->authorised_person, "%s %s",
			 rng_percent(r, 55) ? PICK(r, first_f) : PICK(r, first_m), PICK(r, surnames));
		cw_strlcpy(d->authorised_relationship, PICK(r, relationships),
			   sizeof d->authorised_relationship);
	}
	d->can_manage = rng_percent(r, 60) ? MANAGE_ALONE : MANAGE_WITH_HELP;
	if (d->can_manage == MANAGE_WITH_HELP)
		cw_strlcpy(d->support_to_manage, "Direct payment support service (payroll and advice)",
			   sizeof d->support_to_manage);
	cw_strlcpy(d->own_words, PICK(r, own_words), sizeof d->own_words);
	d->trade_offs_discussed = true;
	d->decided_on = date_add_days(c->opened, rng_range(r, 3, 20));
	if (!complete && rng_percent(r, 50))
		d->decided_on = DATE_NONE;
}

/* Levels of need; eligible people have at least min_outcomes_unable
 * outcomes they cannot achieve (a carer: one, or their health at risk,
 * under reg 3). The same random draws are made for a carer as for an
 * adult, so the rest of the caseload does not shift with the mix. */
static void gen_assessment(struct gen *g, struct case_record *c, bool complete, bool eligible)
{
	struct assessment_record *a = &c->assessment;
	struct rng *r = &g->rng;
	bool carer = case_is_carer(c);
	int severity = rng_range(r, 0, 100); /* how much help overall */
	int unable = 0;
	int count = carer ? CARER_OUTCOME_COUNT : OUTCOME_COUNT;
	enum need_level *levels = carer ? a->carer_levels : a->levels;
	bool *set = carer ? a->carer_level_set : a->level_set;
	bool *unable_to = carer ? a->carer_unable : a->unable;
	int need = carer ? 1 : g->p->eligibility.min_outcomes_unable;

	int nset = complete ? OUTCOME_COUNT : rng_range(r, 0, OUTCOME_COUNT - 1);
	for (int i = 0; i < nset; i++) {
		int roll = rng_range(r, 0, 100) + severity / 2;
		enum need_level lvl = roll < 40 ? NEED_NONE : roll < 60 ? NEED_LOW
				    : roll < 85 ? NEED_MODERATE : roll < 115 ? NEED_SUBSTANTIAL
				    : NEED_CRITICAL;
		if (!eligible && lvl > NEED_LOW)
			lvl = NEED_LOW;
		if (i >= count)
			continue; /* a carer has eight outcomes: the draw is spent all the same */
		levels[i] = lvl;
		set[i] = true;
		unable_to[i] = lvl >= NEED_SUBSTANTIAL;
		unable += unable_to[i];
	}
	if (complete && eligible) {
		/* Make sure the regulation's threshold is met. */
		for (int i = 0; unable < need && i < count; i++) {
			if (!unable_to[i]) {
				levels[i] = NEED_SUBSTANTIAL;
				unable_to[i] = true;
				unable++;
			}
		}
	}
	a->self_assessment = rng_percent(r, 20);
	if (!complete)
		return;
	if (carer) {
		a->needs_from_caring = TRI_YES;
		/* the strain of caring shows in the carer's health when the needs run high */
		a->health_at_risk = eligible && severity >= 50 ? TRI_YES : TRI_NO;
	} else {
		a->impairment = TRI_YES;
	}
	a->wellbeing_impact = eligible ? TRI_YES : (rng_percent(r, 50) ? TRI_YES : TRI_NO);
	cw_strlcpy(a->validated_by, c->worker, sizeof a->validated_by);
	struct date decided = date_is_set(c->decision.decided_on) ? c->decision.decided_on : c->opened;
	a->validated_on = date_add_days(decided, rng_range(r, 5, 25));
	if (g->p->access.assessment_signoff)
		cw_strlcpy(a->signed_off_by, g->manager, sizeof a->signed_off_by);
	a->eligible = figure_eligible(g->p, c, a->ineligible_reasons, sizeof a->ineligible_reasons) ? TRI_YES : TRI_NO;
	if (a->eligible == TRI_NO) {
		if (!carer)
			cw_strlcpy(a->ineligible_reasons,
				   "Able to achieve all but one of the outcomes without help; needs "
				   "do not have a significant impact on wellbeing.",
				   sizeof a->ineligible_reasons);
		cw_strlcpy(a->advice_given,
			   carer ? "Details of the carers' centre, its breaks and peer support, and "
				   "the carer's emergency card; told how to ask again if caring gets harder."
				 : "Information on community groups, the falls service and a "
				   "carers' assessment for the family; told how to ask again if "
				   "things change.", sizeof a->advice_given);
		return;
	}
	a->ineligible_reasons[0] = '\0';
	figure_ras(g->p, c);
	/* Financial assessment (the draws are made for a carer too). */
	int f = rng_range(r, 1, 100);
	a->capital = f <= 70 ? (int64_t)rng_range(r, 0, 1400000)
		   : f <= 90 ? (int64_t)rng_range(r, 1425000, 2300000)
		   : (int64_t)rng_range(r, 2325000, 9000000);
	a->weekly_income = (int64_t)rng_range(r, 12000, 42000);
	bool from_letter = rng_percent(r, 10);
	struct date assessed_on = date_add_days(a->validated_on, rng_range(r, 1, 14));
	if (!rules_case_charged(c, g->p)) {
		/* carers not charged: no financial assessment */
		a->capital = a->weekly_income = a->person_weekly = 0;
		return;
	}
	a->person_weekly = figure_contribution(g->p, c, a->indicative_weekly);
	a->contribution_from_letter = from_letter;
	a->financial_assessed_on = assessed_on;
}

/* The worker asks panel for `requested` a week, with reasons. */
static void ask_panel(struct panel_record *pr, int64_t requested)
{
	pr->worker_request = true;
	pr->requested_weekly = requested;
	cw_strlcpy(pr->justification,
		   "Two carers are needed for every visit since the stroke; the RAS does not "
		   "reflect double-handed care.", sizeof pr->justification);
}

static void gen_panel(struct gen *g, struct case_record *c, bool complete)
{
	struct panel_record *pr = &c->panel;
	struct rng *r = &g->rng;
	int64_t indicative = c->assessment.indicative_weekly;
	int64_t requested = 0;

	/* Some workers ask for more than the RAS gives (complex needs). */
	if (rng_percent(r, 18))
		money_muldiv(indicative, rng_range(r, 112, 160), 100, &requested);
	if (rng_percent(r, 3))
		requested = g->p->panel.weekly_cost_over + (int64_t)rng_range(r, 100, 40000);
	requested = clamp64(requested, 0, case_ras_policy(g->p, c)->maximum_weekly);
	if (requested > 0)
		ask_panel(pr, requested);
	figure_panel(g->p, c);
	if (!complete && pr->required != TRI_YES) {
		/* A case waiting at panel always has a reason to be there. */
		money_muldiv(indicative, 125, 100, &requested);
		ask_panel(pr, clamp64(requested, 1, case_ras_policy(g->p, c)->maximum_weekly));
		figure_panel(g->p, c);
	}
	if (pr->required != TRI_YES)
		return;
	requested = pr->requested_weekly;
	if (!complete) {
		pr->decision = PANEL_PENDING;
		return;
	}
	cw_strlcpy(pr->members, g->panel_names, sizeof pr->members);
	pr->decided_on = date_add_days(date_is_set(c->assessment.financial_assessed_on)
					       ? c->assessment.financial_assessed_on : c->assessment.validated_on,
				       rng_range(r, 7, 21));
	if (rng_percent(r, 70)) {
		pr->decision = PANEL_APPROVED;
		pr->approved_weekly = requested;
		cw_strlcpy(pr->decision_reasons, "Agreed: the plan meets eligible needs that the "
			   "RAS does not fully reflect.", sizeof pr->decision_reasons);
	} else {
		pr->decision = PANEL_APPROVED_OTHER;
		int64_t mid = (requested + indicative) / 2;
		pr->approved_weekly = mid - mid % 100; /* whole pounds */
		cw_strlcpy(pr->decision_reasons, "Agreed at a lower amount: use the day centre two "
			   "days a week instead of one-to-one support.", sizeof pr->decision_reasons);
	}
	if (pr->nhistory < PANEL_MAX_HISTORY) {
		struct panel_hearing *h = &pr->history[pr->nhistory++];
		h->date = pr->decided_on;
		h->decision = pr->decision;
		h->approved_weekly = pr->approved_weekly;
		cw_strlcpy(h->reasons, pr->decision_reasons, sizeof h->reasons);
		cw_strlcpy(h->members, pr->members, sizeof h->members);
	}
}

/* A category in the policy with the given unit that this route may buy. */
static const struct policy_category *pick_category(struct gen *g, enum route route,
						   enum unit want)
{
	const struct policy *p = g->p;
	const struct policy_category *fits[POLICY_MAX_CATEGORIES];
	int n = 0;
	for (int i = 0; i < p->support_plan.ncategories; i++) {
		const struct policy_category *cat = &p->support_plan.categories[i];
		if (cat->unit != want || cat->rate <= 0)
			continue;
		if (route == ROUTE_DIRECT_PAYMENT && policy_not_by_direct_payment(p, cat->key))
			continue;
		if (strstr(cat->key, "residential"))
			continue; /* a different service altogether */
		fits[n++] = cat;
	}
	return n ? fits[rng_below(&g->rng, (uint32_t)n)] : NULL;
}

/* What a plan line buys, in the worker's words (for a carer: a break
 * from caring, as a carer's plan mostly is). */
static const char *describe(struct rng *r, const struct policy_category *cat, bool carer)
{
	enum unit u = cat->unit;
	static const char *const carer_hour[] = {
		"A sitter at home so the carer can get out for a few hours",
		"Replacement care while the carer goes to the gym",
		"Someone with Dad on the carer's evening class night",
		"Cover so the carer can keep a regular day for herself",
	};
	if (carer && u == UNIT_HOUR && !strstr(cat->key, "sleep"))
		return PICK(r, carer_hour);
	static const char *const hour[] = {
		"Help to get up, wash and dress each morning",
		"Support to go shopping and to the lunch club",
		"Evening call to help with a meal and medication prompts",
		"Going swimming and to the library with a PA",
	};
	static const char *const day[] = {"Day centre with lunch and transport",
					  "Supported volunteering at the community farm"};
	static const char *const night[] = {"Overnight short break so the carer can rest",
					    "A weekend break at the respite house"};
	static const char *const once[] = {"Grab rails and a shower seat",
					   "Employer's liability insurance for the PA"};
	if (strstr(cat->key, "sleep"))
		return "Someone on hand overnight, asleep unless needed";
	switch (u) {
	case UNIT_HOUR: return PICK(r, hour);
	case UNIT_DAY: return PICK(r, day);
	case UNIT_NIGHT: return PICK(r, night);
	default: return PICK(r, once);
	}
}

/* A plan that meets the needs within the budget: the biggest line is
 * hourly support, then a day or a night if the budget allows. */
static void gen_plan(struct gen *g, struct case_record *c, bool complete)
{
	struct plan_record *pl = &c->plan;
	struct rng *r = &g->rng;
	int64_t budget = case_final_weekly(c);
	int64_t left = budget;
	int want = complete ? rng_range(r, 1, 3) : rng_range(r, 0, 2);
	static const enum unit order[] = {UNIT_HOUR, UNIT_DAY, UNIT_NIGHT, UNIT_ONE_OFF};

	for (int k = 0; k < want && pl->nlines < PLAN_MAX_LINES; k++) {
		enum route route = c->decision.route;
		if (route == ROUTE_MIXED || route == ROUTE_INDIVIDUAL_SERVICE_FUND)
			route = k == 0 ? ROUTE_COUNCIL_MANAGED : ROUTE_DIRECT_PAYMENT;
		const struct policy_category *cat = pick_category(g, route, order[k]);
		if (!cat)
			continue;
		struct plan_line *l = &pl->lines[pl->nlines];
		memset(l, 0, sizeof *l);
		if (case_is_carer(c)) {
			l->outcome = (int)rng_below(r, CARER_OUTCOME_COUNT);
			cw_strlcpy(l->need, carer_needs_words[l->outcome], sizeof l->need);
		} else {
			l->outcome = (int)rng_below(r, OUTCOME_COUNT);
			cw_strlcpy(l->need, needs_words[l->outcome], sizeof l->need);
		}
		cw_strlcpy(l->category, cat->key, sizeof l->category);
		cw_strlcpy(l->provider, PICK(r, providers), sizeof l->provider);
		cw_strlcpy(l->description, describe(r, cat, case_is_carer(c)), sizeof l->description);
		l->rate = cat->rate;
		l->route = route;
		if (cat->unit == UNIT_ONE_OFF) {
			l->one_off = true;
			l->units_per_week = 100;
			l->weekly_cost = cat->rate;
		} else {
			/* Share of what is left: the first line takes most of it. */
			int64_t share = 0;
			money_muldiv(left, k == 0 ? rng_range(r, 55, 85) : rng_range(r, 40, 95), 100,
				     &share);
			int64_t units = 0; /* hundredths */
			if (!money_muldiv(share, 100, cat->rate, &units))
				units = 0;
			/* Half hours; whole days and nights. A carer's smaller
			 * budget may buy as little as half an hour a week. */
			units -= units % (cat->unit == UNIT_HOUR ? 50 : 100);
			if (units < (case_is_carer(c) && cat->unit == UNIT_HOUR ? 50 : 100))
				continue;
			l->units_per_week = units;
			l->weekly_cost = figure_line_cost(l);
			if (l->weekly_cost > left)
				continue;
			left -= l->weekly_cost;
		}
		pl->nlines++;
	}
	figure_plan_total(pl);
	if (!complete)
		return;
	struct date from = date_is_set(c->panel.decided_on) ? c->panel.decided_on
			 : date_is_set(c->assessment.financial_assessed_on) ? c->assessment.financial_assessed_on
			 : c->assessment.validated_on;
	pl->agreed_on = date_add_days(from, rng_range(r, 5, 30));
	cw_strlcpy(pl->agreed_by, c->worker, sizeof pl->agreed_by);
	if (g->p->support_plan.manager_signoff)
		cw_strlcpy(pl->signed_off_by, g->manager, sizeof pl->signed_off_by);
	if (c->decision.route == ROUTE_DIRECT_PAYMENT || c->decision.route == ROUTE_MIXED)
		pl->account = rng_percent(r, 60) ? ACCOUNT_PREPAID_CARD
			    : rng_percent(r, 70) ? ACCOUNT_BANK : ACCOUNT_MANAGED;
	pl->start_date = date_add_days(pl->agreed_on, rng_range(r, 3, 14));
}

/* Reviews done so far (dated before today), and the next ones due. */
static void gen_review(struct gen *g, struct case_record *c)
{
	struct review_record *rv = &c->review;
	struct rng *r = &g->rng;
	bool dp = c->decision.route == ROUTE_DIRECT_PAYMENT || c->decision.route == ROUTE_MIXED;

	rv->high_risk = rng_percent(r, 10);
	figure_review_dates(g->p, c);
	/* Reviews happen on time, except that about one case in eight is
	 * now overdue by a few days to a few weeks. */
	struct date cutoff = rng_percent(r, 12) ? date_add_days(g->today, -rng_range(r, 3, 45))
						: g->today;
	while (rv->nhistory < REVIEW_MAX_HISTORY - 1 &&
	       date_compare(rv->next_due, cutoff) < 0) {
		struct review_entry *e = &rv->history[rv->nhistory++];
		e->date = date_add_days(rv->next_due, -rng_range(r, 0, 10));
		cw_strlcpy(e->by, c->worker, sizeof e->by);
		e->outcome = REVIEW_NO_CHANGE;
		cw_strlcpy(e->findings, PICK(r, findings_text), sizeof e->findings);
		if (dp && date_is_set(rv->audit_due) && date_compare(rv->audit_due, e->date) <= 0) {
			int64_t weeks = date_diff_days(e->date, c->plan.start_date) / 7;
			int64_t paid = 0;
			money_muldiv(c->plan.total_weekly, weeks > 52 ? 52 : weeks, 1, &paid);
			e->audit = true;
			e->unspent = 0;
			money_muldiv(paid, rng_range(r, 0, 12), 100, &e->unspent);
			e->spent = paid - e->unspent;
			struct dp_audit_result au;
			if (rules_dp_audit(e->spent, e->unspent, 0, c->plan.total_weekly, g->p, &au,
					   NULL) == CW_OK)
				e->clawback = au.clawback;
		}
		figure_review_dates(g->p, c);
	}
}

static void gen_case(struct gen *g, struct case_record *c, long serial)
{
	struct rng *r = &g->rng;
	int roll = rng_range(r, 1, 100);
	enum stage stage = roll <= 14 ? STAGE_DECISION : roll <= 32 ? STAGE_ASSESSMENT
			 : roll <= 42 ? STAGE_PANEL : roll <= 60 ? STAGE_PLANNING
			 : roll <= 94 ? STAGE_REVIEW : STAGE_CLOSED;
	const struct staff_member *w = g->workers[rng_below(r, (uint32_t)g->nworkers)];

	case_init(c);
	cw_strlcpy(c->worker, w->login, sizeof c->worker);
	cw_strlcpy(c->team, w->team, sizeof c->team);
	gen_person(g, c, serial);

	/* Older stages were opened longer ago. */
	static const int age_days[STAGE_COUNT][2] = {
		{1, 20}, {10, 60}, {30, 90}, {45, 120}, {120, 1400}, {60, 1400},
	};
	c->opened = date_add_days(g->today, -rng_range(r, age_days[stage][0], age_days[stage][1]));

	/* Closed cases: ineligible at assessment, or ended after review. */
	bool ineligible_close = stage == STAGE_CLOSED && rng_percent(r, 50);

	gen_decision(g, c, stage > STAGE_DECISION);
	if (stage == STAGE_DECISION)
		goto done;
	gen_assessment(g, c, stage > STAGE_ASSESSMENT, !ineligible_close);
	if (ineligible_close) {
		c->closed_from = STAGE_ASSESSMENT;
		c->closed = date_add_days(c->assessment.validated_on, 1);
		cw_strlcpy(c->closed_reason, "Not eligible: information and advice given.",
			   sizeof c->closed_reason);
		goto done;
	}
	if (stage == STAGE_ASSESSMENT)
		goto done;
	gen_panel(g, c, stage > STAGE_PANEL);
	if (stage == STAGE_PANEL)
		goto done;
	gen_plan(g, c, stage > STAGE_PLANNING);
	if (stage == STAGE_PLANNING)
		goto done;
	gen_review(g, c);
	if (stage == STAGE_CLOSED) {
		struct review_record *rv = &c->review;
		struct date end = date_add_days(c->plan.start_date, rng_range(r, 60, 400));
		if (date_compare(end, g->today) > 0)
			end = g->today;
		if (rv->nhistory < REVIEW_MAX_HISTORY) {
			struct review_entry *e = &rv->history[rv->nhistory++];
			e->date = end;
			cw_strlcpy(e->by, c->worker, sizeof e->by);
			e->outcome = REVIEW_END_SERVICE;
			cw_strlcpy(e->findings, "The person has moved to live with family out of "
				   "the area; the service ends.", sizeof e->findings);
		}
		rv->next_due = DATE_NONE;
		rv->audit_due = DATE_NONE;
		c->closed_from = STAGE_REVIEW;
		c->closed = end;
		cw_strlcpy(c->closed_reason, "Service ended at review.", sizeof c->closed_reason);
	}
done:
	c->stage = stage;
	/* Dates never run into the future. */
	if (date_compare(c->opened, g->today) > 0)
		c->opened = g->today;
}

enum cw_status demo_generate(struct store *st, const struct policy *p, const struct staff *staff,
			     const char *who, long n, uint64_t seed, struct cw_error *err)
{
	struct gen g;
	enum cw_status rc;
	char panel[CASE_SHORT_MAX] = "";

	if (n < 1 || n > DEMO_MAX_CASES)
		return cw_fail(err, CW_ERR_INVALID, "number of cases: %ld is out of range; use 1 to %ld",
			       n, DEMO_MAX_CASES);
	memset(&g, 0, sizeof g);
	g.p = p;
	g.rng.s = seed;
	g.today = date_today();
	g.workers = xcalloc(staff->n ? staff->n : 1, sizeof *g.workers);
	for (size_t i = 0; i < staff->n; i++)
		if (staff->members[i].role == ROLE_SOCIAL_WORKER)
			g.workers[g.nworkers++] = &staff->members[i];
	if (g.nworkers == 0) /* a small setup: managers carry cases */
		for (size_t i = 0; i < staff->n; i++)
			if (staff->members[i].role == ROLE_TEAM_MANAGER)
				g.workers[g.nworkers++] = &staff->members[i];
	if (g.nworkers == 0) {
		free(g.workers);
		return cw_fail(err, CW_ERR_INVALID, "the staff file names no social worker or team "
			       "manager to allocate demo cases to; add one (role: social_worker)");
	}
	g.manager = who;
	for (size_t i = 0; i < staff->n; i++)
		if (staff->members[i].role == ROLE_TEAM_MANAGER) {
			g.manager = staff->members[i].login;
			break;
		}
	for (size_t i = 0; i < staff->n; i++)
		if (staff->members[i].role == ROLE_PANEL_MEMBER) {
			size_t len = strlen(panel);
			snprintf(panel + len, sizeof panel - len, "%s%s", len ? ", " : "",
				 staff->members[i].name);
		}
	g.panel_names = panel[0] ? panel : "Funding panel";

	struct case_record *c = xmalloc(sizeof *c);
	rc = store_batch_begin(st, err);
	for (long i = 0; rc == CW_OK && i < n; i++) {
		gen_case(&g, c, i);
		rc = store_case_create(st, c, who, err);
	}
	if (rc == CW_OK)
		rc = store_batch_commit(st, err);
	else
		store_batch_rollback(st);
	free(c);
	free(g.workers);
	return rc;
}
