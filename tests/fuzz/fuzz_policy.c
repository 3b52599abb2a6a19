/* fuzz_policy.c - libFuzzer harness for the config loaders: any bytes
 * go to the policy, staff, provider-directory and training-scenario
 * loaders. They must never crash, leak or hand back a partial result,
 * and every error must read "FILE:LINE:COL: wrong; expected".
 * tests/fuzz/run.sh builds and runs this. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/training_load.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The shipped policy: providers and scenarios are checked against it. */
static struct policy shipped;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct config_errors e = { 0 };
	(void)argc;
	(void)argv;
	if (policy_load_file("config/policy.yaml", &shipped, &e) != CW_OK) {
		fprintf(stderr, "fuzz: config/policy.yaml does not load (run from the source tree)\n");
		exit(1);
	}
	config_errors_free(&e);
	return 0;
}

static int all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Every message is "NAME:LINE:COL: what is wrong; what was expected". */
static void check_messages(const struct config_errors *e, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < e->n; i++) {
		const char *m = e->msgs[i];
		unsigned long line, col;
		int used = 0;
		if (strncmp(m, name, len) != 0 || m[len] != ':')
			abort();
		if (sscanf(m + len, ":%lu:%lu: %n", &line, &col, &used) != 2 || used == 0 || line == 0 || col == 0)
			abort();
		if (!strstr(m, "; "))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_errors e = { 0 };
	struct policy *p = malloc(sizeof *p);
	struct staff s;
	struct provider_directory d;
	struct training_scenario sc;
	char line[512];
	enum cw_status st;

	if (!p)
		return 0;
	st = policy_load_data("fuzz.yaml", (const char *)data, size, p, &e);
	if (st == CW_OK) {
		if (e.n != 0)
			abort(); /* ok with errors */
		policy_summary(p, line, sizeof line);
	} else if (e.n == 0 || !all_zero(p, sizeof *p)) {
		abort(); /* an error must be said, and nothing half-loaded kept */
	}
	check_messages(&e, "fuzz.yaml");
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
	check_messages(&e, "staff.yaml");
	config_errors_free(&e);

	st = provider_load_data("providers.yaml", (const char *)data, size, &shipped, &d, &e);
	if (st == CW_OK) {
		if (e.n != 0 || (d.n && !d.items))
			abort();
		provider_directory_free(&d);
	} else if (e.n == 0 || d.items || d.n) {
		abort();
	}
	check_messages(&e, "providers.yaml");
	config_errors_free(&e);

	st = training_load_data("scenario.yaml", (const char *)data, size, &shipped, &sc, &e);
	if (st == CW_OK) {
		if (e.n != 0 || (sc.n && !sc.cases))
			abort();
		training_scenario_free(&sc);
	} else if (e.n == 0 || !all_zero(&sc, sizeof sc)) {
		abort();
	}
	check_messages(&e, "scenario.yaml");
	config_errors_free(&e);
	return 0;
}
