// What real single-page-app hosts do to an embedded widget (found by a trial on React 18 with
// react-router and Radix, Vue 3 with vue-router, and an innerHTML app): anchors that move with
// no DOM change (an image that loads above them, a dialog that slides in), a popup open while
// the router leaves its page, API calls before the widget has loaded (and a host's stub of
// window.WhatsNew), a script tag added again after destroy(), a modal library that hides the
// rest of the page and closes on a pointerdown outside it, and a host's fixed bars. Each host
// below is plain JavaScript doing what those libraries do. The real CLI builds
// content-frameworks/; the real widget runs in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build, serve, launch, watchedPage, ROOT } from './harness.mjs';

const CONTENT = join(ROOT, 'tests/e2e/content-frameworks');
let browser, server;

const TAG = (async = true) => `<script src="/whatsnew/whatsnew.js" ${async ? 'async ' : ''}data-user="u-1" data-since="2026-01-01"></script>`;
// A 1x1 SVG that is 600x200 once loaded: set as an <img>'s src, it pushes what follows down
// without any DOM change the widget's MutationObserver watches.
const TALL = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><rect width="600" height="200" fill="%2393c5fd"/></svg>')}`;

function hostPage(url) {
  const path = url.pathname;
  const q = url.searchParams;
  const head = {
    // A host that calls the API right after the (blocking) script tag, before the wasm is in.
    '/admin': q.get('early') === 'identify'
      ? `${TAG(false)}<script>WhatsNew.identify('u-7', { role: 'admin' });</script>`
      : q.get('early') === 'stub'
        ? `<script>window.WhatsNew = { q: [['identify', 'u-7', { role: 'admin' }]] };</script>${TAG()}`
        : TAG(),
  }[path] ?? TAG();
  return {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SPA</title>
<meta name="viewport" content="width=device-width">
<style>body { margin: 0; padding: 72px 16px; font: 16px/1.5 system-ui, sans-serif }
header, nav { position: fixed; inset: 0 0 auto; height: 56px; background: #111827; color: #fff; z-index: 10 }
nav { inset: auto 0 0 }
@keyframes enter { from { transform: translate(-120px, -160px) } }
.enter { animation: enter .4s ease-out }
${path === '/bars' ? ':root { --whatsnew-top: 56px; --whatsnew-bottom: 76px }' : ''}</style>${head}</head>
<body><header>Ledgerly</header>
<img id="hero" alt="">
<div id="box"><button id="sort" type="button">Sort</button></div>
<button id="host-modal-open" type="button">Open the host's modal</button>
<nav>Tabs</nav>
<div style="height: 3000px"></div>
<script>
window.__outside = 0;
// A modal library: closes on a pointerdown that bubbles to the document from outside it,
// and hides everything else from assistive technology while it is open (Radix's hideOthers).
document.addEventListener('pointerdown', (e) => { if (!e.composedPath().some((n) => n.id === 'host-modal')) window.__outside++; });
document.getElementById('host-modal-open').addEventListener('click', () => {
  const m = document.createElement('div');
  m.id = 'host-modal'; m.setAttribute('role', 'dialog'); m.textContent = 'Host dialog';
  for (const c of document.body.children) c.setAttribute('aria-hidden', 'true');
  document.body.append(m);
});
</script></body></html>`,
  };
}

before(async () => {
  const out = build(CONTENT);
  server = await serve(out, {}, hostPage);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function visit(path) {
  const w = await watchedPage(browser);
  await w.page.goto(server.url + path);
  assert.equal(await w.page.evaluate(() => window.WhatsNew.ready), true, JSON.stringify(w.warnings));
  return w;
}

const shown = (page) => page.evaluate(() => [...(document.querySelector('[data-whatsnew]')?.shadowRoot
  ?.querySelectorAll('[data-surface][data-id]') ?? [])].filter((e) => !e.hidden).map((e) => `${e.dataset.surface}:${e.dataset.id}`));

/** The tooltip's box against its anchor: the gap between the anchor's bottom and the box's top. */
const gap = (page) => page.evaluate(() => {
  const tip = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=tooltip]');
  const a = document.querySelector('#sort').getBoundingClientRect();
  const t = tip.getBoundingClientRect();
  return { shown: !tip.hidden, below: Math.round(t.top - a.bottom), anchorTop: Math.round(a.top) };
});

test('a tooltip follows its anchor when an image above it loads, with no DOM change', async () => {
  const { page, context, errors } = await visit('/img');
  await page.waitForFunction(() => !document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=tooltip]')?.hidden);
  const before = await gap(page);
  await page.evaluate((src) => { document.getElementById('hero').src = src; }, TALL);
  await page.waitForFunction(() => document.getElementById('hero').naturalHeight > 0);
  await page.waitForTimeout(300);
  const now = await gap(page);
  assert.ok(now.anchorTop - before.anchorTop >= 150, `the image pushed the anchor down: ${JSON.stringify([before, now])}`);
  assert.ok(now.shown && Math.abs(now.below - before.below) <= 8, `the box stays beside the anchor: ${JSON.stringify([before, now])}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tooltip follows an anchor whose container slides in with a CSS animation', async () => {
  const { page, context, errors } = await visit('/anim');
  await page.waitForFunction(() => !document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=tooltip]')?.hidden);
  const before = await gap(page);
  // The class is a DOM change (the box is placed at the animation's first frame); the
  // animation then moves the anchor 160 px with no change the observers see.
  await page.evaluate(() => document.getElementById('box').classList.add('enter'));
  await page.waitForTimeout(900);
  const now = await gap(page);
  assert.ok(now.shown && Math.abs(now.below - before.below) <= 8, `the box is beside the anchor once the animation ends: ${JSON.stringify([before, now])}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("leaving a page while its popup is open does not hold back the next page's toast", async () => {
  const { page, context, errors } = await visit('/leave');
  await page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=popup]'));
  // The router navigates (a link in the host's header, say): pushState, no reload.
  await page.evaluate(() => history.pushState({}, '', '/next'));
  await page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=toast]'), null, { timeout: 3000 });
  assert.deepEqual(await shown(page), ['toast:next-toast']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('identify() called before the widget has loaded keeps its traits', async () => {
  const { page, context, errors, warnings } = await visit('/admin?early=identify');
  await page.waitForTimeout(300);
  assert.deepEqual(await shown(page), ['popup:admin-popup'], 'the admins-only popup shows for the traits given early');
  const user = await page.evaluate(() => window.__events.find((e) => e.type === 'impression')?.user);
  assert.equal(user, 'u-7');
  assert.deepEqual([errors, warnings], [[], []]);
  await context.close();
});

test("a host's stub of window.WhatsNew is replaced and its queued calls are made", async () => {
  const { page, context, errors, warnings } = await visit('/admin?early=stub');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-whatsnew]').length), 1);
  assert.deepEqual(await shown(page), ['popup:admin-popup'], 'the queued identify() was made');
  assert.deepEqual([errors, warnings], [[], []]);
  await context.close();
});

test('a script tag added again after destroy() starts a new widget; a second copy while one runs does not', async () => {
  const { page, context, errors } = await visit('/next');
  const add = () => page.evaluate(() => {
    const s = document.createElement('script');
    s.src = '/whatsnew/whatsnew.js'; s.dataset.user = 'u-1'; s.dataset.since = '2026-01-01';
    document.head.append(s);
    return new Promise((r) => { s.onload = r; });
  });
  await add();
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-whatsnew]').length), 1, 'a second copy returns');
  await page.evaluate(() => window.WhatsNew.destroy());
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-whatsnew]').length), 0);
  await add();
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-whatsnew]').length), 1, 'the new tag mounted a widget');
  assert.deepEqual(await shown(page), ['toast:next-toast']);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a modal library's dialog: nothing interrupts over it, and pressing the widget is not a press outside it", async () => {
  const { page, context, errors } = await visit('/admin');
  const launcher = page.locator('[data-whatsnew] .launcher');
  await launcher.click();
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => window.__outside), 0, "the host's document saw no pointerdown from the widget");
  await page.click('#host-modal-open');
  await page.evaluate(() => window.WhatsNew.identify('u-1', { role: 'admin' }));
  await page.waitForTimeout(500);
  assert.deepEqual(await shown(page), [], 'no popup over the host dialog that hid the widget');
  assert.deepEqual(errors, []);
  await context.close();
});

test("--whatsnew-top and --whatsnew-bottom keep the banner and the launcher off the host's fixed bars", async () => {
  const { page, context, errors } = await visit('/bars');
  await page.evaluate(() => history.pushState({}, '', '/banner'));
  await page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=banner]'));
  const r = await page.evaluate(() => {
    const root = document.querySelector('[data-whatsnew]').shadowRoot;
    return {
      banner: Math.round(root.querySelector('[data-surface=banner]').getBoundingClientRect().top),
      launcher: Math.round(innerHeight - root.querySelector('.launcher').getBoundingClientRect().bottom),
    };
  });
  assert.deepEqual(r, { banner: 56, launcher: 76 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone, a swipe on the popup or on the feed\'s header does not scroll the page behind it', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 568 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const swipe = async (x, y, dy) => {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let i = 1; i <= 10; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + (dy * i) / 10 }] });
      await page.waitForTimeout(16);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await page.waitForTimeout(300);
  };
  const centre = (sel) => page.evaluate((s) => {
    const r = document.querySelector('[data-whatsnew]').shadowRoot.querySelector(s).getBoundingClientRect();
    return [r.x + r.width / 2, r.y + Math.min(r.height / 2, 20)];
  }, sel);
  await page.goto(server.url + '/leave');
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  await page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface=popup]'));
  let [x, y] = await centre('[data-surface=popup]');
  await swipe(x, y, -250);
  assert.equal(await page.evaluate(() => scrollY), 0, 'the page behind the popup stayed put');
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.WhatsNew.open());
  await page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.panel .head'));
  [x, y] = await centre('.panel .head');
  await swipe(x, y, -250);
  assert.equal(await page.evaluate(() => scrollY), 0, "the page behind the feed's header stayed put");
  await context.close();
});
