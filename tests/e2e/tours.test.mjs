// Guides the way product teams that compare tour libraries use them (found by a trial against
// Shepherd.js, driver.js and Pendo's behaviour): a guide finished in one tab goes from another
// tab on the same page, steps without a page of their own wait on the guide's pages instead of
// giving up on another one, and an anchor that is there but never rendered (display: none)
// counts as missing once the wait is over instead of hiding the guide, and everything behind
// it, for ever. The real CLI builds content-tours/; the real widget runs in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build, serve, launch, watchedPage, ROOT } from './harness.mjs';

const CONTENT = join(ROOT, 'tests/e2e/content-tours');
let browser, server;

function hostPage(url) {
  const body = {
    '/a': '<h1>A</h1><p><a id="go-b" href="/b">Go to B</a></p>',
    '/b': '<h1>B</h1><button id="b-one">one</button><button id="b-two">two</button>',
    '/np': '<h1>Ledger</h1><button id="np-1">1</button><button id="np-2">2</button><button id="np-3">3</button>',
    '/stuck': '<h1>Stuck</h1><button id="target" style="display: none">hidden</button><button id="plain">plain</button>',
    '/tall': '<main id="main" style="display: block; height: 150vh; background: #eef">The whole work area</main>',
  }[url.pathname] ?? '<h1>Elsewhere</h1>';
  return {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tours</title>
<script src="/whatsnew/whatsnew.js" async data-user="u-1" data-since="2026-01-01"></script></head>
<body>${body}</body></html>`,
  };
}

before(async () => {
  server = await serve(build(CONTENT), {}, hostPage);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(page, path) {
  await page.goto(server.url + path);
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
}

/** The guide's card: whether it is there and visible, and its "n of m". */
const step = (page) => page.evaluate(() => {
  const card = document.querySelector('[data-whatsnew]')?.shadowRoot?.querySelector('[data-surface=guide]');
  return card ? { shown: !card.hidden, step: card.querySelector('.step')?.textContent } : null;
});
const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t).map((e) => `${e.announcement}/${e.step}`), type);

test('a guide finished in one tab leaves the other tab showing it', async () => {
  const { page, context, errors } = await watchedPage(browser);
  await open(page, '/a');
  const other = await context.newPage();
  await open(other, '/a');
  assert.deepEqual(await step(other), { shown: true, step: '1 of 3' });
  // Tab 1 follows the guide to its end on /b.
  await page.click('#go-b');
  await page.waitForURL('**/b');
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  await page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=guide] .step')?.textContent === '2 of 3');
  const next = page.locator('[data-whatsnew] [data-surface=guide] [data-action=next]');
  await next.click();
  await next.click();
  assert.equal(await step(page), null, 'done in tab 1');
  await other.waitForTimeout(500);
  assert.equal(await step(other), null, 'tab 2 no longer shows "1 of 3"');
  assert.deepEqual(errors, []);
  await context.close();
});

test("steps without a page of their own wait on the guide's pages: a visit elsewhere skips none", async () => {
  const { page, context, errors } = await watchedPage(browser);
  await open(page, '/np');
  await page.locator('[data-whatsnew] [data-surface=guide] [data-action=next]').click();
  assert.deepEqual(await step(page), { shown: true, step: '2 of 3' });
  await open(page, '/elsewhere');
  await page.waitForTimeout(2600); // past the 2 s anchor_wait
  assert.deepEqual(await events(page, 'anchor-missing'), [], 'no step given up on /elsewhere');
  await open(page, '/np');
  assert.deepEqual(await step(page), { shown: true, step: '2 of 3' }, 'back on its page at the same step');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an anchor that is there but never rendered is missing after the wait, and the guide goes on', async () => {
  const { page, context, errors } = await watchedPage(browser);
  const missing = [];
  await page.exposeFunction('__missing', (d) => missing.push(d));
  await page.addInitScript(() => addEventListener('whatsnew:anchor-missing', (e) => window.__missing(e.detail)));
  await open(page, '/stuck');
  await page.waitForTimeout(2600);
  assert.deepEqual(await step(page), { shown: true, step: '2 of 2' }, 'the step with the display: none anchor was skipped');
  assert.deepEqual(missing.map((d) => [d.id, d.step, d.anchor]), [['stuck', 0, '#target']]);
  assert.deepEqual(await events(page, 'impression'), ['stuck/1'], 'the skipped step was never counted as seen');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tooltip on an anchor taller than the screen stays on the screen', async () => {
  const { page, context, errors } = await watchedPage(browser);
  await open(page, '/tall');
  await page.waitForFunction(() => !document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=tooltip]')?.hidden);
  for (const y of [0, 300]) {
    await page.evaluate((to) => scrollTo(0, to), y);
    await page.waitForTimeout(200);
    const r = await page.evaluate(() => {
      const b = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=tooltip]').getBoundingClientRect();
      return { top: Math.round(b.top), bottom: Math.round(b.bottom), height: innerHeight };
    });
    assert.ok(r.top >= 0 && r.bottom <= r.height, `scrolled to ${y}: the box is on screen: ${JSON.stringify(r)}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("the keyboard's Next to a step on another page leaves focus on the link there, not on the body", async () => {
  const { page, context, errors } = await watchedPage(browser);
  await open(page, '/a');
  await page.locator('[data-whatsnew] [data-surface=guide] [data-action=next]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=guide] .step')?.textContent === '2 of 3');
  const focus = await page.evaluate(() => {
    const a = document.activeElement;
    const inner = a?.shadowRoot?.activeElement;
    return inner ? `${inner.tagName} ${inner.getAttribute('href')}` : a?.tagName;
  });
  assert.equal(focus, 'A /b');
  assert.deepEqual(errors, []);
  await context.close();
});
