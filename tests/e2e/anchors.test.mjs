// `check --against` catches a renamed anchor before release: on the demo as it is it passes;
// after the demo page renames one id, it fails at that anchor's file:line:col.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, BIN, serve } from './harness.mjs';

/** Runs the CLI without blocking this process (the test's own server must keep answering). */
function whatsnew(args) {
  return new Promise((resolve) => {
    execFile(BIN, args, { encoding: 'utf8' }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
  });
}

const CONTENT = join(ROOT, 'tests/e2e/content-anchors');
const SITE = join(ROOT, 'demo/site');
let preview, previewUrl;

before(async () => {
  preview = spawn(BIN, ['preview', join(ROOT, 'demo/content'), '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  previewUrl = await new Promise((resolve, reject) => {
    preview.stdout.on('data', (d) => {
      const m = String(d).match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) resolve(m[0]);
    });
    preview.on('exit', (code) => reject(new Error(`preview exited ${code}`)));
  });
});
after(() => preview?.kill());

test('check --against passes on the demo as it is', async () => {
  const r = await whatsnew(['check', CONTENT, '--against', previewUrl, '--deny', 'warnings']);
  assert.equal(r.code, 0, r.stderr);
});

test('a renamed id fails with the anchor\'s position', async () => {
  const page = readFileSync(join(SITE, 'index.html'), 'utf8');
  assert.ok(page.includes('id="export"'));
  const renamed = page.replace('id="export"', 'id="export-v2"');
  const files = {
    '/app.js': { body: readFileSync(join(SITE, 'app.js')), type: 'text/javascript' },
    '/app.css': { body: readFileSync(join(SITE, 'app.css')), type: 'text/css' },
  };
  const site = await serve(join(ROOT, 'target'), files, () => ({ body: renamed }));
  try {
    const r = await whatsnew(['check', CONTENT, '--against', site.url, '--deny', 'warnings']);
    assert.equal(r.code, 1);
    const stderr = r.stderr ?? '';
    assert.match(stderr, /warning\[anchor-missing\]: `#export` matches no element on http:\/\/127\.0\.0\.1:\d+\/reports/);
    assert.match(stderr, /export-tip\.md:6:9/);
    assert.doesNotMatch(stderr, /first-invoice/, 'the other anchors still match');
  } finally {
    await site.close();
  }
});

// Regression (a new user's trial): a guide's step on a page of its own (`page: /b`) was looked
// for on the guide's starting page, so a real SPA, which renders /b's elements only on /b,
// failed `--deny warnings` for an anchor that was there all along.
test('a guide step on a page of its own is looked for on that page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-anchors-'));
  writeFileSync(join(dir, 'tour.md'), `---
benefit: Close the quarter in two steps
published: 2026-11-02
display: guide
pages: ["/a"]
steps:
  - title: Start here
    anchor: "#on-a"
    page: /a
  - title: Then here
    anchor: "#on-b"
    page: /b
support:
  tell: Two steps.
allow: [missing-cta, missing-translation]
---
A short tour.
`);
  let rename = false;
  const page = (url) => ({ body: url.pathname === '/b' ? `<!doctype html><title>B</title><button id="${rename ? 'on-b-v2' : 'on-b'}">B</button>` : '<!doctype html><title>A</title><button id="on-a">A</button>' });
  const site = await serve(join(ROOT, 'target'), {}, page);
  try {
    let r = await whatsnew(['check', dir, '--against', site.url, '--deny', 'warnings']);
    assert.equal(r.code, 0, r.stderr);
    rename = true;
    r = await whatsnew(['check', dir, '--against', site.url, '--deny', 'warnings']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /`#on-b` matches no element on http:\/\/127\.0\.0\.1:\d+\/b\b/);
    assert.match(r.stderr, /tour\.md:11:14/);
    assert.doesNotMatch(r.stderr, /#on-a/);
  } finally {
    await site.close();
  }
});

// Found by a contract audit (issue 14: "with --format json, every outcome ... is one JSON
// document on stdout"): a product that is not running left stdout empty.
test('check --format json --against a product that is not running: one JSON document, exit non-zero', async () => {
  const r = await whatsnew(['check', CONTENT, '--format', 'json', '--against', 'http://127.0.0.1:9']);
  assert.notEqual(r.code, 0);
  const doc = JSON.parse(r.stdout);
  assert.ok(Array.isArray(doc.diagnostics) && doc.diagnostics.length > 0, r.stdout);
  assert.equal(doc.diagnostics[0].severity, 'error');
  assert.match(doc.diagnostics[0].message, /127\.0\.0\.1:9/);
});

// Found by a trial of `check --against`: selectors the browser matches and the offline matcher
// does not (`:enabled`) were errors that failed every run, and CSS escapes (Tailwind's
// `.md\:flex`) were called invalid. Now: the first is a not-checked warning, the second checks.
// Anchors are looked up in the live page, as the widget looks them up: CSS only the browser
// knows, elements scripts put where an HTML parser would not (a `tr` straight in a `table`),
// elements that come late; not in a `<template>`, not an element that is never rendered, not a
// page that answers 404 with the product's layout; and a page that pops an alert or keeps a
// request open is still checked. `--against-header` reaches a page behind a login.
test('anchors are looked up in the live page, as the widget does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-anchors-'));
  const tip = (id, anchor, page = '/a', allow = '') => writeFileSync(join(dir, `${id}.md`), `---
benefit: Export a whole quarter from here
published: 2026-11-02
display: tooltip
anchor: '${anchor}'
pages: ["${page}"]
support:
  tell: One file.
allow: [missing-cta, missing-translation${allow}]
---
One file for your accountant.
`);
  tip('enabled', 'button:enabled');
  tip('escaped', '.md\\:flex');
  tip('scripted', '#row');
  tip('late', '#late');
  tip('template', '#in-template');
  tip('hidden', '#hidden');
  tip('gone', '#go', '/gone');
  tip('private', '#go', '/private');
  // A step's anchor written with YAML's escapes is found at its own line.
  writeFileSync(join(dir, 'escaped-step.md'), `---
benefit: Close the quarter in two steps
published: 2026-11-02
display: guide
pages: ["/a"]
steps:
  - title: Start here
    anchor: "button:enabled"
  - title: Then here
    anchor: "[data-tour=\\"nowhere\\"]"
support:
  tell: Two steps.
allow: [missing-cta, missing-translation]
---
Two steps.
`);
  // A file can allow an anchor finding, as any other warning.
  tip('allowed', '#opened-by-a-click', '/a', ', anchor-missing');
  const a = `<!doctype html><title>A</title><button>Go</button><div class="md:flex">x</div>
<div id="hidden" style="display:none">x</div><template><p id="in-template">x</p></template>
<script>
const t = document.createElement('table'), tr = document.createElement('tr');
tr.id = 'row'; tr.append(document.createElement('td')); tr.firstChild.textContent = 'Q3'; t.append(tr); document.body.append(t);
setTimeout(() => { const b = document.createElement('span'); b.id = 'late'; b.textContent = 'New'; document.body.append(b); }, 1200);
fetch('/hang').catch(() => {});
alert('Welcome back');
</script>`;
  const hung = [];
  const server = createServer((req, res) => {
    if (req.url === '/hang') { hung.push(res); return; }
    const page = req.url === '/a' ? { status: 200, body: a }
      : req.url === '/private' && req.headers.authorization === 'Bearer preview' ? { status: 200, body: '<button id="go">Go</button>' }
      : req.url === '/private' ? { status: 401, body: '<button id="go">Sign in</button>' }
      : { status: 404, body: '<!doctype html><header><button id="go">Go</button></header><p>Not found</p>' };
    res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page.body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  try {
    const started = Date.now();
    const r = await whatsnew(['check', dir, '--against', url]);
    const took = Date.now() - started;
    assert.equal(r.code, 0, r.stderr);
    const flagged = (file) => new RegExp(`/${file}\\.md:\\d+:\\d+`).test(r.stderr);
    for (const fine of ['enabled', 'escaped', 'scripted', 'late']) assert.ok(!flagged(fine), `${fine}: ${r.stderr}`);
    assert.match(r.stderr, /warning\[anchor-missing\]: `#in-template` matches no element/);
    assert.match(r.stderr, /warning\[anchor-hidden\]: `#hidden` matches an element on http:\/\/127\.0\.0\.1:\d+\/a that is not shown/);
    assert.match(r.stderr, /warning\[anchor-unchecked\]: `#go` was not checked: http:\/\/127\.0\.0\.1:\d+\/gone answered HTTP 404/);
    assert.match(r.stderr, /`#go` was not checked: http:\/\/127\.0\.0\.1:\d+\/private answered HTTP 401/);
    assert.doesNotMatch(r.stderr, /invalid-anchor|opened-by-a-click/);
    assert.match(r.stderr, /`\[data-tour="nowhere"\]` matches no element[\s\S]*?escaped-step\.md:10:14/);
    // One browser for every page; the open request costs the anchor wait (5 s), not more.
    assert.ok(took < 25_000, `took ${took} ms`);
    const authed = await whatsnew(['check', dir, '--against', url, '--against-header', 'Authorization: Bearer preview']);
    assert.doesNotMatch(authed.stderr, /private answered/);
    assert.match(authed.stderr, /gone answered HTTP 404/);
  } finally {
    for (const res of hung) res.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

// Regressions from a trial of the live check: what the widget cannot show is not a pass (no
// box, clipped away, off the page; renamed by hydration after load; a 302 to a login page),
// and what it can is not a failure (a pattern next to a concrete page; one page's redirect
// loop does not stop the others); a preview's header goes to the product's origin only; a
// cancelled run (SIGTERM) leaves no browser and no profile folder.
test('the live check from a trial: hidden boxes, late renames, logins, headers, signals', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-anchors-'));
  const tip = (id, anchor, pages) => writeFileSync(join(dir, `${id}.md`), `---
benefit: Export a whole quarter from here
published: 2026-11-02
display: tooltip
anchor: '${anchor}'
pages: ${JSON.stringify(pages)}
support:
  tell: One file.
allow: [missing-cta, missing-translation]
---
One file for your accountant.
`);
  tip('zero', '#zero', ['/p']);
  tip('collapsed', '#collapsed', ['/p']);
  tip('offscreen', '#offscreen', ['/p']);
  tip('renamed', '#export', ['/hydrate']);
  tip('login', '#help', ['/reports']);
  tip('pattern', '#ok', ['/invoices/42', '/invoices/*']);
  tip('loop', '#ok', ['/loop']);
  const seen = [];
  const third = createServer((req, res) => { seen.push(req.headers.authorization ?? ''); res.writeHead(200, { 'content-type': 'text/javascript' }); res.end('//'); });
  await new Promise((r) => third.listen(0, '127.0.0.1', r));
  const thirdUrl = `http://localhost:${third.address().port}`;
  const pages = {
    '/p': `<!doctype html><button id="ok">ok</button><div id="zero" style="width:0;height:0"></div>
<div style="max-height:0;overflow:hidden"><button id="collapsed">Export</button></div>
<button id="offscreen" style="position:absolute;left:-9999px">Export</button><script src="${thirdUrl}/a.js"></script>`,
    '/hydrate': `<!doctype html><div id="app"><button id="export">Export</button></div>
<script>setTimeout(() => { document.getElementById('app').innerHTML = '<button id="export-v2">Export</button>'; }, 1500)</script>`,
    '/login': '<!doctype html><header><button id="help">Help</button></header><form><input name="user"></form>',
    '/invoices/42': '<!doctype html><button id="ok">ok</button>',
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/reports') { res.writeHead(302, { location: '/login?next=/reports' }); res.end(); return; }
    if (path === '/loop') { res.writeHead(302, { location: '/loop' }); res.end(); return; }
    if (path === '/slow') { setTimeout(() => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<button id="ok">ok</button>'); }, 20_000); return; }
    res.writeHead(pages[path] ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(pages[path] ?? 'not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  try {
    const r = await whatsnew(['check', dir, '--against', url, '--against-header', 'Authorization: Bearer SECRET', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const found = JSON.parse(r.stdout).diagnostics.filter((d) => d.code.startsWith('anchor-'));
    const of = (file) => found.filter((d) => d.file.endsWith(`/${file}.md`)).map((d) => `${d.code}: ${d.message}`);
    for (const id of ['zero', 'collapsed', 'offscreen']) assert.match(of(id).join('\n'), /anchor-hidden: .* not shown/, id);
    assert.match(of('renamed').join('\n'), /anchor-missing: `#export` matches no element/);
    assert.match(of('login').join('\n'), /anchor-unchecked: .*\/reports sent the browser to .*\/login/);
    assert.deepEqual(of('pattern'), [], 'a pattern next to a concrete page is not a warning');
    assert.match(of('loop').join('\n'), /anchor-unchecked: .*\/loop did not load \(net::ERR_TOO_MANY_REDIRECTS\)/);
    assert.ok(seen.length > 0 && seen.every((a) => a === ''), `the third party saw ${JSON.stringify(seen)}`);
    // Cancelled while a page loads: the browser and its profile go with the check.
    tip('slow', '#ok', ['/slow']);
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('whatsnew-check-')));
    const child = spawn(BIN, ['check', dir, '--against', url], { stdio: 'ignore' });
    await new Promise((f) => setTimeout(f, 4000));
    const mine = readdirSync(tmpdir()).filter((n) => n.startsWith(`whatsnew-check-${child.pid}-`));
    assert.equal(mine.length, 1, 'a profile while it runs');
    child.kill('SIGTERM');
    await new Promise((f) => child.on('exit', f));
    await new Promise((f) => setTimeout(f, 1000));
    const left = readdirSync(tmpdir()).filter((n) => n.startsWith('whatsnew-check-') && !before.has(n));
    assert.deepEqual(left, [], 'no profile folder left');
    const procs = await new Promise((f) => execFile('pgrep', ['-f', `whatsnew-check-${child.pid}-`], (_, out) => f(String(out ?? '').trim())));
    assert.equal(procs, '', 'no Chromium left');
  } finally {
    server.closeAllConnections();
    third.closeAllConnections();
    await new Promise((r) => server.close(r));
    await new Promise((r) => third.close(r));
  }
});

test('a staging build over HTTPS with a self-signed certificate: said, and --against-insecure checks it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-anchors-tls-'));
  writeFileSync(join(dir, 'tip.md'), `---
benefit: Export a whole quarter from here
published: 2026-11-02
display: tooltip
anchor: '#export'
pages: ['/reports']
support:
  tell: One file.
allow: [missing-cta, missing-translation]
---
One file for your accountant.
`);
  const tls = join(ROOT, 'tests/e2e/tls');
  const server = createHttpsServer({ key: readFileSync(join(tls, 'self-signed.key')), cert: readFileSync(join(tls, 'self-signed.crt')) }, (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(req.url === '/reports' ? '<!doctype html><title>r</title><button id="other">Export</button>' : '<!doctype html><title>x</title>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://localhost:${server.address().port}`;
  try {
    // Refused as a browser refuses it, with what to do about it.
    let r = await whatsnew(['check', dir, '--against', url, '--format', 'json']);
    let found = JSON.parse(r.stdout).diagnostics.filter((d) => d.code.startsWith('anchor-'));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].code, 'anchor-unchecked');
    assert.match(found[0].message, /did not load \(net::ERR_CERT_[A-Z_]+\)/);
    assert.match(found[0].help, /--against-insecure/);
    // Accepted for this check: the page is looked at (its button is not #export).
    r = await whatsnew(['check', dir, '--against', url, '--against-insecure', '--format', 'json']);
    found = JSON.parse(r.stdout).diagnostics.filter((d) => d.code.startsWith('anchor-'));
    assert.deepEqual(found.map((d) => d.code), ['anchor-missing'], JSON.stringify(found));
    // Without --against it is a usage error, not silently ignored.
    r = await whatsnew(['check', dir, '--against-insecure']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--against/);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
