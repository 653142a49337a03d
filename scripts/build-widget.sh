#!/usr/bin/env bash
# Builds the widget runtime into target/runtime/, the files the CLI embeds:
#   whatsnew.js            the loader and wasm-bindgen's glue, one minified classic script
#   whatsnew-<hash>.wasm   the optimised module, content-hashed so it can be cached forever
#   *.br, *.gz             precompressed copies of both
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
export PATH="$TOOLS/bin:$TOOLS/node_modules/.bin:$PATH"
RAW=target/runtime-raw
OUT=target/runtime
# WHATSNEW_TEST_HOOKS=1: the e2e's test build (widget feature `test-hooks`), in folders of its
# own, so the shipped runtime is never built with it.
FEATURES=() NIGHTLY_DIR=target/widget-nightly STABLE_DIR=target
if [ -n "${WHATSNEW_TEST_HOOKS:-}" ]; then
  RAW=target/runtime-test-hooks-raw OUT=target/runtime-test-hooks
  FEATURES=(--features test-hooks) NIGHTLY_DIR=target/widget-test-hooks STABLE_DIR=target/widget-test-hooks
fi
mkdir -p "$RAW"

# The size build: a pinned nightly rebuilds core and alloc with panic=immediate-abort, so no
# panic-message formatting ships (about 1.7 KB brotli against stable 1.95). Without it (scripts/setup.sh installs
# it), the same code builds on stable, larger. core's `optimize_for_size` picks its smaller
# implementations (sorting, string search): 175 B brotli, measured 2026-12-04.
if NIGHTLY=$(scripts/widget-toolchain.sh); then
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Ctarget-feature=-reference-types ${WIDGET_RUSTFLAGS:-}" \
    cargo "+$NIGHTLY" build --quiet --lib --profile wasm-release --target wasm32-unknown-unknown \
    -p whatsnew-widget "${FEATURES[@]}" -Zbuild-std=core,alloc -Zbuild-std-features=optimize_for_size \
    --target-dir "$NIGHTLY_DIR"
  WASM=$NIGHTLY_DIR/wasm32-unknown-unknown/wasm-release/whatsnew_widget.wasm
  rm -f "$RAW/stable-build"
else
  echo "build-widget: the pinned nightly with rust-src is missing (make setup); building on stable" >&2
  cargo build --quiet --lib --profile wasm-release --target wasm32-unknown-unknown -p whatsnew-widget \
    "${FEATURES[@]}" --target-dir "$STABLE_DIR"
  WASM=$STABLE_DIR/wasm32-unknown-unknown/wasm-release/whatsnew_widget.wasm
  touch "$RAW/stable-build"
fi
wasm-bindgen --target no-modules --no-typescript --out-dir "$RAW" --out-name glue "$WASM"
# Minified import/export names: wasm-bindgen's are long and end in hashes that compress badly
# (about 2.5 KB brotli across the wasm and the glue). package-runtime.mjs applies the mapping.
# -Os with --converge and --low-memory-unused (Rust never uses the first 1 KiB of memory):
# measured 454 B brotli smaller than -Oz on 2026-12-03. The renaming runs in a second pass,
# once: under --converge it would run (and print its mapping) again on every round.
wasm-opt --low-memory-unused -Os --converge "$RAW/glue_bg.wasm" -o "$RAW/optimized.wasm"
wasm-opt --strip-debug --strip-producers --minify-imports-and-exports-and-modules \
  "$RAW/optimized.wasm" -o "$RAW/runtime.wasm" > "$RAW/names.json"
node scripts/package-runtime.mjs "$RAW" "$OUT" widget/js/loader.js
[ -n "${WHATSNEW_TEST_HOOKS:-}" ] || node scripts/size.mjs "$OUT"
