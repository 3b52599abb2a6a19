/* demo.h - a realistic synthetic caseload, for demos, training and
 * benchmarks. Every figure comes from the same rules the screens use
 * (RAS, charging, panel triggers, plan costing, review dates) under the
 * policy given, and cases are allocated across the social workers of
 * the staff file. The same seed gives the same caseload. */
#ifndef CW_DEMO_H
#define CW_DEMO_H

#include <stdint.h>

#include "policy.h"
#include "staff.h"
#include "status.h"
#include "store.h"

#define DEMO_MAX_CASES 1000000L

/* Creates n cases (1..DEMO_MAX_CASES) in one store batch, audited as
 * `who`. All or nothing: on failure nothing is kept. CW_ERR_INVALID if
 * the staff file names no social worker or team manager to allocate
 * cases to. */
enum cw_status demo_generate(struct store *st, const struct policy *p, const struct staff *staff,
			     const char *who, long n, uint64_t seed, struct cw_error *err);

/* Works out every figure a case's records imply, under policy p, with
 * the rules the screens use: RAS points and indicative budget,
 * eligibility, the person's contribution (unless entered from the
 * finance letter), panel triggers and reasons (when the case has
 * reached panel and they are not yet recorded), plan line costs and
 * the weekly total, review and audit dates (when not set). Used by
 * training scenarios, whose data give only what a worker would enter. */
void demo_work_out(const struct policy *p, struct case_record *c);

#endif
