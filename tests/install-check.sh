#!/bin/sh
# install-check.sh - `make install` into a throwaway DESTDIR and check
# what landed there: the binary runs, the man page and the shipped
# policies are in place and unchanged (and pass policy check), nothing
# was written under PREFIX itself, and `make uninstall` takes it all
# away again.
set -eu
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
had_bin=no
[ -e /usr/bin/casework ] && had_bin=yes
${MAKE:-make} -s install DESTDIR="$dest" PREFIX=/usr >/dev/null
fail=0
say() { echo "install-check: $*" >&2; fail=1; }
for f in usr/bin/casework usr/share/man/man1/casework.1 \
         usr/share/casework/policy.yaml usr/share/casework/staff.yaml \
         usr/share/casework/training.yaml usr/share/casework/providers.yaml; do
	[ -f "$dest/$f" ] || say "$f was not installed"
done
for f in config/examples/*.yaml; do
	[ -f "$dest/usr/share/casework/examples/${f##*/}" ] || say "examples/${f##*/} was not installed"
done
for f in policy.yaml staff.yaml training.yaml providers.yaml; do
	[ -f "$dest/usr/share/casework/$f" ] && ! cmp -s "config/$f" "$dest/usr/share/casework/$f" &&
		say "usr/share/casework/$f differs from config/$f"
done
[ -x "$dest/usr/bin/casework" ] || say "casework is not executable"
if [ $fail = 0 ]; then
	v=$("$dest/usr/bin/casework" --version) || say "installed casework --version failed"
	case "$v" in casework\ *) ;; *) say "unexpected --version output: $v" ;; esac
	for f in "$dest"/usr/share/casework/policy.yaml "$dest"/usr/share/casework/examples/*.yaml; do
		"$dest/usr/bin/casework" policy check "$f" >/dev/null 2>&1 || say "installed ${f#$dest/} fails policy check"
	done
fi
[ $had_bin = no ] && [ -e /usr/bin/casework ] && say "make install DESTDIR=... wrote /usr/bin/casework"
${MAKE:-make} -s uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null
left=$(find "$dest" -type f | sed "s|^$dest/||")
[ -z "$left" ] || say "make uninstall left: $left"
[ $fail = 0 ] && echo "install-check: make install DESTDIR=... and make uninstall ok"
exit $fail
