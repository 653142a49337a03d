/* whatsnew loader. The build wraps this file and wasm-bindgen's glue (which defines
 * `wasm_bindgen`) in one function, so whatsnew.js is a single classic script that also works as
 * type="module". It reads its own <script> tag, fetches the bundle and the wasm in parallel at
 * once, and mounts when the host's document is parsed. It never throws into the host page:
 * every failure is one console warning and no widget. */
var w = window, d = document, PREFIX = 'whatsnew:';
var WASM = '__WHATSNEW_WASM__', WASM_INTEGRITY = '__WHATSNEW_WASM_INTEGRITY__';
var script = d.currentScript || d.querySelector('script[src*="whatsnew.js"]');
var data = (script && script.dataset) || {};
var base = script && script.src ? script.src : d.baseURI;
var widget = null, dead = false, warned = false, unroute = null, unkeep = null;
// Calls made before the widget is mounted (the wasm still loading), made in order after it.
var early = [];
// The bundle, the user and the traits events carry, the endpoint and its queue (below).
var B = {}, user = data.user || null, traitsNow, listed = [], endpoint = null;
// `data-consent="required"`: nothing stored or sent until WhatsNew.consent(true).
var consented = data.consent !== 'required';
var stateUrl = null, syncTimer = 0, syncBody = null;

// A problem with the page's own attributes: said every time, never counted as the one warning.
function note(message, error) {
  try { console.warn('whatsnew: ' + message, error === undefined ? '' : error); } catch (_) { /* no console */ }
}

function warn(message, error) {
  if (!warned) note(message, error);
  warned = true;
}

// Calls into the runtime are fenced: a failure there (a panic traps the instance) stops the
// widget, never the page. One export takes them all (`Widget::x` in widget/src/lib.rs lists
// the operations); the names here are the minifier's to inline.
var EV = 0, PAGE = 1, OPEN = 2, CLOSE = 3, UNREAD = 4, IDENTIFY = 5, MERGE = 6, CONSENT = 7, RESET = 8, TRACK = 9, DESTROY = 10;
function call(op, a, b) {
  if (!widget || dead) { if (early && !dead && early.length < 200) early.push([op, a, b]); return undefined; }
  try { return widget.x(op, a, b); } catch (e) { fail('the widget stopped after an internal error', e); }
  return undefined;
}

// The runtime's hands in the page (widget/src/dom): every DOM call the wasm makes is one of
// these. They never throw into the wasm; listeners and timers call back through the fenced
// `ev`, with the event as `cur`, which the accessors (k, p, c, i) read.
var cur = null, sheet = null, H = new Map(), clipped = [0], mine = null;
function fire(n) {
  return function (e) { var prev = cur; cur = e; try { call(EV, n); } finally { cur = prev; } };
}
var D = {
  e: function (p, tag, cls, text) {
    var n = tag ? d.createElement(tag) : d.createTextNode(text);
    if (tag) { if (cls) n.className = cls; if (text) n.textContent = text; }
    // An image that does not load gives way to its alt text (a linked one keeps a name), rather
    // than show the browser's broken-image icon.
    if (tag === 'img') n.onerror = function () { n.replaceWith(n.alt); };
    if (p) p.appendChild(n);
    return n;
  },
  j: function (p, c) { (p || d.body).appendChild(c); },
  a: function (e, k, v) { if (v == null) e.removeAttribute(k); else e.setAttribute(k, v); },
  g: function (e, k) { return e.getAttribute(k); },
  t: function (e, s) { e.textContent = s; },
  s: function (e, k, v) { e.style.setProperty(k, v); },
  x: function (e) { e.remove(); },
  m: function (e, name) { try { if (typeof e[name] === 'function') { e[name](); return true; } } catch (_) { /* below */ } return false; },
  f: function (e) { try { e.focus(); } catch (_) { /* cannot take focus */ } },
  r: function (e, i) {
    if (!e) return [0, 0, w.innerWidth, w.innerHeight][i];
    var r = e.getBoundingClientRect();
    return [r.x, r.y, r.width, r.height][i];
  },
  q: function (root, sel, i) { try { return (root || d).querySelectorAll(sel)[i]; } catch (_) { return null; } },
  n: function (e, k) { return k > 4 ? e.children[k - 5] : [e.parentElement, e.nextElementSibling, e.previousElementSibling, e.firstElementChild, e.shadowRoot][k]; },
  h: function (host, css) {
    // The widget's own root is the first; a host launcher's badge gets one of its own later.
    var root = host.attachShadow({ mode: 'open' });
    mine = mine || root;
    try {
      if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(css); }
      root.adoptedStyleSheets = [sheet];
    } catch (_) {
      D.e(root, 'style', '', css);
    }
    return root;
  },
  y: function (e, k) { try { return getComputedStyle(e || d.documentElement).getPropertyValue(k); } catch (_) { return ''; } },
  z: function (root) { return root.activeElement || d.activeElement; },
  // An Escape is the widget's only when focus is in it (or nowhere) and the page left it
  // alone: one in the host's search box or the host's own dialog stays the host's ('Esc').
  k: function () {
    var k = (cur && cur.key) || '', a = d.activeElement;
    return k !== 'Escape' || (!cur.defaultPrevented && (!a || a === d.body || a.hasAttribute('data-whatsnew'))) ? k : 'Esc';
  },
  // The host shows a modal dialog of its own (or is in fullscreen): a native one, or a
  // library's that hid the rest of the page, the widget included (Radix, React Aria, MUI and
  // Headless UI set aria-hidden or inert on it): nothing new interrupts.
  M: function () {
    try { return !!d.querySelector(':modal') || mine.host.inert || mine.host.ariaHidden == 'true'; } catch (_) { return false; }
  },
  p: function () { if (cur) cur.preventDefault(); },
  c: function (sel) {
    var path = cur ? cur.composedPath() : [];
    for (var i = 0; i < path.length; i++) {
      try { if (path[i].matches && path[i].matches(sel)) return path[i]; } catch (_) { return null; }
    }
    return null;
  },
  i: function (n) { return !!cur && cur.composedPath().indexOf(n) >= 0; },
  // `mutation` (the page's DOM) and `resize-observer` (one element's box) are observers,
  // called at most once a frame; anything else is an event listener.
  o: function (t, kind, n, capture) {
    var f = fire(n), raf = 0, ob, moves = [];
    function once() { if (!raf) raf = requestAnimationFrame(function () { raf = 0; f(); }); }
    if (kind === 'mutation') {
      ob = new MutationObserver(once);
      ob.observe(d.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['id', 'class', 'hidden', 'style', 'open'] });
      // What moves things without changing the DOM (on the document: a load event does not
      // reach the window): an image that arrives, the end of a
      // transition or an animation (a dialog that slides in).
      moves = ['load', 'transitionend', 'animationend'];
      moves.forEach(function (k) { d.addEventListener(k, once, true); });
    } else if (kind === 'resize-observer') {
      ob = new ResizeObserver(once);
      ob.observe(t);
    } else {
      t = t || w;
      t.addEventListener(kind, f, capture);
    }
    H.set(n, function () {
      cancelAnimationFrame(raf);
      if (ob) ob.disconnect(); else t.removeEventListener(kind, f, capture);
      moves.forEach(function (k) { d.removeEventListener(k, once, true); });
    });
  },
  // What clips `e`: its clipping ancestors' inner boxes (x, y, width, height each), then the
  // bottom of a fixed or sticky element over its top edge (0: none). Read back with v(i).
  K: function (e) {
    var out = [], n = e, s, r, cover = 0;
    while ((n = n.parentElement || (n.parentNode && n.parentNode.host))) {
      if (n === d.body || n === d.documentElement) continue;
      s = getComputedStyle(n);
      // Overflow clips only boxes that have one (not inline or `display: contents` elements).
      if ((s.overflowX !== 'visible' || s.overflowY !== 'visible') && !/^(inline|contents)$/.test(s.display)) {
        // In the viewport's pixels: under CSS zoom or a scale transform the client sizes are the
        // element's own, its box is not.
        r = n.getBoundingClientRect();
        var sx = r.width / n.offsetWidth || 1, sy = r.height / n.offsetHeight || 1;
        out.push(r.x + n.clientLeft * sx, r.y + n.clientTop * sy, n.clientWidth * sx, n.clientHeight * sy);
      }
    }
    // Not rendered (in a closed <details>, under visibility: hidden): an empty clip, so the
    // box hides as for an anchor scrolled out of view.
    if (e.checkVisibility && !e.checkVisibility({ visibilityProperty: true })) out.push(0, 0, 0, 0);
    r = e.getBoundingClientRect();
    var x = r.x + r.width / 2, y = Math.max(r.y, 0) + 2, m;
    n = d.elementFromPoint(x, y);
    // Into a host's web components (a header drawn in a shadow root), not into the widget's own.
    while (n && n.shadowRoot && n.shadowRoot !== mine && (m = n.shadowRoot.elementFromPoint(x, y)) && m !== n) n = m;
    for (; n && n !== e && !e.contains(n) && !n.contains(e); n = n.parentElement || (n.parentNode && n.parentNode.host)) {
      s = getComputedStyle(n).position;
      // A header or toolbar over it; not a full-page layer (a backdrop), which covers all alike.
      if ((s === 'fixed' || s === 'sticky') && (r = n.getBoundingClientRect()).height < w.innerHeight / 2) { cover = r.bottom; break; }
    }
    out.push(cover);
    clipped = out;
    return (out.length - 1) / 4;
  },
  v: function (i) { return clipped[i]; },
  // A guide step's anchor out of view: scrolled to the middle of its containers and the window.
  V: function (e) { e.scrollIntoView({ block: 'center' }); },
  // A tooltip's or step's anchor never appeared: the DOM event the host listens for.
  A: function (id, step, anchor, page) {
    w.dispatchEvent(new CustomEvent(PREFIX + 'anchor-missing', { detail: { id: id, step: step < 0 ? null : step, anchor: anchor, page: page } }));
  },
  l: function (ms, n) { var id = setTimeout(fire(n), ms); H.set(n, function () { clearTimeout(id); }); },
  u: function (n) { var f = H.get(n); if (f) { H.delete(n); f(); } },
  w: function (m) { note(m); },
  L: function (k) { try { return w.localStorage.getItem(k); } catch (_) { return null; } },
  S: function (k, v) { try { w.localStorage.setItem(k, v); return true; } catch (_) { return false; } },
  E: function () { emit.apply(null, arguments); },
  Y: function (who, text) { if (stateUrl) sync(who, text); },
  // Reading the parsed bundle and the options (widget/src/decode.rs): never throws, at most
  // 1000 items or keys of anything.
  G: function (v, k) { try { return v !== null && typeof v === 'object' ? v[k] : undefined; } catch (_) { return undefined; } },
  N: function (v) { try { return Array.isArray(v) ? Math.min(v.length, 1000) : -1; } catch (_) { return -1; } },
  O: function (v) { try { return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).slice(0, 1000) : []; } catch (_) { return []; } }
};

// The widget cannot start or go on: one warning, no widget, one `whatsnew:error` event.
function fail(message, e) {
  warn(message, e);
  destroy();
  w.dispatchEvent(new CustomEvent(PREFIX + 'error', { detail: e }));
  return false;
}

// `data-traits` is a JSON object; anything else is ignored with a warning.
function traits(text) {
  if (!text) return undefined;
  try { var t = JSON.parse(text); if (t && typeof t === 'object' && !Array.isArray(t)) return t; } catch (_) { /* below */ }
  note('data-traits is not a JSON object; ignored');
  return undefined;
}

// Route changes become one call each: the widget decides what they mean. History methods are
// wrapped (SPA routers call them), and popstate/hashchange cover the back button and anchors.
function watchRoutes() {
  var h = w.history, push = h.pushState, replace = h.replaceState, last = location.pathname;
  // Only a new path is a new page: a hash router says its routes with WhatsNew.page(), and
  // the hashchange after that must not put the path back.
  function route() { if (location.pathname !== last) call(PAGE, last = location.pathname); }
  function wrap(original) {
    return function () { var r = original.apply(this, arguments); try { route(); } catch (_) { /* fenced in call */ } return r; };
  }
  var wrappedPush = wrap(push), wrappedReplace = wrap(replace);
  h.pushState = wrappedPush; h.replaceState = wrappedReplace;
  w.addEventListener('popstate', route); w.addEventListener('hashchange', route);
  return function () {
    // Put the originals back only if nobody wrapped ours in the meantime.
    if (h.pushState === wrappedPush) h.pushState = push;
    if (h.replaceState === wrappedReplace) h.replaceState = replace;
    w.removeEventListener('popstate', route); w.removeEventListener('hashchange', route);
  };
}

// A session is a tab's life, across reloads: pacing counts interruptions since it started.
function sessionStart() {
  var now = Date.now();
  try {
    var s = +w.sessionStorage.getItem(PREFIX + 'session');
    if (s > 0 && s <= now) return s;
    w.sessionStorage.setItem(PREFIX + 'session', String(now));
  } catch (_) { /* no sessionStorage: the session is this page */ }
  return now;
}

function random() {
  var bytes = crypto.getRandomValues(new Uint8Array(16)), id = '';
  for (var i = 0; i < 16; i++) id += (bytes[i] + 256).toString(16).slice(1);
  return id;
}

// localStorage, only with consent; failures (private mode, quota, sandbox) are not errors.
function read(key) {
  if (!consented) return null;
  try { return w.localStorage.getItem(key); } catch (_) { return null; }
}
function store(key, value) {
  if (!consented) return;
  try { if (value == null) w.localStorage.removeItem(key); else w.localStorage.setItem(key, value); } catch (_) { /* kept in memory */ }
}

// The anonymous id: events and holdouts of users the host did not identify.
// A stored value that is not one of ours (corrupt, or 100 KB) would ride on every event.
var anon = read(PREFIX + 'anon');
if (!/^anon-\w{20}$/.test(anon)) anon = 'anon-' + random().slice(0, 20);
store(PREFIX + 'anon', anon);

// Every record (docs/events.md) becomes a DOM event `whatsnew:<type>`, and with an endpoint
// it is queued for it. Host listeners that throw are the browser's to report, not ours.
function emit(type, announcement, who, surface, reason, group, goal, locale, page, step, audience) {
  var e = { v: 1, id: random(), type: type }, t = {}, n = 0;
  if (reason) e.reason = reason;
  if (announcement) e.announcement = announcement;
  e.bundle = B.bundle;
  if (B.revision) e.revision = B.revision;
  if (surface) e.surface = surface;
  if (step >= 0) e.step = step;
  if (page && page.charAt(0) === '/') e.page = page.split(/[?#]/)[0];
  if (locale) e.locale = locale;
  if (audience) e.audience = audience;
  e.user = who;
  e.at = Date.now();
  if (group) e.group = group;
  // An exposure under a signed-in user names this browser's anonymous id, so the report
  // counts what the visitor did before signing in as the same person's.
  if (group && who !== anon) e.alias = anon;
  if (goal) e.goal = goal;
  // Only the traits whatsnew.toml lists under [events] traits; nothing else leaves the page.
  listed.forEach(function (k) {
    var v = traitsNow && traitsNow[k], ty = typeof v;
    // Text over 128 characters is left out: the collector would refuse the whole event.
    if ((ty === 'string' && v.length <= 128) || ty === 'boolean' || (ty === 'number' && isFinite(v))) { t[k] = v; n++; }
  });
  if (n) e.traits = t;
  // anchor-missing has its own DOM event, with the anchor (D.A below).
  if (type !== 'anchor-missing') w.dispatchEvent(new CustomEvent(PREFIX + type, { detail: e }));
  if (endpoint) {
    var j = JSON.stringify(e);
    // One that could never be sent would hold the queue up for good: said, not queued.
    if (new Blob([j]).size > BATCH_BYTES) return warn('event too large to send: dropped');
    Q.push(j);
    if (Q.length > MAX_QUEUED) { Q.splice(0, Q.length - MAX_QUEUED).forEach(function (x) { gone.add(x); }); warn('event queue full: oldest dropped'); }
    persist();
    later(1000);
  }
}

// The event queue. Events stay in it, persisted per tab, until the endpoint confirms them; the
// policy for each answer (retry with backoff, honour Retry-After, drop on other 4xx) is the
// runtime's `settle` (whatsnew_core::queue). On pagehide what is left goes by sendBeacon and
// also stays queued: the next load sends it again and the collector drops duplicates by id.
var Q = [], qKey = null, sending = false, attempt = 0, timer = 0, saving = false, gone = new Set();
var MAX_QUEUED = 5000, BATCH_EVENTS = 500, BATCH_BYTES = 61440;

function persist() {
  if (saving || !qKey) return;
  saving = true;
  Promise.resolve().then(function () { saving = false; save(); });
}

// This tab's queue, written over what is stored under its key less what this tab delivered:
// a duplicated tab (its sessionStorage copied) shares the key, and neither loses the other's.
function save() {
  var all = Q.slice(), mine = new Set(Q), q;
  try { q = JSON.parse(read(qKey)).q; } catch (_) { q = []; }
  (q || []).forEach(function (x) { if (typeof x === 'string' && !gone.has(x) && !mine.has(x)) all.push(x); });
  store(qKey, all.length ? JSON.stringify({ at: Date.now(), q: all.slice(-MAX_QUEUED) }) : null);
  // What this tab delivered is out of storage now: nothing to remember (memory stays flat).
  gone.clear();
}

function later(ms) {
  if (!timer && !sending) timer = setTimeout(flush, ms);
}

// How many events from `from` fit in one request (always at least one).
function batchLen(from) {
  var n = 0, size = 2;
  while (from + n < Q.length && n < BATCH_EVENTS) {
    // In UTF-8 bytes, as the browser's 64 KiB keepalive limit counts them (`.length` counts
    // UTF-16 units: a Japanese trait made batches three times larger than measured).
    size += new Blob([Q[from + n]]).size + (n ? 1 : 0);
    if (n && size > BATCH_BYTES) break;
    n++;
  }
  return n;
}

function settle(status, retryAfter) {
  try { return wasm_bindgen.settle(status, attempt, retryAfter || '', Math.random()); } catch (_) { return status > 199 && status < 300 ? -1 : 30000; }
}

function flush() {
  timer = 0;
  if (sending || !Q.length || !consented || !endpoint) return;
  var batch = Q.slice(0, batchLen(0));
  sending = true;
  fetch(endpoint, { method: 'POST', body: '[' + batch.join(',') + ']', keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer', headers: { 'Content-Type': 'text/plain' } })
    .then(function (r) { return [r.status, r.headers.get('Retry-After')]; }, function () { return [0, null]; })
    .then(function (r) {
      sending = false;
      var next = settle(r[0], r[1]);
      if (next < 0) {
        batch.forEach(function (x) { gone.add(x); });
        Q = Q.filter(function (x) { return !gone.has(x); });
        attempt = 0;
        if (next < -1) warn('events dropped: HTTP ' + r[0]);
        persist();
        if (Q.length) later(0);
      } else {
        attempt++;
        later(next);
      }
    });
}

function onPageHide() {
  if (syncBody) sync();
  if (!endpoint || !consented || !Q.length) return;
  save();
  for (var i = 0, n; i < Q.length; i += n) {
    n = batchLen(i);
    try { if (!navigator.sendBeacon(endpoint, '[' + Q.slice(i, i + n).join(',') + ']')) break; } catch (_) { break; }
  }
}

// This tab's queue, plus the queues of tabs that closed before they could send theirs.
// A tab is known by its session's start (sessionStorage: it survives reloads).
function openQueue(tab) {
  var prefix = PREFIX + 'q:' + B.bundle + ':', seen = new Set();
  qKey = prefix + tab;
  try {
    var ls = w.localStorage, keys = [];
    for (var i = 0; i < ls.length; i++) { var k = ls.key(i); if (k && k.indexOf(prefix) === 0) keys.push(k); }
  } catch (_) { /* no storage: no queues */ }
  (keys || []).forEach(function (k) {
    try {
      var q = JSON.parse(read(k));
      // Another tab's queue touched in the last 10 s is that tab's; one untouched since, its
      // tab is gone (or idle; then both send and the collector drops the duplicates).
      // (A time ahead of now is a clock set back since: that queue is adopted too.)
      if (k !== qKey && q && q.at > Date.now() - 10000 && q.at <= Date.now()) return;
      q.q.forEach(function (x) { if (typeof x === 'string' && !seen.has(x)) { seen.add(x); Q.push(x); } });
    } catch (_) { /* a corrupt queue is dropped; the others still load */ }
    if (k !== qKey) store(k, null);
  });
  if (Q.length > MAX_QUEUED) Q.splice(0, Q.length - MAX_QUEUED);
  persist();
  later(0);
}

// The state endpoint (`data-state`): the user's state follows them across devices.
function stateAt(who) {
  return stateUrl + (stateUrl.indexOf('?') < 0 ? '?' : '&') + 'user=' + encodeURIComponent(who);
}

function stateOf(who) {
  if (!stateUrl || !who || !consented) return Promise.resolve(null);
  var get = fetch(stateAt(who), { credentials: 'same-origin', referrerPolicy: 'no-referrer' })
    .then(function (r) { return r.ok ? r.text() : null; }).catch(function () { return null; });
  // A slow state endpoint never holds the widget back for more than 3 s.
  return Promise.race([get, new Promise(function (r) { setTimeout(r, 3000, null); })]);
}

function sync(who, text) {
  if (who) { syncBody = [who, text]; clearTimeout(syncTimer); syncTimer = setTimeout(sync, 1000); return; }
  var b = syncBody;
  syncBody = null;
  if (b && stateUrl && consented) {
    fetch(stateAt(b[0]), { method: 'PUT', body: b[1], keepalive: true, credentials: 'same-origin', referrerPolicy: 'no-referrer', headers: { 'Content-Type': 'text/plain' } }).catch(function () { /* the next change sends it again */ });
  }
}

// The DOM is touched once the host's document is parsed; never before, so the widget cannot
// delay DOMContentLoaded, and fetches (the only work before it) do not hold up `load`.
function domReady() {
  return new Promise(function (resolve) {
    if (d.readyState !== 'loading') resolve();
    else d.addEventListener('DOMContentLoaded', function () { resolve(); }, { once: true });
  });
}

function start() {
  // Fetch and compile now, in parallel with the host's own loading.
  var bundleUrl = new URL(data.bundle || 'whatsnew.json', data.bundle ? d.baseURI : base).href;
  var bundle = fetch(bundleUrl, { credentials: 'same-origin' }).then(function (r) {
    if (!r.ok) throw new Error('HTTP ' + r.status + ' for ' + bundleUrl);
    return r.json();
  });
  // The wasm's hash is checked by the browser: the script tag's integrity covers it too.
  var runtime = wasm_bindgen({ module_or_path: fetch(new URL(WASM, base).href, { integrity: WASM_INTEGRITY }) });
  // Reading localStorage the first time is a synchronous trip to the browser process: take it
  // now, while the network is busy, rather than when the widget mounts.
  try { w.localStorage.getItem(PREFIX); } catch (_) { /* the store falls back to memory */ }
  if (data.state) stateUrl = new URL(data.state, d.baseURI).href;
  var remote = stateOf(user);
  var since = data.since ? Date.parse(data.since) : 0;
  if (since !== since) { since = 0; note('data-since is not a date; ignored'); }
  return Promise.all([bundle, runtime, domReady(), remote]).then(function (r) {
    var nav = w.navigator || {}, session = sessionStart();
    B = r[0] && typeof r[0] === 'object' ? r[0] : {};
    var ev = B.events;
    listed = ev && Array.isArray(ev.traits) ? ev.traits : [];
    // Traits said by identify() before mounting win over the script tag's.
    if (traitsNow === undefined) traitsNow = traits(data.traits);
    endpoint = data.endpoint || B.endpoint;
    endpoint = endpoint ? new URL(endpoint, d.baseURI).href : null;
    widget = wasm_bindgen.Widget.mount(r[0], {
      user: user, launcher: data.launcher, traits: traitsNow,
      locales: data.locale ? [data.locale] : (nav.languages && nav.languages.length ? nav.languages : [nav.language || 'en']),
      theme: data.theme, path: location.pathname, session: session,
      anon: anon, since: since, held: !consented, remote: r[3]
    });
    // The host element, just appended to body: host rules on it (`div { transform: ... }`, even
    // !important) lose to its own style, and a zoom on html or body is undone (NaN where
    // currentCSSZoom is missing: that declaration is dropped).
    var host = d.body.lastChild;
    host.style.cssText = 'all:initial!important;zoom:' + 1 / d.body.currentCSSZoom + '!important';
    unroute = watchRoutes();
    unkeep = keep(host);
    if (endpoint) openQueue(session);
    w.addEventListener('pagehide', onPageHide);
    // A press on the widget is not a press outside the host's menu or dialog (libraries close
    // those on a pointerdown that bubbles to the document).
    ['pointerdown', 'mousedown', 'touchstart'].forEach(function (k) { host.addEventListener(k, function (e) { e.stopPropagation(); }, { passive: true }); });
    var calls = early;
    early = null;
    calls.forEach(function (c) { call(c[0], c[1], c[2]); });
    return true;
  });
}

// A host that replaces <body> (Turbo Drive, `body.innerHTML = ...`) takes the widget's element
// with it: it goes into the new body, and what was open in the top layer opens again.
function keep(host) {
  var ob = new MutationObserver(function () {
    if (!host.isConnected && d.body) {
      d.body.appendChild(host);
      mine.querySelectorAll('[popover],dialog[open]').forEach(function (e) {
        try { if (e.popover) e.showPopover(); else { e.removeAttribute('open'); e.showModal(); } } catch (_) { /* shown */ }
      });
    }
    watch();
  });
  function watch() {
    ob.disconnect();
    ob.observe(d.documentElement, { childList: true });
    if (d.body) ob.observe(d.body, { childList: true });
  }
  watch();
  return function () { ob.disconnect(); };
}

function destroy() {
  if (unroute) { unroute(); unroute = null; }
  if (unkeep) { unkeep(); unkeep = null; }
  w.removeEventListener('pagehide', onPageHide);
  if (widget && !dead) { try { widget.x(DESTROY); } catch (_) { /* it said so once */ } }
  widget = null;
  dead = true;
}

var ready;
try {
  // Resolves true once mounted, false when the widget could not start (it warned once).
  ready = start().catch(function (e) { return fail('not shown: ' + (e && e.message ? e.message : e), e); });
} catch (e) {
  ready = Promise.resolve(fail('not shown', e));
}

// A host's stub (`window.WhatsNew = { q: [] }`, calls pushed as `['identify', 'u-42', {...}]`)
// is replaced, and what it queued is called in order.
var stub = w.WhatsNew, api = w.WhatsNew = {
  ready: ready,
  /** Opens the feed panel. */
  open: function () { call(OPEN); },
  /** Closes the feed panel. */
  close: function () { call(CLOSE); },
  /** The number of unread (not yet seen) announcements, or 0 before the widget is ready. */
  unread: function () { return call(UNREAD) || 0; },
  /** Says the route changed, for hosts whose router the automatic detection misses. */
  page: function (path) { call(PAGE, String(path == null ? location.pathname : path)); },
  /** A user signed in or changed: `identify('u-42', { role: 'admin' })`. */
  identify: function (who, t) {
    who = who == null || who === '' ? null : String(who);
    if (t && typeof t === 'object') traitsNow = t; else t = undefined;
    var changed = who !== user;
    user = who;
    call(IDENTIFY, who == null ? undefined : who, t);
    if (changed && who) stateOf(who).then(function (text) { if (text && who === user) call(MERGE, text); });
  },
  /** Consent to storage and sending (with `data-consent="required"`): `consent(true)`; `consent(false)` drops queued events and stops sending. */
  consent: function (yes) {
    if (yes && !consented) {
      consented = true;
      store(PREFIX + 'anon', anon);
      call(CONSENT);
      persist();
      later(0);
    } else if (!yes) {
      if (qKey) store(qKey, null);
      Q = [];
      consented = false;
    }
  },
  /** Forgets this user's state in this browser and starts a new anonymous id. */
  reset: function () {
    anon = 'anon-' + random().slice(0, 20);
    store(PREFIX + 'anon', anon);
    call(RESET, anon);
  },
  /** Counts an event of the product (`track('report-exported')`): it may trigger announcements. */
  track: function (name) { if (name) call(TRACK, String(name)); },
  /**
   * Calls `callback(detail)` for each `whatsnew:<type>` event ('impression', 'engage',
   * 'dismiss'). A callback that throws is logged, never rethrown. Returns an unsubscribe
   * function.
   */
  on: function (type, callback) {
    function listener(e) {
      try { callback(e.detail); } catch (err) { try { console.error('whatsnew: an on(' + type + ') callback threw', err); } catch (_) { /* no console */ } }
    }
    w.addEventListener(PREFIX + type, listener);
    return function () { w.removeEventListener(PREFIX + type, listener); };
  },
  /** Removes the widget from the page; a script tag added after this starts a new one. */
  destroy: function () { destroy(); api.destroyed = true; }
};
if (stub && Array.isArray(stub.q)) {
  stub.q.forEach(function (c) {
    try { api[c[0]].apply(api, [].slice.call(c, 1)); } catch (e) { note('a queued call failed', e); }
  });
}
