#!/usr/bin/env bash
# Builds the widget runtime into target/runtime/: whatsnew.js (loader), whatsnew-runtime.js
# (wasm-bindgen glue) and whatsnew-runtime.wasm (optimised). The CLI embeds these files.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
export PATH="$TOOLS/bin:$TOOLS/node_modules/.bin:$PATH"
RAW=target/runtime-raw
OUT=target/runtime
mkdir -p "$RAW" "$OUT"

cargo build --quiet --lib --profile wasm-release --target wasm32-unknown-unknown -p whatsnew-widget
wasm-bindgen --target web --no-typescript --out-dir "$RAW" --out-name whatsnew-runtime \
  target/wasm32-unknown-unknown/wasm-release/whatsnew_widget.wasm
wasm-opt -Oz --strip-debug --strip-producers "$RAW/whatsnew-runtime_bg.wasm" -o "$RAW/whatsnew-runtime.opt.wasm"

# Replace the embedded files only when they changed, so cargo does not rebuild the CLI for nothing.
install_if_changed() { cmp -s "$1" "$2" || cp "$1" "$2"; }
install_if_changed "$RAW/whatsnew-runtime.opt.wasm" "$OUT/whatsnew-runtime.wasm"
install_if_changed "$RAW/whatsnew-runtime.js" "$OUT/whatsnew-runtime.js"
install_if_changed widget/js/whatsnew.js "$OUT/whatsnew.js"

node scripts/size.mjs "$OUT"
