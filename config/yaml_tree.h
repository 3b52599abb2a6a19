/* yaml_tree.h - the small YAML subset casework's config files use, as a
 * tree of nodes that remember where they came from (1-based line and
 * column), built from libyaml events. Aliases, anchors, tags, several
 * documents and duplicate keys are refused here, so the policy and staff
 * loaders only see plain mappings, sequences and scalars. Also the error
 * list every config loader appends to. Private to config/. */
#ifndef CW_YAML_TREE_H
#define CW_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"

/* Errors beyond this many are summed up in one last message. */
#define CONFIG_MAX_ERRORS 100
/* Deeper nesting than this is refused (the files need about 5). */
#define YTREE_MAX_DEPTH 32
/* More entries than this in one mapping or sequence are refused. */
#define YTREE_MAX_ITEMS 10000

enum ynode_type {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
};

struct ynode {
	enum ynode_type type;
	int line, col;  /* 1-based */
	char *value;    /* YNODE_SCALAR: NUL-terminated */
	size_t len;
	bool plain;     /* unquoted scalar (so `12` may be a number, `~` null) */
	struct ynode **items; /* YNODE_SEQ: items; YNODE_MAP: values */
	struct ynode **keys;  /* YNODE_MAP: keys, always scalars */
	size_t n;
	bool *used;     /* YNODE_MAP: keys a loader has looked at */
	bool bad;       /* already reported (an alias stands here): skip it */
};

/* Where errors go while loading one file. */
struct config_ctx {
	const char *name;
	struct config_errors errs;
	int *lines, *cols; /* of each message, to sort them into file order */
	size_t dropped;    /* errors past CONFIG_MAX_ERRORS */
};

void config_ctx_init(struct config_ctx *c, const char *name);
/* Appends "NAME:LINE:COL: <fmt>". */
void config_error(struct config_ctx *c, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Sorts the collected errors into file order (stable) and moves them
 * to out (if not NULL) or frees them. */
void config_ctx_finish(struct config_ctx *c, struct config_errors *out);

/* Reads a whole file of at most CONFIG_MAX_BYTES. On failure records the
 * error and returns CW_ERR_IO (cannot read) or CW_ERR_INVALID (too big). */
enum cw_status config_read_file(struct config_ctx *c, const char *path, char **data, size_t *len);

/* Parses data into a tree. On any problem records it and returns
 * CW_ERR_INVALID with *root NULL. An empty document gives a NULL root
 * and CW_OK. */
enum cw_status ytree_parse(struct config_ctx *c, const char *data, size_t len, struct ynode **root);
void ytree_free(struct ynode *n);

/* The value under key in a mapping (and marks it used), or NULL. */
struct ynode *ytree_get(struct ynode *map, const char *key);

/* "a mapping", "a list", "text 'abc'" ... for messages. */
const char *ytree_describe(const struct ynode *n);

/* A display-safe, shortened copy of a scalar for messages. */
char *ytree_show(const char *s, char *buf, size_t bufsize);

/* The closest of the candidates to word, if close enough to suggest. */
const char *config_suggest(const char *word, const char *const *candidates, size_t n);

#endif
