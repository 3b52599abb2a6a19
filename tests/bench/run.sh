#!/bin/sh
# run.sh - `make bench`: the figures casework promises, measured.
#   1. scale: a 100,000-case demo database; start-up to the first full
#      caseload screen, search-as-you-type per key, opening a case, and
#      peak memory - for the whole program in a pseudo-terminal, timed
#      to the last byte of each screen (tests/bench/pty_time.py), and
#      for the core calls behind each screen;
#   2. bytes written to the terminal at 80x24 for the common steps, in
#      xterm-256color and in vt100 with NO_COLOR (tests/bench/ttybytes.sh).
# The database is kept in build/bench/ and remade when casework changes.
#   sh tests/bench/run.sh path/to/casework path/to/bench_core
set -u
BIN=${1:-./casework}
CORE=${2:-build/bench/bench_core}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
CASES=${BENCH_CASES:-100000}
OUT=$SRC/build/bench
mkdir -p "$OUT"
T=$(mktemp -d "${TMPDIR:-/tmp}/casework-bench.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
LOGIN=$(id -un)
export HOME="$T/home" TZ=UTC LC_ALL=C.UTF-8 CASEWORK_TODAY=2026-11-22 TERM=xterm-256color
unset NO_COLOR CASEWORK_DB CASEWORK_POLICY CASEWORK_STAFF 2>/dev/null
mkdir -p "$HOME"

# One social worker of a ten-worker team is the signed-in login, so the
# first screen is a real caseload (a tenth of the cases).
STAFF=$OUT/staff.yaml
{
	echo "contact: \"the benchmark\""
	echo "teams: [Bench Team]"
	echo "staff:"
	echo "  - {login: \"$LOGIN\", name: \"Bench Worker\", team: Bench Team, role: social_worker}"
	for i in 1 2 3 4 5 6 7 8 9; do
		echo "  - {login: worker$i, name: \"Worker $i\", team: Bench Team, role: social_worker}"
	done
	echo "  - {login: bmanager, name: \"Bench Manager\", team: Bench Team, role: team_manager}"
} > "$STAFF"
DB=$OUT/bench-$CASES.db
ARGS="--db $DB --staff $STAFF --policy $SRC/config/policy.yaml"

if [ ! -f "$DB" ] || [ "$BIN" -nt "$DB" ]; then
	rm -f "$DB" "$DB-wal" "$DB-shm"
	printf 'making %s demo cases... ' "$CASES"
	s=$(date +%s%N)
	"$BIN" demo --cases "$CASES" $ARGS > /dev/null || { echo "casework demo failed"; exit 1; }
	e=$(date +%s%N)
	echo "$(( (e - s) / 1000000 )) ms"
fi
DBSIZE=$(( $(stat -c %s "$DB") / 1048576 ))

# The whole program in a pseudo-terminal at 80x24: each figure runs from
# the moment before casework is started (or a key is sent) to the last
# byte of the screen it draws in answer - what the person waits for.
python3 "$HERE/pty_time.py" --runs 5 --search smith -- "$BIN" $ARGS > "$T/pty" 2>&1 || { cat "$T/pty"; exit 1; }
pty() { awk -v k="$1" '$1 == k { print $2 }' "$T/pty"; }

"$CORE" "$DB" "$LOGIN" smith > "$T/core" || { cat "$T/core"; exit 1; }
core() { awk -v k="$1" '$1 == k { print $2 }' "$T/core"; }

status=0
row() { # what figure unit target
	verdict=ok
	awk -v f="$2" -v t="$4" 'BEGIN { exit !(f + 0 <= t + 0) }' || { verdict=OVER; status=1; }
	printf '  %-44s %8s %-4s (target < %s) %s\n' "$1" "$2" "$3" "$4" "$verdict"
}

echo
echo "casework bench, $(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) CPUs"
echo "Scale: $CASES cases ($DBSIZE MB), caseload of $(core caseload_rows) cases for the signed-in worker"
row "start-up to the first full caseload screen" "$(pty start)" ms 100
row "search as you type, per key (median key)" "$(pty search_key)" ms 10
row "search as you type, per key (slowest key)" "$(pty search_worst)" ms 10
row "search as you type, per key (core, worst)" "$(core search_per_key_worst)" ms 10
row "open a case (Enter to the case screen drawn)" "$(pty open)" ms 10
row "open a case (core: case, history, notes)" "$(core open_case)" ms 10
row "peak memory (whole program)" "$(awk -v k="$(pty peak_rss)" 'BEGIN { printf "%.1f", k / 1024 }')" MB 16
echo

if [ -f "$HERE/ttybytes.sh" ]; then
	sh "$HERE/ttybytes.sh" "$BIN" || status=1
	echo
	BENCH_TERM=vt100 NO_COLOR=1 sh "$HERE/ttybytes.sh" "$BIN" || status=1
else
	echo "terminal bytes: tests/bench/ttybytes.sh is missing"
	status=1
fi
exit $status
