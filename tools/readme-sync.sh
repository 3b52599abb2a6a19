#!/bin/sh
# readme-sync.sh TABLES SCREEN README - puts into README the key table
# and the role table (TABLES keys, TABLES roles: made from tui/action.c
# and core/access.c) and the first screen
# of the caseload (the first 24 lines of SCREEN, the screen test's
# expected caseload, which `make test` checks against the real program)
# between their BEGIN and END markers. `make readme` runs it; a unit
# test (tests/test_readme.c) fails when the README has fallen behind.
set -eu
keys=$1 screen=$2 readme=$3
tmp=$(mktemp) shot=$(mktemp) table=$(mktemp) roles=$(mktemp)
trap 'rm -f "$tmp" "$shot" "$table" "$roles"' EXIT
"$keys" keys > "$table"
"$keys" roles > "$roles"
{ echo '```text'; head -n 24 "$screen"; echo '```'; } > "$shot"
awk -v shot="$shot" -v table="$table" -v roles="$roles" '
	/^<!-- BEGIN screenshot/ { print; while ((getline l < shot) > 0) print l; skip = 1; next }
	/^<!-- BEGIN roles/ { print; while ((getline l < roles) > 0) print l; skip = 1; next }
	/^<!-- BEGIN keys/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
	/^<!-- END / { skip = 0 }
	!skip { print }
' "$readme" > "$tmp"
cat "$tmp" > "$readme"
