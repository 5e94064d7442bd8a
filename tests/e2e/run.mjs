// End-to-end test of the release build in dist/: serves it on 127.0.0.1, drives Debian's
// Chromium with playwright-core (never a downloaded browser) and checks what a person would see.
// Prints `ok - name` / `not ok - name: reason` per check and closes with
// `e2e: N passed, M failed` (scripts/test.sh adds these to its own total); exits 1 on a failure.
//
// The app contract it checks:
//   #app[data-status=running|done][data-fingerprint]   root; "done" = run finished and drawn
//   canvas[data-chart=info|accuracy|entropy][data-draws] one per chart, draws = redraw count
//   input[data-key=<param>]                              every control (range or checkbox)
//   .notes                                               corrections of a bad share link
//   window.infoloop.fingerprint(query) / .timeRun(query, reps)
//
// Environment: E2E_DIST (default dist/), E2E_GOLDEN (default tests/golden/loop_a.txt),
// E2E_OUT (screenshots, default target/e2e/), CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, 'dist'));
const GOLDEN = path.resolve(process.env.E2E_GOLDEN ?? path.join(ROOT, 'tests/golden/loop_a.txt'));
const OUT = path.resolve(process.env.E2E_OUT ?? path.join(ROOT, 'target/e2e'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 800 };
const DONE = '#app[data-status="done"]';
const RUN_TIMEOUT_MS = 60_000; // one page load until its run is done and drawn
const CHECK_TIMEOUT_MS = 180_000; // one named check, whatever it waits for
const CHART_NAMES = ['accuracy', 'entropy', 'info'];
const MIN_INK_PIXELS = 200; // a drawn chart differs from its background in at least this many

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
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const note = await Promise.race([body(), timeout]);
    passed += 1;
    console.log(`ok - ${name}${note ? ` (${note})` : ''}`);
  } catch (err) {
    failed += 1;
    console.log(`not ok - ${name}: ${reason(err)}`);
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
 * change) and resolves with the milliseconds until the info chart has redrawn and the run is done.
 */
function setControlAndTime(page, key, value) {
  return page.evaluate(
    ({ key, value, limitMs }) =>
      new Promise((resolve, reject) => {
        const app = () => document.getElementById('app');
        const info = () => document.querySelector('canvas[data-chart="info"]');
        const input = document.querySelector(`input[data-key="${key}"]`);
        if (!input) return reject(new Error(`no input[data-key=${key}]`));
        const before = Number(info()?.dataset.draws ?? NaN);
        const redrawn = () => Number(info()?.dataset.draws) > before && app()?.dataset.status === 'done';
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
          if (!redrawn()) return;
          clearTimeout(timer);
          observer.disconnect();
          resolve(performance.now() - t0);
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
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
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

    // (iv) Moving a slider redraws the charts promptly.
    await check('slider q -> redraw latency over 20 moves (p95 < 2000 ms)', async () => {
      const range = await readRange(main.page, 'q');
      assert.equal(range.type, 'range', 'input[data-key=q] type');
      const fractions = [0.1, 0.9, 0.3, 0.7, 0.5, 0.2, 0.8, 0.4, 0.6, 0.0, 1.0, 0.15, 0.85, 0.35, 0.65, 0.45, 0.55, 0.25, 0.75, 0.05];
      const times = [];
      let current = range.value;
      for (const f of fractions) {
        let v = valueAt(range, f);
        if (v === current) v = valueAt(range, f < 0.5 ? f + 0.5 : f - 0.5);
        times.push(await setControlAndTime(main.page, 'q', v));
        current = v;
      }
      const sorted = [...times].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p95 = percentile(sorted, 95);
      console.log(
        `# timing: slider q -> redraw done, ${times.length} moves: p50 ${p50.toFixed(1)} ms, ` +
          `p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`,
      );
      assert.ok(p95 < 2000, `p95 ${p95.toFixed(1)} ms >= 2000 ms`);
      assertClean(main.seen, 'slider moves');
      return `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`;
    });

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

    // (v) The page fetches nothing from anywhere but its own origin.
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
