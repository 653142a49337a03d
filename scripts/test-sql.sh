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
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import duckdb, chdb" 2>/dev/null || "$venv/bin/pip" install -q duckdb chdb
[ -x "$bin" ] || cargo build -p whatsnew-cli
exec "$venv/bin/python" tests/sql/compare.py "$bin"
