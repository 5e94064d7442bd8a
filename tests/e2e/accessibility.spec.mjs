// Accessibility: axe-core (from npm, injected into the page) finds no serious or critical
// violation on the main views, light and dark; a keyboard-only reader can run a scenario.
import { axeSource, expect, test } from './fixtures.mjs';

const LIGHT_VIEWS = ['', '?v=1', '?v=1&ver=1&s=2', '?v=1&sc=gauss', '?v=1&sc=budget', '?v=1&sc=transfer', '?v=1&sc=hacking', '?v=1&sw=1&sn=4&r=10', '?v=1&embed=1&hide=k'];
const DARK_VIEWS = ['', '?v=1&sc=hacking'];

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(page) {
  await page.addScriptTag({ content: await axeSource() });
  const violations = await page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    })),
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

test.describe('axe-core: no serious or critical violations', () => {
  for (const view of LIGHT_VIEWS) {
    test(`light: ${view || '(the first view)'}`, async ({ app, page }) => {
      await app.open(view);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test.describe('dark theme', () => {
    test.use({ colorScheme: 'dark' });
    for (const view of DARK_VIEWS) {
      test(`dark: ${view || '(the first view)'}`, async ({ app, page }) => {
        await app.open(view);
        // The contrast of every colour pair is checked again, so make sure it is the dark theme.
        expect((await app.chartBackground()).every((x) => x < 64), 'dark chart background').toBe(true);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }
  });
});

// Tab to a slider and move it with the arrow keys, Tab on to the play button, Space plays and
// pauses, → steps, R resets; every focused control shows a focus ring.
test('keyboard only: Tab to a slider, arrows change it, Space plays/pauses, → steps, R resets', async ({ app, page }) => {
  await app.open('?v=1&r=200');
  const before = await app.controlValue('s');
  await app.tabTo({ control: 's' });
  expect(await app.focusOutline(), 'focused slider shows a focus ring').not.toBe('none');
  await page.keyboard.press('ArrowRight');
  await app.waitForSearch(/[?&]s=/);
  expect(await app.controlValue('s'), 'ArrowRight moved the slider').toBeGreaterThan(before);
  await app.waitDone();
  await app.tabTo({ transport: 'play' });
  expect(await app.focusOutline(), 'focused play button shows a focus ring').not.toBe('none');
  await page.keyboard.press('Space');
  await app.waitPlaying(true, { timeout: 5_000 });
  await app.waitPosition(3, { atLeast: true });
  await page.keyboard.press('Space');
  await app.waitPlaying(false, { timeout: 5_000 });
  const paused = await app.position();
  await page.keyboard.press('ArrowRight');
  await app.waitPosition(paused + 1, { timeout: 5_000 });
  await page.keyboard.press('r');
  await app.waitPosition(0, { timeout: 5_000 });
  expect(await app.readoutLabel(), 'readouts follow the transport').toBe('Values at generation 0');
});
