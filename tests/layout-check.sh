#!/bin/sh
# layout-check.sh - the seams the design asks for, checked on the source:
# core/ includes neither curses nor libyaml; tui/ has no SQL and no YAML;
# nothing outside core/store_sqlite.c talks to SQLite or writes SQL.
set -u
cd "$(dirname "$0")/.."
fail=0
bad() { echo "layout-check: $*" >&2; fail=1; }

hits=$(grep -nE '#[[:space:]]*include[[:space:]]*[<"](n?cursesw?/|n?curses|yaml|term\.h)' core/*.c core/*.h)
[ -z "$hits" ] || bad "core/ includes curses or libyaml:
$hits"
hits=$(grep -nE '#[[:space:]]*include[[:space:]]*[<"](sqlite3|yaml)' tui/*.c tui/*.h)
[ -z "$hits" ] || bad "tui/ includes SQLite or libyaml:
$hits"
hits=$(grep -nE 'sqlite3' core/*.c core/*.h config/*.c config/*.h tui/*.c tui/*.h cli/*.c cli/*.h | grep -v '^core/store_sqlite\.c:')
[ -z "$hits" ] || bad "SQLite used outside core/store_sqlite.c:
$hits"
# SQL in a string: a statement keyword at the start of a C string literal.
hits=$(grep -nE '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA|BEGIN|COMMIT|ROLLBACK)[[:space:]]' \
	core/*.c config/*.c tui/*.c cli/*.c | grep -v '^core/store_sqlite\.c:')
[ -z "$hits" ] || bad "SQL outside core/store_sqlite.c:
$hits"
grep -qE 'sqlite3[_ ]|<sqlite3\.h>' core/store.h && bad "core/store.h mentions SQLite types: the interface must not"
[ $fail = 0 ] && echo "layout-check: core/ without curses or YAML, SQL only in core/store_sqlite.c"
exit $fail
