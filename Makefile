# assetmap — build, run, test, benchmark, install.
# Run as root on a fresh Debian machine and missing system packages are installed with apt-get;
# otherwise each target stops and prints the exact command to run.

SWIFT       ?= swift
PREFIX      ?= /usr/local
BIN          = .build/release/assetmap
DEBUG_BIN    = .build/debug/assetmap
export LANG ?= C.UTF-8

BUILD_PKGS   = libncursesw5-dev libsqlite3-dev
TEST_PKGS    = tmux python3

.PHONY: all build run test test-unit test-e2e bench fuzz install uninstall clean deps test-deps

all: build

# Installs what is missing (Debian packages named in the design card).
deps:
	@scripts/ensure-packages $(BUILD_PKGS)

test-deps:
	@scripts/ensure-packages $(BUILD_PKGS) $(TEST_PKGS)

build: deps
	$(SWIFT) build -c release --product assetmap

# Builds, then opens the explorer on the embedded default catalogue (seeded on first run).
run: build
	$(BIN) $(ARGS)

# Every test: unit and snapshot tests (Swift Testing), then end-to-end tests of the real binary in tmux.
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest
	.build/debug/assetmap-fuzz --seed 1 --inputs $(FUZZ_TEST_INPUTS) --out .build/fuzz-failures
	python3 scripts/e2e.py $(DEBUG_BIN)

test-unit: test-deps
	$(SWIFT) test --disable-xctest

test-e2e: test-deps
	$(SWIFT) build --product assetmap
	$(SWIFT) build --product assetmap-bench  # scripts/e2e_launch.py generates its catalogue with it
	python3 scripts/e2e.py $(DEBUG_BIN)

# Benchmarks (release build): catalogue load, index build, search, memory, and peers.
bench: test-deps
	$(SWIFT) build -c release --product assetmap
	$(SWIFT) build -c release --product assetmap-bench
	scripts/bench.sh

# Hostile input (release build): mutation fuzzing of the importers and the query parser; prints
# inputs/second and the totals, saves each failing input under .build/fuzz-failures, fails on any.
FUZZ_INPUTS      ?= 100000
FUZZ_TEST_INPUTS ?= 40
FUZZ_SEED        ?= 1
fuzz: deps
	$(SWIFT) build -c release --product assetmap-fuzz
	.build/release/assetmap-fuzz --seed $(FUZZ_SEED) --inputs $(FUZZ_INPUTS) --out .build/fuzz-failures

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/assetmap
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/assetmap
	cp -R Assets/. $(DESTDIR)$(PREFIX)/share/assetmap/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/assetmap
	rm -rf $(DESTDIR)$(PREFIX)/share/assetmap

clean:
	rm -rf .build
