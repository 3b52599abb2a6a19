/* core_alone.c - with the core suites (money, dates, the case model,
 * the workflow, the store, access, import), makes build/tests/core-alone:
 * core/ and these tests compiled with only SQLite's and Criterion's
 * headers and linked with nothing else (no ncurses, no libyaml), so
 * core/ is built and tested on its own. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/status.h"
#include "core/util.h"

Test(core_alone, runs_without_curses_or_yaml)
{
	char buf[64];
	cw_sanitize(buf, sizeof buf, "a\x1b[2Jb");
	cr_expect_str_eq(buf, "a^[[2Jb");
}
