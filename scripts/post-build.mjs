// Trunk's post-build step (Trunk.toml [[hooks]]), run in the staging directory before it
// becomes dist/:
//   1. minifies the app's script (wasm-bindgen's glue: 59 KB, 10 KB gzip, before; terser, whose
//      output is the same module with shorter names and no comments);
//   2. writes infoloop-figure.js, the web component's script, from static/infoloop-figure.js with
//      the hashed names of this build's app files filled in (the element's one script tag never
//      changes name), minified likewise;
//   3. writes infoloop-worker.js, the script of the page's workers, from static/infoloop-worker.js
//      with the app script's hashed name filled in, minified likewise (its comments stay in the
//      source: 763 B gzip before, about half after);
//   4. runs wasm-opt -O3 once more on the module and keeps the result if it gzips smaller (its
//      integrity digest updated in index.html): trunk's -O3 --converge stops at a fixed point of
//      the raw size, and one more pass from there can lay the same code out so that it gzips
//      smaller (611 B on the build it was added for; on another build it did not help); where it
//      is not smaller, the module stays as trunk wrote it;
//   5. writes a .gz and a .br beside every text and wasm file, for static hosts that serve
//      pre-compressed files (the originals stay; hosts that do not look for them are unaffected).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { minify } from 'terser';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const files = fs.readdirSync(staging);
const one = (re, what) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) {
    console.error(`post-build: expected one ${what} in ${staging}, found ${found.join(', ') || 'none'}`);
    process.exit(1);
  }
  return `./${found[0]}`;
};
const glue = one(/^infoloop-[0-9a-f]+\.js$/, 'app script');
const wasm = one(/^infoloop-[0-9a-f]+_bg\.wasm$/, 'wasm module');
const css = one(/^style-[0-9a-f]+\.css$/, 'stylesheet');
const gluePath = path.join(staging, glue);
const glueSource = fs.readFileSync(gluePath, 'utf8');
/** `source` minified by terser (an ES module: shorter names, no comments). */
async function minifiedModule(source, what) {
  const out = await minify(source, { module: true, compress: { passes: 2 }, mangle: true });
  if (!out.code) {
    console.error(`post-build: terser produced no output for ${what}`);
    process.exit(1);
  }
  return out;
}
const minified = await minifiedModule(glueSource, 'the app script');
fs.writeFileSync(gluePath, minified.code);
// The page names the script with its subresource-integrity digest: give it the new one.
const sri = (text) => `sha384-${crypto.createHash('sha384').update(text).digest('base64')}`;
const indexPath = path.join(staging, 'index.html');
const index = fs.readFileSync(indexPath, 'utf8');
if (!index.includes(sri(glueSource))) {
  console.error(`post-build: index.html does not name ${glue} by its integrity digest`);
  process.exit(1);
}
fs.writeFileSync(indexPath, index.replaceAll(sri(glueSource), sri(minified.code)));
const template = fs.readFileSync(path.join(root, 'static/infoloop-figure.js'), 'utf8');
const element = template.replace('__GLUE__', glue).replace('__WASM__', wasm).replace('__CSS__', css);
if (element.includes('__')) {
  console.error('post-build: a placeholder of static/infoloop-figure.js was left unfilled');
  process.exit(1);
}
fs.writeFileSync(path.join(staging, 'infoloop-figure.js'), (await minifiedModule(element, 'infoloop-figure.js')).code);
const workerTemplate = fs.readFileSync(path.join(root, 'static/infoloop-worker.js'), 'utf8');
const worker = workerTemplate.replace('__GLUE__', glue);
if (worker.includes('__GLUE__')) {
  console.error('post-build: the placeholder of static/infoloop-worker.js was left unfilled');
  process.exit(1);
}
fs.writeFileSync(path.join(staging, 'infoloop-worker.js'), (await minifiedModule(worker, 'infoloop-worker.js')).code);

// One more wasm-opt pass, with index.html's flags but without --converge; kept only if it gzips smaller.
const wasmPath = path.join(staging, wasm);
const before = fs.readFileSync(wasmPath);
const again = `${wasmPath}.again`;
const wasmOpt = path.join(root, 'node_modules/.bin/wasm-opt');
execFileSync(wasmOpt, [wasmPath, '-O3', '--low-memory-unused', '--zero-filled-memory', '-o', again], { stdio: 'inherit' });
const after = fs.readFileSync(again);
fs.rmSync(again);
const gz = (data) => zlib.gzipSync(data, { level: 9 }).length;
const [gzBefore, gzAfter] = [gz(before), gz(after)];
if (gzAfter < gzBefore) {
  const html = fs.readFileSync(indexPath, 'utf8');
  if (!html.includes(sri(before))) {
    console.error(`post-build: index.html does not name ${wasm} by its integrity digest`);
    process.exit(1);
  }
  fs.writeFileSync(wasmPath, after);
  fs.writeFileSync(indexPath, html.replaceAll(sri(before), sri(after)));
}
console.log(
  `post-build: one more wasm-opt -O3 pass: ${gzBefore} -> ${gzAfter} B gzip, ${gzAfter < gzBefore ? 'kept' : 'not kept'}`,
);

const COMPRESS = /\.(html|js|css|wasm|svg|txt|json)$/;
let raw = 0;
let br = 0;
for (const name of fs.readdirSync(staging)) {
  const file = path.join(staging, name);
  if (!COMPRESS.test(name) || !fs.statSync(file).isFile()) continue;
  const data = fs.readFileSync(file);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
  const b = zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  fs.writeFileSync(`${file}.br`, b);
  raw += data.length;
  br += b.length;
}
console.log(`post-build: minified ${glue} from ${glueSource.length} B to ${minified.code.length} B`);
console.log(`post-build: wrote infoloop-figure.js (${glue}, ${wasm}, ${css}) and infoloop-worker.js; compressed ${raw} B to ${br} B (brotli)`);
