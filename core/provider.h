/* provider.h - the provider directory for brokerage: the care
 * providers a council knows, what services (policy support categories)
 * they offer, where, and at what rate. Filled by config/ from the file
 * the council keeps (docs/providers.md); core/ and tui/ search it. */
#ifndef CW_PROVIDER_H
#define CW_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

#define PROVIDER_NAME_MAX 128 /* as struct plan_line's provider */
#define PROVIDER_AREA_MAX 64
#define PROVIDER_PHONE_MAX 32
#define PROVIDER_MAX_SERVICES 12

struct provider {
	char name[PROVIDER_NAME_MAX];
	char services[PROVIDER_MAX_SERVICES][POLICY_KEY_MAX]; /* policy category keys */
	int nservices;
	char area[PROVIDER_AREA_MAX];
	int64_t rate; /* pence per unit of the service's category */
	char phone[PROVIDER_PHONE_MAX];
};

struct provider_directory {
	struct provider *items; /* owned, in file order */
	size_t n;
};

void provider_directory_free(struct provider_directory *d);

bool provider_offers(const struct provider *p, const char *service);

/* The provider named exactly `name`, or NULL. */
const struct provider *provider_find(const struct provider_directory *d, const char *name);

struct provider_query {
	const char *service; /* a category key, or NULL/"" for any */
	const char *area;    /* words in the area, any case, or NULL/"" */
	int64_t max_rate;    /* pence; 0 for any */
};

/* Writes the indexes of matching providers to out (at most max), the
 * cheapest first (then by name); returns how many matched in all. */
size_t provider_search(const struct provider_directory *d, const struct provider_query *q, size_t *out, size_t max);

#endif
