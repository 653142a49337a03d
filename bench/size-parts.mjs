// What each part of the widget runtime costs: twiggy over the wasm as wasm-bindgen left it
// (target/runtime-raw/glue_bg.wasm, which still has its function names), grouped by module.
//
//   node bench/size-parts.mjs [wasm] [runtime dir]
//
// Columns:
//   own        bytes of the functions named in that module (shallow, additive: the rows sum to
//              the code and data the module ships before wasm-opt);
//   attributed own + the std, alloc and wasm-bindgen code that only this part keeps alive
//              (generic code whose nearest dominator in twiggy's dominator tree belongs to the
//              part); also additive;
//   retained   twiggy's retained size: what removing the part's entry points would remove.
//              Parts nest (app retains the surfaces it opens), so this column overlaps;
//   ≈ brotli   the attributed share of the shipped wasm's brotli size (target/runtime): an
//              estimate, since wasm-opt and brotli do not shrink every part alike.
// LTO inlines across modules: code inlined into a caller counts for the caller's module (a
// surface's constructor inlined into `surface::open` shows under `surface`).
// Writes target/bench/size-parts.{md,json}.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WASM = process.argv[2] ?? join(ROOT, 'target/runtime-raw/glue_bg.wasm');
const RUNTIME = process.argv[3] ?? join(ROOT, 'target/runtime');
const TWIGGY = process.env.TWIGGY ?? join(ROOT, '.tools/bin/twiggy');
if (!existsSync(TWIGGY)) {
  console.error(`size-parts: ${TWIGGY} is missing: cargo install twiggy --locked --root .tools`);
  process.exit(1);
}
if (!existsSync(WASM)) {
  console.error(`size-parts: ${WASM} is missing: run make widget first`);
  process.exit(1);
}
const twiggy = (...args) => JSON.parse(execFileSync(TWIGGY, [...args, '-f', 'json', WASM], { encoding: 'utf8', maxBuffer: 256 << 20 }));

// --- naming: which part an item belongs to ---------------------------------------------------
const WIDGET_PARTS = new Set(['app', 'decode', 'dom', 'i18n', 'render', 'store', 'surface']);
const SURFACES = new Set(['popup', 'toast', 'feed', 'launcher', 'banner', 'tooltip', 'guide', 'anchored']);
const SHARED = 'whatsnew_widget::surface::Single (shared by popup, toast, banner)';

/** The path an item's code belongs to: `<T as Trait>::f` is T's, hashes and crate ids dropped. */
function subject(name) {
  let n = name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
  if (n.startsWith('<')) {
    // `<whatsnew_widget::surface::feed::Panel as whatsnew_widget::surface::Surface>::dismissed`
    let depth = 0, end = n.length;
    for (let i = 0; i < n.length; i++) {
      if (n[i] === '<') depth++;
      else if (n[i] === '>' && --depth === 0) { end = i; break; }
    }
    const inner = n.slice(1, end);
    const as = inner.indexOf(' as ');
    n = (as >= 0 ? inner.slice(0, as) : inner).replace(/^&(mut )?/, '');
  }
  return n;
}

/** A named part of ours, or null for std/alloc/glue and wasm structure. */
function part(name) {
  const s = subject(name);
  let m = s.match(/^whatsnew_widget::([a-z_0-9]+)(?:::([a-z_0-9]+))?/);
  if (m) {
    if (m[1] === 'surface' && m[2] && SURFACES.has(m[2])) return `whatsnew_widget::surface::${m[2]}`;
    // The type popup, toast and banner share (when they do): its own row.
    if (m[1] === 'surface' && /^whatsnew_widget::surface::Single\b/.test(s)) return SHARED;
    if (WIDGET_PARTS.has(m[1])) return `whatsnew_widget::${m[1]}`;
    return 'whatsnew_widget (lib.rs: Widget entry points)';
  }
  if (s.startsWith('whatsnew_widget::')) return 'whatsnew_widget (lib.rs: Widget entry points)';
  m = s.match(/^whatsnew_core::([a-z_0-9]+)/);
  if (m) return `whatsnew_core::${m[1]}`;
  return null;
}

/** Where an item no part of ours owns goes when no part alone keeps it alive. */
function other(name) {
  if (/^"function names" subsection|^custom section|names/.test(name)) return 'custom sections (names, producers: not shipped)';
  if (/^data segment/.test(name)) return 'data (.rodata: strings, the stylesheet, tables)';
  if (/^(import|export) |^type\[|^table|^elem|^memory|^global|^code section headers|^__wbindgen|^__externref|shim/.test(name)) return 'wasm-bindgen glue, imports, exports, tables';
  const s = subject(name);
  if (/^(wasm_bindgen|js_sys|web_sys)::/.test(s)) return 'wasm-bindgen glue, imports, exports, tables';
  if (/^lol_alloc::/.test(s)) return 'allocator (lol_alloc)';
  return 'std (core, alloc) shared by several parts';
}

// --- twiggy ----------------------------------------------------------------------------------
const top = twiggy('top');
const dom = twiggy('dominators');
const total = top.reduce((n, x) => n + x.shallow_size, 0);

const rows = new Map();
const walked = new Map();
const row = (name) => {
  if (!rows.has(name)) rows.set(name, { part: name, functions: 0, own: 0, attributed: 0, retained: 0 });
  return rows.get(name);
};
// Walk the dominator tree: every item counts once (shallow) toward its own part, or toward the
// nearest dominating part; an item's retained size counts toward its part unless an ancestor of
// the same part already counted it.
(function walk(nodes, owner, counted) {
  for (const n of nodes ?? []) {
    walked.set(n.name, (walked.get(n.name) ?? 0) + 1);
    const p = n.name === '<meta root>' ? null : part(n.name);
    if (p) {
      const r = row(p);
      r.functions++;
      r.own += n.shallow_size;
      r.attributed += n.shallow_size;
      if (!counted.has(p)) r.retained += n.retained_size;
    } else if (n.name !== '<meta root>') {
      row(owner ?? other(n.name)).attributed += n.shallow_size;
    }
    walk(n.children, p ?? owner, p ? new Set([...counted, p]) : counted);
  }
})(dom.items, null, new Set());
// Items outside the call graph (data segments, custom sections) are not in the dominator tree.
for (const x of top) {
  const seen = walked.get(x.name) ?? 0;
  if (seen > 0) { walked.set(x.name, seen - 1); continue; }
  const p = part(x.name);
  const r = row(p ?? other(x.name));
  r.attributed += x.shallow_size;
  if (p) { r.functions++; r.own += x.shallow_size; r.retained += x.shallow_size; }
}
// The surfaces always get a row: one with no function of its own was inlined into its caller
// or merged into a shared surface type.
for (const s of SURFACES) row(`whatsnew_widget::surface::${s}`);

// --- the shipped runtime, for the brotli estimate -----------------------------------------------
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const shippedWasm = readdirSync(RUNTIME).find((f) => /^whatsnew-[0-9a-f]+\.wasm$/.test(f));
const shippedJs = join(RUNTIME, 'whatsnew.js');
const wasmBr = shippedWasm ? br(readFileSync(join(RUNTIME, shippedWasm))) : null;
const jsBr = existsSync(shippedJs) ? br(readFileSync(shippedJs)) : null;
const unshipped = rows.get('custom sections (names, producers: not shipped)')?.attributed ?? 0;
const shippedRaw = total - unshipped;

const order = (r) => {
  const k = r.part;
  const rank = k.startsWith('whatsnew_widget::surface::') ? 0 : k.startsWith('whatsnew_widget') ? 1 : k.startsWith('whatsnew_core') ? 2 : k.startsWith('custom') ? 9 : 5;
  return [rank, -r.attributed];
};
const list = [...rows.values()].sort((a, b) => {
  const [ra, sa] = order(a), [rb, sb] = order(b);
  return ra - rb || sa - sb;
});

const fmt = (n) => n.toLocaleString('en-US');
const ours = (r) => r.part.startsWith('whatsnew_');
const lines = [
  `## Size per part of the runtime (twiggy over ${WASM.replace(ROOT + '/', '')}, before wasm-opt)`,
  '',
  'own: the part\'s own functions; attributed: own plus std/glue code only it keeps alive (both additive); retained: twiggy\'s retained size (parts nest, so it overlaps); ≈ brotli: the attributed share of the shipped wasm, brotli -q 11 (an estimate). LTO inlines across modules: inlined code counts for the caller.',
  '',
  '| part | functions | own (B) | attributed (B) | retained (B) | share | ≈ brotli (B) |',
  '|---|---:|---:|---:|---:|---:|---:|',
];
for (const r of list) {
  const shipped = !r.part.startsWith('custom');
  const share = shipped ? r.attributed / shippedRaw : null;
  lines.push(`| ${r.part} | ${ours(r) ? r.functions : ''} | ${ours(r) ? fmt(r.own) : ''} | ${fmt(r.attributed)} | ${ours(r) ? fmt(r.retained) : ''} | ${share === null ? '–' : (share * 100).toFixed(1) + ' %'} | ${share === null || wasmBr === null ? '–' : fmt(Math.round(share * wasmBr))} |`);
}
const widgetSum = list.filter((r) => r.part.startsWith('whatsnew_widget')).reduce((n, r) => n + r.attributed, 0);
const coreSum = list.filter((r) => r.part.startsWith('whatsnew_core')).reduce((n, r) => n + r.attributed, 0);
const est = (n) => (wasmBr === null ? '–' : fmt(Math.round((n / shippedRaw) * wasmBr)));
lines.push(`| **all of whatsnew_widget** | | | ${fmt(widgetSum)} | | ${((widgetSum / shippedRaw) * 100).toFixed(1)} % | ${est(widgetSum)} |`);
lines.push(`| **all of whatsnew_core** | | | ${fmt(coreSum)} | | ${((coreSum / shippedRaw) * 100).toFixed(1)} % | ${est(coreSum)} |`);
lines.push(`| **wasm, shipped** (${shippedWasm ?? 'missing'}) | | | ${fmt(shippedRaw)} before wasm-opt | | 100 % | ${wasmBr === null ? '–' : fmt(wasmBr)} |`);
if (jsBr !== null) lines.push(`| whatsnew.js (loader + wasm-bindgen glue, not in the wasm) | | | | | | ${fmt(jsBr)} |`);
if (jsBr !== null && wasmBr !== null) lines.push(`| **everything a host loads** | | | | | | **${fmt(jsBr + wasmBr)}** of 32,768 |`);
const empty = list.filter((r) => r.part.startsWith('whatsnew_widget::surface::') && r.functions === 0).map((r) => r.part.split('::').pop());
if (empty.length) lines.push('', `${empty.join(', ')}: no function of its own in this build (${rows.has(SHARED) ? 'each a one-line constructor over `Single`, whose row is their cost' : 'inlined into the caller'}).`);
const md = lines.join('\n') + '\n';
console.log(md);
mkdirSync(join(ROOT, 'target/bench'), { recursive: true });
writeFileSync(join(ROOT, 'target/bench/size-parts.md'), md);
writeFileSync(join(ROOT, 'target/bench/size-parts.json'), JSON.stringify({ wasm: WASM, total, shippedRaw, wasmBrotli: wasmBr, jsBrotli: jsBr, parts: list }, null, 2));
