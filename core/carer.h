/* carer.h - a carer's assessment (Care Act 2014 s.10): a carer with
 * needs of their own gets their own case, linked to the case of the
 * person they care for, with its own decision-making, assessment and
 * personal budget. */
#ifndef CW_CARER_H
#define CW_CARER_H

#include "case.h"
#include "date.h"
#include "status.h"
#include "store.h"

/* Fills carer (case_init'ed here) as the carer's new case from the
 * carer's details on cared_for's assessment: their name and date of
 * birth, group carer, the same worker and team, the address and
 * household when they live together, linked back to cared_for, at
 * decision-making (the carer chooses how their own budget is managed),
 * opened `today`. CW_ERR_INCOMPLETE when no carer's name is recorded;
 * CW_ERR_INVALID when cared_for is not stored yet or already has a
 * carer's case, or is itself a carer's case. */
enum cw_status carer_case_make(const struct case_record *cared_for, struct date today, struct case_record *carer,
                               struct cw_error *err);

/* true when cared_for asks for a carer's case that is not open yet. */
bool carer_case_wanted(const struct case_record *cared_for);

/* Makes the carer's case and stores it and the link on cared_for in one
 * transaction (both or neither). On success cared_for carries the link
 * (its version moved on) and, when carer_out is not NULL, it gets the
 * new case. On failure cared_for is as it was. */
enum cw_status carer_case_open(struct store *st, struct case_record *cared_for, const char *who, struct date today,
                               struct case_record *carer_out, struct cw_error *err);

#endif
