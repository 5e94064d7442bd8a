// First contact (DESIGN.md): the paper's first message on the first screen without touching
// anything. The main chart (title, canvas, legend) and its two headline controls are wholly on
// the first screen at 1280x800 (light and dark) and on a 390x844 phone, for A and two other
// tabs; on the phone the controls are right under the chart, which stays on screen (sticky)
// while a slider further down moves. The headline slider acts on the untouched landing page.
// Over a slow link the static page shows the title and the lede before the wasm has arrived, in
// the geometry the app then draws (no layout shift). Every gallery entry opens its preset, and a
// closed entry's curve does what "closed" says.
import { AppPage } from './app-page.mjs';
import { expect, outFile, TAG, test } from './fixtures.mjs';

/** The landing page and two other tabs. */
const FIRST_VIEWS = [
  { name: 'landing', query: '' },
  { name: 'transfer', query: '?v=1&sc=transfer' },
  { name: 'hacking', query: '?v=1&sc=hacking' },
];

/** Whether box `b` lies wholly inside a viewport of `width` x `height` (half a pixel of rounding). */
const inside = (b, { width, height }) => !!b && b.x >= -0.5 && b.y >= -0.5 && b.right <= width + 0.5 && b.bottom <= height + 0.5;
const show = (b) => (b ? `${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.width.toFixed(1)}x${b.height.toFixed(1)}` : 'none');

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    // Light on every project (both desktops and the phone), dark on the desktop at DPR 2.
    test(
      `first screen (${scheme}): the main chart and its two headline controls wholly inside the first viewport, on A, D and E`,
      scheme === 'light' ? { tag: TAG.all } : {},
      async ({ app, page }, testInfo) => {
        const viewport = page.viewportSize();
        const problems = [];
        for (const { name, query } of FIRST_VIEWS) {
          await app.open(query);
          await app.settleFrames();
          expect(await page.evaluate(() => scrollY), `${name}: opened scrolled`).toBe(0);
          const chart = await app.mainChartBox();
          if (!inside(chart, viewport)) problems.push(`${name}: the main chart's figure at ${show(chart)} is not inside ${viewport.width}x${viewport.height}`);
          const sliders = await app.headlineSliderBoxes();
          if (sliders.length !== 2) problems.push(`${name}: ${sliders.length} headline sliders beside the chart, want 2`);
          for (const s of sliders) if (!inside(s, viewport)) problems.push(`${name}: headline slider ${s.key} at ${show(s)} is not on the first screen`);
          const [main] = await app.charts(); // the first canvas is the main chart's
          if (!(main?.ink >= 200)) problems.push(`${name}: the main chart looks blank`);
          await page.screenshot({ path: await outFile(testInfo, `first-screen-${name}-${scheme}-${viewport.width}x${viewport.height}@${testInfo.project.use.deviceScaleFactor}x.png`) });
        }
        expect(problems, 'the first screen').toEqual([]);
      },
    );
  });
}

test('phone: the headline controls are right under the main chart, which stays on screen (sticky) while a slider further down moves', { tag: TAG.phone }, async ({ app, page }, testInfo) => {
  const viewport = page.viewportSize();
  await app.open('');
  await app.settleFrames();
  const chart = await app.mainChartBox();
  const list = await app.headlineBox();
  expect(list.y, `controls ${show(list)} under the chart ${show(chart)}, not beside it`).toBeGreaterThanOrEqual(chart.bottom - 0.5);
  // Directly under: nothing between them but the chart's one-line run status.
  expect(list.y - chart.bottom, `gap between the chart ${show(chart)} and the controls ${show(list)}`).toBeLessThanOrEqual(48);
  expect(Math.abs(list.x - chart.x), 'the controls in the chart\'s column').toBeLessThanOrEqual(2);
  const sliders = await app.headlineSliderBoxes();
  expect(sliders.length, 'headline sliders').toBe(2);
  expect(inside(sliders[0], viewport), `the first headline slider at ${show(sliders[0])} on the first screen`).toBe(true);

  // Bring the second slider to the middle of the screen: the page scrolls, the chart stays.
  const key = sliders[1].key;
  const slider = app.headlineSlider(key);
  await slider.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await app.settleFrames();
  const scrolled = await page.evaluate(() => scrollY);
  expect(scrolled, 'the page scrolled to the slider').toBeGreaterThan(100);
  const held = await app.mainChartBox();
  expect(inside(held, viewport), `scrolled by ${scrolled}: the chart at ${show(held)} is still on screen`).toBe(true);
  const sliderBox = await slider.boundingBox();
  expect(sliderBox.y, `the slider ${key} below the sticky chart, not under it`).toBeGreaterThanOrEqual(held.bottom - 0.5);
  expect(sliderBox.y + sliderBox.height, 'the slider on screen').toBeLessThanOrEqual(viewport.height);

  // Move it with a finger: the chart redraws where the reader is looking.
  const before = await app.fingerprint();
  const draws = await app.mainDraws();
  await app.pressSlider(slider, 0.75);
  await expect.poll(async () => ((await app.isDone()) ? await app.fingerprint() : before), { message: `moving ${key} changed the run` }).not.toBe(before);
  expect(await app.mainDraws(), 'the main chart redrew').toBeGreaterThan(draws);
  await app.settleFrames();
  const after = await app.mainChartBox();
  expect(inside(after, viewport), `after the move the chart at ${show(after)} is on screen`).toBe(true);
  const moved = await slider.boundingBox();
  expect(moved.y >= after.bottom - 0.5 && moved.y + moved.height <= viewport.height, `the slider ${key} still visible below the chart`).toBe(true);
  await page.screenshot({ path: await outFile(testInfo, `phone-sticky-chart-${key}.png`) });
});

test('the untouched landing page: moving verifier strength changes the chart, turns the verifier on and says so', { tag: TAG.all }, async ({ app }) => {
  await app.open('');
  expect(await app.search(), 'the landing link has no verifier').not.toMatch(/[?&]ver=1/);
  await expect(app.panelControl('ver'), 'the verifier (All parameters) before').not.toBeChecked();
  await expect(app.hint(), 'no hint before').toHaveCount(0);
  const before = await app.fingerprint();
  await app.pressSlider(app.headlineSlider('s'), 0.8);
  await expect.poll(async () => ((await app.isDone()) ? await app.fingerprint() : before), { message: 'the run after moving s' }).not.toBe(before);
  await expect(app.panelControl('ver'), 'the verifier is on afterwards').toBeChecked();
  await expect(app.hint(), 'the hint says what moving s did').toBeVisible();
  await expect(app.hint()).toContainText(/turned the verifier on/);
  await app.waitForSearch(/[?&]ver=1(&|$)/);
  expect(await app.controlValue('s'), 'verifier strength moved toward 0.8').toBeGreaterThan(0.6);
});

// Over a slow link (about 1.6 Mbps down, 750 kbps up, 40 ms: a poor mobile connection), the
// static page shows the title and the lede while the wasm downloads, and its box of the main
// chart is where the app draws it; the load's bytes and time to the first chart are reported.
const SLOW = { offline: false, latency: 40, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

async function slowFirstLoad({ app, page, context }, testInfo, { lede }) {
  test.setTimeout(120_000);
  await AppPage.watchFirstChart(context);
  await context.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push({ value: e.value, at: e.startTime });
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW);
  const received = new Map();
  cdp.on('Network.responseReceived', (e) => received.set(e.requestId, { url: e.response.url, bytes: 0 }));
  cdp.on('Network.loadingFinished', (e) => {
    const r = received.get(e.requestId) ?? { url: '?', bytes: 0 };
    received.set(e.requestId, { ...r, bytes: e.encodedDataLength });
  });
  const wasmRequested = page.waitForRequest((r) => r.url().endsWith('.wasm'));

  await page.goto(app.url(''), { waitUntil: 'commit' });
  await wasmRequested;
  // The first paint (the stylesheet applied) while the wasm still downloads.
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 30_000 });
  const before = await page.evaluate(() => ({
    wasmDone: performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')),
    at: performance.now(),
  }));
  const [title, lede_] = await app.titleAndLede();
  const staticBox = await app.staticChartBox();
  const wasmStillLoading = await page.evaluate(() => !performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')));
  expect(!before.wasmDone && wasmStillLoading, 'the wasm was still downloading while the page was read').toBe(true);
  expect(await app.hasStaticPage(), 'the static page is up').toBe(true);
  expect(title.visible && title.text, `the title before the wasm (${JSON.stringify(title)})`).toBeTruthy();
  if (lede) expect(lede_.visible && lede_.text.length > 100, `the lede before the wasm (${JSON.stringify(lede_).slice(0, 120)})`).toBe(true);
  else expect(lede_.visible, 'the phone hides the lede (in the app as well)').toBe(false);
  expect(staticBox, 'the static page has the main chart\'s box').not.toBeNull();
  await page.screenshot({ path: await outFile(testInfo, 'slow-link-before-wasm.png') });

  await app.waitMainChartDrawn({ timeout: 90_000 });
  const firstChartMs = await app.firstChartMs();
  const drawnBox = await app.mainChartBox();
  await app.waitDone({ timeout: 90_000 });
  await app.waitPinComputed();
  await app.settleFrames();
  const transferred = [...received.values()].reduce((sum, r) => sum + r.bytes, 0);
  const decoded = await page.evaluate(() => performance.getEntriesByType('resource').reduce((sum, e) => sum + e.decodedBodySize, 0));
  const shifts = await page.evaluate(() => window.__shifts);
  const cls = shifts.reduce((sum, s) => sum + s.value, 0);
  const line =
    `throttled first load (1.6 Mbps down, 750 kbps up, 40 ms), ${testInfo.project.name}: ${transferred} B transferred in ${received.size} responses ` +
    `(the page's resources ${decoded} B decoded), first chart drawn ${firstChartMs.toFixed(0)} ms after navigation, CLS ${cls.toFixed(4)}`;
  console.log(`# timing: ${line}`);
  testInfo.annotations.push({ type: 'first load', description: line });
  await page.screenshot({ path: await outFile(testInfo, 'slow-link-drawn.png') });

  for (const side of ['x', 'y', 'width', 'height']) {
    expect(Math.abs(drawnBox[side] - staticBox[side]), `the drawn chart ${show(drawnBox)} vs the static page's box ${show(staticBox)}: ${side}`).toBeLessThanOrEqual(0.5);
  }
  expect(cls, `cumulative layout shift (${shifts.map((s) => `${s.value.toFixed(4)} at ${s.at.toFixed(0)} ms`).join(', ') || 'none'})`).toBeLessThanOrEqual(0.01);
  expect(transferred, 'bytes of the first load').toBeGreaterThan(100_000);
}

test('a slow link: title and lede before the wasm, the static box of the main chart is where it is drawn (no layout shift); bytes and time reported', async ({ app, page, context }, testInfo) => {
  await slowFirstLoad({ app, page, context }, testInfo, { lede: true });
});

test('a slow link on the phone: the title before the wasm, the static box of the main chart is where it is drawn (no layout shift)', { tag: TAG.phone }, async ({ app, page, context }, testInfo) => {
  await slowFirstLoad({ app, page, context }, testInfo, { lede: false });
});

// The same without a throttled link: the wasm held back by the test (a route that answers it
// 2 s late), so what shows before it arrives is the static HTML alone, every time.
test('the wasm held back 2 s: the static HTML shows the title, the lede and the main chart\'s placeholder until it arrives, then the app draws the chart', async ({ app, page }, testInfo) => {
  let released = false;
  await page.route('**/*.wasm', async (route) => {
    await new Promise((r) => setTimeout(r, 2_000));
    released = true;
    await route.continue();
  });
  await page.goto(app.url(''), { waitUntil: 'domcontentloaded' });
  // The first paint (the stylesheet applied) while the wasm is held.
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const [title, lede] = await app.titleAndLede();
  expect(released, 'read before the wasm was let through').toBe(false);
  expect(await app.hasStaticPage(), 'the static page is up').toBe(true);
  expect(title, 'the title before the wasm').toEqual({ visible: true, text: 'Information-open loops' });
  expect(lede.visible && lede.text.length > 100, `the lede paragraph before the wasm (${JSON.stringify(lede).slice(0, 120)})`).toBe(true);
  const placeholder = page.locator(`#static-page figure.chart.placeholder`);
  await expect(placeholder, 'the main chart\'s placeholder before the wasm').toBeVisible();
  await expect(placeholder).toContainText('Loading the explorer');
  const box = await app.staticChartBox();
  expect(box.width > 300 && box.height > 200, `the placeholder has the chart's room (${box.width}x${box.height})`).toBe(true);
  await expect(page.locator('canvas[data-chart]'), 'no chart before the wasm').toHaveCount(0);
  await page.screenshot({ path: await outFile(testInfo, 'wasm-held-back.png') });
  await app.waitMainChartDrawn();
  expect(released, 'drawn after the wasm arrived').toBe(true);
  await expect(page.locator('#static-page'), 'the app took the static page\'s place').toHaveCount(0);
  await expect(app.mainCanvas()).toBeVisible();
});

test('every gallery entry opens its preset (tab and preset pressed); a closed entry\'s main curve never rises above generation 0\'s band', async ({ app }) => {
  test.setTimeout(120_000);
  await app.open('');
  const entries = await app.pipelines();
  expect(entries.length, 'gallery entries').toBeGreaterThanOrEqual(10);
  expect(entries.filter((e) => e.verdict === 'closed').length, 'closed entries').toBeGreaterThanOrEqual(1);
  const problems = [];
  for (const entry of entries) {
    const shown = `#${entry.rank} ${entry.method}`;
    const what = entry.button.match(/^Show it: (.+) › (.+)$/);
    if (!what) {
      problems.push(`${shown}: its button says ${JSON.stringify(entry.button)}`);
      continue;
    }
    const [, tab, preset] = what;
    await app.showPipeline(entry.rank);
    const active = await app.activeTab();
    if (active !== tab) problems.push(`${shown}: tab ${active}, want ${tab}`);
    const pressed = await app.activePresets();
    if (!pressed.includes(preset)) problems.push(`${shown}: presets pressed ${JSON.stringify(pressed)}, want ${preset}`);
    if (entry.verdict === 'closed') {
      // The link is written once the settings have settled (700 ms); read the run it describes.
      await app.waitLinkSettled();
      const run = await app.curvesOfPage();
      if (run.meta.fingerprint !== (await app.fingerprint())) problems.push(`${shown}: curvesJson is not the run drawn`);
      const [main] = await app.mainSeriesCurves();
      const mid = run.curves[main];
      const hi = run.curves[`${main}_hi`];
      if (!mid || !hi) {
        problems.push(`${shown}: the main curve ${main} has no band in curvesJson`);
        continue;
      }
      const worst = Math.max(...mid.filter(Number.isFinite));
      if (!(worst <= hi[0])) problems.push(`${shown} is called closed, but ${main} rose to ${worst} above generation 0's band ${hi[0]}`);
    }
  }
  expect(problems, 'gallery entries').toEqual([]);
});
