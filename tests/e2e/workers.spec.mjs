// The pool of Web Workers (src/app/pool.rs): a sweep's cells go out in blocks to workers with
// their own wasm instances and come back placed by index, so the grid is the same bit for bit
// with any number of workers, with none (slices in the page), when a worker dies mid-sweep,
// and when workers cannot start at all. Compared as the CSV export, against the page's own
// synchronous computation (`window.infoloop.sweepCsv`). Timings are printed as `# timing:` lines.
import os from 'node:os';
import { expect, test } from './fixtures.mjs';

// 8 x 8 cells of the default sweep (scenario A): quick, 64 cells in 64 blocks of one.
const SMALL = '?v=1&sw=1&sn=8';
const SMALL_NEWEST = '?sw=1&sn=8';
// 20 x 20: long enough (a second or two) to kill a worker while it computes.
const MEDIUM = '?v=1&sw=1&sn=20';
// Scenario G's default 6 x 6 sweep at its cheapest effort: needs the word list in the workers.
const TEXT = '?v=1&sc=text&sw=1&sn=3';
// The default 32 x 32 sweep: as an old (v=1) link replays it, and as the page sweeps today (a
// link with no engine opens on the newest).
const DEFAULT = '?v=1&sw=1';
const NEWEST = '?sw=1';

/** Whether the machine is quiet enough for timings to mean something (a build or another suite
 * beside this one makes any order of runs possible): the 1-minute load average at most 1.5 a
 * core. Timings are printed either way; their bounds are only checked on a quiet machine. */
function quiet() {
  const load = os.loadavg()[0];
  const ok = load <= 1.5 * os.cpus().length;
  if (!ok) test.info().annotations.push({ type: 'timing not checked', description: `load ${load.toFixed(1)} on ${os.cpus().length} cores` });
  return ok;
}

/** The pooled sweep `query` with `n` workers (0: slices in the page): {csv, ms}. */
function sweep(page, query, n) {
  return page.evaluate(
    async ([q, n]) => {
      window.infoloop.setWorkers(n);
      return window.infoloop.sweep(q);
    },
    [query, n],
  );
}

/** The grid of `query` computed synchronously in the page, as its CSV export. */
function reference(page, query) {
  return page.evaluate((q) => window.infoloop.sweepCsv(q), query);
}

function workers(page) {
  return page.evaluate(() => window.infoloop.workers());
}

async function openHooks(app) {
  await app.goto('?v=1&r=20&t=3');
  await app.waitHooks();
  await app.waitDone();
}

// On the frozen v1 engine (old links) and on the newest (new links), whose v2/v3 runs have
// replicate blocks of their own.
for (const [engine, query] of [['v1', SMALL], ['newest', SMALL_NEWEST]]) {
  test(`a sweep is bit-identical with 0, 1, 2, 3 and 4 workers (${engine} engine)`, async ({ app, page }) => {
    await openHooks(app);
    const expected = await reference(page, query);
    expect(expected.split('\n').length, 'one CSV row per cell').toBeGreaterThan(64);
    for (const n of [1, 2, 3, 4, 0]) {
      const { csv } = await sweep(page, query, n);
      expect(csv, `${n} workers`).toBe(expected);
      expect((await workers(page)).live, `${n} workers ran it`).toBe(n);
    }
  });
}

test('scenario G in workers: they get the word list first', async ({ app, page }) => {
  test.setTimeout(120_000);
  await openHooks(app);
  expect(await page.evaluate(() => window.infoloop.loadAssets())).toBe('');
  const expected = await reference(page, TEXT);
  const { csv } = await sweep(page, TEXT, 2);
  expect((await workers(page)).live).toBe(2);
  expect(csv).toBe(expected);
});

test('a worker killed mid-sweep: its block is done by another, nothing lost', async ({ app, page }) => {
  test.setTimeout(120_000);
  await openHooks(app);
  const expected = await reference(page, MEDIUM);
  for (const [n, kills] of [
    [2, 1],
    [3, 2],
    [2, 2], // every worker: the rest is computed in the page
  ]) {
    const result = await page.evaluate(
      async ([q, n, kills]) => {
        window.infoloop.setWorkers(n);
        const done = window.infoloop.sweep(q);
        const killed = [];
        for (let k = 0; k < kills; k++) {
          // Wait until every worker is busy, a little into the sweep.
          const t0 = performance.now();
          while (window.infoloop.workers().busy < n - k && performance.now() - t0 < 10_000) {
            await new Promise((r) => setTimeout(r, 5));
          }
          await new Promise((r) => setTimeout(r, 150));
          killed.push(window.infoloop.killWorker());
        }
        return { ...(await done), killed, after: window.infoloop.workers() };
      },
      [MEDIUM, n, kills],
    );
    expect(result.killed, `${n} workers, ${kills} killed while busy`).toEqual(Array(kills).fill(true));
    expect(result.after.live, 'workers left').toBe(n - kills);
    expect(result.csv, `${n} workers, ${kills} killed`).toBe(expected);
  }
});

// A hang (an endless loop in a worker, a stalled engine) sends no error event: the page must
// notice the silence. The first worker's third block is swallowed on its way (the worker never
// gets it, so it never answers: the page cannot tell that from a hang); the watchdog gives the
// block to the other worker once it is past its deadline (8x the slowest block delivered, at
// least 4 s), and the grid is whole and the same.
test('a worker that stops answering mid-sweep: after its deadline its block goes to another, nothing lost', async ({ app, page }) => {
  test.setTimeout(120_000);
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.addInitScript(() => {
    const Real = window.Worker;
    let made = 0;
    window.__swallowed = 0;
    window.Worker = class extends Real {
      constructor(...args) {
        super(...args);
        this.__index = made++;
        this.__blocks = 0;
      }
      postMessage(message, ...rest) {
        if (this.__index === 0 && message && message.query !== undefined && ++this.__blocks === 3) {
          window.__swallowed++;
          return undefined;
        }
        return super.postMessage(message, ...rest);
      }
    };
  });
  await openHooks(app);
  const expected = await reference(page, MEDIUM);
  const result = await page.evaluate(async (q) => {
    window.infoloop.setWorkers(2);
    const t0 = performance.now();
    const out = await window.infoloop.sweep(q);
    return { ...out, wall: performance.now() - t0, swallowed: window.__swallowed, after: window.infoloop.workers() };
  }, MEDIUM);
  expect(result.swallowed, 'one block never reached its worker').toBe(1);
  expect(result.csv, 'every cell, the same grid').toBe(expected);
  expect(result.after.live, 'the silent worker was dropped').toBe(1);
  expect(result.wall, 'the sweep waited for the deadline (4 s at least)').toBeGreaterThan(4_000);
  expect(warnings.some((w) => /no answer in \d+\.\d s/.test(w)), warnings.join('\n')).toBe(true);
  console.log(`# timing: a ${MEDIUM} sweep with a silent worker: ${(result.wall / 1000).toFixed(2)} s`);
});

test('without Worker (construction throws) the page computes in slices', async ({ app, page }) => {
  await page.addInitScript(() => {
    window.Worker = undefined;
  });
  await app.goto(`${SMALL}`);
  await app.waitHooks();
  await app.waitDone();
  expect(await app.readoutsText()).toMatch(/64 of 64/);
  const expected = await reference(page, SMALL);
  const { csv } = await sweep(page, SMALL, 2);
  expect(csv).toBe(expected);
  expect(await workers(page)).toEqual({ planned: 0, live: 0, busy: 0 });
});

test('a worker script that fails to start: the page computes in slices', async ({ app, page }) => {
  await page.route('**/infoloop-worker.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: 'self.postMessage({ error: "refused for the test" });' }),
  );
  await openHooks(app);
  const expected = await reference(page, SMALL);
  const { csv } = await sweep(page, SMALL, 2);
  expect(csv).toBe(expected);
  expect((await workers(page)).planned, 'no more workers are started').toBe(0);
});

// Other work on the machine (a build beside the suite) slows one run or another: 1 and 2 workers
// alternate, twice each, and the faster of each pair counts. On the newest engine (what the page
// sweeps for any new link), then once as an old v=1 link replays it.
test('the default 32x32 sweep: times with 0, 1 and 2 workers, 2 faster than 1', async ({ app, page }) => {
  test.setTimeout(300_000);
  await openHooks(app);
  await sweep(page, SMALL, 2); // workers started and warm
  const ms = { 0: [], 1: [], 2: [] };
  let first = null;
  for (const n of [1, 2, 1, 2, 0]) {
    const { csv, ms: took } = await sweep(page, NEWEST, n);
    ms[n].push(took);
    first ??= csv;
    expect(csv, `${n} workers`).toBe(first);
  }
  const old = await sweep(page, DEFAULT, 2);
  expect(old.csv, 'the v=1 sweep is another grid').not.toBe(first);
  const best = (n) => Math.min(...ms[n]);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const s = (n) => ms[n].map((t) => (t / 1000).toFixed(2)).join(', ');
  console.log(
    `# timing: default 32x32 sweep (newest engine), ${cores} cores, load ${os.loadavg()[0].toFixed(1)}: in the page ${s(0)} s; ` +
      `1 worker ${s(1)} s; 2 workers ${s(2)} s; best 1/2 = ${(best(1) / best(2)).toFixed(2)}x; ` +
      `as a v=1 link, 2 workers ${(old.ms / 1000).toFixed(2)} s`,
  );
  if (quiet()) expect(best(2), '2 workers faster than 1').toBeLessThan(best(1));
});

test('the page sweeps ?sw=1 in its workers: main thread free, every cell there', async ({ app, page }) => {
  test.setTimeout(200_000);
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
  await app.goto(DEFAULT);
  // Loading ends when the first partial heatmap is drawn: the app then takes the static page's
  // place (its first paint, part of loading). From there to the last cell the main thread only
  // places the workers' blocks and redraws.
  await app.waitMainChartDrawn();
  const start = await page.evaluate(() => performance.now());
  await app.waitDone({ timeout: 170_000 });
  const { elapsed, loading, sweeping, count, pool } = await page.evaluate((start) => {
    const during = window.__longTasks.filter(([t]) => t >= start).map(([, d]) => d);
    const before = window.__longTasks.filter(([t]) => t < start).map(([, d]) => d);
    return {
      elapsed: performance.now(), // since navigation
      loading: Math.max(0, ...before),
      sweeping: Math.max(0, ...during),
      count: during.length,
      pool: window.infoloop.workers(),
    };
  }, start);
  expect(await app.readoutsText()).toMatch(/1024 of 1024/);
  expect(pool.live, 'the page used its workers').toBeGreaterThan(0);
  console.log(
    `# timing: page ?sw=1 with ${pool.live} workers ${(elapsed / 1000).toFixed(2)} s after navigation; ` +
      `longest main-thread task while sweeping ${sweeping.toFixed(0)} ms (${count} over 50 ms), while loading ${loading.toFixed(0)} ms`,
  );
  if (quiet()) expect(sweeping, 'longest main-thread task while sweeping (ms)').toBeLessThan(100);
});
