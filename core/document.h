/* document.h - documents for the person: the support plan and the
 * personal budget statement (Care Act 2014 s.26), as plain text that
 * reads well at 80 columns, or as Markdown. Figures are the case's own
 * (worked out by the rules when the case was saved); text from the
 * case is made safe to show (no control characters). */
#ifndef CW_DOCUMENT_H
#define CW_DOCUMENT_H

#include <stdio.h>

#include "case.h"
#include "policy.h"
#include "status.h"

enum document_kind { DOCUMENT_SUPPORT_PLAN, DOCUMENT_BUDGET_STATEMENT };
enum document_style { DOCUMENT_TEXT, DOCUMENT_MARKDOWN };

/* Lines are at most this many columns in DOCUMENT_TEXT. */
#define DOCUMENT_WIDTH 78

/* Writes the document. CW_ERR_INCOMPLETE (saying what is missing) if
 * the case has no such document yet: no plan lines for a plan; no
 * indicative budget for a statement. CW_ERR_IO if the stream failed. */
enum cw_status document_write(FILE *out, const struct case_record *c, const struct policy *p,
			      enum document_kind kind, enum document_style style,
			      struct cw_error *err);

#endif
