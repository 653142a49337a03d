#!/usr/bin/env bash
# Prints the toolchain the widget's size build uses: a nightly pinned by date, with rust-src
# (for -Zbuild-std). Exits 1 when it is not installed. `--want` prints the pinned name.
# Either the pinned toolchain itself (its name is the pin: rustc reports the commit's date,
# which is the day before), or a `nightly` that is that same build (same commit), will do.
PINNED=nightly-2026-05-19
COMMIT=9eb3be26b
if [ "${1:-}" = "--want" ]; then echo "$PINNED"; exit 0; fi
for t in "$PINNED" nightly; do
  v=$(rustup run "$t" rustc --version 2>/dev/null) || continue
  case "$v" in *"($COMMIT "*) ;; *) continue ;; esac
  src="$(rustup run "$t" rustc --print sysroot)/lib/rustlib/src/rust/library/core"
  [ -d "$src" ] || continue
  echo "$t"
  exit 0
done
exit 1
