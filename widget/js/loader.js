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
var widget = null, dead = false, warned = false, unroute = null;

function warn(message, error) {
  if (warned) return;
  warned = true;
  try { console.warn('whatsnew: ' + message, error === undefined ? '' : error); } catch (_) { /* no console */ }
}

// Calls into the runtime are fenced: a failure there marks the widget dead, never the page.
function call(name, a, b) {
  if (!widget || dead) return undefined;
  try { return widget[name](a, b); } catch (e) { dead = true; warn('the widget stopped after an internal error', e); }
  return undefined;
}

// `data-traits` is a JSON object; anything else is ignored with a warning.
function traits(text) {
  if (!text) return undefined;
  try { var t = JSON.parse(text); if (t && typeof t === 'object' && !Array.isArray(t)) return t; } catch (_) { /* below */ }
  try { console.warn('whatsnew: data-traits is not a JSON object; ignored'); } catch (_) { /* no console */ }
  return undefined;
}

// Route changes become one call each: the widget decides what they mean. History methods are
// wrapped (SPA routers call them), and popstate/hashchange cover the back button and anchors.
function watchRoutes() {
  var h = w.history, push = h.pushState, replace = h.replaceState;
  function route() { call('page', location.pathname); }
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

// Every record becomes a DOM event: `whatsnew:<type>` with a detail a collector can
// de-duplicate by id. Host listeners that throw are the browser's to report, not ours.
function emit(type, announcement, user, surface, reason) {
  var bytes = crypto.getRandomValues(new Uint8Array(16)), id = '';
  for (var i = 0; i < 16; i++) id += (bytes[i] + 256).toString(16).slice(1);
  var detail = { id: id, type: type, announcement: announcement, user: user, at: new Date().toISOString(), surface: surface };
  if (reason) detail.reason = reason;
  w.dispatchEvent(new CustomEvent(PREFIX + type, { detail: detail }));
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
  return Promise.all([bundle, runtime, domReady()]).then(function (r) {
    var nav = w.navigator || {};
    widget = wasm_bindgen.Widget.mount(r[0], {
      user: data.user, launcher: data.launcher, emit: emit, traits: traits(data.traits),
      locales: data.locale ? [data.locale] : (nav.languages && nav.languages.length ? nav.languages : [nav.language || 'en']),
      theme: data.theme, path: location.pathname, session: sessionStart()
    });
    unroute = watchRoutes();
    return true;
  });
}

var ready;
try {
  // Resolves true once mounted, false when the widget could not start (it warned once).
  ready = start().catch(function (e) { warn('not shown: ' + (e && e.message ? e.message : e)); return false; });
} catch (e) {
  warn('not shown', e);
  ready = Promise.resolve(false);
}

w.WhatsNew = {
  ready: ready,
  /** Opens the feed panel. */
  open: function () { call('open'); },
  /** Closes the feed panel. */
  close: function () { call('close'); },
  /** The number of unread (not yet seen) announcements, or 0 before the widget is ready. */
  unread: function () { return call('unread') || 0; },
  /** Says the route changed, for hosts whose router the automatic detection misses. */
  page: function (path) { call('page', String(path == null ? location.pathname : path)); },
  /** A user signed in or changed: `identify('u-42', { role: 'admin' })`. */
  identify: function (user, t) { call('identify', user == null ? undefined : String(user), t && typeof t === 'object' ? t : undefined); },
  /** Counts an event of the product (`track('report-exported')`): it may trigger announcements. */
  track: function (name) { if (name) call('track', String(name)); },
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
  /** Removes the widget from the page. */
  destroy: function () {
    if (unroute) { unroute(); unroute = null; }
    if (widget && !dead) { try { widget.destroy(); } catch (e) { warn('destroy failed', e); } }
    widget = null;
    dead = true;
  }
};
