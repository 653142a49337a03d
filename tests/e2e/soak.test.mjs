// Soak (issue 11): one page of a single-page app lives through 10,000 route changes
// (history.pushState, a third of them onto the popup's page, a sixth onto a tooltip's) and 1,000
// feed open/close cycles.
// After a forced GC the JS heap, the wasm module's memory, the DOM node count and the event
// listeners (window, document, the widget's host and shadow root, and Chromium's page-wide count)
// must be where they were after warm-up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build, serve, launch, watchedPage, W, ROOT } from './harness.mjs';

let browser, server;

before(async () => {
  // The surfaces' content plus a tooltip on the page's own button on /settings (every sixth
  // route): each visit builds its anchored box, observers and listeners, each route away drops
  // them.
  const content = mkdtempSync(join(tmpdir(), 'whatsnew-soak-'));
  cpSync(join(ROOT, 'tests/e2e/content-surfaces'), content, { recursive: true });
  writeFileSync(join(content, 'soak-tip.md'), '---\nbenefit: Updates live behind this button\npublished: 2026-11-01\ndisplay: tooltip\nanchor: "#wn"\npages: ["/settings"]\nallow: [missing-translation, missing-cta]\n---\nEvery change, in one place.\n');
  const out = build(content);
  // Every path is the same SPA page; a member on /reports gets the popup.
  server = await serve(out, {}, () => ({
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Soak</title>
<script src="/whatsnew/whatsnew.js" async data-user="soak" data-since="2026-01-01" data-traits='{"role":"member"}'></script></head>
<body><h1>Soak</h1><button id="wn" type="button">Updates</button></body></html>`,
  }));
  // Chromium throttles more than 200 history updates in 10 s unless told not to.
  browser = await launch(['--disable-ipc-flooding-protection']);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Heap after GC, wasm memory, DOM counters and listeners, read over the DevTools protocol. */
async function measure(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const dom = await cdp.send('Memory.getDOMCounters');
  // Every WebAssembly.Memory in the page's heap, found by prototype: the widget's glue keeps
  // its own out of reach of the page.
  const proto = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
  const found = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
  const wasm = (await cdp.send('Runtime.callFunctionOn', {
    objectId: found.objects.objectId,
    functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }',
    returnByValue: true,
  })).result.value;
  const listeners = {};
  for (const [name, expression] of [['window', 'window'], ['document', 'document'],
    ['host', 'document.querySelector("[data-whatsnew]")'], ['shadow', 'document.querySelector("[data-whatsnew]").shadowRoot']]) {
    const o = await cdp.send('Runtime.evaluate', { expression });
    listeners[name] = (await cdp.send('DOMDebugger.getEventListeners', { objectId: o.result.objectId, depth: 0 })).listeners.length;
  }
  return { heap, wasm, nodes: dom.nodes, jsListeners: dom.jsEventListeners, listeners };
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const show = (m) => `heap ${kb(m.heap)}, wasm ${m.wasm.map(kb).join('+')}, ${m.nodes} DOM nodes, ${m.jsListeners} JS listeners (window ${m.listeners.window}, document ${m.listeners.document}, host ${m.listeners.host}, shadow root ${m.listeners.shadow})`;

/**
 * `n` route changes through history.pushState, every third onto the popup's page. Every 50th
 * signs in another user (identify), for whom the popup is new: it opens on the next /reports
 * and closes on the route after. Returns how many popups showed.
 */
function navigate(page, n) {
  return page.evaluate(async (count) => {
    const paths = ['/reports', '/invoices/1', '/settings', '/reports', '/invoices/2', '/'];
    for (let i = 0; i < count; i++) {
      if (i % 50 === 49) window.WhatsNew.identify('soak-' + i, { role: 'member' });
      history.pushState({ i }, '', paths[i % paths.length] + (i % 5 === 0 ? '?tab=' + i : ''));
      if (i % 200 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    // Close whatever a route left open, so the measurement compares like with like.
    history.pushState({}, '', '/');
    window.WhatsNew.close();
    // The harness's own event log would grow the heap: count, then empty it.
    const popups = window.__events.filter((e) => e.type === 'impression' && e.surface === 'popup').length;
    window.__tooltips = (window.__tooltips ?? 0) + window.__events.filter((e) => e.type === 'impression' && e.surface === 'tooltip').length;
    window.__events.length = 0;
    return popups;
  }, n);
}

/** `n` feed open/close cycles, the launcher clicked every other time. */
function cycles(page, n) {
  return page.evaluate(async (count) => {
    const root = document.querySelector('[data-whatsnew]').shadowRoot;
    for (let i = 0; i < count; i++) {
      if (i % 2) root.querySelector('.launcher').click();
      else window.WhatsNew.open();
      if (!root.querySelector('.panel')) throw new Error(`cycle ${i}: no panel`);
      window.WhatsNew.close();
      if (i % 50 === 0) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
  }, n);
}

test('soak: 10,000 SPA navigations and 1,000 feed open/close cycles keep heap, wasm memory and listeners flat', async () => {
  const started = Date.now();
  const { page, context, errors } = await watchedPage(browser);
  await page.goto(server.url + '/');
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  const cdp = await context.newCDPSession(page);
  // The popup shows on its page once (then it is seen): dismiss it on the first visit.
  await page.evaluate(() => history.pushState({}, '', '/reports'));
  await page.waitForSelector('[data-whatsnew] [data-surface="popup"]', { state: 'visible' });
  await page.keyboard.press('Escape');
  // Warm-up: the first of everything allocates for good (the allocator's arena, caches).
  let popups = await navigate(page, 500);
  await cycles(page, 50);
  await page.evaluate(() => { window.__events.length = 0; });
  const start = await measure(page, cdp);
  const t = Date.now();
  popups += await navigate(page, 5000);
  const navTime = Date.now() - t;
  await cycles(page, 500);
  await page.evaluate(() => { window.__events.length = 0; });
  const mid = await measure(page, cdp);
  popups += await navigate(page, 4500);
  await cycles(page, 450);
  await page.evaluate(() => { window.__events.length = 0; });
  const end = await measure(page, cdp);
  const tooltips = await page.evaluate(() => window.__tooltips);
  assert.ok(tooltips > 0, 'the tooltip showed');
  console.log(`# soak: 10,000 navigations (${popups} popups shown and closed, a tooltip built and dropped on every sixth, ${tooltips} tooltip impressions) + 1,000 feed cycles in ${((Date.now() - started) / 1000).toFixed(1)} s (5,000 navigations took ${(navTime / 1000).toFixed(1)} s)`);
  console.log(`# start: ${show(start)}`);
  console.log(`# mid:   ${show(mid)}`);
  console.log(`# end:   ${show(end)}`);
  assert.deepEqual(errors, []);
  assert.deepEqual(end.wasm, start.wasm, 'wasm memory does not grow');
  assert.deepEqual(end.listeners, start.listeners, 'no listener accumulates on window, document, host or shadow root');
  assert.equal(end.jsListeners, start.jsListeners, 'no JS listener accumulates anywhere in the page');
  assert.ok(end.nodes <= start.nodes + 50, `DOM nodes ${start.nodes} -> ${end.nodes}`);
  // The JS heap after GC: within 10% (V8 keeps some compiled code and inline caches).
  assert.ok(end.heap <= start.heap * 1.1, `heap ${kb(start.heap)} -> ${kb(end.heap)}`);
  // Still working at the end.
  await page.evaluate(() => window.WhatsNew.open());
  await page.waitForSelector(W.panel, { state: 'visible' });
  await context.close();
});
