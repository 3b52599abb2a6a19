/* person.h - the person a case is about: checking their details when a
 * case is opened for them or the details are corrected, telling whether
 * two records name the same person (a second case opened by mistake),
 * and whether two people live together (the same household). */
#ifndef CW_PERSON_H
#define CW_PERSON_H

#include <stdbool.h>
#include <stddef.h>

#include "case.h"
#include "date.h"
#include "status.h"

/* Oldest age accepted for a date of birth (a year typed wrong, 1826 for
 * 1926, is the usual reason for more). */
#define PERSON_AGE_MAX 120
/* Adult services: a person under this age on the referral is a child or
 * young person (a transition assessment, Care Act 2014 ss.58-66). */
#define PERSON_ADULT_AGE 18

/* The name: not blank, valid UTF-8, no control characters, fits.
 * CW_ERR_INVALID naming the field ("Name: ...") and what is allowed. */
enum cw_status person_check_name(const char *name, struct cw_error *err);

/* The date of birth: given, not after `today`, not more than
 * PERSON_AGE_MAX years before it. */
enum cw_status person_check_dob(struct date dob, struct date today, struct cw_error *err);

/* The address (required: "No fixed abode" when there is none) or the
 * household (optional): valid UTF-8, no control characters, fits. */
enum cw_status person_check_address(const char *address, struct cw_error *err);
enum cw_status person_check_household(const char *household, struct cw_error *err);

/* The client group against the person's age on the day the case was
 * referred (`on`): adults and carers are PERSON_ADULT_AGE or over, a
 * child or young person is under it. */
enum cw_status person_check_group(enum client_group group, struct date dob, struct date on, struct cw_error *err);

/* Every field of p as above, the group against the age on `referred`
 * (the case's opened date). The first problem found is reported. */
enum cw_status person_check(const struct person *p, struct date referred, struct date today, struct cw_error *err);

/* A correction of the person on a stored case (before -> after): every
 * changed field checked as above (the group against the age only when
 * the group or the date of birth changed, so an old case of someone who
 * has since turned 18 can still have its address corrected); and the
 * client group, which decides which assessment applies, changes only at
 * decision-making or assessment, and not on either side of a carer's
 * link (a carer's case stays a carer's; a person with a carer's case is
 * not a carer here). CW_OK when the person did not change. */
enum cw_status person_check_change(const struct case_record *before, const struct case_record *after,
                                   struct date today, struct cw_error *err);

/* Whether any of the person's fields differ. */
bool person_changed(const struct person *a, const struct person *b);

/* Whether the address or the household differ (a move, or a correction
 * of where they live). */
bool person_moved(const struct person *a, const struct person *b);

/* Whether two names are the same name as a worker would read them: the
 * same letters whatever their case and accents (Núñez, NUNEZ), spaces
 * at the ends and runs of spaces aside. */
bool person_same_name(const char *a, const char *b);

/* Whether two people live together: the same address (compared as
 * names are) and, when both have one recorded, the same household (two
 * households can share an address; a household number kept after a
 * move is not a shared home). */
bool person_live_together(const struct person *a, const struct person *b);

#endif
