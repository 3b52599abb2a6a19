#!/bin/sh
# install-check.sh - `make install` into a throwaway DESTDIR and check
# what landed there: the binary runs, the man page and the shipped
# policies are in place, nothing was written outside DESTDIR.
set -eu
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null
fail=0
for f in usr/bin/casework usr/share/man/man1/casework.1 \
         usr/share/casework/policy.yaml usr/share/casework/staff.yaml \
         usr/share/casework/training.yaml; do
	if [ ! -f "$dest/$f" ]; then
		echo "install-check: $f was not installed" >&2
		fail=1
	fi
done
[ -x "$dest/usr/bin/casework" ] || { echo "install-check: casework is not executable" >&2; fail=1; }
if [ $fail = 0 ]; then
	v=$("$dest/usr/bin/casework" --version) || { echo "install-check: installed casework --version failed" >&2; fail=1; }
	case "$v" in casework\ *) ;; *) echo "install-check: unexpected --version output: $v" >&2; fail=1 ;; esac
fi
[ $fail = 0 ] && echo "install-check: make install DESTDIR=... ok"
exit $fail
