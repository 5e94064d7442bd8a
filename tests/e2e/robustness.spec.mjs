// Failure modes: a panic shows a banner (not a frozen page) whose "Copy details" copies the
// message and link; a hostile generation count clamps to the longest run, which finishes with
// its curves downsampled; a long run can be cancelled and keeps what it computed.
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

// A long run says so (its estimate, progress, time left) and can be cancelled: Cancel stops the
// work at once and keeps the curves computed so far.
test('Cancel on a long run (t=100000, n=4096): within 200 ms no more work is done, the charts keep finite partial curves', async ({ app, page }, testInfo) => {
  await app.goto('?v=1&t=100000&n=4096');
  const estimate = await app.waitLongRun();
  expect(estimate, 'the long run\'s estimate (ms)').toBeGreaterThan(2000);
  await expect(app.runStatus(), 'the long run says how long').toContainText(/about .+ in all, \d+% done, .+ left/);
  const { ms, share } = await app.cancelRun();
  expect(ms, 'milliseconds from Cancel to the cancelled status').toBeLessThanOrEqual(200);
  expect(share > 0 && share < 1, `share of the work kept: ${share}`).toBe(true);
  await expect(app.runStatus(), 'the status after Cancel').toContainText(/^Cancelled at \d+%/);
  // The charts of a long run draw in a task after the update that cancelled it: once they have
  // (nothing changed for 300 ms; work going on would keep changing them), nothing may change.
  let stopped = await app.activity();
  await expect.poll(async () => {
    const now = await app.activity();
    const settled = JSON.stringify(now) === JSON.stringify(stopped);
    stopped = now;
    return settled;
  }, { message: 'the page settles after Cancel', intervals: [300], timeout: 5_000 }).toBe(true);
  // Not a wait for something: an observation window in which nothing may change any more.
  await page.waitForTimeout(1_000);
  expect(await app.activity(), 'charts, fingerprint or status changed after Cancel: work went on').toEqual(stopped);
  expect(await app.isDone(), 'the page is at rest').toBe(true);
  for (const c of await app.charts()) expect(c.draws >= 1 && c.ink >= 200, `chart ${c.name} kept its partial curves (draws ${c.draws}, ink ${c.ink})`).toBe(true);
  const table = await app.mainDataTable();
  const cells = table.rows.flatMap((r) => r.slice(1));
  expect(table.rows.length, 'rows of the main chart\'s data').toBeGreaterThan(10);
  expect(cells.filter((c) => !Number.isFinite(Number(c))), `the main chart's partial values (columns ${table.head.join(' | ')})`).toEqual([]);
  await page.screenshot({ path: await outFile(testInfo, 'cancelled-long-run.png') });
});
