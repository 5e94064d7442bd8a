// Fixtures and helpers of the end-to-end specs: `import { test, expect, TAG } from './fixtures.mjs'`.
//
// Every browser context a test uses (the `context`/`page` fixtures, and `newContext(...)`) is
// watched by a guard that fails the test, when it ends, on anything a reader would not want:
//   - a console error or an uncaught page error (`expectedErrors`: a RegExp of ones a spec
//     provokes on purpose, e.g. the panic probe),
//   - a dialog (alert/confirm/prompt: what an injected script would open),
//   - a request to another origin than the app's own (`otherOrigins`: names of the global
//     set-up's servers a spec may request too, e.g. 'host' for a page that embeds the app),
//   - an HTTP response >= 400 or a failed request (one a navigation cancelled, net::ERR_ABORTED,
//     goes to `guard.aborted` instead: leaving a page mid-load is no fault of the app).
//
// Options (test.use): served ('root' | 'subpath': which server the app is opened from),
// otherOrigins, expectedErrors. Fixtures: app (an AppPage on `page`), guard, newContext(options)
// (a fresh watched context with the project's viewport and DPR), hostPage(html) (writes a page
// on the host origin and returns its address), servers.
//
// Tags choose the projects a test runs in (playwright.config.mjs): none -> desktop DPR 2 only;
// TAG.desktop -> desktop DPR 1 and 2; TAG.all -> both desktops and the phone; TAG.phone -> the
// phone only.
import fs from 'node:fs/promises';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { AppPage } from './app-page.mjs';
import { GOLDEN, OUT, ROOT } from './paths.mjs';

export { expect };

export const TAG = { desktop: '@desktop', all: '@all', phone: '@phone' };

/** The servers of global-setup.mjs: { root, subpath, host, hostDir }. */
export function readServers() {
  const json = process.env.E2E_SERVERS;
  if (!json) throw new Error('E2E_SERVERS is unset: run the specs through `npx playwright test` (global-setup.mjs)');
  return JSON.parse(json);
}

/** Records what a test's browser contexts did wrong; `problems()` lists it, one line each. */
class Guard {
  constructor(appOrigin, allowedOrigins, expectedErrors) {
    this.appOrigin = appOrigin;
    this.allowed = new Set([appOrigin, ...allowedOrigins]);
    this.expectedErrors = expectedErrors;
    this.list = [];
    this.requests = [];
    this.aborted = [];
  }

  watch(context) {
    const add = (line) => this.list.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
    const expected = (text) => this.expectedErrors?.test(text) ?? false;
    context.on('request', (req) => {
      const url = req.url();
      this.requests.push(url);
      const { protocol, origin } = new URL(url);
      if (protocol !== 'data:' && protocol !== 'blob:' && !this.allowed.has(origin)) add(`request to another origin: ${url}`);
    });
    context.on('response', (res) => {
      if (res.status() >= 400) add(`HTTP ${res.status()}: ${res.url()}`);
    });
    context.on('requestfailed', (req) => {
      // A navigation cancels what the page before was still loading: net::ERR_ABORTED is no fault.
      const why = req.failure()?.errorText ?? '';
      if (why === 'net::ERR_ABORTED') this.aborted.push(req.url());
      else add(`request failed (${why}): ${req.url()}`);
    });
    context.on('console', (msg) => {
      if (msg.type() === 'error' && !expected(msg.text())) add(`console error: ${msg.text()}`);
    });
    context.on('weberror', (err) => {
      const text = String(err.error()?.message ?? err.error());
      if (!expected(text)) add(`page error: ${text}`);
    });
    context.on('dialog', async (dialog) => {
      add(`dialog ${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss().catch(() => {});
    });
  }

  /** A mark to ask later what happened since: `since(mark())`. */
  mark() {
    return this.list.length;
  }

  since(mark) {
    return this.list.slice(mark);
  }

  /** Drops what was recorded since `mark` (for guard.spec.mjs, which provokes it on purpose). */
  dismiss(mark) {
    this.list.length = mark;
  }

  problems() {
    return [...this.list];
  }

  /** Throws (fails the test) if anything was recorded; the guard fixture calls it as a test ends. */
  assertClean() {
    expect(this.problems(), 'console/page errors, dialogs, foreign or failed requests').toEqual([]);
  }
}

export const test = base.extend({
  served: ['root', { option: true }],
  otherOrigins: [[], { option: true }],
  expectedErrors: [null, { option: true }],

  // eslint-disable-next-line no-empty-pattern
  servers: [async ({}, use) => use(readServers()), { scope: 'worker' }],

  baseURL: async ({ served, servers }, use) => use(servers[served]),

  guard: async ({ baseURL, otherOrigins, expectedErrors, servers }, use) => {
    const guard = new Guard(
      new URL(baseURL).origin,
      otherOrigins.map((name) => new URL(servers[name]).origin),
      expectedErrors,
    );
    await use(guard);
    guard.assertClean();
  },

  context: async ({ context, guard }, use) => {
    guard.watch(context);
    await use(context);
  },

  app: async ({ page, baseURL }, use) => {
    await use(new AppPage(page, baseURL));
  },

  newContext: async ({ browser, guard, viewport, deviceScaleFactor, isMobile, hasTouch, colorScheme, reducedMotion }, use) => {
    const made = [];
    await use(async (options = {}) => {
      const context = await browser.newContext({ viewport, deviceScaleFactor, isMobile, hasTouch, colorScheme, reducedMotion, ...options });
      guard.watch(context);
      made.push(context);
      return context;
    });
    for (const context of made) await context.close();
  },

  hostPage: async ({ servers }, use, testInfo) => {
    const written = [];
    await use(async (html, name = 'host') => {
      const file = `${testInfo.testId}-${name}.html`;
      await fs.writeFile(path.join(servers.hostDir, file), html);
      written.push(file);
      return `${servers.host}/${file}`;
    });
    for (const file of written) await fs.rm(path.join(servers.hostDir, file), { force: true });
  },
});

// --- helpers ------------------------------------------------------------------------------------

/** Where a test saves a named artefact (screenshot, download): target/e2e/<project>/<name>. */
export async function outFile(testInfo, name) {
  const dir = path.join(OUT, testInfo.project.name);
  await fs.mkdir(dir, { recursive: true });
  return path.join(dir, name);
}

/** A path as logs show it: relative to the repo when inside it. */
export function show(p) {
  const rel = path.relative(ROOT, p);
  return rel && !rel.startsWith('..') ? rel : p;
}

/** The golden cases `{ query, hex }` of tests/golden/loop_a.txt (shared with tests/golden.rs). */
export async function readGolden() {
  const text = await fs.readFile(GOLDEN, 'utf8');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const parts = line.split(/\s+/);
      return { query: parts.slice(0, -1).join(' '), hex: parts.at(-1) };
    });
}

/** Clicks `locator` and resolves with the download it starts: file name, bytes and text. */
export async function download(page, locator) {
  const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const failure = await dl.failure();
  if (failure) throw new Error(`download ${dl.suggestedFilename()} failed: ${failure}`);
  const bytes = await fs.readFile(await dl.path());
  return { name: dl.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/** A value of the range at fraction f of its span, snapped to its step. */
export function valueAt(range, f) {
  let v = range.min + f * (range.max - range.min);
  if (range.step > 0) v = range.min + Math.round((v - range.min) / range.step) * range.step;
  return Number(Math.min(range.max, Math.max(range.min, v)).toPrecision(12));
}

/** The p-th percentile (nearest rank) of ascending `sorted`. */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The PNG's width and height from its IHDR chunk, or null if the bytes are no PNG. */
export function pngSize(bytes) {
  const magic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(magic) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The entries of a query string, sorted, to compare two links' parameters. */
export function queryEntries(search) {
  return [...new URLSearchParams(search)].map(([k, v]) => `${k}=${v}`).sort();
}

/** axe-core's source (from npm), to inject into a page. */
export function axeSource() {
  return fs.readFile(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
}

/**
 * axe-core's serious and critical violations in `root` (a Page or a Frame) as it is now, each
 * with its id, impact, node count and up to three targets. axe is evaluated as a string, so a
 * page's Content-Security-Policy (which would refuse an injected script tag) does not stop it;
 * axe reads open shadow roots (figure elements) on its own.
 */
export async function seriousViolations(root) {
  if (!(await root.evaluate(() => typeof window.axe === 'object'))) await root.evaluate(await axeSource());
  const violations = await root.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'], iframes: false })).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    })),
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
