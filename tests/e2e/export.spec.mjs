// Downloads: each chart's SVG (a well-formed document with its title, legend and curves) and PNG
// (device resolution); the run's CSV and JSON (exactly the run's numbers, and its link).
import fs from 'node:fs/promises';
import { download, expect, outFile, pngSize, queryEntries, test, valueAt } from './fixtures.mjs';

// A non-default link, then a slider moved: the exports must follow the state, not the link opened.
const EXPORT_LINK = '?v=1&ver=1&s=0.55&kap=0.1&lam=0.05&t=30&seed=42';
const GENERATIONS = 30;

async function openExportState(app) {
  await app.open(EXPORT_LINK);
  const range = await app.range('q');
  await app.setControl('q', valueAt(range, 0.7));
}

test.describe('export', () => {
  for (const chart of ['info', 'accuracy', 'entropy']) {
    test(`SVG of the ${chart} chart parses and holds its title, legend and curves`, async ({ app, page }, testInfo) => {
      await openExportState(app);
      const title = await app.figureTitle(chart);
      const labels = await app.legendLabels(chart);
      expect(title, `${chart}: title`).not.toBe('');
      expect(labels.length, `${chart}: legend labels`).toBeGreaterThanOrEqual(1);
      const svg = await download(page, app.chartExport(chart, 'svg'));
      expect(svg.name, 'file name').toMatch(/\.svg$/);
      await fs.writeFile(await outFile(testInfo, svg.name), svg.bytes);
      const doc = await page.evaluate((text) => {
        const d = new DOMParser().parseFromString(text, 'image/svg+xml');
        const error = d.querySelector('parsererror');
        return {
          root: d.documentElement.localName,
          error: error ? error.textContent.replace(/\s+/g, ' ').slice(0, 160) : null,
          polylines: [...d.querySelectorAll('polyline')].map((e) => (e.getAttribute('points') ?? '').trim().split(/\s+/).length),
          paths: d.querySelectorAll('path').length,
          texts: [...d.querySelectorAll('text')].map((e) => e.textContent.replace(/\s+/g, ' ').trim()),
        };
      }, svg.text);
      expect(doc.error, 'parsererror').toBeNull();
      expect(doc.root, 'root element').toBe('svg');
      const after = svg.text.slice(svg.text.indexOf('</svg>') + 6).trim();
      expect(after, `text after the first </svg> (${(svg.text.match(/<\/svg>/g) ?? []).length} </svg> in all)`).toBe('');
      expect(doc.polylines.length + doc.paths, 'polylines + paths').toBeGreaterThanOrEqual(3);
      expect(doc.polylines.filter((n) => n >= GENERATIONS).length, `polylines with >= ${GENERATIONS} points (a whole curve)`).toBeGreaterThanOrEqual(1);
      expect(doc.texts, 'a <text> holds the title').toContain(title);
      expect(labels.filter((l) => !doc.texts.includes(l)), 'legend labels missing from the SVG').toEqual([]);
    });
  }

  test('PNG of the info chart is a PNG at device resolution', async ({ app, page }, testInfo) => {
    await openExportState(app);
    const png = await download(page, app.chartExport('info', 'png'));
    expect(png.name, 'file name').toMatch(/\.png$/);
    await fs.writeFile(await outFile(testInfo, png.name), png.bytes);
    const size = pngSize(png.bytes);
    expect(size, `the download is no PNG (starts ${png.bytes.subarray(0, 8).toString('hex')})`).not.toBeNull();
    const [canvas] = (await app.charts()).filter((c) => c.name === 'info');
    expect(size.width, 'PNG at least as wide as the canvas CSS box').toBeGreaterThanOrEqual(canvas.cssWidth);
    // The figure (title, chart, legend) at the canvas's width times the DPR: device pixels.
    expect(size.width, `PNG width vs ${canvas.cssWidth} CSS px at DPR ${canvas.dpr}`).toBe(Math.round(canvas.cssWidth * canvas.dpr));
    expect(size.height, `PNG height vs the canvas's ${canvas.height} device px`).toBeGreaterThanOrEqual(canvas.height);
  });

  test('CSV holds the same numbers as curvesJson(location.search), and the link, seed and parameters', async ({ app, page }) => {
    await openExportState(app);
    const expected = await app.curvesOfPage();
    const href = await app.href();
    const search = await app.search();
    expect(expected.meta.fingerprint, 'curvesJson fingerprint vs the drawn run').toBe(await app.fingerprint());
    const csv = await download(page, app.runExport('csv'));
    expect(csv.name, 'file name').toMatch(/\.csv$/);
    const lines = csv.text.split('\n').filter((l) => l !== '');
    const header = new Map(
      lines
        .filter((l) => l.startsWith('# '))
        .map((l) => {
          const at = l.indexOf(': ');
          return [l.slice(2, at), l.slice(at + 2)];
        }),
    );
    const [head, ...rows] = lines.filter((l) => !l.startsWith('#')).map((l) => l.split(','));
    expect(head[0], 'first CSV column').toBe('generation');
    const names = head.slice(1);
    expect([...names].sort(), 'CSV columns vs curves').toEqual(Object.keys(expected.curves).sort());
    expect(rows.length, 'rows: generations 0..30').toBe(GENERATIONS + 1);
    const mismatches = [];
    names.forEach((name, j) => {
      const want = expected.curves[name];
      if (rows.length !== want.length) mismatches.push(`${name}: ${rows.length} rows, ${want.length} values`);
      want.forEach((v, t) => {
        const cell = rows[t]?.[j + 1];
        const got = cell === '' || cell === undefined ? null : Number.parseFloat(cell);
        if (got !== v) mismatches.push(`${name}[${t}]: csv ${cell}, curvesJson ${v}`);
      });
    });
    rows.forEach((r, t) => {
      if (r[0] !== String(t)) mismatches.push(`row ${t}: generation ${r[0]}`);
    });
    expect(mismatches.slice(0, 10), `${mismatches.length} CSV cells differ`).toEqual([]);
    const link = new URL(header.get('link'));
    expect(link.origin + link.pathname, '# link: origin and path').toBe(new URL(href).origin + new URL(href).pathname);
    expect(queryEntries(link.search), '# link: query vs location.search').toEqual(queryEntries(search));
    expect(new URLSearchParams(search).get('q'), 'the link holds the moved slider').not.toBeNull();
    expect(header.get('seed'), '# seed: vs the link').toBe(new URLSearchParams(search).get('seed') ?? '1');
    expect(header.get('seed'), '# seed: vs curvesJson').toBe(expected.meta.seed);
    expect(header.get('scenario'), '# scenario:').toBe(expected.meta.scenario);
    const params = [...header].filter(([k]) => k.startsWith('param ')).map(([k, v]) => [k.split(' ')[1], Number(v)]);
    expect(Object.fromEntries(params), '# param lines vs curvesJson params').toEqual(expected.params);
  });

  test('JSON holds the same curves, parameters and metadata as curvesJson(location.search)', async ({ app, page }) => {
    await openExportState(app);
    const expected = await app.curvesOfPage();
    const json = await download(page, app.runExport('json'));
    expect(json.name, 'file name').toMatch(/\.json$/);
    const doc = JSON.parse(json.text);
    expect(doc.curves, 'curves').toEqual(expected.curves);
    expect(doc.params, 'params').toEqual(expected.params);
    expect(doc.meta.seed, 'meta.seed').toBe(expected.meta.seed);
    expect(doc.meta.fingerprint, 'meta.fingerprint vs the drawn run').toBe(await app.fingerprint());
    expect(doc.meta.link, 'meta.link vs location').toBe(await app.href());
    expect(Object.keys(doc.curves).length, 'curves in the export').toBeGreaterThanOrEqual(3);
  });
});
