/* fuzz_policy.c - libFuzzer harness for the config loaders: any bytes
 * go to the policy and the staff loader. They must never crash, leak or
 * hand back a partial result; tests/fuzz/run.sh builds and runs this. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int policy_is_zero(const struct policy *p)
{
	static const struct policy zero;
	return memcmp(p, &zero, sizeof zero) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_errors e = { 0 };
	struct policy *p = malloc(sizeof *p);
	struct staff s;
	char line[512];
	enum cw_status st;
	size_t i;

	if (!p)
		return 0;
	st = policy_load_data("fuzz.yaml", (const char *)data, size, p, &e);
	if (st == CW_OK) {
		if (e.n != 0)
			abort(); /* ok with errors */
		policy_summary(p, line, sizeof line);
	} else {
		if (e.n == 0 || !policy_is_zero(p))
			abort(); /* an error must be said, and nothing half-loaded kept */
		for (i = 0; i < e.n; i++)
			if (strncmp(e.msgs[i], "fuzz.yaml:", 10) != 0 || !strstr(e.msgs[i], "; "))
				abort(); /* every message is FILE:LINE:COL: wrong; expected */
	}
	config_errors_free(&e);
	free(p);

	st = staff_load_data("staff.yaml", (const char *)data, size, &s, &e);
	if (st == CW_OK) {
		if (e.n != 0 || (s.n && !s.members))
			abort();
		staff_free_members(&s);
	} else if (e.n == 0 || s.members || s.n) {
		abort();
	}
	config_errors_free(&e);
	return 0;
}
