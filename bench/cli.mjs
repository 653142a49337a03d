// `whatsnew build` and `whatsnew check` over 10,000 generated announcement files: the whole
// CLI, from reading files to writing the bundle or the report. Prints the median of 5 runs
// (after one warm-up) and saves target/bench/cli.{json,md}.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = process.env.WHATSNEW_BIN ?? join(ROOT, 'target/release/whatsnew');
const N = 10_000;
const content = mkdtempSync(join(tmpdir(), 'whatsnew-bench-cli-'));
for (let i = 0; i < N; i++) {
  const m = String(1 + (i % 12)).padStart(2, '0'), d = String(1 + (i % 28)).padStart(2, '0');
  writeFileSync(join(content, `a${String(i).padStart(5, '0')}.md`),
    `---\nbenefit: Get paid ${i} days sooner without chasing clients\nfeature: Reminders ${i}\npublished: 2025-${m}-${d}\ncta:\n  label: Turn on reminders\n  url: /settings/reminders?from=${i}\n---\nLedgerly now emails a polite reminder **3 days before** an invoice is due and again on the\nday it becomes overdue. Teams in the beta were paid *9 days sooner* on average.\n\n- Choose the wording and the schedule.\n- Clients who already paid never get one.\n\n[Read the guide](https://help.example.com/reminders/${i}).\n`);
}
const out = mkdtempSync(join(tmpdir(), 'whatsnew-bench-cli-out-'));
const commands = {
  build: ['build', content, '--out-dir', out],
  check: ['check', content, '--format', 'json'],
};
const rows = [];
for (const [name, args] of Object.entries(commands)) {
  const time = () => {
    const t = process.hrtime.bigint();
    try { execFileSync(BIN, args, { stdio: 'ignore', maxBuffer: 1 << 30 }); } catch (e) { if (e.status !== 0 && e.status !== 1) throw e; }
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  time();
  const runs = Array.from({ length: 5 }, time).sort((a, b) => a - b);
  rows.push({ command: `whatsnew ${name}`, announcements: N, runsMs: runs, medianMs: runs[2], budgetMs: 2000 });
}
const bundleKb = statSync(join(out, 'whatsnew.json')).size / 1024;
const md = ['## CLI', '', '| command | announcements | median of 5 (ms) | budget (ms) |', '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.command} | ${r.announcements} | ${r.medianMs.toFixed(0)} | ${r.budgetMs} |`),
  '', `Bundle for ${N} announcements: ${bundleKb.toFixed(0)} KB.`, ''].join('\n');
console.log(md);
mkdirSync(join(ROOT, 'target/bench'), { recursive: true });
writeFileSync(join(ROOT, 'target/bench/cli.md'), md);
writeFileSync(join(ROOT, 'target/bench/cli.json'), JSON.stringify(rows, null, 2));
