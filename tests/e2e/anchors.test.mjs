// `check --against` catches a renamed anchor before release: on the demo as it is it passes;
// after the demo page renames one id, it fails at that anchor's file:line:col.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
test('browser-only pseudo-classes are not checked, not errors; escaped selectors are checked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'whatsnew-anchors-'));
  const tip = (id, anchor) => writeFileSync(join(dir, `${id}.md`), `---
benefit: Export a whole quarter from here
published: 2026-11-02
display: tooltip
anchor: '${anchor}'
pages: ["/a"]
support:
  tell: One file.
allow: [missing-cta, missing-translation]
---
One file for your accountant.
`);
  tip('enabled', 'button:enabled');
  tip('escaped', '.md\\:flex');
  const page = () => ({ body: '<!doctype html><title>A</title><button>Go</button><div class="md:flex">x</div>' });
  const site = await serve(join(ROOT, 'target'), {}, page);
  try {
    const r = await whatsnew(['check', dir, '--against', site.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /anchor-unchecked[^\n]*`button:enabled` was not checked/);
    assert.doesNotMatch(r.stderr, /invalid-anchor|md\\:flex/);
  } finally {
    await site.close();
  }
});
