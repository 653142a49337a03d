// The changelog reads the same without this script; with it, the search box filters the
// updates on the page as the reader types (and keeps the words in the address, ?q=...).
(() => {
  const form = document.querySelector('form.search');
  if (!form) return;
  const input = form.querySelector('input[type=search]');
  const status = document.getElementById('_search-status');
  const entries = [...document.querySelectorAll('[data-search]')];
  const sections = [...document.querySelectorAll('section.release')];
  form.hidden = false;
  const run = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const e of entries) {
      const hit = words.every((w) => e.dataset.search.includes(w));
      e.hidden = !hit;
      if (hit) shown += 1;
    }
    for (const s of sections) s.hidden = !s.querySelector('[data-search]:not([hidden])');
    status.textContent = words.length
      ? form.dataset.found.replace('{n}', String(shown)).replace('{total}', String(entries.length))
      : '';
    const url = new URL(window.location.href);
    if (words.length) url.searchParams.set('q', input.value);
    else url.searchParams.delete('q');
    window.history.replaceState(null, '', url);
  };
  form.addEventListener('submit', (e) => e.preventDefault());
  input.addEventListener('input', run);
  const q = new URL(window.location.href).searchParams.get('q');
  if (q) {
    input.value = q;
    run();
  }
})();
