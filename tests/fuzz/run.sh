#!/bin/sh
# run.sh [SECONDS] - build the config loader fuzzer with clang
# (libFuzzer + ASan + UBSan) and run it for SECONDS (default 60).
# The seed corpus (tests/fuzz/corpus/) is not written to: new inputs go
# to tests/fuzz/corpus-run/ and crashes to build/fuzz/. Needs clang and
# its libFuzzer runtime (Debian: clang, libclang-rt-14-dev).
set -eu
seconds=${1:-60}
cd "$(dirname "$0")/../.."
CC_FUZZ=${CC_FUZZ:-clang}
if ! command -v "$CC_FUZZ" >/dev/null 2>&1; then
	echo "fuzz: $CC_FUZZ not found; install clang (and libclang-rt-dev for libFuzzer)" >&2
	exit 1
fi
out=build/fuzz
mkdir -p "$out" tests/fuzz/corpus-run
# the loaders and all of core/ they may call (core/ links with SQLite
# alone; a fixed list of files went stale as the loaders grew)
srcs="tests/fuzz/fuzz_policy.c $(ls config/*.c) $(ls core/*.c)"
echo "fuzz: building $out/fuzz_policy"
# shellcheck disable=SC2086
"$CC_FUZZ" -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -I. \
	-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	$(pkg-config --cflags yaml-0.1 sqlite3) -o "$out/fuzz_policy" $srcs $(pkg-config --libs yaml-0.1 sqlite3)
echo "fuzz: running for ${seconds}s"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
"$out/fuzz_policy" tests/fuzz/corpus-run tests/fuzz/corpus \
	-dict=tests/fuzz/policy.dict -max_total_time="$seconds" -max_len=16384 \
	-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/"
