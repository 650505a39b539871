# panelkit: tools for progression panels.  See README.md.
#
#   make            build everything into $(BUILD)/
#   make demo       build, then run the main job on the sample caseload
#   make test       unit + end-to-end tests, plain and under ASan+UBSan
#   make install    PREFIX=/usr/local DESTDIR= (tools, schema, templates,
#                   man pages, bash and zsh completion)
#   make schema     the editors' per-framework schemas, from schema/
#   make docs       docs/rules.md, from the rule book and the rule table
#   make layers     tools/lib/ includes only downwards (tools/lib/LAYERS)
#
# Sources are discovered, not listed: tools/lib/*.c form libpanel.a,
# tools/panel*.c are the tools, tests/test_*.c are Criterion suites and
# tests/cli/*.sh are end-to-end scripts.  BUILD=dir keeps builds apart.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
APT_PKGS = libgit2-dev libyaml-dev libcmark-dev libcriterion-dev libssh2-1-dev libmimalloc-dev libpcre2-dev pkg-config
# The sync tests run git daemon and lighttpd + git-http-backend on loopback.
PKGS     = libgit2 yaml-0.1 libcmark libssh2 libpcre2-8

# '=' not ':=': pkg-config must run after 'deps' has installed it.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CRIT_LIBS  = $(shell pkg-config --libs criterion)

ifeq ($(SAN),1)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
ALL_CFLAGS = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
             -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -pthread -Itools/lib $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS = -pthread $(SANFLAGS) $(LDFLAGS)
# The tools allocate with mimalloc (README, "Libraries taken and left"):
# linked by name, it stands in for malloc in every library the tools call.
# A sanitizer build keeps the sanitizer's allocator; the Criterion suites
# keep glibc's.
ifneq ($(SAN),1)
ALLOC_LIBS = -Wl,--push-state,--no-as-needed -lmimalloc -Wl,--pop-state
endif

LIB_SRC  = $(sort $(wildcard tools/lib/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TOOL_SRC = $(sort $(wildcard tools/panel*.c))
TOOLS    = $(TOOL_SRC:tools/%.c=$(BUILD)/bin/%)
TEST_SRC = $(sort $(wildcard tests/test_*.c))
TESTS    = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
CLI_TESTS = $(sort $(wildcard tests/cli/*.sh))
DATA     = $(BUILD)/share/panelkit/.stamp
MAN      = $(BUILD)/share/man/man1/.stamp

.PHONY: all deps demo test check test-plain test-san install uninstall clean bench fuzz fuzz-compiles valgrind schema docs man layers
all: $(TOOLS) $(DATA) $(MAN)

# Install missing Debian packages when root; otherwise say the exact line.
# TEST_PKGS: what the tests run besides the libraries: chromium and
# pdftotext print and read back a document (tests/cli/documents-print.sh),
# python3 parses the email form (documents-policy.sh), git, lighttpd and
# openssl serve the sync tests' remotes (git daemon, http and https),
# openssh-server and openssh-client the ssh one (sync-ssh.sh), and
# strace kills panel sync as it enters each rename (sync-kill.sh), and
# json-schema-test-suite holds the cases tests/test_jsts.c runs against the
# schema engine (data files: TEST_FILES, looked for by path).
TEST_PKGS = chromium poppler-utils python3 git lighttpd openssl openssh-server openssh-client strace zsh json-schema-test-suite
TEST_CMDS = chromium pdftotext python3 git lighttpd openssl ssh-keygen ssh-agent strace zsh
TEST_FILES = /usr/share/json-schema-test-suite/tests/draft7/type.json /usr/sbin/sshd
deps:
	@missing=; for c in $(TEST_CMDS); do command -v $$c >/dev/null 2>&1 || missing=1; done; \
	for f in $(TEST_FILES); do [ -e $$f ] || missing=1; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make: installing $(TEST_PKGS)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_PKGS) >/dev/null || exit 2; \
	  else \
	    echo "make: the tests need: sudo apt-get install -y $(TEST_PKGS)" >&2; \
	  fi; \
	fi
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists $(PKGS) criterion || \
	    [ "$$($(CC) -print-file-name=libmimalloc.so)" = libmimalloc.so ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make: installing $(APT_PKGS)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PKGS) >/dev/null || exit 2; \
	  else \
	    echo "make: missing libraries; run: sudo apt-get install -y $(APT_PKGS)" >&2; exit 2; \
	  fi; \
	fi
	@# the editor test (tests/cli/editor.sh) drives the real yaml-language-server
	@if ! command -v yaml-language-server >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make: installing yaml-language-server@1.25 (npm)"; \
	    { command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }; } && \
	    npm install -g -s yaml-language-server@1.25 >/dev/null || exit 2; \
	  else \
	    echo "make: the editor test needs: sudo apt-get install -y nodejs npm && sudo npm install -g yaml-language-server@1.25" >&2; \
	  fi; \
	fi

$(BUILD)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libpanel.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/obj/tools/%.o $(BUILD)/libpanel.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libpanel.a $(PKG_LIBS) $(ALLOC_LIBS) -lm

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(BUILD)/libpanel.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libpanel.a $(PKG_LIBS) $(CRIT_LIBS) -lm

# The build tree mirrors the installed layout (bin/ beside share/panelkit/),
# so tools find their schema and templates relative to themselves.
# schema/ids.schema.json is the sample caseload's (casefiles/schema is a
# link to schema/), never part of the toolkit's data.
SCHEMA_DATA = $(filter-out schema/ids.schema.json,$(wildcard schema/*))
$(DATA): $(SCHEMA_DATA) $(wildcard templates/* templates/*/*)
	@mkdir -p $(BUILD)/share/panelkit/schema
	@rm -rf $(BUILD)/share/panelkit/schema/* $(BUILD)/share/panelkit/templates
	@cp $(SCHEMA_DATA) $(BUILD)/share/panelkit/schema/
	@cp -R templates $(BUILD)/share/panelkit/
	@touch $@

# The editors' per-framework schemas, derived from schema/case.schema.json
# and panel.schema.json (one command; tests/cli/schema.sh fails when they
# are stale).
schema: $(BUILD)/bin/panel-schema
	$(BUILD)/bin/panel-schema derive schema

# docs/rules.md, the rule reference, from the rule book and the rule table
# (tests/cli/rules.sh fails when it is stale).
docs: $(BUILD)/bin/panel-rules
	$(BUILD)/bin/panel-rules --markdown >docs/rules.md.tmp && mv docs/rules.md.tmp docs/rules.md

# Man pages from each tool's --help text (one source: its declaration, cli.h).
$(MAN): $(TOOLS) tools/mkman.sh
	@rm -rf $(dir $@) && sh tools/mkman.sh $(BUILD)/bin $(dir $@) && touch $@
man: $(MAN)

# Each module of tools/lib/ includes only the modules listed before it in
# tools/lib/LAYERS, and its header declares only what it defines.
layers:
	@sh tools/checklayers.sh

# The fuzz targets run under clang (make fuzz); the tests compile them with
# $(CC) as well, so that a change under them cannot leave one not building
# unseen (a header renamed under two of them once did).
fuzz-compiles:
	@for f in fuzz/*.c; do $(CC) $(ALL_CFLAGS) -DSCHEMA_DIR='"schema"' -DRECORDS_DIRS='"casefiles"' \
	  -DTEMPLATES_DIR='"templates"' -fsyntax-only $$f || exit 1; done

# Runs the suites and the CLI scripts against the tools of $(BUILD).
check: layers fuzz-compiles $(TOOLS) $(TESTS) $(DATA)
	@set -e; for t in $(TESTS); do echo "== $$t"; PANEL_EXEC_PATH=$(abspath $(BUILD)/bin) PANEL_SRC=$(CURDIR) $$t --jobs 2; done
	@PANEL_BIN=$(abspath $(BUILD)/bin) PANEL_SRC=$(CURDIR) sh tests/cli/run.sh $(CLI_TESTS)

test-plain:
	@$(MAKE) --no-print-directory BUILD=$(BUILD) check
test-san:
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 CFLAGS="-O1 -g" check
test: test-plain test-san

demo: all
	@sh tests/demo.sh $(abspath $(BUILD))

bench: all
	@sh bench/run.sh $(abspath $(BUILD))

FUZZ_SECONDS ?= 60
fuzz:
	@sh fuzz/run.sh $(FUZZ_SECONDS)

valgrind: all
	@sh tests/valgrind.sh $(abspath $(BUILD))

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/panelkit/schema
	install -m 755 $(TOOLS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(SCHEMA_DATA) $(DESTDIR)$(PREFIX)/share/panelkit/schema/
	cp -R templates $(DESTDIR)$(PREFIX)/share/panelkit/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 644 $(BUILD)/share/man/man1/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 contrib/completion/panel.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/panel
	install -m 644 contrib/completion/_panel $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_panel

uninstall:
	rm -f $(TOOLS:$(BUILD)/bin/%=$(DESTDIR)$(PREFIX)/bin/%)
	rm -rf $(DESTDIR)$(PREFIX)/share/panelkit
	rm -f $(TOOLS:$(BUILD)/bin/%=$(DESTDIR)$(PREFIX)/share/man/man1/%.1) $(DESTDIR)$(PREFIX)/share/man/man1/panel.1
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/panel $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_panel

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
.SECONDARY:
