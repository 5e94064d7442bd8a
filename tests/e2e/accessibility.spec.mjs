// Accessibility: axe-core (from npm, injected into the page) finds no serious or critical
// violation on the main views, light and dark, and on the views of first contact and figures
// (the gallery and the glossary open, figure mode, the Embed dialog open, the example post);
// a keyboard-only reader can run a scenario; on a phone every control is at least 44 x 44 px.
import { AppPage, FigureElement } from './app-page.mjs';
import { expect, seriousViolations, TAG, test } from './fixtures.mjs';

const LIGHT_VIEWS = ['', '?v=1', '?v=1&ver=1&s=2', '?v=1&sc=gauss', '?v=1&sc=budget', '?v=1&sc=transfer', '?v=1&sc=hacking', '?v=1&sc=text', '?v=1&sw=1&sn=4&r=10', '?v=1&embed=1&hide=k'];
const DARK_VIEWS = ['', '?v=1&sc=hacking', '?v=1&sc=text'];

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

test.describe('axe-core on the views of first contact and figures', () => {
  test('the gallery, reached from the top bar', async ({ app, page }) => {
    await app.open('');
    await app.followTopLink('Where does my pipeline sit?');
    await app.waitForHash('#pipelines');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the glossary open', async ({ app, page }) => {
    await app.open('');
    await app.openGlossary();
    expect(await seriousViolations(page)).toEqual([]);
  });

  for (const view of ['?v=1&fig=info&ctl=s,kap&pin=v=1%26ver=1', '?v=1&sc=hacking&fig=hacking-sources,hacking-reward&ctl=rho,b']) {
    test(`figure mode: ${view}`, async ({ app, page }) => {
      await app.open(view);
      expect((await app.embedMode()).figure, 'figure mode').toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test('the Embed dialog open', async ({ app, page }) => {
    await app.open('?v=1&ver=1');
    await app.openEmbedDialog();
    expect(await seriousViolations(page)).toEqual([]);
  });

  for (const scheme of ['light', 'dark']) {
    test.describe(`${scheme}`, () => {
      test.use({ colorScheme: scheme });
      test(`the example post (${scheme}): its page with the figure elements' shadow roots, and its iframe figure`, async ({ page, baseURL }) => {
        await page.goto(`${baseURL}/embed-example.html`, { waitUntil: 'load' });
        for (let i = 0; i < 2; i += 1) await new FigureElement(page, i).waitDone();
        const iframe = page.locator('iframe');
        await iframe.scrollIntoViewIfNeeded();
        const frame = new AppPage(await (await iframe.elementHandle()).contentFrame(), baseURL);
        await frame.waitDone();
        expect(await seriousViolations(page), 'the post').toEqual([]);
        expect(await seriousViolations(frame.root), 'the iframe figure').toEqual([]);
      });
    });
  }
});

// Every control a finger presses on the phone's first screens and in the opened All parameters
// panel: buttons, inputs, selects, summaries, the top bar's links, checkboxes (through their
// labels), export buttons, the theme toggle, disclosure toggles.
test('phone: every visible control of the first screens and of All parameters is at least 44 x 44 px', { tag: TAG.phone }, async ({ app, page }) => {
  await app.open('');
  const { height } = page.viewportSize();
  const first = await app.touchTargets({ maxY: 2 * height });
  await app.openAllParams();
  const panel = await app.touchTargetsInAllParams();
  expect(first.length, 'controls measured on the first two screens').toBeGreaterThanOrEqual(15);
  expect(panel.length, 'controls measured in All parameters').toBeGreaterThanOrEqual(15);
  const small = [...first, ...panel].filter((t) => t.width < 44 || t.height < 44).map((t) => `${t.what} ${t.width}x${t.height}`);
  expect([...new Set(small)], 'touch targets under 44 x 44 px').toEqual([]);
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

// What a screen reader is given, from Chromium's own accessibility tree (not the DOM): every
// chart's data table, with a cell per generation and curve, and the same numbers after a slider
// has moved (the table follows the curves once they rest).
test('each chart\'s data table is in the browser\'s accessibility tree and follows a moved slider', async ({ app, page }) => {
  await app.open('');
  const tables = async () => {
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    const shown = nodes.filter((n) => !n.ignored);
    return {
      names: shown.filter((n) => n.role?.value === 'table').map((n) => n.name?.value ?? ''),
      cells: shown.filter((n) => n.role?.value === 'cell').length,
    };
  };
  const charts = (await app.charts()).length;
  await expect.poll(async () => (await tables()).names.length, { message: 'tables in the accessibility tree' }).toBe(charts);
  const before = await tables();
  expect(before.names.every((n) => n.endsWith(': data')), `table names ${before.names}`).toBe(true);
  expect(before.cells, 'cells of the tables (41 generations, a column per curve)').toBeGreaterThan(charts * 41);
  const first = async () => page.locator('.visually-hidden table').first().evaluate((t) => t.tBodies[0].rows[40].innerText);
  const last = await first();
  await app.setControl('q', 0.9);
  await expect.poll(first, { message: 'the table holds the new run\'s numbers' }).not.toBe(last);
  expect((await tables()).names.length, 'tables after the move').toBe(charts);
});
