/* core_alone.c - proves core/ builds and links with nothing but SQLite
 * (no ncurses, no libyaml on the include or link line), and runs. */
#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "core/util.h"

int main(void)
{
	char buf[64];
	cw_sanitize(buf, sizeof buf, "a\x1b[2Jb");
	if (strcmp(buf, "a^[[2Jb") != 0) {
		fprintf(stderr, "core-alone: sanitize gave '%s'\n", buf);
		return 1;
	}
	printf("core-alone: core/ builds and runs without ncurses or libyaml\n");
	return 0;
}
