// A developer's look at the built page: opens dist/ (or $LOOK_DIST) at the given queries and
// viewports in headless Chromium, waits for the run to finish, saves full-page screenshots and
// prints console errors and the charts' draw counts. Not a test: for looking at what users see.
//   node tests/e2e/look.mjs [out-dir] [query ...]   (LOOK_SIZES="1280x800,390x844" LOOK_DARK=1)
import path from 'node:path';
import { launchChromium } from './chromium.mjs';
import { startStaticServer } from './static-server.mjs';

const [out = 'target/look', ...queries] = process.argv.slice(2);
const sizes = (process.env.LOOK_SIZES ?? '1280x800').split(',').map((s) => s.split('x').map(Number));
const server = await startStaticServer(path.resolve(process.env.LOOK_DIST ?? 'dist'));
const browser = await launchChromium();
try {
  for (const query of queries.length ? queries : ['']) {
    for (const [width, height] of sizes) {
      const context = await browser.newContext({
        viewport: { width, height },
        deviceScaleFactor: Number(process.env.LOOK_DPR ?? 1),
        colorScheme: process.env.LOOK_DARK ? 'dark' : 'light',
      });
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${server.url}/${query}`);
      await page
        .waitForSelector('#app[data-status="done"]', { timeout: 60_000 })
        .catch(() => errors.push('not done after 60 s'));
      await page.waitForTimeout(Number(process.env.LOOK_WAIT ?? 300));
      const name = `${(query || 'home').replace(/[^a-z0-9=]+/gi, '_').slice(0, 60)}-${width}x${height}`;
      const file = path.join(out, `${name}.png`);
      await page.screenshot({ path: file, fullPage: process.env.LOOK_FULL !== '0' });
      const draws = await page.$$eval('canvas[data-chart]', (cs) =>
        cs.map((c) => `${c.dataset.chart}:${c.dataset.draws}`).join(' '),
      );
      console.log(`${file}  url=${page.url().split('?')[1] ?? ''}  charts ${draws}`);
      for (const e of errors) console.log(`  error: ${e}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
