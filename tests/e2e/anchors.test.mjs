// `check --against` catches a renamed anchor before release: on the demo as it is it passes;
// after the demo page renames one id, it fails at that anchor's file:line:col.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
