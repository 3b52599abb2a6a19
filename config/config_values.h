/* config_values.h - typed reads of tree nodes for the config loaders:
 * each checks the type and range and reports "NAME:LINE:COL: what is
 * wrong; what was expected" itself. `what` is the dotted name shown in
 * messages (ras.maximum_weekly). Private to config/. */
#ifndef CW_CONFIG_VALUES_H
#define CW_CONFIG_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/yaml_tree.h"

#define CFG_NAME_MAX 160

/* "sect.key" (or "key" when sect is ""), into buf. */
const char *cfg_name(char *buf, size_t bufsize, const char *sect, const char *key);

/* The node under key, or NULL; reports a missing required key at the
 * mapping's position with "NAME is missing; expected EXPECTED". */
struct ynode *cfg_field(struct config_ctx *c, struct ynode *map, const char *sect, const char *key,
                        bool required, const char *expected);

/* Each reports its own error and returns false on a bad value. A NULL
 * node (absent, already reported) returns false without a message. */
bool cfg_map(struct config_ctx *c, const struct ynode *n, const char *what, const char *expected);
bool cfg_seq(struct config_ctx *c, const struct ynode *n, const char *what, const char *expected);
bool cfg_text(struct config_ctx *c, const struct ynode *n, const char *what, char *dst, size_t dstsize);
bool cfg_int(struct config_ctx *c, const struct ynode *n, const char *what, long min, long max, int *out);
bool cfg_bool(struct config_ctx *c, const struct ynode *n, const char *what, bool *out);
/* Pounds with at most two decimals, 0 to max pence. */
bool cfg_money(struct config_ctx *c, const struct ynode *n, const char *what, int64_t max, int64_t *out);
/* An identifier: a lower-case letter, then lower-case letters, digits, _. */
bool cfg_key(struct config_ctx *c, const struct ynode *n, const char *what, char *dst, size_t dstsize);

/* Reports every key of map that is not in allowed, with a suggestion. */
void cfg_unknown_keys(struct config_ctx *c, const struct ynode *map, const char *sect,
                      const char *const *allowed, size_t nallowed);

/* "12,345.67" for messages. */
char *cfg_pounds(int64_t pence, char *buf, size_t bufsize);

#endif
