# mailpath — a teaching simulator of the full e-mail path.
#   make        build ./mailpath (objects in build/)
#   make run    build and start the UI on the seed's story
#   make test   build and run every test
#   make install / make uninstall   (PREFIX, DESTDIR)
# CC and CFLAGS may be overridden: make CC=clang CFLAGS='-O0 -g' test

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Isim -Ibuild
DEPFLAGS := -MMD -MP

PKG_CONFIG ?= pkg-config
CURSES_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
CURSES_LIBS   := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)
CUNIT_LIBS    := -lcunit
# OpenSSL: real TLS in serve (ui/serve/ only; sim/ never sees it)
SSL_CFLAGS    := $(shell $(PKG_CONFIG) --cflags openssl 2>/dev/null)
SSL_LIBS      := $(shell $(PKG_CONFIG) --libs openssl 2>/dev/null || echo -lssl -lcrypto)

B := build
# Sources are found by folder: one folder per layer (README.md, Layout).
SIM_SRC  := $(sort $(wildcard sim/*/*.c))
UI_SRC   := $(sort $(filter-out ui/cli/main.c,$(wildcard ui/*/*.c)))
TEST_SRC := $(sort $(wildcard tests/*.c tests/*/test_*.c))
SCN      := $(sort $(wildcard scenarios/*.scn))

SIM_OBJ  := $(SIM_SRC:%.c=$(B)/%.o) $(B)/bundled.o $(B)/html_assets.o
UI_OBJ   := $(UI_SRC:%.c=$(B)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(B)/%.o)

.PHONY: all run test clean deps deps-build golden layers
all: deps-build mailpath

deps-build:
	@sh .ci/ensure-deps build
deps:
	@sh .ci/ensure-deps all

mailpath: $(SIM_OBJ) $(UI_OBJ) $(B)/ui/cli/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CURSES_LIBS) $(SSL_LIBS)

$(B)/sim/%.o: sim/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(DEPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/ui/%.o: ui/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Iui $(CURSES_CFLAGS) $(SSL_CFLAGS) $(WARN) $(DEPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Iui -Itests $(CURSES_CFLAGS) $(WARN) $(DEPFLAGS) $(CFLAGS) -c -o $@ $<

# The bundled scenarios are compiled in, so mailpath finds them from any directory.
$(B)/bundled.c: $(SCN) .ci/bundle-scenarios
	@mkdir -p $(@D)
	sh .ci/bundle-scenarios $(SCN) > $@.tmp && mv $@.tmp $@

$(B)/bundled.o: $(B)/bundled.c
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

# The HTML page's style sheet and script, kept as files for editing, are
# compiled in the same way (with the script's hash for the page's CSP).
HTML_ASSETS := sim/export/html/page.css sim/export/html/page.js sim/export/html/page_inspect.js \
	       sim/export/html/page_lesson.js
$(B)/html_assets.c: $(HTML_ASSETS) .ci/bundle-html
	@mkdir -p $(@D)
	sh .ci/bundle-html $(HTML_ASSETS) > $@.tmp && mv $@.tmp $@

$(B)/html_assets.o: $(B)/html_assets.c
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

$(B)/test_runner: $(SIM_OBJ) $(UI_OBJ) $(TEST_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CUNIT_LIBS) $(CURSES_LIBS) $(SSL_LIBS)

run: deps mailpath
	./mailpath

test: deps layers mailpath $(B)/test_runner
	$(B)/test_runner
	@for t in tests/*.sh; do [ -e "$$t" ] || continue; echo "== $$t"; bash "$$t" || exit 1; done

# Installed like any Unix tool: the binary (the lessons are compiled in), the
# manual pages mailpath(1) and mailpath-scenario(5), and bash completion.
#   make install [PREFIX=/usr/local] [DESTDIR=/tmp/stage]    make uninstall
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL     ?= install
.PHONY: install uninstall
install: mailpath
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 755 mailpath $(DESTDIR)$(BINDIR)/mailpath
	$(INSTALL) -m 644 ui/cli/mailpath.1 $(DESTDIR)$(MANDIR)/man1/mailpath.1
	$(INSTALL) -m 644 scenarios/mailpath-scenario.5 $(DESTDIR)$(MANDIR)/man5/mailpath-scenario.5
	$(INSTALL) -m 644 ui/cli/mailpath.bash $(DESTDIR)$(BASHCOMPDIR)/mailpath

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mailpath $(DESTDIR)$(MANDIR)/man1/mailpath.1 \
		$(DESTDIR)$(MANDIR)/man5/mailpath-scenario.5 $(DESTDIR)$(BASHCOMPDIR)/mailpath

# Regenerate the golden transcripts on purpose (review the diff before committing).
golden: mailpath
	@for s in $(SCN); do n=$$(basename $$s .scn); \
		if [ -f tests/golden/$$n.summary ]; then ./mailpath run $$n | sh .ci/golden-summary > tests/golden/$$n.summary; \
		else ./mailpath run $$n > tests/golden/$$n.txt; fi; done; \
	for f in msc mermaid; do ./mailpath run default --format $$f > tests/golden/default.$$f; done; \
	echo "golden transcripts written to tests/golden/"

# Every folder of sim/ and ui/ uses only the folders below it (README.md, Layout).
layers:
	@sh .ci/check-layers

clean:
	rm -rf $(B) mailpath

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# Speed and memory targets, measured here and never in timed unit tests.
.PHONY: bench
$(B)/bench: $(SIM_OBJ) $(B)/tests/bench/bench.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^
$(B)/tests/bench/%.o: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(DEPFLAGS) $(CFLAGS) -c -o $@ $<
# `make bench`: one table (tests/bench/table.sh), also in build/bench.txt; it
# installs Postfix (smtp-source, smtp-sink) and Dovecot with `ensure-deps bench`.
bench: mailpath $(B)/bench
	@sh .ci/ensure-deps bench
	@bash tests/bench/table.sh

# The real-time tests (serve, the terminal UI, exports, the burst's waits)
# STRESS_RUNS times in a row; not part of `make test` (tests/stress/stress.sh).
.PHONY: stress
STRESS_RUNS ?= 20
stress: deps mailpath
	STRESS_RUNS=$(STRESS_RUNS) bash tests/stress/stress.sh

# ---- hardening: sanitizers, valgrind, fuzzing, lint --------------------------
#   make asan        the whole `make test`, built with ASan + UBSan (clang)
#   make valgrind    every bundled scenario headless under memcheck
#   make fuzz        each libFuzzer target of tests/fuzz/ for FUZZ_SECONDS
#   make lint        cppcheck and clang-tidy (the checks and why: LINT_ below)
# They install their tools with `.ci/ensure-deps hardening`; `make test` only
# replays the fuzz regression inputs and seed corpus (any compiler).
.PHONY: asan valgrind fuzz fuzz-world fuzz-build fuzz-replay lint deps-hardening

deps-hardening:
	@sh .ci/ensure-deps hardening

# -- replay of the fuzz inputs, part of `make test` --
# The fast targets drive one state machine (>= 10,000 executions/s); the
# _world ones the same input through the whole simulated world (slower).
FUZZ_FAST    := scenario message pop3_server smtp_server smtp_reply
FUZZ_WORLD   := smtp_server_world pop3_server_world message_world scenario_world
FUZZ_TARGETS := $(FUZZ_FAST) $(FUZZ_WORLD)
# corpus/T and regress/T, and those of T without _world (the same inputs)
FUZZ_SEEDS    = for d in tests/fuzz/corpus/$$t tests/fuzz/regress/$$t $$(b=$${t%_world}; \
		[ $$b != $$t ] && echo tests/fuzz/corpus/$$b tests/fuzz/regress/$$b); do [ -d $$d ] && echo $$d; done
FUZZ_COMMON  := tests/fuzz/common.o
FUZZ_REPLAY  := $(FUZZ_TARGETS:%=$(B)/fuzz/replay-%)

$(B)/fuzz/replay-%: $(B)/tests/fuzz/fuzz_%.o $(B)/$(FUZZ_COMMON) $(B)/tests/fuzz/replay.o $(SIM_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

fuzz-replay: $(FUZZ_REPLAY)
	@for t in $(FUZZ_TARGETS); do \
		dirs=$$($(FUZZ_SEEDS)); \
		$(B)/fuzz/replay-$$t $$dirs || { echo "fuzz-replay: $$t FAILED"; exit 1; }; \
	done

test: fuzz-replay

# -- ASan + UBSan: `make test` in a copy of the tree (the test scripts run
#    ./mailpath), any finding written to $(ASAN_DIR)/log and failing the run --
ASAN_CC    ?= clang
ASAN_SAN   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_DIR   := $(B)/asan
ASAN_LOG   := $(abspath $(ASAN_DIR)/log)
ASAN_ENV   := ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1:log_path=$(ASAN_LOG)/asan \
              UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(ASAN_LOG)/ubsan \
              LSAN_OPTIONS=log_path=$(ASAN_LOG)/lsan

asan: deps-hardening
	@mkdir -p $(ASAN_DIR)/src
	@find $(ASAN_DIR)/src -mindepth 1 -maxdepth 1 ! -name $(B) -exec rm -rf {} +
	@rm -rf $(ASAN_LOG); mkdir -p $(ASAN_LOG)
	tar -cf - --exclude=./$(B) --exclude=./.git --exclude=./mailpath . | tar -xf - -C $(ASAN_DIR)/src
	$(ASAN_ENV) $(MAKE) --no-print-directory -C $(ASAN_DIR)/src CC=$(ASAN_CC) \
		CFLAGS='-O1 -g $(ASAN_SAN)' LDFLAGS='$(ASAN_SAN)' test
	@if [ -n "$$(ls -A $(ASAN_LOG))" ]; then \
		echo "asan: sanitizer findings:"; cat $(ASAN_LOG)/*; exit 1; fi
	@echo "asan: the whole test suite ran under ASan+UBSan: no finding"

# -- valgrind: every bundled scenario, headless, in every output format (the
#    text run also writes a pcap) --
VALGRIND     ?= valgrind
VALGRIND_FORMATS ?= text json msc mermaid markdown html
# Heavy lessons (millions of events: outage-backlog takes about 4 CPU-minutes
# under memcheck in one format) run in the text format only.
VALGRIND_HEAVY   ?= outage-backlog
VALGRIND_DIR := $(B)/valgrind
VALGRIND_RUN := $(VALGRIND) --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
                --error-exitcode=99 --track-origins=yes

valgrind: deps-hardening mailpath
	@rm -rf $(VALGRIND_DIR); mkdir -p $(VALGRIND_DIR)
	@n=0; bad=0; err=0; def=0; ind=0; \
	for s in $$(./mailpath list | awk '{ print $$1 }'); do \
		fmts="$(VALGRIND_FORMATS)"; case " $(VALGRIND_HEAVY) " in *" $$s "*) fmts=text;; esac; \
		for fmt in $$fmts; do \
			log=$(VALGRIND_DIR)/$$s.$$fmt.log; n=$$((n + 1)); \
			pcap=""; [ $$fmt = text ] && pcap="--pcap $(VALGRIND_DIR)/$$s.pcap"; \
			$(VALGRIND_RUN) --log-file=$$log ./mailpath run $$s --format $$fmt $$pcap >/dev/null; rc=$$?; \
			e=$$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) error.*/\1/p' $$log | tr -d ,); \
			d=$$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' $$log | tr -d ,); \
			i=$$(sed -n 's/.*indirectly lost: \([0-9,]*\) bytes.*/\1/p' $$log | tr -d ,); \
			err=$$((err + $${e:-0})); def=$$((def + $${d:-0})); ind=$$((ind + $${i:-0})); \
			if [ $$rc != 0 ] || [ -z "$$e" ]; then bad=$$((bad + 1)); \
				echo "valgrind: $$s --format $$fmt: exit $$rc (log: $$log)"; fi; \
		done; \
	done; \
	echo "valgrind: $$n runs, $$err errors, $$def bytes definitely lost, $$ind bytes indirectly lost"; \
	[ $$bad = 0 ] && [ $$err = 0 ] && [ $$def = 0 ] && [ $$ind = 0 ]

# -- libFuzzer targets (clang): tests/fuzz/README.md --
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_ARGS    ?=
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# shorter malloc stacks and quarantine: twice the executions per second
FUZZ_ASAN_OPTIONS ?= quarantine_size_mb=32:malloc_context_size=8
FUZZ_DIR     := $(B)/fuzz-lib
FUZZ_SIM_OBJ := $(SIM_SRC:%.c=$(FUZZ_DIR)/%.o) $(FUZZ_DIR)/bundled.o $(FUZZ_DIR)/html_assets.o
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz-%)

# Comparison tracing (trace-cmp) costs a callback per compare: in the byte
# loops of the framing, the string helpers, the "did you mean" distance and
# the explanation lookup it took half the time and guides nothing the
# dictionaries do not; those files keep edge coverage only. The harness's
# own checks (common.c) are not instrumented for coverage at all.
FUZZ_OPT   ?= -O2
FUZZ_NOCMP ?= sim/core/linebuf.c sim/core/util.c sim/run/fault.c sim/teach/explain.c
$(FUZZ_DIR)/sim/%.o: sim/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(WARN) $(DEPFLAGS) $(FUZZ_OPT) -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
		$(if $(filter $<,$(FUZZ_NOCMP)),-fno-sanitize-coverage=trace-cmp) -c -o $@ $<

$(FUZZ_DIR)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(WARN) $(DEPFLAGS) $(FUZZ_OPT) -g $(FUZZ_SAN) \
		$(if $(filter $<,$(FUZZ_COMMON:%.o=%.c)),,-fsanitize=fuzzer-no-link) -c -o $@ $<

$(FUZZ_DIR)/bundled.o: $(B)/bundled.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(WARN) -O1 -g $(FUZZ_SAN) -c -o $@ $<

$(FUZZ_DIR)/html_assets.o: $(B)/html_assets.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(WARN) -O1 -g $(FUZZ_SAN) -c -o $@ $<

$(FUZZ_DIR)/fuzz-%: $(FUZZ_DIR)/tests/fuzz/fuzz_%.o $(FUZZ_DIR)/$(FUZZ_COMMON) $(FUZZ_SIM_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^

fuzz-build: deps-hardening $(FUZZ_BIN)

# Each target of FUZZ_RUN (the fast ones; `make fuzz-world`: the _world ones) for FUZZ_SECONDS
# (or FUZZ_ARGS=-runs=N); the growing corpus stays in $(FUZZ_DIR)/corpus,
# a crash is written to $(FUZZ_DIR)/crashes/TARGET/ (keep it in tests/fuzz/regress/TARGET/).
# One make target per fuzz target, so `make -j2 fuzz` runs two at once.
FUZZ_RUN ?= $(FUZZ_FAST)
fuzz-world:
	@$(MAKE) --no-print-directory fuzz FUZZ_RUN='$(FUZZ_WORLD)'
fuzz: $(FUZZ_RUN:%=fuzz-run-%)
fuzz-run-%: fuzz-build
	@t=$*; mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/crashes/$$t; \
	dict=""; [ -f tests/fuzz/$${t%_world}.dict ] && dict="-dict=tests/fuzz/$${t%_world}.dict"; \
	seeds=$$($(FUZZ_SEEDS)); \
	echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	ASAN_OPTIONS=$(FUZZ_ASAN_OPTIONS) $(FUZZ_DIR)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/crashes/$$t/ $$dict $(FUZZ_ARGS) \
		$(FUZZ_DIR)/corpus/$$t $$seeds 2>$(FUZZ_DIR)/$$t.log; \
	rc=$$?; grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::new_units_added' \
		$(FUZZ_DIR)/$$t.log | sed "s/^stat::/$$t: /"; \
	if [ $$rc != 0 ]; then tail -40 $(FUZZ_DIR)/$$t.log; echo "fuzz: $$t FAILED (log: $(FUZZ_DIR)/$$t.log)"; exit 1; fi

.SECONDARY: $(FUZZ_TARGETS:%=$(B)/tests/fuzz/fuzz_%.o) $(B)/$(FUZZ_COMMON) $(B)/tests/fuzz/replay.o \
            $(FUZZ_TARGETS:%=$(FUZZ_DIR)/tests/fuzz/fuzz_%.o) $(FUZZ_DIR)/$(FUZZ_COMMON) $(FUZZ_SIM_OBJ)

# -- lint: cppcheck over everything, clang-tidy over the program and the fuzz
#    and hostile-input code. The checks, and why the others are off:
#    cppcheck warning,portability,performance: real defects; `style` is opinion.
#      arrayIndexThenCheck in tests/core/test_sched.c: `prev < id` there is an ordering
#      check on ids, not an index bound.
#    clang-tidy clang-analyzer-* and bugprone-*, except
#      security.insecureAPI.*: asks for C11 Annex K (memcpy_s...), which glibc lacks;
#      bugprone-easily-swappable-parameters: style;
#      bugprone-sizeof-expression: flags every `n * sizeof *v` where v is T**;
#      bugprone-narrowing-conversions: int -> char of byte values is intended;
#      bugprone-implicit-widening-of-multiplication-result: small constant products;
#      bugprone-suspicious-memory-comparison: trace views are memset before filling.
#    Known false positives (LINT_TIDY_KNOWN): the analyzer assumes a strbuf with
#    buf == NULL but cap > 0 (util.c), and rows read past rs->n == 0 (ui_overlay.c).
#    tests/test_*.c get cppcheck only: after a non-fatal CU_ASSERT the analyzer
#    follows the failing branch and reports a NULL dereference in every test.
LINT_JOBS        ?= 2
LINT_TIDY_CHECKS := -*,clang-analyzer-*,bugprone-*,-clang-analyzer-security.insecureAPI.*,$\
                    -bugprone-easily-swappable-parameters,-bugprone-sizeof-expression,$\
                    -bugprone-narrowing-conversions,-bugprone-implicit-widening-of-multiplication-result,$\
                    -bugprone-suspicious-memory-comparison
LINT_TIDY_SRC    := $(SIM_SRC) $(UI_SRC) ui/cli/main.c $(sort $(wildcard tests/fuzz/*.c)) tests/test_hostile.c
LINT_TIDY_KNOWN  := sim/core/util.c:[0-9:]* warning: Array access .via field .buf.. results in a null pointer dereference|$\
                    ui/tui/ui_overlay.c:[0-9:]* warning: Access to field '[a-z]*' results in a dereference of a null pointer .loaded from variable 'r'.

lint: deps-hardening layers $(B)/bundled.c
	cppcheck --std=c11 --enable=warning,portability,performance --error-exitcode=1 --quiet \
		--inline-suppr --suppress=missingIncludeSystem --suppress=arrayIndexThenCheck:tests/core/test_sched.c \
		-D_POSIX_C_SOURCE=200809L -Isim -Iui -Itests -I$(B) sim ui tests
	@echo "clang-tidy: $(words $(LINT_TIDY_SRC)) files"
	@printf '%s\n' $(LINT_TIDY_SRC) | xargs -P$(LINT_JOBS) -I{} clang-tidy --quiet -checks='$(LINT_TIDY_CHECKS)' {} -- \
		$(CPPFLAGS) -Iui -Itests $(CURSES_CFLAGS) -std=c11 >$(B)/lint-tidy.txt 2>/dev/null || true
	@grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' $(B)/lint-tidy.txt | sed 's|^$(CURDIR)/||' | sort -u | \
		grep -vE "$(LINT_TIDY_KNOWN)" >$(B)/lint-findings.txt || true
	@if [ -s $(B)/lint-findings.txt ]; then cat $(B)/lint-findings.txt; \
		echo "lint: clang-tidy findings (details: $(B)/lint-tidy.txt)"; exit 1; fi
	@echo "lint: clean"
