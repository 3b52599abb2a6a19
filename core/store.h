/* store.h - the case store. One interface; SQLite behind it today
 * (core/store_sqlite.c), so another backend can be added without
 * touching the callers. Nothing outside the store writes SQL.
 *
 * Every change is one transaction together with its audit rows. The
 * audit trail is append-only and hash-chained: each row carries the
 * hash of the row before it. Saves carry the case's version: saving
 * over a newer version is refused (CW_ERR_STALE) with who changed it
 * and when. */
#ifndef CW_STORE_H
#define CW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case.h"
#include "staff.h"
#include "status.h"

struct store;

/* Opens (creating if need be) and migrates forward. The schema version
 * lives in PRAGMA user_version; a database from a newer casework is
 * refused with a message saying so. */
enum cw_status store_open(const char *path, struct store **out, struct cw_error *err);
void store_close(struct store **st);

/* What the store uses besides the database, set once after opening
 * (both may be NULL; neither is copied, so both must outlive the
 * store): the policy in use, for the caseload's "next action" (whether
 * a sign-off is still to come), and the staff list, so that a message
 * names a person ("changed by Alice Smith (asmith) at 10:42") rather
 * than a login. */
void store_set_context(struct store *st, const struct policy *p, const struct staff *staff);

/* Called (at most once a save) when a save has waited about a second
 * for another session's write - a backup, a long import - so that the
 * screen can say why it is waiting. The wait goes on for a few seconds
 * more before the save gives up with CW_ERR_BUSY, nothing changed.
 * NULL: nothing is called (the hang-up path, which must not touch the
 * terminal). */
void store_set_waiting(struct store *st, void (*waiting)(void *ctx), void *ctx);

/* Schema version this build writes. */
int store_schema_version(void);

/* How the open store protects what it holds, as the backend reports it
 * (for IT and the tests): the journal ("wal"), whether every commit is
 * flushed to disk before it is reported done, whether references
 * between tables are enforced, how long a save waits for another
 * session's write, and the schema version of the file. */
struct store_settings {
	char journal[16];
	bool sync_full;
	bool foreign_keys;
	int busy_timeout_ms;
	int schema_version;
};
enum cw_status store_settings(struct store *st, struct store_settings *out, struct cw_error *err);

/* ---- cases ---- */

/* Stores a new case (and its person). Sets c->id, c->ref, c->version=1.
 * Audits "created" and every field set. */
enum cw_status store_case_create(struct store *st, struct case_record *c, const char *who,
                                 struct cw_error *err);

enum cw_status store_case_load(struct store *st, int64_t id, struct case_record *out,
                               struct cw_error *err);
enum cw_status store_case_load_ref(struct store *st, const char *ref, struct case_record *out,
                                   struct cw_error *err);

/* Saves c if the stored version is still c->version: writes every field
 * that changed, one audit row per field (old, new), and bumps
 * c->version. Otherwise CW_ERR_STALE, "changed by NAME at HH:MM", and
 * nothing is written. `what` names the action for the audit ("save
 * decision", "advance to assessment"). */
enum cw_status store_case_save(struct store *st, struct case_record *c, const char *who,
                               const char *what, struct cw_error *err);

/* Calls fn for each case (of `team`, or every team when NULL; only
 * case_id when not 0) in reference order, loading one at a time, so
 * 100,000 cases need the memory of one. fn returns non-zero to stop.
 * CW_ERR_NOT_FOUND if case_id names no case. */
enum cw_status store_case_foreach(struct store *st, const char *team, int64_t case_id,
                                  int (*fn)(const struct case_record *, void *), void *ctx,
                                  struct cw_error *err);

/* Records that `who` opened the case (and why, for out-of-team access). */
enum cw_status store_case_opened(struct store *st, int64_t case_id, const char *who,
                                 const char *reason, struct cw_error *err);

/* Records something `who` did that changes nothing but must be on the
 * record: a document printed, an export (case_id 0 when not about one
 * case). `action` like "printed support plan", `detail` may be "". */
enum cw_status store_audit_event(struct store *st, const char *who, int64_t case_id, const char *action,
                                 const char *detail, struct cw_error *err);

/* ---- the caseload: summary rows, for lists and search ---- */

struct caseload_row {
	int64_t id;
	char ref[CASE_REF_MAX];
	char name[CASE_NAME_MAX];
	char worker[CASE_LOGIN_MAX];
	char team[CASE_TEAM_MAX];
	enum stage stage;
	char next_action[64];
	struct date due;
	int64_t weekly; /* pence; 0 when not yet known */
	struct date review_due;
	struct date audit_due;
};

enum caseload_sort { SORT_DUE, SORT_NAME, SORT_REF, SORT_STAGE, SORT_WEEKLY };

struct caseload_query {
	const char *worker;  /* NULL: any */
	const char *team;    /* NULL: any */
	int stage;           /* -1: any, else enum stage */
	bool open_only;      /* leave closed cases out */
	bool panel_queue;    /* only cases waiting for a panel decision */
	/* only the finance team's work: a financial assessment waiting, or
	 * a direct-payment audit due on or before audit_due_by */
	bool finance_work;
	struct date audit_due_by;
	enum caseload_sort sort;
};

struct caseload {
	struct caseload_row *rows; /* owned */
	size_t n;
};

enum cw_status store_caseload(struct store *st, const struct caseload_query *q,
                              struct caseload *out, struct cw_error *err);
void caseload_free(struct caseload *cl);

/* The open cases (of `team`, or every team when NULL) of a person with
 * this name (the same name as person_same_name reads it) and date of
 * birth, in reference order: a second case for someone who has one
 * already is usually a mistake, and the worker is asked first. */
enum cw_status store_person_matches(struct store *st, const char *name, struct date dob, const char *team,
                                    struct caseload *out, struct cw_error *err);

/* ---- notes ---- */

struct case_note {
	int64_t id;
	int64_t at; /* Unix seconds */
	char by[CASE_LOGIN_MAX];
	char *text; /* owned */
};

struct note_list {
	struct case_note *items;
	size_t n;
};

enum cw_status store_note_add(struct store *st, int64_t case_id, const char *who,
                              const char *text, struct cw_error *err);
enum cw_status store_notes(struct store *st, int64_t case_id, struct note_list *out,
                           struct cw_error *err);
void note_list_free(struct note_list *l);

/* ---- the audit trail ---- */

struct audit_row {
	int64_t id;
	int64_t at; /* Unix seconds */
	char who[CASE_LOGIN_MAX];
	int64_t case_id; /* 0 when not about a case */
	char *action;    /* owned: "save decision", "opened", "created" */
	char *field;     /* owned, may be "" */
	char *old_value; /* owned, may be "" */
	char *new_value; /* owned, may be "" */
};

struct audit_list {
	struct audit_row *items;
	size_t n;
};

/* A case's history (case_id > 0), or a worker's recent activity
 * (case_id == 0, who set), newest first, at most `limit` rows. */
enum cw_status store_history(struct store *st, int64_t case_id, const char *who, size_t limit,
                             struct audit_list *out, struct cw_error *err);
void audit_list_free(struct audit_list *l);

/* Recomputes the hash chain. CW_OK if intact; otherwise CW_ERR_INVALID
 * with *first_bad set to the first row whose hash does not match. */
enum cw_status store_audit_verify(struct store *st, int64_t *first_bad, int64_t *rows_checked,
                                  struct cw_error *err);

/* The hash of audit row `id` as 64 hex digits (id 0: the newest row,
 * its number in *id_out). The chain alone cannot show rows cut off its
 * end; a head (row and hash) noted outside the database can: if the
 * chain verifies and the row is still there with the noted hash,
 * nothing up to it was changed or removed. CW_ERR_NOT_FOUND if there
 * is no such row (or no rows at all). */
#define STORE_HASH_HEX 65
enum cw_status store_audit_hash(struct store *st, int64_t id, int64_t *id_out, char hash[STORE_HASH_HEX],
                                struct cw_error *err);

/* ---- drafts: unsaved form input kept across a hang-up ---- */

/* Replaces any draft for (case, who, form). Safe to call from the
 * hang-up path (no terminal use). */
enum cw_status store_draft_save(struct store *st, int64_t case_id, const char *who,
                                const char *form, const char *data, struct cw_error *err);
/* *data is NULL (and CW_OK) when there is no draft; else owned by caller. */
enum cw_status store_draft_load(struct store *st, int64_t case_id, const char *who,
                                const char *form, char **data, int64_t *saved_at,
                                struct cw_error *err);
enum cw_status store_draft_delete(struct store *st, int64_t case_id, const char *who,
                                  const char *form, struct cw_error *err);

struct draft_info {
	int64_t case_id;
	char form[64];
	int64_t saved_at;
};
/* The drafts `who` has waiting, for offering back at start-up. */
enum cw_status store_drafts_for(struct store *st, const char *who, struct draft_info **out,
                                size_t *n, struct cw_error *err);

/* ---- batches (demo, import): all or nothing ---- */

enum cw_status store_batch_begin(struct store *st, struct cw_error *err);
enum cw_status store_batch_commit(struct store *st, struct cw_error *err);
void store_batch_rollback(struct store *st);

/* ---- testing: fail the Nth write statement from now (0: never) ---- */
void store_fail_after(struct store *st, int nth_write);

#endif
