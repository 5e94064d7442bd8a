// End-to-end tests of the release build in dist/ (`npx playwright test`; scripts/test.sh runs it
// as its e2e stage). At the repo root so that `npx playwright test` works from where every other
// command of the README runs, with no `-c`; the specs, fixtures and servers live in tests/e2e/.
//
// The browser is Debian's Chromium (/usr/bin/chromium, override with CHROMIUM=...), launched
// with the flags of tests/e2e/chromium.mjs: never a downloaded one (never `npx playwright
// install`). tests/e2e/global-setup.mjs serves dist/ on 127.0.0.1 (free ports).
//
// Projects, and which tests each runs (by tag, see tests/e2e/fixtures.mjs):
//   desktop-dpr2  1280x800 at DPR 2        every test but those tagged @phone
//   desktop-dpr1  1280x800 at DPR 1        tests tagged @desktop or @all (drawing, layout)
//   phone         390x844 at DPR 3, touch  tests tagged @all (layout) or @phone (touch targets,
//                                          the chart sticky above the controls)
//
// One worker by default: the suite holds timing budgets (slider latency, first chart within 1 s,
// no long main-thread task) that a second worker on these 2-core machines would measure instead
// of the app. E2E_WORKERS=2 runs two (faster, for development).
import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './tests/e2e/chromium.mjs';
import { OUT } from './tests/e2e/paths.mjs';

const DESKTOP = { width: 1280, height: 800 };

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.mjs',
  outputDir: `${OUT}/results`, // traces and failure screenshots
  globalSetup: './tests/e2e/global-setup.mjs',
  workers: Number(process.env.E2E_WORKERS ?? 1),
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000, // per test; the long ones set their own (at most 200 s)
  globalTimeout: 720_000, // the whole run; scripts/test.sh also wraps it in `timeout`
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./tests/e2e/count-reporter.mjs']],
  use: {
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 30_000,
  },
  projects: [
    { name: 'desktop-dpr2', use: { viewport: DESKTOP, deviceScaleFactor: 2 }, grepInvert: /@phone\b/ },
    { name: 'desktop-dpr1', use: { viewport: DESKTOP, deviceScaleFactor: 1 }, grep: /@desktop\b|@all\b/ },
    {
      name: 'phone',
      use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
      grep: /@all\b|@phone\b/,
    },
  ],
});
