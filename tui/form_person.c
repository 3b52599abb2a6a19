/* form_person.c - the person a case is about: the new-case form (a
 * referral) and the correction of the person's details on a case. The
 * checks are core's (core/person.h), run as each field is left. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/person.h"
#include "core/util.h"
#include "core/workflow.h"
#include "tui/stage_forms.h"

#define OFF(m) offsetof(struct case_record, m)
#define SZ(m) sizeof(((struct case_record *)0)->m)
#define NB FORM_NO_BIND

#define REFERRAL_MAX 4000

static const struct form_field person_fields[] = {
	{"name", "Name", FK_TEXT, OFF(person.name), SZ(person.name), NULL, 0, 0, NULL, NB, true, 0, 0,
	 "The person's name as they use it."},
	{"date_of_birth", "Date of birth", FK_DATE, OFF(person.date_of_birth), 0, NULL, 0, 0, NULL, NB, true, 0, 0,
	 "As YYYY-MM-DD; not in the future."},
	{"group", "Client group", FK_CHOICE, OFF(person.group), 0, client_group_labels, CLIENT_GROUP_COUNT, 0, NULL, NB,
	 true, 0, 0, "Adult, carer (18 or over), or child or young person (transition); Space changes it."},
	{"address", "Address", FK_TEXT, OFF(person.address), SZ(person.address), NULL, 0, 0, NULL, NB, true, 0, 0,
	 "On one line; \"No fixed abode\" when there is none."},
	{"household", "Household", FK_TEXT, OFF(person.household), SZ(person.household), NULL, 0, 0, NULL, NB, false, 0,
	 0, "Who they live with: one household number or name for all of them; blank: the address."},
};

static const struct form_field referral_fields[] = {
	{"opened", "Referral date", FK_DATE, OFF(opened), 0, NULL, 0, 0, NULL, NB, true, 0, 0,
	 "The day the referral came in, as YYYY-MM-DD; not in the future."},
	{"referral", "Referral", FK_LINES, NB, REFERRAL_MAX, NULL, 0, 0, NULL, NB, false, 0, 0,
	 "Who referred them and what was asked for; saved as the first case note (Enter: a new line)."},
};

/* The day the case was referred: the client group is checked against
 * the age then. Set when a form is built (one person form at a time). */
static struct date referred_on;

/* The date in field `key` as typed, or DATE_NONE. */
static struct date typed_date(const struct form *f, const char *key)
{
	struct date d = DATE_NONE;
	int i = form_find(f, key);
	if (i >= 0) {
		char *v = cw_trim(xstrdup(f->val[i]));
		if (!date_parse(v, &d, NULL))
			d = DATE_NONE;
		free(v);
	}
	return d;
}

static enum cw_status person_check_ex(const struct form *f, int i, const char *v, struct cw_error *err)
{
	const char *key = f->fields[i].key;
	struct date today = date_today();
	struct date d;

	if (strcmp(key, "name") == 0)
		return person_check_name(v, err);
	if (strcmp(key, "address") == 0)
		return person_check_address(v, err);
	if (strcmp(key, "date_of_birth") == 0 && date_parse(v, &d, NULL))
		return person_check_dob(d, today, err);
	if (strcmp(key, "opened") == 0 && date_parse(v, &d, NULL) && date_compare(d, today) > 0) {
		char a[DATE_BUF], b[DATE_BUF];
		return cw_fail(err, CW_ERR_INVALID, "Referral date: %s is in the future; today is %s",
		               date_format(d, a, sizeof a), date_format(today, b, sizeof b));
	}
	if (strcmp(key, "group") == 0) {
		/* against the age on the referral, once both dates are typed */
		struct date dob = typed_date(f, "date_of_birth"), on = typed_date(f, "opened");
		if (!date_is_set(on))
			on = date_is_set(referred_on) ? referred_on : today;
		return person_check_group((enum client_group)atoi(v), dob, on, err);
	}
	return CW_OK;
}

static void person_build(struct form *f, const struct case_record *c, const struct policy *p)
{
	form_init(f, "person", "The person's details", person_fields, (int)CW_ARRAY_LEN(person_fields), p);
	f->check_ex = person_check_ex;
	referred_on = c->opened;
	form_load(f, c);
}

void form_newcase_build(struct form *f, const struct policy *p, struct date today)
{
	struct form_field defs[CW_ARRAY_LEN(person_fields) + CW_ARRAY_LEN(referral_fields)];
	int n = 0;
	for (size_t i = 0; i < CW_ARRAY_LEN(person_fields); i++)
		defs[n++] = person_fields[i];
	for (size_t i = 0; i < CW_ARRAY_LEN(referral_fields); i++)
		defs[n++] = referral_fields[i];
	form_init(f, "newcase", "New case: the person referred", defs, n, p);
	f->check_ex = person_check_ex;
	referred_on = today;
	struct case_record *blank = xmalloc(sizeof *blank);
	case_init(blank);
	blank->opened = today;
	form_load(f, blank);
	free(blank);
	/* no client group until the worker chooses one */
	int g = form_find(f, "group");
	form_set(f, g, "");
	form_mark_saved(f);
}

enum cw_status form_newcase_apply(struct form *f, struct case_record *c, char **referral, struct cw_error *err)
{
	case_init(c);
	*referral = NULL;
	enum cw_status rc = form_apply(f, c, true, err);
	if (rc != CW_OK)
		return rc;
	int r = form_find(f, "referral");
	*referral = cw_trim(xstrdup(r >= 0 ? f->val[r] : ""));
	return CW_OK;
}

static void person_derive(struct case_record *c, const struct policy *p, const char *who)
{
	(void)who;
	workflow_recalculate(c, p, NULL);
}

static void person_working(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	(void)p;
	size_t len = 0;
	char ref[CASE_REF_MAX];
#define OUT(...) \
	do { \
		int n_ = snprintf(buf + len, size - len, __VA_ARGS__); \
		if (n_ > 0) \
			len += (size_t)n_ < size - len ? (size_t)n_ : size - len - 1; \
	} while (0)
	buf[0] = '\0';
	OUT("What depends on where the person lives:\n\n");
	bool any = false;
	if (c->assessment.carer_case_id) {
		case_ref_format(c->assessment.carer_case_id, ref, sizeof ref);
		OUT("- Their carer has a case of their own, %s, recorded as %s.\n", ref,
		    c->assessment.carer_lives_with ? "living with them" : "not living with them");
		any = true;
	}
	if (c->assessment.cared_for_case_id) {
		case_ref_format(c->assessment.cared_for_case_id, ref, sizeof ref);
		OUT("- This is a carer's case; the person cared for is %s, whose case records whether\n"
		    "  the carer lives with them.\n",
		    ref);
		any = true;
	}
	if (any)
		OUT("  When the address or household changes you are asked whether the other moves\n"
		    "  too; if not, they are recorded as living apart. Moving to where the other\n"
		    "  lives records them as living together.\n");
	for (int i = 0; i < c->plan.nlines && i < PLAN_MAX_LINES; i++)
		if (c->plan.lines[i].family_pa_same_household) {
			OUT("- Plan line %d pays a family member of the same household%s.\n", i + 1,
			    c->plan.lines[i].route == ROUTE_DIRECT_PAYMENT ? " by direct payment (a panel check)" : "");
			any = true;
		}
	if (c->plan.nlines && any)
		OUT("  After a move you are asked whether they live with the person still; if not,\n"
		    "  the line no longer counts as a family member of the same household.\n");
	if (!any)
		OUT("Nothing on this case: no carer's case is linked and no plan line pays a family\n"
		    "member of the same household.\n");
	OUT("\nThe client group decides which assessment applies (a carer's, or an adult's);\n"
	    "it can be changed at decision-making or assessment only.\n");
#undef OUT
}

static void person_summary(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	(void)p;
	char d[DATE_BUF], ref[CASE_REF_MAX], link[96] = "";
	if (c->assessment.carer_case_id) {
		case_ref_format(c->assessment.carer_case_id, ref, sizeof ref);
		snprintf(link, sizeof link, "; carer's case %s%s", ref,
		         c->assessment.carer_lives_with ? " (lives with them)" : "");
	} else if (c->assessment.cared_for_case_id) {
		case_ref_format(c->assessment.cared_for_case_id, ref, sizeof ref);
		snprintf(link, sizeof link, "; cares for the person of %s", ref);
	}
	snprintf(buf, size, "Referred %s%s (w: what depends on it)", date_format(c->opened, d, sizeof d), link);
}

const struct stage_form_ops form_person_ops = {
	"person", "The person's details", ACCESS_EDIT_PERSON, person_build, person_derive, person_working, NULL,
	person_summary,
};
