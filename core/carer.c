/* carer.c - the carer's own linked case (see carer.h). */
#include "core/carer.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

bool carer_case_wanted(const struct case_record *cared_for)
{
	const char *n = cared_for->assessment.carer_name;
	while (*n == ' ')
		n++;
	return *n && cared_for->assessment.carer_case_id == 0 && cared_for->person.group != CLIENT_CARER;
}

enum cw_status carer_case_make(const struct case_record *cared_for, struct date today, struct case_record *carer,
                               struct cw_error *err)
{
	const struct assessment_record *a = &cared_for->assessment;

	if (cared_for->person.group == CLIENT_CARER)
		return cw_fail(err, CW_ERR_INVALID, "carer's assessment: %s is itself a carer's case", cared_for->ref);
	if (a->carer_case_id)
		return cw_fail(err, CW_ERR_INVALID, "carer's assessment: this case already has a carer's case (C-%06lld)",
		               (long long)a->carer_case_id);
	if (cared_for->id <= 0)
		return cw_fail(err, CW_ERR_INVALID, "carer's assessment: save the case first");
	if (!carer_case_wanted(cared_for))
		return cw_fail(err, CW_ERR_INCOMPLETE, "carer's assessment: give the carer's name");
	case_init(carer);
	cw_strlcpy(carer->person.name, a->carer_name, sizeof carer->person.name);
	carer->person.date_of_birth = a->carer_date_of_birth;
	carer->person.group = CLIENT_CARER;
	if (a->carer_lives_with) {
		cw_strlcpy(carer->person.address, cared_for->person.address, sizeof carer->person.address);
		cw_strlcpy(carer->person.household, cared_for->person.household, sizeof carer->person.household);
	}
	cw_strlcpy(carer->worker, cared_for->worker, sizeof carer->worker);
	cw_strlcpy(carer->team, cared_for->team, sizeof carer->team);
	carer->opened = today;
	carer->stage = STAGE_DECISION;
	carer->assessment.cared_for_case_id = cared_for->id;
	return CW_OK;
}

enum cw_status carer_case_open(struct store *st, struct case_record *cared_for, const char *who, struct date today,
                               struct case_record *carer_out, struct cw_error *err)
{
	struct case_record *carer = xmalloc(sizeof *carer);
	int64_t version = cared_for->version;
	enum cw_status rc = carer_case_make(cared_for, today, carer, err);

	if (rc == CW_OK)
		rc = store_batch_begin(st, err);
	if (rc != CW_OK) {
		free(carer);
		return rc;
	}
	rc = store_case_create(st, carer, who, err);
	if (rc == CW_OK) {
		cared_for->assessment.carer_case_id = carer->id;
		rc = store_case_save(st, cared_for, who, "open carer's case", err);
	}
	if (rc == CW_OK)
		rc = store_batch_commit(st, err);
	if (rc != CW_OK) {
		store_batch_rollback(st);
		cared_for->assessment.carer_case_id = 0;
		cared_for->version = version;
		free(carer);
		return rc;
	}
	if (carer_out)
		memcpy(carer_out, carer, sizeof *carer);
	free(carer);
	return CW_OK;
}
