#!/bin/sh
# The shipped SQL (sql/) computes the same per-announcement figures as `whatsnew report`:
# DuckDB and chDB (ClickHouse's engine) from PyPI, in a venv under target/, over a real
# collector's files. Usage: scripts/test-sql.sh [whatsnew binary]
set -eu
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
bin="${1:-$target/debug/whatsnew}"
venv="$target/sql-venv"
if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's python3 needs python3-venv for ensurepip.
    echo "test-sql: installing python3-venv from apt" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
fi
"$venv/bin/python" -c "import duckdb, chdb" 2>/dev/null || "$venv/bin/pip" install -q duckdb chdb
[ -x "$bin" ] || cargo build -p whatsnew-cli
exec "$venv/bin/python" tests/sql/compare.py "$bin"
