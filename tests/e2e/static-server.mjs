// A tiny dependency-free static file server for the end-to-end test: serves one directory
// (dist/) on 127.0.0.1, on a free port unless one is given, with the right MIME type for .wasm
// and no caching. Paths outside the directory are refused. Missing /favicon.ico answers 204 so
// the browser's automatic favicon request does not log a console error that is no app bug.
//
// With a prefix (`startStaticServer(dir, 0, { prefix: '/blog/explorer' })`) the directory is
// served only under that path, as on a blog that hosts the explorer in a subfolder: everything
// else answers 404 and the bare prefix redirects to `prefix/`; `server.url` then ends in the prefix.
//
// Options (both opt-in, for the servers of dist/ in global-setup.mjs):
//   cors: true          every answer carries `Access-Control-Allow-Origin: *`, as a host that serves
//                       the figure element's script and wasm to other sites must (README); safe
//                       here because the server only ever serves the build's static files.
//   precompressed: true a file with a `.br` or `.gz` beside it (scripts/post-build.mjs writes them)
//                       is sent in that encoding when the request's Accept-Encoding allows it
//                       (`Content-Encoding`, `Vary: Accept-Encoding`), as a static host that serves
//                       pre-compressed files does; otherwise the file itself.
//
// As a module: `const server = await startStaticServer(dir); server.url; await server.close();`
// From the shell: `node tests/e2e/static-server.mjs dist 8080 [/prefix]`.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** The encodings a request accepts (q=0 excluded), lower-case. */
function accepted(header = '') {
  return new Set(
    header
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
      .map(([name]) => name.trim().toLowerCase()),
  );
}

export async function startStaticServer(dir, port = 0, { prefix = '', cors = false, precompressed = false } = {}) {
  const root = path.resolve(dir);
  prefix = prefix.replace(/\/+$/, '');
  if (prefix && !prefix.startsWith('/')) prefix = `/${prefix}`;
  // Long share links (10 kB values, percent-encoded) must reach the app, not die as a 431 here.
  const server = http.createServer({ maxHeaderSize: 256 * 1024 }, async (req, res) => {
    const base = cors ? { 'Access-Control-Allow-Origin': '*' } : {};
    const send = (status, body = '', type = 'text/plain; charset=utf-8', extra = {}) => {
      res.writeHead(status, { ...base, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'bad path');
    }
    if (prefix) {
      if (rel === prefix) {
        res.writeHead(301, { ...base, Location: `${prefix}/${new URL(req.url, 'http://x').search}`, 'Cache-Control': 'no-store' });
        return res.end();
      }
      if (!rel.startsWith(`${prefix}/`)) return rel === '/favicon.ico' ? send(204) : send(404, 'not found');
      rel = rel.slice(prefix.length);
    }
    let file = path.resolve(root, '.' + rel);
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden');
    try {
      if ((await fs.stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      if (precompressed) {
        const ok = accepted(req.headers['accept-encoding']);
        for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
          if (!ok.has(encoding)) continue;
          const body = await fs.readFile(file + ext).catch(() => null);
          if (body) return send(200, body, type, { 'Content-Encoding': encoding, Vary: 'Accept-Encoding' });
        }
      }
      const body = await fs.readFile(file);
      return send(200, body, type, precompressed ? { Vary: 'Accept-Encoding' } : {});
    } catch {
      if (rel === '/favicon.ico') return send(204);
      return send(404, 'not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}${prefix}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser keeps connections alive
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist';
  const server = await startStaticServer(dir, Number(process.argv[3] ?? 8080), { prefix: process.argv[4] ?? '' });
  console.log(`serving ${path.resolve(dir)} at ${server.url}/`);
}
