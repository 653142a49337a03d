// Two copies on one page: the same script included twice, and two different builds (a second
// whatsnew.js with its own version marker and wasm name, as another release would have). The
// rule (README): the first copy to run stays; every later one steps aside before doing anything.
// Either way: one root element, one wasm fetched, no doubled events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { build, serve, launch, watchedPage, hostPage, W, ROOT } from './harness.mjs';

let browser, server, wasm1, wasm2;

before(async () => {
  const out = build(join(ROOT, 'tests/e2e/content'), ['--bundle-id', 'e2e']);
  const js = readFileSync(join(out, 'whatsnew.js'), 'utf8');
  wasm1 = js.match(/whatsnew-[0-9a-f]{10}\.wasm/)[0];
  // "Another release": its own marker and wasm name (same bytes, so its integrity still holds).
  wasm2 = 'whatsnew-0000000002.wasm';
  writeFileSync(join(out, 'whatsnew-v2.js'), '/* whatsnew v2 */' + js.replaceAll(wasm1, wasm2));
  writeFileSync(join(out, wasm2), readFileSync(join(out, wasm1)));
  const t = (file, extra = '') => `<script src="/whatsnew/${file}" ${extra} data-bundle="/whatsnew/whatsnew.json" data-since="2026-01-01"></script>`;
  server = await serve(out, {
    '/twice': { body: hostPage(t('whatsnew.js', 'async') + t('whatsnew.js', 'async')) },
    '/twice-sync-and-module': { body: hostPage(t('whatsnew.js') + t('whatsnew.js', 'type="module"')) },
    '/v1-then-v2': { body: hostPage(t('whatsnew.js') + t('whatsnew-v2.js')) },
    '/v2-then-v1': { body: hostPage(t('whatsnew-v2.js') + t('whatsnew.js')) },
    '/v1-async-v2-async': { body: hostPage(t('whatsnew.js', 'async') + t('whatsnew-v2.js', 'async data-user="someone-else"')) },
    '/v1-then-v2-late': { body: hostPage(t('whatsnew.js'), `<script>setTimeout(() => { const s = document.createElement('script'); s.src = '/whatsnew/whatsnew-v2.js'; document.body.append(s); }, 300)</script>`) },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const expected = { '/v1-then-v2': 'wasm1', '/v2-then-v1': 'wasm2', '/v1-then-v2-late': 'wasm1', '/twice-sync-and-module': 'wasm1' };

for (const path of ['/twice', '/twice-sync-and-module', '/v1-then-v2', '/v2-then-v1', '/v1-async-v2-async', '/v1-then-v2-late']) {
  test(`two copies (${path}): one root, one runtime, no doubled events`, async () => {
    const { page, errors, warnings } = await watchedPage(browser);
    const fetched = [];
    page.on('request', (r) => { const m = r.url().match(/whatsnew-[0-9a-f]{10}\.wasm/); if (m) fetched.push(m[0] === wasm1 ? 'wasm1' : 'wasm2'); });
    await page.goto(server.url + path);
    assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
    await page.waitForTimeout(path.endsWith('late') ? 800 : 100);
    const roots = await page.locator('[data-whatsnew]').count();
    await page.click(W.launcher);
    await page.waitForSelector(W.panel);
    await page.waitForFunction(() => window.__events.filter((e) => e.type === 'impression').length >= 3);
    await page.waitForTimeout(200);
    await page.click(W.item('export') + ' [data-action="dismiss"]');
    await page.waitForTimeout(200);
    const events = await page.evaluate(() => window.__events.map((e) => e.type + ':' + e.announcement));
    const impressions = events.filter((e) => e.startsWith('impression')).length;
    const dismissals = events.filter((e) => e.startsWith('dismiss')).length;
    const launchers = await page.locator(W.launcher).count();
    console.log(`# copies ${path}: ${roots} root element(s), ${launchers} launcher(s), runtimes fetched ${JSON.stringify(fetched)}, ${impressions} impressions for 3 items, ${dismissals} dismiss event(s) for 1, ${errors.length} errors, ${warnings.length} warnings`);
    assert.equal(roots, 1);
    assert.equal(launchers, 1);
    assert.equal(fetched.length, 1, 'one runtime fetched');
    if (expected[path]) assert.equal(fetched[0], expected[path], 'the first copy to run stays');
    assert.equal(impressions, 3);
    assert.equal(dismissals, 1);
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, []);
    await page.context().close();
  });
}
