// End-to-end: content built by the real CLI, the real widget, headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { build, serve, launch, watchedPage, hostPage, W, ROOT } from './harness.mjs';

// A user who signed up in January (data-since): everything published since is new to them.
const TAG = '<script src="/whatsnew/whatsnew.js" async data-since="2026-01-01"></script>';
let browser, server, out;

before(async () => {
  out = build(join(ROOT, 'tests/e2e/content'), ['--bundle-id', 'e2e']);
  const bundle = readFileSync(join(out, 'whatsnew.json'));
  const fake = (over) => JSON.stringify({ ...JSON.parse(bundle), ...over });
  server = await serve(out, {
    '/': { body: hostPage(TAG) },
    '/module': { body: hostPage('<script type="module" src="/whatsnew/whatsnew.js" data-since="2026-01-01"></script>') },
    '/twice': { body: hostPage(TAG + TAG) },
    '/own-launcher': {
      body: hostPage('<script src="/whatsnew/whatsnew.js" async data-user="user-7" data-since="2026-01-01" data-launcher="#wn"></script>',
        '<nav><button id="wn" type="button">Updates</button></nav>'),
    },
    '/icon-launcher': {
      body: hostPage('<script src="/whatsnew/whatsnew.js" async data-user="user-8" data-since="2026-01-01" data-launcher="#bell"></script>',
        '<nav><button id="bell" type="button" aria-label="Notifications"><svg aria-hidden="true" width="16" height="16"></svg></button></nav>'),
    },
    '/hostile': { body: hostPage('<script src="/whatsnew/whatsnew.js" async data-bundle="/hostile.json"></script>') },
    '/hostile.json': {
      type: 'application/json',
      body: fake({
        announcements: [{
          id: 'x', benefit: '<img src=x onerror="window.__pwned=1">', published: '2026-01-01',
          cta: { label: 'Go', url: 'javascript:window.__pwned=1' },
          body: [{ p: [{ t: '<script>window.__pwned=1</script>' }, { a: { href: '\tjavascript:window.__pwned=1', c: [{ t: 'bad link' }] } },
            { a: { href: 'https://example.com/ok', c: [{ t: 'good link' }] } }] }, { future_node: 1 }],
          future_field: true,
        }],
      }),
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(page) {
  await page.click(W.launcher);
  await page.waitForSelector(W.panel);
}

test('the whole loop: launcher, feed, engage, dismiss, Escape, reload', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url + '/');
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);

  // 3 published announcements (the 2999 one is scheduled), none read yet.
  assert.equal(await page.textContent(W.badge), '3');
  await open(page);
  assert.deepEqual(await page.locator(W.benefits).allTextContents(), [
    'Find any invoice in seconds',
    'Get paid on time without chasing clients',
    'Hand your accountant a whole quarter in one download',
  ]);
  assert.equal(await page.textContent(W.item('faster-search') + ' .tag'), 'Instant search');
  assert.equal(await page.getAttribute(W.item('faster-search') + ' time', 'datetime'), '2026-11-18');
  assert.equal(await page.textContent(W.item('reminders') + ' .body strong'), '3 days before');
  assert.equal(await page.textContent(W.item('export') + ' .body code'), '<script>');

  // Impressions: every item visible in the panel was seen, once; unread counts what was not
  // seen yet, so reading the feed clears the badge (the items keep their unread mark while
  // the panel is open).
  await page.waitForFunction(() => window.__events.filter((e) => e.type === 'impression').length === 3);
  assert.equal(await page.getAttribute(W.item('export'), 'class'), 'card item unread');
  assert.equal(await page.evaluate(() => window.WhatsNew.unread()), 0);

  // Engage: the CTA.
  await page.click(W.item('faster-search') + ' .cta');
  const engage = await page.evaluate(() => window.__events.find((e) => e.type === 'engage'));
  assert.equal(engage.announcement, 'faster-search');
  assert.match(engage.id, /^[0-9a-f]{32}$/);
  assert.match(engage.user, /^anon-[0-9a-f]{20}$/, 'no user id: the anonymous id of this browser');
  assert.ok(Number.isInteger(engage.at) && Math.abs(engage.at - Date.now()) < 600000, 'at is Unix ms');
  // The record of docs/events.md (no locale: this content has no [locales]; no traits listed).
  assert.deepEqual(Object.keys(engage).sort(), ['announcement', 'at', 'bundle', 'id', 'page', 'reason', 'revision', 'surface', 'type', 'user', 'v']);
  assert.equal(engage.surface, 'feed');
  assert.equal(engage.reason, 'cta');
  assert.equal(await page.evaluate(() => location.hash), '#search', 'the CTA still navigates');
  assert.equal(await page.locator(W.panel).count(), 0, 'the panel gets out of the way of the CTA');

  // Dismiss another: it leaves the feed.
  await open(page);
  assert.equal(await page.getAttribute(W.item('faster-search'), 'class'), 'card item', 'seen is no longer unread');
  await page.click(W.item('reminders') + ' [data-action="dismiss"]');
  const dismiss = await page.evaluate(() => window.__events.find((e) => e.type === 'dismiss'));
  assert.equal(dismiss.announcement, 'reminders');
  assert.notEqual(dismiss.id, engage.id);
  assert.equal(await page.locator(W.item('reminders')).count(), 0);
  assert.equal(dismiss.surface, 'feed');
  assert.equal(dismiss.reason, 'close');

  // Escape closes and focus returns to the launcher.
  await page.keyboard.press('Escape');
  assert.equal(await page.locator(W.panel).count(), 0);
  const focused = await page.evaluate(() => document.querySelector('[data-whatsnew]').shadowRoot.activeElement?.className);
  assert.equal(focused, 'w launcher');
  assert.equal(await page.getAttribute(W.launcher, 'aria-expanded'), 'false');

  // Reload: what was seen stays read (today's rule: unread means not seen yet).
  await page.reload();
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  assert.equal(await page.getAttribute(W.badge, 'class'), 'badge hidden');
  assert.equal(await page.evaluate(() => window.WhatsNew.unread()), 0);
  await open(page);
  assert.equal(await page.locator(W.item('reminders')).count(), 0, 'dismissed stays dismissed');
  assert.equal(await page.getAttribute(W.item('faster-search'), 'class'), 'card item');
  assert.equal(await page.getAttribute(W.item('export'), 'class'), 'card item', 'seen, not acted on');
  const stored = await page.evaluate(() => localStorage.getItem('whatsnew:1:e2e:anonymous'));
  assert.match(stored, /^whatsnew-state 3\n/);

  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__rejections), []);
  await page.context().close();
});

test('the host launcher carries the badge; events carry the user id; API open/close', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url + '/own-launcher');
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  assert.equal(await page.locator(W.launcher).count(), 0, 'no floating button when the host has one');
  assert.equal(await page.getAttribute('#wn', 'data-whatsnew-unread'), '3');
  assert.equal(await page.textContent('#wn [data-whatsnew-badge] >> .badge'), '3');

  await page.click('#wn');
  await page.waitForSelector(W.panel);
  assert.equal(await page.getAttribute('#wn', 'aria-expanded'), 'true');
  // The panel sits below the host's button, inside the viewport.
  const [button, panel] = await Promise.all([page.locator('#wn').boundingBox(), page.locator(W.panel).boundingBox()]);
  assert.ok(panel.y >= button.y + button.height, `panel top ${panel.y} below button bottom ${button.y + button.height}`);
  assert.ok(panel.x >= 0 && panel.x + panel.width <= 1280);

  await page.click(W.item('export') + ' [data-action="dismiss"]');
  const d = await page.evaluate(() => window.__events.find((e) => e.type === 'dismiss'));
  assert.equal(d.user, 'user-7');
  assert.ok(await page.evaluate(() => localStorage.getItem('whatsnew:1:e2e:user-7')));

  // A click elsewhere closes without stealing focus; the API reopens and closes.
  await page.click('h1');
  assert.equal(await page.locator(W.panel).count(), 0);
  await page.evaluate(() => window.WhatsNew.open());
  await page.waitForSelector(W.panel);
  await page.evaluate(() => window.WhatsNew.close());
  assert.equal(await page.locator(W.panel).count(), 0);
  // Escape closes a feed opened from the host's launcher (whose badge has a shadow root of its
  // own: the widget's is still the one focus is in).
  await page.click('#wn');
  await page.waitForSelector(W.panel);
  await page.keyboard.press('Escape');
  await page.waitForSelector(W.panel, { state: 'detached' });

  // destroy() leaves the host page as it was.
  await page.evaluate(() => window.WhatsNew.destroy());
  assert.equal(await page.locator('[data-whatsnew]').count(), 0);
  assert.equal(await page.locator('#wn [data-whatsnew-badge]').count(), 0);
  assert.equal(await page.getAttribute('#wn', 'data-whatsnew-unread'), null);
  assert.deepEqual(errors, []);
  await page.context().close();
});

/** The accessible name and description of `selector`, as the browser computes them (CDP). */
async function accessible(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
  await cdp.detach();
  return { name: nodes[0].name?.value ?? '', description: nodes[0].description?.value ?? '' };
}

test("an icon launcher named by aria-label (a bell) still tells screen readers the unread count", async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url + '/icon-launcher');
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  assert.equal(await page.getAttribute('#bell', 'data-whatsnew-unread'), '3');
  // The badge's words are content, which an aria-label replaces: the count is the description.
  assert.deepEqual(await accessible(page, '#bell'), { name: 'Notifications', description: '3 unread' });
  // Read: the count goes, and so does the description; destroy() leaves the button as it was.
  await page.click('#bell');
  await page.waitForSelector(W.panel);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('#bell').getAttribute('data-whatsnew-unread') === '0');
  assert.equal(await page.getAttribute('#bell', 'aria-description'), null);
  await page.evaluate(() => window.WhatsNew.destroy());
  assert.equal(await page.getAttribute('#bell', 'aria-label'), 'Notifications');
  assert.equal(await page.getAttribute('#bell', 'aria-description'), null);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('works as a module script, and once when included twice', async () => {
  for (const path of ['/module', '/twice']) {
    const { page, errors } = await watchedPage(browser);
    await page.goto(server.url + path);
    assert.equal(await page.evaluate(() => window.WhatsNew.ready), true, path);
    assert.equal(await page.locator('[data-whatsnew]').count(), 1, path);
    assert.deepEqual(errors, [], path);
    await page.context().close();
  }
});

test('hostile content renders as text and unsafe links never reach the DOM', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url + '/hostile');
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  await open(page);
  assert.equal(await page.textContent(W.benefits), '<img src=x onerror="window.__pwned=1">');
  assert.equal(await page.locator(W.item('x') + ' .cta').count(), 0, 'a javascript: CTA is dropped');
  assert.deepEqual(await page.locator(W.item('x') + ' .body a').evaluateAll((as) => as.map((a) => a.href)), ['https://example.com/ok']);
  const attrs = await page.evaluate(() => {
    const root = document.querySelector('[data-whatsnew]').shadowRoot;
    return [...root.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on'));
  });
  assert.deepEqual(attrs, []);
  assert.equal(await page.locator(W.item('x') + ' script, ' + W.item('x') + ' img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a throwing callback and a throwing localStorage do not break anything', async () => {
  const { page, errors } = await watchedPage(browser, () => {
    Object.defineProperty(window, 'localStorage', { get() { throw new Error('denied'); } });
  });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(server.url + '/');
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  await page.evaluate(() => { window.WhatsNew.on('dismiss', () => { throw new Error('host bug'); }); });
  await open(page);
  await page.click(W.item('export') + ' [data-action="dismiss"]');
  assert.equal(await page.evaluate(() => window.__events.filter((e) => e.type === 'dismiss').length), 1, 'the event is still recorded');
  assert.equal(await page.evaluate(() => window.WhatsNew.unread()), 0, 'state kept in memory: what the feed showed is seen');
  assert.equal(await page.locator(W.item('export')).count(), 0, 'the dismissal held');
  assert.deepEqual(pageErrors, [], 'no uncaught errors');
  // The guarded callback reports its error on the console (not as an uncaught error).
  assert.equal(errors.filter((e) => e.startsWith('console.error: whatsnew: an on(dismiss) callback threw')).length, 1);
  await page.context().close();
});

test('re-entrant host handlers and 1,000 rapid open/close cycles: 0 errors', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url + '/');
  assert.equal(await page.evaluate(() => window.WhatsNew.ready), true);
  // A host handler that calls back into the widget while it is dispatching.
  await page.evaluate(() => {
    window.addEventListener('whatsnew:dismiss', () => { window.WhatsNew.close(); window.WhatsNew.open(); });
    window.addEventListener('whatsnew:impression', () => { window.WhatsNew.unread(); });
  });
  await open(page);
  await page.click(W.item('export') + ' [data-action="dismiss"]');
  assert.equal(await page.locator(W.panel).count(), 1, 'reopened by the host handler');
  const panels = await page.evaluate(async () => {
    for (let i = 0; i < 1000; i++) {
      window.WhatsNew.open();
      if (i % 3 === 0) document.querySelector('[data-whatsnew]').shadowRoot.querySelector('.launcher').click();
      window.WhatsNew.close();
      if (i % 100 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    return document.querySelector('[data-whatsnew]').shadowRoot.querySelectorAll('.panel').length;
  });
  assert.equal(panels, 0);
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
  await page.context().close();
});

// Protects the feed's placement from feeding on itself: each placement measured the panel's
// border box and wrote it back as its content width, so every resize or scroll grew it by 2 px.
test('the feed keeps its width however often it is placed, and narrows to a small window', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(server.url + '/');
  await open(page);
  const width = () => page.locator(W.panel).evaluate((e) => e.getBoundingClientRect().width);
  const first = await width();
  for (let i = 0; i < 6; i++) {
    await page.setViewportSize({ width: 1000 + (i % 2) * 40, height: 700 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.waitForTimeout(100);
  assert.equal(await width(), first, 'six resizes later');
  await page.setViewportSize({ width: 300, height: 700 });
  await page.waitForTimeout(100);
  assert.ok((await width()) <= 300 - 16, `narrow window: ${await width()}`);
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.waitForTimeout(100);
  assert.equal(await width(), first, 'wide again');
  assert.deepEqual(errors, []);
  await page.context().close();
});
