// Packages the widget runtime: hashes the wasm, wraps glue + loader into one minified
// whatsnew.js, writes precompressed copies. Only files that changed are rewritten, so cargo
// does not rebuild the CLI for nothing.
// Usage: node scripts/package-runtime.mjs <raw dir> <out dir> <loader.js>
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { createRequire } from 'node:module';

// terser is installed into .tools/ by scripts/setup.sh, next to wasm-opt.
const { minify } = createRequire(new URL('../.tools/package.json', import.meta.url))('terser');

const [raw, out, loaderPath] = process.argv.slice(2);
const wasm = readFileSync(`${raw}/runtime.wasm`);
const hash = createHash('sha256').update(wasm).digest('hex').slice(0, 10);
const wasmName = `whatsnew-${hash}.wasm`;
const integrity = 'sha384-' + createHash('sha384').update(wasm).digest('base64');

// Apply wasm-opt's renaming of imports and exports to the glue.
const names = JSON.parse(readFileSync(`${raw}/names.json`, 'utf8'));
let glue = readFileSync(`${raw}/glue.js`, 'utf8');
for (const [, from, to] of names.imports) {
  const key = new RegExp(`\\b${from}:`, 'g');
  if (!key.test(glue)) throw new Error(`import ${from} not found in the glue`);
  glue = glue.replace(key, `${JSON.stringify(to)}:`);
}
for (const [from, to] of names.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${from}\\b`, 'g'), `wasm[${JSON.stringify(to)}]`);
}
// The loader only ever initialises asynchronously: drop initSync so the minifier can too.
if (!glue.includes('Object.assign(__wbg_init, { initSync }, exports)')) throw new Error('glue layout changed: initSync');
glue = glue.replace('Object.assign(__wbg_init, { initSync }, exports)', 'Object.assign(__wbg_init, exports)');
// All imports come from one module, renamed too; check the glue now provides every import.
const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
const modules = [...new Set(imports.map((i) => i.module))];
if (modules.length !== 1) throw new Error(`expected one import module, found ${modules}`);
if (!glue.includes('"./glue_bg.js": import0')) throw new Error('import module not found in the glue');
glue = glue.replace('"./glue_bg.js": import0', `${JSON.stringify(modules[0])}: import0`);
for (const i of imports) {
  if (!glue.includes(`${JSON.stringify(i.name)}:`)) throw new Error(`the glue does not provide import ${i.name}`);
}
// The runtime's DOM calls go to the loader's `D` object: every name the glue calls must be a
// key of it, and no key may be written twice (the second silently wins).
{
  const source = readFileSync(loaderPath, 'utf8');
  const block = source.slice(source.indexOf('var D = {'), source.indexOf('\n};', source.indexOf('var D = {')));
  const keys = [...block.matchAll(/^  (\w+): /gm)].map((m) => m[1]);
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (twice.length) throw new Error(`loader.js: D has ${twice} twice`);
  for (const [, k] of glue.matchAll(/\bD\.(\w+)\(/g)) if (!keys.includes(k)) throw new Error(`the runtime calls D.${k}, which loader.js does not define`);
}
const loader = readFileSync(loaderPath, 'utf8')
  .replace('__WHATSNEW_WASM__', wasmName)
  .replace('__WHATSNEW_WASM_INTEGRITY__', integrity);
// One function scope: the glue's `wasm_bindgen` stays private, and a second copy of the
// script (included twice) returns before doing anything, unless the first was destroyed or
// what is there is a host's stub (a queue of calls, `{ q: [] }`, without `ready`).
const source = `(function () {\n'use strict';\nvar o = window.WhatsNew;\nif (o && o.ready && !o.destroyed) return;\n${glue}\n${loader}\n})();\n`;
const min = await minify(source, { ecma: 2020, compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true }, mangle: true, format: { comments: false } });

mkdirSync(out, { recursive: true });
const files = { 'whatsnew.js': Buffer.from(min.code), [wasmName]: wasm };
const wanted = new Set();
for (const [name, bytes] of Object.entries(files)) {
  const variants = {
    [name]: bytes,
    [`${name}.br`]: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    [`${name}.gz`]: gzipSync(bytes, { level: 9 }),
  };
  for (const [n, b] of Object.entries(variants)) {
    wanted.add(n);
    const path = `${out}/${n}`;
    if (!existsSync(path) || !readFileSync(path).equals(b)) writeFileSync(path, b);
  }
}
for (const n of readdirSync(out)) if (!wanted.has(n)) rmSync(`${out}/${n}`);
