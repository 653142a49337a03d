"""The shipped SQL computes what `whatsnew report` computes.

Starts a real `whatsnew collect`, sends it the report fixture's events (cli/tests/fixtures/events,
malformed lines and all, one batch twice as a retry would), then runs `whatsnew report --format
json` and sql/report.duckdb.sql (DuckDB) and sql/report.clickhouse.sql (chDB, ClickHouse's
engine) over the collector's files, and compares every figure. Prints the figures; exits 1 on
any difference.

Usage: python tests/sql/compare.py <whatsnew binary>
"""

import gzip
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "cli/tests/fixtures/events"
FIELDS = ["users_reached", "impressions", "engages", "dismisses", "anchor_missing",
          "engaged_users", "dismissed_users", "helpful", "not_helpful", "median_ms_to_engage",
          "exposed_users", "holdout_users", "exposed_reached", "holdout_reached"]
COLUMNS = ("v UInt32, id String, type String, reason Nullable(String), "
           "announcement Nullable(String), bundle String, revision Nullable(String), "
           "surface Nullable(String), step Nullable(UInt32), page Nullable(String), "
           "locale Nullable(String), audience Nullable(String), user String, at Int64, "
           "group Nullable(String), goal Nullable(String), alias Nullable(String)")


def fixture_lines():
    for path in sorted(FIXTURE.glob("events-*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt") as f:
            yield from f


def send(url, batch):
    body = json.dumps(batch).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return {"status": e.code, **json.load(e)}


def collect(binary, out):
    proc = subprocess.Popen([binary, "collect", "--port", "0", "--out", out],
                            stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().split()[-1]
    events = []
    for line in fixture_lines():
        try:
            e = json.loads(line)
        except json.JSONDecodeError:
            continue  # the collector would answer 400: nothing of it is stored
        if isinstance(e, dict) and e.get("type") == "exposure":
            e["goal"] = "report-exported"  # the widget names the goal on exposures
        events.append(e)
    accepted = rejected = duplicates = 0
    batches = [events[i:i + 200] for i in range(0, len(events), 200)]
    for batch in batches + batches[:1]:
        r = send(url, batch)
        accepted += r.get("accepted", 0)
        duplicates += r.get("duplicates", 0)
        rejected += len(r.get("rejected", []))
    proc.terminate()
    proc.wait()
    print(f"collector: {len(events)} events sent in {len(batches) + 1} batches: "
          f"{accepted} stored, {duplicates} duplicates dropped, {rejected} invalid rejected")


def report(binary, out):
    r = json.loads(subprocess.check_output([binary, "report", out, "--format", "json"]))
    rows = {}
    for a in r["announcements"]:
        row = {k: a.get(k) for k in FIELDS}
        goal = a.get("goal") or {}
        row["exposed_users"] = (goal.get("exposed") or {}).get("users", 0)
        row["holdout_users"] = (goal.get("holdout") or {}).get("users", 0)
        row["exposed_reached"] = (goal.get("exposed") or {}).get("reached", 0)
        row["holdout_reached"] = (goal.get("holdout") or {}).get("reached", 0)
        rows[a["id"]] = row
    return rows


def duckdb_rows(out):
    import duckdb
    con = duckdb.connect()
    con.execute(f"""CREATE VIEW events AS SELECT * FROM read_json('{out}/*.jsonl',
        format = 'newline_delimited', ignore_errors = true, columns = {{v: 'INTEGER',
        id: 'VARCHAR', type: 'VARCHAR', reason: 'VARCHAR', announcement: 'VARCHAR',
        bundle: 'VARCHAR', revision: 'VARCHAR', surface: 'VARCHAR', step: 'INTEGER',
        page: 'VARCHAR', locale: 'VARCHAR', audience: 'VARCHAR', "user": 'VARCHAR',
        "at": 'BIGINT', "group": 'VARCHAR', goal: 'VARCHAR', alias: 'VARCHAR'}})""")
    cur = con.execute((ROOT / "sql/report.duckdb.sql").read_text())
    names = [d[0] for d in cur.description]
    return {r[0]: dict(zip(names[1:], r[1:])) for r in cur.fetchall()}


def chdb_rows(out):
    from chdb import session
    s = session.Session()
    s.query("CREATE DATABASE IF NOT EXISTS whatsnew ENGINE = Atomic")
    s.query(f"CREATE OR REPLACE VIEW whatsnew.events AS SELECT * FROM "
            f"file('{out}/*.jsonl', 'JSONEachRow', '{COLUMNS}')")
    sql = (ROOT / "sql/report.clickhouse.sql").read_text().replace("FROM events", "FROM whatsnew.events")
    res = s.query(sql, "JSON")
    data = json.loads(res.bytes() if hasattr(res, "bytes") else str(res))
    rows = {}
    for r in data["data"]:
        r = {k.split(".")[-1]: v for k, v in r.items()}
        ann = r.pop("announcement")
        rows[ann] = {k: (int(v) if v is not None else None) for k, v in r.items()}
    return rows


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as out:
        collect(binary, out)
        want = report(binary, out)
        engines = {"duckdb": duckdb_rows(out), "clickhouse": chdb_rows(out)}
    failures = 0
    print(f"{'announcement':<14} {'figure':<20} {'report':>8} {'duckdb':>8} {'clickhouse':>10}")
    for ann in sorted(want):
        for field in FIELDS:
            r = want[ann][field]
            got = {name: rows.get(ann, {}).get(field) for name, rows in engines.items()}
            # The median may differ by the rounding of one millisecond; the counts not at all.
            slack = 1 if field == "median_ms_to_engage" else 0
            same = all(g == r or (r is not None and g is not None and abs(g - r) <= slack)
                       for g in got.values())
            failures += not same
            print(f"{ann:<14} {field:<20} {str(r):>8} {str(got['duckdb']):>8} "
                  f"{str(got['clickhouse']):>10}{'' if same else '  DIFFERENT'}")
    for name, rows in engines.items():
        extra = set(rows) - set(want)
        if extra:
            failures += 1
            print(f"{name} has announcements the report lacks: {sorted(extra)}")
    print("all figures agree" if not failures else f"{failures} figures differ")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
