// Share links: a changed control is written back into the address bar; a copied link reopens the
// same run; hostile links are corrected visibly and run nothing they carry; a note quoting a bidi
// override keeps it from reordering the line.
import { AppPage } from './app-page.mjs';
import { expect, outFile, test, valueAt } from './fixtures.mjs';
import { HOSTILE_LINKS } from './hostile-links.mjs';

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

// The reproduction a reader reports: the landing page, the verifier ticked, four settings typed,
// Copy link; the link opened in a fresh browser context shows the same run and the same pinned
// comparison (its legend entry and the finding's line), each with the same fingerprint.
test('the reproduction: verifier on, s = 0.23, κ = 0.3, λ = 0.1, seed 77, Copy link; a fresh context shows the same run and the same pinned run', async ({ app, context, page, newContext, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL).origin });
  await app.open('');
  await app.openAllParams();
  await app.panelControl('ver').check();
  await app.waitForSearch(/[?&]ver=1(&|$)/);
  await app.typeValue('s', 0.23);
  await app.typeValue('kap', 0.3);
  await app.typeValue('lam', 0.1);
  await app.typeSeed(77);
  await app.waitLinkSettled();
  await app.waitPinComputed();
  const fingerprint = await app.fingerprint();
  const pinFingerprint = await app.pinFingerprint();
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await app.copyLinkButton().click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { message: 'clipboard after Copy link' }).not.toBe('');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const query = new URLSearchParams(new URL(copied).search);
  expect(Object.fromEntries(['ver', 's', 'kap', 'lam', 'seed'].map((k) => [k, query.get(k)])), 'the copied link holds the settings').toEqual({
    ver: '1',
    s: '0.23',
    kap: '0.3',
    lam: '0.1',
    seed: '77',
  });
  const pinQuery = query.get('pin');
  expect(pinQuery, 'the copied link keeps the landing page\'s pinned run').toBeTruthy();
  expect(await app.fingerprintOf(new URL(copied).search), 'fingerprint(the copied link) vs the run drawn').toBe(fingerprint);
  expect(await app.fingerprintOf(pinQuery), 'fingerprint(its pin) vs the pinned run drawn').toBe(pinFingerprint);
  const legend = await app.firstLegendText();
  expect(legend, 'the pinned run in the legend here').toMatch(/pinned: Verifier s = 0\.4 \(seed 1\)/);
  await expect(app.finding(), 'the finding\'s comparison line here').toContainText('Pinned for comparison');

  const fresh = await newContext();
  const again = new AppPage(await fresh.newPage(), baseURL);
  await again.root.goto(copied, { waitUntil: 'load' });
  await again.waitDone();
  await again.waitHooks();
  await again.waitPinComputed();
  await expect(again.notes(), 'the copied link needs no correction').toHaveCount(0);
  expect(await again.fingerprint(), 'the run in the fresh context').toBe(fingerprint);
  expect(await again.pinFingerprint(), 'the pinned run in the fresh context').toBe(pinFingerprint);
  expect(await again.fingerprintOf(pinQuery), 'fingerprint(the pin) in the fresh context').toBe(pinFingerprint);
  expect(await again.firstLegendText(), 'the pinned run in the fresh context\'s legend').toBe(legend);
  await expect(again.finding(), 'the finding\'s comparison line in the fresh context').toContainText('Pinned for comparison');
  expect(await again.controlValue('s'), 'verifier strength in the fresh context').toBe(0.23);
  await expect(again.panelControl('ver'), 'the verifier in the fresh context').toBeChecked();
});

// Back and Forward walk through settled settings: a history entry once the settings have rested
// for 700 ms, not one per slider pixel.
test('Back restores the previous settings: the control shows its earlier value and the run is the earlier one', async ({ app, page }) => {
  // Opened out of order: the page's first write (in place, no entry) puts it in order, so once
  // the address bar says so, every later settled change is an entry of its own.
  await app.open('?seed=3&v=1&r=100');
  await app.waitForSearch(/^\?v=1&r=100&seed=3$/);
  const start = { fingerprint: await app.fingerprint(), history: await app.historyLength(), q: await app.controlValue('q') };
  const q = await app.range('q');
  const q1 = valueAt(q, q.value === valueAt(q, 0.7) ? 0.3 : 0.7);
  await app.setControl('q', q1); // resolves once the link holds q: the settings settled
  await app.waitLinkSettled();
  const first = { fingerprint: await app.fingerprint(), history: await app.historyLength() };
  expect(first.fingerprint, 'moving q changed the run').not.toBe(start.fingerprint);
  expect(first.history, 'a settled change is a history entry').toBe(start.history + 1);
  const k = await app.range('k');
  const k1 = valueAt(k, k.value === valueAt(k, 0.5) ? 0.2 : 0.5);
  await app.setControl('k', k1);
  await app.waitLinkSettled();
  expect(await app.historyLength(), 'the second settled change is an entry of its own').toBe(start.history + 2);
  expect(await app.fingerprint(), 'moving k changed the run').not.toBe(first.fingerprint);

  await page.goBack();
  await app.waitForSearch(/^(?!.*[?&]k=)/);
  await app.waitLinkSettled();
  expect(await app.controlValue('q'), 'after Back: q').toBe(q1);
  expect(await app.controlValue('k'), 'after Back: k at its earlier value').toBe(k.value);
  expect(await app.fingerprint(), 'after Back: the earlier run').toBe(first.fingerprint);

  await page.goBack();
  await app.waitForSearch(/^(?!.*[?&]q=)/);
  await app.waitLinkSettled();
  expect(await app.controlValue('q'), 'after Back again: q').toBe(start.q);
  expect(await app.fingerprint(), 'after Back again: the first run').toBe(start.fingerprint);

  await page.goForward();
  await app.waitForParam('q', q1, { tolerance: 1e-9 });
  await app.waitLinkSettled();
  expect(await app.fingerprint(), 'Forward: the run after the first change').toBe(first.fingerprint);
});

test('the page names the engine only when it is not the newest: a v=1 link says v1, a new link says nothing', async ({ app, page }) => {
  await app.open('?v=1&seed=7');
  await expect(page.locator('.engine-note'), 'a v=1 link names its engine').toContainText('engine v1');
  await expect(page.locator('.engine-note')).toHaveAttribute('data-engine', '1');
  const old = await app.fingerprint();
  await app.open('?seed=7');
  await expect(page.locator('.engine-note'), 'a link without v runs on the newest engine, unnamed').toHaveCount(0);
  expect(await app.fingerprint(), 'the newest engine draws other numbers than v1').not.toBe(old);
});

test('a v=2 link with nine answers replays engine v2 and says what v3 corrects; other v=2 links draw what v3 draws', async ({ app, page }) => {
  await app.open('?v=2&k=9&seed=3');
  const note = page.locator('.engine-note');
  await expect(note).toHaveAttribute('data-engine', '2');
  await expect(note, 'the known defect of v2 is named').toContainText('ninth answer');
  const v2nine = await app.fingerprint();
  await note.getByRole('link', { name: 'Open these settings on the newest engine' }).click();
  await app.waitForSearch(/^\?v=3&k=9&seed=3$/);
  await page.waitForLoadState('load');
  await app.waitDone();
  await expect(note, 'v3 is the newest: unnamed').toHaveCount(0);
  const v3nine = await app.fingerprint();
  expect(v3nine, 'v3 counts the ninth answer').not.toBe(v2nine);
  await app.open('?v=3&k=9&seed=3');
  expect(await app.fingerprint(), 'the link it opens is v3 with the same settings').toBe(v3nine);
  await app.open('?v=2&seed=3');
  await expect(note).toContainText('engine v2');
  await expect(note, 'eight answers: nothing to correct').not.toContainText('ninth');
  const v2 = await app.fingerprint();
  await app.open('?v=3&seed=3');
  expect(await app.fingerprint(), 'v3 draws what v2 draws with eight answers').toBe(v2);
});
