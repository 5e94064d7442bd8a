// A share link loads and draws every chart (at DPR 1 and 2), and the browser computes exactly
// the curves of the native golden file: wasm == native, bit for bit.
import { LOOP_CHARTS } from './app-page.mjs';
import { expect, outFile, readGolden, show, TAG, test } from './fixtures.mjs';
import { GOLDEN } from './paths.mjs';

const LINK = '?v=1&ver=1&s=0.4&seed=7';
/** A drawn chart differs from its background in at least this many pixels. */
const MIN_INK_PIXELS = 200;

test.describe('load', () => {
  test(`${LINK} loads: 3 charts drawn, sized for the DPR; slider s = 0.4; a fingerprint`, { tag: TAG.desktop }, async ({ app, page }, testInfo) => {
    await app.open(LINK);
    const charts = await app.charts();
    expect(charts.map((c) => c.name).sort(), 'chart canvases').toEqual(LOOP_CHARTS);
    for (const c of charts) {
      expect(c.draws, `chart ${c.name}: data-draws`).toBeGreaterThanOrEqual(1);
      expect(c.ink, `chart ${c.name} (${c.width}x${c.height}) inked pixels`).toBeGreaterThanOrEqual(MIN_INK_PIXELS);
      // Crisp at any DPR: the backing store is the CSS box times devicePixelRatio.
      expect([c.width, c.height], `chart ${c.name}: backing store for ${c.cssWidth}x${c.cssHeight} CSS px at DPR ${c.dpr}`).toEqual([
        Math.round(c.cssWidth * c.dpr),
        Math.round(c.cssHeight * c.dpr),
      ]);
    }
    expect(charts[0].dpr, 'devicePixelRatio').toBe(testInfo.project.use.deviceScaleFactor);
    expect(await app.controlValue('s'), 'slider s').toBe(0.4);
    expect(await app.fingerprint(), 'fingerprint of the drawn run').toMatch(/^[0-9a-f]{16}$/);
    const dpr = testInfo.project.use.deviceScaleFactor;
    await page.screenshot({ path: await outFile(testInfo, `app-1280x800@${dpr}x.png`) });
    await page.screenshot({ path: await outFile(testInfo, `app-full@${dpr}x.png`), fullPage: true });
  });

  test('every request is same-origin, the wasm included', async ({ app, guard, baseURL }) => {
    // The guard fails any test on a foreign request; this one also proves it saw the app load.
    await app.open('?v=1');
    const origin = new URL(baseURL).origin;
    const requested = guard.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(requested.filter((u) => new URL(u).origin !== origin), 'requests to other origins').toEqual([]);
    expect(requested.filter((u) => u.endsWith('.wasm')), '.wasm requests').toHaveLength(1);
    expect(requested.filter((u) => /\.js$/.test(u)).length, '.js requests').toBeGreaterThanOrEqual(1);
  });
});

test.describe('golden', () => {
  test(`fingerprints of ${show(GOLDEN)} match in wasm`, async ({ app }) => {
    const cases = await readGolden();
    expect(cases.length, 'golden cases').toBeGreaterThan(0);
    await app.open('?v=1');
    expect(await app.loadAssets(), 'data files load').toBe('');
    const mismatches = [];
    for (const { query, hex } of cases) {
      const got = await app.fingerprintOf(query);
      if (got !== hex) mismatches.push(`${query}: wasm ${got}, native ${hex}`);
    }
    expect(mismatches, `${mismatches.length} of ${cases.length} differ`).toEqual([]);
  });

  test('the run the page drew (computed in slices) has the golden fingerprint', async ({ app }) => {
    const cases = new Map((await readGolden()).map((c) => [c.query, c.hex]));
    // G's run waits for its word list, which the page fetches when the tab opens.
    for (const query of ['v=1&ver=1&s=0.4', 'v=1&sc=gauss', 'v=1&sc=text']) {
      expect(cases.has(query), `${query} is in the golden file`).toBe(true);
      await app.open(`?${query}`);
      expect(await app.fingerprint(), `fingerprint of the run drawn for ?${query}`).toBe(cases.get(query));
    }
  });
});
