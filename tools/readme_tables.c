/* readme_tables.c - prints a table the README shows, as Markdown:
 * "keys" (tui/action.c's key table) or "roles" (core/access.c's
 * permission table), for tools/readme-sync.sh (make readme). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "tui/action.h"

int main(int argc, char **argv)
{
	size_t size = 1 << 16;
	char *buf = malloc(size);
	if (!buf || argc != 2)
		return 2;
	if (strcmp(argv[1], "keys") == 0)
		action_markdown(buf, size);
	else if (strcmp(argv[1], "roles") == 0)
		access_markdown(buf, size);
	else
		return 2;
	fputs(buf, stdout);
	free(buf);
	return ferror(stdout) ? 1 : 0;
}
