# mailpath — a teaching simulator of the full e-mail path.
#   make        build ./mailpath (objects in build/)
#   make run    build and start the UI on the seed's story
#   make test   build and run every test
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

B := build
SIM_SRC  := $(sort $(wildcard sim/*.c))
UI_SRC   := $(sort $(filter-out ui/main.c,$(wildcard ui/*.c)))
TEST_SRC := $(sort $(wildcard tests/*.c))
SCN      := $(sort $(wildcard scenarios/*.scn))

SIM_OBJ  := $(SIM_SRC:%.c=$(B)/%.o) $(B)/bundled.o
UI_OBJ   := $(UI_SRC:%.c=$(B)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(B)/%.o)

.PHONY: all run test clean deps deps-build golden
all: deps-build mailpath

deps-build:
	@sh .ci/ensure-deps build
deps:
	@sh .ci/ensure-deps all

mailpath: $(SIM_OBJ) $(UI_OBJ) $(B)/ui/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CURSES_LIBS)

$(B)/sim/%.o: sim/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(DEPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/ui/%.o: ui/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Iui $(CURSES_CFLAGS) $(WARN) $(DEPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Iui -Itests $(CURSES_CFLAGS) $(WARN) $(DEPFLAGS) $(CFLAGS) -c -o $@ $<

# The bundled scenarios are compiled in, so mailpath finds them from any directory.
$(B)/bundled.c: $(SCN) .ci/bundle-scenarios
	@mkdir -p $(@D)
	sh .ci/bundle-scenarios $(SCN) > $@.tmp && mv $@.tmp $@

$(B)/bundled.o: $(B)/bundled.c
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

$(B)/test_runner: $(SIM_OBJ) $(UI_OBJ) $(TEST_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CUNIT_LIBS) $(CURSES_LIBS)

run: deps mailpath
	./mailpath

test: deps mailpath $(B)/test_runner
	$(B)/test_runner
	@for t in tests/*.sh; do [ -e "$$t" ] || continue; echo "== $$t"; bash "$$t" || exit 1; done

# Regenerate the golden transcripts on purpose (review the diff before committing).
golden: mailpath
	@for s in $(SCN); do n=$$(basename $$s .scn); ./mailpath run $$n > tests/golden/$$n.txt; done; \
	echo "golden transcripts written to tests/golden/"

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
bench: mailpath $(B)/bench
	$(B)/bench
	bash tests/bench/serve-burst.sh
