# eeszt-auth: `make demo` runs the main job, `make test` passes every test (both install what they need).
SHELL := /bin/bash
CARGO ?= cargo
PREFIX ?= /usr/local
PROFILE ?= release
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
PROFILE_DIR := $(if $(filter dev,$(PROFILE)),debug,$(PROFILE))
BUILD := build
# Honour CARGO_TARGET_DIR as cargo does (many developers set it).
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
DEBUG_LIB := $(TARGET_DIR)/debug
NATIVE_LIBS := -lpcsclite -lpthread -ldl -lm -lrt -lutil -lgcc_s
C_WARN := -std=c11 -Wall -Wextra -Werror -pedantic
CXX_WARN := -x c++ -std=c++17 -Wall -Wextra -Werror
# The C tests use the test hook and the simulated cards: the library flavour built with
# `--features testing,sim`, the header with both defines.
C_INC := -Iinclude -DEESZT_TESTING -DEESZT_SIM -DEESZT_PCSC -DEESZT_STORE
# Every examples/c/*.c is a test program except the benchmarks (*_bench.c).
C_PROGRAMS := $(filter-out %_bench,$(basename $(notdir $(wildcard examples/c/*.c))))
VALGRIND := valgrind -q --error-exitcode=99 --suppressions=examples/c/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible

.PHONY: deny all deps deps-build build demo test test-rust test-realstack test-postgres c-test install install-check header bench \
	bench-c doc clean fuzz test-bindings test-bindings-lib test-bindings-csharp test-bindings-java

all: build

deps:
	@scripts/install-deps.sh

# What building alone needs (the demo): no test tools.
deps-build:
	@scripts/install-deps.sh build

build:
	$(CARGO) build --workspace

demo: deps-build
	$(CARGO) build -q -p eeszt-auth-cli
	$(TARGET_DIR)/debug/eeszt-auth demo
	@# Two-second measurements (issue 21): a debug build, so read the ratio to the reference.
	$(TARGET_DIR)/debug/eeszt-auth bench otp --seconds 2
	$(TARGET_DIR)/debug/eeszt-auth bench apdu --sim --seconds 2

test: deps
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(MAKE) deny
	$(MAKE) test-rust
	$(MAKE) test-realstack
	$(MAKE) test-postgres
	$(MAKE) c-test
	$(MAKE) install-check
	$(MAKE) test-bindings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps
	@echo "make test: all passed"

# Licences, banned and duplicate versions, sources: offline, always (deny.toml). Advisories: when the
# RustSec database can be fetched; otherwise one clear line says they were skipped.
deny:
	@command -v cargo-deny >/dev/null || $(CARGO) install cargo-deny --locked --version 0.20.2
	$(CARGO) deny --offline check licenses bans sources
	@if timeout 120 $(CARGO) deny fetch db >/dev/null 2>&1 && ls -d $${CARGO_HOME:-$$HOME/.cargo}/advisory-dbs/advisory-db-* >/dev/null 2>&1; then \
		$(CARGO) deny check --disable-fetch advisories; \
	else \
		echo "deny: advisories SKIPPED: the RustSec advisory database could not be fetched (no network)"; \
	fi

test-rust:
	$(CARGO) test --workspace
	# The core crate without its default features (no PC/SC, no simulated cards) builds cleanly and
	# passes the tests that do not need them.
	$(CARGO) clippy -p eeszt-auth --no-default-features -- -D warnings
	$(CARGO) test -p eeszt-auth --no-default-features
	# The C ABI with its simulator exports (the tests that drive simulated cards through it).
	$(CARGO) test -p eeszt-auth-ffi --features sim
	# The fuzz targets' entry points (feature `fuzz`): the corpus replay of every target and the
	# property tests that call them (fuzz_corpus needs the feature, cargo would skip it above).
	$(CARGO) test -p eeszt-auth --features fuzz --test fuzz_corpus --test cvc_roundtrip \
		--test cert_malformed --test otp_uri --test id_props \
		--test otp_proptest
	$(CARGO) test -p eeszt-auth --features fuzz --lib fuzz::

# Tests marked #[ignore] need a real pcscd with vpcd readers: run them in a private namespace.
test-realstack:
	$(CARGO) test --workspace --no-run
	scripts/with-pcscd.sh $(CARGO) test --workspace --offline -- --ignored --test-threads=1 --skip postgres

# Tests marked #[ignore = "needs PostgreSQL..."] (every name holds `postgres`): against a private
# throw-away cluster (scripts/with-postgres.sh sets EESZT_TEST_POSTGRES; without it they fail).
test-postgres:
	$(CARGO) test -p eeszt-auth-store -p eeszt-auth-cli --no-run
	scripts/with-postgres.sh $(CARGO) test -p eeszt-auth-store -p eeszt-auth-cli --offline -- --ignored postgres

# C and C++ consumers: static and shared, then AddressSanitizer, then valgrind. They drive the
# simulated cards, so this builds the sim flavour (never installed; install-check checks that).
c-test:
	$(CARGO) build -p eeszt-auth-c --features testing,sim
	@# The no-sim check must recognise a sim build, or install-check would prove nothing.
	@if scripts/check-no-sim.sh $(DEBUG_LIB)/libeeszt_auth.so $(DEBUG_LIB)/libeeszt_auth.a 2>/dev/null; then \
		echo "c-test: scripts/check-no-sim.sh did not detect the simulator in the sim build" >&2; exit 1; fi
	@mkdir -p $(BUILD)/c
	@set -e; for p in $(C_PROGRAMS); do \
		echo "== $$p: C11 static, C11 shared, C++ static, C++ shared"; \
		gcc $(C_WARN) $(C_INC) examples/c/$$p.c -o $(BUILD)/c/$$p-c-static $(DEBUG_LIB)/libeeszt_auth.a $(NATIVE_LIBS); \
		gcc $(C_WARN) $(C_INC) examples/c/$$p.c -o $(BUILD)/c/$$p-c-shared -L$(DEBUG_LIB) -leeszt_auth -Wl,-rpath,$(CURDIR)/$(DEBUG_LIB); \
		g++ $(CXX_WARN) $(C_INC) examples/c/$$p.c -x none -o $(BUILD)/c/$$p-cpp-static $(DEBUG_LIB)/libeeszt_auth.a $(NATIVE_LIBS); \
		g++ $(CXX_WARN) $(C_INC) examples/c/$$p.c -x none -o $(BUILD)/c/$$p-cpp-shared -L$(DEBUG_LIB) -leeszt_auth -Wl,-rpath,$(CURDIR)/$(DEBUG_LIB); \
		for v in c-static c-shared cpp-static cpp-shared; do $(BUILD)/c/$$p-$$v >/dev/null; done; \
		echo "== $$p: AddressSanitizer"; \
		gcc $(C_WARN) $(C_INC) -g -fsanitize=address,undefined -fno-omit-frame-pointer examples/c/$$p.c \
			-o $(BUILD)/c/$$p-asan -L$(DEBUG_LIB) -leeszt_auth -Wl,-rpath,$(CURDIR)/$(DEBUG_LIB); \
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 $(BUILD)/c/$$p-asan >/dev/null; \
		echo "== $$p: valgrind"; \
		$(VALGRIND) $(BUILD)/c/$$p-c-shared >/dev/null; \
	done

# The default flavour only (no `sim`, no `testing`): `-p eeszt-auth-c` alone, because a workspace
# build unifies features and would bring the simulated cards in.
# Two cargo runs: the C library must not share a feature resolution with the CLI (which enables the
# simulator); the shipped library has no simulated card.
install:
	$(CARGO) build --profile $(PROFILE) -p eeszt-auth-c
	$(CARGO) build --profile $(PROFILE) -p eeszt-auth-cli
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(TARGET_DIR)/$(PROFILE_DIR)/eeszt-auth $(DESTDIR)$(PREFIX)/bin/eeszt-auth
	install -m 644 $(TARGET_DIR)/$(PROFILE_DIR)/libeeszt_auth.a $(DESTDIR)$(PREFIX)/lib/libeeszt_auth.a
	install -m 755 $(TARGET_DIR)/$(PROFILE_DIR)/libeeszt_auth.so $(DESTDIR)$(PREFIX)/lib/libeeszt_auth.so.$(VERSION)
	ln -sf libeeszt_auth.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libeeszt_auth.so.0
	ln -sf libeeszt_auth.so.0 $(DESTDIR)$(PREFIX)/lib/libeeszt_auth.so
	install -m 644 include/eeszt_auth.h $(DESTDIR)$(PREFIX)/include/eeszt_auth.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' eeszt-auth.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/eeszt-auth.pc

# Installs a debug build into build/prefix and builds a C program against it with pkg-config alone.
install-check:
	rm -rf $(BUILD)/prefix
	$(MAKE) install PREFIX=$(CURDIR)/$(BUILD)/prefix PROFILE=dev
	PKG_CONFIG_PATH=$(CURDIR)/$(BUILD)/prefix/lib/pkgconfig; export PKG_CONFIG_PATH; \
	gcc $(C_WARN) examples/c/errors.c -o $(BUILD)/pc-shared $$(pkg-config --cflags --libs eeszt-auth) \
		-Wl,-rpath,$(CURDIR)/$(BUILD)/prefix/lib && $(BUILD)/pc-shared >/dev/null && \
	gcc $(C_WARN) examples/c/errors.c -o $(BUILD)/pc-static $$(pkg-config --cflags eeszt-auth) \
		$(BUILD)/prefix/lib/libeeszt_auth.a $$(pkg-config --static --libs eeszt-auth | sed 's/-leeszt_auth//') && \
		$(BUILD)/pc-static >/dev/null
	scripts/check-no-sim.sh $(BUILD)/prefix/lib/libeeszt_auth.so $(BUILD)/prefix/lib/libeeszt_auth.a
	@# The installed header declares the simulator only under EESZT_SIM, and the library lacks it.
	@printf '#include <eeszt_auth.h>\nint main(void) { struct eeszt_eid *e = 0; return (int)eeszt_eid_sim_new(0, 0, &e); }\n' \
		> $(BUILD)/sim-call.c
	@if gcc $(C_WARN) -I$(BUILD)/prefix/include -fsyntax-only $(BUILD)/sim-call.c 2>/dev/null; then \
		echo "install-check: eeszt_eid_sim_new is declared without EESZT_SIM" >&2; exit 1; fi
	@gcc $(C_WARN) -I$(BUILD)/prefix/include -DEESZT_SIM -fsyntax-only $(BUILD)/sim-call.c
	@if gcc $(C_WARN) -I$(BUILD)/prefix/include -DEESZT_SIM $(BUILD)/sim-call.c -o $(BUILD)/sim-call \
		-L$(BUILD)/prefix/lib -leeszt_auth 2>/dev/null; then \
		echo "install-check: the installed library links eeszt_eid_sim_new" >&2; exit 1; fi
	$(BUILD)/prefix/bin/eeszt-auth version >/dev/null
	@echo "install-check: built and ran a C program against the installed copy via pkg-config; no simulator in the library; the CLI installed"

# Regenerates include/eeszt_auth.h with the pinned cbindgen.
header:
	EESZT_BLESS=1 $(CARGO) test -p eeszt-auth-ffi --test header

bench:
	$(CARGO) bench -p eeszt-auth-benches

# The C benchmarks against the release static library; otp_bench runs in turn with its Rust twin
# (three rounds), so the cost of the C ABI is read from medians taken under the same conditions.
bench-c:
	$(CARGO) build --release -p eeszt-auth-c
	$(CARGO) build --release -p eeszt-auth-examples --example otp_bench
	@mkdir -p $(BUILD)/c
	@for b in $(basename $(notdir $(wildcard examples/c/*_bench.c))); do \
		gcc -O2 -std=c11 -Iinclude examples/c/$$b.c -o $(BUILD)/c/$$b $(TARGET_DIR)/release/libeeszt_auth.a $(NATIVE_LIBS) || exit 1; \
	done
	@for round in 1 2 3; do \
		for b in $(basename $(notdir $(wildcard examples/c/*_bench.c))); do \
			$(BUILD)/c/$$b || exit 1; \
			if [ -f examples/examples/$$b.rs ]; then $(TARGET_DIR)/release/examples/$$b || exit 1; fi; \
		done; \
	done

# Every cargo-fuzz target for FUZZ_SECONDS each (nightly; installs cargo-fuzz if missing), then the
# grown corpus minimised into fuzz/corpus/ (commit it: `cargo test` replays it). Prints executions
# and crashes per target; FUZZ_TARGETS="a b" runs only those. Not part of `make test`.
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" CARGO=$(CARGO) scripts/fuzz.sh

doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps

clean:
	$(CARGO) clean
	rm -rf $(BUILD)

# Language bindings (bindings/<language>/): each runs the same scenario against the simulator build
# of the C library, found under its installed names in $(BINDINGS_LIB).
BINDINGS_LIB := $(BUILD)/bindings/lib
test-bindings: test-bindings-csharp test-bindings-java test-bindings-python test-bindings-pascal
	@echo "test-bindings: all passed"

test-bindings-lib:
	$(CARGO) build -p eeszt-auth-c --features testing,sim
	@mkdir -p $(BINDINGS_LIB)
	ln -sf $(abspath $(DEBUG_LIB))/libeeszt_auth.so $(BINDINGS_LIB)/libeeszt_auth.so.0
	ln -sf libeeszt_auth.so.0 $(BINDINGS_LIB)/libeeszt_auth.so

test-bindings-csharp: test-bindings-lib
	@scripts/apt-ensure.sh mono-mcs mono-runtime
	python3 scripts/binding-drift.py csharp
	python3 scripts/binding-drift.py --self-test csharp
	@mkdir -p $(BUILD)/bindings/csharp
	mcs -langversion:7.2 -warnaserror -target:library -out:$(BUILD)/bindings/csharp/EesztAuth.dll bindings/csharp/EesztAuth.cs
	mcs -langversion:7.2 -warnaserror -r:$(BUILD)/bindings/csharp/EesztAuth.dll -out:$(BUILD)/bindings/csharp/Test.exe bindings/csharp/Test.cs
	mcs -langversion:7.2 -warnaserror -r:$(BUILD)/bindings/csharp/EesztAuth.dll -out:$(BUILD)/bindings/csharp/Example.exe bindings/csharp/Example.cs
	cd $(BUILD)/bindings/csharp && EESZT_REPO=$(CURDIR) LD_LIBRARY_PATH=$(abspath $(BINDINGS_LIB)) timeout -s KILL 120 mono Test.exe
	cd $(BUILD)/bindings/csharp && LD_LIBRARY_PATH=$(abspath $(BINDINGS_LIB)) timeout -s KILL 60 mono Example.exe

JNA_JAR := /usr/share/java/jna.jar
test-bindings-java: test-bindings-lib
	@scripts/apt-ensure.sh openjdk-17-jdk-headless libjna-java
	python3 scripts/binding-drift.py java
	python3 scripts/binding-drift.py --self-test java
	@rm -rf $(BUILD)/bindings/java && mkdir -p $(BUILD)/bindings/java
	javac -Xlint:all -Werror -cp $(JNA_JAR) -d $(BUILD)/bindings/java/classes bindings/java/src/hu/eeszt/auth/*.java
	jar cf $(BUILD)/bindings/java/eeszt-auth.jar -C $(BUILD)/bindings/java/classes .
	javac -Xlint:all -Werror -cp $(JNA_JAR):$(BUILD)/bindings/java/eeszt-auth.jar -d $(BUILD)/bindings/java/test \
		bindings/java/test/BindingTest.java bindings/java/example/Example.java
	timeout -s KILL 120 java -Dfile.encoding=UTF-8 -Djna.library.path=$(abspath $(BINDINGS_LIB)) -Deeszt.repo=$(CURDIR) \
		-cp $(JNA_JAR):$(BUILD)/bindings/java/eeszt-auth.jar:$(BUILD)/bindings/java/test BindingTest
	timeout -s KILL 60 java -Dfile.encoding=UTF-8 -Djna.library.path=$(abspath $(BINDINGS_LIB)) \
		-cp $(JNA_JAR):$(BUILD)/bindings/java/eeszt-auth.jar:$(BUILD)/bindings/java/test Example

# Language bindings (issue 20). Each target installs its toolchain, builds and runs the scenario.
BIND_BUILD := $(CURDIR)/$(BUILD)
.PHONY: test-bindings-python test-bindings-pascal

# Python: a PyO3 crate outside the workspace, built by maturin into a venv under build/.
test-bindings-python:
	@test -x $(BUILD)/pyenv/bin/python || python3 -m venv $(BUILD)/pyenv
	$(BUILD)/pyenv/bin/pip install -q maturin pytest
	cd bindings/python && CARGO_TARGET_DIR=$(CURDIR)/$(TARGET_DIR) VIRTUAL_ENV=$(BIND_BUILD)/pyenv \
		$(BIND_BUILD)/pyenv/bin/maturin develop -q
	$(BUILD)/pyenv/bin/python -m pytest -q bindings/python/tests
	$(BUILD)/pyenv/bin/python bindings/python/examples/scenario.py

# Free Pascal: the unit over the sim build of the C library, linked by its installed name
# (libeeszt_auth.so -> .so.0, the SONAME) from build/pascal/lib.
test-bindings-pascal:
	@command -v fpc >/dev/null || { SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq; DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
		--no-install-recommends fp-compiler fp-units-rtl; }
	bindings/pascal/tests/drift.sh
	$(CARGO) build -p eeszt-auth-c --features testing,sim
	@mkdir -p $(BUILD)/pascal/lib $(BUILD)/pascal/out
	ln -sf $(CURDIR)/$(DEBUG_LIB)/libeeszt_auth.so $(BUILD)/pascal/lib/libeeszt_auth.so.0
	ln -sf libeeszt_auth.so.0 $(BUILD)/pascal/lib/libeeszt_auth.so
	@set -e; for p in tests/test_eesztauth examples/hotp_demo; do \
		fpc -Mdelphi -dEESZT_SIM -vew -Sew -Fubindings/pascal -FU$(BUILD)/pascal/out -FE$(BUILD)/pascal/out \
			-Fl$(BIND_BUILD)/pascal/lib -k-rpath -k$(BIND_BUILD)/pascal/lib bindings/pascal/$$p.pas; done
	$(BUILD)/pascal/out/test_eesztauth $(CURDIR)
	$(BUILD)/pascal/out/hotp_demo

.PHONY: test-bindings
