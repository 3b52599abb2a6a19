#!/bin/sh
# check-deps-test.sh - tools/check-deps against stand-ins for
# pkg-config, dpkg-query, id and apt-get: a missing package is named,
# root gets it installed (and the check is made again), anyone else gets
# the exact apt-get line, and a failed install says so.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
CHECK="$HERE/../tools/check-deps"
T=$(mktemp -d "${TMPDIR:-/tmp}/casework-deps.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
mkdir "$T/bin"
REAL_PC=$(command -v pkg-config)

# pkg-config: modules named in $T/gone do not exist.
cat > "$T/bin/pkg-config" <<EOF
#!/bin/sh
for a; do grep -qx -- "\$a" "$T/gone" 2>/dev/null && exit 1; done
exec "$REAL_PC" "\$@"
EOF
# dpkg-query: packages named in $T/gone are not installed.
cat > "$T/bin/dpkg-query" <<EOF
#!/bin/sh
for a; do p=\$a; done
grep -qx -- "\$p" "$T/gone" 2>/dev/null && exit 1
printf 'install ok installed'
EOF
# id -u: $T/uid
cat > "$T/bin/id" <<EOF
#!/bin/sh
cat "$T/uid"
EOF
# apt-get: logs its arguments; if $T/apt-works exists, "installs" the
# packages (their pkg-config modules stop being gone).
cat > "$T/bin/apt-get" <<EOF
#!/bin/sh
echo "apt-get \$*" >> "$T/apt.log"
[ -e "$T/apt-works" ] || exit 100
[ "\$1" = install ] || exit 0
for p; do
	case \$p in
	libyaml-dev) m=yaml-0.1 ;; libncurses-dev) m=ncursesw ;;
	libsqlite3-dev) m=sqlite3 ;; libcriterion-dev) m=criterion ;; *) continue ;;
	esac
	grep -vx -- "\$m" "$T/gone" > "$T/gone.new"; mv "$T/gone.new" "$T/gone"
done
EOF
chmod +x "$T/bin/"*

pass=0 fail=0
# run NAME WANT-STATUS: runs check-deps; compares stderr with $T/want
run() {
	out="$T/$1.err"
	PATH="$T/bin:$PATH" PKG_CONFIG=${PC:-pkg-config} CC=${CCX:-cc} CASEWORK_NO_INSTALL= \
		sh "$CHECK" > /dev/null 2> "$out"
	st=$?
	if [ "$st" = "$2" ] && diff -u "$T/want" "$out" > "$T/$1.diff"; then
		pass=$((pass + 1))
	else
		echo "  FAIL check-deps $1 (status $st, expected $2)"; cat "$T/$1.diff"
		fail=$((fail + 1))
	fi
}
reset() { : > "$T/gone"; : > "$T/apt.log"; rm -f "$T/apt-works"; echo "$1" > "$T/uid"; PC=; CCX=; }

# Everything there: silent, status 0.
reset 1000
: > "$T/want"
run all-there 0

# One library missing, not root: the exact line to run.
reset 1000
echo yaml-0.1 > "$T/gone"
printf 'casework: missing Debian packages: libyaml-dev\ncasework: install them with:\n    sudo apt-get install -y libyaml-dev\n' > "$T/want"
run one-missing-user 1
[ -s "$T/apt.log" ] && { echo "  FAIL check-deps one-missing-user: apt-get was run"; fail=$((fail + 1)); }

# Two missing, as root: installed, checked again, status 0.
reset 0
printf 'yaml-0.1\ncriterion\n' > "$T/gone"
touch "$T/apt-works"
printf 'casework: missing Debian packages: libyaml-dev libcriterion-dev\ncasework: installing them (running as root): apt-get install -y libyaml-dev libcriterion-dev\ncasework: installed libyaml-dev libcriterion-dev\n' > "$T/want"
run root-installs 0
grep -qx 'apt-get install -y libyaml-dev libcriterion-dev' "$T/apt.log" ||
	{ echo "  FAIL check-deps root-installs: apt-get log:"; cat "$T/apt.log"; fail=$((fail + 1)); }

# As root, apt-get fails (no network): said, and the line to run later.
reset 0
echo sqlite3 > "$T/gone"
printf 'casework: missing Debian packages: libsqlite3-dev\ncasework: installing them (running as root): apt-get install -y libsqlite3-dev\ncasework: apt-get could not install them\ncasework: install them with:\n    apt-get install -y libsqlite3-dev\n' > "$T/want"
run root-apt-fails 1

# No pkg-config at all: it is named, and dpkg says which libraries lack.
reset 1000
echo libncurses-dev > "$T/gone"
PC="$T/no-such-pkg-config"
printf 'casework: missing Debian packages: pkg-config libncurses-dev\ncasework: install them with:\n    sudo apt-get install -y pkg-config libncurses-dev\n' > "$T/want"
run no-pkg-config 1

# No C compiler (cc): build-essential.
reset 1000
CCX="$T/nowhere/cc"
printf 'casework: missing Debian packages: build-essential\ncasework: install them with:\n    sudo apt-get install -y build-essential\n' > "$T/want"
run no-cc 1

# CC names a compiler that is not there: said, no guess at a package.
reset 1000
CCX="$T/bin/cc-not-here"
printf "casework: the C compiler '%s' (CC) was not found; install it, or build with CC=cc\n" "$CCX" > "$T/want"
run other-cc-missing 1

echo "check-deps: $pass passed, $fail failed"
[ $fail -eq 0 ]
