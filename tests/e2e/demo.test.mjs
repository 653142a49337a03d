// The demo (issue 8): `whatsnew preview demo/content` serves the Ledgerly single-page app, and
// a visitor sees targeting work there: a popup on /reports, a toast after an export, a banner
// for admins on /settings, French with the switcher; accessible in light and dark.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BIN, ROOT, launch, watchedPage, axe, screenshotDir, geometry, geometryDiff, layoutShifts, cls, HOSTILE_CSS, W, whatsnew } from './harness.mjs';

const S = {
  surface: (kind) => `[data-whatsnew] [data-surface="${kind}"]`,
  close: (kind) => `[data-whatsnew] [data-surface="${kind}"] button[data-action="close"]`,
};
const POPUP = 'Hand your accountant a whole quarter in one download';
const TOAST = 'Send this export to your accountant with one link';
const BANNER = "Keep today's price through 2027 by confirming your plan this year";
const ADMIN_ONLY = [BANNER, 'Get paid on time without chasing clients yourself'];

const children = [];
let browser;

/** `whatsnew preview demo/content --port 0 [extra]`; resolves to its URL (ends with /). */
function preview(extra = []) {
  const child = spawn(BIN, ['preview', join(ROOT, 'demo/content'), '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${out}`)));
  });
}

const demo = preview();
demo.catch(() => {}); // awaited by each test; a failed start fails them, not the process

after(async () => {
  await browser?.close();
  for (const c of children) c.kill();
});

async function page(init) {
  browser ??= await launch();
  return watchedPage(browser, init);
}

const asAdmin = `localStorage.setItem('ledgerly-demo-user', JSON.stringify({ role: 'admin', locale: 'en' }))`;

async function ready(p) {
  assert.equal(await p.evaluate(() => window.WhatsNew.ready), true);
}

async function shown(p, kind, benefit) {
  await p.waitForSelector(S.surface(kind), { state: 'visible', timeout: 5000 });
  if (benefit) assert.equal(await p.textContent(S.surface(kind) + ' .benefit'), benefit);
}

async function notShown(p, kind, why) {
  await p.waitForTimeout(400);
  assert.equal(await p.locator(S.surface(kind) + ':visible').count(), 0, why);
}

// Protects the demo's member journey: nav click (pushState) shows the popup, an export shows the toast, admin content stays out.
test('demo: a member gets the popup on /reports by clicking the nav, the toast after an export, no admin banner', async () => {
  const url = await demo;
  const { page: p, context, errors } = await page();
  await p.goto(url);
  await ready(p);
  for (const kind of ['popup', 'toast', 'banner']) await notShown(p, kind, `${kind} on the dashboard`);

  // The app's router uses pushState; the widget follows without being told.
  await p.click('#nav-reports');
  assert.equal(await p.evaluate(() => location.pathname), '/reports');
  await shown(p, 'popup', POPUP);
  await p.click(S.close('popup'));
  await p.waitForSelector(S.surface('popup'), { state: 'hidden' });

  // The product tracks the export; the toast follows.
  await p.click('#export');
  await shown(p, 'toast', TOAST);
  const seen = await p.evaluate(() => window.__events.map((e) => [e.type, e.announcement, e.surface, e.reason ?? null]));
  assert.deepEqual(seen.filter((e) => e[0] !== 'impression' || e[2] !== 'feed'), [
    ['impression', 'bulk-export', 'popup', null],
    ['dismiss', 'bulk-export', 'popup', 'close'],
    ['impression', 'accountant-link', 'toast', null],
  ]);

  await p.click('#nav-settings');
  await notShown(p, 'banner', 'the plan banner is for admins');
  await p.click('#whats-new');
  await p.waitForSelector(W.panel);
  const list = await p.locator(W.benefits).allTextContents();
  // Closing the popup dismissed it, so it left the feed too; the toast waits there.
  assert.ok(!list.includes(POPUP) && list.includes(TOAST), list.join(' | '));
  for (const b of ADMIN_ONLY) assert.ok(!list.includes(b), `a member's feed lists "${b}"`);

  // A reload on an app path: the server answers with the app, which shows that screen; the
  // popup, seen once, does not come back.
  await p.goto(url + 'reports');
  await ready(p);
  assert.equal(await p.isVisible('#reports'), true);
  await notShown(p, 'popup', 'a popup shows once');
  // The demo's Reset forgets what this browser recorded, so a visitor can watch it again.
  await Promise.all([p.waitForEvent('load'), p.click('#demo-reset')]);
  await ready(p);
  await shown(p, 'popup', POPUP);
  const ev = await p.evaluate(() => window.__events.map((e) => [e.type, e.surface]));
  assert.deepEqual(errors, [], JSON.stringify(ev));
  await context.close();
});

// Protects the demo's user switcher: it reaches data-traits and data-locale, so admins get the banner and French gets French.
test('demo: the switcher makes the visitor an admin (banner on /settings) and French (copy and labels)', async () => {
  const url = await demo;
  const { page: p, context, errors } = await page();
  await p.goto(url + 'settings');
  await ready(p);
  await notShown(p, 'banner', 'a member');
  await Promise.all([p.waitForEvent('load'), p.selectOption('#demo-role', 'admin')]);
  await ready(p);
  assert.equal(await p.getAttribute('script[src="/whatsnew/whatsnew.js"]', 'data-traits'), '{"role":"admin"}');
  await shown(p, 'banner', BANNER);

  await Promise.all([p.waitForEvent('load'), p.selectOption('#demo-locale', 'fr')]);
  await ready(p);
  // The banner was not acted on, so it is still there, now in French.
  await shown(p, 'banner', 'Gardez votre tarif actuel en 2027 en confirmant votre formule avant janvier');
  assert.equal(await p.getAttribute(S.close('banner'), 'aria-label'), 'Fermer');
  // The banner lies over the top of the page (it reserves no space), nav included: close it.
  await p.click(S.close('banner'));
  await p.waitForSelector(S.surface('banner'), { state: 'hidden' });
  await p.click('#nav-reports');
  await shown(p, 'popup', 'Remettez un trimestre entier à votre comptable en un téléchargement');
  assert.equal(await p.getAttribute(S.close('popup'), 'aria-label'), 'Fermer');
  assert.deepEqual(errors, []);
  await context.close();
});

// Protects keyboard use and stacking on the demo: Escape returns focus to the nav link that
// opened /reports; an overlay the product puts at the highest z-index does not cover the popup.
test('demo: Escape closes the popup and focus returns to the nav link; a z-index 2147483647 overlay does not cover it', async () => {
  const url = await demo;
  const { page: p, context, errors } = await page();
  await p.goto(url);
  await ready(p);
  await p.click('#nav-reports');
  await shown(p, 'popup', POPUP);
  await p.keyboard.press('Escape');
  await p.waitForSelector(S.surface('popup'), { state: 'hidden', timeout: 2000 });
  assert.equal(await p.evaluate(() => document.activeElement.id), 'nav-reports');
  const dismiss = await p.evaluate(() => window.__events.filter((e) => e.type === 'dismiss').map((e) => [e.announcement, e.surface, e.reason]));
  assert.deepEqual(dismiss, [['bulk-export', 'popup', 'escape']]);
  assert.deepEqual(errors, []);
  await context.close();

  const v = await page();
  await v.page.goto(url);
  await ready(v.page);
  await v.page.evaluate(() => {
    const o = document.createElement('div');
    o.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.05)';
    document.body.append(o);
    history.pushState(null, '', '/reports');
  });
  await shown(v.page, 'popup', POPUP);
  const box = await v.page.locator(S.surface('popup')).boundingBox();
  const hit = await v.page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.matches('[data-whatsnew]'), [box.x + box.width / 2, box.y + box.height / 2]);
  assert.equal(hit, true, 'the popup is on top of the overlay');
  assert.deepEqual(v.errors, []);
  await v.context.close();
});

// Protects the demo's own layout: the badge on its "What's new" button in the flex top bar
// moves nothing, and its stylesheet plus a hostile one change nothing inside the widget.
test('demo: the badge shifts nothing in the top bar; a hostile host stylesheet changes nothing in the popup or the feed', async () => {
  const url = await demo;
  const boxes = (p) => Promise.all(['#whats-new', '#avatar', '#demo-reset', 'nav'].map((s) => p.locator(s).boundingBox()));
  const bare = await page();
  await bare.page.route('**/whatsnew/whatsnew.js', (r) => r.abort());
  await bare.page.goto(url);
  const before = await boxes(bare.page);
  await bare.context.close();

  // The widget's script is held until the app has rendered, so a slow machine's partial
  // paints of the page itself (its own shifts) are not counted against the badge.
  const w = await page(layoutShifts);
  let release;
  const held = new Promise((r) => { release = r; });
  await w.page.route('**/whatsnew/whatsnew.js', async (r) => { await held; await r.continue(); });
  await w.page.goto(url, { waitUntil: 'domcontentloaded' });
  const frames = () => w.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await frames();
  const since = await w.page.evaluate(() => performance.now());
  release();
  await w.page.waitForFunction(() => window.WhatsNew);
  await ready(w.page);
  await w.page.waitForFunction(() => Number(document.querySelector('#whats-new').getAttribute('data-whatsnew-unread')) > 0, null, { timeout: 5000 });
  await frames();
  assert.deepEqual(await boxes(w.page), before);
  assert.equal(await cls(w.page, since), 0, 'cumulative layout shift once the widget loads');
  await w.context.close();

  // The popup, and the feed measured from its own corner (it hangs under the host's button,
  // which the hostile stylesheet moves).
  const measured = { popup: [], feed: [] };
  for (const hostile of [false, true]) {
    for (const kind of ['popup', 'feed']) {
      const { page: p, context, errors } = await page();
      if (hostile) {
        await p.route('**/app.css', async (r) => {
          const res = await r.fetch();
          await r.fulfill({ response: res, body: (await res.text()) + HOSTILE_CSS });
        });
      }
      await p.goto(url + (kind === 'popup' ? 'reports' : ''));
      await ready(p);
      assert.equal(await p.evaluate(() => getComputedStyle(document.body).textTransform), hostile ? 'uppercase' : 'none');
      if (kind === 'popup') await shown(p, 'popup', POPUP);
      else {
        await p.click('#whats-new');
        await p.waitForSelector(W.panel);
      }
      await p.waitForTimeout(350);
      measured[kind].push(await p.evaluate(geometry, { kind, relative: kind === 'feed' }));
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
  assert.deepEqual([...geometryDiff('popup', ...measured.popup), ...geometryDiff('feed', ...measured.feed)], []);
});

// Protects accessibility on the demo product with each surface open, light and dark via the OS setting (data-theme auto).
test('demo: axe-core finds no WCAG A/AA violation with each surface open, light and dark (OS setting)', async () => {
  const url = await demo;
  const dir = screenshotDir();
  const violations = [];
  for (const scheme of ['light', 'dark']) {
    for (const kind of ['feed', 'popup', 'toast', 'banner']) {
      const { page: p, context, errors } = await page(asAdmin);
      await p.emulateMedia({ colorScheme: scheme });
      await p.goto(url + { feed: '', popup: 'reports', toast: 'reports', banner: 'settings' }[kind]);
      await ready(p);
      if (kind === 'feed') {
        await p.click('#whats-new');
        await p.waitForSelector(W.panel);
      } else if (kind === 'toast') {
        await shown(p, 'popup');
        await p.click(S.close('popup'));
        await p.click('#export');
        await shown(p, 'toast', TOAST);
      } else {
        await shown(p, kind);
      }
      await p.waitForTimeout(350);
      await p.screenshot({ path: join(dir, `demo-${kind}-${scheme}.png`) });
      for (const v of await axe(p)) violations.push({ kind, scheme, ...v });
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
  assert.deepEqual(violations, []);
});

// Protects "explain and the widget agree": for each demo user and page, what `whatsnew explain`
// says interrupts and what the feed lists is what the widget shows.
test('demo: whatsnew explain agrees with the widget for every surface, audience and page', async () => {
  const url = await demo;
  const bundle = await (await fetch(url + 'whatsnew/whatsnew.json')).json();
  const ids = bundle.announcements.map((a) => a.id);
  const explain = (id, role, path) => {
    const r = whatsnew(['explain', id, join(ROOT, 'demo/content'), '--user', JSON.stringify({ role }), '--url', path]);
    assert.equal(r.code, 0, r.stderr);
    const verdict = r.stdout.split('\n').find((l) => l.trim().startsWith('=>')) ?? '';
    const surface = verdict.match(/shown as an? (popup|toast|banner|tooltip|guide) here/)?.[1];
    return { feed: !/=> not shown/.test(verdict), surface };
  };
  const mismatches = [];
  for (const role of ['member', 'admin']) {
    const as = `localStorage.setItem('ledgerly-demo-user', JSON.stringify({ role: '${role}', locale: 'en' }))`;
    const f = await page(as);
    await f.page.goto(url);
    await ready(f.page);
    await f.page.evaluate(() => window.WhatsNew.open());
    await f.page.waitForSelector(W.panel);
    const feed = await f.page.locator('[data-whatsnew] .panel article[data-id]').evaluateAll((els) => els.map((e) => e.dataset.id));
    await f.context.close();
    const said = ids.filter((id) => explain(id, role, '/').feed);
    if (JSON.stringify([...feed].sort()) !== JSON.stringify([...said].sort())) mismatches.push(`${role} feed: widget ${feed}, explain ${said}`);

    for (const path of ['/', '/invoices', '/reports', '/settings']) {
      const w = await page(as);
      await w.page.goto(url + path.slice(1));
      await ready(w.page);
      await w.page.waitForTimeout(400);
      const onScreen = await w.page.locator('[data-whatsnew] [data-surface]:visible').evaluateAll((els) => els.map((e) => `${e.dataset.surface} ${e.dataset.id}`));
      // A tooltip with a hotspot shows its dot (labelled with the benefit) until it is clicked.
      const dots = await w.page.locator('[data-whatsnew] .hotspot:visible').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      for (const label of dots) onScreen.push(`tooltip ${bundle.announcements.find((a) => a.benefit === label)?.id}`);
      const expected = ids.map((id) => [id, explain(id, role, path).surface]).filter(([, s]) => s).map(([id, s]) => `${s} ${id}`);
      if (JSON.stringify(onScreen.sort()) !== JSON.stringify(expected.sort())) mismatches.push(`${role} ${path}: widget [${onScreen}], explain [${expected}]`);
      assert.deepEqual(w.errors, []);
      await w.context.close();
    }
  }
  assert.deepEqual(mismatches, []);
});

// Protects preview as an SPA host (the app for app paths, 404 for files) and --as as data-traits rather than a rewritten bundle.
test('preview: the app for every app path, 404 for files; --as passes traits to the widget, bundle untouched', async () => {
  const url = await demo;
  for (const [path, status] of [['reports', 200], ['invoices/2043', 200], ['settings/', 200], ['favicon.ico', 404], ['whatsnew/nothing.js', 404], ['__whatsnew/nothing', 404]]) {
    const r = await fetch(url + path);
    assert.equal(r.status, status, path);
    if (status === 200) assert.match(await r.text(), /<section id="reports"/, path);
  }

  const traits = { role: 'admin', note: `<"'&>` };
  const asUrl = await preview(['--as', JSON.stringify(traits)]);
  const html = await (await fetch(asUrl + 'settings')).text();
  const content = html.match(/<meta name="whatsnew-as" content="([^"<>']*)">/)?.[1];
  assert.ok(content, 'the traits, attribute-escaped, in the page');
  const unescaped = content.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  assert.deepEqual(JSON.parse(unescaped), traits);
  const bundle = await (await fetch(asUrl + 'whatsnew/whatsnew.json')).json();
  assert.ok(bundle.announcements.some((a) => a.id === 'plan-update'), 'the bundle keeps every audience');

  const { page: p, context, errors } = await page();
  await p.goto(asUrl + 'settings');
  await ready(p);
  assert.deepEqual(JSON.parse(await p.getAttribute('script[src="/whatsnew/whatsnew.js"]', 'data-traits')), traits);
  await shown(p, 'banner', BANNER);
  assert.deepEqual(errors, []);
  await context.close();
});
