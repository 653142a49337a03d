// A bad bundle never throws into the host page: one console warning, no widget, host unharmed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { build, serve, launch, watchedPage, hostPage, ROOT } from './harness.mjs';

let browser, server, cases;

before(async () => {
  const out = build(join(ROOT, 'tests/e2e/content'));
  const good = readFileSync(join(out, 'whatsnew.json'), 'utf8');
  const deep = (n) => '{"version":"1.0","bundle":"d","revision":"r","announcements":[{"id":"a","benefit":"b","published":"2026-01-01","body":[' + '{"quote":['.repeat(n) + ']}'.repeat(n) + ']}]}';
  const bodies = {
    'missing (404)': null,
    'empty file': '',
    'truncated JSON': good.slice(0, good.length / 2),
    'an HTML error page': '<!doctype html><h1>502 Bad Gateway</h1>',
    'unknown major version': good.replace(/"version":"[^"]*"/, '"version":"2.0"'),
    'malformed version': good.replace(/"version":"[^"]*"/, '"version":"one"'),
    'no version': good.replace(/"version":"[^"]*",/, ''),
    'null': 'null',
    'an array': '[]',
    'a string': '"whatsnew"',
    'announcements not a list': '{"version":"1.0","announcements":{"id":"a"}}',
    'deeply nested body': deep(5000),
  };
  cases = Object.keys(bodies);
  const routes = {};
  cases.forEach((name, i) => {
    routes[`/case${i}`] = { body: hostPage(`<script src="/whatsnew/whatsnew.js" async data-bundle="/bundle${i}.json"></script>`) };
    if (bodies[name] !== null) routes[`/bundle${i}.json`] = { type: 'application/json', body: bodies[name] };
  });
  server = await serve(out, routes);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('every malformed bundle: 0 uncaught errors, 1 warning, no widget, host still works', async () => {
  const rows = [];
  for (const [i, name] of cases.entries()) {
    const { page, errors, warnings } = await watchedPage(browser);
    await page.goto(`${server.url}/case${i}`);
    const ready = await page.evaluate(() => window.WhatsNew.ready);
    await page.click('#host-button');
    const count = await page.textContent('#host-count');
    const widgets = await page.locator('[data-whatsnew]').count();
    const rejections = await page.evaluate(() => window.__rejections);
    // The deep bundle parses (depth is bounded, not refused): it may mount with an empty body.
    const expectMount = name === 'deeply nested body';
    rows.push({ name, ready, errors: errors.length + rejections.length, warnings: warnings.length, widgets });
    assert.deepEqual(errors, [], name);
    assert.deepEqual(rejections, [], name);
    assert.equal(count, '1', `${name}: the host's button still works`);
    if (!expectMount) {
      assert.equal(ready, false, name);
      assert.equal(warnings.length, 1, `${name}: exactly one warning, got ${JSON.stringify(warnings)}`);
      assert.equal(widgets, 0, name);
    }
    await page.context().close();
  }
  console.log(`malformed bundles: ${rows.length} cases, ${rows.reduce((n, r) => n + r.errors, 0)} uncaught errors`);
});
