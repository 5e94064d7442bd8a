// Renders the social preview image (static/preview.png, 1200 x 630, referenced by index.html's
// Open Graph and Twitter tags): the default figure, the closed loop against the pinned
// information-open loop, from the built page in headless Chromium.
//   trunk build --release && node scripts/preview.mjs
import path from 'node:path';
import { launchChromium } from '../tests/e2e/chromium.mjs';
import { startStaticServer } from '../tests/e2e/static-server.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'static/preview.png');
const server = await startStaticServer(path.join(root, 'dist'));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 630 }, deviceScaleFactor: 1, colorScheme: 'light' });
  await page.goto(`${server.url}/?v=1&fig=info&pin=v=1%26ver=1`);
  await page.waitForSelector('#app[data-status="done"]', { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('.figure-caption')?.textContent.includes('Dashed purple'));
  await page.addStyleTag({ content: '.open-full { display: none } .figure .chart canvas { height: 470px !important }' });
  await page.evaluate(() => window.dispatchEvent(new Event('resize')));
  await page.waitForTimeout(400);
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1200, height: 630 } });
  console.log(`preview: wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
