// Shared set-up for the end-to-end tests: the real whatsnew CLI, a static host server, and
// headless Debian Chromium driven by playwright-core (which never downloads a browser).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync, copyFileSync } from 'node:fs';
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

/**
 * Builds a content folder with the CLI into a fresh temporary folder. While working on the
 * widget, WHATSNEW_E2E_RUNTIME=target/runtime serves a fresh runtime build instead of the one
 * the CLI binary embeds.
 */
export function build(contentDir, extra = []) {
  const out = mkdtempSync(join(tmpdir(), 'whatsnew-e2e-'));
  const r = whatsnew(['build', contentDir, '--out-dir', out, ...extra]);
  if (r.code !== 0) throw new Error(`whatsnew build failed (${r.code}):\n${r.stderr}`);
  const runtime = process.env.WHATSNEW_E2E_RUNTIME;
  if (runtime) {
    for (const f of readdirSync(out)) if (/^whatsnew(-\w+\.wasm|\.js)(\.br|\.gz)?$/.test(f)) rmSync(join(out, f));
    for (const f of readdirSync(runtime)) copyFileSync(join(runtime, f), join(out, f));
  }
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

/** Headless Debian Chromium; `extra` adds command-line switches. */
export async function launch(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extra],
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

/** Host stylesheets that try to reach into the widget or move it, by name (`HOSTILE_CSS` is
 * `typography`). Each is applied alone; `pixelDiff` compares the surfaces with and without. */
export const HOSTILE_SHEETS = {
  typography: HOSTILE_CSS,
  'all-unset': '* { all: unset }',
  buttons: 'button, [type=button] { all: unset; display: block !important; padding: 20px !important; font: 700 30px/3 serif !important; color: lime !important; background: red !important; border: 5px solid red !important; text-transform: uppercase !important }',
  // Rules on the widget's host element itself (a div at the end of body): the :host kind.
  'host-override': 'div, [data-whatsnew] { position: relative !important; display: block !important; transform: scale(1.25) !important; filter: blur(1px) !important; opacity: .5 !important; font: 30px serif !important; color: red !important; contain: paint !important; inset: 100px !important }',
  'root-10px': 'html { font-size: 10px }',
  'root-24px': 'html { font-size: 24px }',
  'zoom-body': 'body { zoom: 1.5 }',
  'zoom-html': 'html { zoom: 1.5 }',
  overlay: '',
};

/**
 * Compares two PNG screenshots pixel by pixel (pngjs, from tests/hardening). A pixel differs
 * when a channel is off by more than `tolerance`; returns { width, height, differing, fraction,
 * sizes (when the sizes differ) }, and writes a diff image (red where they differ) to `diffPath`
 * when given and they differ. `corner` leaves out the four corner squares of that size (a rounded
 * corner shows the page behind it, which the hostile page may change), and the one-pixel edge.
 */
export function pixelDiff(a, b, { tolerance = 8, corner = 0, diffPath } = {}) {
  const { PNG } = createRequire(join(ROOT, 'tests/hardening/package.json'))('pngjs');
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  if (x.width !== y.width || x.height !== y.height) {
    return { width: x.width, height: x.height, differing: Infinity, fraction: 1, sizes: `${x.width}x${x.height} -> ${y.width}x${y.height}` };
  }
  const out = new PNG({ width: x.width, height: x.height });
  let differing = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    const px = (i / 4) % x.width;
    const py = Math.floor(i / 4 / x.width);
    const inCorner = (px < corner || px >= x.width - corner) && (py < corner || py >= x.height - corner);
    // The outermost pixel row and column blend with the page at a fractional position.
    const edge = px === 0 || py === 0 || px === x.width - 1 || py === x.height - 1;
    const off = !inCorner && !edge && [0, 1, 2, 3].some((c) => Math.abs(x.data[i + c] - y.data[i + c]) > tolerance);
    if (off) differing++;
    const grey = (x.data[i] + x.data[i + 1] + x.data[i + 2]) / 3;
    out.data.set(off ? [255, 0, 0, 255] : [grey, grey, grey, 64], i);
  }
  if (differing && diffPath) writeFileSync(diffPath, PNG.sync.write(out));
  return { width: x.width, height: x.height, differing, fraction: differing / (x.width * x.height) };
}
