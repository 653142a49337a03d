// The demo product's own behaviour: a small single-page app with real paths (history.pushState,
// as a product's router would do), a user switcher so a visitor can see targeting work, and a
// toast that shows what whatsnew recorded, so the engagement loop is visible.
(function () {
  'use strict';

  // --- Who is using the product: the switcher's choice, kept in localStorage. -------------
  var USERS = {
    member: { id: 'demo-user-42', name: 'Dana', full: 'Dana Whitfield', initials: 'DW' },
    admin: { id: 'demo-admin-7', name: 'Priya', full: 'Priya Shah', initials: 'PS' },
  };
  var KEY = 'ledgerly-demo-user';
  var choice = { role: 'member', locale: 'en' };
  try {
    var saved = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (saved && USERS[saved.role]) choice.role = saved.role;
    if (saved && (saved.locale === 'en' || saved.locale === 'fr')) choice.locale = saved.locale;
  } catch (e) { /* storage blocked or garbage: the default user */ }
  var user = USERS[choice.role];

  // `whatsnew preview --as '<traits>'` puts the traits in <meta name="whatsnew-as">; they
  // replace the switcher's role, so the preview shows exactly that audience.
  var as = document.querySelector('meta[name="whatsnew-as"]');
  var traits = as ? as.content : JSON.stringify({ role: choice.role });

  // --- The one whatsnew tag (see the comment in index.html), created for this user. --------
  var tag = document.createElement('script');
  tag.src = '/whatsnew/whatsnew.js';
  tag.async = true;
  tag.setAttribute('data-user', user.id);
  tag.setAttribute('data-launcher', '#whats-new');
  tag.setAttribute('data-traits', traits);
  tag.setAttribute('data-locale', choice.locale);
  // When this customer signed up: what was announced before then is not new to them.
  tag.setAttribute('data-since', '2026-09-01');
  document.head.appendChild(tag);

  // --- Routing: one screen per path. -------------------------------------------------------
  var ROUTES = { '/': 'dashboard', '/invoices': 'invoices', '/reports': 'reports', '/settings': 'settings' };
  function screen(path) {
    var clean = path.replace(/\/+$/, '') || '/';
    return ROUTES[clean] || 'dashboard';
  }
  function render() {
    var name = screen(location.pathname);
    document.querySelectorAll('.screen').forEach(function (s) { s.hidden = s.id !== name; });
    document.querySelectorAll('nav a').forEach(function (a) {
      if (screen(a.getAttribute('href')) === name) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    document.title = 'Ledgerly · ' + name.charAt(0).toUpperCase() + name.slice(1);
  }
  function go(path) {
    if (path === location.pathname + location.search) return;
    history.pushState(null, '', path);
    render();
    window.scrollTo(0, 0);
  }
  // Same-origin links become pushState navigations, including links inside open shadow roots
  // (the widget's calls to action): composedPath() sees through them, as SPA routers do.
  document.addEventListener('click', function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.composedPath().find(function (n) { return n.tagName === 'A' && n.href; });
    if (!a || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
    var url = new URL(a.href, location.href);
    if (url.origin !== location.origin || /\.[a-z0-9]+$/i.test(url.pathname) || url.pathname.indexOf('/whatsnew/') === 0) return;
    if (url.pathname === location.pathname && url.hash) return;
    e.preventDefault();
    go(url.pathname + url.search);
  });
  window.addEventListener('popstate', render);

  // --- The product's own toast. --------------------------------------------------------------
  var timer;
  function toast(text) {
    var t = document.getElementById('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(function () { t.hidden = true; }, 2500);
  }

  document.addEventListener('DOMContentLoaded', function () {
    render();
    document.querySelectorAll('.user-name').forEach(function (n) { n.textContent = user.name; });
    var avatar = document.getElementById('avatar');
    avatar.textContent = user.initials;
    avatar.title = user.full + ' (' + choice.role + ')';

    // The switcher: store the choice and reload, as signing in as someone else would.
    var role = document.getElementById('demo-role');
    var locale = document.getElementById('demo-locale');
    role.value = choice.role;
    locale.value = choice.locale;
    if (as) {
      role.disabled = true;
      role.title = 'whatsnew preview --as ' + as.content;
    }
    function save() {
      try { localStorage.setItem(KEY, JSON.stringify({ role: role.value, locale: locale.value })); } catch (e) { /* ignore */ }
      location.reload();
    }
    role.addEventListener('change', save);
    locale.addEventListener('change', save);
    // Forget what whatsnew recorded in this browser, so every surface can show again.
    document.getElementById('demo-reset').addEventListener('click', function () {
      try {
        Object.keys(localStorage).filter(function (k) { return k !== KEY; }).forEach(function (k) { localStorage.removeItem(k); });
        sessionStorage.clear();
      } catch (e) { /* ignore */ }
      location.reload();
    });

    // The product tells whatsnew what the user did; a toast announcement is triggered by it.
    document.getElementById('export').addEventListener('click', function () {
      toast('Export ready: Q4 2026.zip');
      if (window.WhatsNew) window.WhatsNew.track('report-exported');
    });

    ['engage', 'dismiss'].forEach(function (type) {
      window.addEventListener('whatsnew:' + type, function (e) {
        toast('whatsnew recorded: ' + type + ' · ' + e.detail.announcement + (e.detail.surface ? ' (' + e.detail.surface + ')' : ''));
      });
    });
  });
})();
