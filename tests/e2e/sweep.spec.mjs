// The sweep (tab F): the default 32 x 32 grid finishes in the page and its heatmap is drawn; the
// sweep CSV holds every cell the heatmap shows.
import { download, expect, outFile, test } from './fixtures.mjs';

test('the default 32x32 sweep (?sw=1) finishes in the browser: 1024 of 1024 cells, heatmap drawn', async ({ app, page }, testInfo) => {
  test.setTimeout(200_000);
  await app.goto('?v=1&sw=1');
  await app.waitRunning();
  await app.waitChartDrawn('sweep');
  // From the first partial heatmap on: the page's start-up (compiling the wasm, the first
  // render) is not the sweep (the first chart has a budget of its own, performance.spec.mjs).
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    window.__sweepStart = performance.now();
  });
  await app.waitDone({ timeout: 170_000 });
  const { elapsed, longest, count } = await page.evaluate(() => ({
    elapsed: performance.now() - window.__sweepStart,
    longest: Math.max(0, ...window.__longTasks),
    count: window.__longTasks.length,
  }));
  expect(await app.readoutsText(), 'all cells computed').toMatch(/1024 of 1024/);
  const [heatmap] = (await app.charts()).filter((c) => c.name === 'sweep');
  expect(heatmap, 'a sweep chart').toBeTruthy();
  expect(heatmap.ink, 'heatmap inked pixels').toBeGreaterThanOrEqual(200);
  await page.screenshot({ path: await outFile(testInfo, 'sweep.png') });
  console.log(`# timing: default 32x32 sweep ${(elapsed / 1000).toFixed(2)} s; longest main-thread task ${longest.toFixed(0)} ms (${count} tasks over 50 ms)`);
  // The page stays responsive while it sweeps (README: no task over 50 ms; 100 ms of slack here).
  expect(longest, 'longest main-thread task while sweeping (ms)').toBeLessThan(100);
});

// The sweep's CSV is the heatmap in numbers: one row per cell, exactly what
// window.infoloop.sweepCsv computes for the link, and what the heatmap's hover readout says.
test('the sweep CSV (?v=1&sw=1&sn=4&t=40) rebuilds every heatmap cell: the rows of sweepCsv(link), and the hover readout of cells', async ({ app, page }) => {
  await app.open('?v=1&sw=1&sn=4&t=40');
  const search = await app.search();
  const csv = await download(page, app.runExport('csv'));
  expect(csv.name, 'file name').toMatch(/-sweep\.csv$/);
  const expected = await app.sweepCsv(search);
  const body = (text) => text.split('\n').filter((l) => l !== '' && !l.startsWith('# link: '));
  expect(body(csv.text), 'the download vs sweepCsv(location.search), but for its # link line').toEqual(body(expected));
  const [head, ...rows] = body(csv.text)
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.split(','));
  const [xKey, yKey, metric] = head;
  expect(metric, 'third column').toMatch(/^final_/);
  expect(rows.length, 'one row per cell of the 4 x 4 grid').toBe(16);
  const xs = [...new Set(rows.map((r) => r[0]))];
  const ys = [...new Set(rows.map((r) => r[1]))];
  expect([xs.length, ys.length], 'distinct x and y values').toEqual([4, 4]);
  expect(new Set(rows.map((r) => `${r[0]},${r[1]}`)).size, 'every (x, y) pair once').toBe(16);
  expect(rows.filter((r) => !Number.isFinite(Number.parseFloat(r[2]))).map((r) => r.join(',')), 'cells without a finite value').toEqual([]);
  // Rows go through x within y: cell (col, row) is row * 4 + col, row 0 at the bottom.
  const mismatches = [];
  for (const [col, row] of [
    [0, 0],
    [3, 0],
    [0, 3],
    [3, 3],
    [1, 2],
  ]) {
    const [x, y, v] = rows[row * 4 + col];
    const readout = await app.hoverHeatmapCell(col, row, 4, 4);
    const m = readout.match(/^(\S+) = (\S+), (\S+) = (\S+): .+ = (-?[\d.]+)$/);
    if (!m) {
      mismatches.push(`cell ${col},${row}: readout ${JSON.stringify(readout)}`);
      continue;
    }
    const [, rx, rxv, ry, ryv, rv] = m;
    const digits = (rv.split('.')[1] ?? '').length;
    const close = (a, b, tol) => Math.abs(Number(a) - Number(b)) <= tol;
    if (rx !== xKey || ry !== yKey) mismatches.push(`cell ${col},${row}: readout axes ${rx}, ${ry} vs columns ${xKey}, ${yKey}`);
    if (!close(rxv, x, 1e-9 + Math.abs(Number(x)) * 1e-3) || !close(ryv, y, 1e-9 + Math.abs(Number(y)) * 1e-3)) {
      mismatches.push(`cell ${col},${row}: readout at ${rxv}, ${ryv}, CSV row ${x}, ${y}`);
    }
    if (!close(rv, v, 0.5 * 10 ** -digits + 1e-12)) mismatches.push(`cell ${col},${row}: readout ${rv}, CSV ${v}`);
  }
  expect(mismatches, 'hover readouts vs CSV rows').toEqual([]);
});
