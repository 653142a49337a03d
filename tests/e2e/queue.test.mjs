// The event queue where tabs and clocks misbehave (found by an engagement-loop trial): two tabs
// that share one sessionStorage (window.open, "Duplicate tab") while the endpoint is down, and a
// clock set back with events queued. The endpoint is down for real (nothing listens on its
// port: fetches and beacons both fail), then a real collector starts on that port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, serve, launch, BIN, ROOT } from './harness.mjs';

let browser, server, port;
const collectors = [];

/** A port nothing listens on (yet). */
const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

function collect(dir) {
  const proc = spawn(BIN, ['collect', '--port', String(port), '--out', dir, '--allow-origin', server.url], { stdio: ['ignore', 'pipe', 'inherit'] });
  collectors.push(proc);
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => { if (/Collecting events at/.test(String(d))) resolve(proc); });
    proc.on('exit', (code) => reject(new Error(`collect exited with ${code}`)));
  });
}

/** Stops the collectors and waits until each has exited: the endpoint is down for real. */
async function stopAll() {
  await Promise.all(collectors.splice(0).map((c) => new Promise((r) => {
    if (c.exitCode !== null || c.signalCode !== null) return r();
    c.once('exit', r);
    c.kill();
  })));
}

const storedIds = (dir) => new Set(!existsSync(dir) ? [] : readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).id)));

async function until(what, check, timeout) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

before(async () => {
  const out = build(join(ROOT, 'tests/e2e/content-events'));
  port = await freePort();
  const tag = (user) => `<script src="/whatsnew/whatsnew.js" async data-endpoint="http://127.0.0.1:${port}/events" data-user="${user}" data-since="2026-01-01"></script>`;
  server = await serve(out, {}, (url) => ({ body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Queue</title>${tag(url.searchParams.get('user'))}</head><body><h1>Queue</h1></body></html>` }));
  browser = await launch();
});

after(async () => {
  await stopAll();
  await browser?.close();
  await server?.close();
});

const goals = (page) => page.evaluate(() => window.__goals);
const track = (page, n) => page.evaluate((n) => { for (let i = 0; i < n; i++) window.WhatsNew.track('report-exported'); }, n);
const init = () => {
  window.__goals = [];
  addEventListener('whatsnew:goal', (e) => window.__goals.push(e.detail.id));
  // The clock, set back by the test between loads (a DST or NTP fix, a user's hand).
  const skew = Number(sessionStorage.getItem('skew') || 0);
  if (skew) { const now = Date.now; Date.now = () => now() + skew; }
};

test('two tabs sharing a sessionStorage during an outage: every event of both arrives once the endpoint is back', async () => {
  const context = await browser.newContext();
  await context.addInitScript(init);
  const emitted = new Set();
  const a = await context.newPage();
  await a.goto(`${server.url}/?user=u-dup`);
  assert.equal(await a.evaluate(() => window.WhatsNew.ready), true);
  await track(a, 10);
  const [b] = await Promise.all([context.waitForEvent('page'), a.evaluate((u) => window.open(u), `${server.url}/?user=u-dup`)]);
  await b.waitForLoadState();
  await b.waitForFunction(() => window.WhatsNew);
  assert.equal(await b.evaluate(() => window.WhatsNew.ready), true);
  assert.equal(await b.evaluate(() => sessionStorage.getItem('whatsnew:session')), await a.evaluate(() => sessionStorage.getItem('whatsnew:session')), 'one queue key');
  await track(b, 5);
  await new Promise((r) => setTimeout(r, 300));
  await track(a, 3);
  await new Promise((r) => setTimeout(r, 300));
  (await goals(b)).forEach((id) => emitted.add(id));
  await b.close();
  await track(a, 2);
  await new Promise((r) => setTimeout(r, 300));
  (await goals(a)).forEach((id) => emitted.add(id));
  await a.close();
  assert.equal(emitted.size, 20);
  // The endpoint comes back; the product is opened again in a new tab of that window, later
  // (a queue touched in the last 10 s is a live tab's).
  await new Promise((r) => setTimeout(r, 10500));
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-queue-'));
  await collect(dir);
  const c = await context.newPage();
  await c.goto(`${server.url}/?user=u-dup`);
  assert.equal(await c.evaluate(() => window.WhatsNew.ready), true);
  await until('the 20 events', () => [...emitted].every((id) => storedIds(dir).has(id)), 30000);
  await context.close();
  await stopAll();
});

test('a clock set back a day with events queued: they are sent once the endpoint is back, not when the clock catches up', async () => {
  await stopAll();
  const context = await browser.newContext();
  await context.addInitScript(init);
  const p = await context.newPage();
  await p.goto(`${server.url}/?user=u-clock`);
  assert.equal(await p.evaluate(() => window.WhatsNew.ready), true);
  await track(p, 10);
  await new Promise((r) => setTimeout(r, 300));
  const emitted = await goals(p);
  await p.evaluate(() => sessionStorage.setItem('skew', String(-86400000)));
  await p.reload();
  assert.equal(await p.evaluate(() => window.WhatsNew.ready), true);
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-queue-'));
  await collect(dir);
  await track(p, 1);
  await until('the 10 events queued before the clock went back', () => emitted.every((id) => storedIds(dir).has(id)), 30000)
    .catch(async (e) => {
      const keys = await p.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('whatsnew:q:')).map(([k, v]) => [k, JSON.parse(v).at, JSON.parse(v).q.length, Date.now()]));
      throw new Error(`${e.message}: ${emitted.filter((id) => storedIds(dir).has(id)).length} of ${emitted.length} stored; queues ${JSON.stringify(keys)}`);
    });
  await context.close();
});
