// `whatsnew preview` serves the demo product with the widget working on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BIN, ROOT, launch, watchedPage, W } from './harness.mjs';

test('preview: the demo page, its own launcher, the demo announcements', async () => {
  const child = spawn(BIN, ['preview', join(ROOT, 'demo/content'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const browser = await launch();
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${out}`)));
    });
    const { page, errors, warnings } = await watchedPage(browser);
    await page.goto(url);
    assert.equal(await page.evaluate(() => window.WhatsNew.ready), true, JSON.stringify(warnings));
    assert.equal(await page.getAttribute('#whats-new', 'data-whatsnew-unread'), '8');
    await page.click('#whats-new');
    await page.waitForSelector(W.panel);
    const benefits = await page.locator(W.benefits).allTextContents();
    assert.equal(benefits.length, 8);
    assert.equal(benefits[0], 'Find any invoice in seconds, by client, amount or number');
    // The CTA takes the user to the screen where the benefit lives.
    await page.click(W.item('invoice-search') + ' .cta');
    await page.waitForSelector('#invoices', { state: 'visible', timeout: 5000 });
    const events = await page.evaluate(() => window.__events.map((e) => [e.type, e.announcement, e.user]));
    assert.deepEqual(events.filter((e) => e[0] === 'engage'), [['engage', 'invoice-search', 'demo-user-42']]);
    await page.screenshot({ path: join(ROOT, 'target/demo-preview.png') });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    child.kill();
  }
});
