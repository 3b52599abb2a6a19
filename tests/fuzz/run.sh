#!/bin/sh
# run.sh [SECONDS] - build the config loader fuzzer with clang
# (libFuzzer + ASan + UBSan) and run it for SECONDS (default 60).
# SECONDS=0 only replays the seed corpus once (make test does this, so
# the harness cannot silently stop building).
# The seed corpus (tests/fuzz/corpus/) is not written to: new inputs go
# to tests/fuzz/corpus-run/ and crashes to build/fuzz/. Needs clang and
# its libFuzzer runtime (Debian: apt-get install clang libclang-rt-dev).
set -eu
seconds=${1:-60}
cd "$(dirname "$0")/../.."
CC_FUZZ=${CC_FUZZ:-clang}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
# Exit 77 when the tools are missing (make test then says it skipped).
if ! command -v "$CC_FUZZ" >/dev/null 2>&1; then
	echo "fuzz: $CC_FUZZ not found; install it with: sudo apt-get install -y clang libclang-rt-dev" >&2
	exit 77
fi
out=build/fuzz
mkdir -p "$out" tests/fuzz/corpus-run
# The loaders and all of core/ (the loaders fill core's structs and use
# its dates, money and case keys); SQLite comes along for core/store.
srcs="tests/fuzz/fuzz_policy.c $(ls config/*.c core/*.c)"
echo "fuzz: building $out/fuzz_policy"
# shellcheck disable=SC2086
if ! "$CC_FUZZ" -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -I. \
	-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	$($PKG_CONFIG --cflags yaml-0.1 sqlite3) -o "$out/fuzz_policy" $srcs \
	$($PKG_CONFIG --libs yaml-0.1 sqlite3) 2> "$out/build.log"; then
	cat "$out/build.log" >&2
	if grep -q "libclang_rt.fuzzer\|fsanitize=fuzzer" "$out/build.log"; then
		echo "fuzz: clang has no libFuzzer runtime; install it with: sudo apt-get install -y libclang-rt-dev" >&2
		exit 77
	fi
	exit 1
fi
export CASEWORK_TODAY=2026-11-22 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [ "$seconds" = 0 ]; then
	echo "fuzz: replaying the seed corpus ($(ls tests/fuzz/corpus | wc -l) files)"
	"$out/fuzz_policy" -runs=0 -max_len=24576 -timeout=10 tests/fuzz/corpus
	exit
fi
echo "fuzz: running for ${seconds}s"
"$out/fuzz_policy" tests/fuzz/corpus-run tests/fuzz/corpus \
	-dict=tests/fuzz/policy.dict -max_total_time="$seconds" -max_len=24576 \
	-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/"
