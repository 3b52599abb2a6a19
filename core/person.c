/* person.c - checking a person's details, same name, same household
 * (see person.h). */
#include "core/person.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "core/util.h"

static enum cw_status check_text(const char *label, const char *v, size_t size, bool required,
                                 const char *what, struct cw_error *err)
{
	if (!v || cw_blank(v)) {
		if (required)
			return cw_fail(err, CW_ERR_INVALID, "%s: is required; %s", label, what);
		return CW_OK;
	}
	if (!cw_utf8_valid(v) || cw_has_controls(v, ""))
		return cw_fail(err, CW_ERR_INVALID, "%s: control characters are not allowed; use plain text", label);
	if (strlen(v) >= size)
		return cw_fail(err, CW_ERR_INVALID, "%s: is too long; at most %zu bytes are allowed", label, size - 1);
	return CW_OK;
}

enum cw_status person_check_name(const char *name, struct cw_error *err)
{
	return check_text("Name", name, CASE_NAME_MAX, true, "give the person's name as they use it", err);
}

enum cw_status person_check_address(const char *address, struct cw_error *err)
{
	return check_text("Address", address, CASE_ADDRESS_MAX, true,
	                  "give it on one line (\"No fixed abode\" when there is none)", err);
}

enum cw_status person_check_household(const char *household, struct cw_error *err)
{
	return check_text("Household", household, CASE_SHORT_MAX, false, "", err);
}

enum cw_status person_check_dob(struct date dob, struct date today, struct cw_error *err)
{
	char d[DATE_BUF], t[DATE_BUF];

	if (!date_is_set(dob))
		return cw_fail(err, CW_ERR_INVALID, "Date of birth: is required; give it as YYYY-MM-DD");
	date_format(dob, d, sizeof d);
	if (date_compare(dob, today) > 0)
		return cw_fail(err, CW_ERR_INVALID, "Date of birth: %s is in the future; today is %s", d,
		               date_format(today, t, sizeof t));
	int age = date_age_years(dob, today);
	if (age > PERSON_AGE_MAX)
		return cw_fail(err, CW_ERR_INVALID, "Date of birth: %s makes the person %d; check the year (at most %d)", d,
		               age, PERSON_AGE_MAX);
	return CW_OK;
}

enum cw_status person_check_group(enum client_group group, struct date dob, struct date on, struct cw_error *err)
{
	char d[DATE_BUF];

	if ((int)group < 0 || group >= CLIENT_GROUP_COUNT)
		return cw_fail(err, CW_ERR_INVALID, "Client group: not one of Adult, Carer or Child or young person");
	if (!date_is_set(dob) || !date_is_set(on) || date_compare(dob, on) > 0)
		return CW_OK; /* the date of birth is checked on its own */
	int age = date_age_years(dob, on);
	date_format(on, d, sizeof d);
	if (group == CLIENT_ADULT && age < PERSON_ADULT_AGE)
		return cw_fail(err, CW_ERR_INVALID,
		               "Client group: Adult is for people of %d or over; the person was %d when referred (%s): "
		               "choose Child or young person",
		               PERSON_ADULT_AGE, age, d);
	if (group == CLIENT_CARER && age < PERSON_ADULT_AGE)
		return cw_fail(err, CW_ERR_INVALID,
		               "Client group: Carer is for carers of %d or over; the person was %d when referred (%s): a "
		               "young carer is Child or young person",
		               PERSON_ADULT_AGE, age, d);
	if (group == CLIENT_CHILD && age >= PERSON_ADULT_AGE)
		return cw_fail(err, CW_ERR_INVALID,
		               "Client group: Child or young person is for people under %d; the person was %d when "
		               "referred (%s): choose Adult or Carer",
		               PERSON_ADULT_AGE, age, d);
	return CW_OK;
}

enum cw_status person_check(const struct person *p, struct date referred, struct date today, struct cw_error *err)
{
	enum cw_status rc;

	if ((rc = person_check_name(p->name, err)) != CW_OK || (rc = person_check_dob(p->date_of_birth, today, err)) != CW_OK ||
	    (rc = person_check_address(p->address, err)) != CW_OK ||
	    (rc = person_check_household(p->household, err)) != CW_OK)
		return rc;
	return person_check_group(p->group, p->date_of_birth, referred, err);
}

bool person_changed(const struct person *a, const struct person *b)
{
	return strcmp(a->name, b->name) != 0 || a->date_of_birth.days != b->date_of_birth.days ||
	       a->group != b->group || person_moved(a, b);
}

bool person_moved(const struct person *a, const struct person *b)
{
	return strcmp(a->address, b->address) != 0 || strcmp(a->household, b->household) != 0;
}

static const char *const stage_phrase[STAGE_COUNT] = {
	"decision-making", "assessment", "panel", "support planning", "review", "closed",
};

enum cw_status person_check_change(const struct case_record *before, const struct case_record *after,
                                   struct date today, struct cw_error *err)
{
	const struct person *b = &before->person, *a = &after->person;
	enum cw_status rc;

	if (strcmp(a->name, b->name) != 0 && (rc = person_check_name(a->name, err)) != CW_OK)
		return rc;
	if (a->date_of_birth.days != b->date_of_birth.days &&
	    (rc = person_check_dob(a->date_of_birth, today, err)) != CW_OK)
		return rc;
	if (strcmp(a->address, b->address) != 0 && (rc = person_check_address(a->address, err)) != CW_OK)
		return rc;
	if (strcmp(a->household, b->household) != 0 && (rc = person_check_household(a->household, err)) != CW_OK)
		return rc;
	if (a->group == b->group && a->date_of_birth.days == b->date_of_birth.days)
		return CW_OK;
	if (a->group != b->group) {
		char ref[CASE_REF_MAX];
		int s = (int)before->stage >= 0 && before->stage < STAGE_COUNT ? (int)before->stage : STAGE_CLOSED;
		if (before->stage > STAGE_ASSESSMENT)
			return cw_fail(err, CW_ERR_INVALID,
			               "Client group: the case is at %s; the group decides which assessment applies, so it "
			               "changes only at decision-making or assessment (a review can send the case back to "
			               "assessment)",
			               stage_phrase[s]);
		if (before->assessment.cared_for_case_id && a->group != CLIENT_CARER) {
			case_ref_format(before->assessment.cared_for_case_id, ref, sizeof ref);
			return cw_fail(err, CW_ERR_INVALID,
			               "Client group: this is a carer's case (caring for the person of %s); it stays Carer",
			               ref);
		}
		if (before->assessment.carer_case_id && a->group == CLIENT_CARER) {
			case_ref_format(before->assessment.carer_case_id, ref, sizeof ref);
			return cw_fail(err, CW_ERR_INVALID,
			               "Client group: the person has a carer's case (%s); a person cared for is not recorded "
			               "as a Carer on their own case",
			               ref);
		}
	}
	return person_check_group(a->group, a->date_of_birth, date_is_set(after->opened) ? after->opened : today, err);
}

/* ---- same name ---- */

/* The next letter of s folded for comparing names: ASCII and Latin-1
 * letters to lower case without accents ("Ñ" -> 'n'); other characters
 * as their code point. Runs of white space are one space. Returns the
 * code point (0 at the end) and moves *s on. */
static uint32_t next_folded(const unsigned char **s)
{
	/* U+00C0..U+00FF: the base letter, or 0 to keep it (lower-cased) */
	static const char latin1[65] = "aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0\0aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0y";
	const unsigned char *p = *s;
	uint32_t cp;

	if (!*p)
		return 0;
	if (isspace(*p)) {
		while (isspace(*p))
			p++;
		*s = p;
		return *p ? ' ' : 0;
	}
	if (*p < 0x80) {
		*s = p + 1;
		return (uint32_t)tolower(*p);
	}
	size_t len = (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 1;
	cp = len == 1 ? *p : len == 2 ? (*p & 0x1Fu) : len == 3 ? (*p & 0x0Fu) : (*p & 0x07u);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			len = i;
			break;
		}
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	*s = p + len;
	if (cp >= 0xC0 && cp <= 0xFF) {
		char base = latin1[cp - 0xC0];
		if (base)
			return (uint32_t)base;
		if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
			return cp + 0x20; /* Æ -> æ, Þ -> þ */
	}
	return cp;
}

bool person_same_name(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)(a ? a : ""), *q = (const unsigned char *)(b ? b : "");
	while (isspace(*p))
		p++;
	while (isspace(*q))
		q++;
	for (;;) {
		uint32_t x = next_folded(&p), y = next_folded(&q);
		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

bool person_live_together(const struct person *a, const struct person *b)
{
	if (cw_blank(a->address) || !person_same_name(a->address, b->address))
		return false;
	return cw_blank(a->household) || cw_blank(b->household) || person_same_name(a->household, b->household);
}
