// Share links: a changed control is written back into the address bar; a copied link reopens the
// same run; hostile links are corrected visibly and run nothing they carry; a note quoting a bidi
// override keeps it from reordering the line.
import { AppPage } from './app-page.mjs';
import { expect, outFile, test, valueAt } from './fixtures.mjs';

test('a changed slider updates the URL query (q=)', async ({ app }) => {
  await app.open('?v=1&seed=7');
  const range = await app.range('q');
  const v = valueAt(range, range.value === valueAt(range, 0.25) ? 0.75 : 0.25);
  await app.setControlAndTime('q', v);
  const tolerance = range.step > 0 ? range.step / 2 : 1e-9;
  await app.waitForParam('q', v, { tolerance });
  const query = new URLSearchParams(await app.search());
  expect(query.get('seed'), 'the link keeps its seed').toBe('7');
  expect(query.get('v'), 'the link keeps its version').toBe('1');
});

test('copy link puts the page link on the clipboard; it reopens the same run', async ({ app, context, page, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL).origin });
  await app.open('?v=1&ver=1&s=0.7&n=64&seed=99');
  const range = await app.range('kap');
  await app.setControl('kap', valueAt(range, 0.3));
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await app.copyLinkButton().click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { message: 'clipboard after Copy link' }).not.toBe('');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const href = await app.href();
  const bar = await app.shareBar();
  expect(copied, 'copied link vs location').toBe(href);
  expect(new URLSearchParams(new URL(copied).search).get('kap'), 'the copied link holds the moved slider').not.toBeNull();
  expect(bar.length, 'the link length shown vs the copied link').toBe(copied.length);
  expect(bar.title, 'button title vs the copied link').toBe(copied);
  const fingerprint = await app.fingerprint();

  const again = await context.newPage();
  await again.goto(copied, { waitUntil: 'load' });
  const reopened = new AppPage(again, baseURL);
  await reopened.waitDone();
  expect(await reopened.fingerprint(), 'fingerprint of the reopened link').toBe(fingerprint);
  await expect(reopened.notes(), 'the copied link needs no correction').toHaveCount(0);
});

// A hostile link is corrected visibly and runs nothing it carries.
const HOSTILE = '?v=9&s=NaN&n=-5&k=1e999&q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&zz=';

test.describe(`hostile link ${HOSTILE}`, () => {
  test('is corrected visibly: a note names every bad key', async ({ app, page }, testInfo) => {
    await app.open(HOSTILE);
    await expect(app.notes().first()).toBeVisible();
    const text = await app.notes().first().innerText();
    const missing = ['v', 's', 'n', 'k', 'q', 'zz'].filter(
      // Named as a note names it: at the start of a line, or as `key:` / `key=`.
      (key) => !new RegExp(`^\\s*${key}(?![\\w])|(^|[^\\w])${key}\\s*[:=]`, 'm').test(text),
    );
    expect(missing, `.notes does not name these keys: ${JSON.stringify(text.slice(0, 600))}`).toEqual([]);
    await page.screenshot({ path: await outFile(testInfo, 'hostile-link.png') });
  });

  test('runs nothing it carries: no dialog, no live element, finite controls', async ({ app, page }) => {
    await app.open(HOSTILE);
    // Whatever the link smuggled in would fetch or fire by the time the network is idle; the
    // guard fails the test on any dialog or page error it caused.
    await page.waitForLoadState('networkidle');
    expect(await app.liveElementsInNotes(), 'the notes hold live elements from the link').toEqual([]);
    const bad = (await app.rangeValues()).filter((r) => !Number.isFinite(Number(r.value))).map((r) => r.key);
    expect(bad, 'controls with a non-finite value').toEqual([]);
    expect(await page.evaluate(() => window.__xss ?? null), 'window.__xss').toBeNull();
  });
});

/**
 * 50 share links a person (or an attacker) may send, in groups. Every one holds at least one
 * thing the parser must correct, so each must show notes.
 */
const HOSTILE_LINKS = {
  garbage: ['?v=1&s=banana', '?garbage', '?&&&=&==&', '?v=1&n=%00%01%02', '?v=1&t=12abc&k=0x10', '?v=1&q=1,5'],
  'NaN, Infinity, -0, 1e309': ['?v=1&s=NaN', '?v=1&q=Infinity&kap=-Infinity', '?v=1&lam=-0&s=-0.5', '?v=1&n=1e309&r=-1e309', '?v=1&a=1e-400&b=-0'],
  'huge and negative counts': [
    '?v=1&n=99999999999999999999999&t=3',
    '?v=1&r=1e12&t=3',
    '?v=1&t=-40&n=-1&k=-2&n0=-1000',
    '?v=1&seed=-1',
    '?v=1&seed=18446744073709551616',
  ],
  // script tags, javascript: and attribute-injection payloads (raw and percent-encoded)
  'script and attribute injection': [
    '?v=1&q=<script>alert(1)</script>',
    '?v=1&s=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '?v=1&<script>alert(1)</script>=1',
    '?v=1&s="><img src=x onerror=alert(1)>',
    '?v=1&%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1',
    '?v=1&sc=javascript:alert(1)',
    '?v=1&embed=javascript:alert(document.domain)',
    '?v=1&embed=1&hide="><svg/onload=alert(1)>',
    '?v=1&embed=1&hide=<img src=x onerror=window.__xss=1>,controls',
    '?v=1&seed=<iframe src=javascript:alert(1)>',
    `?v=1&t=2"onmouseover="alert(1)&s='><script>window.__xss=1</script>`,
    '?v=1&s=2#"><img src=x onerror=alert(1)>',
  ],
  // Arabic-Indic digits, RTL override, emoji, fullwidth digits, Hebrew and Arabic
  unicode: ['?v=1&s=٠٫٥', '?v=1&k=\u202Egnp.exe', '?v=1&🔥=💩', '?v=1&q=%F0%9F%98%80', '?v=1&n=３２', '?v=1&embed=1&hide=שלום,مرحبا'],
  'broken percent-encoding': ['?v=1&s=%zz', '?v=1&s=%', '?v=1&q=%4&t=%%41', '?v=1&%FF%FE=1', '?v=1&t=%E2%82'],
  '10 kB values': [`?v=1&s=${'x'.repeat(10_240)}`, `?v=1&q=${'9'.repeat(10_240)}`, `?v=1&zz=${'€'.repeat(3_500)}`],
  '100 repeated or unknown keys': [
    `?v=1${'&s=0.5'.repeat(100)}`,
    `?v=1${Array.from({ length: 100 }, (_, i) => `&x${i}=${i}`).join('')}`,
    '?v=1&foo=bar&__proto__=1&constructor=x',
  ],
  'bad v=, sc=, embed=, hide=': ['?v=2&s=0.5', '?v=&ver=1', '?sc=nope&v=1', '?v=1&embed=true&hide=controls', '?v=1&embed=1&hide=zz,,k,controls,<b>'],
};
const HOSTILE_COUNT = Object.values(HOSTILE_LINKS).flat().length;
if (HOSTILE_COUNT !== 50) throw new Error(`links.spec.mjs: ${HOSTILE_COUNT} hostile links, want 50`);

test.describe('50 hostile links are corrected visibly, inject nothing and log no errors', () => {
  // At DPR 1 (as the single-script suite did): 50 page loads, and what is checked is not pixels.
  test.use({ deviceScaleFactor: 1 });
  for (const [group, links] of Object.entries(HOSTILE_LINKS)) {
    test(`${group} (${links.length} links)`, async ({ app, page, guard }) => {
      await app.open('?v=1');
      const baselineScripts = await app.scripts();
      expect((await app.inspectForInjection(baselineScripts)).smuggled, 'the clean page already has what the check forbids').toEqual([]);
      const failures = [];
      for (const link of links) {
        const shown = JSON.stringify(link.length > 70 ? `${link.slice(0, 70)}…(${link.length} chars)` : link);
        const mark = guard.mark();
        try {
          await app.open(link);
          // Let anything the link smuggled in fire (a frame and a task); the inspection below
          // finds the element itself whether or not it fired.
          await app.settleFrames();
          const problems = [];
          if (!(await app.notes().isVisible())) problems.push('no visible notes');
          else if ((await app.noteItems().count()) < 1) problems.push('notes without a line');
          const seen = await app.inspectForInjection(baselineScripts);
          if (seen.smuggled.length) problems.push(`live injected elements: ${seen.smuggled.join(' | ')}`);
          if (seen.xss !== null) problems.push(`window.__xss = ${seen.xss}`);
          const bad = seen.ranges.filter((r) => !r.ok);
          if (bad.length) problems.push(`range inputs without a finite in-range value: ${JSON.stringify(bad)}`);
          problems.push(...guard.since(mark));
          if (problems.length) failures.push(`${shown}: ${problems.join('; ')}`);
        } catch (err) {
          failures.push(`${shown}: ${String(err?.message ?? err).split('\n')[0]}`);
        }
      }
      expect(failures, `${failures.length} of ${links.length} links misbehaved`).toEqual([]);
      expect(await page.evaluate(() => document.title), 'the page title').toMatch(/^Information-open loops/);
    });
  }
});

// A link's bidi controls must not reorder the note that quotes them (display spoofing).
const BIDI = '?v=1&k=%E2%80%AEgnp.exe&s=2'; // U+202E RIGHT-TO-LEFT OVERRIDE in a value

test(`notes quoting bidi controls (${BIDI}) keep them isolated`, async ({ app }, testInfo) => {
  await app.open(BIDI);
  const items = await app.notesBidiLeaks();
  await app.notes().screenshot({ path: await outFile(testInfo, 'notes-bidi.png') });
  expect(items.length, 'notes').toBeGreaterThanOrEqual(2);
  const leaking = items.filter((i) => i.leaks.length).map((i) => i.leaks.join(' '));
  expect(leaking, 'note text with a bidi embedding/override outside an isolating element (the rest of the line is reordered)').toEqual([]);
});
