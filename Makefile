# whatsnew: `make demo` and `make test` set everything up themselves (scripts/setup.sh).
SHELL := /bin/bash
TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/bin:$(TOOLS)/node_modules/.bin:$(PATH)
CLI := target/release/whatsnew

.PHONY: setup widget build test test-rust test-e2e test-sql test-fuzz fuzz lint demo size bench clean

setup: ## install the wasm target, wasm-bindgen, wasm-opt, Chromium and the e2e tools (idempotent)
	@bash scripts/setup.sh

widget: setup ## build the widget runtime into target/runtime/ and print its size
	@bash scripts/build-widget.sh

build: widget ## the release CLI, with the runtime embedded, at target/release/whatsnew
	cargo build --release -p whatsnew-cli

lint: setup ## formatting, clippy (native and wasm), core builds for wasm without its CLI parts, dependency licences, bans and sources (deny.toml)
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p whatsnew-widget --target wasm32-unknown-unknown -- -D warnings
	cargo check -p whatsnew-core --no-default-features --target wasm32-unknown-unknown
	# cargo-deny reads the metadata of every platform's dependencies: fetch them all first
	# (a build fetches only this platform's; offline, a fresh machine lacks winapi and friends).
	cargo fetch --locked --quiet
	cargo deny --offline check licenses bans sources

test-rust: widget ## native unit tests and CLI snapshot tests
	cargo test --workspace

test-e2e: build ## the real CLI output and widget in headless Chromium (hardening corpora from npm and PyPI first)
	@bash tests/hardening/setup.sh
	cd tests/e2e && WHATSNEW_BIN=$(CURDIR)/$(CLI) node --test --test-concurrency=1 ./*.test.mjs

test-sql: build ## the shipped SQL (DuckDB, chDB from PyPI in a venv) against `whatsnew report` over a real collector's files
	scripts/test-sql.sh $(CURDIR)/$(CLI)

FUZZ_SECONDS ?= 60
fuzz: setup ## every fuzz target (fuzz/: bundle decoding, front matter, Markdown compile, audience rules, event records, the report reader) for FUZZ_SECONDS each (60); prints executions and crashes per target
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

test-fuzz: setup ## each fuzz target briefly (10 s) from its seeds: what CI runs
	FUZZ_SECONDS=10 scripts/fuzz.sh

size: widget
	@node scripts/size.mjs target/runtime

test: lint test-rust size test-sql test-e2e test-fuzz ## everything CI runs (the size report prints before the browser tests; each fuzz target briefly, last)

bench: build test-sql ## criterion (core), whatsnew build over 10k files, browser start-up (a popup) vs driver.js/Shepherd.js, host impact, input to paint, the shipped SQL vs report (DuckDB, chDB), report over 1M events vs DuckDB and collector throughput, size per part; tables in target/bench/
	@[ -d bench/browser/node_modules/driver.js ] || (cd bench/browser && npm ci --no-audit --no-fund --silent)
	@[ -x $(TOOLS)/bin/twiggy ] || cargo install twiggy --locked --root $(TOOLS)
	cargo bench -p whatsnew-core --bench core -- --noplot
	node bench/cli.mjs
	WHATSNEW_BIN=$(CURDIR)/$(CLI) node bench/browser/run.mjs $${BENCH_RUNS:-15}
	WHATSNEW_BIN=$(CURDIR)/$(CLI) node bench/events.mjs
	@node scripts/size.mjs target/runtime
	@node bench/size-parts.mjs

demo: build ## build everything and preview demo/content on http://127.0.0.1:8080/
	$(CLI) preview demo/content --port 8080

clean:
	cargo clean
