// Embedding: the Embed dialog's snippets (a figure: chosen charts and controls), two such iframes
// sizing themselves in a host page on another origin, figure mode and embed mode (embed=1, the
// whole explorer without its page chrome), an embed pausing when scrolled away (and slowed by
// reduced motion), and the page served from a subpath.
import { AppPage, LOOP_CHARTS } from './app-page.mjs';
import { expect, outFile, test } from './fixtures.mjs';

/**
 * The iframe snippets a blogger would paste: A the dialog's figure (the main chart and the two
 * headline controls) with the verifier's checkbox ticked as a third control; B two charts, no
 * controls, and ver=1 added to its link by hand.
 */
async function snippets(app) {
  await app.open('?v=1&seed=7');
  await app.openEmbedDialog();
  await expect(app.embedPreview(), 'embed preview iframe').toHaveCount(1);
  await app.embedPickControl('ver', true);
  const a = await app.embedCode().inputValue();
  expect(a, 'snippet A: the three controls').toMatch(/[?&;]ctl=s,kap,ver(&|")/);
  await app.embedPickControl('ver', false);
  await app.embedNoControls();
  await app.embedPickChart('accuracy', true);
  const twoCharts = await app.embedCode().inputValue();
  expect(twoCharts, 'snippet B: two charts').toMatch(/[?&;]fig=info,accuracy(&|")/);
  const b = twoCharts.replace('?v=1&amp;', '?v=1&amp;ver=1&amp;');
  expect(b, 'could not add ver=1 to the second snippet').not.toBe(twoCharts);
  return { a, b };
}

function blogPost(a, b) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A blog post</title>
<style>body{font:16px/1.5 Georgia,serif;max-width:720px;margin:2em auto;padding:0 1em}</style></head>
<body><h1>A blog post with two explorers</h1>
<p>The first embed shows a closed loop with its controls.</p>
${a}
<p>Between the embeds: the second one opens the loop with a verifier and shows two charts, no controls.</p>
${b}
<p>The end of the post.</p></body></html>
`;
}

/** Opens the post with both embeds and waits until each has run (scrolled to: loading="lazy"). */
async function openPost(page, url, baseURL) {
  await page.goto(url, { waitUntil: 'load' });
  const iframes = page.locator('iframe');
  await expect(iframes, 'iframes in the post').toHaveCount(2);
  const embeds = [];
  for (let i = 0; i < 2; i += 1) {
    await iframes.nth(i).scrollIntoViewIfNeeded();
    const frame = await (await iframes.nth(i).elementHandle()).contentFrame();
    const app = new AppPage(frame, baseURL);
    await app.waitDone();
    embeds.push(app);
  }
  return { iframes, embeds };
}

/**
 * Each iframe's height (set by the app's messages) against its own document: its scrollHeight
 * and its content's height (the body's bottom edge plus its margin). ok = no scrollbar, no blank.
 */
function measure(iframes, embeds) {
  return Promise.all(
    embeds.map(async (app, i) => {
      const style = await iframes.nth(i).evaluate((el) => el.style.height);
      const doc = await app.root.evaluate(() => ({
        scroll: document.documentElement.scrollHeight,
        content: Math.ceil(document.body.getBoundingClientRect().bottom + window.scrollY + Number.parseFloat(getComputedStyle(document.body).marginBottom)),
      }));
      const done = await app.isDone();
      const px = /^\d+(\.\d+)?px$/.test(style) ? Number.parseFloat(style) : NaN;
      return { style, px, ...doc, ok: done && Math.abs(px - doc.scroll) <= 2 && Math.abs(px - doc.content) <= 2 };
    }),
  );
}

const describe = (sizes) =>
  sizes.map((s, i) => `embed ${i + 1}: style.height ${s.style || '(unset)'}, scrollHeight ${s.scroll}, content ${s.content}`).join('; ');

/** Waits until every iframe fits its content, checks it still does 300 ms later, returns the sizes. */
async function settled(page, iframes, embeds, timeout = 15_000) {
  await expect
    .poll(async () => (await measure(iframes, embeds)).every((s) => s.ok), { timeout, message: 'iframe heights follow their documents' })
    .toBe(true);
  // Not a wait for something: an observation window, in which no later message may undo the fit.
  await page.waitForTimeout(300);
  const sizes = await measure(iframes, embeds);
  expect(sizes.every((s) => s.ok), `iframe heights do not match their documents: ${describe(sizes)}`).toBe(true);
  return sizes;
}

/** A full-page screenshot with a viewport as tall as the post, so Chromium paints both iframes. */
async function shoot(page, embeds, file) {
  const viewport = page.viewportSize();
  const tall = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.min(tall, 8000) });
  for (const app of embeds) await app.settleFrames();
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(viewport);
}

test.describe('embed', () => {
  test('the Embed dialog gives an iframe snippet of a figure (fig=, ctl=) with a height listener, and a web component of the same link; unticking the controls drops ctl=', async ({ app }) => {
    await app.open('?v=1&seed=7');
    await app.openEmbedDialog();
    await expect(app.embedPreview(), 'embed preview iframe').toHaveCount(1);
    const snippet = await app.embedCode().inputValue();
    expect(snippet, 'an iframe of the main chart with the two headline controls').toMatch(/<iframe src="[^"]*[?&;]fig=info&amp;ctl=s,kap[&"]/);
    expect(snippet, 'a height listener').toMatch(/infoloop:height/);
    expect(snippet, 'the listener resizes only the sender').toMatch(/contentWindow\s*===\s*e\.source/);
    const element = await app.elementCode().inputValue();
    expect(element, 'one module script: the figure element').toMatch(/^<script type="module" src="[^"]*\/infoloop-figure\.js"><\/script>/);
    const link = element.match(/<infoloop-figure link="([^"]*)"/)?.[1];
    const src = snippet.match(/<iframe src="[^"?]*(\?[^"]*)"/)?.[1];
    expect(link, 'the element and the iframe show the same link').toBe(src);
    await app.embedNoControls();
    expect(await app.embedCode().inputValue(), 'the snippet without controls').toMatch(/<iframe src="[^"]*[?&;]fig=info[&"]/);
    expect(await app.elementCode().inputValue(), 'the element without controls').not.toMatch(/ctl=/);
  });

  test.describe('two embeds from the snippet in a host page on another origin', () => {
    test.use({ otherOrigins: ['host'] });

    test('each resizes to its content, and follows it both ways', async ({ app, page, hostPage, baseURL }, testInfo) => {
      test.setTimeout(120_000);
      const { a, b } = await snippets(app);
      const url = await hostPage(blogPost(a, b));
      expect(new URL(url).origin, 'host and app share an origin').not.toBe(new URL(baseURL).origin);
      const { iframes, embeds } = await openPost(page, url, baseURL);
      const loaded = await settled(page, iframes, embeds);
      expect(Math.abs(loaded[0].px - loaded[1].px), `the two embeds have the same height: ${describe(loaded)}`).toBeGreaterThan(2);
      await shoot(page, embeds, await outFile(testInfo, 'embed-host.png'));
      // Switch the verifier on in embed 1 (its two other controls lose their "the verifier is
      // off" line), then off again; embed 2 must keep its height meanwhile.
      await embeds[0].toggleControl('ver', true);
      const on = await settled(page, iframes, embeds, 5_000);
      await embeds[0].toggleControl('ver', false);
      const off = await settled(page, iframes, embeds, 5_000);
      const steps = `loaded: ${describe(loaded)} | verifier on: ${describe(on)} | off again: ${describe(off)}`;
      await shoot(page, embeds, await outFile(testInfo, 'embed-host-toggled.png'));
      expect(on[0].content, `toggling the verifier did not change embed 1's content height: ${steps}`).not.toBe(loaded[0].content);
      expect(Math.abs(off[0].px - loaded[0].px), `embed 1 did not return to its height: ${steps}`).toBeLessThanOrEqual(2);
      expect(Math.abs(on[1].px - loaded[1].px), `embed 2 changed with embed 1: ${steps}`).toBeLessThanOrEqual(2);
      expect(Math.abs(off[1].px - loaded[1].px), `embed 2 changed with embed 1: ${steps}`).toBeLessThanOrEqual(2);
    });

    test('each is in figure mode: no page chrome, an open-full link, exactly the charts and controls picked', async ({ app, page, hostPage, baseURL }) => {
      const { a, b } = await snippets(app);
      const { embeds } = await openPost(page, await hostPage(blogPost(a, b)), baseURL);
      const modes = await Promise.all(embeds.map((e) => e.embedMode()));
      for (const [i, m] of modes.entries()) {
        expect(m.figure && !m.masthead && !m.panel, `embed ${i + 1}: figure mode ${m.figure}, masthead ${m.masthead}, all parameters ${m.panel}`).toBe(true);
        expect(m.openFull, `embed ${i + 1}: open-full href`).toBeTruthy();
        expect(m.openFull, `embed ${i + 1}: open-full href keeps figure or embed flags`).not.toMatch(/[?&](embed|hide|fig|ctl)=/);
      }
      expect(modes[0].figureCharts, 'embed 1: its chart').toEqual(['info']);
      expect(modes[0].figureControls, 'embed 1: its controls').toEqual(['s', 'kap', 'ver']);
      expect(modes[1].figureCharts, 'embed 2: its charts').toEqual(['info', 'accuracy']);
      expect(modes[1].figureControls, 'embed 2 (no controls picked) shows none').toEqual([]);
      expect(modes[1].search, 'embed 2 is the ver=1 link').toMatch(/ver=1/);
    });

    test('an embed=1 link (the whole explorer in an iframe) is in embed mode: no page chrome, an open-full link, hide=controls hides the panel', async ({ page, hostPage, baseURL }) => {
      const frame = (query) => `<iframe src="${baseURL}/${query}" width="640" height="900" style="border:0" title="explorer"></iframe>`;
      const url = await hostPage(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Two embeds</title></head>
<body>${frame('?v=1&amp;embed=1')}${frame('?v=1&amp;ver=1&amp;embed=1&amp;hide=controls')}</body></html>
`);
      const { embeds } = await openPost(page, url, baseURL);
      const modes = await Promise.all(embeds.map((e) => e.embedMode()));
      for (const [i, m] of modes.entries()) {
        expect(m.embed && !m.masthead, `embed ${i + 1}: embed mode ${m.embed}, masthead ${m.masthead}`).toBe(true);
        expect(m.openFull, `embed ${i + 1}: open-full href`).toBeTruthy();
        expect(m.openFull, `embed ${i + 1}: open-full href keeps embed flags`).not.toMatch(/[?&](embed|hide)=/);
      }
      expect(modes[0].panel && !modes[0].noPanel, 'embed 1 shows its controls').toBe(true);
      expect(modes[1].noPanel && !modes[1].panel, 'embed 2 (hide=controls) hides its controls').toBe(true);
      expect(modes[1].search, 'embed 2 is the ver=1 link').toMatch(/ver=1/);
    });
  });

  test.describe('an embed in a long post on another origin', () => {
    test.use({ otherOrigins: ['host'], reducedMotion: 'reduce' });

    /** A post with one embed (t=400, so playing lasts) above a long text; the embed's app. */
    async function longPost(page, hostPage, baseURL) {
      const src = `${baseURL}/?v=1&amp;t=400&amp;r=100&amp;embed=1&amp;hide=controls`;
      const url = await hostPage(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A long post</title></head>
<body><h1>A long post</h1>
<iframe src="${src}" width="900" height="700" title="explorer"></iframe>
<div style="height:4000px">The rest of the post.</div></body></html>
`);
      await page.goto(url, { waitUntil: 'load' });
      const frame = await (await page.locator('iframe').elementHandle()).contentFrame();
      const app = new AppPage(frame, baseURL);
      await app.waitDone();
      return app;
    }

    test('with prefers-reduced-motion, playing moves at most 4 times a second (and at least once)', async ({ page, hostPage, baseURL }) => {
      const app = await longPost(page, hostPage, baseURL);
      await app.play();
      await app.waitPlaying(true);
      const changes = await app.positionChanges(4, { limitMs: 8_000 });
      expect(changes.length, 'position changes within 8 s of playing').toBe(4);
      const gaps = changes.slice(1).map((c, i) => c.t - changes[i].t);
      // 250 ms between moves (a frame of slack); without reduced motion they come every frame.
      const shown = `gaps between moves ${gaps.map((g) => g.toFixed(0)).join(', ')} ms, generations ${changes.map((c) => c.g).join(', ')}`;
      expect(Math.min(...gaps), shown).toBeGreaterThanOrEqual(200);
      // ... and it still plays: at least one move a second.
      expect((changes.at(-1).t - changes[0].t) / gaps.length, `mean gap: ${shown}`).toBeLessThanOrEqual(1000);
      // Playing is timed: fewer moves, not a slower run. Each move goes forward, and together
      // they cover the generations due at 1x (10 a second) in the time they took.
      expect(gaps.every((_, i) => changes[i + 1].g > changes[i].g), `every move goes forward: ${shown}`).toBe(true);
      const due = (10 * (changes.at(-1).t - changes[0].t)) / 1000;
      expect(Math.abs(changes.at(-1).g - changes[0].g - due), `generations advanced vs ${due.toFixed(1)} due at 1x: ${shown}`).toBeLessThanOrEqual(2);
    });

    test('scrolled out of view, it pauses playing and says why', async ({ page, hostPage, baseURL }) => {
      const app = await longPost(page, hostPage, baseURL);
      await app.play();
      await app.waitPlaying(true);
      await app.waitPosition(1, { atLeast: true });
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await app.waitPlaying(false, { timeout: 5_000 });
      await expect(app.pausedNote()).toHaveText(/scrolled out of view/);
    });
  });

  test.describe('served from a subpath', () => {
    test.use({ served: 'subpath' });

    test('/blog/explorer/: loads, charts drawn, every request under the subpath, the share link too', async ({ app, guard, baseURL }) => {
      expect(new URL(baseURL).pathname, 'the subpath server').toBe('/blog/explorer');
      await app.open('?v=1&ver=1');
      const charts = await app.charts();
      expect(charts.map((c) => c.name).sort(), 'chart canvases').toEqual(LOOP_CHARTS);
      for (const c of charts) expect(c.ink >= 200 && c.draws >= 1, `chart ${c.name} looks blank`).toBe(true);
      const requested = guard.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:'));
      expect(requested.filter((u) => !u.startsWith(`${baseURL}/`)), 'requests outside /blog/explorer/').toEqual([]);
      expect(requested.some((u) => u.endsWith('.wasm')), 'the wasm was requested under the subpath').toBe(true);
      expect(guard.aborted, 'requests that did not complete').toEqual([]);
      expect(await app.root.evaluate(() => location.pathname), 'location.pathname after the app rewrote the query').toBe('/blog/explorer/');
      const { title } = await app.shareBar();
      expect(title.startsWith(`${baseURL}/?v=1`), `share link ${title} is under the subpath`).toBe(true);
    });
  });
});
