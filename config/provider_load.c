/* provider_load.c - the provider directory file (docs/providers.md):
 *
 *   providers:
 *     - name: "Acme Home Care"
 *       services: [home_care, personal_assistant]
 *       area: "North"
 *       rate: 19.50
 *       phone: "01632 960001"
 *
 * Strict like the policy loader: unknown keys, a service that is not one
 * of the policy's support categories, a bad rate, a duplicate name: each
 * an error with FILE:LINE:COLUMN, and no partial directory is used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/config_values.h"
#include "config/yaml_tree.h"
#include "core/money.h"
#include "core/util.h"

#define PROVIDER_MAX_COUNT 5000

static const char *const top_keys[] = {"providers"};
static const char *const provider_keys[] = {"name", "services", "area", "rate", "phone"};

static void load_services(struct config_ctx *c, struct ynode *v, const char *what, const struct policy *p,
                          struct provider *pr)
{
	char name[CFG_NAME_MAX], shown[96];
	const char *cats[POLICY_MAX_CATEGORIES];
	size_t ncats = 0;

	for (int i = 0; p && i < p->support_plan.ncategories; i++)
		cats[ncats++] = p->support_plan.categories[i].key;
	cfg_name(name, sizeof name, what, "services");
	if (!cfg_seq(c, v, name, "a list of support categories from the policy, like [home_care]"))
		return;
	if (v->n == 0)
		config_error(c, v->line, v->col, "%s is an empty list; expected at least one support category", name);
	if (v->n > PROVIDER_MAX_SERVICES)
		config_error(c, v->line, v->col, "%s lists %zu services; at most %d are allowed", name, v->n,
		             PROVIDER_MAX_SERVICES);
	for (size_t i = 0; i < v->n && i < PROVIDER_MAX_SERVICES; i++) {
		struct ynode *s = v->items[i];
		char key[POLICY_KEY_MAX];
		char item[CFG_NAME_MAX + 16];
		snprintf(item, sizeof item, "%s[%zu]", name, i + 1);
		if (!cfg_key(c, s, item, key, sizeof key))
			continue;
		if (p && !policy_category_find(p, key)) {
			const char *best = config_suggest(key, cats, ncats);
			ytree_show(key, shown, sizeof shown);
			if (best)
				config_error(c, s->line, s->col, "%s '%s' is not a support category in the policy; did you mean '%s'?",
				             item, shown, best);
			else
				config_error(c, s->line, s->col,
				             "%s '%s' is not a support category in the policy; expected one of support_plan.categories",
				             item, shown);
			continue;
		}
		cw_strlcpy(pr->services[pr->nservices++], key, sizeof pr->services[0]);
	}
}

static enum cw_status load_tree(struct config_ctx *c, const char *data, size_t len, const struct policy *p,
                                struct provider_directory *d)
{
	struct ynode *root = NULL, *list;
	enum cw_status st = ytree_parse(c, data, len, &root);

	/* A file with a refused anchor or alias still comes back as a tree
	 * (so every mistake is listed at once): it is checked, then freed. */
	if (!root) {
		if (st == CW_OK)
			config_error(c, 1, 1, "the file is empty; expected a mapping with providers");
		return st == CW_OK ? CW_ERR_INVALID : st;
	}
	if (!cfg_map(c, root, "the file", "a mapping with providers")) {
		ytree_free(root);
		return CW_ERR_INVALID;
	}
	list = cfg_field(c, root, "", "providers", true, "a list of providers");
	if (list && cfg_seq(c, list, "providers", "a list of providers, each with name, services, area and rate")) {
		if (list->n > PROVIDER_MAX_COUNT)
			config_error(c, list->line, list->col, "providers lists %zu providers; at most %d are allowed",
			             list->n, PROVIDER_MAX_COUNT);
		d->n = list->n < PROVIDER_MAX_COUNT ? list->n : PROVIDER_MAX_COUNT;
		d->items = xcalloc(d->n ? d->n : 1, sizeof *d->items);
	}
	for (size_t i = 0; d->items && i < d->n; i++) {
		struct ynode *m = list->items[i], *v;
		struct provider *pr = &d->items[i];
		char what[CFG_NAME_MAX], name[CFG_NAME_MAX];

		snprintf(what, sizeof what, "providers[%zu]", i + 1);
		if (!cfg_map(c, m, what, "a mapping with name, services, area and rate"))
			continue;
		v = cfg_field(c, m, what, "name", true, "the provider's name");
		if (cfg_text(c, v, cfg_name(name, sizeof name, what, "name"), pr->name, sizeof pr->name)) {
			for (size_t j = 0; j < i; j++)
				if (strcmp(d->items[j].name, pr->name) == 0) {
					config_error(c, v->line, v->col, "%s '%s' is already used by providers[%zu]; expected each name once",
					             name, pr->name, j + 1);
					break;
				}
		}
		load_services(c, cfg_field(c, m, what, "services", true, "a list of support categories"), what, p, pr);
		cfg_text(c, cfg_field(c, m, what, "area", true, "the area the provider covers, like \"North\""),
		         cfg_name(name, sizeof name, what, "area"), pr->area, sizeof pr->area);
		cfg_money(c, cfg_field(c, m, what, "rate", true, "the provider's rate in pounds per unit"),
		          cfg_name(name, sizeof name, what, "rate"), 100000, &pr->rate);
		if ((v = cfg_field(c, m, what, "phone", false, NULL)))
			cfg_text(c, v, cfg_name(name, sizeof name, what, "phone"), pr->phone, sizeof pr->phone);
		cfg_unknown_keys(c, m, what, provider_keys, CW_ARRAY_LEN(provider_keys));
	}
	cfg_unknown_keys(c, root, "", top_keys, CW_ARRAY_LEN(top_keys));
	ytree_free(root);
	if (st != CW_OK)
		return st;
	return c->errs.n || c->dropped ? CW_ERR_INVALID : CW_OK;
}

static enum cw_status finish(struct config_ctx *c, enum cw_status st, struct provider_directory *tmp,
                             struct provider_directory *out, struct config_errors *errs)
{
	if (st == CW_OK && (c->errs.n || c->dropped))
		st = CW_ERR_INVALID;
	if (st == CW_OK) {
		*out = *tmp;
	} else {
		provider_directory_free(tmp);
		memset(out, 0, sizeof *out);
	}
	config_ctx_finish(c, errs);
	return st;
}

enum cw_status provider_load_data(const char *name, const char *data, size_t len, const struct policy *p,
                                  struct provider_directory *out, struct config_errors *errs)
{
	struct config_ctx c;
	struct provider_directory tmp = {0};
	config_ctx_init(&c, name ? name : "(providers)");
	return finish(&c, load_tree(&c, data ? data : "", data ? len : 0, p, &tmp), &tmp, out, errs);
}

enum cw_status provider_load_file(const char *path, const struct policy *p, struct provider_directory *out,
                                  struct config_errors *errs)
{
	struct config_ctx c;
	struct provider_directory tmp = {0};
	char *data;
	size_t len;
	enum cw_status st;

	config_ctx_init(&c, path);
	st = config_read_file(&c, path, &data, &len);
	if (st == CW_OK) {
		st = load_tree(&c, data, len, p, &tmp);
		free(data);
	}
	return finish(&c, st, &tmp, out, errs);
}
