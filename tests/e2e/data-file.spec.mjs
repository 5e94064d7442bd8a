// Scenario G's word list: a separate file the page fetches when the tab opens (not with the first
// download), once however often the tab is opened; and a clear message when it cannot be had.
import { expect, test } from './fixtures.mjs';

const WORDS = '/words-en.txt';

test.describe('data file', () => {
  test('G fetches its word list when its tab opens, once, and runs on it', async ({ app, page }) => {
    const fetched = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.endsWith(WORDS)) fetched.push(req.url());
    });
    await app.open('?v=1');
    expect(fetched, 'the first screen does not download the word list').toEqual([]);
    await page.getByRole('tab', { name: /Real text/ }).click();
    await app.waitDone();
    expect(fetched.length, 'fetched when the tab opened').toBe(1);
    const fresh = await app.fingerprintOf('v=1&sc=text');
    expect(await app.fingerprint(), 'the drawn run is the run on the real words').toBe(fresh);
    await page.getByRole('tab', { name: /Open vs closed/ }).click();
    await app.waitDone();
    await page.getByRole('tab', { name: /Real text/ }).click();
    await app.waitDone();
    expect(fetched.length, 'opened again: no second download').toBe(1);
  });

  test.describe('when the word list is missing', () => {
    test.use({ expectedErrors: /404|Failed to load resource/ });

    test('the tab says what is missing instead of drawing an empty run', async ({ app, page, guard }) => {
      await page.route(`**${WORDS}`, (route) => route.fulfill({ status: 404, body: 'not here' }));
      const mark = guard.mark();
      await app.goto('?v=1&sc=text');
      const status = page.locator('.run-status.failed');
      await expect(status).toBeVisible({ timeout: 20_000 });
      await expect(status).toContainText(/could not load .*words-en\.txt \(HTTP 404\)/);
      await expect(status).toContainText('Reload the page');
      await expect(page.locator('figure.chart:not(.placeholder)'), 'no chart of an empty run').toHaveCount(0);
      // The provoked 404 is the only thing that went wrong.
      expect(guard.since(mark).every((line) => /404/.test(line)), guard.since(mark).join('\n')).toBe(true);
      guard.dismiss(mark);
    });
  });
});
