// A developer's A/B clock of slider latency: two (or more) builds of the page, alternating in one
// headless Chromium, each round a fresh page and 40 moves of one slider (the first two not
// counted), timed from the input event to the first redraw (partial run) and to the complete
// run's redraw, as tests/e2e/performance.spec.mjs times them. Not a test: for comparing builds.
//   node tests/e2e/latency-ab.mjs <dist>,<dist>[,...] [query] [control key] [rounds]
//   e.g. node tests/e2e/latency-ab.mjs /tmp/old-dist,dist '?v=1&sc=budget' c 3
import path from 'node:path';
import { launchChromium } from './chromium.mjs';
import { startStaticServer } from './static-server.mjs';

const [dirs = 'dist', query = '', key = 'q', roundsArg = '3'] = process.argv.slice(2);
const dists = dirs.split(',');
const rounds = Number(roundsArg);
const MOVES = 40;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const line = ({ first, done }) =>
  `first p50 ${pct(first, 50).toFixed(1)} p95 ${pct(first, 95).toFixed(1)} | complete p50 ${pct(done, 50).toFixed(1)} p95 ${pct(done, 95).toFixed(1)} ms`;

const browser = await launchChromium();
const servers = await Promise.all(dists.map((d) => startStaticServer(path.resolve(d))));
const all = dists.map(() => ({ first: [], done: [] }));
try {
  for (let r = 0; r < rounds; r += 1) {
    for (let d = 0; d < dists.length; d += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
      const page = await context.newPage();
      await page.goto(`${servers[d].url}/${query}`);
      await page.waitForSelector('#app[data-status="done"]');
      await page.waitForTimeout(300);
      const round = { first: [], done: [] };
      for (let i = 0; i < MOVES; i += 1) {
        const t = await page.evaluate(
          ({ key, x }) =>
            new Promise((resolve) => {
              const input = document.querySelector(`input[data-key="${key}"]`);
              const chart = () => document.querySelector('canvas[data-chart]');
              const before = Number(chart().dataset.draws);
              let first = null;
              const t0 = performance.now();
              const observer = new MutationObserver(() => {
                const drawn = Number(chart().dataset.draws) > before;
                if (first === null && drawn) first = performance.now() - t0;
                if (drawn && document.querySelector('#app').dataset.status === 'done') {
                  observer.disconnect();
                  resolve({ first, done: performance.now() - t0 });
                }
              });
              observer.observe(document.body, { attributes: true, subtree: true, childList: true });
              const step = Number(input.step) || 1e-9;
              const span = Number(input.max) - Number(input.min);
              const value = Number(input.min) + Math.round((span * x) / step) * step;
              // The slider already there: nothing to run (not timed).
              if (Math.abs(value - Number(input.value)) < step / 2) {
                observer.disconnect();
                return resolve(null);
              }
              input.value = String(value);
              input.dispatchEvent(new Event('input', { bubbles: true }));
              input.dispatchEvent(new Event('change', { bubbles: true }));
            }),
          { key, x: ((i * 37) % MOVES) / (MOVES - 1) },
        );
        if (t !== null && i >= 2) {
          round.first.push(t.first ?? t.done);
          round.done.push(t.done);
        }
        await page.waitForTimeout(60);
      }
      all[d].first.push(...round.first);
      all[d].done.push(...round.done);
      console.log(`round ${r} ${dists[d]}: ${line(round)}`);
      await context.close();
    }
  }
  for (let d = 0; d < dists.length; d += 1) console.log(`all rounds ${dists[d]}: ${line(all[d])}`);
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
