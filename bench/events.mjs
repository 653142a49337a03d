// Events at scale: `whatsnew report` over 1,000,000 synthetic events (and 250,000, to show how
// time and memory grow), next to DuckDB computing the same per-announcement counts
// (sql/report.duckdb.sql) from the same file; then the collector's throughput on loopback.
// Time is wall clock and CPU (user + system: steadier on a shared machine), peak memory is the process's max RSS (/usr/bin/time -v). Prints a table
// and saves target/bench/events.{json,md}.
//
// Needs the release CLI (`make build`, or WHATSNEW_BIN) and, for DuckDB, the venv that
// scripts/test-sql.sh makes (`$CARGO_TARGET_DIR/sql-venv`, or PYTHON=<python with duckdb>).
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, mkdirSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
const BIN = process.env.WHATSNEW_BIN ?? join(TARGET, 'release/whatsnew');
const PYTHON = process.env.PYTHON ?? join(TARGET, 'sql-venv/bin/python');
const SIZES = (process.env.BENCH_EVENTS ?? '250000,1000000').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'whatsnew-bench-events-'));

// A deterministic generator (xorshift), so every run reads the same bytes.
let seed = 0x9e3779b9;
const rand = () => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
};

async function generate(n, path) {
  seed = 0x9e3779b9;
  const out = createWriteStream(path);
  const surfaces = ['feed', 'popup', 'toast', 'banner', 'tooltip'];
  const reasons = ['cta', 'link', 'close', 'escape', 'helpful', 'not_helpful'];
  let buf = '';
  const t0 = 1764547200000;
  for (let i = 0; i < n; i++) {
    const user = `u-${Math.floor(rand() * (n / 10))}`;
    const ann = `announcement-${Math.floor(rand() * 50)}`;
    const r = rand();
    const type = r < 0.6 ? 'impression' : r < 0.8 ? 'engage' : r < 0.9 ? 'dismiss' : r < 0.95 ? 'exposure' : 'goal';
    const at = t0 + Math.floor(rand() * 30 * 86_400_000);
    let e;
    if (type === 'goal') {
      e = `{"v":1,"id":"e${i}","type":"goal","bundle":"bench","goal":"goal-${Math.floor(rand() * 50)}","user":"${user}","at":${at}}`;
    } else if (type === 'exposure') {
      e = `{"v":1,"id":"e${i}","type":"exposure","announcement":"${ann}","bundle":"bench","user":"${user}","at":${at},"group":"${rand() < 0.1 ? 'holdout' : 'exposed'}","goal":"goal-${ann.slice(13)}"}`;
    } else {
      const reason = type === 'impression' ? '' : `"reason":"${reasons[Math.floor(rand() * reasons.length)]}",`;
      e = `{"v":1,"id":"e${i}","type":"${type}",${reason}"announcement":"${ann}","bundle":"bench","revision":"0123456789abcdef","surface":"${surfaces[Math.floor(rand() * 5)]}","page":"/reports/${i % 100}","locale":"${rand() < 0.3 ? 'fr' : 'en'}","user":"${user}","at":${at}}`;
    }
    buf += e + '\n';
    // A retry delivered twice, now and then.
    if (i % 1000 === 999) buf += e + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise((r) => out.on('finish', r));
}

/** Runs a command under /usr/bin/time -v: wall ms, peak RSS in MB and stdout. */
function timed(cmd, args) {
  return new Promise((resolveP, reject) => {
    const t = process.hrtime.bigint();
    const p = spawn('/usr/bin/time', ['-v', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      const rss = Number((err.match(/Maximum resident set size \(kbytes\): (\d+)/) ?? [])[1] ?? 0) / 1024;
      const cpu = ['User', 'System'].reduce((sum, k) => sum + Number((err.match(new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`)) ?? [])[1] ?? 0), 0);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${err.slice(-2000)}`));
      else resolveP({ ms, rss, cpu, out });
    });
  });
}

const DUCK = `
import duckdb, sys, json
con = duckdb.connect()
con.execute("""CREATE VIEW events AS SELECT * FROM read_json('EVENTS_PATH', format = 'newline_delimited',
  ignore_errors = true, columns = {v: 'INTEGER', id: 'VARCHAR', type: 'VARCHAR', reason: 'VARCHAR',
  announcement: 'VARCHAR', bundle: 'VARCHAR', revision: 'VARCHAR', surface: 'VARCHAR', step: 'INTEGER',
  page: 'VARCHAR', locale: 'VARCHAR', audience: 'VARCHAR', "user": 'VARCHAR', "at": 'BIGINT',
  "group": 'VARCHAR', goal: 'VARCHAR'})""")
rows = con.execute(open(sys.argv[2]).read()).fetchall()
print(json.dumps([[r[0], r[1], r[2]] for r in rows]))
`;

const rows = [];
for (const n of SIZES) {
  const path = join(dir, `events-${n}.jsonl`);
  await generate(n, path);
  const mb = statSync(path).size / 1e6;
  const runs = [];
  for (let k = 0; k < 3; k++) runs.push(await timed(BIN, ['report', path, '--format', 'json']));
  runs.sort((a, b) => a.ms - b.ms);
  const report = JSON.parse(runs[1].out);
  rows.push({ what: 'whatsnew report', events: n, fileMB: mb, ms: runs[1].ms, cpuS: runs[1].cpu, rssMB: Math.max(...runs.map((r) => r.rss)) });
  if (existsSync(PYTHON)) {
    const script = join(dir, 'duck.py');
    writeFileSync(script, DUCK.replace('EVENTS_PATH', path));
    const druns = [];
    for (let k = 0; k < 3; k++) druns.push(await timed(PYTHON, [script, path, join(ROOT, 'sql/report.duckdb.sql')]));
    druns.sort((a, b) => a.ms - b.ms);
    const duck = JSON.parse(druns[1].out);
    // Same figures: users reached and impressions per announcement.
    const mine = new Map(report.announcements.map((a) => [a.id, [a.users_reached, a.impressions]]));
    const same = duck.every(([id, u, i]) => mine.get(id)?.[0] === u && mine.get(id)?.[1] === i);
    rows.push({ what: 'DuckDB (python, same SQL counts)', events: n, fileMB: mb, ms: druns[1].ms, cpuS: druns[1].cpu, rssMB: Math.max(...druns.map((r) => r.rss)), same });
  }
}

// Collector throughput: 32 keep-alive clients posting batches of 50 events for 5 s.
async function collector(batch, clients, seconds) {
  const out = mkdtempSync(join(tmpdir(), 'whatsnew-bench-collect-'));
  const proc = spawn(BIN, ['collect', '--port', '0', '--out', out], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((r) => proc.stdout.once('data', (d) => r(String(d).split('\n')[0].split(' ').pop())));
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  let accepted = 0, requests = 0, next = 0, errors = 0;
  const end = Date.now() + seconds * 1000;
  const post = (body) => new Promise((r, j) => {
    const req = http.request({ hostname, port, path: '/events', method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let d = ''; res.on('data', (c) => { d += c; }); res.on('end', () => r([res.statusCode, d]));
    });
    req.on('error', j); req.end(body);
  });
  const started = Date.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (Date.now() < end) {
      const events = [];
      for (let i = 0; i < batch; i++) {
        const id = next++;
        events.push(`{"v":1,"id":"c${id}","type":"impression","announcement":"a${id % 50}","bundle":"bench","surface":"popup","page":"/","locale":"en","user":"u-${id % 10000}","at":1764763200000}`);
      }
      let status, body;
      try {
        [status, body] = await post(`[${events.join(',')}]`);
      } catch {
        errors++;
        continue;
      }
      requests++;
      if (status === 200) accepted += JSON.parse(body).accepted;
    }
  }));
  const secs = (Date.now() - started) / 1000;
  proc.kill();
  agent.destroy();
  return { what: `collector, ${clients} clients, batches of ${batch}`, events: accepted, requests, seconds: secs, perSecond: accepted / secs, requestsPerSecond: requests / secs, errors };
}
console.log(JSON.stringify(rows));
const collect = [await collector(50, 32, 5), await collector(1, 32, 5)];

const md = ['## Events', '', '| what | events | file (MB) | wall time (ms, median of 3) | CPU time (s, that run) | peak RSS (MB) | same counts |', '|---|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.what} | ${r.events.toLocaleString('en')} | ${r.fileMB.toFixed(0)} | ${r.ms.toFixed(0)} | ${r.cpuS.toFixed(2)} | ${r.rssMB.toFixed(0)} | ${r.same === undefined ? '' : r.same ? 'yes' : 'NO'} |`),
  '', '| collector | events stored | requests | events/s | requests/s | connection errors (retried) |', '|---|---:|---:|---:|---:|---:|',
  ...collect.map((c) => `| ${c.what} | ${c.events.toLocaleString('en')} | ${c.requests.toLocaleString('en')} | ${c.perSecond.toFixed(0)} | ${c.requestsPerSecond.toFixed(0)} | ${c.errors} |`),
  ''].join('\n');
console.log(md);
mkdirSync(join(TARGET, 'bench'), { recursive: true });
writeFileSync(join(TARGET, 'bench/events.json'), JSON.stringify({ rows, collect }, null, 2));
writeFileSync(join(TARGET, 'bench/events.md'), md);
