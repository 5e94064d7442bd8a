// Failure modes: a panic shows a banner (not a frozen page) whose "Copy details" copies the
// message and link; a hostile generation count clamps to the longest run, which finishes with
// its curves downsampled.
import { expect, outFile, test } from './fixtures.mjs';

test.describe('a panic', () => {
  // The probe panics on purpose: its report in the console is expected, nothing else is.
  test.use({ permissions: ['clipboard-read', 'clipboard-write'], expectedErrors: /^infoloop panicked: [^]*panicForTest: e2e probe/ });

  test('shows the error banner; "Copy details" copies the message and the link', async ({ app, page }, testInfo) => {
    await app.open('?v=1&r=50');
    await expect(app.crashBanner(), 'no banner before the panic').toHaveCount(0);
    const thrown = await app.panicForTest('e2e probe');
    expect(thrown, 'JavaScript saw the panic thrown').not.toBe('no error');
    await expect(app.crashBanner()).toBeVisible({ timeout: 5_000 });
    await expect(app.crashBanner(), 'banner text').toContainText('Something went wrong');
    await expect(app.crashBanner(), 'banner details').toContainText('panicForTest: e2e probe');
    await app.crashCopyButton().click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()), { message: 'copied details' })
      .toMatch(/panicForTest: e2e probe[\s\S]*link: http/);
    await page.screenshot({ path: await outFile(testInfo, 'panic-banner.png') });
  });
});

// A run of 100 000 generations (a hostile t=1e12 clamps to it) finishes with its curves
// downsampled to at most 2001 points, and the page shows generation 100 000.
test('t=1e12 clamps to 100 000 generations: runs, downsampled, generation 100000 shown', async ({ app, page }, testInfo) => {
  await app.open('?v=1&t=1e12&r=20&n=8');
  expect(await app.positionText(), 'transport position').toBe('generation 100000 of 100000');
  const { generations } = await app.curvesOfPage();
  expect(generations.length, 'points stored').toBeLessThanOrEqual(2001);
  expect(generations.length, 'points stored').toBeGreaterThan(1000);
  expect(generations.at(-1), 'last point').toBe(100000);
  expect(await app.notes().textContent(), 'the clamp is noted').toMatch(/\bt\b/);
  for (const c of await app.charts()) expect(c.ink, `chart ${c.name} inked pixels`).toBeGreaterThanOrEqual(200);
  await page.screenshot({ path: await outFile(testInfo, 'long-run.png') });
});
