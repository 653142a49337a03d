// Storage faults: a localStorage getter that throws, setItem that throws QuotaExceededError (from
// the start and mid-session), corrupt and foreign-version values in every key the widget uses
// (`whatsnew:1:<bundle>:<user>`, `whatsnew:q:<bundle>:<tab>`, `whatsnew:anon`), and storage
// cleared or overwritten by another tab. In each: the feed opens, a dismissal holds, 0 uncaught
// errors, and no state is lost that could be kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build, serve, launch, watchedPage, hostPage, W, ROOT } from './harness.mjs';

const KEY = 'whatsnew:1:e2e:anonymous';
const TAG = '<script src="/whatsnew/whatsnew.js" async data-since="2026-01-01"></script>';
let browser, server, seed;
const rows = [];

before(async () => {
  const out = build(join(ROOT, 'tests/e2e/content'), ['--bundle-id', 'e2e']);
  server = await serve(out, {
    '/': { body: hostPage(TAG) },
    '/ep': { body: hostPage('<script src="/whatsnew/whatsnew.js" async data-since="2026-01-01" data-endpoint="/collect"></script>') },
    '/collect': { status: 200, body: '' },
  });
  browser = await launch();
  // A real stored state: 'reminders' dismissed, the rest seen.
  const { page, context } = await watchedPage(browser);
  await page.goto(server.url + '/');
  await page.evaluate(() => window.WhatsNew.ready);
  await openFeed(page);
  await page.click(W.item('reminders') + ' [data-action="dismiss"]');
  seed = await page.evaluate((k) => localStorage.getItem(k), KEY);
  assert.match(seed, /^whatsnew-state 3\n/);
  await context.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openFeed(page) {
  await page.evaluate(() => window.WhatsNew.open());
  await page.waitForSelector(W.panel, { timeout: 5000 });
}

async function shown(page) {
  await openFeed(page);
  const ids = await page.locator('[data-whatsnew] .panel article').evaluateAll((as) => as.map((a) => a.dataset.id));
  await page.evaluate(() => window.WhatsNew.close());
  return ids;
}

/**
 * Loads `path` with `init` (an init script: the fault), checks the feed opens and a dismissal
 * holds; returns the page for more checks. `expect` is what the feed shows first.
 */
async function run(name, { init, arg, path = '/', expect, context: given }) {
  const ctx = given ?? await browser.newContext();
  const page = await ctx.newPage();
  const errors = [], warnings = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('whatsnew')) warnings.push(m.text());
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  await page.addInitScript(() => { window.__rejections = []; window.addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason))); });
  if (init) await page.addInitScript(init, arg);
  await page.goto(server.url + path);
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true, name);
  const first = await shown(page);
  if (expect) assert.deepEqual(first, expect, `${name}: the feed`);
  await openFeed(page);
  await page.click(W.item('export') + ' [data-action="dismiss"]');
  await page.evaluate(() => window.WhatsNew.close());
  const later = await shown(page);
  assert.ok(!later.includes('export'), `${name}: the dismissal held`);
  const done = async (kept) => {
    const rejections = await page.evaluate(() => window.__rejections);
    rows.push({ name, errors: errors.length + rejections.length, warnings: warnings.length, kept });
    console.log(`# storage: ${name}: feed ${first.length} item(s), dismissal held, ${errors.length} uncaught errors, ${rejections.length} unhandled rejections, ${warnings.length} warning(s)${kept ? '; ' + kept : ''}`);
    assert.deepEqual(errors, [], name);
    assert.deepEqual(rejections, [], name);
    assert.ok(warnings.length <= 1, `${name}: ${JSON.stringify(warnings)}`);
    if (!given) await ctx.close();
  };
  return { page, done, ctx };
}

const ALL = ['faster-search', 'reminders', 'export'];
const KEPT = ['faster-search'];

test('the localStorage getter throws', async () => {
  const { done } = await run('getter throws', {
    init: () => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } }),
    expect: ALL,
  });
  await done();
});

test('setItem throws QuotaExceededError from the start: what was stored loads, changes live on in memory', async () => {
  const { page, done } = await run('quota from the start', {
    init: (seed) => {
      localStorage.setItem('whatsnew:1:e2e:anonymous', seed);
      Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    },
    arg: seed,
    expect: ['faster-search', 'export'],
  });
  // Route changes and other calls do not bring the dismissed back.
  await page.evaluate(() => { window.WhatsNew.page('/elsewhere'); window.WhatsNew.track('x'); });
  assert.deepEqual(await shown(page), KEPT);
  assert.equal(await page.evaluate(() => window.WhatsNew.unread()), 0);
  await done('in memory for the page: both dismissals');
});

test('setItem starts throwing mid-session: earlier changes stay stored, later ones in memory', async () => {
  const { page, done, ctx } = await run('quota mid-session', {
    init: () => {
      if (sessionStorage.getItem('full')) Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    },
    expect: ALL,
  });
  // 'export' was dismissed while storage worked; now it fills up.
  await page.evaluate(() => {
    sessionStorage.setItem('full', '1');
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await openFeed(page);
  await page.click(W.item('reminders') + ' [data-action="dismiss"]');
  assert.deepEqual(await shown(page), KEPT, 'in memory');
  await page.reload();
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  assert.deepEqual(await shown(page), ['faster-search', 'reminders'], 'the stored dismissal survived the reload');
  await done('stored before the quota, in memory after');
  await ctx.close();
});

const corrupt = (value) => ({ init: ([k, v]) => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem(k, v); } }, arg: [KEY, value] });

test('corrupt and foreign-version state values: the widget starts, and the readable rest loads', async () => {
  const [header, ...lines] = seed.split('\n');
  const cases = [
    ['garbage', 'not a state at all', ALL],
    ['binary', '\u0000\uffff\ud800x\n\t\t\n', ALL],
    ['1 MB', 'x'.repeat(1 << 20), ALL],
    ['JSON', '{"dismissed":["reminders"]}', ALL],
    ['future version', 'whatsnew-state 9\n' + lines.join('\n'), ALL],
    ['header only', header, ALL],
    ['corrupt lines among good ones', [header, 'junk', '\t\t', '#x', '#\t', '@abc', '~-5', 'zz\treminders', ...lines, '\u{1F4A5}\t\u0000'].join('\n'), ['faster-search', 'export']],
  ];
  for (const [name, value, expect] of cases) {
    const { page, done } = await run(`state ${name}`, { ...corrupt(value), expect });
    const stored = await page.evaluate((k) => localStorage.getItem(k), KEY);
    assert.match(stored, /^whatsnew-state 3\n/, `${name}: rewritten in the current format`);
    await done();
  }
});

test('corrupt anonymous ids: the widget starts and events carry a new one', async () => {
  for (const [name, value] of [['empty', ''], ['1 character', 'x'], ['100 KB', 'a'.repeat(100000)], ['JSON', '{"id":1}']]) {
    const { page, done } = await run(`anon ${name}`, { init: corrupt(value).init, arg: ['whatsnew:anon', value], expect: ALL });
    const user = await page.evaluate(() => new Promise((r) => {
      window.addEventListener('whatsnew:engage', (e) => r(e.detail.user), { once: true });
      window.WhatsNew.open();
      document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.cta').click();
    }));
    assert.match(user, /^anon-[0-9a-f]{20}$/, `${name}: a new anonymous id, not the stored value`);
    await done(`events' user: ${user}`);
  }
});

test('corrupt event queues: the readable queues are still sent', async () => {
  const good = JSON.stringify({ v: 1, id: 'f'.repeat(32), type: 'engage', announcement: 'export', bundle: 'e2e', user: 'anon-0', at: 1 });
  const queues = {
    'whatsnew:q:e2e:1': '{',
    'whatsnew:q:e2e:2': JSON.stringify({ at: 1, q: [good] }),
    'whatsnew:q:e2e:3': '{"at":1,"q":"abc"}',
    'whatsnew:q:e2e:4': 'null',
    'whatsnew:q:e2e:5': '{"at":1,"q":[1,null,{}]}',
    'whatsnew:q:e2e:6': '{"at":"x"}',
  };
  const ctx = await browser.newContext();
  const sent = [];
  ctx.on('request', (r) => { if (r.url().endsWith('/collect')) sent.push(r.postData()); });
  const { page, done } = await run('queue corrupt', {
    context: ctx,
    init: (q) => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); for (const k in q) localStorage.setItem(k, q[k]); } },
    arg: queues,
    path: '/ep',
    expect: ALL,
  });
  const deadline = Date.now() + 5000;
  while (!sent.some((b) => b.includes('f'.repeat(32))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('whatsnew:q:e2e:') && k.length < 17));
  assert.ok(sent.some((b) => b.includes('f'.repeat(32))), 'the readable queue of a closed tab was sent');
  assert.deepEqual(left, [], 'the corrupt queues are dropped');
  await done(`the readable queue sent (${sent.length} request(s)), ${Object.keys(queues).length - 1} corrupt ones dropped`);
  await ctx.close();
});

test('another tab clears storage, or writes garbage into the state: this tab keeps its state and writes it back', async () => {
  const ctx = await browser.newContext();
  const { page, done } = await run('cleared in another tab', { context: ctx, expect: ALL });
  const other = await ctx.newPage();
  await other.goto(server.url + '/collect');
  await other.evaluate(() => localStorage.clear());
  await page.waitForTimeout(200);
  assert.deepEqual(await shown(page), ['faster-search', 'reminders'], 'still dismissed here');
  await openFeed(page);
  await page.click(W.item('reminders') + ' [data-action="dismiss"]');
  await other.evaluate((k) => localStorage.setItem(k, 'garbage from another tab'), KEY);
  await page.waitForTimeout(200);
  assert.deepEqual(await shown(page), KEPT);
  await page.evaluate(() => window.WhatsNew.track('something'));
  await page.reload();
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  assert.deepEqual(await shown(page), KEPT, 'both dismissals survived the clear and the garbage');
  await done('both dismissals kept across a clear and garbage from another tab');
  await ctx.close();
});

after(() => {
  console.log(`# storage faults: ${rows.length} cases, ${rows.reduce((n, r) => n + r.errors, 0)} uncaught errors`);
});
