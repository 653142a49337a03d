// Live preview: reload when the content is rebuilt; show `check`'s findings in an overlay.
// Served by `whatsnew preview` only. Content reaches the page through textContent.
(function () {
  'use strict';
  var version = null, box = null;
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
    title.textContent = 'whatsnew check: ' + s.errors + ' error' + (s.errors === 1 ? '' : 's') + ', ' + s.warnings + ' warning' + (s.warnings === 1 ? '' : 's') + (s.errors ? ' (showing the last good build)' : '');
    var close = document.createElement('button');
    close.textContent = '\u00d7';
    close.setAttribute('aria-label', 'Close');
    close.style.cssText = 'background:none;border:0;color:inherit;font-size:16px;cursor:pointer';
    close.onclick = function () { box.remove(); box = null; };
    head.append(title, close);
    box.append(head);
    s.diagnostics.forEach(function (d) {
      var row = document.createElement('div');
      row.className = d.severity;
      row.style.color = d.severity === 'error' ? '#fca5a5' : '#fde68a';
      row.textContent = d.file + ':' + d.line + ':' + d.column + '  ' + d.severity + '[' + d.code + '] ' + d.message;
      box.append(row);
    });
    document.body.append(box);
  }
  function poll() {
    fetch('/__whatsnew/status?since=' + (version === null ? -1 : version), { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (version !== null && s.version !== version && s.errors === 0) { location.reload(); return; }
        version = s.version;
        overlay(s);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', poll); else poll();
})();
