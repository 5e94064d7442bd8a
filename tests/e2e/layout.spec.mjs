// Layout on every project (1280x800 at DPR 1 and 2, a 390x844 phone at DPR 3): screenshots in
// light and dark with nothing wider than the viewport and the charts in the theme's colours;
// the theme toggle switches the charts too.
import { expect, outFile, TAG, test } from './fixtures.mjs';

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test(`screenshot (${scheme}): nothing overflows the viewport, charts in ${scheme} colours`, { tag: TAG.all }, async ({ app, page }, testInfo) => {
      await app.open('');
      await app.settleFrames();
      expect(await app.overflowing(), 'elements wider than the viewport').toEqual([]);
      const background = await app.chartBackground('info');
      expect(background.every((x) => x < 64), `chart background ${background} is dark`).toBe(scheme === 'dark');
      expect(background.every((x) => x > 200), `chart background ${background} is light`).toBe(scheme === 'light');
      const { width, height } = page.viewportSize();
      await page.screenshot({ path: await outFile(testInfo, `${scheme}-${width}x${height}@${testInfo.project.use.deviceScaleFactor}x.png`) });
    });
  });
}

test('the theme toggle switches to dark and back, charts follow', async ({ app, page }, testInfo) => {
  await app.open('?v=1&r=100');
  const red = async () => (await app.chartBackground('info'))[0];
  expect(await red(), 'light chart background').toBeGreaterThan(200);
  await app.themeToggle().click();
  await app.waitTheme('dark');
  await expect.poll(red, { message: 'the chart redrawn dark' }).toBeLessThan(64);
  await page.screenshot({ path: await outFile(testInfo, 'theme-toggle-dark.png') });
  await app.themeToggle().click();
  await app.waitTheme('light');
  await expect.poll(red, { message: 'the chart redrawn light' }).toBeGreaterThan(200);
});

// Charts learn their size from a ResizeObserver, not from the layout on every redraw: a
// narrower window redraws each chart at its new size, sharp for the DPR, with no run.
test('a resized window redraws the charts at their new size, backing store = CSS box x DPR', async ({ app, page }) => {
  await app.open('?v=1&r=100');
  const sized = () =>
    page.$$eval('canvas[data-chart]', (canvases) =>
      canvases
        .filter((c) => c.clientWidth > 0)
        .map((c) => ({
          chart: c.dataset.chart,
          draws: Number(c.dataset.draws),
          css: c.clientWidth,
          ok: c.width === Math.round(c.clientWidth * devicePixelRatio) && c.height === Math.round(c.clientHeight * devicePixelRatio),
        })),
    );
  const before = await sized();
  expect(before.length, 'charts drawn').toBeGreaterThan(1);
  expect(before.every((c) => c.ok), JSON.stringify(before)).toBe(true);
  const { width, height } = page.viewportSize();
  await page.setViewportSize({ width: Math.round(width * 0.7), height });
  // Each chart changes width (the main chart narrower; the others wider, one column now).
  await expect
    .poll(async () => (await sized()).every((c, i) => c.ok && c.draws > before[i].draws && c.css !== before[i].css), {
      message: 'every chart redrawn at its new width, sharp',
    })
    .toBe(true);
  expect(await app.overflowing(), 'elements wider than the viewport').toEqual([]);
});
