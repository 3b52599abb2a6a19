/* embedded.h - the shipped config/policy.yaml, config/staff.yaml and
 * config/training.yaml,
 * built into the binary by tools/embed.sh (build/gen/embedded.c) so a
 * first start needs no other files. */
#ifndef CW_EMBEDDED_H
#define CW_EMBEDDED_H

#include <stddef.h>

extern const char embedded_policy_yaml[];
extern const size_t embedded_policy_yaml_len;
extern const char embedded_staff_yaml[];
extern const size_t embedded_staff_yaml_len;
extern const char embedded_training_yaml[];
extern const size_t embedded_training_yaml_len;

#endif
