// Live preview: reload when the content is rebuilt; show `check`'s findings in an overlay.
// Served by `whatsnew preview` only. Content reaches the page through textContent.
(function () {
  'use strict';
  var KEY = 'whatsnew-preview-reopen';
  var version = null, box = null;
  function widgetRoot() {
    var host = document.querySelector('[data-whatsnew]');
    return host && host.shadowRoot;
  }
  function panelOpen() {
    var root = widgetRoot();
    return !!(root && root.querySelector('.panel'));
  }
  function overlay(s) {
    if (box) box.remove();
    box = null;
    if (!s.diagnostics.length) return;
    box = document.createElement('aside');
    box.id = 'whatsnew-check-overlay';
    box.setAttribute('role', 'status');
    box.style.cssText = 'position:fixed;left:12px;bottom:12px;z-index:2147483647;max-width:560px;max-height:45vh;overflow:auto;' +
      'background:#111827;color:#f9fafb;font:12px/1.45 ui-monospace,monospace;border-radius:8px;padding:10px 12px;box-shadow:0 8px 24px rgba(0,0,0,.35)';
    var head = document.createElement('div');
    head.style.cssText = 'display:flex;justify-content:space-between;gap:12px;font-weight:700;margin-bottom:6px';
    var title = document.createElement('span');
    title.textContent = 'whatsnew check: ' + s.errors + ' error' + (s.errors === 1 ? '' : 's') + ', ' + s.warnings + ' warning' + (s.warnings === 1 ? '' : 's') + (s.errors ? ' (the page shows the last good build)' : '');
    var close = document.createElement('button');
    close.textContent = '\u00d7';
    close.setAttribute('aria-label', 'Close');
    close.style.cssText = 'background:none;border:0;color:inherit;font-size:16px;cursor:pointer';
    close.onclick = function () { box.remove(); box = null; };
    head.append(title, close);
    box.append(head);
    // Every diagnostic, each with its place, label and hint, as the terminal shows them.
    s.diagnostics.forEach(function (d) {
      var row = document.createElement('div');
      row.className = d.severity;
      row.style.cssText = 'margin-top:4px;color:' + (d.severity === 'error' ? '#fca5a5' : '#fde68a');
      var where = d.file + (d.line ? ':' + d.line + ':' + d.column : '');
      row.textContent = where + '  ' + d.severity + '[' + d.code + '] ' + d.message + (d.label ? ' (' + d.label + ')' : '');
      if (d.help) {
        var help = document.createElement('div');
        help.style.cssText = 'color:#d1d5db;padding-left:2ch';
        help.textContent = 'help: ' + d.help;
        row.append(help);
      }
      box.append(row);
    });
    document.body.append(box);
  }
  // A good save reloads the page; an open panel opens again after it, on the announcement
  // just edited.
  function reload(s) {
    try {
      if (panelOpen()) sessionStorage.setItem(KEY, JSON.stringify({ id: (s.edited || [])[0] || null }));
    } catch (_) { /* no sessionStorage: the panel stays closed */ }
    location.reload();
  }
  function reopen(saved, tries) {
    // The page may add the whatsnew script itself, after `load`: wait for it a little.
    if (!window.WhatsNew) { if (tries > 0) setTimeout(function () { reopen(saved, tries - 1); }, 100); return; }
    window.WhatsNew.ready.then(function (ok) {
      if (!ok) return;
      window.WhatsNew.open();
      var root = widgetRoot();
      var item = saved.id && root && root.querySelector('.panel article[data-id="' + CSS.escape(saved.id) + '"]');
      if (item) item.scrollIntoView({ block: 'nearest' });
    });
  }
  function poll() {
    fetch('/__whatsnew/status?since=' + (version === null ? -1 : version), { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (version !== null && s.version !== version && s.errors === 0) { reload(s); return; }
        version = s.version;
        overlay(s);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', poll); else poll();
  // whatsnew.js is async: it has run by `load`.
  function afterLoad() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(KEY)); sessionStorage.removeItem(KEY); } catch (_) { /* none */ }
    if (saved) reopen(saved, 30);
  }
  if (document.readyState === 'complete') afterLoad(); else window.addEventListener('load', afterLoad, { once: true });
})();
