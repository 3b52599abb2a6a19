/* staff.c - role names and look-ups over a loaded staff list. Reading
 * staff.yaml is config/'s job. */
#include "core/staff.h"

#include <stdlib.h>
#include <string.h>

const char *const role_keys[ROLE_COUNT] = {
	"social_worker", "team_manager", "panel_member", "finance_officer", "admin",
};

const char *const role_labels[ROLE_COUNT] = {
	"Social worker", "Team manager", "Panel member", "Finance officer", "Administrator",
};

const struct staff_member *staff_find(const struct staff *s, const char *login)
{
	size_t i;

	if (!s || !login)
		return NULL;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->members[i].login, login) == 0)
			return &s->members[i];
	return NULL;
}

void staff_free_members(struct staff *s)
{
	if (!s)
		return;
	free(s->members);
	s->members = NULL;
	s->n = 0;
}
