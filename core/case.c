/* case.c - the case model's key tables, defaults and its key/value
 * form. Every field is described once, in the tables below, and both
 * case_to_kv and case_from_kv walk those tables, so the two cannot
 * drift apart. */
#include "core/case.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/util.h"

const char *const stage_keys[STAGE_COUNT] = {"decision", "assessment", "panel", "planning", "review", "closed"};
const char *const stage_labels[STAGE_COUNT] = {
	"Decision-making", "Assessment", "Panel", "Support planning", "Review", "Closed",
};
const char *const client_group_keys[CLIENT_GROUP_COUNT] = {"adult", "carer", "child"};
const char *const client_group_labels[CLIENT_GROUP_COUNT] = {"Adult", "Carer", "Child or young person"};
const char *const route_keys[ROUTE_COUNT] = {"", "direct_payment", "council_managed",
                                             "individual_service_fund", "mixed"};
const char *const route_labels[ROUTE_COUNT] = {"Not decided", "Direct payment", "Council-managed",
                                               "Individual service fund", "Mixed"};
const char *const panel_decision_keys[PANEL_DECISION_COUNT] = {"pending", "approved", "approved_other",
                                                               "declined", "deferred"};
const char *const review_outcome_keys[REVIEW_OUTCOME_COUNT] = {"no_change", "change_plan", "reassess",
                                                               "end_service"};
const char *const account_keys[ACCOUNT_COUNT] = {"", "bank_account", "prepaid_card", "managed_account"};

static const char *const tri_keys[] = {"", "yes", "no"};
static const char *const manage_keys[] = {"", "alone", "with_help", "cannot"};

int case_key_index(const char *const *keys, int n, const char *key)
{
	if (!key)
		return -1;
	for (int i = 0; i < n; i++)
		if (keys[i] && strcmp(keys[i], key) == 0)
			return i;
	return -1;
}

/* ---- the outcomes a case is assessed against ---- */

void assessment_outcomes(const struct assessment_record *a, bool carer, struct outcome_view *out)
{
	out->carer = carer;
	if (carer) {
		out->n = CARER_OUTCOME_COUNT;
		out->keys = policy_carer_outcome_keys;
		out->levels = a->carer_levels;
		out->level_set = a->carer_level_set;
		out->unable = a->carer_unable;
	} else {
		out->n = OUTCOME_COUNT;
		out->keys = policy_outcome_keys;
		out->levels = a->levels;
		out->level_set = a->level_set;
		out->unable = a->unable;
	}
}

bool case_is_carer(const struct case_record *c)
{
	return c->person.group == CLIENT_CARER;
}

void case_outcomes(const struct case_record *c, struct outcome_view *out)
{
	assessment_outcomes(&c->assessment, case_is_carer(c), out);
}

bool outcome_view_need(const struct outcome_view *v, int i)
{
	if (i < 0 || i >= v->n)
		return false;
	return v->unable[i] || (v->level_set[i] && v->levels[i] > NEED_NONE && v->levels[i] < NEED_LEVELS);
}

/* ---- field descriptions ---- */

enum ftype { F_STR, F_DATE, F_MONEY, F_INT, F_I64, F_BOOL, F_ENUM };

struct field {
	const char *key;
	enum ftype type;
	size_t off, size;          /* size: the char array, or the enum's storage */
	const char *const *keys;   /* F_ENUM */
	int nkeys;
	bool always;               /* written even when at its default */
};

#define STR(k, T, m) {k, F_STR, offsetof(T, m), sizeof(((T *)0)->m), NULL, 0, false}
#define DATE(k, T, m) {k, F_DATE, offsetof(T, m), 0, NULL, 0, false}
#define MONEY(k, T, m) {k, F_MONEY, offsetof(T, m), 0, NULL, 0, false}
#define INT(k, T, m) {k, F_INT, offsetof(T, m), 0, NULL, 0, false}
#define I64(k, T, m) {k, F_I64, offsetof(T, m), 0, NULL, 0, false}
#define BOOL(k, T, m) {k, F_BOOL, offsetof(T, m), 0, NULL, 0, false}
#define ENUM(k, T, m, keys, n) {k, F_ENUM, offsetof(T, m), sizeof(((T *)0)->m), keys, n, false}
#define ENUM_ALWAYS(k, T, m, keys, n) {k, F_ENUM, offsetof(T, m), sizeof(((T *)0)->m), keys, n, true}

static const struct field case_fields[] = {
	STR("person.name", struct case_record, person.name),
	DATE("person.date_of_birth", struct case_record, person.date_of_birth),
	STR("person.address", struct case_record, person.address),
	STR("person.household", struct case_record, person.household),
	ENUM_ALWAYS("person.group", struct case_record, person.group, client_group_keys, CLIENT_GROUP_COUNT),
	STR("worker", struct case_record, worker),
	STR("team", struct case_record, team),
	ENUM_ALWAYS("stage", struct case_record, stage, stage_keys, STAGE_COUNT),
	ENUM("closed_from", struct case_record, closed_from, stage_keys, STAGE_COUNT),
	DATE("opened", struct case_record, opened),
	DATE("closed", struct case_record, closed),
	STR("closed_reason", struct case_record, closed_reason),

	ENUM("decision.route", struct case_record, decision.route, route_keys, ROUTE_COUNT),
	STR("decision.mix_detail", struct case_record, decision.mix_detail),
	ENUM("decision.has_capacity", struct case_record, decision.has_capacity, tri_keys, 3),
	STR("decision.authorised_person", struct case_record, decision.authorised_person),
	STR("decision.authorised_relationship", struct case_record, decision.authorised_relationship),
	ENUM("decision.can_manage", struct case_record, decision.can_manage, manage_keys, 4),
	STR("decision.support_to_manage", struct case_record, decision.support_to_manage),
	STR("decision.own_words", struct case_record, decision.own_words),
	BOOL("decision.trade_offs_discussed", struct case_record, decision.trade_offs_discussed),
	DATE("decision.decided_on", struct case_record, decision.decided_on),

	ENUM("assessment.impairment", struct case_record, assessment.impairment, tri_keys, 3),
	ENUM("assessment.wellbeing_impact", struct case_record, assessment.wellbeing_impact, tri_keys, 3),
	BOOL("assessment.self_assessment", struct case_record, assessment.self_assessment),
	STR("assessment.validated_by", struct case_record, assessment.validated_by),
	DATE("assessment.validated_on", struct case_record, assessment.validated_on),
	STR("assessment.signed_off_by", struct case_record, assessment.signed_off_by),
	ENUM("assessment.eligible", struct case_record, assessment.eligible, tri_keys, 3),
	STR("assessment.ineligible_reasons", struct case_record, assessment.ineligible_reasons),
	STR("assessment.advice_given", struct case_record, assessment.advice_given),
	INT("assessment.points", struct case_record, assessment.points),
	MONEY("assessment.indicative_weekly", struct case_record, assessment.indicative_weekly),
	BOOL("assessment.contribution_from_letter", struct case_record, assessment.contribution_from_letter),
	MONEY("assessment.capital", struct case_record, assessment.capital),
	MONEY("assessment.weekly_income", struct case_record, assessment.weekly_income),
	MONEY("assessment.person_weekly", struct case_record, assessment.person_weekly),
	DATE("assessment.financial_assessed_on", struct case_record, assessment.financial_assessed_on),
	STR("assessment.carer_name", struct case_record, assessment.carer_name),
	DATE("assessment.carer_date_of_birth", struct case_record, assessment.carer_date_of_birth),
	BOOL("assessment.carer_lives_with", struct case_record, assessment.carer_lives_with),
	I64("assessment.carer_case_id", struct case_record, assessment.carer_case_id),
	I64("assessment.cared_for_case_id", struct case_record, assessment.cared_for_case_id),
	ENUM("assessment.needs_from_caring", struct case_record, assessment.needs_from_caring, tri_keys, 3),
	ENUM("assessment.health_at_risk", struct case_record, assessment.health_at_risk, tri_keys, 3),

	ENUM("panel.required", struct case_record, panel.required, tri_keys, 3),
	INT("panel.triggers", struct case_record, panel.triggers),
	STR("panel.reasons", struct case_record, panel.reasons),
	STR("panel.not_needed_reason", struct case_record, panel.not_needed_reason),
	BOOL("panel.worker_request", struct case_record, panel.worker_request),
	MONEY("panel.requested_weekly", struct case_record, panel.requested_weekly),
	STR("panel.justification", struct case_record, panel.justification),
	ENUM("panel.decision", struct case_record, panel.decision, panel_decision_keys, PANEL_DECISION_COUNT),
	MONEY("panel.approved_weekly", struct case_record, panel.approved_weekly),
	STR("panel.decision_reasons", struct case_record, panel.decision_reasons),
	STR("panel.members", struct case_record, panel.members),
	DATE("panel.decided_on", struct case_record, panel.decided_on),

	MONEY("plan.total_weekly", struct case_record, plan.total_weekly),
	DATE("plan.agreed_on", struct case_record, plan.agreed_on),
	STR("plan.agreed_by", struct case_record, plan.agreed_by),
	STR("plan.signed_off_by", struct case_record, plan.signed_off_by),
	DATE("plan.signed_off_on", struct case_record, plan.signed_off_on),
	ENUM("plan.account", struct case_record, plan.account, account_keys, ACCOUNT_COUNT),
	DATE("plan.start_date", struct case_record, plan.start_date),

	BOOL("review.high_risk", struct case_record, review.high_risk),
	DATE("review.next_due", struct case_record, review.next_due),
	DATE("review.audit_due", struct case_record, review.audit_due),
};

static const struct field hearing_fields[] = {
	DATE("date", struct panel_hearing, date),
	ENUM_ALWAYS("decision", struct panel_hearing, decision, panel_decision_keys, PANEL_DECISION_COUNT),
	MONEY("approved_weekly", struct panel_hearing, approved_weekly),
	STR("reasons", struct panel_hearing, reasons),
	STR("members", struct panel_hearing, members),
};

static const struct field line_fields[] = {
	{"outcome", F_INT, offsetof(struct plan_line, outcome), 0, NULL, 0, true},
	STR("need", struct plan_line, need),
	STR("category", struct plan_line, category),
	STR("provider", struct plan_line, provider),
	STR("description", struct plan_line, description),
	BOOL("one_off", struct plan_line, one_off),
	I64("units_per_week", struct plan_line, units_per_week),
	MONEY("rate", struct plan_line, rate),
	MONEY("weekly_cost", struct plan_line, weekly_cost),
	ENUM("route", struct plan_line, route, route_keys, ROUTE_COUNT),
	BOOL("family_pa_same_household", struct plan_line, family_pa_same_household),
	STR("exception_reason", struct plan_line, exception_reason),
	BOOL("warning_confirmed", struct plan_line, warning_confirmed),
};

static const struct field review_fields[] = {
	DATE("date", struct review_entry, date),
	STR("by", struct review_entry, by),
	STR("findings", struct review_entry, findings),
	ENUM_ALWAYS("outcome", struct review_entry, outcome, review_outcome_keys, REVIEW_OUTCOME_COUNT),
	BOOL("audit", struct review_entry, audit),
	BOOL("audit_only", struct review_entry, audit_only),
	MONEY("spent", struct review_entry, spent),
	MONEY("unspent", struct review_entry, unspent),
	MONEY("misused", struct review_entry, misused),
	MONEY("clawback", struct review_entry, clawback),
};

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* enums are stored as int-sized in every struct here */
static int get_enum(const void *base, const struct field *f)
{
	return *(const int *)((const char *)base + f->off);
}

static void set_enum(void *base, const struct field *f, int v)
{
	*(int *)((char *)base + f->off) = v;
}

/* ---- defaults ---- */

static void line_init(struct plan_line *l)
{
	memset(l, 0, sizeof *l);
	l->outcome = -1;
}

static void hearing_init(struct panel_hearing *h)
{
	memset(h, 0, sizeof *h);
	h->date = DATE_NONE;
}

static void review_entry_init(struct review_entry *r)
{
	memset(r, 0, sizeof *r);
	r->date = DATE_NONE;
}

void case_init(struct case_record *c)
{
	memset(c, 0, sizeof *c);
	c->person.date_of_birth = DATE_NONE;
	c->stage = STAGE_DECISION;
	c->closed_from = STAGE_DECISION;
	c->opened = date_today();
	c->closed = DATE_NONE;
	c->decision.decided_on = DATE_NONE;
	c->assessment.validated_on = DATE_NONE;
	c->assessment.financial_assessed_on = DATE_NONE;
	c->assessment.carer_date_of_birth = DATE_NONE;
	c->panel.decided_on = DATE_NONE;
	for (int i = 0; i < PANEL_MAX_HISTORY; i++)
		hearing_init(&c->panel.history[i]);
	for (int i = 0; i < PLAN_MAX_LINES; i++)
		line_init(&c->plan.lines[i]);
	c->plan.agreed_on = DATE_NONE;
	c->plan.start_date = DATE_NONE;
	c->plan.signed_off_on = DATE_NONE;
	c->review.next_due = DATE_NONE;
	c->review.audit_due = DATE_NONE;
	for (int i = 0; i < REVIEW_MAX_HISTORY; i++)
		review_entry_init(&c->review.history[i]);
}

void case_ref_format(int64_t id, char *buf, size_t bufsize)
{
	snprintf(buf, bufsize, "C-%06" PRId64, id);
}

/* The panel's approved amount stands from the approval until the
 * figures are worked out again (a new assessment resets the panel): a
 * plan sent back to panel keeps it while it waits, and keeps it if the
 * panel then declines the increase. No approval: the indicative budget. */
int64_t case_final_weekly(const struct case_record *c)
{
	if (c->panel.approved_weekly > 0)
		return c->panel.approved_weekly;
	return c->assessment.indicative_weekly;
}

const char *case_next_action(const struct case_record *c, const struct policy *p, struct date *due)
{
	struct date d = DATE_NONE;
	const char *what;

	switch (c->stage) {
	case STAGE_DECISION:
		what = "Record the decision";
		break;
	case STAGE_ASSESSMENT:
		if (c->assessment.eligible == TRI_UNSET)
			what = "Assess needs";
		else if (c->assessment.indicative_weekly == 0)
			what = "Work out the budget";
		else if (!date_is_set(c->assessment.financial_assessed_on) &&
		         !(case_is_carer(c) && !(p && p->carers.charge)))
			/* a carer not charged has no financial assessment */
			what = CASE_NEXT_FINANCIAL;
		else if (p && p->access.assessment_signoff && cw_blank(c->assessment.signed_off_by))
			what = "Manager sign-off";
		else
			what = "Ready to move on";
		break;
	case STAGE_PANEL:
		if (c->panel.decision == PANEL_DEFERRED)
			what = "Panel: more information";
		else if (c->panel.decision == PANEL_DECLINED)
			what = "Panel declined: revise";
		else
			what = "Panel decision";
		break;
	case STAGE_PLANNING:
		if (c->plan.nlines == 0)
			what = "Write the support plan";
		else if (!date_is_set(c->plan.agreed_on))
			what = "Agree the plan";
		else if (p && p->support_plan.manager_signoff && cw_blank(c->plan.signed_off_by))
			what = "Manager sign-off";
		else
			what = "Ready to move on";
		break;
	case STAGE_REVIEW:
		d = c->review.next_due;
		if (date_is_set(c->review.audit_due) &&
		    (!date_is_set(d) || date_compare(c->review.audit_due, d) < 0)) {
			d = c->review.audit_due;
			what = "Direct payment audit";
		} else {
			what = "Review";
		}
		break;
	case STAGE_CLOSED:
	default:
		what = "Closed";
		break;
	}
	if (due)
		*due = d;
	return what;
}

/* ---- key/value lists ---- */

void kv_list_free(struct kv_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].key);
		free(l->items[i].val);
	}
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

void kv_list_add(struct kv_list *l, const char *key, const char *val)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	l->items[l->n].key = xstrdup(key);
	l->items[l->n].val = xstrdup(val ? val : "");
	l->n++;
}

static int kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

void kv_list_sort(struct kv_list *l)
{
	if (l->n > 1)
		qsort(l->items, l->n, sizeof *l->items, kv_cmp);
}

const char *kv_list_get(const struct kv_list *l, const char *key)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->items[mid].key, key);
		if (c == 0)
			return l->items[mid].val;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- to key/value ---- */

static void emit_fields(struct kv_list *out, const char *prefix, const void *base, const struct field *fs,
                        size_t n)
{
	char key[128], val[64];

	for (size_t i = 0; i < n; i++) {
		const struct field *f = &fs[i];
		const char *p = (const char *)base + f->off;
		const char *text = val;

		snprintf(key, sizeof key, "%s%s", prefix, f->key);
		switch (f->type) {
		case F_STR:
			if (!*p)
				continue;
			text = p;
			break;
		case F_DATE: {
			const struct date *d = (const struct date *)(const void *)p;
			if (!date_is_set(*d))
				continue;
			date_format(*d, val, sizeof val);
			break;
		}
		case F_MONEY: {
			int64_t v = *(const int64_t *)(const void *)p;
			if (v == 0 && !f->always)
				continue;
			money_format(v, MONEY_PLAIN, val, sizeof val);
			break;
		}
		case F_INT: {
			int v = *(const int *)(const void *)p;
			if (v == 0 && !f->always)
				continue;
			snprintf(val, sizeof val, "%d", v);
			break;
		}
		case F_I64: {
			int64_t v = *(const int64_t *)(const void *)p;
			if (v == 0 && !f->always)
				continue;
			snprintf(val, sizeof val, "%" PRId64, v);
			break;
		}
		case F_BOOL:
			if (!*(const bool *)(const void *)p)
				continue;
			text = "true";
			break;
		case F_ENUM: {
			int v = get_enum(base, f);
			if ((v == 0 && !f->always) || v < 0 || v >= f->nkeys)
				continue;
			text = f->keys[v];
			break;
		}
		}
		kv_list_add(out, key, text);
	}
}

void case_to_kv(const struct case_record *c, struct kv_list *out)
{
	char prefix[64], val[32];

	emit_fields(out, "", c, case_fields, NFIELDS(case_fields));
	for (int i = 0; i < OUTCOME_COUNT; i++) {
		char key[96];
		if (c->assessment.level_set[i] && c->assessment.levels[i] >= 0 &&
		    c->assessment.levels[i] < NEED_LEVELS) {
			snprintf(key, sizeof key, "assessment.level.%s", policy_outcome_keys[i]);
			kv_list_add(out, key, policy_level_keys[c->assessment.levels[i]]);
		}
		if (c->assessment.unable[i]) {
			snprintf(key, sizeof key, "assessment.unable.%s", policy_outcome_keys[i]);
			kv_list_add(out, key, "true");
		}
	}
	for (int i = 0; i < CARER_OUTCOME_COUNT; i++) {
		char key[96];
		if (c->assessment.carer_level_set[i] && c->assessment.carer_levels[i] >= 0 &&
		    c->assessment.carer_levels[i] < NEED_LEVELS) {
			snprintf(key, sizeof key, "assessment.carer_level.%s", policy_carer_outcome_keys[i]);
			kv_list_add(out, key, policy_level_keys[c->assessment.carer_levels[i]]);
		}
		if (c->assessment.carer_unable[i]) {
			snprintf(key, sizeof key, "assessment.carer_unable.%s", policy_carer_outcome_keys[i]);
			kv_list_add(out, key, "true");
		}
	}
	if (c->panel.nhistory > 0) {
		snprintf(val, sizeof val, "%d", c->panel.nhistory);
		kv_list_add(out, "panel.nhistory", val);
	}
	for (int i = 0; i < c->panel.nhistory && i < PANEL_MAX_HISTORY; i++) {
		snprintf(prefix, sizeof prefix, "panel.history.%02d.", i);
		emit_fields(out, prefix, &c->panel.history[i], hearing_fields, NFIELDS(hearing_fields));
	}
	if (c->plan.nlines > 0) {
		snprintf(val, sizeof val, "%d", c->plan.nlines);
		kv_list_add(out, "plan.nlines", val);
	}
	for (int i = 0; i < c->plan.nlines && i < PLAN_MAX_LINES; i++) {
		snprintf(prefix, sizeof prefix, "plan.line.%02d.", i);
		emit_fields(out, prefix, &c->plan.lines[i], line_fields, NFIELDS(line_fields));
	}
	if (c->review.nhistory > 0) {
		snprintf(val, sizeof val, "%d", c->review.nhistory);
		kv_list_add(out, "review.nhistory", val);
	}
	for (int i = 0; i < c->review.nhistory && i < REVIEW_MAX_HISTORY; i++) {
		snprintf(prefix, sizeof prefix, "review.history.%02d.", i);
		emit_fields(out, prefix, &c->review.history[i], review_fields, NFIELDS(review_fields));
	}
	kv_list_sort(out);
}

/* ---- from key/value ---- */

static bool parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long v;
	if (!*s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static enum cw_status set_field(void *base, const struct field *f, const char *key, const char *val,
                                struct cw_error *err)
{
	char *p = (char *)base + f->off;
	const char *why = "is not valid";
	int64_t v;

	switch (f->type) {
	case F_STR:
		if (!cw_strlcpy(p, val, f->size))
			return cw_fail(err, CW_ERR_INVALID, "%s: stored text is longer than %zu bytes", key,
			               f->size - 1);
		return CW_OK;
	case F_DATE:
		if (!date_parse(val, (struct date *)(void *)p, &why))
			break;
		return CW_OK;
	case F_MONEY:
		if (!money_parse(val, MONEY_ALLOW_NEGATIVE, &v, &why))
			break;
		*(int64_t *)(void *)p = v;
		return CW_OK;
	case F_INT:
		if (!parse_i64(val, INT32_MIN, INT32_MAX, &v)) {
			why = "is not a whole number";
			break;
		}
		*(int *)(void *)p = (int)v;
		return CW_OK;
	case F_I64:
		if (!parse_i64(val, INT64_MIN, INT64_MAX, &v)) {
			why = "is not a whole number";
			break;
		}
		*(int64_t *)(void *)p = v;
		return CW_OK;
	case F_BOOL:
		if (strcmp(val, "true") == 0)
			*(bool *)(void *)p = true;
		else if (strcmp(val, "false") == 0)
			*(bool *)(void *)p = false;
		else {
			why = "is not true or false";
			break;
		}
		return CW_OK;
	case F_ENUM: {
		int i = case_key_index(f->keys, f->nkeys, val);
		if (i < 0) {
			why = "is not one of the known values";
			break;
		}
		set_enum(base, f, i);
		return CW_OK;
	}
	}
	{
		char safe[80];
		cw_sanitize(safe, sizeof safe, val);
		return cw_fail(err, CW_ERR_INVALID, "%s: stored value '%s' %s", key, safe, why);
	}
}

static const struct field *find_field(const struct field *fs, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(fs[i].key, key) == 0)
			return &fs[i];
	return NULL;
}

/* "plan.line.03.category" with prefix "plan.line." -> index 3, rest "category" */
static bool split_indexed(const char *key, const char *prefix, int max, int *index, const char **rest)
{
	size_t n = strlen(prefix);
	int i = 0, digits = 0;
	const char *p;

	if (strncmp(key, prefix, n) != 0)
		return false;
	for (p = key + n; *p >= '0' && *p <= '9'; p++, digits++)
		i = i * 10 + (*p - '0');
	if (digits < 2 || digits > 3 || *p != '.' || i >= max)
		return false;
	*index = i;
	*rest = p + 1;
	return true;
}

enum cw_status case_from_kv(struct case_record *c, const struct kv_list *l, struct cw_error *err)
{
	enum cw_status st;
	int64_t count;

	for (size_t k = 0; k < l->n; k++) {
		const char *key = l->items[k].key, *val = l->items[k].val, *rest;
		const struct field *f;
		int idx;

		if ((f = find_field(case_fields, NFIELDS(case_fields), key))) {
			if ((st = set_field(c, f, key, val, err)) != CW_OK)
				return st;
		} else if (strncmp(key, "assessment.level.", 17) == 0) {
			int o = case_key_index(policy_outcome_keys, OUTCOME_COUNT, key + 17);
			int lv = case_key_index(policy_level_keys, NEED_LEVELS, val);
			if (o < 0)
				goto unknown;
			if (lv < 0)
				return cw_fail(err, CW_ERR_INVALID, "%s: stored value is not a level of need", key);
			c->assessment.levels[o] = (enum need_level)lv;
			c->assessment.level_set[o] = true;
		} else if (strncmp(key, "assessment.unable.", 18) == 0) {
			int o = case_key_index(policy_outcome_keys, OUTCOME_COUNT, key + 18);
			if (o < 0)
				goto unknown;
			c->assessment.unable[o] = strcmp(val, "true") == 0;
		} else if (strncmp(key, "assessment.carer_level.", 23) == 0) {
			int o = case_key_index(policy_carer_outcome_keys, CARER_OUTCOME_COUNT, key + 23);
			int lv = case_key_index(policy_level_keys, NEED_LEVELS, val);
			if (o < 0)
				goto unknown;
			if (lv < 0)
				return cw_fail(err, CW_ERR_INVALID, "%s: stored value is not a level of need", key);
			c->assessment.carer_levels[o] = (enum need_level)lv;
			c->assessment.carer_level_set[o] = true;
		} else if (strncmp(key, "assessment.carer_unable.", 24) == 0) {
			int o = case_key_index(policy_carer_outcome_keys, CARER_OUTCOME_COUNT, key + 24);
			if (o < 0)
				goto unknown;
			c->assessment.carer_unable[o] = strcmp(val, "true") == 0;
		} else if (strcmp(key, "panel.nhistory") == 0 || strcmp(key, "plan.nlines") == 0 ||
		           strcmp(key, "review.nhistory") == 0) {
			int max = key[1] == 'a' ? PANEL_MAX_HISTORY : key[1] == 'l' ? PLAN_MAX_LINES : REVIEW_MAX_HISTORY;
			if (!parse_i64(val, 0, max, &count))
				return cw_fail(err, CW_ERR_INVALID, "%s: stored count '%.20s' is not 0 to %d", key, val,
				               max);
			if (key[1] == 'a')
				c->panel.nhistory = (int)count;
			else if (key[1] == 'l')
				c->plan.nlines = (int)count;
			else
				c->review.nhistory = (int)count;
		} else if (split_indexed(key, "panel.history.", PANEL_MAX_HISTORY, &idx, &rest)) {
			if (!(f = find_field(hearing_fields, NFIELDS(hearing_fields), rest)))
				goto unknown;
			if ((st = set_field(&c->panel.history[idx], f, key, val, err)) != CW_OK)
				return st;
		} else if (split_indexed(key, "plan.line.", PLAN_MAX_LINES, &idx, &rest)) {
			if (!(f = find_field(line_fields, NFIELDS(line_fields), rest)))
				goto unknown;
			if ((st = set_field(&c->plan.lines[idx], f, key, val, err)) != CW_OK)
				return st;
		} else if (split_indexed(key, "review.history.", REVIEW_MAX_HISTORY, &idx, &rest)) {
			if (!(f = find_field(review_fields, NFIELDS(review_fields), rest)))
				goto unknown;
			if ((st = set_field(&c->review.history[idx], f, key, val, err)) != CW_OK)
				return st;
		} else {
			goto unknown;
		}
		continue;
	unknown: {
		char safe[96];
		cw_sanitize(safe, sizeof safe, key);
		return cw_fail(err, CW_ERR_INVALID,
		               "unknown field '%s' in the stored case; it may come from a newer casework", safe);
	}
	}
	return CW_OK;
}
