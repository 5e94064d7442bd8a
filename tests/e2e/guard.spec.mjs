// The guard of fixtures.mjs must catch what it claims to: the test provokes each thing in the
// app's page, checks that the guard recorded it, then dismisses it (else the test would fail at
// its end: each also checks that the end-of-test check would have thrown).
import { expect, test } from './fixtures.mjs';

test.describe('the guard records', () => {
  const cases = {
    'a console error': { provoke: () => console.error('guard probe'), want: /^console error: guard probe$/ },
    'an uncaught page error': { provoke: () => setTimeout(() => { throw new Error('guard probe'); }), want: /^page error: guard probe$/ },
    'a dialog': { provoke: () => setTimeout(() => alert('guard probe')), want: /^dialog alert: guard probe$/ },
    'a request to another origin': { provoke: () => fetch('http://127.0.0.2:9/guard-probe').catch(() => {}), want: /^request to another origin: http:\/\/127\.0\.0\.2:9\/guard-probe$/ },
    'an HTTP error': { provoke: () => fetch('guard-probe-404'), want: /^HTTP 404: .*\/guard-probe-404$/ },
  };
  test('a console error, a page error, a dialog, a foreign request and an HTTP error', async ({ app, page, guard }) => {
    await app.open('?v=1&r=20');
    expect(guard.problems(), 'a clean load').toEqual([]);
    for (const [what, { provoke, want }] of Object.entries(cases)) {
      const mark = guard.mark();
      await page.evaluate(provoke);
      await expect.soft
        .poll(() => guard.since(mark).some((line) => want.test(line)), { message: `${what} recorded as ${want} (${JSON.stringify(guard.since(mark))})`, timeout: 5_000 })
        .toBe(true);
      expect.soft(() => guard.assertClean(), `${what}: the check at the end of the test throws`).toThrow(/console\/page errors, dialogs, foreign or failed requests/);
      guard.dismiss(mark);
    }
    expect(() => guard.assertClean(), 'after dismissing the probes').not.toThrow();
  });
});
