// Global set-up of the end-to-end suite (playwright.config.mjs): serves the release build before
// any test runs and stops it after the last. Three servers of tests/e2e/static-server.mjs, each on
// 127.0.0.1 and a free port (never a fixed one: other worktrees may be testing on this machine):
//   root     dist/ at /                  the app under test
//   subpath  dist/ under /blog/explorer  as a blog serving the explorer from a subfolder
//   host     an empty temporary folder   another origin, for host pages that embed the app
// Both servers of dist/ answer as a static host of the explorer should (README): with the
// post-build's pre-compressed files when the browser accepts them, and with CORS headers, so a
// page on another origin (the host server) can load the figure element's script and wasm.
// Their addresses reach the workers through E2E_SERVERS (JSON), read by fixtures.mjs; a worker
// is started after this set-up and inherits its environment.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startStaticServer } from './static-server.mjs';
import { DIST } from './paths.mjs';

export default async function globalSetup() {
  await fs.access(path.join(DIST, 'index.html')).catch(() => {
    throw new Error(`${DIST}/index.html is missing: run trunk build --release first`);
  });
  const hostDir = await fs.mkdtemp(path.join(os.tmpdir(), 'infoloop-e2e-host-'));
  const app = { cors: true, precompressed: true };
  const root = await startStaticServer(DIST, 0, app);
  const subpath = await startStaticServer(DIST, 0, { ...app, prefix: '/blog/explorer' });
  const host = await startStaticServer(hostDir);
  process.env.E2E_SERVERS = JSON.stringify({ root: root.url, subpath: subpath.url, host: host.url, hostDir });
  console.log(`e2e: serving ${DIST} at ${root.url}/ and ${subpath.url}/; host pages at ${host.url}/`);
  return async () => {
    await Promise.all([root.close(), subpath.close(), host.close()]);
    await fs.rm(hostDir, { recursive: true, force: true });
  };
}
