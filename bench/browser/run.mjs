// Browser start-up benchmark. Serves one host page five ways: with nothing, a hand-written
// plain-JS popup, driver.js, Shepherd.js and whatsnew, each showing the same announcement, and
// loads them cold, interleaved, in headless Chromium. Prints medians and ratios and saves them
// to target/bench/browser.{json,md}.
//
//   node bench/browser/run.mjs [runs]      (default 15; BENCH_THROTTLED_RUNS for the slow link,
//                                          BENCH_WARM_RUNS for second visits; 7 each)
//
// BENCH_ONLY=<regex> keeps only the matching pages (plain always stays, for the ratio);
// WHATSNEW_COMPARE_BIN=<another whatsnew binary> adds a "whatsnew (compare)" page built by it,
// interleaved with the rest, to A/B a runtime change against, say, main's build.
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const BIN = process.env.WHATSNEW_BIN ?? join(ROOT, 'target/release/whatsnew');
const RUNS = Number(process.argv[2] ?? 15);
const THROTTLED_RUNS = Number(process.env.BENCH_THROTTLED_RUNS ?? 7);
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 7);
const NM = join(HERE, 'node_modules');

const TITLE = 'Find any invoice in seconds';
const BODY = 'Type a client, an amount or an invoice number and the list narrows as you type.';

// --- content: whatsnew built by the real CLI, one announcement like the others show ---------
const content = mkdtempSync(join(tmpdir(), 'whatsnew-bench-content-'));
writeFileSync(join(content, 'search.md'), `---\nbenefit: ${TITLE}\nfeature: Instant search\npublished: 2026-01-01\ncta:\n  label: Try it\n  url: "#search"\n---\n${BODY}\n`);
const many = mkdtempSync(join(tmpdir(), 'whatsnew-bench-5000-'));
for (let i = 0; i < 5000; i++) {
  const day = String(1 + (i % 28)).padStart(2, '0');
  writeFileSync(join(many, `a${i}.md`), `---\nbenefit: Benefit number ${i} for customers\npublished: 2025-${String(1 + (i % 12)).padStart(2, '0')}-${day}\n---\nBody ${i} with **bold** text.\n`);
}
const out = mkdtempSync(join(tmpdir(), 'whatsnew-bench-out-'));
const out5000 = mkdtempSync(join(tmpdir(), 'whatsnew-bench-out5000-'));
execFileSync(BIN, ['build', content, '--out-dir', out], { stdio: 'ignore' });
execFileSync(BIN, ['build', many, '--out-dir', out5000], { stdio: 'ignore' });
const COMPARE = process.env.WHATSNEW_COMPARE_BIN;
const outCompare = COMPARE && mkdtempSync(join(tmpdir(), 'whatsnew-bench-compare-'));
if (COMPARE) execFileSync(COMPARE, ['build', content, '--out-dir', outCompare], { stdio: 'ignore' });

const preloads = execFileSync(BIN, ['build', content, '--out-dir', out], { encoding: 'utf8' })
  .split('\n').filter((l) => l.trim().startsWith('<link rel="preload"')).map((l) => l.trim().replace(/\/whatsnew\//g, '/whatsnew/')).join('');
if (!preloads) throw new Error('whatsnew build printed no preload tags');

// --- pages ----------------------------------------------------------------------------------
// Every page marks `popover-visible` once the first frame showing its popover has been painted.
// The mark lands after that frame has been styled, laid out and painted (rAF, then a task), so a
// widget that forces layout early and one that leaves it to the frame are measured alike.
// `__shown` resolves then, so the harness can wait for it without running anything else in the
// page: Playwright's own helpers (waitForFunction, evaluate) inject a script on first use, which
// would take the main thread from whichever widget was still starting.
const MARK = `<script>window.__shown=new Promise(function(r){window.__visible=function(){requestAnimationFrame(function(){setTimeout(function(){performance.mark('popover-visible');r()})})}})</script>`;
const host = (head) => `<!doctype html><html><head><meta charset="utf-8"><title>Bench</title>${MARK}${head}</head>
<body><header><h1>Ledgerly</h1><nav><a href="#">Invoices</a> <a href="#">Reports</a></nav></header>
<main><button id="target">Search invoices</button><p>${'Host content. '.repeat(40)}</p></main></body></html>`;

// Inline, so the harness's own start-up code adds no request and does not hold up the parser.
// The marks split whatsnew's start-up into phases for the breakdown table.
const WN_START = `<script>(function(){function go(){performance.mark('wn-script');WhatsNew.ready.then(function(ok){performance.mark('wn-ready');if(ok){WhatsNew.open();performance.mark('wn-opened');__visible();}})}
if(window.WhatsNew)go();else document.getElementById('wn').addEventListener('load',go);})();</script>`;

const pages = {
  baseline: host(''),
  plain: host('<script src="/plain.js" defer></script>'),
  'driver.js': host('<link rel="stylesheet" href="/driver/driver.css"><script src="/driver/driver.js.iife.js" defer></script><script src="/driver-start.js" defer></script>'),
  'Shepherd.js': host('<link rel="stylesheet" href="/shepherd/css/shepherd.css"><script type="module" src="/shepherd-start.mjs"></script>'),
  // whatsnew as documented: one async tag. The bench opens the panel as soon as it is ready.
  // Host impact: the documented embed alone, nothing opened (compare DOMContentLoaded and load
  // with baseline).
  'whatsnew embed only': host('<script src="/whatsnew/whatsnew.js" async></script>'),
  whatsnew: host(`<script src="/whatsnew/whatsnew.js" async id="wn"></script>${WN_START}`),
  // The same, plus the preload tags `whatsnew build` prints: the bundle and wasm requests start
  // with the page instead of after the loader runs.
  'whatsnew + preload': host(`${preloads}<script src="/whatsnew/whatsnew.js" async id="wn"></script>${WN_START}`),
};
if (COMPARE) pages['whatsnew (compare)'] = host(`<script src="/compare/whatsnew.js" async id="wn"></script>${WN_START}`);
const wanted = (name) => name === 'plain' || !process.env.BENCH_ONLY || new RegExp(process.env.BENCH_ONLY).test(name);
for (const name of Object.keys(pages)) if (!wanted(name)) delete pages[name];
const scripts = {
  '/plain.js': `(function(){var d=document.createElement('div');d.setAttribute('role','dialog');
d.style.cssText='position:fixed;right:16px;top:16px;width:320px;padding:16px;background:#fff;border:1px solid #ddd;border-radius:8px;box-shadow:0 8px 24px rgba(0,0,0,.2);font:14px system-ui';
var h=document.createElement('h3');h.textContent=${JSON.stringify(TITLE)};var p=document.createElement('p');p.textContent=${JSON.stringify(BODY)};
var b=document.createElement('button');b.textContent='Try it';b.onclick=function(){d.remove()};d.append(h,p,b);document.body.append(d);__visible();})();`,
  '/driver-start.js': `window.driver.js.driver().highlight({element:'#target',popover:{title:${JSON.stringify(TITLE)},description:${JSON.stringify(BODY)}}});__visible();`,
  '/shepherd-start.mjs': `import Shepherd from '/shepherd/js/shepherd.mjs';
const tour=new Shepherd.Tour({defaultStepOptions:{cancelIcon:{enabled:true}}});
tour.addStep({title:${JSON.stringify(TITLE)},text:${JSON.stringify(BODY)},attachTo:{element:'#target',on:'bottom'},buttons:[{text:'Try it',action:tour.next}]});
tour.start();__visible();`,
};

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html' };
const compressed = new Map();
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  // Every response brotli-compressed and cached as a CDN would serve it: pages never; versioned
  // libraries and the content-hashed wasm for good; whatsnew.js and the bundle, whose names do
  // not change, revalidated by ETag (as `whatsnew preview` serves them). Cold loads start with an
  // empty cache, so this only shows in the warm (second visit) table.
  const send = (body, type) => {
    const key = path + body.length;
    const br = compressed.get(key) ?? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    compressed.set(key, br);
    const revalidate = /\/whatsnew(\.js|\.json)$/.test(path);
    const cache = path.startsWith('/page/') || path === '/select' ? 'no-store' : revalidate ? 'no-cache' : 'public, max-age=31536000, immutable';
    const etag = `"${body.length}-${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (revalidate && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'cache-control': cache });
      return res.end();
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': cache, 'content-encoding': 'br', etag });
    res.end(br);
  };
  if (path.startsWith('/page/')) return send(pages[decodeURIComponent(path.slice(6))] ?? '', 'text/html; charset=utf-8');
  if (path === '/blank') return send('<!doctype html><title>between visits</title>', 'text/html; charset=utf-8');
  if (path === '/select') return send(host('<script src="/w5000/whatsnew.js" defer></script>'), 'text/html; charset=utf-8');
  if (scripts[path]) return send(scripts[path], 'text/javascript');
  const roots = { '/whatsnew/': out, '/w5000/': out5000, '/compare/': outCompare, '/driver/': join(NM, 'driver.js/dist'), '/shepherd/': join(NM, 'shepherd.js/dist') };
  for (const [prefix, dir] of Object.entries(roots)) {
    if (dir && path.startsWith(prefix)) {
      const file = join(dir, path.slice(prefix.length));
      if (file.startsWith(dir) && existsSync(file)) return send(readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream');
    }
  }
  res.writeHead(404); res.end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// "whatsnew panel in plain JS": the panel exactly as the widget renders it (markup captured from
// a real run, the widget's own stylesheet, one shadow root), built by a few lines of plain JS
// with no wasm. Against the whatsnew row it shows what the runtime itself costs; against plain,
// what the heavier surface costs.
if (pages.whatsnew && wanted('whatsnew panel in plain JS')) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/page/whatsnew`, { waitUntil: 'load' });
  const markup = await page.evaluate(async () => {
    await WhatsNew.ready;
    const hosts = [...document.querySelectorAll('*')].filter((e) => e.shadowRoot);
    return hosts.map((h) => h.shadowRoot.innerHTML).join('');
  });
  await context.close();
  if (!markup.includes(TITLE)) throw new Error('could not capture the whatsnew panel');
  const css = readFileSync(join(ROOT, 'widget/src/style.css'), 'utf8');
  scripts['/panel.js'] = `(function(){var h=document.createElement('div');var r=h.attachShadow({mode:'open'});
var s=new CSSStyleSheet();s.replaceSync(${JSON.stringify(css)});r.adoptedStyleSheets=[s];
r.innerHTML=${JSON.stringify(markup)};document.body.append(h);r.querySelector('.panel').getBoundingClientRect();__visible();})();`;
  pages['whatsnew panel in plain JS'] = host('<script src="/panel.js" defer></script>');
}

/**
 * One cold load: a fresh context (empty cache), CDP for script time and network shaping. With
 * `warm`, the page is loaded once first and the second visit is measured (HTTP cache filled).
 */
async function load(name, throttled, warm = false) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (throttled) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 500000, uploadThroughput: 500000 });
  }
  await page.addInitScript(() => {
    window.__cls = 0; window.__long = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((l) => { window.__long += l.getEntries().filter((e) => e.duration > 50).length; }).observe({ type: 'longtask', buffered: true });
  });
  // Raw CDP from here on (see MARK).
  const evaluate = async (expression) => {
    const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, timeout: 15000 });
    if (r.exceptionDetails) throw new Error(`${name}: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  const shows = name !== 'baseline' && !name.endsWith('embed only');
  const url = `${base}/page/${encodeURIComponent(name)}`;
  let scriptBefore = 0;
  if (warm) {
    await page.goto(url, { waitUntil: 'load' });
    if (shows) await evaluate('window.__shown');
    await evaluate('new Promise(function(r){setTimeout(r,50)})');
    const { metrics } = await cdp.send('Performance.getMetrics');
    scriptBefore = metrics.find((x) => x.name === 'ScriptDuration')?.value ?? 0;
    await page.goto(`${base}/blank`, { waitUntil: 'load' });
  }
  await page.goto(url, { waitUntil: 'load' });
  if (shows) await evaluate('window.__shown');
  await evaluate('new Promise(function(r){setTimeout(r,50)})');
  const m = await evaluate(`(function(){
    var nav = performance.getEntriesByType('navigation')[0];
    var v = performance.getEntriesByName('popover-visible', 'mark')[0];
    var mark = function (n) { var e = performance.getEntriesByName(n, 'mark')[0]; return e ? e.startTime : null; };
    var fetched = performance.getEntriesByType('resource').filter(function (e) { return /whatsnew[^/]*\.(wasm|json)$/.test(e.name); });
    var phases = mark('wn-script') === null ? null : {
      script: mark('wn-script'),
      fetched: fetched.length === 2 ? Math.max(fetched[0].responseEnd, fetched[1].responseEnd) : null,
      ready: mark('wn-ready'), opened: mark('wn-opened'), visible: v ? v.startTime : null,
    };
    return { visible: v ? v.startTime : null, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, cls: window.__cls, longTasks: window.__long, phases: phases };
  })()`);
  const { metrics } = await cdp.send('Performance.getMetrics');
  // ScriptDuration counts from the renderer's start, which a warm visit may share.
  const script = metrics.find((x) => x.name === 'ScriptDuration')?.value ?? 0;
  m.script = (script >= scriptBefore ? script - scriptBefore : script) * 1000;
  await context.close();
  return m;
}

const median = (xs) => { const s = xs.filter((x) => x !== null).sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : null; };

async function suite(runs, throttled, warm = false) {
  const names = Object.keys(pages);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    const order = names.slice(i % names.length).concat(names.slice(0, i % names.length)); // interleaved, rotated
    for (const n of order) samples[n].push(await load(n, throttled, warm));
  }
  const rows = names.map((n) => {
    const s = samples[n];
    const pick = (k) => median(s.map((x) => x[k]));
    const phases = s[0]?.phases && Object.fromEntries(Object.keys(s[0].phases).map((k) => [k, median(s.map((x) => x.phases?.[k] ?? null))]));
    return { name: n, visible: pick('visible'), script: pick('script'), dcl: pick('dcl'), load: pick('load'), cls: Math.max(...s.map((x) => x.cls)), longTasks: Math.max(...s.map((x) => x.longTasks)), phases };
  });
  const plain = rows.find((r) => r.name === 'plain');
  for (const r of rows) r.vsPlain = r.visible && plain.visible ? r.visible / plain.visible : null;
  return rows;
}

async function selection() {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A user who has dismissed 100 and engaged with 100 of them.
  await page.addInitScript(() => {
    let state = 'whatsnew-state 1';
    for (let i = 0; i < 5000; i += 50) state += `\n5\ta${i}\n3\ta${i + 1}`;
    localStorage.setItem('whatsnew:1:default:anonymous', state);
  });
  await page.goto(`${base}/select`, { waitUntil: 'load' });
  const result = await page.evaluate(async () => {
    await WhatsNew.ready;
    // performance.now() is coarsened to 0.1 ms here: time batches of 20 calls.
    const times = [];
    for (let i = 0; i < 21; i++) { const t = performance.now(); for (let j = 0; j < 20; j++) WhatsNew.unread(); times.push((performance.now() - t) / 20); }
    times.sort((a, b) => a - b);
    return { median: times[10], count: WhatsNew.unread() };
  });
  await context.close();
  return result;
}

// Where whatsnew's time goes: medians of each mark, so the steps are approximate differences.
function phases(title, rows) {
  const lines = [`### ${title}`, '', '| page | whatsnew.js ran | wasm + bundle received | ready (instantiated, mounted) | panel built | visible |', '|---|---:|---:|---:|---:|---:|'];
  for (const r of rows.filter((x) => x.phases)) {
    const p = r.phases;
    lines.push(`| ${r.name} | ${fmt(p.script)} | ${fmt(p.fetched)} | ${fmt(p.ready)} (+${fmt(p.ready - Math.max(p.script, p.fetched))}) | ${fmt(p.opened)} (+${fmt(p.opened - p.ready)}) | ${fmt(p.visible)} (+${fmt(p.visible - p.opened)}) |`);
  }
  return lines.join('\n');
}

const fmt = (x, d = 1) => (x === null || x === undefined ? '–' : x.toFixed(d));
function table(title, rows) {
  const lines = [`### ${title}`, '', '| page | visible (ms) | × plain | script (ms) | DOMContentLoaded (ms) | load (ms) | max CLS | long tasks > 50 ms |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.name} | ${fmt(r.visible)} | ${fmt(r.vsPlain, 2)} | ${fmt(r.script)} | ${fmt(r.dcl)} | ${fmt(r.load)} | ${fmt(r.cls, 3)} | ${r.longTasks} |`);
  return lines.join('\n');
}

const loopback = await suite(RUNS, false);
const throttled = await suite(THROTTLED_RUNS, true);
const warm = await suite(WARM_RUNS, false, true);
const select = await selection();
await browser.close();
server.close();

const md = [
  `## Browser start-up, headless Chromium, ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Medians of cold loads, interleaved in one run. "visible" is navigation start to the end of the first frame that paints the popover (whatsnew: its feed panel); "script" is main-thread script time (CDP ScriptDuration, whole page). baseline is the host page with no widget.`,
  '',
  table(`Loopback, ${RUNS} loads each`, loopback),
  '',
  ...(THROTTLED_RUNS > 0 ? [table(`Throttled to 4 Mbit/s and 40 ms latency, ${THROTTLED_RUNS} loads each`, throttled), ''] : []),
  ...(WARM_RUNS > 0 ? [table(`Second visit on loopback (HTTP cache filled by a first visit), ${WARM_RUNS} loads each`, warm), ''] : []),
  phases('Where whatsnew\'s start-up goes (ms from navigation, medians; loopback)', loopback),
  '',
  ...(THROTTLED_RUNS > 0 ? [phases('The same, throttled', throttled), ''] : []),
  `### Selection in the widget`,
  '',
  `Bundle of 5,000 published announcements, a user who dismissed 100 and engaged with 100: one \`WhatsNew.unread()\` (selection over all of them; ${select.count} unread) takes ${fmt(select.median, 3)} ms in the widget (median of 21 batches of 20; budget 2 ms).`,
  '',
].join('\n');
console.log(md);
mkdirSync(join(ROOT, 'target/bench'), { recursive: true });
writeFileSync(join(ROOT, 'target/bench/browser.md'), md);
writeFileSync(join(ROOT, 'target/bench/browser.json'), JSON.stringify({ runs: RUNS, throttledRuns: THROTTLED_RUNS, warmRuns: WARM_RUNS, loopback, throttled, warm, selection: select }, null, 2));
