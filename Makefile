# casework - a plain GNU Makefile.
#   make            build ./casework
#   make run        build and open it (first run makes a personal setup)
#   make test       unit suites (plain and ASan+UBSan), screen tests, install check,
#                   the dependency check, a replay of the fuzz corpus
#   make bench      the performance figures (docs/performance.md)
#   make fuzz       fuzz the policy loader for FUZZ_SECONDS
#   make valgrind   the unit suites under Valgrind
#   make readme     put the key table and the caseload screen in README.md
#   make install    PREFIX, DESTDIR, MANPREFIX as usual
# V=1 shows the commands.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
MANPREFIX ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
DESTDIR   ?=

CC        ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS    ?= -O2 -g
LDFLAGS   ?=
FUZZ_SECONDS ?= 60

VERSION   := 0.1.0

WARNINGS  := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wvla -Wformat=2 -Wpointer-arith -Wundef -Wwrite-strings \
             -Wno-format-nonliteral -Werror
STD       := -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 \
             -D_XOPEN_SOURCE_EXTENDED -D_DEFAULT_SOURCE
DEPFLAGS   = -MMD -MP
CPPFLAGS_ALL := $(STD) -I. -DCASEWORK_VERSION='"$(VERSION)"' \
             -DCASEWORK_SYSCONFDIR='"$(SYSCONFDIR)"'

SANITIZE  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

# pkg-config is only asked once the dependency check has passed, so a
# missing package gives the check's message, not a compiler error.
pc = $(shell $(PKG_CONFIG) $(1) 2>/dev/null)
SQLITE_CFLAGS  = $(call pc,--cflags sqlite3)
SQLITE_LIBS    = $(call pc,--libs sqlite3)
YAML_CFLAGS    = $(call pc,--cflags yaml-0.1)
YAML_LIBS      = $(call pc,--libs yaml-0.1)
# ncursesw.pc asks for _XOPEN_SOURCE=600; STD already sets 700, and a
# second -D would be a redefinition error under -Werror.
CURSES_CFLAGS  = $(filter-out -D_XOPEN_SOURCE=%,$(call pc,--cflags ncursesw))
CURSES_LIBS    = $(call pc,--libs ncursesw)
CRIT_CFLAGS    = $(call pc,--cflags criterion)
CRIT_LIBS      = $(call pc,--libs criterion)

CORE_SRC   := $(sort $(wildcard core/*.c))
CONFIG_SRC := $(sort $(wildcard config/*.c))
TUI_SRC    := $(sort $(wildcard tui/*.c))
CLI_SRC    := $(sort $(wildcard cli/*.c))
TEST_SRC   := $(sort $(wildcard tests/test_*.c))
GEN_SRC    := build/gen/embedded.c

# Per-directory include flags: core/ sees neither curses nor YAML.
flags_for = $(if $(filter core/%,$(1)),$(SQLITE_CFLAGS),\
            $(if $(filter config/%,$(1)),$(YAML_CFLAGS),\
            $(if $(filter tui/%,$(1)),$(CURSES_CFLAGS),\
            $(if $(filter tests/%,$(1)),$(CRIT_CFLAGS) $(YAML_CFLAGS) $(CURSES_CFLAGS),\
            $(CURSES_CFLAGS) $(YAML_CFLAGS)))))

APP_SRC    := $(CORE_SRC) $(CONFIG_SRC) $(TUI_SRC) $(CLI_SRC)
APP_OBJ    := $(patsubst %.c,build/obj/%.o,$(APP_SRC)) build/obj/gen/embedded.o
LIB_OBJ    := $(patsubst %.c,build/obj/%.o,$(CORE_SRC) $(CONFIG_SRC) $(TUI_SRC)) build/obj/gen/embedded.o
TEST_OBJ   := $(patsubst %.c,build/obj/%.o,$(TEST_SRC))
ASAN_LIB_OBJ  := $(patsubst build/obj/%,build/asan/%,$(LIB_OBJ))
ASAN_TEST_OBJ := $(patsubst build/obj/%,build/asan/%,$(TEST_OBJ))
ASAN_APP_OBJ  := $(patsubst build/obj/%,build/asan/%,$(APP_OBJ))

LIBS := $(CURSES_LIBS) $(YAML_LIBS) $(SQLITE_LIBS)

DEPS_OK := build/.deps-ok

# The settings compiled into the objects: when one changes (make
# SYSCONFDIR=/etc/opt, CFLAGS=-O0), everything is built again.
BUILD_SETTINGS := $(VERSION) $(SYSCONFDIR) $(CC) $(CFLAGS) $(CPPFLAGS)
SETTINGS := build/.settings
ifneq ($(filter-out clean,$(MAKECMDGOALS))$(if $(MAKECMDGOALS),,all),)
$(shell mkdir -p build; printf '%s\n' "$(BUILD_SETTINGS)" | cmp -s - $(SETTINGS) || printf '%s\n' "$(BUILD_SETTINGS)" > $(SETTINGS))
endif

.PHONY: all run test test-unit test-asan test-screens test-install test-fuzz test-deps check-deps \
        bench fuzz valgrind install uninstall clean readme

all: casework

$(DEPS_OK): tools/check-deps
	$(Q)PKG_CONFIG="$(PKG_CONFIG)" CC="$(CC)" sh tools/check-deps
	$(Q)mkdir -p build && touch $@

check-deps:
	$(Q)PKG_CONFIG="$(PKG_CONFIG)" CC="$(CC)" sh tools/check-deps

casework: $(APP_OBJ)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/casework-asan: $(ASAN_APP_OBJ)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(LIBS)

build/gen/embedded.c: config/policy.yaml config/staff.yaml config/training.yaml tools/embed.sh
	$(quiet) GEN $@
	$(Q)mkdir -p $(@D)
	$(Q)sh tools/embed.sh config/policy.yaml embedded_policy_yaml config/staff.yaml embedded_staff_yaml config/training.yaml embedded_training_yaml > $@.tmp && mv $@.tmp $@

build/obj/gen/%.o: build/gen/%.c $(SETTINGS) | $(DEPS_OK)
	$(quiet) CC $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/asan/gen/%.o: build/gen/%.c $(SETTINGS) | $(DEPS_OK)
	$(quiet) CC $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS) $(SANITIZE) -c -o $@ $<

build/obj/%.o: %.c $(SETTINGS) | $(DEPS_OK)
	$(quiet) CC $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(call flags_for,$<) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

build/asan/%.o: %.c $(SETTINGS) | $(DEPS_OK)
	$(quiet) CC $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(call flags_for,$<) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) $(SANITIZE) $(DEPFLAGS) -c -o $@ $<

build/tests/unit: $(TEST_OBJ) $(LIB_OBJ)
	$(quiet) LD $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CRIT_LIBS) $(LIBS)

build/tests/unit-asan: $(ASAN_TEST_OBJ) $(ASAN_LIB_OBJ)
	$(quiet) LD $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(CRIT_LIBS) $(LIBS)

# core/ on its own: core and its suites compiled with only SQLite's and
# Criterion's headers, linked with nothing else (no ncurses, no libyaml).
CORE_TEST_SRC := tests/core_alone.c $(addprefix tests/test_,$(addsuffix .c,access case date import money store workflow))
CORE_TEST_OBJ := $(patsubst %.c,build/core/%.o,$(CORE_TEST_SRC))

build/core/%.o: %.c $(SETTINGS) | $(DEPS_OK)
	$(quiet) CC $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(SQLITE_CFLAGS) $(CRIT_CFLAGS) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

build/tests/core-alone: $(CORE_TEST_OBJ) $(patsubst %.c,build/obj/%.o,$(CORE_SRC))
	$(quiet) LD $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CRIT_LIBS) $(SQLITE_LIBS)

test: test-unit test-asan test-screens test-install test-deps test-fuzz
	@echo "make test: all passed"

test-unit: build/tests/unit build/tests/core-alone casework
	$(Q)sh tests/layout-check.sh
	$(Q)CASEWORK_SRC=$(CURDIR) build/tests/core-alone --jobs 2 $(TESTFLAGS)
	$(Q)CASEWORK_BIN=$(CURDIR)/casework CASEWORK_SRC=$(CURDIR) build/tests/unit --jobs 2 $(TESTFLAGS)

test-asan: build/tests/unit-asan build/casework-asan
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    CASEWORK_BIN=$(CURDIR)/build/casework-asan CASEWORK_SRC=$(CURDIR) \
	    build/tests/unit-asan --jobs 2 $(TESTFLAGS)

test-screens: casework
	$(Q)sh tests/screens/run.sh $(CURDIR)/casework

test-install: casework
	+$(Q)MAKE="$(MAKE)" sh tests/install-check.sh

test-deps:
	$(Q)sh tests/check-deps-test.sh

bench: casework build/bench/bench_core
	$(Q)sh tests/bench/run.sh $(CURDIR)/casework $(CURDIR)/build/bench/bench_core

# Times the core operations behind the screens (tests/bench/run.sh).
build/bench/bench_core: $(patsubst %.c,build/obj/%.o,$(CORE_SRC)) tests/bench/bench_core.c
	$(quiet) LD $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(SQLITE_CFLAGS) $(WARNINGS) $(CFLAGS) -o $@ $^ $(SQLITE_LIBS)

# The suites under Valgrind (memcheck): no errors, no definite or
# indirect leaks. Criterion runs every test in a worker process it
# execs, so Valgrind must follow children (the runner alone runs no
# test); casework and the shell tools the suites exec are skipped, and
# left to the ASan build. A worker's errors do not reach the runner's
# exit status, so each process logs to build/valgrind/ and any log with
# something in it fails the run. One job: Criterion's parameterised
# tests get garbage parameters with parallel workers under Valgrind
# (it picks one job itself unless told otherwise). CASEWORK_VALGRIND=1
# tells the long-running tests to do fewer rounds.
VALGRIND_SKIP := */casework,*/casework-asan,/bin/*,/usr/bin/*,/usr/local/bin/*
valgrind: build/tests/unit casework
	$(Q)rm -rf build/valgrind && mkdir -p build/valgrind
	$(Q)CASEWORK_VALGRIND=1 CASEWORK_BIN=$(CURDIR)/casework CASEWORK_SRC=$(CURDIR) \
	    valgrind --error-exitcode=1 --vgdb=no --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --show-leak-kinds=definite,indirect --trace-children=yes --trace-children-skip='$(VALGRIND_SKIP)' \
	    --log-file=$(CURDIR)/build/valgrind/%p.log -q build/tests/unit --jobs 1 $(TESTFLAGS)
	$(Q)bad=$$(find build/valgrind -name '*.log' -size +0c); \
	if [ -n "$$bad" ]; then cat $$bad; echo "make valgrind: errors or leaks in $$(echo $$bad | wc -w) process(es), above"; exit 1; fi; \
	echo "make valgrind: $$(ls build/valgrind | wc -l) processes checked, no errors, no leaks"

fuzz:
	$(Q)PKG_CONFIG="$(PKG_CONFIG)" sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# The fuzz harness builds and replays its seed corpus, so it cannot rot
# unseen; skipped (and said) where clang or libFuzzer is not installed.
test-fuzz:
	$(Q)mkdir -p build; PKG_CONFIG="$(PKG_CONFIG)" sh tests/fuzz/run.sh 0 >build/fuzz-replay.log 2>&1; rc=$$?; \
	case $$rc in \
	0) echo "fuzz: seed corpus replayed, no crash or leak" ;; \
	77) echo "fuzz: skipped, $$(tail -n 1 build/fuzz-replay.log)" ;; \
	*) cat build/fuzz-replay.log; exit 1 ;; \
	esac

# The README's key and role tables (tui/action.c, core/access.c) and caseload screenshot
# (the screen test's expected first screen); tests/test_readme.c checks
# they are current.
build/tools/readme-tables: tools/readme_tables.c build/obj/tui/action.o build/obj/core/access.o \
                           build/obj/core/status.o build/obj/core/case.o build/obj/core/util.o \
                           build/obj/core/date.o build/obj/core/money.o build/obj/core/policy.o
	$(quiet) LD $@
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CURSES_CFLAGS) $(WARNINGS) $(CFLAGS) -o $@ $^ $(CURSES_LIBS)

readme: build/tools/readme-tables
	$(Q)sh tools/readme-sync.sh build/tools/readme-tables tests/screens/expected/01-caseload.txt README.md

install: casework
	$(quiet) INSTALL $(DESTDIR)$(PREFIX)
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(DATADIR)/casework/examples
	$(Q)install -m 0755 casework $(DESTDIR)$(BINDIR)/casework
	$(Q)install -m 0644 docs/casework.1 $(DESTDIR)$(MANPREFIX)/man1/casework.1
	$(Q)install -m 0644 config/policy.yaml config/staff.yaml config/training.yaml config/providers.yaml $(DESTDIR)$(DATADIR)/casework/
	$(Q)for f in config/examples/*.yaml; do [ -e "$$f" ] || continue; install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/casework/examples/; done

uninstall:
	$(Q)rm -f $(DESTDIR)$(BINDIR)/casework $(DESTDIR)$(MANPREFIX)/man1/casework.1
	$(Q)rm -rf $(DESTDIR)$(DATADIR)/casework

run: casework
	./casework $(ARGS)

clean:
	$(Q)rm -rf build casework

-include $(shell find build -name '*.d' 2>/dev/null)
