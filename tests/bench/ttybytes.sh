#!/bin/sh
# ttybytes.sh - what casework writes to the terminal for the steps a
# worker repeats all day, at 80x24 in xterm-256color (or BENCH_TERM), measured with
# ../shared/tools/ttybytes (a pseudo-terminal; the bytes an SSH link
# must carry). Prints each figure against its target; exits 1 if any
# is over.
#
#   sh tests/bench/ttybytes.sh [path/to/casework]
# TTYBYTES=path overrides where the measuring tool is.
set -u
BIN=${1:-./casework}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
if [ -z "${TTYBYTES:-}" ]; then
	TTYBYTES=$SRC/../shared/tools/ttybytes
	# a git worktree sits one level deeper than the clone
	[ -f "$TTYBYTES" ] || TTYBYTES=$SRC/../../shared/tools/ttybytes
fi
if [ ! -x "$TTYBYTES" ] && [ ! -f "$TTYBYTES" ]; then
	echo "ttybytes: the measuring tool is not at $TTYBYTES (set TTYBYTES)"; exit 1
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/casework-ttybytes.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
export HOME="$T/home" TZ=UTC LC_ALL=C.UTF-8 CASEWORK_TODAY=2026-11-22
unset LINES COLUMNS CASEWORK_KEYS CASEWORK_SCREEN_OUT CASEWORK_DUMP 2>/dev/null
mkdir -p "$HOME"
sed "s/@LOGIN@/$(id -un)/" "$SRC/tests/screens/staff.yaml.in" > "$T/staff.yaml"
ARGS="--db $T/t.db --staff $T/staff.yaml --policy $SRC/config/policy.yaml"
"$BIN" demo --cases 30 $ARGS > /dev/null || exit 1

# Down a line and a page (30 cases: the page scrolls the list); find a
# case at decision-making and open it; go to a text field and type (the
# first character also shows the "changed" marks, so the figure is the
# second); save the form; then 5 s with no key.
# A terminal without PgDn and Home keys (vt100) pages with Space and
# goes to the top with g, as a person there would.
TERMNAME=${BENCH_TERM:-xterm-256color}
PGDN='<PgDn>' TOP='<Home>'
tput -T"$TERMNAME" knp > /dev/null 2>&1 || PGDN='<Space>'
tput -T"$TERMNAME" khome > /dev/null 2>&1 || TOP='text:g'
KEYS="label:down <Down> label:pgdn $PGDN $TOP text:/C-000006 <Enter> label:open <Enter> text:e <Tab> <Tab> <Tab> <Tab> <C-u> text:a label:type text:b label:save <C-s> <Esc> label:idle wait:5000"
python3 "$TTYBYTES" --cols 80 --rows 24 --term "$TERMNAME" --keys "$KEYS" -- "$BIN" $ARGS > "$T/out" 2>&1 || {
	cat "$T/out"; exit 1; }

status=0
figure() { # label what limit target|bound
	n=$(awk -v l="$1" '$1 == l { print $2 }' "$T/out")
	if [ -z "$n" ]; then
		echo "ttybytes: no figure for $1"; cat "$T/out"; status=1; return
	fi
	verdict=ok
	[ "$n" -le "$3" ] || { verdict=OVER; status=1; }
	printf '  %-34s %6s bytes  (%s <= %s) %s\n' "$2" "$n" "$4" "$3" "$verdict"
}
echo "ttybytes at 80x24, $TERMNAME${NO_COLOR:+, NO_COLOR}:"
# The targets of the interface issue (row, character, case, idle);
# the first screen, a page and a save have none there, so the bound
# beside them is this bench's: a full 80x24 screen is about 2,000 bytes.
figure start "first screen (caseload)" 4000 bound
figure down "one line down in the caseload" 40 target
figure pgdn "one page down in the caseload" 2000 bound
figure open "opening a case" 2000 target
figure type "one character typed in a field" 8 target
figure save "saving a form" 1000 bound
figure idle "5 s idle" 0 target
exit $status
