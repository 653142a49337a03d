// Tooltips, hotspots and guides on a host built to break them (issue 9): a sticky header, a
// scrolling table, a transformed ancestor, an anchor mounted 1.5 s after load and one never
// mounted. The real CLI builds content-guides/ (anchor_wait = 3 s); the real widget runs in
// headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build, serve, launch, watchedPage, axe, screenshotDir, pixelDiff, HOSTILE_SHEETS, ROOT } from './harness.mjs';
import { writeFileSync } from 'node:fs';

const CONTENT = join(ROOT, 'tests/e2e/content-guides');
let browser, server;

const S = {
  box: (kind) => `[data-whatsnew] [data-surface="${kind}"]`,
  arrow: (kind) => `[data-whatsnew] [data-surface="${kind}"] .arrow`,
  hotspot: '[data-whatsnew] .hotspot',
  ring: '[data-whatsnew] .ring',
  step: '[data-whatsnew] [data-surface="guide"] .step',
  act: (a) => `[data-whatsnew] [data-surface="guide"] button[data-action="${a}"]`,
};

/** One page for every path, like a single-page app's host; what is in it depends on the path. */
function hostPage(url) {
  const q = url.searchParams;
  const tag = `<script src="/whatsnew/whatsnew.js" async data-user="u-1" data-since="2026-01-01"${q.get('locale') ? ` data-locale="${q.get('locale')}"` : ''}${q.get('theme') ? ` data-theme="${q.get('theme')}"` : ''}></script>`;
  const rows = Array.from({ length: 30 }, (_, i) => `<tr><td>Invoice ${i + 1}</td><td>${i === 12 ? '<button id="export" type="button">Export</button>' : 'Paid'}</td></tr>`).join('');
  return {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guides host</title>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1f2937; background: #fff }
header { position: sticky; top: 0; z-index: 10; display: flex; gap: 16px; align-items: center; height: 56px; padding: 0 16px; background: #f3f4f6; border-bottom: 1px solid #d1d5db }
header a { color: #1d4ed8 }
.moved { transform: translateX(24px) }
.scroller { height: 220px; overflow: auto; border: 1px solid #d1d5db; margin: 16px }
table { border-collapse: collapse; width: 100% } td { padding: 8px 12px; border-bottom: 1px solid #e5e7eb }
.tall { height: 1600px }
#overlay { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0, 0, 0, 0.05) }
</style>${q.has('wc') ? '<style>header { position: static }</style>' : ''}${q.has('hostile') ? `<style>${HOSTILE_SHEETS[q.get('hostile')]}</style>` : ''}${tag}</head>
<body><header><a id="nav-home" href="/">Home</a><a id="nav-reports" href="/reports">Reports</a><a id="nav-settings" href="/settings">Settings</a></header>
<main class="moved"><h1>Guides host</h1>
<p><label>Range <select id="range"><option>Q3</option><option>Q4</option></select></label> <button id="export-all" type="button">Export all</button></p>
<div class="scroller"><table>${rows}</table></div><div id="slot"></div><div class="tall"></div><p><button id="deep" type="button">Archive</button></p></main>${q.has('overlay') ? '<div id="overlay"></div>' : ''}
${q.has('wc') ? '<wc-bar></wc-bar>' : ''}<script>
// A toolbar drawn by a web component: fixed, inside its shadow root.
customElements.define('wc-bar', class extends HTMLElement { connectedCallback() { this.attachShadow({ mode: 'open' }).innerHTML = '<div style="position: fixed; inset: 0 0 auto; height: 56px; background: #e5e7eb">Toolbar</div>'; } });
if (location.pathname === '/late') setTimeout(() => { const b = document.createElement('input'); b.id = 'late'; b.setAttribute('aria-label', 'Filter'); document.getElementById('slot').append(b); }, 1500);
document.querySelectorAll('header a').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); history.pushState({}, '', a.getAttribute('href')); }));
window.__missing = [];
addEventListener('whatsnew:anchor-missing', (e) => window.__missing.push(e.detail));
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

async function visit(path, context) {
  const w = context ? { ...context, page: await context.context.newPage() } : await watchedPage(browser);
  await w.page.goto(server.url + path);
  assert.equal(await w.page.evaluate(() => window.WhatsNew.ready), true, JSON.stringify(w.warnings));
  return w;
}

/** Distance between the tooltip's arrow and its anchor's box (0 when they touch), and whether the box shows. */
async function gap(page, kind, anchor) {
  return page.evaluate(([kind, anchor]) => {
    const root = document.querySelector('[data-whatsnew]').shadowRoot;
    const box = root.querySelector(`[data-surface="${kind}"]`);
    if (!box || box.hidden || !box.matches(':popover-open')) return null;
    const a = document.querySelector(anchor).getBoundingClientRect();
    const r = box.querySelector('.arrow').getBoundingClientRect();
    const dx = Math.max(a.left - r.right, r.left - a.right, 0);
    const dy = Math.max(a.top - r.bottom, r.top - a.bottom, 0);
    return Math.hypot(dx, dy);
  }, [kind, anchor]);
}

const frame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('a tooltip in a scrolling table, under a sticky header and a transformed ancestor, follows its anchor', async () => {
  const w = await visit('/table');
  // The anchor starts below the container's fold: no box until it is scrolled into view.
  await w.page.waitForTimeout(300);
  assert.equal(await gap(w.page, 'tooltip', '#export'), null, 'hidden while its anchor is out of view');
  await w.page.evaluate(() => document.querySelector('#export').scrollIntoView({ block: 'center' }));
  await w.page.waitForSelector(S.box('tooltip') + ':not([hidden])');
  const figures = [];
  const moves = [
    ['container scrolled', () => w.page.evaluate(() => { document.querySelector('.scroller').scrollTop -= 40; })],
    ['page scrolled', () => w.page.evaluate(() => window.scrollBy(0, 30))],
    ['window resized', () => w.page.setViewportSize({ width: 900, height: 640 })],
    ['container scrolled back', () => w.page.evaluate(() => { document.querySelector('.scroller').scrollTop += 30; })],
  ];
  for (const [what, move] of moves) {
    await move();
    await frame(w.page);
    const g = await gap(w.page, 'tooltip', '#export');
    const inView = await w.page.evaluate(() => {
      const a = document.querySelector('#export').getBoundingClientRect();
      const s = document.querySelector('.scroller').getBoundingClientRect();
      return a.top >= s.top && a.bottom <= s.bottom && a.top >= 56;
    });
    figures.push(`${what}: ${g == null ? 'hidden' : g.toFixed(1) + ' px'}${inView ? '' : ' (anchor out of view)'}`);
    if (inView) assert.ok(g != null && g <= 8, `${what}: the tooltip is ${g} px from its anchor`);
  }
  // Scrolled out of its container: hidden, never left floating; back in view: shown again.
  await w.page.evaluate(() => { document.querySelector('.scroller').scrollTop = 0; });
  await frame(w.page);
  assert.equal(await gap(w.page, 'tooltip', '#export'), null, 'hidden while the anchor is scrolled out of its container');
  await w.page.evaluate(() => { document.querySelector('#export').scrollIntoView({ block: 'center' }); });
  await frame(w.page);
  const back = await gap(w.page, 'tooltip', '#export');
  assert.ok(back != null && back <= 8, `back in view: ${back}`);
  // Under the sticky header: hidden.
  await w.page.evaluate(() => {
    const a = document.querySelector('#export').getBoundingClientRect();
    window.scrollBy(0, a.top - 20);
  });
  await frame(w.page);
  const covered = await w.page.evaluate(() => document.querySelector('#export').getBoundingClientRect().top);
  if (covered < 56 && covered > 0) assert.equal(await gap(w.page, 'tooltip', '#export'), null, 'hidden under the sticky header');
  console.log(`# tooltip follows: ${figures.join('; ')}`);
  assert.ok(figures.filter((f) => !f.includes('out of view')).length >= 3, 'measured with the anchor in view');
  assert.deepEqual(w.errors, []);
  await w.context.close();

  // Under `html { zoom: 1.5 }` (a page's text-size setting): the container's clip is measured
  // in the viewport's pixels, so the tooltip shows beside its anchor.
  const z = await visit('/table?hostile=zoom-html');
  await z.page.evaluate(() => document.querySelector('#export').scrollIntoView({ block: 'center' }));
  await z.page.waitForSelector(S.box('tooltip') + ':not([hidden])', { timeout: 3000 });
  const zg = await gap(z.page, 'tooltip', '#export');
  assert.ok(zg != null && zg <= 8, `zoom 1.5: ${zg} px from its anchor`);
  assert.deepEqual(z.errors, []);
  await z.context.close();

  // The same under a fixed toolbar that a web component draws in its shadow root.
  const c = await visit('/table?wc');
  await c.page.evaluate(() => document.querySelector('#export').scrollIntoView({ block: 'center' }));
  await c.page.waitForSelector(S.box('tooltip') + ':not([hidden])');
  await c.page.evaluate(() => window.scrollBy(0, document.querySelector('#export').getBoundingClientRect().top - 20));
  await frame(c.page);
  const top = await c.page.evaluate(() => document.querySelector('#export').getBoundingClientRect().top);
  assert.ok(top > 10 && top < 30, `the anchor is under the toolbar (top ${top})`);
  assert.equal(await gap(c.page, 'tooltip', '#export'), null, 'hidden under the web component\'s toolbar');
  assert.deepEqual(c.errors, []);
  await c.context.close();
});

test('an anchor mounted 1.5 s after load gets its tooltip; a never-mounted one says anchor-missing and shows nothing', async () => {
  const w = await visit('/late');
  const t0 = Date.now();
  await w.page.waitForSelector(S.box('tooltip') + ':not([hidden])', { timeout: 4000 });
  const after = Date.now() - t0;
  assert.ok((await gap(w.page, 'tooltip', '#late')) <= 8);
  await w.page.goto(server.url + '/never');
  await w.page.waitForFunction(() => window.__missing.length > 0, null, { timeout: 6000 });
  const missing = await w.page.evaluate(() => window.__missing);
  assert.deepEqual(missing, [{ id: 'never-tip', step: null, anchor: '#never', page: '/never' }]);
  assert.equal(await w.page.locator(S.box('tooltip') + ':visible').count(), 0, 'no visible box');
  const boxes = await w.page.evaluate(() => [...document.querySelector('[data-whatsnew]').shadowRoot.querySelectorAll('[data-surface]')].map((b) => b.getBoundingClientRect()).filter((r) => r.width > 0));
  assert.deepEqual(boxes, [], 'nothing at (0, 0)');
  console.log(`# late anchor: tooltip shown ${after} ms after load; never-mounted anchor: ${missing.length} anchor-missing event, 0 boxes`);
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

// Found by a new user's trial on real release notes (2026-12-04): a tooltip whose button was
// renamed held back every other interruption on every load; a step without an anchor after
// one with an anchor kept the last step's place and ring; Escape from a guide left focus on
// the page's body.
test('a tooltip whose anchor never comes gives way; an unanchored step is centred without a ring; Escape returns focus to the anchor', async () => {
  let w = await visit('/stale');
  await w.page.waitForFunction(() => window.__missing.length > 0, null, { timeout: 6000 });
  assert.deepEqual(await w.page.evaluate(() => window.__missing.map((m) => m.id)), ['stale-tip']);
  await w.page.waitForSelector(S.box('toast') + ':not([hidden])', { timeout: 2000 });
  assert.equal(await w.page.locator(S.box('tooltip') + ':visible').count(), 0);
  assert.deepEqual(w.errors, []);
  await w.context.close();

  w = await visit('/center');
  await w.page.waitForSelector(S.box('guide') + ':not([hidden])');
  assert.equal(await w.page.locator(S.ring + ':visible').count(), 1, 'step 1 rings its anchor');
  await w.page.click(S.act('next'));
  await w.page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.step')?.textContent.startsWith('2'));
  await frame(w.page);
  const off = await w.page.evaluate(() => {
    const r = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="guide"]').getBoundingClientRect();
    return [Math.abs(r.left + r.width / 2 - innerWidth / 2), Math.abs(r.top + r.height / 2 - innerHeight / 2)];
  });
  assert.ok(off[0] <= 2 && off[1] <= 2, `step 2 is centred (off by ${off})`);
  assert.equal(await w.page.locator(S.ring + ':visible').count(), 0, 'no ring without an anchor');
  await w.context.close();

  w = await visit('/center');
  await w.page.waitForSelector(S.box('guide') + ':not([hidden])');
  await w.page.locator(S.act('skip')).focus();
  await w.page.keyboard.press('Escape');
  assert.equal(await w.page.locator(S.box('guide')).count(), 0, 'Escape skips');
  assert.equal(await w.page.evaluate(() => document.activeElement.id), 'export-all', 'focus on the step\'s anchor, not the body');
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

// Tour libraries scroll a step's target into view; a step whose anchor is further down the page
// or inside a scrolled container must not wait, invisible, for the user to find it.
test('a guide step whose anchor is out of view brings it into view, in the window and in a scroll container, once', async () => {
  const w = await visit('/deep');
  await w.page.waitForSelector(S.box('guide') + ':not([hidden])', { timeout: 5000 });
  assert.equal(await w.page.textContent(S.step), '1 of 2');
  await frame(w.page);
  assert.ok((await gap(w.page, 'guide', '#deep')) <= 8);
  assert.ok(await w.page.evaluate(() => scrollY > 800), 'the window scrolled to the anchor');
  await w.page.click(S.act('next'));
  await w.page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.step')?.textContent === '2 of 2');
  await w.page.waitForSelector(S.box('guide') + ':not([hidden])');
  await frame(w.page);
  assert.ok((await gap(w.page, 'guide', '#export')) <= 8);
  const inView = await w.page.evaluate(() => {
    const a = document.querySelector('#export').getBoundingClientRect();
    const c = document.querySelector('.scroller').getBoundingClientRect();
    return a.top >= c.top && a.bottom <= c.bottom && a.top >= 56 && a.bottom <= innerHeight;
  });
  assert.ok(inView, 'inside its container, below the sticky header, in the viewport');
  // Once per step: the user scrolling away is not fought.
  await w.page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  await w.page.waitForTimeout(300);
  assert.ok(await w.page.evaluate(() => scrollY > 800), 'still where the user scrolled');
  assert.equal(await w.page.locator(S.box('guide') + ':visible').count(), 0, 'the step hides with its anchor out of view');
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

// Regression (a new user's trial): a guide under way counted as "already on screen", so a
// tooltip on the same page came as the next interruption and its card covered the step's.
test('a tooltip on the page waits while a guide is under way there, and comes when it ends', async () => {
  const w = await visit('/duo');
  await w.page.waitForSelector(S.box('guide') + ':not([hidden])');
  await w.page.click(S.act('next'));
  await w.page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.step')?.textContent === '2 of 2');
  // Anything that plans again: a tracked event, a route change to the same page.
  await w.page.evaluate(() => { window.WhatsNew.track('anything'); history.pushState({}, '', '/duo?x=1'); });
  await w.page.waitForTimeout(500);
  assert.equal(await w.page.locator(S.box('tooltip')).count(), 0, 'no tooltip while the guide is under way');
  await w.page.click(S.act('skip'));
  await w.page.waitForSelector(S.box('tooltip') + ':not([hidden])');
  assert.ok((await gap(w.page, 'tooltip', '#nav-home')) <= 8);
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

test('a hotspot on a navigation item opens its tooltip', async () => {
  const w = await visit('/settings');
  await w.page.waitForSelector(S.hotspot + ':not([hidden])');
  assert.equal(await w.page.locator(S.box('tooltip') + ':visible').count(), 0, 'the card waits for the click');
  const impressions = () => w.page.evaluate(() => window.__events.filter((e) => e.type === 'impression').length);
  assert.equal(await impressions(), 0);
  await w.page.click(S.hotspot);
  await w.page.waitForSelector(S.box('tooltip') + ':not([hidden])');
  assert.ok((await gap(w.page, 'tooltip', '#nav-settings')) <= 8);
  assert.equal(await impressions(), 1, 'seen once opened');
  // The anchor is described by the tooltip's headline.
  const described = await w.page.evaluate(() => {
    const ids = document.querySelector('#nav-settings').getAttribute('aria-describedby') || '';
    return ids.split(' ').map((id) => document.getElementById(id)?.textContent).join('|');
  });
  assert.equal(described, 'Set your invoice numbering once');
  // And the accessibility tree agrees (the description's node must be rendered: slotted).
  const cdp = await w.page.context().newCDPSession(w.page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#nav-settings' });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
  assert.equal(nodes[0].description?.value, 'Set your invoice numbering once', 'the AX tree has the description');
  await w.page.click(S.box('tooltip') + ' button[data-action="close"]');
  assert.equal(await w.page.locator(S.box('tooltip')).count(), 0);
  assert.equal(await w.page.getAttribute('#nav-settings', 'aria-describedby'), null, "the host's attribute is as it was");
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

test('a guide goes through three steps across two pages, survives a reload at step 2, and skipping records a dismiss with its step', async () => {
  const w = await visit('/');
  await w.page.waitForSelector(S.box('guide') + ':not([hidden])');
  assert.equal(await w.page.textContent(S.step), '1 of 3');
  assert.ok((await gap(w.page, 'guide', '#nav-reports')) <= 8);
  assert.equal(await w.page.locator(S.ring + ':visible').count(), 1, 'the anchor is highlighted');
  // The highlighted anchor stays reachable: a click on it reaches the page.
  await w.page.click(S.act('next'));
  // Step 2 is on /reports: until the user goes there, the step says where to go.
  await w.page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.step')?.textContent === '2 of 3');
  assert.equal(await w.page.locator('[data-whatsnew] [data-surface="guide"].away a[href="/reports"]').count(), 1);
  await w.page.click('#nav-reports');
  await w.page.waitForSelector(S.box('guide') + ':not(.away):not([hidden])');
  assert.ok((await gap(w.page, 'guide', '#range')) <= 8);
  // A reload resumes at step 2.
  await w.page.reload();
  await w.page.waitForSelector(S.box('guide') + ':not([hidden])');
  assert.equal(await w.page.textContent(S.step), '2 of 3');
  await w.page.keyboard.press('Tab');
  await w.page.click(S.act('next'));
  await w.page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.step')?.textContent === '3 of 3');
  assert.ok((await gap(w.page, 'guide', '#export-all')) <= 8);
  await w.page.click(S.act('skip'));
  assert.equal(await w.page.locator(S.box('guide')).count(), 0);
  const events = await w.page.evaluate(() => window.__events.filter((e) => e.announcement === 'close-quarter').map((e) => [e.type, e.reason ?? '', e.step ?? null]));
  assert.deepEqual(events.at(-1), ['dismiss', 'skip', 2]);
  assert.ok(events.some(([t, , s]) => t === 'impression' && s === 2), JSON.stringify(events));
  // Skipped: it never restarts.
  await w.page.goto(server.url + '/');
  await w.page.waitForTimeout(500);
  assert.equal(await w.page.locator(S.box('guide')).count(), 0);
  console.log(`# guide: ${events.map((e) => e.join(':')).join(', ')}`);
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

// Protects translated guides: a French user gets the steps' French titles and bodies (and the
// French counter), an untranslated body falls back to the announcement's, anchors stay its own.
test('a translated guide: French steps, French labels, the English body where the step has no French one', async () => {
  const w = await visit('/?locale=fr');
  await w.page.waitForSelector(S.box('guide') + ':not([hidden])');
  const text = (sel) => w.page.locator(S.box('guide') + ' ' + sel).textContent();
  assert.equal(await text('h2'), 'Ouvrez vos rapports');
  assert.equal(await text('.body'), 'Tout le trimestre est ici.');
  assert.equal(await w.page.textContent(S.step), '1 sur 3');
  assert.ok((await gap(w.page, 'guide', '#nav-reports')) <= 8);
  await w.page.click(S.act('next'));
  await w.page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="guide"] h2')?.textContent === 'Choisissez le trimestre');
  await w.page.click('#nav-reports');
  await w.page.waitForSelector(S.box('guide') + ':not(.away):not([hidden])');
  assert.equal(await text('.body'), 'Choose Q3 to include every invoice.');
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

test('Escape skips a guide; axe-core finds 0 violations with a tooltip and a guide step open; screenshots', async () => {
  const dir = screenshotDir();
  const found = [];
  for (const theme of ['light', 'dark']) {
    for (const locale of ['en', 'ar']) {
      const q = `?theme=${theme}&locale=${locale}`;
      let w = await visit('/' + q);
      await w.page.waitForSelector(S.box('guide') + ':not([hidden])');
      await w.page.screenshot({ path: join(dir, `guide-step1-${theme}-${locale}.png`) });
      found.push(...(await axe(w.page)).map((v) => `guide ${theme} ${locale}: ${v.id}`));
      await w.page.click(S.act('next'));
      await w.page.waitForSelector(S.box('guide') + '.away');
      await w.page.screenshot({ path: join(dir, `guide-step2-away-${theme}-${locale}.png`) });
      await w.page.click('#nav-reports');
      await w.page.waitForSelector(S.box('guide') + ':not(.away):not([hidden])');
      await w.page.screenshot({ path: join(dir, `guide-step2-${theme}-${locale}.png`) });
      await w.page.click(S.act('next'));
      await w.page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.step')?.textContent.startsWith('3'));
      await w.page.screenshot({ path: join(dir, `guide-step3-${theme}-${locale}.png`) });
      await w.page.keyboard.press('Escape');
      assert.equal(await w.page.locator(S.box('guide')).count(), 0, 'Escape skips');
      const last = await w.page.evaluate(() => window.__events.at(-1));
      assert.deepEqual([last.type, last.reason, last.step], ['dismiss', 'escape', 2]);
      await w.page.goto(server.url + '/table' + q);
      await w.page.evaluate(() => document.querySelector('#export').scrollIntoView({ block: 'center' }));
      await w.page.waitForSelector(S.box('tooltip') + ':not([hidden])');
      await w.page.screenshot({ path: join(dir, `tooltip-${theme}-${locale}.png`) });
      found.push(...(await axe(w.page)).map((v) => `tooltip ${theme} ${locale}: ${v.id} ${JSON.stringify(v.nodes)}`));
      await w.page.goto(server.url + '/settings' + q);
      await w.page.waitForSelector(S.hotspot + ':not([hidden])');
      await w.page.screenshot({ path: join(dir, `hotspot-${theme}-${locale}.png`) });
      assert.deepEqual(w.errors, []);
      await w.context.close();
    }
  }
  console.log(`# guides axe: ${found.length} violations`);
  assert.deepEqual(found, []);
});

// Style isolation for the anchored surfaces, as surfaces.test.mjs does for the others: the
// tooltip's card and a guide step look the same (screenshots within a tolerance) under each
// hostile host stylesheet, and above an overlay at the highest z-index.
test('hostile host CSS: a tooltip and a guide step look the same', async () => {
  const rows = [];
  const failures = [];
  const cases = [
    ['tooltip', '/table', S.box('tooltip') + ' .card', async (page) => {
      await page.evaluate(() => document.querySelector('#export').scrollIntoView({ block: 'center' }));
      await page.waitForSelector(S.box('tooltip') + ':not([hidden])');
    }],
    ['guide', '/', S.box('guide') + ' .in', (page) => page.waitForSelector(S.box('guide') + ':not([hidden])')],
  ];
  for (const [kind, path, selector, ready] of cases) {
    const shot = async (query) => {
      const w = await visit(path + query);
      await ready(w.page);
      await frame(w.page);
      const png = await w.page.locator(selector).screenshot({ animations: 'disabled' });
      assert.deepEqual(w.errors, []);
      await w.context.close();
      return png;
    };
    const plain = await shot('');
    for (const sheet of Object.keys(HOSTILE_SHEETS)) {
      const name = `css-${kind}-${sheet}`;
      const other = await shot(sheet === 'overlay' ? '?overlay' : `?hostile=${sheet}`);
      const d = pixelDiff(plain, other, { corner: 12, diffPath: join(screenshotDir(), `${name}-diff.png`) });
      rows.push(`${kind}/${sheet} ${d.sizes ?? (d.fraction * 100).toFixed(2) + '%'}`);
      if (d.sizes || d.fraction > 0.005) {
        writeFileSync(join(screenshotDir(), `${name}-plain.png`), plain);
        writeFileSync(join(screenshotDir(), `${name}-hostile.png`), other);
        failures.push(`${kind} under ${sheet}: ${d.sizes ?? `${d.differing} of ${d.width * d.height} pixels differ`}`);
      }
    }
  }
  console.log(`# hostile CSS (anchored): ${rows.length} surface/stylesheet pairs, ${failures.length} differ: ${rows.join(', ')}`);
  assert.deepEqual(failures, []);
});
