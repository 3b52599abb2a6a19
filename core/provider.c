/* provider.c - searching the provider directory. */
#include "core/provider.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void provider_directory_free(struct provider_directory *d)
{
	free(d->items);
	d->items = NULL;
	d->n = 0;
}

bool provider_offers(const struct provider *p, const char *service)
{
	for (int i = 0; i < p->nservices; i++)
		if (strcmp(p->services[i], service) == 0)
			return true;
	return false;
}

const struct provider *provider_find(const struct provider_directory *d, const char *name)
{
	for (size_t i = 0; d && name && i < d->n; i++)
		if (strcmp(d->items[i].name, name) == 0)
			return &d->items[i];
	return NULL;
}

static const struct provider_directory *sort_dir;

static int by_rate_then_name(const void *a, const void *b)
{
	const struct provider *x = &sort_dir->items[*(const size_t *)a], *y = &sort_dir->items[*(const size_t *)b];
	if (x->rate != y->rate)
		return x->rate < y->rate ? -1 : 1;
	return strcmp(x->name, y->name);
}

size_t provider_search(const struct provider_directory *d, const struct provider_query *q, size_t *out, size_t max)
{
	size_t n = 0, all = 0;
	size_t *hits;

	if (!d || d->n == 0)
		return 0;
	hits = xcalloc(d->n, sizeof *hits);
	for (size_t i = 0; i < d->n; i++) {
		const struct provider *p = &d->items[i];
		if (q && q->service && *q->service && !provider_offers(p, q->service))
			continue;
		if (q && q->area && *q->area && !cw_contains_ci(p->area, q->area))
			continue;
		if (q && q->max_rate > 0 && p->rate > q->max_rate)
			continue;
		hits[all++] = i;
	}
	sort_dir = d;
	qsort(hits, all, sizeof *hits, by_rate_then_name);
	sort_dir = NULL;
	for (n = 0; n < all && n < max; n++)
		out[n] = hits[n];
	free(hits);
	return all;
}
