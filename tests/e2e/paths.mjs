// Where the end-to-end suite finds the build and writes its output (one place for the config,
// the global set-up and the fixtures). Environment: E2E_DIST (default dist/), E2E_GOLDEN (default
// tests/golden/loop_a.txt), E2E_OUT (screenshots, downloads and timings, default target/e2e/).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, 'dist'));
export const GOLDEN = path.resolve(process.env.E2E_GOLDEN ?? path.join(ROOT, 'tests/golden/loop_a.txt'));
export const OUT = path.resolve(process.env.E2E_OUT ?? path.join(ROOT, 'target/e2e'));
