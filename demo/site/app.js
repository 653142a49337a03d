// The demo product's own behaviour: hash routing between screens, and a toast that shows
// what whatsnew recorded, so a visitor can see the engagement loop working.
(function () {
  'use strict';
  function show() {
    var name = (location.hash.replace('#/', '') || 'dashboard');
    if (!document.getElementById(name)) name = 'dashboard';
    document.querySelectorAll('.screen').forEach(function (s) { s.hidden = s.id !== name; });
    document.querySelectorAll('nav a').forEach(function (a) { a.classList.toggle('active', a.getAttribute('href') === '#/' + name); });
    document.title = 'Ledgerly · ' + name.charAt(0).toUpperCase() + name.slice(1);
  }
  var timer;
  function toast(text) {
    var t = document.getElementById('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(function () { t.hidden = true; }, 2500);
  }
  window.addEventListener('hashchange', show);
  document.addEventListener('DOMContentLoaded', function () {
    show();
    ['engage', 'dismiss'].forEach(function (type) {
      window.addEventListener('whatsnew:' + type, function (e) { toast('whatsnew recorded: ' + type + ' · ' + e.detail.announcement); });
    });
  });
})();
