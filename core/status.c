/* status.c - status names and the error carrier. */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>

const char *cw_strerror(enum cw_status st)
{
	switch (st) {
	case CW_OK: return "ok";
	case CW_ERR_INVALID: return "not valid";
	case CW_ERR_INCOMPLETE: return "not complete";
	case CW_ERR_STALE: return "changed by someone else";
	case CW_ERR_DENIED: return "not allowed for this role";
	case CW_ERR_NOT_FOUND: return "not found";
	case CW_ERR_NOMEM: return "out of memory";
	case CW_ERR_IO: return "input/output error";
	case CW_ERR_DB: return "the case store failed";
	case CW_ERR_BUSY: return "the case store is busy";
	case CW_ERR_LIMIT: return "a limit was reached";
	}
	return "unknown status";
}

enum cw_status cw_fail(struct cw_error *err, enum cw_status st, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->status = st;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return st;
}

void cw_error_clear(struct cw_error *err)
{
	if (err) {
		err->status = CW_OK;
		err->msg[0] = '\0';
	}
}
