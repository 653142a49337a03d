// Shared set-up for the end-to-end tests: the real whatsnew CLI, a static host server, and
// headless Debian Chromium driven by playwright-core (which never downloads a browser).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.WHATSNEW_BIN ?? join(ROOT, 'target/release/whatsnew');

/** Runs the real CLI; returns { code, stdout, stderr }. */
export function whatsnew(args, options = {}) {
  try {
    const stdout = execFileSync(BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Builds a content folder with the CLI into a fresh temporary folder. */
export function build(contentDir, extra = []) {
  const out = mkdtempSync(join(tmpdir(), 'whatsnew-e2e-'));
  const r = whatsnew(['build', contentDir, '--out-dir', out, ...extra]);
  if (r.code !== 0) throw new Error(`whatsnew build failed (${r.code}):\n${r.stderr}`);
  return out;
}

const TYPES = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html' };

/**
 * Serves `routes` (path -> { body, type?, status?, headers? }) and everything in `runtimeDir` under
 * /whatsnew/. `fallback(url)`, when given, answers other paths outside /whatsnew/ (a
 * single-page app's host: one page for every route). Returns { url, close }.
 */
export async function serve(runtimeDir, routes = {}, fallback = undefined) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    const route = routes[path] ?? (path === '/favicon.ico' ? { status: 204, body: '' } : undefined)
      ?? (fallback && !path.startsWith('/whatsnew/') ? fallback(url) : undefined);
    if (route) {
      res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store', ...route.headers });
      res.end(route.body);
      return;
    }
    const name = path.startsWith('/whatsnew/') ? path.slice('/whatsnew/'.length) : null;
    const file = name && /^[\w.-]+$/.test(name) ? join(runtimeDir, name) : null;
    if (file && existsSync(file)) {
      const ext = name.slice(name.lastIndexOf('.'));
      res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new page that records uncaught errors, unhandled rejections and console warnings.
 * Returns { page, errors, warnings }.
 */
export async function watchedPage(browser, init) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const warnings = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('whatsnew')) warnings.push(m.text());
    // The browser's own network log lines are not script errors.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push('console.error: ' + m.text());
  });
  await page.addInitScript(() => {
    window.__rejections = [];
    window.addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason)));
    window.__events = [];
    for (const type of ['impression', 'engage', 'dismiss']) {
      window.addEventListener('whatsnew:' + type, (e) => window.__events.push(e.detail));
    }
  });
  if (init) await page.addInitScript(init);
  return { page, context, errors, warnings };
}

/** A host page: a real button of the host's own, plus the one script tag. */
export function hostPage(scriptTag, extraBody = '') {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Host</title>${scriptTag}</head>
<body><h1>Host app</h1><button id="host-button">Host action</button><output id="host-count">0</output>${extraBody}
<script>document.getElementById('host-button').addEventListener('click', () => {
  const o = document.getElementById('host-count'); o.textContent = String(Number(o.textContent) + 1); });</script>
</body></html>`;
}

/** Locators inside the widget's shadow root (playwright's CSS pierces open shadow roots). */
export const W = {
  launcher: '[data-whatsnew] .launcher',
  badge: '[data-whatsnew] .launcher .badge',
  panel: '[data-whatsnew] .panel',
  benefits: '[data-whatsnew] .panel .benefit',
  item: (id) => `[data-whatsnew] .panel article[data-id="${id}"]`,
};

/** Where the test run leaves screenshots for review (created on first use). */
export function screenshotDir() {
  const dir = join(ROOT, 'target/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * axe-core's WCAG 2 A and AA rules over the whole document (it reads open shadow roots),
 * injected from npm; returns the violations, each with the offending nodes.
 */
export async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => [n.target.join(' > '), n.failureSummary]) }));
  });
}

/**
 * For `page.evaluate(geometry, { kind, relative })`: the box and text style of a surface
 * (`feed` is the panel) and of everything in it, to compare two renderings. With `relative`,
 * boxes are measured from the surface's own corner (for a panel anchored to a host button
 * that the host's own styles may move).
 */
export function geometry({ kind, relative = false }) {
  const root = document.querySelector('[data-whatsnew]').shadowRoot;
  const box = kind === 'feed' ? root.querySelector('.panel') : root.querySelector(`[data-surface="${kind}"]`);
  const origin = box.getBoundingClientRect();
  return [box, ...box.querySelectorAll('*')].map((e) => {
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    return {
      el: e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replace(/\s+/g, '.') : ''),
      box: relative ? [r.x - origin.x, r.y - origin.y, r.width, r.height] : [r.x, r.y, r.width, r.height],
      style: [s.fontSize, s.lineHeight, s.letterSpacing, s.wordSpacing, s.textTransform].join(' '),
    };
  });
}

/** Differences between two `geometry` results beyond 1 px, as readable lines. */
export function geometryDiff(name, plain, other) {
  if (plain.length !== other.length) return [`${name}: ${plain.length} elements, then ${other.length}`];
  return plain.flatMap((p, i) => {
    const o = other[i];
    const off = p.box.some((v, j) => Math.abs(v - o.box[j]) > 1);
    return off || p.style !== o.style
      ? [`${name} ${p.el}: box ${p.box.map(Math.round)} -> ${o.box.map(Math.round)}; style ${p.style} -> ${o.style}`]
      : [];
  });
}

/** An init script: records the page's layout shifts (not caused by input); read with `cls`. */
export function layoutShifts() {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push([e.startTime, e.value]);
  }).observe({ type: 'layout-shift', buffered: true });
}

/**
 * The cumulative layout shift since `since` (a `performance.now()` time) or else since the
 * host's document was parsed (DOMContentLoaded), which is when the widget may first touch the
 * DOM. Shifts before it are the host's own (a slow machine paints a half-parsed page).
 */
export function cls(page, since = undefined) {
  return page.evaluate((from) => {
    const parsed = from ?? performance.getEntriesByType('navigation')[0].domContentLoadedEventStart;
    return window.__shifts.filter(([t]) => t >= parsed).reduce((sum, [, v]) => sum + v, 0);
  }, since);
}

/** A host stylesheet that tries to reach into the widget: inherited text styles, rules on `*`
 * (which match the widget's host element) and a 10 px root font size. */
export const HOSTILE_CSS = `
html { font-size: 10px }
body { letter-spacing: 5px; word-spacing: 9px; text-transform: uppercase }
* { font-size: 18px; line-height: 3; letter-spacing: 5px; word-spacing: 9px; text-transform: uppercase }
`;
