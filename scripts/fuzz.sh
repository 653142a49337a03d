#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for FUZZ_SECONDS each (default 60), or the targets named as
# arguments, on the pinned nightly (scripts/widget-toolchain.sh) with cargo-fuzz from .tools.
# Each target starts from the committed seeds (fuzz/seeds/<target>, from the project's own
# fixtures) plus its growing corpus in target/fuzz/corpus/<target>, and prints one line:
#   fuzz <target>: <executions> executions in <s> s, <corpus> inputs, 0 crashes
# A crash stops the run with the input saved under fuzz/artifacts/<target>/ (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${FUZZ_SECONDS:-60}
TOOLCHAIN=$(scripts/widget-toolchain.sh) || {
  echo "fuzz: the pinned nightly $(scripts/widget-toolchain.sh --want) is not installed (make setup)" >&2
  exit 1
}
export PATH="$ROOT/.tools/bin:$PATH"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz into .tools" >&2
  cargo install cargo-fuzz --locked --root "$ROOT/.tools" || cargo install cargo-fuzz --root "$ROOT/.tools"
fi
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$ROOT/target/fuzz}
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
# No sanitizer: the code is safe Rust (unsafe_code is forbidden), so ASan would only slow it;
# debug assertions stay on, so arithmetic overflow is a crash too.
FLAGS=(-s none -a)
cd fuzz
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(rustup run "$TOOLCHAIN" cargo fuzz list)
start=$(date +%s)
one=(); [ ${#targets[@]} -eq 1 ] && one=("${targets[0]}")
rustup run "$TOOLCHAIN" cargo fuzz build "${FLAGS[@]}" "${one[@]}" >&2
echo "fuzz: built ${#targets[@]} targets in $(( $(date +%s) - start )) s" >&2
failed=0
for t in "${targets[@]}"; do
  corpus="$CARGO_TARGET_DIR/corpus/$t"
  mkdir -p "$corpus" "artifacts/$t"
  log="$CARGO_TARGET_DIR/fuzz-$t.log"
  set +e
  rustup run "$TOOLCHAIN" cargo fuzz run "${FLAGS[@]}" "$t" "$corpus" "seeds/$t" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
  secs=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log" | tail -1)
  inputs=$(ls "$corpus" | wc -l)
  if [ $rc -eq 0 ]; then
    echo "fuzz $t: ${runs:-?} executions in ${SECONDS_EACH} s (${secs:-?}/s), $inputs inputs in the corpus, 0 crashes"
  else
    failed=1
    echo "fuzz $t: CRASH after ${runs:-?} executions (exit $rc); input in fuzz/artifacts/$t/, log $log:"
    grep -m1 -A12 "panicked at\|ERROR: libFuzzer\|SUMMARY" "$log" | sed 's/^/  /'
  fi
done
exit $failed
