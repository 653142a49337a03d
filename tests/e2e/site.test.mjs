// The public changelog and the internal brief in headless Chromium: readable without
// JavaScript (tag filters are links), search with it, responsive, light and dark, and axe-core
// finds no WCAG A/AA violation on the index and an announcement page in either scheme.
// Screenshots of the index, an announcement page and the brief, light and dark, go to
// target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { whatsnew, launch, axe, screenshotDir, ROOT, BIN } from './harness.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.xml': 'application/xml' };
let browser;
let server;
let base;
let briefDir;

/** Serves `dir` under /changelog/ as a static host does: folders answer with index.html. */
function serveSite(dir) {
  return new Promise((resolve) => {
    const s = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (!path.startsWith('/changelog/')) { res.writeHead(404); res.end(); return; }
      let file = normalize(join(dir, path.slice('/changelog/'.length)));
      if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

before(async () => {
  const out = mkdtempSync(join(tmpdir(), 'whatsnew-site-'));
  const env = { ...process.env, SOURCE_DATE_EPOCH: '1796083200' };
  const site = join(out, 'site');
  const r = whatsnew(['build', join(ROOT, 'demo/content'), '--site', site], { env });
  assert.equal(r.code, 0, r.stderr);
  briefDir = join(out, 'brief');
  const b = whatsnew(['brief', join(ROOT, 'demo/content'), '--out', briefDir], { env });
  assert.equal(b.code, 0, b.stderr);
  server = await serveSite(site);
  base = `http://127.0.0.1:${server.address().port}/changelog/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

async function open(path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base + path);
  return { page, context, errors };
}

const titles = (page) => page.$$eval('article.entry:not([hidden]) h3', (hs) => hs.map((h) => h.textContent));

test('without JavaScript the index reads by release and tag filters are links', async () => {
  const { page, context } = await open('', { javaScriptEnabled: false });
  assert.deepEqual(await page.$$eval('section.release h2', (hs) => hs.map((h) => h.textContent)),
    ['Get paid sooner, find anything', 'Ready for quarter-end']);
  assert.equal((await titles(page)).length, 9);
  assert.equal(await page.isVisible('form.search'), false, 'search needs JavaScript: hidden without it');
  await page.click('nav.filters a:has-text("reports")');
  assert.match(page.url(), /\/changelog\/tags\/reports\/$/);
  assert.deepEqual(await titles(page), [
    'Send this export to your accountant with one link',
    'Hand your accountant a whole quarter in one download',
  ]);
  await page.click('article.entry h3 a >> nth=1');
  assert.match(page.url(), /\/changelog\/bulk-export\/$/);
  assert.equal(await page.textContent('h1'), 'Hand your accountant a whole quarter in one download');
  await page.click('header nav a[hreflang=fr]');
  assert.match(page.url(), /\/changelog\/fr\/bulk-export\/$/);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await context.close();
});

test('with JavaScript the search filters as the reader types and keeps ?q=', async () => {
  const { page, context, errors } = await open('');
  await page.waitForSelector('form.search', { state: 'visible' });
  await page.fill('#_q', 'accountant');
  assert.deepEqual(await titles(page), [
    'Send this export to your accountant with one link',
    'Hand your accountant a whole quarter in one download',
  ]);
  assert.equal(await page.textContent('#_search-status'), '2 of 9 updates');
  assert.match(page.url(), /\?q=accountant$/);
  await page.reload();
  assert.equal((await titles(page)).length, 2, 'the search survives a reload');
  await page.fill('#_q', 'nothing-matches-this');
  assert.equal(await page.isVisible('section.release'), false);
  await page.fill('#_q', '');
  assert.equal((await titles(page)).length, 9);
  assert.deepEqual(errors, []);
  await context.close();
});

test('responsive: no sideways scrolling on a phone', async () => {
  for (const path of ['', 'bulk-export/', 'fr/']) {
    const { page, context } = await open(path, { viewport: { width: 360, height: 740 } });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path}: ${overflow}px wider than the screen`);
    await context.close();
  }
});

test('axe-core: no WCAG A/AA violation on the index and an announcement page, light and dark; screenshots', async () => {
  const dir = screenshotDir();
  const violations = [];
  const backgrounds = {};
  for (const colorScheme of ['light', 'dark']) {
    for (const [name, path] of [['index', ''], ['announcement', 'bulk-export/'], ['index-fr', 'fr/'], ['tag', 'tags/new/']]) {
      const { page, context } = await open(path, { colorScheme, viewport: { width: 1024, height: 900 } });
      await page.waitForSelector('body');
      backgrounds[`${name}-${colorScheme}`] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      if (name === 'index' || name === 'announcement') {
        await page.screenshot({ path: join(dir, `changelog-${name}-${colorScheme}.png`), fullPage: true });
      }
      for (const v of await axe(page)) violations.push({ name, colorScheme, ...v });
      await context.close();
    }
  }
  assert.deepEqual(violations, []);
  assert.notEqual(backgrounds['index-light'], backgrounds['index-dark'], 'dark follows prefers-color-scheme');
});

test('the brief: self-contained, accessible, light and dark; screenshots', async () => {
  const dir = screenshotDir();
  const violations = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('file://' + join(briefDir, 'brief-2026-11.html'));
    assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'loads nothing from anywhere');
    assert.equal(await page.textContent('h1'), 'Ledgerly 2026.11: internal brief');
    await page.screenshot({ path: join(dir, `brief-${colorScheme}.png`), fullPage: true });
    for (const v of await axe(page)) violations.push({ colorScheme, ...v });
    await context.close();
  }
  assert.deepEqual(violations, []);
});

test('preview serves the changelog at /changelog/', async () => {
  const child = spawn(BIN, ['preview', join(ROOT, 'demo/content'), '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/changelog: (http:\/\/127\.0\.0\.1:\d+\/changelog\/)/);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${out}`)));
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    assert.equal(await page.textContent('h1'), "What's new in Ledgerly");
    await page.click('article.entry h3 a >> nth=0');
    assert.match(page.url(), /\/changelog\/invoice-search\/$/);
    assert.equal(await page.textContent('h1'), 'Find any invoice in seconds, by client, amount or number');
    assert.equal((await fetch(url.replace(/\/$/, ''), { redirect: 'manual' })).status, 301);
    assert.equal((await fetch(url + '../whatsnew/whatsnew.json')).status, 200, 'the widget still served beside it');
    await context.close();
  } finally {
    child.kill();
  }
});
