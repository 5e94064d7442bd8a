// The wasm/native ratio of each benchmark case with both sides measured in the same minute
// (scripts/bench.sh runs it after the two halves). This machine's speed moves between two levels
// about 1.5x apart, for seconds to minutes at a time, so a ratio of a native median taken in one
// step and a browser median taken minutes later can be off by that factor. Here each case runs
// ROUNDS rounds, each one native process (examples/probe_query <query> <reps>, the median of
// `reps` runs) right beside the page's `window.infoloop.timeRun(query, reps)` on the release
// build, the order swapped every round; the ratio of a case is the median of its rounds' ratios.
// Both sides compute `parse_query(query).0.run.run()`, as the two halves of the benchmark do.
//
// Prints one line per case and the JSON object `{"case name": {query, rounds, reps, native, wasm,
// ratio, lo, hi}}`
// (milliseconds: the medians over rounds; lo / hi: the rounds' lowest and highest ratio); with
// BENCH_RATIO_OUT=path also writes it there. Environment: BENCH_DIST (default dist/), BENCH_PROBE
// (default target/release/examples/probe_query), BENCH_FILTER, BENCH_ROUNDS (default 5),
// CHROMIUM. Exits 1 on any failure.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { startStaticServer } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(ROOT, 'dist'));
const PROBE = path.resolve(process.env.BENCH_PROBE ?? path.join(ROOT, 'target/release/examples/probe_query'));
const OUT = process.env.BENCH_RATIO_OUT ? path.resolve(process.env.BENCH_RATIO_OUT) : null;
const FILTER = process.env.BENCH_FILTER ?? '';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const ROUND_MS = 400; // about this much timing per side and round
const WARMUP_MS = 1_000;

setTimeout(() => {
  console.error('ratio: watchdog: the run took over 15 minutes');
  process.exit(1);
}, 900_000).unref();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The median of `reps` native runs of `query`, in ms (probe_query's own line). */
function native(query, reps) {
  const out = execFileSync(PROBE, [query, String(reps)], { encoding: 'utf8' });
  const m = /median ([0-9.]+) ms/.exec(out);
  if (!m) throw new Error(`probe_query printed no median for ${query}: ${out.trim()}`);
  return Number(m[1]);
}

async function main() {
  await fs.access(PROBE).catch(() => {
    throw new Error(`${PROBE} is missing: cargo build --release --example probe_query`);
  });
  const server = await startStaticServer(DIST);
  let browser;
  try {
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err?.message ?? err)));
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    await page.waitForSelector('#app[data-status="done"]', { timeout: 60_000, state: 'attached' });
    const missing = await page.evaluate(() => window.infoloop.loadAssets());
    if (missing) throw new Error(`data files did not load: ${missing}`);
    const cases = JSON.parse(await page.evaluate(() => window.infoloop.benchCases()));
    const result = {};
    for (const c of cases) {
      if (FILTER && !c.name.includes(FILTER)) continue;
      const once = Math.max(await page.evaluate((q) => window.infoloop.timeRun(q, 1), c.query), 1e-3);
      const reps = Math.min(15, Math.max(3, Math.floor(ROUND_MS / once))) | 1;
      await page.evaluate(
        ([q, ms]) => {
          const t0 = performance.now();
          for (let i = 0; i < 1000 && (i < 3 || performance.now() - t0 < ms); i += 1) window.infoloop.timeRun(q, 1);
        },
        [c.query, WARMUP_MS],
      );
      native(c.query, 1); // the binary and its pages in the cache
      const rounds = [];
      for (let r = 0; r < ROUNDS; r += 1) {
        const wasmSide = () => page.evaluate(([q, n]) => window.infoloop.timeRun(q, n), [c.query, reps]);
        let n;
        let w;
        if (r % 2 === 0) {
          n = native(c.query, reps);
          w = await wasmSide();
        } else {
          w = await wasmSide();
          n = native(c.query, reps);
        }
        if (!(n > 0) || !(w > 0)) throw new Error(`${c.name}: round ${r}: native ${n} ms, wasm ${w} ms`);
        rounds.push({ n, w, ratio: w / n });
      }
      const ratios = rounds.map((x) => x.ratio);
      result[c.name] = {
        query: c.query,
        rounds: ROUNDS,
        reps,
        native: median(rounds.map((x) => x.n)),
        wasm: median(rounds.map((x) => x.w)),
        ratio: median(ratios),
        lo: Math.min(...ratios),
        hi: Math.max(...ratios),
      };
      const x = result[c.name];
      console.log(
        `ratio: ${c.name} (${c.query}): native ${x.native.toFixed(2)} ms, wasm ${x.wasm.toFixed(2)} ms, ` +
          `wasm/native ${x.ratio.toFixed(2)} (rounds ${x.lo.toFixed(2)}–${x.hi.toFixed(2)}, ${ROUNDS} x ${reps} runs a side)`,
      );
    }
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    const json = `${JSON.stringify(result, null, 2)}\n`;
    process.stdout.write(json);
    if (OUT) await fs.writeFile(OUT, json);
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
}

main().catch((err) => {
  console.error(`ratio: ${String(err?.message ?? err).split('\n')[0]}`);
  process.exit(1);
});
