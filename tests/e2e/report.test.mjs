// End-to-end: `whatsnew report --format html` over synthetic events for the demo's bundle,
// opened in headless Chromium as a product manager would open the forwarded file: it renders,
// loads nothing from elsewhere, states the goal verdict, and is screenshotted for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, launch, whatsnew, screenshotDir, ROOT } from './harness.mjs';

let browser, out, dir;

// Deterministic (xorshift), so every run draws the same report.
let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
};

/**
 * Events of 3,000 users over two weeks: impressions on each announcement's own surface,
 * engagement, dismissals and votes at rates that differ by announcement, French for a fifth of
 * the users, and for announcements with a goal an exposure per user (a holdout share as the
 * bundle says) and goal events that come more often after seeing it.
 */
function synthesize(bundle) {
  const start = Date.UTC(2026, 10, 2);
  const lines = [];
  let n = 0;
  const event = (fields) => lines.push(JSON.stringify({ v: 1, id: `syn-${++n}`, bundle: bundle.bundle, revision: bundle.revision, ...fields }));
  for (let u = 0; u < 3000; u++) {
    const user = `u-${u}`;
    const locale = rand() < 0.2 ? 'fr' : 'en';
    for (const [i, a] of bundle.announcements.entries()) {
      const surface = a.display && a.display !== 'feed' ? a.display : 'feed';
      let at = start + Math.floor(rand() * 12 * 86400000);
      const held = a.holdout && rand() * 100 < a.holdout;
      if (a.goal || a.holdout) event({ type: 'exposure', announcement: a.id, group: held ? 'holdout' : 'exposed', goal: a.goal?.event, user, at });
      const reached = !held && rand() < 0.45 + 0.05 * (i % 5);
      if (reached) {
        event({ type: 'impression', announcement: a.id, surface, locale, page: '/', user, at });
        const r = rand();
        if (r < 0.12 + 0.04 * (i % 4)) event({ type: 'engage', reason: 'cta', announcement: a.id, surface, locale, user, at: (at += 2000 + Math.floor(rand() * 600000)) });
        else if (r < 0.45) event({ type: 'dismiss', reason: rand() < 0.7 ? 'close' : 'escape', announcement: a.id, surface, locale, user, at: (at += 1500) });
        if (rand() < 0.15) event({ type: 'engage', reason: rand() < 0.8 ? 'helpful' : 'not_helpful', announcement: a.id, surface, locale, user, at: at + 500 });
      }
      if (a.goal && rand() < (held ? 0.18 : 0.26)) {
        event({ type: 'goal', goal: a.goal.event, user, at: at + Math.floor(rand() * 5 * 86400000) });
      }
    }
  }
  return lines;
}

before(async () => {
  out = build(join(ROOT, 'demo/content'));
  dir = mkdtempSync(join(tmpdir(), 'whatsnew-report-'));
  const bundle = JSON.parse(readFileSync(join(out, 'whatsnew.json'), 'utf8'));
  assert.ok(bundle.announcements.some((a) => a.goal && a.holdout), 'the demo has an announcement with a goal and a holdout');
  writeFileSync(join(dir, 'events-2026-11-02.jsonl'), synthesize(bundle).join('\n') + '\n');
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('the HTML report of the demo\'s synthetic events: self-contained, with the goal verdict, screenshotted', async () => {
  const r = whatsnew(['report', dir, '--bundle', join(out, 'whatsnew.json'), '--format', 'html']);
  assert.equal(r.code, 0, r.stderr);
  const reportDir = join(ROOT, 'target/report');
  mkdirSync(reportDir, { recursive: true });
  const file = join(reportDir, 'demo.html');
  writeFileSync(file, r.stdout);
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (q) => { if (!q.url().startsWith('file:')) requests.push(q.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + file);
  assert.deepEqual(requests, [], 'nothing loaded from elsewhere');
  assert.deepEqual(errors, []);
  assert.equal(await page.locator('script').count(), 0, 'no scripts');
  const text = await page.textContent('body');
  assert.match(text, /Hand your accountant a whole quarter/);
  assert.match(text, /95% CI/);
  assert.ok(await page.locator('svg').count() > 0, 'charts');
  await page.screenshot({ path: join(screenshotDir(), 'report-demo.png'), fullPage: true });
  console.log(`# report: ${file} (${r.stdout.length} bytes), screenshot target/screenshots/report-demo.png`);
  await context.close();
});
