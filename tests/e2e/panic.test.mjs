// A panic inside the widget is contained. A test-only build (scripts/build-widget.sh with
// WHATSNEW_TEST_HOOKS=1: the widget's `test-hooks` feature, built into target/runtime-test-hooks,
// never into the shipped runtime) panics on `track('whatsnew:test-panic')` while it holds its
// state, and on the F19 key inside its window keydown listener. The widget reports once (`WhatsNew.on('error')` and the `whatsnew:error` event), leaves
// the page, and 100 further host interactions and API calls cause 0 uncaught errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { build, serve, launch, watchedPage, hostPage, W, ROOT } from './harness.mjs';

let browser, server;

before(async () => {
  // Incremental: cargo and the packager only redo what changed.
  execFileSync('bash', ['scripts/build-widget.sh'], { cwd: ROOT, env: { ...process.env, WHATSNEW_TEST_HOOKS: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const runtime = join(ROOT, 'target/runtime-test-hooks');
  // The shipped runtime does not have the hook.
  const shipped = readFileSync(join(ROOT, 'target/runtime/whatsnew.js'), 'utf8').match(/whatsnew-[0-9a-f]{10}\.wasm/)[0];
  const hooked = readFileSync(join(runtime, 'whatsnew.js'), 'utf8').match(/whatsnew-[0-9a-f]{10}\.wasm/)[0];
  assert.notEqual(hooked, shipped, 'the test build is a different wasm');
  assert.ok(!readFileSync(join(ROOT, 'target/runtime', shipped)).includes('whatsnew:test-panic'), 'the shipped wasm has no hook');
  assert.ok(readFileSync(join(runtime, hooked)).includes('whatsnew:test-panic'), 'the test wasm has the hook');
  const bundle = readFileSync(join(build(join(ROOT, 'tests/e2e/content'), ['--bundle-id', 'e2e']), 'whatsnew.json'));
  const tag = (extra) => `<script src="/whatsnew/whatsnew.js" async data-bundle="/bundle.json" data-since="2026-01-01" ${extra}></script>`;
  server = await serve(runtime, {
    '/bundle.json': { type: 'application/json', body: bundle },
    '/': { body: hostPage(tag('')) },
    '/own-launcher': { body: hostPage(tag('data-launcher="#wn"'), '<nav><button id="wn" type="button">Updates</button></nav>') },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Two ways in: an API call (the loader's fenced call), and a DOM listener the widget added (its
// window keydown listener; the hook panics on the F19 key), which the loader also fences.
for (const [path, via] of [['/', 'api'], ['/own-launcher', 'api'], ['/', 'listener']]) {
  test(`a forced panic (${path}, in ${via === 'api' ? 'an API call' : 'a DOM listener'}): reported once, the widget leaves, 100 interactions cause 0 errors`, async () => {
    const { page, context, errors, warnings } = await watchedPage(browser);
    await page.goto(server.url + path);
    assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
    await page.evaluate(() => {
      window.__errors = [];
      window.__onError = [];
      window.addEventListener('whatsnew:error', (e) => window.__errors.push(String(e.detail)));
      window.WhatsNew.on('error', (e) => window.__onError.push(String(e)));
    });
    await page.evaluate(() => window.WhatsNew.open());
    await page.waitForSelector(W.panel);

    // The panic, through the public API or inside the widget's own keydown listener.
    if (via === 'api') await page.evaluate(() => window.WhatsNew.track('whatsnew:test-panic'));
    // F19 is no key of Playwright's keyboard: dispatched as the browser would.
    else await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F19', bubbles: true })));
    const reported = await page.evaluate(() => [window.__errors.length, window.__onError.length]);
    assert.deepEqual(reported, [1, 1], 'one error event, one on(error) call');
    assert.equal(await page.locator('[data-whatsnew]').count(), 0, 'the widget left the page');
    if (path === '/own-launcher') {
      assert.equal(await page.locator('#wn [data-whatsnew-badge]').count(), 0, "the host's button is its own again");
      assert.equal(await page.getAttribute('#wn', 'data-whatsnew-unread'), null);
    }

    // 100 more: host clicks, keys, route changes, another tab's storage writes, every API call.
    const other = await context.newPage();
    await other.goto(server.url + '/bundle.json');
    let clicks = 0;
    for (let i = 0; i < 100; i++) {
      switch (i % 10) {
        case 0: await page.click('#host-button'); clicks++; break;
        case 1: await page.keyboard.press('Escape'); break;
        case 2: await page.evaluate((n) => history.pushState({}, '', '/page' + n), i); break;
        case 3: await other.evaluate((n) => localStorage.setItem('whatsnew:1:e2e:anonymous', 'whatsnew-state 3\n' + n), i); break;
        case 4: await page.evaluate(() => { window.WhatsNew.open(); window.WhatsNew.close(); }); break;
        case 5: await page.evaluate(() => [window.WhatsNew.unread(), window.WhatsNew.page('/x'), window.WhatsNew.track('whatsnew:test-panic')]); break;
        case 6: await page.evaluate(() => window.WhatsNew.identify('u-' + Math.random(), { role: 'admin' })); break;
        case 7: await page.evaluate(() => { window.WhatsNew.consent(true); window.WhatsNew.reset(); }); break;
        case 8: await page.setViewportSize({ width: 800 + i, height: 600 }); break;
        case 9: await page.evaluate(() => { window.WhatsNew.destroy(); history.back(); }); break;
      }
    }
    assert.equal(await page.evaluate(() => window.WhatsNew.unread()), 0);
    assert.equal(await page.textContent('#host-count'), String(clicks), "the host's button works");
    const rejections = await page.evaluate(() => window.__rejections);
    const after100 = await page.evaluate(() => [window.__errors.length, window.__onError.length]);
    console.log(`# panic (${path}, ${via}): ${after100[0]} error event(s), ${after100[1]} on('error') call(s), ${warnings.length} warning(s); after 100 interactions: ${errors.length} uncaught errors, ${rejections.length} unhandled rejections`);
    assert.deepEqual(errors, []);
    assert.deepEqual(rejections, []);
    assert.deepEqual(after100, [1, 1], 'still reported once');
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    await context.close();
  });
}
