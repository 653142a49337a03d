// Live preview: editing an announcement updates the open page within a second; a mistake shows
// in an overlay (and the page keeps the last good build); `--as` previews an audience.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, launch, watchedPage, W } from './harness.mjs';

function preview(dir, extra = []) {
  const child = spawn(BIN, ['preview', dir, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/); if (m) resolve(m[1]); });
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${out}`)));
  });
  return { child, url };
}

async function headlines(page) {
  await page.evaluate(() => window.WhatsNew.ready);
  await page.click('#whats-new');
  await page.waitForSelector(W.panel);
  const list = await page.locator(W.benefits).allTextContents();
  await page.keyboard.press('Escape');
  return list;
}

test('editing a file reloads the page with the change within 1 s; mistakes show in an overlay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-live-'));
  cpSync(join(ROOT, 'demo/content'), dir, { recursive: true });
  const { child, url } = preview(dir);
  const browser = await launch();
  try {
    const { page, errors } = await watchedPage(browser);
    await page.goto(await url);
    assert.equal((await headlines(page))[0], 'Find any invoice in seconds, by client, amount or number');

    const file = join(dir, 'invoice-search.md');
    const edited = readFileSync(file, 'utf8').replace('benefit: Find any invoice in seconds, by client, amount or number', 'benefit: Find any invoice before your coffee cools');
    const reloaded = page.waitForEvent('load');
    const t0 = Date.now();
    writeFileSync(file, edited);
    await reloaded;
    const ms = Date.now() - t0;
    console.log(`live preview: page reloaded ${ms} ms after the edit`);
    assert.ok(ms < 1000, `reloaded after ${ms} ms`);
    assert.equal((await headlines(page))[0], 'Find any invoice before your coffee cools');

    // A mistake: the overlay names it, the page stays on the last good build.
    let navigated = false;
    page.on('framenavigated', () => { navigated = true; });
    const t1 = Date.now();
    writeFileSync(join(dir, 'broken.md'), '---\npublished: 2026-11-01\n---\nHello <b>there</b>\n');
    await page.waitForSelector('#whatsnew-check-overlay .error', { timeout: 1000 });
    console.log(`live preview: overlay shown ${Date.now() - t1} ms after the mistake`);
    const overlay = await page.textContent('#whatsnew-check-overlay');
    assert.match(overlay, /missing-field/);
    assert.match(overlay, /raw-html/);
    assert.match(overlay, /broken\.md:4:7/);
    assert.equal(navigated, false, 'no reload on a broken build');

    // Fixed: reload again, overlay gone.
    const again = page.waitForEvent('load');
    rmSync(join(dir, 'broken.md'));
    await again;
    await page.waitForTimeout(100);
    assert.equal(await page.locator('#whatsnew-check-overlay .error').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    child.kill();
  }
});

// Regression (issue 14): a good save closed the open panel; a broken whatsnew.toml showed one
// line pinned to whatsnew.toml:1:1 instead of every problem.
test('a good save keeps the panel open on the edited announcement; config errors show in full', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-live-open-'));
  cpSync(join(ROOT, 'demo/content'), dir, { recursive: true });
  const { child, url } = preview(dir);
  const browser = await launch();
  try {
    const { page, errors } = await watchedPage(browser);
    await page.goto(await url);
    await page.evaluate(() => window.WhatsNew.ready);
    await page.click('#whats-new');
    await page.waitForSelector(W.panel);

    const file = join(dir, 'multi-currency.md');
    const reloaded = page.waitForEvent('load');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^benefit: .*$/m, 'benefit: Bill foreign clients in their own currency, today'));
    await reloaded;
    await page.waitForSelector(W.item('multi-currency'), { timeout: 2000 });
    assert.match(await page.textContent(W.item('multi-currency')), /in their own currency, today/);
    const inView = await page.locator(W.item('multi-currency')).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    assert.ok(inView, 'the edited announcement is in view');

    writeFileSync(join(dir, 'whatsnew.toml'), 'colour = 1\n[lint.rules]\nno-such = "deny"\n');
    await page.waitForSelector('#whatsnew-check-overlay .error', { timeout: 1000 });
    const overlay = await page.textContent('#whatsnew-check-overlay');
    assert.match(overlay, /whatsnew\.toml:1:1/);
    assert.match(overlay, /unknown field `colour`/);
    assert.match(overlay, /help: /);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    child.kill();
  }
});

test('--as previews what one audience gets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-as-'));
  cpSync(join(ROOT, 'demo/content'), dir, { recursive: true });
  writeFileSync(join(dir, 'audit-log.md'), '---\nbenefit: See who changed what, and when\naudience: admins\npublished: 2026-11-20\n---\nEvery change to an invoice is in the audit log.\n');
  const browser = await launch();
  try {
    for (const [args, expected] of [[['--as', '{"role":"admin"}'], true], [['--as', '{"role":"viewer"}'], false], [[], false]]) {
      const { child, url } = preview(dir, args);
      try {
        const { page } = await watchedPage(browser);
        await page.goto(await url);
        const list = await headlines(page);
        assert.equal(list.includes('See who changed what, and when'), expected, JSON.stringify(args));
      } finally {
        child.kill();
      }
    }
  } finally {
    await browser.close();
  }
});
