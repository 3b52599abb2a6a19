/* staff.h - who may use casework: Unix logins mapped to a name, a team
 * and a role. Filled by config/ from staff.yaml. */
#ifndef CW_STAFF_H
#define CW_STAFF_H

#include <stddef.h>

#define STAFF_LOGIN_MAX 33
#define STAFF_NAME_MAX 96
#define STAFF_TEAM_MAX 64

enum role {
	ROLE_SOCIAL_WORKER,
	ROLE_TEAM_MANAGER,
	ROLE_PANEL_MEMBER,
	ROLE_FINANCE_OFFICER,
	ROLE_ADMIN,
	ROLE_COUNT,
};

struct staff_member {
	char login[STAFF_LOGIN_MAX];
	char name[STAFF_NAME_MAX];
	char team[STAFF_TEAM_MAX];
	enum role role;
};

struct staff {
	struct staff_member *members; /* owned */
	size_t n;
	char contact[STAFF_NAME_MAX]; /* whom to ask for access */
};

extern const char *const role_keys[ROLE_COUNT];   /* "social_worker" */
extern const char *const role_labels[ROLE_COUNT]; /* "Social worker" */

const struct staff_member *staff_find(const struct staff *s, const char *login);
void staff_free_members(struct staff *s); /* frees members, keeps the struct */

#endif
