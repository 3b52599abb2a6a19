/* bench_core.c - times the core operations behind the screens on a
 * large database: opening the store, a worker's caseload (the first
 * screen), search-as-you-type over it, and opening one case. Prints
 * "name value unit" lines for tests/bench/run.sh to tabulate.
 *
 *   bench_core DB LOGIN [SEARCH]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/case.h"
#include "core/store.h"
#include "core/util.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct store *st = NULL;
	struct cw_error err = {0};
	struct caseload cl = {0};
	struct caseload_query q = {.worker = NULL, .team = NULL, .stage = -1, .open_only = true, .sort = SORT_DUE};
	const char *search = argc > 3 ? argv[3] : "smith";
	double t0, t1, worst = 0, total = 0;
	size_t matches = 0;
	struct rusage ru;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_core DB LOGIN [SEARCH]\n");
		return 2;
	}
	q.worker = argv[2];
	t0 = now_ms();
	if (store_open(argv[1], &st, &err) != CW_OK || store_caseload(st, &q, &cl, &err) != CW_OK) {
		fprintf(stderr, "bench_core: %s\n", err.msg);
		return 1;
	}
	t1 = now_ms();
	printf("caseload_rows %zu rows\n", cl.n);
	printf("open_and_caseload %.2f ms\n", t1 - t0);

	/* search as you type: one more character each time, over every row;
	 * each key timed 21 times and its median kept, so a busy machine
	 * does not decide the figure; the worst key's median is reported */
	for (size_t k = 1; k <= strlen(search) && k < 64; k++) {
		char prefix[64];
		double runs[21];
		cw_strlcpy(prefix, search, k + 1);
		for (int r = 0; r < 21; r++) {
			t0 = now_ms();
			matches = 0;
			for (size_t i = 0; i < cl.n; i++)
				if (cw_contains_ci(cl.rows[i].name, prefix) || cw_contains_ci(cl.rows[i].ref, prefix))
					matches++;
			runs[r] = now_ms() - t0;
		}
		qsort(runs, 21, sizeof runs[0], cmp_double);
		total += runs[10];
		if (runs[10] > worst)
			worst = runs[10];
	}
	printf("search_per_key_worst %.2f ms\n", worst);
	printf("search_matches %zu rows\n", matches);

	if (cl.n > 0) {
		struct case_record *c = xcalloc(1, sizeof *c);
		struct audit_list h = {0};
		struct note_list notes = {0};
		int64_t id = cl.rows[cl.n / 2].id;
		t0 = now_ms();
		case_init(c);
		if (store_case_load(st, id, c, &err) != CW_OK || store_history(st, id, NULL, 200, &h, &err) != CW_OK ||
		    store_notes(st, id, &notes, &err) != CW_OK) {
			fprintf(stderr, "bench_core: %s\n", err.msg);
			return 1;
		}
		t1 = now_ms();
		printf("open_case %.2f ms\n", t1 - t0);
		audit_list_free(&h);
		note_list_free(&notes);
		free(c);
	}
	caseload_free(&cl);
	store_close(&st);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak_rss %ld KiB\n", ru.ru_maxrss);
	(void)total;
	return 0;
}
