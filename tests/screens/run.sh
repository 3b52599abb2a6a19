#!/bin/sh
# Screen tests: drive the real casework headlessly with a key script,
# write the screen as text at each <Dump>, and diff it against the
# expected screens in tests/screens/expected/. One test also runs the
# binary in tmux and reads the screen back with capture-pane.
#
#   sh tests/screens/run.sh ./casework            run them all
#   UPDATE=1 sh tests/screens/run.sh ./casework   rewrite the expected screens
#
# Each tests/screens/cases/NAME.keys is a key script (see tui/term.h);
# a first line "#env: VAR=value ..." adds environment for that test (@SRC@
# is the source tree), and
# "#db: NAME" reuses the database left by test NAME (run in name order);
# "#args: ..." runs with those arguments instead of --db/--staff (training);
# "#staff: manager" signs in as a team manager ("panel": a panel member,
# "finance": a finance officer); "#import: FILE" imports
# tests/screens/cases/FILE first (printf %b escapes, @LOGIN@ replaced).
set -u
BIN=${1:?usage: run.sh path/to/casework}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/casework-screens.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

export HOME="$T/home" TZ=UTC LC_ALL=C.UTF-8 TERM=xterm-256color LINES=24 COLUMNS=80
export CASEWORK_TODAY=2026-11-22
unset NO_COLOR XDG_CONFIG_HOME XDG_DATA_HOME CASEWORK_DB CASEWORK_POLICY CASEWORK_STAFF \
      CASEWORK_KEYS CASEWORK_DUMP CASEWORK_SCREEN_OUT LANG LANGUAGE TMUX 2>/dev/null
mkdir -p "$HOME"
ME=$(id -un)
sed "s/@LOGIN@/$ME/" "$HERE/staff.yaml.in" > "$T/staff.yaml"
for who in manager panel finance; do
	sed "s/@LOGIN@/$ME/" "$HERE/staff-$who.yaml.in" > "$T/staff-$who.yaml"
done
POLICY="$SRC/config/policy.yaml"
ARGS="--staff $T/staff.yaml --policy $POLICY"

if ! "$BIN" demo --cases 30 --db "$T/base.db" $ARGS > "$T/demo.log" 2>&1; then
	if grep -q "not in this build yet" "$T/demo.log"; then
		# Until core/demo.c lands there is no caseload to drive.
		echo "screen tests: skipped, $(cat "$T/demo.log")"
		exit 0
	fi
	echo "screen tests: cannot make the demo caseload:"; cat "$T/demo.log"
	echo "0 passed, 1 failed"
	exit 1
fi

# Logins and clock times vary from run to run and machine to machine.
normalise() {
	sed -e "s/\\b$ME\\b/@LOGIN@/g" \
	    -e 's/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]/YYYY-MM-DD HH:MM/g' \
	    -e 's/ at [0-9][0-9]:[0-9][0-9]\([^0-9]\)/ at HH:MM\1/g' \
	    -e '/@LOGIN@/s/  */ /g' "$1"
}

pass=0 fail=0
check() { # name actual
	exp="$HERE/expected/$1.txt"
	normalise "$2" > "$2.norm"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$2.norm" "$exp"
	fi
	if [ -f "$exp" ] && diff -u "$exp" "$2.norm" > "$T/$1.diff"; then
		pass=$((pass + 1))
		echo "  ok   $1"
	else
		fail=$((fail + 1))
		echo "  FAIL $1"
		[ -f "$exp" ] || echo "       no expected screen $exp"
		[ -f "$T/$1.diff" ] && head -60 "$T/$1.diff"
	fi
}

for keys in "$HERE"/cases/*.keys; do
	name=$(basename "$keys" .keys)
	envs=$(sed -n 's/^#env: //p' "$keys" | sed "s|@SRC@|$SRC|g")
	from=$(sed -n 's/^#db: //p' "$keys")
	args=$(sed -n 's/^#args: //p' "$keys")
	staff="$T/staff.yaml"
	who=$(sed -n 's/^#staff: //p' "$keys")
	case $who in manager|panel|finance) staff="$T/staff-$who.yaml" ;; esac
	imp=$(sed -n 's/^#import: //p' "$keys")
	if [ -n "$from" ]; then cp "$T/$from.db" "$T/$name.db"; else cp "$T/base.db" "$T/$name.db"; fi
	out="$T/$name.out"
	: > "$out"
	if [ -n "$imp" ]; then
		printf '%b' "$(sed "s/@LOGIN@/$ME/g" "$HERE/cases/$imp")" > "$T/$name.csv"
		if ! "$BIN" import "$T/$name.csv" --db "$T/$name.db" --staff "$staff" --policy "$POLICY" > "$T/$name.log" 2>&1; then
			echo "  FAIL $name: import"; cat "$T/$name.log"; fail=$((fail + 1)); continue
		fi
	fi
	if [ -n "$args" ]; then run_args="$args --policy $POLICY"; else run_args="--db $T/$name.db --staff $staff --policy $POLICY"; fi
	env $envs CASEWORK_SCREEN_OUT=/dev/null CASEWORK_KEYS="$keys" CASEWORK_DUMP="$out" TMPDIR="$T" \
		timeout 20 "$BIN" $run_args < /dev/null > "$T/$name.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "  FAIL $name: exit status $rc"; cat "$T/$name.log"
		fail=$((fail + 1))
		continue
	fi
	check "$name" "$out"
done

# As a person would see it: the real binary in a real terminal (tmux).
if command -v tmux > /dev/null 2>&1; then
	S="cw-screens-$$"
	SOCK="$T/tmux.sock"
	cp "$T/base.db" "$T/tmux.db"
	tmux -S "$SOCK" -f /dev/null new-session -d -s "$S" -x 80 -y 24 \
		"env TERM=screen LINES= COLUMNS= $BIN --db $T/tmux.db $ARGS"
	shot() { # wait until the screen shows $1 and has stopped changing, then keep it in $2
		i=0
		: > "$2.prev"
		while [ $i -lt 100 ]; do
			tmux -S "$SOCK" capture-pane -p -t "$S" > "$2" 2>/dev/null
			# drawn in full: the same two captures 0.1 s apart (a loaded
			# machine may show a screen half painted)
			if grep -q "$1" "$2" && cmp -s "$2" "$2.prev"; then
				return 0
			fi
			cp "$2" "$2.prev"
			sleep 0.1; i=$((i + 1))
		done
		return 1
	}
	shot "My caseload" "$T/tmux-1.out"
	tmux -S "$SOCK" send-keys -t "$S" Down Down Enter
	shot "Worker" "$T/tmux-2.out"
	cat "$T/tmux-1.out" "$T/tmux-2.out" | sed 's/ *$//' > "$T/tmux.out"
	tmux -S "$SOCK" send-keys -t "$S" Escape q
	sleep 0.3
	tmux -S "$SOCK" kill-server 2>/dev/null

	# Two saves of one case: the second is refused with who changed it
	# and when, and what the person typed is kept: put on the newer
	# version, the field both changed named. Saving again keeps the other
	# session's change to a field this one did not touch (Son).
	cp "$T/base.db" "$T/stale.db"
	tmux -S "$SOCK" -f /dev/null new-session -d -s "$S" -x 80 -y 24 \
		"env TERM=screen LINES= COLUMNS= $BIN --db $T/stale.db $ARGS"
	shot "My caseload" "$T/stale-1.out"
	tmux -S "$SOCK" send-keys -t "$S" / C-000006 Enter Enter e Tab Tab Tab Tab C-u Mine
	shot "Mine" "$T/stale-2.out"
	CASEWORK_SCREEN_OUT=/dev/null CASEWORK_KEYS='/C-000006 <Enter> <Enter> e <Tab> <Tab> <Tab> <Tab> <C-u>Theirs <Tab> <C-u>Son <C-s> <Esc> <Esc> q' \
		timeout 20 "$BIN" --db "$T/stale.db" $ARGS < /dev/null > /dev/null 2>&1
	tmux -S "$SOCK" send-keys -t "$S" C-s
	shot "changed by" "$T/stale-3.out"
	tmux -S "$SOCK" send-keys -t "$S" C-s
	shot "Saved." "$T/stale-4.out"
	{ cat "$T/stale-3.out"; echo "---- ^S again"; cat "$T/stale-4.out"; } | sed 's/ *$//' > "$T/stale.out"
	tmux -S "$SOCK" kill-server 2>/dev/null
	check stale "$T/stale.out"

	# The other session moved the case on: what was typed cannot go on
	# the new stage's form; it is shown, and kept as that form's draft.
	cp "$T/base.db" "$T/moved.db"
	tmux -S "$SOCK" -f /dev/null new-session -d -s "$S" -x 80 -y 24 \
		"env TERM=screen LINES= COLUMNS= $BIN --db $T/moved.db $ARGS"
	shot "My caseload" "$T/moved-1.out"
	tmux -S "$SOCK" send-keys -t "$S" / C-000006 Enter Enter e Tab Tab Tab Tab C-u Mine
	shot "Mine" "$T/moved-2.out"
	CASEWORK_SCREEN_OUT=/dev/null CASEWORK_KEYS='/C-000006 <Enter> <Enter> > <Esc> <Esc> q' \
		timeout 20 "$BIN" --db "$T/moved.db" $ARGS < /dev/null > /dev/null 2>&1
	tmux -S "$SOCK" send-keys -t "$S" C-s
	shot "kept as a draft" "$T/moved-3.out"
	sed 's/ *$//' "$T/moved-3.out" > "$T/moved.out"
	tmux -S "$SOCK" kill-server 2>/dev/null
	check stale-moved "$T/moved.out"
	check tmux "$T/tmux.out"

	# Hang-up: SIGHUP while a form has unsaved changes keeps a draft
	# (without touching the terminal), the process ends at once, and the
	# next start offers the draft back.
	cp "$T/base.db" "$T/hup.db"
	tmux -S "$SOCK" -f /dev/null new-session -d -s "$S" -x 80 -y 24 \
		"env TERM=screen LINES= COLUMNS= $BIN --db $T/hup.db $ARGS"
	shot "My caseload" "$T/hup-1.out"
	tmux -S "$SOCK" send-keys -t "$S" / C-000006 Enter Enter e Tab Tab Tab Tab C-u Kept Space when Space the Space line Space dropped
	shot "Kept when the line dropped" "$T/hup-2.out"
	pid=$(tmux -S "$SOCK" display -p -t "$S" '#{pane_pid}')
	kill -HUP "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 "$pid" 2>/dev/null; then
		echo "  FAIL hangup: casework still running 5 s after SIGHUP"; fail=$((fail + 1))
		kill -9 "$pid" 2>/dev/null
	else
		: > "$T/hangup.out"
		CASEWORK_SCREEN_OUT=/dev/null CASEWORK_KEYS='<Dump> y e <Tab> <Tab> <Tab> <Tab> <Dump>' \
			CASEWORK_DUMP="$T/hangup.out" timeout 20 "$BIN" --db "$T/hup.db" $ARGS < /dev/null > /dev/null 2>&1
		check hangup "$T/hangup.out"
	fi
	tmux -S "$SOCK" kill-server 2>/dev/null
else
	echo "  skip tmux (not installed)"
fi

echo "screens: $pass passed, $fail failed"
[ $fail -eq 0 ]
