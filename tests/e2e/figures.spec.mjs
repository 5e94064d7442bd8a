// Figures for blog posts (DESIGN.md): dist/embed-example.html, a post with two figure elements
// (<infoloop-figure link>) and one iframe, at a column's width and on a phone; the elements'
// one download and one wasm instance, each redrawing on its own; a figure's links and the Embed
// dialog's snippets reproducing exactly what the explorer showed, pinned run included; the post
// served from another origin; hostile `link` attributes corrected visibly and inertly.
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppPage, FigureElement } from './app-page.mjs';
import { expect, outFile, test } from './fixtures.mjs';
import { HOSTILE_LINKS } from './hostile-links.mjs';
import { DIST } from './paths.mjs';

const EXAMPLE = 'embed-example.html';
/** The post's figures: two elements, then one iframe (in the page's order). */
const ELEMENTS = 2;

/** Opens the post at `url`; resolves with its two figure elements and its iframe's app, each done. */
async function openPost(page, url, baseURL) {
  await page.goto(url, { waitUntil: 'load' });
  const figures = [];
  for (let i = 0; i < ELEMENTS; i += 1) {
    const figure = new FigureElement(page, i);
    await figure.waitDone();
    figures.push(figure);
  }
  const iframe = page.locator('iframe');
  await expect(iframe, 'the post\'s iframe').toHaveCount(1);
  await iframe.scrollIntoViewIfNeeded();
  const frame = new AppPage(await (await iframe.elementHandle()).contentFrame(), baseURL);
  await frame.waitDone();
  return { figures, iframe, frame };
}

/** Every chart of the post's figures drawn: a list of what is not. */
async function undrawn(figures, frame) {
  const blank = [];
  for (const [i, f] of figures.entries()) {
    const charts = await f.charts();
    if (charts.length === 0) blank.push(`figure ${i + 1}: no chart`);
    for (const c of charts) if (!(c.draws >= 1 && c.ink >= 200)) blank.push(`figure ${i + 1}: chart ${c.name} (draws ${c.draws}, ink ${c.ink})`);
  }
  const charts = await frame.charts();
  if (charts.length === 0) blank.push('the iframe figure: no chart');
  for (const c of charts) if (!(c.draws >= 1 && c.ink >= 200)) blank.push(`the iframe figure: chart ${c.name} (draws ${c.draws}, ink ${c.ink})`);
  return blank;
}

/** A full-page screenshot with a viewport as tall as the post, so Chromium paints every figure. */
async function shootPost(page, file) {
  const viewport = page.viewportSize();
  const tall = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.min(tall, 8000) });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(viewport);
}

test.describe('the example post at a 700 px column', () => {
  test.use({ viewport: { width: 700, height: 900 } });

  test('every figure drawn (elements through their shadow roots, the iframe through its frame), each at most 650 px tall', async ({ page, baseURL }, testInfo) => {
    const { figures, iframe, frame } = await openPost(page, `${baseURL}/${EXAMPLE}`, baseURL);
    expect(await undrawn(figures, frame), 'figures not drawn').toEqual([]);
    // The iframe takes its content's height from the app's message.
    await expect.poll(() => iframe.evaluate((el) => el.style.height), { message: 'the iframe sized itself' }).toMatch(/^\d+(\.\d+)?px$/);
    const heights = [...(await Promise.all(figures.map((f) => f.box()))), await iframe.boundingBox()].map((b) => Math.round(b.height));
    expect(heights.filter((h) => h > 650), `figure heights ${heights.join(', ')} px`).toEqual([]);
    expect(heights.every((h) => h >= 200), `figure heights ${heights.join(', ')} px: a figure collapsed`).toBe(true);
    await shootPost(page, await outFile(testInfo, 'embed-example-700.png'));
  });
});

test.describe('the example post on a 390x844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });

  test('each figure\'s chart is on screen while its slider is visible, and redraws when the slider moves', async ({ page, baseURL }, testInfo) => {
    const { figures, iframe, frame } = await openPost(page, `${baseURL}/${EXAMPLE}`, baseURL);
    const viewport = page.viewportSize();
    const inside = (b) => b.y >= -0.5 && b.y + b.height <= viewport.height + 0.5 && b.x >= -0.5 && b.x + b.width <= viewport.width + 0.5;
    const show = (b) => `${b.x.toFixed(0)},${b.y.toFixed(0)} ${b.width.toFixed(0)}x${b.height.toFixed(0)}`;
    // The elements, then the iframe (its chart and slider through the frame, in page coordinates).
    const cases = [
      ...figures.map((f, i) => ({ name: `figure ${i + 1}`, top: f.host, chart: f.chart(), slider: f.sliders().first(), draws: async () => (await f.charts())[0].draws })),
      { name: 'the iframe figure', top: iframe, chart: frame.firstChart(), slider: frame.firstSlider(), draws: async () => (await frame.charts())[0].draws },
    ];
    const problems = [];
    for (const [i, c] of cases.entries()) {
      // Scroll the figure to the top of the screen, as a reader arriving at it.
      await c.top.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const chart = await c.chart.boundingBox();
      const slider = await c.slider.boundingBox();
      if (!inside(chart) || !inside(slider)) {
        problems.push(`${c.name}: chart ${show(chart)} and slider ${show(slider)} not both on the ${viewport.width}x${viewport.height} screen`);
        continue;
      }
      const before = await c.draws();
      await c.slider.tap({ position: { x: slider.width * (i % 2 ? 0.3 : 0.7), y: slider.height / 2 } });
      await expect.poll(c.draws, { message: `${c.name} redrew after its slider moved` }).toBeGreaterThan(before);
      const after = await c.chart.boundingBox();
      if (!inside(after)) problems.push(`${c.name}: after the move the chart ${show(after)} left the screen`);
      await page.screenshot({ path: await outFile(testInfo, `embed-example-phone-${i + 1}.png`) });
    }
    expect(problems, 'figures on the phone').toEqual([]);
  });
});

test.describe('two figure elements on one page', () => {
  // Tall enough for both elements to be near the viewport (each computes only then).
  test.use({ viewport: { width: 1280, height: 2600 }, deviceScaleFactor: 1 });

  test('cost one wasm download and one instance; moving one figure\'s slider redraws that figure only', async ({ page, baseURL }) => {
    await page.addInitScript(() => {
      window.__wasmInstances = 0;
      for (const name of ['instantiate', 'instantiateStreaming']) {
        const original = WebAssembly[name];
        WebAssembly[name] = function counted(...args) {
          window.__wasmInstances += 1;
          return original.apply(this, args);
        };
      }
    });
    const wasm = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(r.frame() === page.mainFrame() ? 'post' : 'iframe');
    });
    await page.goto(`${baseURL}/${EXAMPLE}`, { waitUntil: 'load' });
    const figures = [new FigureElement(page, 0), new FigureElement(page, 1)];
    for (const f of figures) await f.waitDone();
    expect(wasm.filter((w) => w === 'post'), 'wasm requests of the post itself (the iframe is a page of its own)').toHaveLength(1);
    expect(await page.evaluate(() => window.__wasmInstances), 'wasm instances in the post').toBe(1);

    const draws = async () => Promise.all(figures.map(async (f) => (await f.charts()).map((c) => c.draws)));
    for (const [moved, key] of [
      [0, 's'],
      [1, 'c'],
    ]) {
      const before = await draws();
      const fingerprint = await figures[moved].fingerprint();
      const slider = figures[moved].slider(key);
      const b = await slider.boundingBox();
      await slider.click({ position: { x: b.width * 0.25, y: b.height / 2 } });
      await figures[moved].waitNewRun(fingerprint);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const after = await draws();
      const other = 1 - moved;
      expect(after[moved][0], `figure ${moved + 1} redrew after its ${key} moved`).toBeGreaterThan(before[moved][0]);
      expect(after[other], `figure ${other + 1} redrew when figure ${moved + 1}'s ${key} moved`).toEqual(before[other]);
    }
  });
});

test.describe('a figure reproduces what the explorer showed', () => {
  test.use({ otherOrigins: ['host'] });
  // A view with a pinned comparison of its own, neither default.
  const VIEW = '?v=1&ver=1&s=0.3&kap=0.2&pin=v=1%26lam=0.25%26seed=3&seed=5';

  test('its links and the Embed dialog\'s element and iframe snippets (in a host page) show the same run and the same pinned run', async ({ app, page, hostPage, newContext, baseURL }) => {
    test.setTimeout(120_000);
    await app.open(VIEW);
    await app.waitPinComputed();
    const fingerprint = await app.fingerprint();
    const pinFingerprint = await app.pinFingerprint();
    expect(fingerprint && pinFingerprint, 'the explorer drew its run and its pinned run').toBeTruthy();
    await app.openEmbedDialog();
    const elementCode = await app.elementCode().inputValue();
    const iframeCode = await app.embedCode().inputValue();
    const link = elementCode.match(/<infoloop-figure link="([^"]*)"/)?.[1]?.replaceAll('&amp;', '&');
    const src = iframeCode.match(/<iframe src="([^"]*)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(link, 'the element snippet\'s link').toMatch(/^\?v=1&/);
    expect(new URL(src).search, 'the iframe shows the element\'s link').toBe(link);
    const pinQuery = new URLSearchParams(link).get('pin');
    expect(pinQuery, 'the snippet keeps the pinned run').toBe('v=1&lam=0.25&seed=3');
    expect(await app.fingerprintOf(link), 'fingerprint(the snippet\'s link)').toBe(fingerprint);
    expect(await app.fingerprintOf(pinQuery), 'fingerprint(its pin)').toBe(pinFingerprint);

    const url = await hostPage(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A post with both snippets</title></head>
<body><h1>Both snippets</h1>
${elementCode}
<p>Between the figures.</p>
${iframeCode}
</body></html>
`);
    await page.goto(url, { waitUntil: 'load' });
    const figure = new FigureElement(page, 0);
    await figure.waitDone();
    await figure.waitPinComputed();
    expect(await figure.fingerprint(), 'the element\'s run').toBe(fingerprint);
    expect(await figure.pinFingerprint(), 'the element\'s pinned run').toBe(pinFingerprint);
    expect(await figure.legendText(), 'the element names its pinned run').toMatch(/pinned: .+ \(seed 3\)/);
    await page.locator('iframe').scrollIntoViewIfNeeded();
    const frame = new AppPage(await (await page.locator('iframe').elementHandle()).contentFrame(), baseURL);
    await frame.waitDone();
    await frame.waitPinComputed();
    expect(await frame.fingerprint(), 'the iframe\'s run').toBe(fingerprint);
    expect(await frame.pinFingerprint(), 'the iframe\'s pinned run').toBe(pinFingerprint);

    // Each figure's "Open in the full explorer" link reopens the run in the explorer itself.
    const fresh = await newContext();
    for (const [what, href] of [
      ['the element', await figure.openFullHref()],
      ['the iframe', await frame.openFullHref()],
    ]) {
      const full = new URL(href, baseURL + '/');
      expect(full.origin + full.pathname, `${what}: "Open in the full explorer" goes to the explorer`).toBe(`${baseURL}/`);
      const explorer = new AppPage(await fresh.newPage(), baseURL);
      await explorer.root.goto(full.href, { waitUntil: 'load' });
      await explorer.waitDone();
      await explorer.waitPinComputed();
      expect(await explorer.fingerprint(), `${what}'s full-explorer link: the run`).toBe(fingerprint);
      expect(await explorer.pinFingerprint(), `${what}'s full-explorer link: the pinned run`).toBe(pinFingerprint);
      await explorer.root.close();
    }
  });
});

/** dist/embed-example.html rewritten for a page on another origin: script, iframe and links at the app's origin, which its CSP allows. */
async function examplePostFrom(appOrigin, baseURL) {
  const html = await fs.readFile(path.join(DIST, EXAMPLE), 'utf8');
  const rewrites = [
    ['src="./infoloop-figure.js"', `src="${baseURL}/infoloop-figure.js"`],
    ['<iframe src="./?', `<iframe src="${baseURL}/?`],
    ['href="./"', `href="${baseURL}/"`],
  ];
  let out = html;
  for (const [from, to] of rewrites) {
    if (!out.includes(from)) throw new Error(`${EXAMPLE} has no ${from} to rewrite`);
    out = out.replaceAll(from, to);
  }
  const csp = out.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
  if (!csp) throw new Error(`${EXAMPLE} has no Content-Security-Policy`);
  const extended = csp
    .split(';')
    .map((d) => d.trim())
    .map((d) => (/^(script-src|connect-src|style-src|frame-src|img-src) /.test(d) ? `${d} ${appOrigin}` : d))
    .join('; ');
  return out.replace(csp, extended);
}

test.describe('the example post on another origin', () => {
  test.use({ otherOrigins: ['host'] });

  test('its script, wasm and iframe from the app\'s origin (CORS, the CSP extended by that origin): every figure drawn, no console error', async ({ page, hostPage, baseURL }, testInfo) => {
    const appOrigin = new URL(baseURL).origin;
    const url = await hostPage(await examplePostFrom(appOrigin, baseURL), 'embed-example');
    expect(new URL(url).origin, 'the post is on another origin').not.toBe(appOrigin);
    const violations = [];
    await page.exposeFunction('__cspViolation', (v) => violations.push(v));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    const { figures, frame } = await openPost(page, url, baseURL);
    expect(await undrawn(figures, frame), 'figures not drawn').toEqual([]);
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
    await shootPost(page, await outFile(testInfo, 'embed-example-other-origin.png'));
  });
});

test.describe('a figure element with hostile links', () => {
  test.use({ otherOrigins: ['host'] });

  test('the 50 hostile links as its link attribute (set by script, never as HTML): a visible note, nothing run or injected, a re-render each time', async ({ page, hostPage, guard, baseURL }) => {
    test.setTimeout(200_000);
    const url = await hostPage(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A figure whose link changes</title></head>
<body><h1>A figure whose link changes</h1>
<infoloop-figure link="?v=1&amp;t=7&amp;seed=400000"></infoloop-figure>
<script type="module" src="${baseURL}/infoloop-figure.js"></script>
</body></html>
`);
    await page.goto(url, { waitUntil: 'load' });
    const figure = new FigureElement(page, 0);
    await figure.waitDone();
    expect(await figure.noteItems().count(), 'a clean link has no notes').toBe(0);
    let fingerprint = await figure.fingerprint();
    const failures = [];
    for (const [i, link] of Object.values(HOSTILE_LINKS).flat().entries()) {
      const shown = JSON.stringify(link.length > 70 ? `${link.slice(0, 70)}…(${link.length} chars)` : link);
      const mark = guard.mark();
      try {
        // A clean link of its own between hostile ones, so every change is a new run.
        await figure.setLink(`?v=1&t=7&seed=${400001 + i}`);
        await figure.waitNewRun(fingerprint);
        const clean = await figure.fingerprint();
        await figure.setLink(link);
        await figure.waitNewRun(clean);
        fingerprint = await figure.fingerprint();
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const problems = [];
        if (!(await figure.notes().isVisible())) problems.push('no visible notes');
        else if ((await figure.noteItems().count()) < 1) problems.push('notes without a line');
        const smuggled = await figure.smuggled();
        if (smuggled.length) problems.push(`live injected elements: ${smuggled.join(' | ')}`);
        const xss = await page.evaluate(() => window.__xss ?? null);
        if (xss !== null) problems.push(`window.__xss = ${xss}`);
        problems.push(...guard.since(mark));
        if (problems.length) failures.push(`${shown}: ${problems.join('; ')}`);
      } catch (err) {
        failures.push(`${shown}: ${String(err?.message ?? err).split('\n')[0]}`);
      }
    }
    expect(failures, `${failures.length} of 50 links misbehaved`).toEqual([]);
  });
});
