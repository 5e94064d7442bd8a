// End-to-end test of the release build in dist/: serves it on 127.0.0.1, drives Debian's
// Chromium with playwright-core (never a downloaded browser) and checks what a person would see.
// Prints `ok - name (note) [seconds]` / `not ok - name: reason [seconds]` per check and closes with
// `e2e: N passed, M failed` (scripts/test.sh adds these to its own total); exits 1 on a failure.
//
// The app contract it checks:
//   #app[data-status=running|done][data-fingerprint]   root; "done" = run finished and drawn
//   canvas[data-chart=info|accuracy|entropy][data-draws] one per chart, draws = redraw count
//   input[data-key=<param>]                              every control (range or checkbox)
//   .notes                                               corrections of a bad share link
//   window.infoloop.fingerprint(query) / .timeRun(query, reps) / .curvesJson(query)
//   figure.chart button[data-export=png|svg]             figure downloads (via <a download>)
//   button.copy-link [data-link-length] button[data-export=csv|json] button.embed-code
//   section.embed-dialog textarea.embed-code-text        the iframe snippet (height listener)
//   embed=1 -> #app.embed (no .masthead, .open-full a);  hide=controls -> #app.no-panel
//
// Besides a page load, charts, golden fingerprints and slider latency, it checks 50 hostile
// links (and bidi overrides quoted in notes), two embeds resizing in a host page on another
// origin, the page served from a subpath, the SVG/PNG/CSV/JSON downloads against the run's own
// data, and the copied share link.
//
// Environment: E2E_ONLY (run only checks whose name contains it), E2E_DIST (default dist/), E2E_GOLDEN (default tests/golden/loop_a.txt),
// E2E_OUT (screenshots, default target/e2e/), CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, launchChromium } from './chromium.mjs';
import { startStaticServer } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, 'dist'));
const GOLDEN = path.resolve(process.env.E2E_GOLDEN ?? path.join(ROOT, 'tests/golden/loop_a.txt'));
const OUT = path.resolve(process.env.E2E_OUT ?? path.join(ROOT, 'target/e2e'));
const VIEWPORT = { width: 1280, height: 800 };
const DONE = '#app[data-status="done"]';
const RUN_TIMEOUT_MS = 60_000; // one page load until its run is done and drawn
const CHECK_TIMEOUT_MS = 180_000; // one named check, whatever it waits for
const CHART_NAMES = ['accuracy', 'entropy', 'info'];
const MIN_INK_PIXELS = 200;
const URL_SETTLE_MS = 300; // the app debounces address-bar writes by 150 ms // a drawn chart differs from its background in at least this many

// Whole-run watchdog: a hung browser must not hang CI (scripts/test.sh also wraps this in timeout).
setTimeout(() => {
  console.log('not ok - e2e watchdog: the run took over 10 minutes');
  console.log(`e2e: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, 600_000).unref();

let passed = 0;
let failed = 0;

/** Runs one named check; a thrown error (assert or timeout) fails it with a one-line reason. */
async function check(name, body, timeoutMs = CHECK_TIMEOUT_MS) {
  // E2E_ONLY=<text>: run only the checks whose name contains it (for development; CI runs all).
  if (process.env.E2E_ONLY && !name.includes(process.env.E2E_ONLY)) return;
  let timer;
  const t0 = Date.now();
  const took = () => `[${((Date.now() - t0) / 1000).toFixed(1)} s]`;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const note = await Promise.race([body(), timeout]);
    passed += 1;
    console.log(`ok - ${name}${note ? ` (${note})` : ''} ${took()}`);
  } catch (err) {
    failed += 1;
    console.log(`not ok - ${name}: ${reason(err)} ${took()}`);
  } finally {
    clearTimeout(timer);
  }
}

/** One line saying why a check failed: the assertion's message and what it actually found. */
function reason(err) {
  const first = String(err?.message ?? err).split('\n')[0];
  const shown = err?.code === 'ERR_ASSERTION' && err.operator !== '==' && err.actual !== undefined;
  return shown ? `${first}: ${JSON.stringify(err.actual)?.slice(0, 800)}` : first;
}

/** Opens a page and records what a person would not want to see: errors and dialogs. */
async function openPage(context) {
  const page = await context.newPage();
  const seen = { consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => seen.pageErrors.push(String(err?.message ?? err)));
  page.on('dialog', async (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  return { page, seen };
}

/** Navigates to a share link and waits until its run is done (and the wasm API is installed). */
async function load(page, base, query) {
  await page.goto(`${base}/${query}`, { waitUntil: 'load' });
  await page.waitForSelector(DONE, { timeout: RUN_TIMEOUT_MS, state: 'attached' });
  await page.waitForFunction(
    () => typeof window.infoloop?.fingerprint === 'function' && typeof window.infoloop?.timeRun === 'function',
    null,
    { timeout: RUN_TIMEOUT_MS },
  );
}

/** Every chart canvas: its name, redraw count, size and count of pixels unlike its corner. */
function readCharts(page) {
  return page.$$eval('canvas[data-chart]', (canvases) =>
    canvases.map((c) => {
      let ink = -1;
      if (c.width > 0 && c.height > 0) {
        const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
        ink = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) {
            ink += 1;
          }
        }
      }
      return { name: c.dataset.chart, draws: Number(c.dataset.draws), width: c.width, height: c.height, ink };
    }),
  );
}

/**
 * Sets the control `input[data-key=key]` to `value` as a person dragging it would (input, then
 * change) and resolves with the milliseconds until the first chart first redrew (`first`: the
 * partial run from the replicates done so far) and until it redrew the complete run (`done`).
 */
async function setControlAndTime(page, key, value) {
  const ms = await setControlAndTimeNow(page, key, value);
  // The app writes the share link into the address bar once the state has rested (150 ms).
  await page.waitForTimeout(URL_SETTLE_MS);
  return ms;
}

/** The measurement itself (in the page, so the settle wait above is not counted). */
function setControlAndTimeNow(page, key, value) {
  return page.evaluate(
    ({ key, value, limitMs }) =>
      new Promise((resolve, reject) => {
        const app = () => document.getElementById('app');
        const info = () => document.querySelector('canvas[data-chart]');
        const input = document.querySelector(`input[data-key="${key}"]`);
        if (!input) return reject(new Error(`no input[data-key=${key}]`));
        const before = Number(info()?.dataset.draws ?? NaN);
        const redrawn = () => Number(info()?.dataset.draws) > before && app()?.dataset.status === 'done';
        let first = null;
        const t0 = performance.now();
        let observer;
        const timer = setTimeout(() => {
          observer?.disconnect();
          reject(
            new Error(
              `${key}=${value}: no redraw within ${limitMs} ms (draws ${before} -> ${info()?.dataset.draws}, ` +
                `status ${app()?.dataset.status})`,
            ),
          );
        }, limitMs);
        const finish = () => {
          if (first === null && Number(info()?.dataset.draws) > before) first = performance.now() - t0;
          if (!redrawn()) return;
          clearTimeout(timer);
          observer.disconnect();
          resolve({ first, done: performance.now() - t0 });
        };
        observer = new MutationObserver(finish);
        observer.observe(document.body, { attributes: true, childList: true, subtree: true });
        input.value = String(value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
        finish();
      }),
    { key, value, limitMs: 10_000 },
  );
}

/** min/max/step/value of a range input. */
function readRange(page, key) {
  return page.$eval(`input[data-key="${key}"]`, (el) => ({
    type: el.type,
    min: Number(el.min || 0),
    max: Number(el.max || 100),
    step: el.step === 'any' || !el.step ? 0 : Number(el.step),
    value: Number(el.value),
  }));
}

/** A value of the range at fraction f of its span, snapped to its step. */
function valueAt(range, f) {
  let v = range.min + f * (range.max - range.min);
  if (range.step > 0) v = range.min + Math.round((v - range.min) / range.step) * range.step;
  return Number(Math.min(range.max, Math.max(range.min, v)).toPrecision(12));
}

/** A path as the log shows it: relative to the repo when inside it. */
function show(p) {
  const rel = path.relative(ROOT, p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Clicks `locator` and resolves with the download it starts: its file name, bytes and text. */
async function download(page, locator) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), locator.click()]);
  const failure = await dl.failure();
  if (failure) throw new Error(`download ${dl.suggestedFilename()} failed: ${failure}`);
  const bytes = await fs.readFile(await dl.path());
  return { name: dl.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/**
 * 50 share links a person (or an attacker) may send: garbage, NaN/Infinity/-0/1e309, huge and
 * negative counts, script and attribute-injection payloads, unicode (RTL, emoji), broken
 * percent-encoding, 10 kB values, 100 repeated or unknown keys, bad v=, sc=, embed=, hide=.
 * Every one holds at least one thing the parser must correct, so each must show `.notes`.
 */
function hostileLinks() {
  const links = [
    // garbage
    '?v=1&s=banana',
    '?garbage',
    '?&&&=&==&',
    '?v=1&n=%00%01%02',
    '?v=1&t=12abc&k=0x10',
    '?v=1&q=1,5',
    // NaN, Infinity, -0, 1e309
    '?v=1&s=NaN',
    '?v=1&q=Infinity&kap=-Infinity',
    '?v=1&lam=-0&s=-0.5',
    '?v=1&n=1e309&r=-1e309',
    '?v=1&a=1e-400&b=-0',
    // huge and negative counts
    '?v=1&n=99999999999999999999999&t=3',
    '?v=1&r=1e12&t=3',
    '?v=1&t=-40&n=-1&k=-2&n0=-1000',
    '?v=1&seed=-1',
    '?v=1&seed=18446744073709551616',
    // script tags, javascript: and attribute-injection payloads (raw and percent-encoded)
    '?v=1&q=<script>alert(1)</script>',
    '?v=1&s=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '?v=1&<script>alert(1)</script>=1',
    '?v=1&s="><img src=x onerror=alert(1)>',
    '?v=1&%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1',
    '?v=1&sc=javascript:alert(1)',
    '?v=1&embed=javascript:alert(document.domain)',
    '?v=1&embed=1&hide="><svg/onload=alert(1)>',
    '?v=1&embed=1&hide=<img src=x onerror=window.__xss=1>,controls',
    '?v=1&seed=<iframe src=javascript:alert(1)>',
    `?v=1&t=2"onmouseover="alert(1)&s='><script>window.__xss=1</script>`,
    '?v=1&s=2#"><img src=x onerror=alert(1)>',
    // unicode: Arabic-Indic digits, RTL override, emoji, fullwidth digits, Hebrew and Arabic
    '?v=1&s=٠٫٥',
    '?v=1&k=\u202Egnp.exe',
    '?v=1&🔥=💩',
    '?v=1&q=%F0%9F%98%80',
    '?v=1&n=３２',
    '?v=1&embed=1&hide=שלום,مرحبا',
    // broken percent-encoding
    '?v=1&s=%zz',
    '?v=1&s=%',
    '?v=1&q=%4&t=%%41',
    '?v=1&%FF%FE=1',
    '?v=1&t=%E2%82',
    // 10 kB values
    `?v=1&s=${'x'.repeat(10_240)}`,
    `?v=1&q=${'9'.repeat(10_240)}`,
    `?v=1&zz=${'€'.repeat(3_500)}`,
    // 100 repeated keys, 100 unknown keys, unknown keys
    `?v=1${'&s=0.5'.repeat(100)}`,
    `?v=1${Array.from({ length: 100 }, (_, i) => `&x${i}=${i}`).join('')}`,
    '?v=1&foo=bar&__proto__=1&constructor=x',
    // bad v=, sc=, embed=, hide=
    '?v=2&s=0.5',
    '?v=&ver=1',
    '?sc=nope&v=1',
    '?v=1&embed=true&hide=controls',
    '?v=1&embed=1&hide=zz,,k,controls,<b>',
  ];
  assert.equal(links.length, 50, 'hostile link count');
  return links;
}

/** What a hostile link may have smuggled into the page, and every range control's value. */
function inspectPage(page, baselineScripts) {
  return page.evaluate((baseline) => {
    const smuggled = [];
    for (const el of document.querySelectorAll('*')) {
      const tag = el.localName;
      if (tag === 'script' && !baseline.includes(el.outerHTML)) smuggled.push(el.outerHTML.slice(0, 120));
      if (['img', 'iframe', 'object', 'embed', 'frame', 'svg', 'math', 'form', 'base', 'video', 'audio'].includes(tag)) {
        smuggled.push(el.outerHTML.slice(0, 120));
      }
      for (const { name, value } of el.attributes) {
        if (name.startsWith('on') || /^\s*(javascript|data):/i.test(value)) smuggled.push(`${tag}[${name}=${value.slice(0, 60)}]`);
      }
    }
    const ranges = [...document.querySelectorAll('input[type=range]')].map((e) => ({
      key: e.dataset.key,
      value: e.value,
      ok: e.value !== '' && Number.isFinite(Number(e.value)) && Number(e.value) >= Number(e.min) && Number(e.value) <= Number(e.max),
    }));
    return { smuggled, ranges, xss: window.__xss ?? null, title: document.title };
  }, baselineScripts);
}

/** The PNG's width and height from its IHDR chunk, or null if the bytes are no PNG. */
function pngSize(bytes) {
  const magic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(magic) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The entries of a query string, sorted, to compare two links' parameters. */
function queryEntries(search) {
  return [...new URLSearchParams(search)].map(([k, v]) => `${k}=${v}`).sort();
}

/** The JSON export `window.infoloop.curvesJson` computes for the page's current link. */
async function curvesOfPage(page) {
  return JSON.parse(await page.evaluate(() => window.infoloop.curvesJson(location.search)));
}

function assertClean(seen, what) {
  assert.deepEqual(seen.pageErrors, [], `${what}: page errors`);
  assert.deepEqual(seen.consoleErrors, [], `${what}: console errors`);
}

async function main() {
  console.log(`e2e: dist ${DIST}, chromium ${CHROMIUM}`);
  try {
    await fs.access(path.join(DIST, 'index.html'));
  } catch {
    console.log(`not ok - dist/index.html exists: missing (run trunk build --release)`);
    return { passed: 0, failed: 1 };
  }
  await fs.mkdir(OUT, { recursive: true });
  const server = await startStaticServer(DIST);
  const base = server.url;
  const origin = new URL(base).origin;
  const requests = [];
  let browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await server.close();
    console.log(`not ok - launch chromium: ${String(err?.message ?? err).split('\n')[0]}`);
    return { passed: 0, failed: 1 };
  }
  const newContext = async (deviceScaleFactor) => {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor });
    context.on('request', (req) => requests.push(req.url()));
    return context;
  };

  try {
    const hiDpi = await newContext(2);
    const main = await openPage(hiDpi);
    const LINK = '?v=1&ver=1&s=0.4&seed=7';

    // (i) A share link loads, every chart is drawn, the controls show the link's values.
    await check(`loads ${LINK}: 3 charts drawn, slider s = 0.4, no errors`, async () => {
      await load(main.page, base, LINK);
      const charts = await readCharts(main.page);
      assert.deepEqual(charts.map((c) => c.name).sort(), CHART_NAMES, 'chart canvases');
      for (const c of charts) {
        assert.ok(c.draws >= 1, `chart ${c.name}: data-draws ${c.draws} < 1`);
        assert.ok(c.ink >= MIN_INK_PIXELS, `chart ${c.name} (${c.width}x${c.height}) looks blank: ${c.ink} inked pixels`);
      }
      const s = await main.page.$eval('input[data-key="s"]', (el) => el.value);
      assert.equal(Number(s), 0.4, `input[data-key=s] value ${s}`);
      const fp = await main.page.$eval('#app', (el) => el.dataset.fingerprint ?? '');
      assert.match(fp, /^[0-9a-f]{16}$/, `#app data-fingerprint ${JSON.stringify(fp)}`);
      await main.page.screenshot({ path: path.join(OUT, 'app-1280x800@2x.png') });
      assertClean(main.seen, 'load');
      return charts.map((c) => `${c.name}: ${c.draws} draws, ${c.ink} px`).join('; ');
    });

    await check('renders at devicePixelRatio 1 too (screenshot)', async () => {
      const loDpi = await newContext(1);
      const p = await openPage(loDpi);
      await load(p.page, base, LINK);
      const charts = await readCharts(p.page);
      assert.equal(charts.length, 3, 'chart canvases');
      for (const c of charts) assert.ok(c.ink >= MIN_INK_PIXELS, `chart ${c.name} looks blank at dpr 1`);
      await p.page.screenshot({ path: path.join(OUT, 'app-1280x800@1x.png') });
      await p.page.screenshot({ path: path.join(OUT, 'app-full@1x.png'), fullPage: true });
      assertClean(p.seen, 'dpr 1');
      await loDpi.close();
      return `screenshots in ${show(OUT)}`;
    });

    // (ii) The browser computes exactly what the native golden file says: wasm == native bits.
    await check(`golden fingerprints (${show(GOLDEN)}) match in wasm`, async () => {
      const text = await fs.readFile(GOLDEN, 'utf8');
      const cases = text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => {
          const parts = line.split(/\s+/);
          return { query: parts.slice(0, -1).join(' '), hex: parts.at(-1) };
        });
      assert.ok(cases.length > 0, 'the golden file has no cases');
      const mismatches = [];
      for (const { query, hex } of cases) {
        const got = await main.page.evaluate((q) => window.infoloop.fingerprint(q), query);
        if (got !== hex) mismatches.push(`${query}: wasm ${got}, native ${hex}`);
      }
      assert.deepEqual(mismatches, [], `${mismatches.length} of ${cases.length} differ`);
      return `${cases.length} queries bit-identical`;
    });

    // (iii) How long the default run takes in wasm (printed for the record, not a budget).
    await check('timeRun("v=1", 10) returns a median in ms', async () => {
      const ms = await main.page.evaluate(() => window.infoloop.timeRun('v=1', 10));
      assert.ok(Number.isFinite(ms) && ms >= 0, `timeRun returned ${ms}`);
      console.log(`# timing: default run (v=1) median ${ms.toFixed(2)} ms in wasm over 10 runs`);
      return `median ${ms.toFixed(2)} ms`;
    });

    // (iv) Moving a slider redraws the charts promptly: 50 moves on each scenario's default,
    // timed to the first redraw (partial run) and to the complete run's redraw.
    const latency = {};
    await check('slider -> redraw latency, 50 moves per scenario default (p95 first redraw < 50 ms)', async () => {
      const sliders = { '': 'q', '?v=1&sc=gauss': 'tau', '?v=1&sc=budget': 'c', '?v=1&sc=transfer': 'c', '?v=1&sc=hacking': 'b' };
      const p = await openPage(hiDpi);
      const lines = [];
      for (const [link, key] of Object.entries(sliders)) {
        await load(p.page, base, link);
        const range = await readRange(p.page, key);
        assert.equal(range.type, 'range', `input[data-key=${key}] type`);
        const firsts = [];
        const dones = [];
        let current = range.value;
        for (let i = 0; i < 50; i += 1) {
          const f = ((i * 37) % 50) / 49; // a fixed, scattered order over the slider
          let v = valueAt(range, f);
          if (v === current) v = valueAt(range, f < 0.5 ? f + 0.5 : f - 0.5);
          const t = await setControlAndTimeNow(p.page, key, v);
          firsts.push(t.first);
          dones.push(t.done);
          current = v;
        }
        const stats = (xs) => {
          const sorted = [...xs].sort((a, b) => a - b);
          return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
        };
        const first = stats(firsts);
        const done = stats(dones);
        const name = link ? new URLSearchParams(link.slice(1)).get('sc') : 'loop';
        latency[name] = { first, done };
        const line = `${name} (${key}): first redraw p50 ${first.p50.toFixed(1)} / p95 ${first.p95.toFixed(1)} ms, ` +
          `complete p50 ${done.p50.toFixed(1)} / p95 ${done.p95.toFixed(1)} ms`;
        console.log(`# timing: slider ${line}`);
        lines.push(line);
        assert.ok(first.p95 < 50, `${name}: first redraw p95 ${first.p95.toFixed(1)} ms`);
        assert.ok(done.p95 < 2000, `${name}: complete redraw p95 ${done.p95.toFixed(1)} ms`);
      }
      await fs.writeFile(path.join(OUT, 'latency.json'), JSON.stringify(latency, null, 2));
      assertClean(p.seen, 'slider moves');
      await p.page.close();
      return lines.join('; ');
    }, 300_000);

    // (vii) A changed control is written back into the share link.
    await check('a changed slider updates the URL query (q=)', async () => {
      const p = await openPage(hiDpi);
      await load(p.page, base, '?v=1&seed=7');
      const range = await readRange(p.page, 'q');
      const v = valueAt(range, range.value === valueAt(range, 0.25) ? 0.75 : 0.25);
      await setControlAndTime(p.page, 'q', v);
      await p.page.waitForFunction(() => location.search.includes('q='), null, { timeout: 5000 }).catch(() => {});
      const search = await p.page.evaluate(() => location.search);
      assert.ok(search.includes('q='), `location.search ${JSON.stringify(search)} has no q=`);
      const written = Number(new URLSearchParams(search).get('q'));
      const tolerance = range.step > 0 ? range.step / 2 : 1e-9;
      assert.ok(Math.abs(written - v) <= tolerance, `URL q=${written}, slider set to ${v}`);
      assertClean(p.seen, 'URL update');
      await p.page.close();
      return search;
    });

    // (vi) A hostile link is corrected visibly and runs nothing it carries.
    const HOSTILE = '?v=9&s=NaN&n=-5&k=1e999&q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&zz=';
    await check(`hostile link ${HOSTILE} is corrected visibly and safely`, async () => {
      const p = await openPage(hiDpi);
      await load(p.page, base, HOSTILE);
      const notes = p.page.locator('.notes').first();
      assert.ok(await notes.isVisible(), '.notes is not visible');
      const text = await notes.innerText();
      const missing = ['v', 's', 'n', 'k', 'q', 'zz'].filter(
        // Named as a note names it: at the start of a line, or as `key:` / `key=`.
        (key) => !new RegExp(`^\\s*${key}(?![\\w])|(^|[^\\w])${key}\\s*[:=]`, 'm').test(text),
      );
      assert.deepEqual(missing, [], `.notes does not name these keys: ${JSON.stringify(text.slice(0, 600))}`);
      await p.page.waitForTimeout(200); // let anything the link smuggled in run, if it would
      assert.deepEqual(p.seen.dialogs, [], 'a dialog was opened');
      assert.deepEqual(p.seen.pageErrors, [], 'page errors');
      const live = await p.page.$$eval('.notes script, .notes iframe, .notes object, .notes embed, .notes img, .notes [onerror], .notes [onload]', (els) => els.map((e) => e.outerHTML));
      assert.deepEqual(live, [], '.notes holds live elements from the link');
      const bad = await p.page.$$eval('input[data-key]', (els) =>
        els.filter((e) => e.type === 'range' && !Number.isFinite(Number(e.value))).map((e) => e.dataset.key),
      );
      assert.deepEqual(bad, [], 'controls with a non-finite value');
      await p.page.screenshot({ path: path.join(OUT, 'hostile-link@2x.png') });
      if (p.seen.consoleErrors.length) console.log(`# hostile link console errors: ${p.seen.consoleErrors.join(' | ')}`);
      await p.page.close();
      return `${text.split('\n').filter(Boolean).length} note lines`;
    });

    // (viii) 50 hostile links: each is corrected visibly, runs nothing it carries, errs nowhere.
    await check('50 hostile links are corrected visibly, inject nothing and log no errors', async () => {
      const links = hostileLinks();
      const loDpi = await newContext(1);
      const p = await openPage(loDpi);
      const badResponses = [];
      p.page.on('response', (r) => {
        if (r.status() >= 400) badResponses.push(`${r.status()} ${r.url().slice(0, 100)}`);
      });
      await load(p.page, base, '?v=1');
      const baselineScripts = await p.page.$$eval('script', (els) => els.map((e) => e.outerHTML));
      const clean = await inspectPage(p.page, baselineScripts);
      assert.deepEqual(clean.smuggled, [], 'the clean page already has elements the check forbids');
      const failures = [];
      let notes = 0;
      const t0 = Date.now();
      for (const [i, link] of links.entries()) {
        const shown = `#${i + 1} ${JSON.stringify(link.length > 70 ? `${link.slice(0, 70)}…(${link.length} chars)` : link)}`;
        const marks = {
          console: p.seen.consoleErrors.length,
          page: p.seen.pageErrors.length,
          dialogs: p.seen.dialogs.length,
          responses: badResponses.length,
        };
        try {
          await load(p.page, base, link);
          await p.page.waitForTimeout(50); // let anything the link smuggled in fire, if it would
          const problems = [];
          const notesBox = p.page.locator('.notes');
          if (!(await notesBox.isVisible())) problems.push('no visible .notes');
          else notes += await notesBox.locator('li').count();
          const seen = await inspectPage(p.page, baselineScripts);
          if (seen.smuggled.length) problems.push(`live injected elements: ${seen.smuggled.join(' | ')}`);
          if (seen.xss !== null) problems.push(`window.__xss = ${seen.xss}`);
          const bad = seen.ranges.filter((r) => !r.ok);
          if (bad.length) problems.push(`range inputs without a finite in-range value: ${JSON.stringify(bad)}`);
          const added = (list, from) => list.slice(from);
          if (added(p.seen.dialogs, marks.dialogs).length) problems.push(`dialogs: ${added(p.seen.dialogs, marks.dialogs).join(' | ')}`);
          if (added(p.seen.pageErrors, marks.page).length) problems.push(`page errors: ${added(p.seen.pageErrors, marks.page).join(' | ')}`);
          if (added(p.seen.consoleErrors, marks.console).length) problems.push(`console errors: ${added(p.seen.consoleErrors, marks.console).join(' | ').slice(0, 300)}`);
          if (added(badResponses, marks.responses).length) problems.push(`HTTP errors: ${added(badResponses, marks.responses).join(' | ')}`);
          if (problems.length) failures.push(`${shown}: ${problems.join('; ')}`);
        } catch (err) {
          failures.push(`${shown}: ${String(err?.message ?? err).split('\n')[0]}`);
        }
      }
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      await p.page.screenshot({ path: path.join(OUT, 'hostile-last@1x.png') });
      await loDpi.close();
      assert.deepEqual(failures, [], `${failures.length} of ${links.length} hostile links misbehaved`);
      return `${links.length} links, ${notes} notes shown, nothing injected, no dialog or error, ${seconds} s`;
    });

    // (ix) A link's bidi controls must not reorder the note that quotes them (display spoofing).
    const BIDI = '?v=1&k=%E2%80%AEgnp.exe&s=2'; // U+202E RIGHT-TO-LEFT OVERRIDE in a value
    await check(`notes quoting bidi controls (${BIDI}) keep them isolated`, async () => {
      const p = await openPage(hiDpi);
      await load(p.page, base, BIDI);
      const items = await p.page.$$eval('.notes li', (lis) =>
        lis.map((li) => {
          const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
          const leaks = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!/[\u202A-\u202E]/.test(node.data)) continue; // embeddings and overrides
            let isolated = false;
            // Isolated means inside an element of its own within the line (a <bdi>, say): the
            // <li> itself being isolated does not stop the override from reordering the line.
            for (let el = node.parentElement; el && el !== li; el = el.parentElement) {
              if (/isolate|plaintext/.test(getComputedStyle(el).unicodeBidi)) isolated = true;
            }
            if (!isolated) leaks.push(node.data.replace(/[\u202A-\u202E]/g, (c) => `U+${c.codePointAt(0).toString(16).toUpperCase()}`));
          }
          return { text: li.innerText, leaks };
        }),
      );
      await p.page.locator('.notes').screenshot({ path: path.join(OUT, 'notes-bidi@2x.png') });
      assertClean(p.seen, 'bidi link');
      await p.page.close();
      assert.ok(items.length >= 2, `${items.length} notes`);
      const leaking = items.filter((i) => i.leaks.length).map((i) => i.leaks.join(' '));
      assert.deepEqual(leaking, [], 'note text with a bidi embedding/override outside an isolating element (the rest of the line is reordered)');
      return `${items.length} notes, bidi controls stripped or isolated`;
    });

    // (x) Two embeds from the app's own snippet, in a host page on another origin, size themselves.
    await check('two embeds (the dialog snippet) resize to their content in a host page on another port', async () => {
      const p = await openPage(hiDpi);
      await load(p.page, base, '?v=1&seed=7');
      await p.page.click('button.embed-code');
      const code = p.page.locator('section.embed-dialog textarea.embed-code-text');
      await code.waitFor({ timeout: 5000 });
      assert.equal(await p.page.locator('section.embed-dialog iframe.embed-preview').count(), 1, 'embed preview iframe');
      const snippetA = await code.inputValue();
      assert.match(snippetA, /<iframe src="[^"]*embed=1[^"]*"/, 'snippet has no iframe with embed=1');
      assert.match(snippetA, /infoloop:height/, 'snippet has no height listener');
      await p.page.locator('section.embed-dialog input[type=checkbox]').check();
      await p.page.waitForFunction(
        () => document.querySelector('textarea.embed-code-text')?.value.includes('hide=controls'),
        null,
        { timeout: 5000 },
      );
      const withHide = await code.inputValue();
      const snippetB = withHide.replace('?v=1&amp;', '?v=1&amp;ver=1&amp;');
      assert.notEqual(snippetB, withHide, 'could not add ver=1 to the second snippet');
      assertClean(p.seen, 'embed dialog');
      await p.page.close();

      const hostDir = await fs.mkdtemp(path.join(os.tmpdir(), 'infoloop-host-'));
      await fs.writeFile(
        path.join(hostDir, 'host.html'),
        `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>A blog post</title>
<style>body{font:16px/1.5 Georgia,serif;max-width:720px;margin:2em auto;padding:0 1em}</style></head>
<body><h1>A blog post with two explorers</h1>
<p>The first embed shows a closed loop with its controls.</p>
${snippetA}
<p>Between the embeds: the second one opens the loop with a verifier and hides the controls.</p>
${snippetB}
<p>The end of the post.</p></body></html>\n`,
      );
      const host = await startStaticServer(hostDir);
      const hostContext = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
      try {
        assert.notEqual(new URL(host.url).port, new URL(base).port, 'host and app share a port');
        const h = await openPage(hostContext);
        await h.page.goto(`${host.url}/host.html`, { waitUntil: 'load' });
        const iframes = h.page.locator('iframe');
        assert.equal(await iframes.count(), 2, 'iframes in host.html');
        const frames = [];
        for (let i = 0; i < 2; i += 1) {
          await iframes.nth(i).scrollIntoViewIfNeeded(); // loading="lazy": a reader scrolls to it
          const frame = await (await iframes.nth(i).elementHandle()).contentFrame();
          await frame.waitForSelector(DONE, { timeout: RUN_TIMEOUT_MS, state: 'attached' });
          frames.push(frame);
        }
        // Each iframe's height (set by the messages) equals its own document's scrollHeight and
        // its content's height (the body's bottom edge plus its margin): no scrollbar, no blank.
        const measure = async () =>
          Promise.all(
            frames.map(async (frame, i) => {
              const style = await iframes.nth(i).evaluate((el) => el.style.height);
              const doc = await frame.evaluate(() => ({
                scroll: document.documentElement.scrollHeight,
                content: Math.ceil(
                  document.body.getBoundingClientRect().bottom + window.scrollY + Number.parseFloat(getComputedStyle(document.body).marginBottom),
                ),
                done: document.querySelector('#app')?.dataset.status === 'done',
              }));
              const px = /^\d+(\.\d+)?px$/.test(style) ? Number.parseFloat(style) : NaN;
              const ok = doc.done && Math.abs(px - doc.scroll) <= 2 && Math.abs(px - doc.content) <= 2;
              return { style, px, ...doc, ok };
            }),
          );
        const settle = async (ms) => {
          let sizes = await measure();
          const deadline = Date.now() + ms;
          while (!sizes.every((s) => s.ok) && Date.now() < deadline) {
            await h.page.waitForTimeout(100);
            sizes = await measure();
          }
          await h.page.waitForTimeout(300); // and it stays so
          return measure();
        };
        const describe = (sizes) =>
          sizes.map((s, i) => `embed ${i + 1}: style.height ${s.style || '(unset)'}, scrollHeight ${s.scroll}, content ${s.content}`).join('; ');
        const sizes = await settle(15_000);
        const shown = describe(sizes);
        assert.ok(sizes.every((s) => s.ok), `iframe heights do not match their documents: ${shown}`);
        assert.ok(Math.abs(sizes[0].px - sizes[1].px) > 2, `the two embeds have the same height: ${shown}`);
        // A viewport as tall as the post, so Chromium paints both (out-of-process) iframes.
        const shoot = async (file) => {
          const tall = await h.page.evaluate(() => document.documentElement.scrollHeight);
          await h.page.setViewportSize({ width: VIEWPORT.width, height: Math.min(tall, 8000) });
          await h.page.waitForTimeout(300);
          await h.page.screenshot({ path: path.join(OUT, file), fullPage: true });
          await h.page.setViewportSize(VIEWPORT);
        };
        await shoot('embed-host@1x.png');
        // The height follows the content both ways: switch the verifier on in embed 1 (its
        // readouts gain a row), then off again; embed 2 must keep its height meanwhile.
        const toggle = async (on) => {
          const box = frames[0].locator('input[data-key="ver"]');
          if (on) await box.check();
          else await box.uncheck();
          await frames[0].waitForSelector(DONE, { timeout: RUN_TIMEOUT_MS, state: 'attached' });
          return settle(5000);
        };
        const on = await toggle(true);
        const off = await toggle(false);
        const steps = `loaded: ${shown} | verifier on: ${describe(on)} | off again: ${describe(off)}`;
        await shoot('embed-host-toggled@1x.png');
        assert.ok(on[0].content !== sizes[0].content, `toggling the verifier did not change embed 1's content height: ${steps}`);
        assert.ok(on.every((s) => s.ok) && off.every((s) => s.ok), `an iframe did not follow its content: ${steps}`);
        assert.ok(Math.abs(off[0].px - sizes[0].px) <= 2, `embed 1 did not return to its height: ${steps}`);
        assert.ok(Math.abs(on[1].px - sizes[1].px) <= 2 && Math.abs(off[1].px - sizes[1].px) <= 2, `embed 2 changed with embed 1: ${steps}`);
        // Embed mode inside each frame: no chrome, an open-full link without embed flags.
        const modes = await Promise.all(
          frames.map((frame) =>
            frame.evaluate(() => ({
              embed: !!document.querySelector('#app.embed'),
              noPanel: !!document.querySelector('#app.no-panel'),
              panel: !!document.querySelector('aside.panel'),
              masthead: !!document.querySelector('.masthead'),
              openFull: document.querySelector('.open-full a')?.getAttribute('href') ?? null,
              search: location.search,
            })),
          ),
        );
        for (const [i, m] of modes.entries()) {
          assert.ok(m.embed && !m.masthead, `embed ${i + 1}: #app.embed ${m.embed}, masthead ${m.masthead}`);
          assert.ok(m.openFull && !/[?&](embed|hide)=/.test(m.openFull), `embed ${i + 1}: open-full href ${m.openFull}`);
        }
        assert.ok(modes[0].panel && !modes[0].noPanel, 'embed 1 should show its controls');
        assert.ok(modes[1].noPanel && !modes[1].panel, 'embed 2 (hide=controls) shows its controls');
        assert.match(modes[1].search, /ver=1/, 'embed 2 is not the ver=1 link');
        assertClean(h.seen, 'host page');
        assert.deepEqual(h.seen.dialogs, [], 'dialogs in the host page');
        return `${steps}; open-full ${modes.map((m) => m.openFull).join(', ')}`;
      } finally {
        await hostContext.close();
        await host.close();
        await fs.rm(hostDir, { recursive: true, force: true });
      }
    });

    // (xi) Served from a subpath (a blog's /blog/explorer/), every asset still loads.
    await check('served from a subpath /blog/explorer/: loads, charts drawn, no 404', async () => {
      const sub = await startStaticServer(DIST, 0, { prefix: '/blog/explorer' });
      const subContext = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
      try {
        const p = await openPage(subContext);
        const bad = [];
        const urls = [];
        p.page.on('response', (r) => {
          urls.push(r.url());
          if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
        });
        p.page.on('requestfailed', (r) => bad.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
        await load(p.page, sub.url, '?v=1&ver=1');
        const charts = await readCharts(p.page);
        assert.deepEqual(charts.map((c) => c.name).sort(), CHART_NAMES, 'chart canvases');
        for (const c of charts) assert.ok(c.ink >= MIN_INK_PIXELS && c.draws >= 1, `chart ${c.name} looks blank`);
        assert.deepEqual(bad, [], 'failed requests');
        const outside = urls.filter((u) => !u.startsWith(`${sub.url}/`));
        assert.deepEqual(outside, [], 'requests outside /blog/explorer/');
        const where = await p.page.evaluate(() => ({
          path: location.pathname,
          link: document.querySelector('button.copy-link')?.title ?? '',
        }));
        assert.equal(where.path, '/blog/explorer/', 'location.pathname after the app rewrote the query');
        assert.ok(where.link.startsWith(`${sub.url}/?v=1`), `share link ${where.link} is not under the subpath`);
        assertClean(p.seen, 'subpath');
        return `${urls.length} responses, all under ${new URL(sub.url).pathname}/, none >= 400; share link ${where.link}`;
      } finally {
        await subContext.close();
        await sub.close();
      }
    });

    // The page the export checks use: a non-default link, then a slider moved (its state changed).
    const EXPORT_LINK = '?v=1&ver=1&s=0.55&kap=0.1&lam=0.05&t=30&seed=42';
    const ex = await openPage(hiDpi);

    // (xii) Each chart's SVG download is a well-formed SVG document holding title, legend, curves.
    await check('exported SVG (each chart) parses with DOMParser and holds title, legend and curves', async () => {
      await load(ex.page, base, EXPORT_LINK);
      const range = await readRange(ex.page, 'q');
      await setControlAndTime(ex.page, 'q', valueAt(range, 0.7));
      const generations = 30;
      const problems = [];
      const notes = [];
      for (const chart of ['info', 'accuracy', 'entropy']) {
        const fig = ex.page.locator('figure.chart', { has: ex.page.locator(`canvas[data-chart="${chart}"]`) });
        const title = (await fig.locator('h2').innerText()).trim();
        const labels = (await fig.locator('ul.legend li').allInnerTexts()).map((l) => l.replace(/\s+/g, ' ').trim());
        assert.ok(title && labels.length >= 1, `${chart}: title ${JSON.stringify(title)}, legend ${JSON.stringify(labels)}`);
        const svg = await download(ex.page, fig.locator('button[data-export="svg"]'));
        assert.match(svg.name, /\.svg$/, `${chart}: SVG file name`);
        await fs.writeFile(path.join(OUT, svg.name), svg.bytes);
        const doc = await ex.page.evaluate((text) => {
          const d = new DOMParser().parseFromString(text, 'image/svg+xml');
          const error = d.querySelector('parsererror');
          return {
            root: d.documentElement.localName,
            error: error ? error.textContent.replace(/\s+/g, ' ').slice(0, 160) : null,
            polylines: [...d.querySelectorAll('polyline')].map((e) => (e.getAttribute('points') ?? '').trim().split(/\s+/).length),
            paths: d.querySelectorAll('path').length,
            texts: [...d.querySelectorAll('text')].map((e) => e.textContent.replace(/\s+/g, ' ').trim()),
          };
        }, svg.text);
        const closes = (svg.text.match(/<\/svg>/g) ?? []).length;
        const after = svg.text.slice(svg.text.indexOf('</svg>') + 6).trim();
        const mine = [];
        if (doc.error !== null) mine.push(`parsererror: ${doc.error}`);
        if (doc.root !== 'svg') mine.push(`root <${doc.root}>`);
        if (after) mine.push(`${after.split('\n').length} lines after the first </svg> (${closes} </svg> in all)`);
        const curves = doc.polylines.filter((n) => n >= generations).length;
        if (doc.polylines.length + doc.paths < 3) mine.push(`${doc.polylines.length} polylines, ${doc.paths} paths`);
        if (curves < 1) mine.push(`no polyline with >= ${generations} points`);
        if (!doc.error && !doc.texts.includes(title)) mine.push(`no <text> holds the title ${JSON.stringify(title)}`);
        const missing = doc.error ? [] : labels.filter((l) => !doc.texts.includes(l));
        if (missing.length) mine.push(`legend labels missing: ${JSON.stringify(missing)}`);
        if (mine.length) problems.push(`${svg.name}: ${mine.join('; ')}`);
        notes.push(`${chart} ${doc.polylines.length} polylines (${curves} full curves), ${labels.length} labels`);
      }
      assertClean(ex.seen, 'SVG exports');
      assert.deepEqual(problems, [], `${problems.length} of 3 SVG downloads are broken`);
      return notes.join('; ');
    });

    // (xiii) The PNG download is a PNG at device resolution.
    await check('exported PNG (info chart) is a PNG at least as wide as the canvas', async () => {
      if ((await ex.page.locator(DONE).count()) === 0) await load(ex.page, base, EXPORT_LINK);
      const fig = ex.page.locator('figure.chart', { has: ex.page.locator('canvas[data-chart="info"]') });
      const png = await download(ex.page, fig.locator('button[data-export="png"]'));
      assert.match(png.name, /\.png$/, 'PNG file name');
      await fs.writeFile(path.join(OUT, png.name), png.bytes);
      const size = pngSize(png.bytes);
      assert.ok(size, `the PNG download is no PNG (starts ${png.bytes.subarray(0, 8).toString('hex')})`);
      const cssWidth = await fig.locator('canvas').evaluate((c) => c.clientWidth);
      const dpr = await ex.page.evaluate(() => window.devicePixelRatio);
      assert.ok(size.width >= cssWidth, `PNG ${size.width} px wide < canvas CSS width ${cssWidth}`);
      assertClean(ex.seen, 'PNG export');
      return `${png.name}: ${size.width}x${size.height} px, ${png.bytes.length} B (canvas ${cssWidth} CSS px at dpr ${dpr})`;
    });

    // (xiv) CSV and JSON downloads carry exactly the run's numbers, and a link to its state.
    await check('CSV and JSON downloads hold the same numbers as curvesJson(location.search)', async () => {
      if ((await ex.page.locator(DONE).count()) === 0) await load(ex.page, base, EXPORT_LINK);
      const expected = await curvesOfPage(ex.page);
      const page = await ex.page.evaluate(() => ({
        href: location.origin + location.pathname + location.search,
        search: location.search,
        fingerprint: document.getElementById('app').dataset.fingerprint,
      }));
      assert.equal(expected.meta.fingerprint, page.fingerprint, 'curvesJson fingerprint vs #app data-fingerprint');

      const csv = await download(ex.page, ex.page.locator('button[data-export="csv"]'));
      assert.match(csv.name, /\.csv$/, 'CSV file name');
      const lines = csv.text.split('\n').filter((l) => l !== '');
      const header = new Map(
        lines.filter((l) => l.startsWith('# ')).map((l) => {
          const at = l.indexOf(': ');
          return [l.slice(2, at), l.slice(at + 2)];
        }),
      );
      const table = lines.filter((l) => !l.startsWith('#')).map((l) => l.split(','));
      const [head, ...rows] = table;
      assert.equal(head[0], 'generation', 'first CSV column');
      const names = head.slice(1);
      assert.deepEqual([...names].sort(), Object.keys(expected.curves).sort(), 'CSV columns vs curves');
      const mismatches = [];
      let compared = 0;
      names.forEach((name, j) => {
        const want = expected.curves[name];
        if (rows.length !== want.length) mismatches.push(`${name}: ${rows.length} rows, ${want.length} values`);
        want.forEach((v, t) => {
          const cell = rows[t]?.[j + 1];
          const got = cell === '' || cell === undefined ? null : Number.parseFloat(cell);
          if (got !== v) mismatches.push(`${name}[${t}]: csv ${cell}, curvesJson ${v}`);
          compared += 1;
        });
      });
      rows.forEach((r, t) => {
        if (r[0] !== String(t)) mismatches.push(`row ${t}: generation ${r[0]}`);
      });
      assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} CSV cells differ`);
      const link = new URL(header.get('link'));
      assert.equal(link.origin + link.pathname, new URL(page.href).origin + new URL(page.href).pathname, '# link: origin and path');
      assert.deepEqual(queryEntries(link.search), queryEntries(page.search), '# link: query vs location.search');
      const seed = new URLSearchParams(page.search).get('seed') ?? '1';
      assert.equal(header.get('seed'), seed, '# seed: vs the link');
      assert.equal(header.get('seed'), expected.meta.seed, '# seed: vs curvesJson');
      assert.equal(header.get('scenario'), expected.meta.scenario, '# scenario:');
      const params = [...header].filter(([k]) => k.startsWith('param ')).map(([k, v]) => [k.split(' ')[1], Number(v)]);
      assert.deepEqual(Object.fromEntries(params), expected.params, '# param lines vs curvesJson params');

      const json = await download(ex.page, ex.page.locator('button[data-export="json"]'));
      assert.match(json.name, /\.json$/, 'JSON file name');
      const doc = JSON.parse(json.text);
      assert.deepEqual(doc.curves, expected.curves, 'JSON curves vs curvesJson');
      assert.deepEqual(doc.params, expected.params, 'JSON params vs curvesJson');
      assert.equal(doc.meta.seed, expected.meta.seed, 'JSON meta.seed');
      assert.equal(doc.meta.fingerprint, page.fingerprint, 'JSON meta.fingerprint vs #app');
      assert.equal(doc.meta.link, page.href, 'JSON meta.link vs location');
      assertClean(ex.seen, 'data exports');
      return `${compared} CSV cells in ${names.length} columns x ${rows.length} generations equal; JSON equal; link ${page.search}`;
    });
    await ex.page.close();

    // (xv) Copy link: the clipboard gets the page's link, which reopens the same run.
    await check('copy link puts the page link on the clipboard; it reopens the same run', async () => {
      const clipContext = await newContext(1);
      try {
        let note = 'clipboard read back';
        await clipContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
        const p = await openPage(clipContext);
        await load(p.page, base, '?v=1&ver=1&s=0.7&n=64&seed=99');
        const range = await readRange(p.page, 'kap');
        await setControlAndTime(p.page, 'kap', valueAt(range, 0.3));
        await p.page.evaluate(() => navigator.clipboard.writeText('')).catch(() => {});
        await p.page.click('button.copy-link');
        let copied = '';
        const deadline = Date.now() + 3000;
        while (!copied && Date.now() < deadline) {
          copied = await p.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
          if (!copied) await p.page.waitForTimeout(50);
        }
        const page = await p.page.evaluate(() => ({
          href: location.origin + location.pathname + location.search,
          length: Number(document.querySelector('[data-link-length]')?.dataset.linkLength),
          title: document.querySelector('button.copy-link')?.title ?? '',
          fingerprint: document.getElementById('app').dataset.fingerprint,
        }));
        if (!copied) {
          copied = page.title;
          note = 'clipboard unreadable in this headless Chromium: checked the button title instead';
        }
        assert.equal(copied, page.href, 'copied link vs location');
        assert.equal(copied.length, page.length, '[data-link-length] vs the copied link');
        assert.equal(page.title, copied, 'button title vs the copied link');
        const q = await openPage(clipContext);
        await q.page.goto(copied, { waitUntil: 'load' });
        await q.page.waitForSelector(DONE, { timeout: RUN_TIMEOUT_MS, state: 'attached' });
        const reopened = await q.page.$eval('#app', (el) => el.dataset.fingerprint);
        assert.equal(reopened, page.fingerprint, 'fingerprint of the reopened link');
        assert.equal(await q.page.locator('.notes').count(), 0, 'the copied link needs corrections');
        assertClean(p.seen, 'copy link');
        assertClean(q.seen, 'reopened link');
        return `${note}: ${copied} (${copied.length} chars), fingerprint ${reopened}`;
      } finally {
        await clipContext.close();
      }
    });

    // (v) The page fetches nothing from anywhere but its own origin.
    // Issue 4 (F): the default 32 x 32 sweep finishes in the page; its time and the longest
    // main-thread task while it runs are printed for the record (target: no task over 50 ms).
    await check('the default 32x32 sweep (?sw=1) finishes in the browser', async () => {
      const p = await openPage(hiDpi);
      await p.page.goto(`${base}/?v=1&sw=1`, { waitUntil: 'load' });
      await p.page.evaluate(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: true });
        window.__sweepStart = performance.now();
      });
      await p.page.waitForSelector(DONE, { timeout: 170_000, state: 'attached' });
      const { elapsed, longest, count } = await p.page.evaluate(() => ({
        elapsed: performance.now() - window.__sweepStart,
        longest: Math.max(0, ...window.__longTasks),
        count: window.__longTasks.length,
      }));
      const cells = await p.page.$eval('.readouts', (el) => el.innerText);
      assert.match(cells, /1024 of 1024/, 'all cells computed');
      const [heatmap] = (await readCharts(p.page)).filter((c) => c.name === 'sweep');
      assert.ok(heatmap && heatmap.ink >= MIN_INK_PIXELS, 'heatmap drawn');
      await p.page.screenshot({ path: path.join(OUT, 'sweep@2x.png') });
      assertClean(p.seen, 'sweep');
      console.log(
        `# timing: default 32x32 sweep ${(elapsed / 1000).toFixed(2)} s; longest main-thread task ` +
          `${longest.toFixed(0)} ms (${count} tasks over 50 ms)`,
      );
      await p.page.close();
      return `${(elapsed / 1000).toFixed(2)} s, longest task ${longest.toFixed(0)} ms`;
    }, 200_000);

    // Issue 6: a keyboard-only reader can run a scenario. Tab to a slider and move it with the
    // arrow keys, Tab on to the play button, Space plays and pauses, → steps, R resets.
    await check('keyboard only: Tab to a slider, arrows change it, Space plays/pauses, → steps, R resets', async () => {
      const p = await openPage(hiDpi);
      await load(p.page, base, '?v=1&r=200');
      const focusOn = async (selector, limit = 80) => {
        for (let i = 0; i < limit; i += 1) {
          await p.page.keyboard.press('Tab');
          if (await p.page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return i + 1;
        }
        throw new Error(`Tab never reached ${selector}`);
      };
      const outline = () => p.page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      const tabs = await focusOn('input[data-key="s"]');
      assert.notEqual(await outline(), 'none', 'focused slider shows no focus ring');
      await p.page.keyboard.press('ArrowRight');
      await p.page.waitForFunction(() => new URLSearchParams(location.search).get('s') !== null, null, { timeout: 10_000 });
      await p.page.waitForSelector(DONE, { timeout: RUN_TIMEOUT_MS, state: 'attached' });
      const shown = () => p.page.$eval('[data-transport="play"] ~ .position', (el) => Number(el.dataset.shown));
      await focusOn('[data-transport="play"]');
      assert.notEqual(await outline(), 'none', 'focused play button shows no focus ring');
      await p.page.keyboard.press('Space');
      await p.page.waitForSelector('[data-transport="play"][aria-pressed="true"]', { timeout: 5_000 });
      await p.page.waitForFunction(() => Number(document.querySelector('.transport .position').dataset.shown) >= 3, null, { timeout: 10_000 });
      await p.page.keyboard.press('Space');
      await p.page.waitForSelector('[data-transport="play"][aria-pressed="false"]', { timeout: 5_000 });
      const paused = await shown();
      await p.page.keyboard.press('ArrowRight');
      await p.page.waitForFunction((g) => Number(document.querySelector('.transport .position').dataset.shown) === g + 1, paused, { timeout: 5_000 });
      await p.page.keyboard.press('r');
      await p.page.waitForFunction(() => Number(document.querySelector('.transport .position').dataset.shown) === 0, null, { timeout: 5_000 });
      const label = await p.page.$eval('dl.readouts', (el) => el.getAttribute('aria-label'));
      assert.equal(label, 'Values at generation 0', 'readouts follow the transport');
      assertClean(p.seen, 'keyboard run');
      await p.page.close();
      return `slider reached in ${tabs} Tabs; paused at generation ${paused}, stepped, reset to 0`;
    });

    await check('play stops at the stop generation; hiding the tab pauses with a visible reason', async () => {
      const p = await openPage(hiDpi);
      await load(p.page, base, '?v=1&r=200');
      await p.page.fill('[data-transport="stop"]', '12');
      await p.page.press('[data-transport="stop"]', 'Enter');
      await p.page.selectOption('[data-transport="speed"]', '2');
      await p.page.click('[data-transport="play"]');
      await p.page.waitForSelector('[data-transport="play"][aria-pressed="false"]', { timeout: 10_000 });
      const stoppedAt = await p.page.$eval('.transport .position', (el) => Number(el.dataset.shown));
      assert.equal(stoppedAt, 12, 'stopped at');
      // The link holds the generation shown (at=12) and reopens there.
      await p.page.waitForTimeout(URL_SETTLE_MS);
      const link = await p.page.evaluate(() => location.search);
      assert.match(link, /[?&]at=12(&|$)/, 'link holds at=12');
      const again = await openPage(hiDpi);
      await load(again.page, base, link);
      assert.equal(await again.page.textContent('.transport .position'), 'generation 12 of 40', 'reopened at 12');
      await again.page.close();
      await p.page.fill('[data-transport="stop"]', '40');
      await p.page.press('[data-transport="stop"]', 'Enter');
      await p.page.selectOption('[data-transport="speed"]', '1');
      await p.page.click('[data-transport="reset"]');
      await p.page.click('[data-transport="play"]');
      await p.page.waitForSelector('[data-transport="play"][aria-pressed="true"]');
      await p.page.evaluate(() => {
        Object.defineProperty(document, 'hidden', { value: true, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await p.page.waitForSelector('[data-transport="play"][aria-pressed="false"]', { timeout: 5_000 });
      const note = await p.page.textContent('.transport .paused-note');
      assert.match(note ?? '', /tab was hidden/, 'paused note');
      assertClean(p.seen, 'transport');
      await p.page.close();
      return `stopped at 12; ${note}`;
    });

    await check('the default view pins an information-open loop; hover reads every curve; pin/unpin', async () => {
      const p = await openPage(hiDpi);
      await load(p.page, base, '');
      const legend = await p.page.$eval('figure.chart', (el) => el.querySelector('.legend').textContent);
      assert.match(legend, /pinned: information-open loop/, 'ghost in the legend');
      const box = await p.page.locator('canvas[data-chart="info"]').boundingBox();
      await p.page.mouse.move(box.x + 54 + (box.width - 70) / 2, box.y + box.height / 2);
      const readout = await p.page.textContent('figure.chart .hover-readout');
      assert.match(readout, /^generation 20 · I\(X; argmax pₜ\) \d\.\d\d bits · .* · pinned \d\.\d\d bits$/, 'hover readout');
      const table = await p.page.$eval('figure.chart .visually-hidden table', (t) => t.rows.length);
      assert.equal(table, 42, 'data table rows (header + generations 0..40)');
      await p.page.click('[data-transport="pin"]');
      await p.page.waitForSelector('[data-transport="pin"][aria-pressed="false"]');
      assert.doesNotMatch(await p.page.$eval('figure.chart .legend', (el) => el.textContent), /pinned/, 'unpinned');
      await p.page.click('[data-transport="pin"]');
      await p.page.waitForSelector('[data-transport="pin"][aria-pressed="true"]');
      assert.match(await p.page.$eval('figure.chart .legend', (el) => el.textContent), /pinned: Closed loop \(seed 1\)/, 'pinned');
      // The pinned run travels in the link (pin=) and is recomputed when it is opened.
      await p.page.click('.presets button:nth-child(2)'); // the "Verifier s = 0.4" preset
      await p.page.waitForSelector(DONE, { timeout: RUN_TIMEOUT_MS, state: 'attached' });
      await p.page.waitForTimeout(URL_SETTLE_MS);
      const link = await p.page.evaluate(() => location.search);
      assert.match(link, /[?&]pin=v=1(&|$)/, 'link holds the pinned run');
      const again = await openPage(hiDpi);
      await load(again.page, base, link);
      await again.page.waitForFunction(() => /pinned: Closed loop \(seed 1\)/.test(document.querySelector('figure.chart .legend').textContent), null, { timeout: RUN_TIMEOUT_MS });
      const legendAgain = await again.page.$eval('figure.chart .legend', (el) => el.textContent);
      assert.match(legendAgain, /pinned: Closed loop/, 'reopened with the pinned run');
      assertClean(again.seen, 'pin link');
      await again.page.close();
      assertClean(p.seen, 'pin');
      await p.page.close();
      return readout;
    });

    // Issue 7: a run of 100 000 generations (a hostile t=1e12 clamps to it) finishes with its
    // curves downsampled to at most 2001 points, and the page shows generation 100 000.
    await check('t=1e12 clamps to 100 000 generations: runs, downsampled, generation 100000 shown', async () => {
      const p = await openPage(hiDpi);
      const t0 = Date.now();
      await load(p.page, base, '?v=1&t=1e12&r=20&n=8');
      const elapsed = Date.now() - t0;
      const position = await p.page.textContent('.transport .position');
      assert.equal(position, 'generation 100000 of 100000', 'transport position');
      const points = await p.page.evaluate(() => JSON.parse(window.infoloop.curvesJson(location.search.slice(1))).generations);
      assert.ok(points.length <= 2001, `${points.length} points stored`);
      assert.equal(points.at(-1), 100000, 'last point');
      const notes = await p.page.textContent('.notes');
      assert.match(notes, /\bt\b/, 'the clamp is noted');
      const charts = await readCharts(p.page);
      for (const c of charts) assert.ok(c.ink >= MIN_INK_PIXELS, `chart ${c.name} looks blank`);
      await p.page.screenshot({ path: path.join(OUT, 'long-run@2x.png') });
      assertClean(p.seen, 'long run');
      await p.page.close();
      return `${points.length} points, done in ${(elapsed / 1000).toFixed(1)} s`;
    });

    // Issue 7: the longest, heaviest loop (100 000 generations, N = 4096, R = 1000: minutes of
    // work) keeps the page responsive: no main-thread task over 100 ms while it runs, and the
    // transport still answers.
    await check('the heaviest long run keeps every main-thread task under 100 ms', async () => {
      const p = await openPage(hiDpi);
      await p.page.goto(`${base}/?v=1&t=100000&n=4096`, { waitUntil: 'load' });
      await p.page.waitForSelector('#app[data-status="running"]', { state: 'attached', timeout: RUN_TIMEOUT_MS });
      await p.page.waitForSelector('canvas[data-chart="info"]:not([data-draws="0"])', { state: 'attached', timeout: RUN_TIMEOUT_MS });
      // From the first partial chart on (the page's start-up, compiling the wasm, is not the run).
      await p.page.evaluate(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks.push(e.duration);
        }).observe({ type: 'longtask' });
      });
      await p.page.waitForTimeout(3_000);
      const progress = await p.page.$eval('.status progress', (el) => Number(el.value));
      const { longest, count } = await p.page.evaluate(() => ({
        longest: Math.max(0, ...window.__longTasks),
        count: window.__longTasks.length,
      }));
      console.log(`# timing: t=100000 n=4096 run, 3 s after its first partial chart: longest main-thread task ${longest.toFixed(0)} ms (${count} over 50 ms), ${progress}% done`);
      assert.ok(longest < 100, `longest task ${longest.toFixed(0)} ms`);
      assertClean(p.seen, 'heavy long run');
      await p.page.close();
      return `longest task ${longest.toFixed(0)} ms in the first 3 s (${progress}% done)`;
    });

    // Issue 7: a panic anywhere shows a visible banner with "Copy details", not a frozen page.
    await check('a panic shows the error banner; "Copy details" copies the message', async () => {
      const context = await browser.newContext({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
      context.on('request', (req) => requests.push(req.url()));
      const p = await openPage(context);
      await load(p.page, base, '?v=1&r=50');
      const thrown = await p.page.evaluate(() => {
        try {
          window.infoloop.panicForTest('e2e probe');
          return 'no error';
        } catch (err) {
          return String(err);
        }
      });
      const banner = p.page.locator('.crash[role="alert"]');
      await banner.waitFor({ state: 'visible', timeout: 5_000 });
      const text = await banner.textContent();
      assert.match(text, /Something went wrong/, 'banner text');
      assert.match(text, /panicForTest: e2e probe/, 'banner details');
      await banner.locator('button', { hasText: 'Copy details' }).click();
      const copied = await p.page.evaluate(() => navigator.clipboard.readText());
      assert.match(copied, /panicForTest: e2e probe[\s\S]*link: http/, 'copied details');
      await p.page.screenshot({ path: path.join(OUT, 'panic-banner@1x.png') });
      await context.close();
      return `banner shown (JS saw: ${thrown.slice(0, 40)})`;
    });

    // Issue 7: the first chart is drawn within 1 s of navigation on localhost (median of 3).
    await check('first chart drawn within 1 s of navigation (median of 3 loads)', async () => {
      const times = [];
      for (let i = 0; i < 3; i += 1) {
        const context = await browser.newContext({ viewport: VIEWPORT });
        context.on('request', (req) => requests.push(req.url()));
        await context.addInitScript(() => {
          new MutationObserver((_, observer) => {
            const drawn = [...document.querySelectorAll('canvas[data-draws]')].some((c) => Number(c.dataset.draws) > 0);
            if (drawn && window.__firstChartMs === undefined) {
              window.__firstChartMs = performance.now();
              observer.disconnect();
            }
          }).observe(document, { attributes: true, childList: true, subtree: true });
        });
        const p = await openPage(context);
        await load(p.page, base, '');
        times.push(await p.page.evaluate(() => window.__firstChartMs));
        await context.close();
      }
      const median = [...times].sort((a, b) => a - b)[1];
      console.log(`# timing: first chart drawn ${times.map((t) => t.toFixed(0)).join(', ')} ms after navigation (median ${median.toFixed(0)})`);
      assert.ok(median <= 1000, `median ${median.toFixed(0)} ms`);
      return `median ${median.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`;
    });

    // Issue 6: playing pauses when an embed scrolls out of the reader's view (host on another
    // origin), and prefers-reduced-motion slows playing to a few updates a second.
    await check('an embed scrolled out of view pauses playing; reduced motion slows it', async () => {
      const hostDir = await fs.mkdtemp(path.join(os.tmpdir(), 'infoloop-offscreen-'));
      await fs.writeFile(
        path.join(hostDir, 'post.html'),
        `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>A long post</title></head>
<body><h1>A long post</h1>
<iframe src="${base}/?v=1&amp;t=400&amp;r=100&amp;embed=1&amp;hide=controls" width="900" height="700" title="explorer"></iframe>
<div style="height:4000px">The rest of the post.</div></body></html>\n`,
      );
      const host = await startStaticServer(hostDir);
      // Not in the request log: the host page is another origin on purpose.
      const context = await browser.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce' });
      try {
        const h = await openPage(context);
        await h.page.goto(`${host.url}/post.html`, { waitUntil: 'load' });
        const frame = await (await h.page.locator('iframe').elementHandle()).contentFrame();
        await frame.waitForSelector(DONE, { timeout: RUN_TIMEOUT_MS, state: 'attached' });
        await frame.click('[data-transport="play"]');
        await frame.waitForSelector('[data-transport="play"][aria-pressed="true"]');
        const position = () => frame.$eval('.transport .position', (el) => Number(el.dataset.shown));
        await h.page.waitForTimeout(1000);
        const afterOneSecond = await position();
        // Reduced motion: at most ~4 updates a second at 1 generation each (frames would give ~60).
        assert.ok(afterOneSecond >= 1 && afterOneSecond <= 8, `reduced motion: generation ${afterOneSecond} after 1 s`);
        await h.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await frame.waitForSelector('[data-transport="play"][aria-pressed="false"]', { timeout: 5_000 });
        const note = await frame.textContent('.transport .paused-note');
        assert.match(note ?? '', /scrolled out of view/, 'paused note');
        assertClean(h.seen, 'off-screen embed');
        return `generation ${afterOneSecond} after 1 s with reduced motion; ${note}`;
      } finally {
        await context.close();
        await host.close();
      }
    });

    // Issue 6, must show: screenshots at 1280x800 (light and dark, DPR 1 and 2) and 390x844,
    // with nothing wider than the viewport.
    await check('screenshots: 1280x800 light/dark at DPR 1 and 2, 390x844 phone; nothing overflows', async () => {
      const shots = [];
      const views = [
        { name: 'desktop-light@1x', viewport: VIEWPORT, dpr: 1, scheme: 'light' },
        { name: 'desktop-light@2x', viewport: VIEWPORT, dpr: 2, scheme: 'light' },
        { name: 'desktop-dark@1x', viewport: VIEWPORT, dpr: 1, scheme: 'dark' },
        { name: 'desktop-dark@2x', viewport: VIEWPORT, dpr: 2, scheme: 'dark' },
        { name: 'phone-390x844@3x', viewport: { width: 390, height: 844 }, dpr: 3, scheme: 'light', mobile: true },
      ];
      for (const v of views) {
        const context = await browser.newContext({
          viewport: v.viewport, deviceScaleFactor: v.dpr, colorScheme: v.scheme, isMobile: !!v.mobile, hasTouch: !!v.mobile,
        });
        context.on('request', (req) => requests.push(req.url()));
        const p = await openPage(context);
        await load(p.page, base, '');
        await p.page.waitForTimeout(200);
        const overflow = await p.page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll('body *')]
            .filter((el) => !el.closest('.visually-hidden, .tabs') && el.getBoundingClientRect().right > width + 1)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
            .slice(0, 5);
        });
        assert.deepEqual(overflow, [], `${v.name}: elements wider than the viewport`);
        const background = await p.page.evaluate(() => {
          const c = document.querySelector('canvas[data-chart="info"]');
          return [...c.getContext('2d').getImageData(1, 1, 1, 1).data].slice(0, 3);
        });
        const dark = background.every((x) => x < 64);
        assert.equal(dark, v.scheme === 'dark', `${v.name}: chart background ${background}`);
        await p.page.screenshot({ path: path.join(OUT, `${v.name}.png`) });
        assertClean(p.seen, v.name);
        shots.push(v.name);
        await context.close();
      }
      return `${shots.length} screenshots in ${show(OUT)}`;
    });

    await check('the theme toggle switches to dark and back, charts follow', async () => {
      const p = await openPage(hiDpi);
      await load(p.page, base, '?v=1&r=100');
      const corner = () => p.page.$eval('canvas[data-chart="info"]', (c) => c.getContext('2d').getImageData(1, 1, 1, 1).data[0]);
      assert.ok((await corner()) > 200, 'light chart background');
      await p.page.click('.theme-toggle');
      await p.page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
      await p.page.waitForFunction(() => document.querySelector('canvas[data-chart="info"]').getContext('2d').getImageData(1, 1, 1, 1).data[0] < 64);
      await p.page.screenshot({ path: path.join(OUT, 'theme-toggle-dark@2x.png') });
      await p.page.click('.theme-toggle');
      await p.page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
      assert.ok((await corner()) > 200, 'light again');
      await p.page.close();
      return 'system → dark → light';
    });

    // Accessibility: axe-core (from npm, injected into the page) finds no serious or critical
    // violation on the main views.
    await check('axe-core: no serious or critical accessibility violations', async () => {
      const axeSource = await fs.readFile(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
      const p = await openPage(hiDpi);
      const found = [];
      const views = ['', '?v=1', '?v=1&ver=1&s=2', '?v=1&sc=gauss', '?v=1&sc=budget', '?v=1&sc=transfer',
        '?v=1&sc=hacking', '?v=1&sw=1&sn=4&r=10', '?v=1&embed=1&hide=k'];
      for (const view of views) {
        await load(p.page, base, view);
        await p.page.addScriptTag({ content: axeSource });
        const violations = await p.page.evaluate(async () =>
          (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.length,
          })),
        );
        for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') found.push({ view, ...v });
      }
      // The dark theme too (contrast of every colour pair is checked again).
      await p.page.emulateMedia({ colorScheme: 'dark' });
      for (const view of ['', '?v=1&sc=hacking']) {
        await load(p.page, base, view);
        await p.page.addScriptTag({ content: axeSource });
        const violations = await p.page.evaluate(async () =>
          (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
        );
        for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') found.push({ view: `${view} (dark)`, ...v });
      }
      assert.deepEqual(found, [], 'serious or critical violations');
      await p.page.close();
      return `${views.length} views light and 2 dark clean`;
    });

    await check('every request is same-origin', async () => {
      const foreign = requests.filter((u) => {
        const { protocol, origin: o } = new URL(u);
        return !(protocol === 'data:' || protocol === 'blob:' || o === origin);
      });
      assert.deepEqual([...new Set(foreign)], [], 'requests to other origins');
      assert.ok(requests.some((u) => u.endsWith('.wasm')), 'no .wasm request was seen');
      return `${requests.length} requests, all to ${origin}`;
    });
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
  return { passed, failed };
}

let summary;
try {
  summary = await main();
} catch (err) {
  console.log(`not ok - e2e harness: ${String(err?.stack ?? err).split('\n').slice(0, 3).join(' | ')}`);
  summary = { passed, failed: failed + 1 };
}
console.log(`e2e: ${summary.passed} passed, ${summary.failed} failed`);
process.exit(summary.failed > 0 ? 1 : 0);
