// Host pages of kinds the other suites do not build (found by a new user's third trial): a
// search box with its own Escape, the host's own modal <dialog>, a Turbo-style host that swaps
// <body>, a hash router, anchors that are there but not rendered, long German words on a
// phone, Windows' forced colours and a brand colour of the host's. The real CLI builds
// content-hosts/; the real widget runs in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build, serve, launch, watchedPage, axe, ROOT } from './harness.mjs';

const CONTENT = join(ROOT, 'tests/e2e/content-hosts');
let browser, server;

const box = (kind) => `[data-whatsnew] [data-surface="${kind}"]`;

/** One page for every path, like a single-page app's host. */
function hostPage(url) {
  const q = url.searchParams;
  const tag = `<script src="/whatsnew/whatsnew.js" async data-user="u-1" data-since="2026-01-01"${q.get('theme') ? ` data-theme="${q.get('theme')}"` : ''}${q.get('locale') ? ` data-locale="${q.get('locale')}"` : ''}></script>`;
  return {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hosts</title>
<style>body { margin: 0; padding: 16px; font: 16px/1.5 system-ui, sans-serif; color: #1f2937; background: #fff }
${q.get('accent') ? `:root { --whatsnew-accent: ${q.get('accent')} }` : ''}</style>${tag}</head>
<body><h1>Host</h1>
<p><input id="search" aria-label="Search" placeholder="Search"> <button id="open-dialog" type="button">Settings</button> <button id="hot" type="button">Gear</button></p>
<details><summary>Advanced</summary><button id="det-btn" type="button">Round</button></details>
<div id="vis" style="visibility: hidden"><button id="vis-btn" type="button">Pin</button></div>
<dialog id="host-dialog" aria-label="Host settings"><p>Currency</p><button id="dialog-close" type="button">Close</button></dialog>
<script>
window.__host = [];
// The host's own Escape: it clears its search box (and leaves the event alone).
document.getElementById('search').addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.target.value = ''; window.__host.push('search cleared'); } });
document.getElementById('host-dialog').addEventListener('cancel', () => window.__host.push('dialog cancel'));
document.getElementById('dialog-close').addEventListener('click', () => document.getElementById('host-dialog').close());
// A hash router says its routes itself, as README tells it to.
if (location.pathname === '/app') addEventListener('hashchange', () => WhatsNew.page(location.hash.slice(1) || '/'));
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

async function visit(path, w) {
  w = w ?? await watchedPage(browser);
  await w.page.goto(server.url + path);
  assert.equal(await w.page.evaluate(() => window.WhatsNew.ready), true, JSON.stringify(w.warnings));
  return w;
}

const records = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t)
  .map((e) => `${e.announcement}/${e.surface}/${e.reason ?? ''}`), type);

/** Is the surface on screen: in the top layer, not hidden, with a box? */
const shown = (page, kind) => page.evaluate((kind) => {
  const e = document.querySelector('[data-whatsnew]')?.shadowRoot.querySelector(`[data-surface="${kind}"]`);
  if (!e || e.hidden || !(e.matches(':popover-open') || e.matches(':modal'))) return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}, kind);

test('an Escape meant for the host (its search box) leaves a guide alone; one on the page skips it', async () => {
  const w = await visit('/guide');
  await w.page.waitForSelector(box('guide') + ':not([hidden])');
  await w.page.click('#search');
  await w.page.keyboard.type('acme');
  await w.page.keyboard.press('Escape');
  await w.page.waitForTimeout(200);
  assert.deepEqual(await w.page.evaluate(() => window.__host), ['search cleared']);
  assert.equal(await shown(w.page, 'guide'), true, 'the guide is still under way');
  assert.deepEqual(await records(w.page, 'dismiss'), []);
  // Focus nowhere (the page itself): Escape is the guide's, and skips it.
  await w.page.evaluate(() => document.activeElement.blur());
  await w.page.keyboard.press('Escape');
  await w.page.waitForFunction(() => window.__events.some((e) => e.type === 'dismiss'));
  assert.deepEqual(await records(w.page, 'dismiss'), ['search-guide/guide/escape']);
  assert.equal(await shown(w.page, 'guide'), false);
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

test("nothing new interrupts over the host's own modal dialog; it comes when the dialog closes", async () => {
  const w = await visit('/');
  await w.page.click('#open-dialog');
  await w.page.evaluate(() => document.getElementById('host-dialog').showModal());
  await w.page.evaluate(() => history.pushState({}, '', '/toast'));
  await w.page.waitForTimeout(400);
  assert.equal(await shown(w.page, 'toast'), false, 'no toast over the dialog, where it could not be used');
  assert.deepEqual(await records(w.page, 'impression'), []);
  await w.page.click('#dialog-close');
  await w.page.waitForFunction(() => window.__events.some((e) => e.type === 'impression'));
  assert.equal(await shown(w.page, 'toast'), true);
  assert.deepEqual(await records(w.page, 'impression'), ['settings-toast/toast/']);
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

test("Escape goes to the host's dialog opened over a popup, not to the popup under it", async () => {
  const w = await visit('/popup');
  await w.page.waitForSelector(box('popup'));
  assert.equal(await shown(w.page, 'popup'), true);
  await w.page.evaluate(() => { document.getElementById('host-dialog').showModal(); document.getElementById('dialog-close').focus(); });
  await w.page.keyboard.press('Escape');
  await w.page.waitForTimeout(200);
  assert.equal(await w.page.evaluate(() => document.getElementById('host-dialog').open), false, 'the host dialog closed');
  assert.deepEqual(await w.page.evaluate(() => window.__host), ['dialog cancel']);
  assert.equal(await shown(w.page, 'popup'), true, 'the popup under it stays');
  assert.deepEqual(await records(w.page, 'dismiss'), []);
  // The next Escape is the popup's.
  await w.page.keyboard.press('Escape');
  await w.page.waitForFunction(() => window.__events.some((e) => e.type === 'dismiss'));
  assert.deepEqual(await records(w.page, 'dismiss'), ['reports-popup/popup/escape']);
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

test('a host that swaps <body> (Turbo Drive) keeps the widget: launcher, toast and an open popup', async () => {
  const w = await visit('/');
  // Turbo's visit: history first, then the new page's body in place of the old one.
  await w.page.evaluate(() => {
    history.pushState({}, '', '/next');
    const next = document.createElement('body');
    next.innerHTML = '<h1>Next page</h1>';
    document.body.replaceWith(next);
  });
  await w.page.waitForFunction(() => document.querySelector('body > [data-whatsnew]'));
  await w.page.waitForTimeout(100);
  assert.equal(await w.page.evaluate(() => document.querySelectorAll('[data-whatsnew]').length), 1);
  assert.equal(await shown(w.page, 'toast'), true, 'the toast is on screen, not only counted');
  assert.ok(await w.page.isVisible('[data-whatsnew] .launcher'));
  // A popup open when the body goes is modal again in the new one.
  const p = await visit('/popup');
  await p.page.waitForSelector(box('popup'));
  await p.page.evaluate(() => { const b = document.createElement('body'); b.innerHTML = '<h1>Swapped</h1>'; document.body.replaceWith(b); });
  await p.page.waitForFunction(() => document.querySelector('[data-whatsnew]')?.shadowRoot.querySelector('dialog:modal'));
  assert.equal(await shown(p.page, 'popup'), true);
  assert.deepEqual([...w.errors, ...p.errors], []);
  await w.context.close();
  await p.context.close();
});

test("a hash router's WhatsNew.page() is not undone by the hashchange after it", async () => {
  const w = await visit('/app');
  await w.page.evaluate(() => { location.hash = '#/settings'; });
  await w.page.waitForFunction(() => window.__events.some((e) => e.type === 'impression'));
  await w.page.waitForTimeout(300);
  assert.equal(await shown(w.page, 'toast'), true, 'the /settings toast stays on screen');
  // And a real path change is still followed without the host's help.
  await w.page.evaluate(() => history.pushState({}, '', '/elsewhere'));
  await w.page.waitForTimeout(200);
  assert.equal(await shown(w.page, 'toast'), false);
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

test('a tooltip waits while its anchor is there but not rendered (closed <details>, visibility: hidden)', async () => {
  for (const [path, id, reveal] of [
    ['/details', 'details-tip', () => { document.querySelector('details').open = true; }],
    ['/visibility', 'hidden-tip', () => { document.getElementById('vis').style.visibility = 'visible'; }],
  ]) {
    const w = await visit(path);
    await w.page.waitForTimeout(500);
    assert.equal(await shown(w.page, 'tooltip'), false, `${path}: no box beside an element the user cannot see`);
    assert.deepEqual(await records(w.page, 'impression'), [], path);
    await w.page.evaluate(reveal);
    await w.page.waitForSelector(box('tooltip') + ':not([hidden])');
    assert.deepEqual(await records(w.page, 'impression'), [`${id}/tooltip/`], path);
    assert.deepEqual(w.errors, []);
    await w.context.close();
  }
});

test('long words wrap inside a popup on a 320 px phone: headline, feature tag, button, body', async () => {
  const w = await watchedPage(browser);
  await w.page.setViewportSize({ width: 320, height: 640 });
  await visit('/long', w);
  await w.page.waitForSelector(box('popup'));
  const over = await w.page.evaluate(() => {
    const d = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="popup"]');
    const out = [];
    const r = d.getBoundingClientRect();
    if (d.scrollWidth > d.clientWidth + 1) out.push(`dialog scrolls sideways ${d.scrollWidth} > ${d.clientWidth}`);
    for (const e of d.querySelectorAll('.benefit, .tag, .cta, .body, .body a')) {
      const b = e.getBoundingClientRect();
      if (b.left < r.left - 1 || b.right > r.right + 1) out.push(`${e.className || e.tagName} ${b.left.toFixed(0)}..${b.right.toFixed(0)} outside ${r.left.toFixed(0)}..${r.right.toFixed(0)}`);
    }
    return out;
  });
  assert.deepEqual(over, []);
  await w.context.close();
});

test('in forced colours (Windows high contrast) the hotspot and the unread mark stay visible', async () => {
  const w = await watchedPage(browser);
  await w.page.emulateMedia({ forcedColors: 'active' });
  await visit('/hot', w);
  await w.page.waitForSelector('[data-whatsnew] .hotspot');
  const colours = await w.page.evaluate(() => {
    const dot = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.hotspot');
    return { dot: getComputedStyle(dot, '::before').backgroundColor, canvas: getComputedStyle(document.body).backgroundColor };
  });
  assert.notEqual(colours.dot, colours.canvas, JSON.stringify(colours));
  assert.notEqual(colours.dot, 'rgba(0, 0, 0, 0)', JSON.stringify(colours));
  await w.page.evaluate(() => WhatsNew.open());
  await w.page.waitForSelector('[data-whatsnew] .panel .item.unread');
  const mark = await w.page.evaluate(() => getComputedStyle(document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.item.unread'), '::before').backgroundColor);
  assert.notEqual(mark, colours.canvas);
  await w.context.close();
});

test("a host's brand colour keeps the popup's button and links at WCAG AA, light and dark", async () => {
  for (const [accent, theme] of [['#0f766e', 'dark'], ['#0f766e', 'light'], ['#facc15', 'light'], ['#facc15', 'dark'], ['#1e3a8a', 'dark']]) {
    const w = await visit(`/popup?accent=${encodeURIComponent(accent)}&theme=${theme}`);
    await w.page.waitForSelector(box('popup'));
    const v = await axe(w.page);
    assert.deepEqual(v, [], `${accent} ${theme}: ${JSON.stringify(v)}`);
    await w.context.close();
  }
});

test('nothing new covers the open feed; what waited comes when it closes', async () => {
  const w = await visit('/');
  await w.page.evaluate(() => WhatsNew.open());
  await w.page.waitForSelector('[data-whatsnew] .panel');
  await w.page.evaluate(() => history.pushState({}, '', '/toast'));
  await w.page.waitForTimeout(400);
  assert.equal(await shown(w.page, 'toast'), false, 'no toast over the feed the user is reading');
  await w.page.evaluate(() => WhatsNew.close());
  await w.page.waitForSelector(box('toast'));
  assert.equal(await shown(w.page, 'toast'), true);
  // Its impression was the feed's (one per announcement, the first time it is seen).
  assert.deepEqual((await records(w.page, 'impression')).filter((r) => r.startsWith('settings-toast/')), ['settings-toast/feed/']);
  assert.deepEqual(w.errors, []);
  await w.context.close();
});

test('a toast stays reachable at 400% zoom (320 x 256): its close button is on screen', async () => {
  const w = await watchedPage(browser);
  await w.page.setViewportSize({ width: 320, height: 256 });
  await visit('/tall', w);
  await w.page.waitForSelector(box('toast'));
  const r = await w.page.evaluate(() => {
    const t = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="toast"]');
    const x = t.querySelector('[data-action="close"]').getBoundingClientRect();
    return { top: t.getBoundingClientRect().top, close: [x.top, x.bottom] };
  });
  assert.ok(r.top >= 0 && r.close[0] >= 0 && r.close[1] <= 256, JSON.stringify(r));
  await w.context.close();
});

test("the widget's words carry their language in an untranslated card; an Arabic headline that starts in Latin is right to left", async () => {
  const w = await visit('/toast?locale=ar');
  await w.page.waitForSelector(box('toast'));
  const toast = await w.page.evaluate(() => {
    const t = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="toast"]');
    return { card: t.querySelector('article').lang, close: t.querySelector('[data-action="close"]').lang, date: t.querySelector('time').lang, headline: t.querySelector('.benefit').dir };
  });
  assert.deepEqual(toast, { card: 'en', close: 'ar', date: 'ar', headline: 'ltr' });
  await w.context.close();
  const p = await visit('/popup?locale=ar');
  await p.page.waitForSelector(box('popup'));
  const popup = await p.page.evaluate(() => {
    const d = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="popup"]');
    const h = d.querySelector('.benefit');
    return { text: h.textContent.slice(0, 12), dir: h.dir, direction: getComputedStyle(h).direction, close: d.querySelector('[data-action="close"]').lang };
  });
  assert.deepEqual(popup, { text: 'Ledgerly Pro', dir: 'rtl', direction: 'rtl', close: '' });
  await p.context.close();
});

/** What the widget's live region (there from the start, `role="status"`) says now. */
const said = (page) => page.evaluate(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[role="status"]')?.textContent ?? null);

test('what appears without taking focus is said: a toast through the live region, each guide step', async () => {
  const w = await visit('/toast');
  await w.page.waitForSelector(box('toast'));
  assert.equal(await said(w.page), "What's new: Choose the currency each customer is billed in");
  // The region was in the document before the toast, and is outside it (a region created with
  // its text is not announced).
  assert.equal(await w.page.evaluate(() => document.querySelector('[data-whatsnew]').shadowRoot
    .querySelector('[role="status"]').closest('[data-surface]')), null);
  await w.context.close();

  const g = await visit('/guide');
  await g.page.waitForSelector(box('guide') + ':not([hidden])');
  assert.equal(await said(g.page), '1 of 2: Search from here');
  await g.page.click('[data-whatsnew] [data-action="next"]');
  await g.page.waitForFunction(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[role="status"]').textContent.startsWith('2 of 2'));
  assert.equal(await said(g.page), '2 of 2: Open the result');
  assert.equal(await g.page.evaluate(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelectorAll('[aria-live]').length), 0,
    'no region recreated with each step');
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("an author's toast timeout does not take a toast from under the pointer or focus; untouched, it goes", async () => {
  // Untouched: dismissed with reason timeout after its second.
  const a = await visit('/timed');
  await a.page.waitForSelector(box('toast'));
  await a.page.waitForSelector(box('toast'), { state: 'detached', timeout: 4000 });
  assert.deepEqual(await records(a.page, 'dismiss'), ['timed-toast/toast/timeout']);
  await a.context.close();

  // The pointer on it when the second ends: it stays (until closed, like a toast without one).
  const b = await visit('/timed');
  await b.page.waitForSelector(box('toast'));
  await b.page.hover(box('toast') + ' h2');
  await b.page.waitForTimeout(1600);
  assert.equal(await shown(b.page, 'toast'), true, 'still there under the pointer');
  assert.deepEqual(await records(b.page, 'dismiss'), []);
  await b.context.close();

  // Focus in it (a keyboard user tabbed to its close button): it stays too.
  const c = await visit('/timed');
  await c.page.waitForSelector(box('toast'));
  await c.page.focus(box('toast') + ' [data-action="close"]');
  await c.page.waitForTimeout(1600);
  assert.equal(await shown(c.page, 'toast'), true, 'still there with focus in it');
  await c.page.keyboard.press('Enter');
  await c.page.waitForSelector(box('toast'), { state: 'detached', timeout: 2000 });
  assert.deepEqual(await records(c.page, 'dismiss'), ['timed-toast/toast/close']);
  await c.context.close();
});

// Found by a trial on real release notes: "Continue with: 3. 4. 5." was renumbered 1, 2, 3; an
// image that failed to load vanished with its alt text (a linked one left a nameless link);
// a long popup on a phone could only be closed from its top.
test('a numbered list keeps its first number; a broken image leaves its alt text; a long popup keeps its close button on screen', async () => {
  const w = await watchedPage(browser);
  await w.page.setViewportSize({ width: 320, height: 480 });
  await visit('/steps', w);
  await w.page.waitForSelector(box('popup'));
  const start = await w.page.evaluate(() => document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="popup"] .body ol')?.getAttribute('start'));
  assert.equal(start, '3');
  // Both images 404: each gives way to its words, and the linked one's link is named by them.
  await w.page.waitForFunction(() => !document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="popup"] .body img'));
  const body = await w.page.evaluate(() => {
    const b = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="popup"] .body');
    return { text: b.textContent, link: b.querySelector('a[href="/settings"]')?.textContent };
  });
  assert.ok(body.text.includes('Logo upload'), body.text);
  assert.equal(body.link, 'The settings page');
  // Scrolled to the end of the text, the close button is still in view and works.
  const close = await w.page.evaluate(() => {
    const d = document.querySelector('[data-whatsnew]').shadowRoot.querySelector('[data-surface="popup"]');
    d.scrollTop = d.scrollHeight;
    const b = d.querySelector('[data-action="close"]').getBoundingClientRect();
    const r = d.getBoundingClientRect();
    return { scrolled: d.scrollTop, top: b.top, bottom: b.bottom, box: [r.top, r.bottom] };
  });
  assert.ok(close.scrolled > 100, `the popup scrolls: ${JSON.stringify(close)}`);
  assert.ok(close.top >= close.box[0] - 1 && close.bottom <= close.box[1] + 1, JSON.stringify(close));
  await w.page.click(box('popup') + ' [data-action="close"]');
  await w.page.waitForSelector(box('popup'), { state: 'detached' });
  assert.deepEqual(w.errors, []);
  await w.context.close();
});
