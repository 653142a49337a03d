// `whatsnew explain` and the widget run the same selection: for every announcement, user and
// page of the surfaces test host, explain's verdict ("shown as a popup here", "shown in the
// feed", "not shown") matches what the widget shows there for a new user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { ROOT, whatsnew, build, serve, launch, watchedPage, hostPage } from './harness.mjs';

const CONTENT = join(ROOT, 'tests/e2e/content-surfaces');
const IDS = readdirSync(CONTENT).filter((f) => /^[\w-]+\.md$/.test(f)).map((f) => f.slice(0, -3));
const USERS = [null, { role: 'admin' }, { role: 'member' }];
const PATHS = ['/', '/admin', '/reports', '/invoices/7', '/twice', '/settings'];

let out, srv, browser;
before(async () => {
  out = build(CONTENT);
  srv = await serve(out, {}, (url) => {
    const traits = url.searchParams.get('traits');
    const attr = traits ? ` data-traits='${traits}'` : '';
    return { body: hostPage(`<script src="/whatsnew/whatsnew.js" async data-user="explain"${attr}></script>`) };
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.close(); });

/** What the widget shows on `path` for a new user with `traits`: { feed: [ids], surfaces: {id: kind} }. */
async function widget(path, traits) {
  const { page, context, errors } = await watchedPage(browser);
  const q = traits ? `?traits=${encodeURIComponent(JSON.stringify(traits))}` : '';
  await page.goto(srv.url + path + q);
  assert.equal(await page.evaluate(() => WhatsNew.ready), true);
  await page.evaluate(() => WhatsNew.open());
  const seen = await page.evaluate(() => {
    const root = document.querySelector('[data-whatsnew]').shadowRoot;
    const surfaces = {};
    for (const e of root.querySelectorAll('[data-surface]')) if (e.dataset.id) surfaces[e.dataset.id] = e.dataset.surface;
    return { feed: [...root.querySelectorAll('.panel article')].map((a) => a.dataset.id), surfaces };
  });
  assert.deepEqual(errors, []);
  await context.close();
  return seen;
}

test('explain agrees with the widget for every announcement, audience and page', async () => {
  let checked = 0;
  for (const traits of USERS) {
    for (const path of PATHS) {
      const shown = await widget(path, traits);
      for (const id of IDS) {
        const args = ['explain', id, '--dir', CONTENT, '--url', path];
        if (traits) args.push('--user', JSON.stringify(traits));
        const r = whatsnew(args);
        assert.equal(r.code, 0, r.stderr);
        const verdict = r.stdout.split('\n').find((l) => l.includes('=>'));
        const where = `${id} at ${path} as ${JSON.stringify(traits)}: ${verdict}`;
        const surface = verdict.match(/shown as a (\w+) here/)?.[1];
        assert.equal(shown.surfaces[id], surface, `surface: ${where}`);
        const inFeed = !verdict.includes('not shown');
        assert.equal(shown.feed.includes(id), inFeed, `feed: ${where}`);
        checked++;
      }
    }
  }
  console.log(`explain and the widget agree on ${checked} (announcement, user, page) cases`);
});
