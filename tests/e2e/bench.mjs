// Browser half of the benchmark (scripts/bench.sh runs it after `cargo bench --bench sim`):
// serves the release build in dist/ on 127.0.0.1, opens it in Debian's Chromium (headless, via
// playwright-core and tests/e2e/chromium.mjs, whose flags playwright.config.mjs uses too), waits
// until the page's own first run is done, then times each case with the page's hook
// `window.infoloop.timeRun(query, reps)`: the median milliseconds of `reps` full runs of the
// state that share-link query describes, i.e. `AnySim::run(&parse_query(query).0)` in wasm, the
// same call benches/sim.rs times natively.
//
// The cases (name, query, warm-up runs, timed runs) are the ones in benches/sim.rs; keep the two
// lists in step (scripts/bench.sh refuses to join them if the names differ). Before timing, each
// case's `fingerprint(query)` is checked against tests/golden/loop_a.txt when the query is listed
// there, so the browser provably computes the same curves the native bench does.
//
// Prints one line per case and then the JSON object `{"case name": median ms, ...}`; with
// BENCH_OUT=path also writes that object to path. Other environment: BENCH_DIST (default dist/),
// BENCH_FILTER (run only cases whose name contains it), CHROMIUM (default /usr/bin/chromium).
// Exits 1 on any failure.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, launchChromium } from './chromium.mjs';
import { startStaticServer } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(ROOT, 'dist'));
const GOLDEN = path.join(ROOT, 'tests/golden/loop_a.txt');
const OUT = process.env.BENCH_OUT ? path.resolve(process.env.BENCH_OUT) : null;
const FILTER = process.env.BENCH_FILTER ?? '';
const VIEWPORT = { width: 1280, height: 800 };
const DONE = '#app[data-status="done"]';
const LOAD_TIMEOUT_MS = 60_000;
const WARMUP_MS = 1_000; // least warm-up time per case

// A hung browser must not hang the script.
setTimeout(() => {
  console.error('bench: watchdog: the run took over 15 minutes');
  process.exit(1);
}, 900_000).unref();

/** `query -> fingerprint` from the golden file shared with tests/golden.rs and load-golden.spec.mjs. */
async function readGolden() {
  const golden = new Map();
  for (const line of (await fs.readFile(GOLDEN, 'utf8')).split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const [query, fp] = t.split(/\s+/);
    if (query && fp) golden.set(query, fp);
  }
  return golden;
}

async function main() {
  await fs.access(path.join(DIST, 'index.html')).catch(() => {
    throw new Error(`${DIST}/index.html is missing: run trunk build --release first`);
  });
  const golden = await readGolden();
  const server = await startStaticServer(DIST);
  let browser;
  try {
    browser = await launchChromium();
    console.log(`bench: ${CHROMIUM} ${browser.version()}, serving ${DIST}`);
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(String(err?.message ?? err)));
    await page.goto(`${server.url}/?v=1`, { waitUntil: 'load' });
    await page.waitForSelector(DONE, { timeout: LOAD_TIMEOUT_MS, state: 'attached' });
    await page.waitForFunction(() => typeof window.infoloop?.timeRun === 'function', null, {
      timeout: LOAD_TIMEOUT_MS,
    });
    // Scenario G's runs need its word list, which the page fetches when the tab opens.
    const missing = await page.evaluate(() => window.infoloop.loadAssets());
    if (missing) throw new Error(`bench: data files did not load: ${missing}`);
    // The one list of cases (infoloop_core::bench::cases), as benches/sim.rs times it natively.
    const cases = JSON.parse(await page.evaluate(() => window.infoloop.benchCases()));
    const medians = {};
    for (const c of cases) {
      if (FILTER && !c.name.includes(FILTER)) continue;
      const fp = await page.evaluate((q) => window.infoloop.fingerprint(q), c.query);
      const want = golden.get(c.query);
      if (want !== undefined && fp !== want) {
        throw new Error(`${c.name}: wasm fingerprint ${fp} differs from the golden ${want}`);
      }
      // One run sizes the case as natively: about 2 s of timing, 5 to 21 runs (odd: the median
      // is one measured run), 3 warm-ups below 200 ms a run, else 1.
      const once = Math.max(await page.evaluate((q) => window.infoloop.timeRun(q, 1), c.query), 1e-3);
      c.reps = Math.min(21, Math.max(5, Math.floor(2000 / once))) | 1;
      c.warmup = once < 200 ? 3 : 1;
      // Warm up for `warmup` runs and at least WARMUP_MS, so V8 has tiered the hot code up to its
      // optimizing compiler before the timed runs (it compiles in the background, later when the
      // machine is busy); a short warm-up once gave a median 30% above its usual value.
      await page.evaluate(
        ([q, n, ms]) => {
          const t0 = performance.now();
          for (let i = 0; i < 1000 && (i < n || performance.now() - t0 < ms); i += 1) window.infoloop.timeRun(q, 1);
        },
        [c.query, c.warmup, WARMUP_MS],
      );
      const ms = await page.evaluate(([q, n]) => window.infoloop.timeRun(q, n), [c.query, c.reps]);
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`${c.name}: timeRun returned ${ms}`);
      medians[c.name] = ms;
      console.log(`bench: ${c.name} (${c.query}): median ${ms.toFixed(2)} ms of ${c.reps} [fingerprint ${fp}]`);
    }
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join(' | ')}`);
    const json = `${JSON.stringify(medians, null, 2)}\n`;
    process.stdout.write(json);
    if (OUT) {
      await fs.mkdir(path.dirname(OUT), { recursive: true });
      await fs.writeFile(OUT, json);
      // The cases beside the medians (names, scenario tab labels, queries) for scripts/bench.sh.
      await fs.writeFile(path.join(path.dirname(OUT), 'cases.json'), `${JSON.stringify(cases, null, 2)}\n`);
      console.log(`bench: wrote ${OUT}`);
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
}

main().catch((err) => {
  console.error(`bench: ${String(err?.message ?? err).split('\n')[0]}`);
  process.exit(1);
});
