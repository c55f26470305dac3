# versus: the front door. `make site LANG=tr`, `make test`; see README.md.
#
# LANG is also the locale variable, and make turns the environment into
# make variables: only a LANG= given on make's command line picks
# languages, and it must never reach a child as a locale.
ifeq ($(origin LANG),command line)
SITE_LANGS := $(LANG)
override LANG := C.UTF-8
endif
export LANG

BUILD     ?= build
OUT       ?= out
JOBS      ?= $(shell nproc)
BASE_URL  ?=
PORT      ?= 8000
CMAKE_FLAGS ?=
VERSUS    ?= $(BUILD)/versus
# A VERSUS given on the command line is used as it is (the tests do).
ifeq ($(origin VERSUS),command line)
NEED_BUILD :=
else
NEED_BUILD := build
endif

# What a fresh Debian 12 machine lacks to build and run versus.
BUILD_DEPS := gcc make cmake pkg-config libxml2-dev libgettextpo-dev \
	libcmark-dev libunistring-dev libicu-dev gettext libxml2-utils
# What the test suite adds (curl: the live preview's test).
TEST_DEPS := locales valgrind cmark translate-toolkit python3-polib python3-yaml nodejs curl
# Lighthouse (from npm) runs in Debian's Chromium.
LIGHTHOUSE_DEPS := chromium nodejs

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all site build build-all deps test-deps test test-sanitize test-tsan test-valgrind check update-po po-stats serve bench lighthouse fuzz clean

all: site

# Installs only what is absent of the Debian packages $(1), so a machine
# that has everything never runs apt-get.
define install_missing
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_DEPS))

test-deps: deps
	$(call install_missing,$(TEST_DEPS))
	@# The determinism test renders under a Turkish locale too.
	@locale -a 2>/dev/null | grep -qi '^tr_TR.utf8$$' || { \
		grep -q '^tr_TR.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || \
			echo 'tr_TR.UTF-8 UTF-8' | $(SUDO) tee -a /etc/locale.gen >/dev/null; \
		$(SUDO) locale-gen >/dev/null; }

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

# The program alone; the test targets build with the suite.
build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target versus

build-all: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

site: build
	$(VERSUS) --out $(OUT) -j $(JOBS) $(if $(SITE_LANGS),--lang $(SITE_LANGS)) $(if $(BASE_URL),--base-url $(BASE_URL))

check: build
	$(VERSUS) --check $(if $(SITE_LANGS),--lang $(SITE_LANGS))

test: test-deps build-all
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The suite again under AddressSanitizer and UndefinedBehaviorSanitizer
# (the browser checks aside: they exercise no other C), and a site of four
# languages under valgrind: no error, no leak.
test-sanitize: test-deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVERSUS_SANITIZE=address,undefined
	cmake --build build-asan -j $(JOBS)
	ctest --test-dir build-asan --output-on-failure -j $(JOBS) -E "^(site|search)$$"

# Multi-threaded builds under ThreadSanitizer: a full build with 8 threads
# on 2 cores, a rebuild that reuses pages, and a shard; any report fails.
TSAN_ENV := TSAN_OPTIONS="halt_on_error=1 exitcode=66"
test-tsan: test-deps
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVERSUS_SANITIZE=thread
	cmake --build build-tsan -j $(JOBS) --target versus
	@rm -rf build-tsan/out build-tsan/shard
	$(TSAN_ENV) build-tsan/versus --out build-tsan/out -j 8 --lang en,tr,ja,ar
	rm build-tsan/out/index.html # not fresh: a rebuild that reuses every other page
	$(TSAN_ENV) build-tsan/versus --out build-tsan/out -j 8 --lang en,tr,ja,ar
	$(TSAN_ENV) build-tsan/versus --out build-tsan/shard -j 8 --lang tr --shard 1/3
	@rm -rf build-tsan/out build-tsan/shard

# Four languages: every path that depends on one (plural rules from one to
# six forms, Arabic digits and right-to-left, a script without spaces) at a
# quarter of the whole site's time under valgrind.
VALGRIND_LANGS ?= en,tr,ja,ar
test-valgrind: test-deps build-all
	@rm -rf $(BUILD)/valgrind-out
	valgrind --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
		--suppressions=tests/valgrind.supp $(VERSUS) --out $(BUILD)/valgrind-out -j $(JOBS) \
		--lang $(VALGRIND_LANGS)
	@rm -rf $(BUILD)/valgrind-out

# Refresh po/versus.pot from the templates' messages and the catalogue,
# then merge it into every po/<lang>.po. The inputs are checked first
# (versus --check): on any error nothing is changed. Everything is made
# in a temporary folder and put in place only when all of it succeeded.
# A second run changes no file.
update-po: $(NEED_BUILD)
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(VERSUS) --check --lang en >/dev/null || { echo "update-po: fix the errors above first; no po file was changed" >&2; exit 1; }; \
	$(VERSUS) --extract-pot "$$tmp/versus.pot"; \
	xgettext --from-code=UTF-8 --its=catalog/catalog.its --join-existing --add-location=file \
		--package-name=versus --msgid-bugs-address="the versus issue tracker" \
		-o "$$tmp/versus.pot" $$(ls catalog/*.xml | LC_ALL=C sort); \
	for l in $$(sed 's/#.*//' po/LINGUAS); do \
		cp po/$$l.po "$$tmp/$$l.po"; \
		msgmerge --quiet --update --backup=none --no-fuzzy-matching --add-location=file "$$tmp/$$l.po" "$$tmp/versus.pot"; \
	done; \
	if [ -f po/versus.pot ] && diff -q -I '^"POT-Creation-Date:' po/versus.pot "$$tmp/versus.pot" >/dev/null; then \
		echo "po/versus.pot is up to date"; \
	else \
		cp "$$tmp/versus.pot" po/versus.pot; echo "po/versus.pot updated"; \
	fi; \
	for l in $$(sed 's/#.*//' po/LINGUAS); do \
		cmp -s "$$tmp/$$l.po" po/$$l.po || cp "$$tmp/$$l.po" po/$$l.po; \
	done

po-stats: $(NEED_BUILD)
	$(VERSUS) --stats $(if $(SITE_LANGS),--lang $(SITE_LANGS))

# The live preview: builds $(OUT)/, serves it on http://127.0.0.1:$(PORT)/
# (PORT=0 picks a free port) and rebuilds on every save in catalog/, po/ or
# templates/; open pages reload themselves. exec: versus takes the shell's
# place, so the signal that stops make (Ctrl-C, SIGTERM to its process
# group) stops versus, which exits cleanly.
serve: $(NEED_BUILD)
	exec $(VERSUS) --serve --port $(PORT) --out $(OUT) -j $(JOBS) $(if $(SITE_LANGS),--lang $(SITE_LANGS)) $(if $(BASE_URL),--base-url $(BASE_URL))

bench:
	$(MAKE) -C bench

# Lighthouse's four scores of the pages readers land on, behind a host set
# up as the README says (bench/lighthouse.sh); a measurement, not a test.
lighthouse: $(NEED_BUILD)
	$(call install_missing,$(LIGHTHOUSE_DEPS))
	bench/lighthouse.sh $(VERSUS) . bench/work/lighthouse

fuzz:
	$(MAKE) -C tests/fuzz

clean:
	rm -rf $(BUILD) $(OUT)
