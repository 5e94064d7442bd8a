// Debian's Chromium as every browser script here launches it: never a downloaded browser, no
// background network traffic (the e2e test checks that the page itself requests nothing foreign).
import { chromium } from 'playwright-core';

/** The browser binary (override with CHROMIUM=…). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Launch flags: sandbox off (containers), no GPU, and none of Chromium's own requests. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with the flags above. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
