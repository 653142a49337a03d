// End-to-end: the widget under a strict Content Security Policy. With `script-src 'self'
// 'wasm-unsafe-eval'`, `style-src 'self'` and Trusted Types enforced it works with 0
// violations (styles go through constructable stylesheets, content never through HTML
// strings); without 'wasm-unsafe-eval' it fails closed: one warning, no retry loop, no error in
// the host, the host's own button still works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build, serve, launch, watchedPage, hostPage, W, ROOT } from './harness.mjs';

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
  + "connect-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'";
const NO_WASM = "default-src 'self'; script-src 'self'; style-src 'self'";
let browser, server;

before(async () => {
  const out = build(join(ROOT, 'tests/e2e/content'));
  // The host's own script is a file: inline scripts are not allowed under these policies.
  const hostScript = "document.getElementById('host-button').addEventListener('click', () => { const o = document.getElementById('host-count'); o.textContent = String(Number(o.textContent) + 1); });";
  const page = (csp) => ({
    headers: { 'content-security-policy': csp },
    body: hostPage('<script src="/whatsnew/whatsnew.js" async data-since="2026-01-01"></script><script src="/host.js" defer></script>')
      .replace(/<script>document\.getElementById[\s\S]*?<\/script>/, ''),
  });
  server = await serve(out, {
    '/strict': page(STRICT),
    '/no-wasm': page(NO_WASM),
    '/host.js': { type: 'text/javascript', body: hostScript },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const violations = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
};

test('strict CSP with Trusted Types: the widget works, styled, with 0 violations', async () => {
  const w = await watchedPage(browser, violations);
  await w.page.goto(server.url + '/strict');
  assert.equal(await w.page.evaluate(() => window.WhatsNew.ready), true);
  await w.page.click(W.launcher);
  await w.page.waitForSelector(W.panel);
  // Styled: the stylesheet reached the shadow root (a bare button would be transparent-less grey).
  const radius = await w.page.locator(W.panel).evaluate((e) => getComputedStyle(e).borderTopLeftRadius);
  assert.notEqual(radius, '0px', 'the panel is styled');
  await w.page.click(W.item('faster-search') + ' .cta');
  await w.page.keyboard.press('Escape');
  await w.page.click('#host-button');
  assert.equal(await w.page.textContent('#host-count'), '1');
  const v = await w.page.evaluate(() => window.__violations);
  console.log(`# strict CSP + Trusted Types: ${v.length} violations, ${w.errors.length} errors`);
  assert.deepEqual(v, []);
  assert.deepEqual(w.errors, []);
  assert.deepEqual(await w.page.evaluate(() => window.__rejections), []);
  await w.context.close();
});

test("without 'wasm-unsafe-eval' it fails closed: one warning, no retries, the host unharmed", async () => {
  const w = await watchedPage(browser, violations);
  const wasm = [];
  w.page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await w.page.goto(server.url + '/no-wasm');
  assert.equal(await w.page.evaluate(() => window.WhatsNew.ready), false);
  await w.page.waitForTimeout(1500);
  await w.page.evaluate(() => { window.WhatsNew.open(); window.WhatsNew.track('x'); window.WhatsNew.page('/y'); });
  await w.page.click('#host-button');
  assert.equal(await w.page.textContent('#host-count'), '1');
  assert.equal(await w.page.locator('[data-whatsnew]').count(), 0, 'nothing rendered');
  console.log(`# no wasm-unsafe-eval: ${w.warnings.length} warning, ${wasm.length} wasm request, ${w.errors.length} errors`);
  assert.equal(w.warnings.length, 1, w.warnings.join('\n'));
  assert.match(w.warnings[0], /not shown/);
  assert.ok(wasm.length <= 1, 'no retry loop');
  assert.deepEqual(w.errors, []);
  assert.deepEqual(await w.page.evaluate(() => window.__rejections), []);
  await w.context.close();
});
