/* status.h - one status enum for the whole program, and an error
 * carrier that names what went wrong in words a person can act on. */
#ifndef CW_STATUS_H
#define CW_STATUS_H

#include <stddef.h>

enum cw_status {
	CW_OK = 0,
	CW_ERR_INVALID,    /* bad input: the message names the field and what is allowed */
	CW_ERR_INCOMPLETE, /* a stage is not finished: the message says what is missing */
	CW_ERR_STALE,      /* someone else saved a newer version first */
	CW_ERR_DENIED,     /* the signed-in role may not do this */
	CW_ERR_NOT_FOUND,
	CW_ERR_NOMEM,
	CW_ERR_IO,         /* files, the terminal */
	CW_ERR_DB,         /* the store failed; nothing was changed */
	CW_ERR_BUSY,       /* the store stayed locked beyond the busy timeout */
	CW_ERR_LIMIT,      /* a fixed limit (lines in a plan, ...) was reached */
};

/* A short, fixed description of a status ("not found"). */
const char *cw_strerror(enum cw_status st);

#define CW_ERRMSG_MAX 512

/* Carries the detail of a failure. Functions that can fail take a
 * `struct cw_error *` (which may be NULL) and fill it. */
struct cw_error {
	enum cw_status status;
	char msg[CW_ERRMSG_MAX];
};

/* Sets err (if not NULL) and returns st, so callers can write
 * `return cw_fail(err, CW_ERR_INVALID, "date of birth: ...");`. */
enum cw_status cw_fail(struct cw_error *err, enum cw_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void cw_error_clear(struct cw_error *err);

#endif
