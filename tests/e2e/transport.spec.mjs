// The transport (play, stop at, speed, reset, pause when hidden) and A/B pinning with hover.
import { AppPage } from './app-page.mjs';
import { expect, TAG, test } from './fixtures.mjs';

/** Plays ?v=1&r=200 at 100 generations a second (10x, more than one a frame) with "stop at" 12. */
async function playToTwelve(app) {
  await app.open('?v=1&r=200');
  await app.setStopAt(12);
  await app.setSpeed(100);
  await app.play();
  await app.waitPlaying(false);
}

test.describe('transport', () => {
  test('play stops at the stop generation', async ({ app }) => {
    await playToTwelve(app);
    expect(await app.position(), 'stopped at').toBe(12);
    await expect(app.transport('play'), 'the play button is released').toHaveAttribute('aria-pressed', 'false');
  });

  test('the generation shown travels in the link (at=12) and reopens there', async ({ app, context, baseURL }) => {
    await playToTwelve(app);
    await app.waitForSearch(/[?&]at=12(&|$)/);
    const link = await app.search();
    const again = new AppPage(await context.newPage(), baseURL);
    await again.open(link);
    expect(await again.positionText(), 'reopened at 12').toBe('generation 12 of 40');
    expect(await again.position(), 'data-shown').toBe(12);
  });

  test('hiding the tab pauses playing, with a visible reason', async ({ app, page }) => {
    await app.open('?v=1&r=200');
    await app.setSpeed(10); // 1x: the 40 generations take 4 s
    await app.play();
    await app.waitPlaying(true);
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await app.waitPlaying(false, { timeout: 5_000 });
    await expect(app.pausedNote()).toHaveText(/tab was hidden/);
    expect(await app.position(), 'paused before the end').toBeLessThan(40);
  });
});

test.describe('speed and stop', () => {
  test('1x plays 10 generations a second (about 1 s of playing)', async ({ app }) => {
    await app.open('?v=1&t=400&r=50');
    await app.setSpeed(10);
    await app.play();
    await app.waitPlaying(true);
    // Watch a second of playing: 1x moves about 10 generations in it.
    const changes = await app.positionChanges(1_000, { limitMs: 1_100 });
    await app.transport('play').click();
    await app.waitPlaying(false);
    expect(changes.length, 'moves seen in the second').toBeGreaterThanOrEqual(5);
    const seconds = (changes.at(-1).t - changes[0].t) / 1000;
    const advanced = changes.at(-1).g - changes[0].g;
    const shown = `${advanced} generations in ${seconds.toFixed(2)} s (${changes.length} moves)`;
    expect(seconds, `watched long enough: ${shown}`).toBeGreaterThan(0.8);
    expect(Math.abs(advanced - 10 * seconds), `1x is 10 generations a second: ${shown}`).toBeLessThanOrEqual(2);
  });

  test('"stop at" shows its whole value (100000), not a clipped one', { tag: TAG.all }, async ({ app }) => {
    await app.open('?v=1&t=100000&r=20&n=1');
    const fit = await app.stopAtFit();
    expect(fit.value, '"stop at" on a 100 000-generation run').toBe('100000');
    expect(fit.scrollWidth, `"stop at" text ${fit.scrollWidth} px wide in a ${fit.clientWidth} px field`).toBeLessThanOrEqual(fit.clientWidth);
  });
});

test.describe('A/B pinning', () => {
  test('the default view pins an information-open loop (the verifier preset); hover reads every curve; the data table holds every generation', async ({ app, page }) => {
    await app.open('');
    expect(await app.firstLegendText(), 'ghost in the legend').toMatch(/pinned: Verifier s = 0\.4 \(seed 1\)/);
    const box = await app.chart('info').boundingBox();
    await page.mouse.move(box.x + 54 + (box.width - 70) / 2, box.y + box.height / 2);
    await expect(app.firstHoverReadout(), 'hover readout').toHaveText(/^generation 20 · I\(X; argmax pₜ\) \d\.\d\d bits · .* · pinned \d\.\d\d bits$/);
    // The table follows the curves once they have rested (a quarter of a second).
    await expect.poll(() => app.firstDataTableRows().catch(() => 0), { message: 'data table rows (header + generations 0..40)' }).toBe(42);
  });

  test('Unpin drops the ghost; Pin for A/B pins the current run', async ({ app }) => {
    await app.open('');
    await app.transport('pin').click();
    await app.waitPinned(false);
    expect(await app.firstLegendText(), 'unpinned').not.toMatch(/pinned/);
    await app.transport('pin').click();
    await app.waitPinned(true);
    expect(await app.firstLegendText(), 'pinned').toMatch(/pinned: Closed loop \(seed 1\)/);
  });

  test('the pinned run travels in the link (pin=) and is recomputed when it is opened', async ({ app, context, baseURL }) => {
    await app.open('');
    await app.transport('pin').click();
    await app.waitPinned(false);
    await app.transport('pin').click();
    await app.waitPinned(true);
    await app.choosePreset(2); // "Verifier s = 0.4"
    await app.waitForSearch(/[?&]pin=v=3(&|$)/);
    const link = await app.search();
    const again = new AppPage(await context.newPage(), baseURL);
    await again.open(link);
    await expect.poll(() => again.firstLegendText(), { message: 'reopened with the pinned run', timeout: 60_000 }).toMatch(/pinned: Closed loop \(seed 1\)/);
  });
});
