// The static servers of the end-to-end suites (tests/e2e, tests/cross-browser)
// and the browser benchmarks (bench/): python's http.server for the site, as a
// plain static host serves it (Last-Modified, 304s), and a small Node server
// for a second origin whose answers a test chooses. Both on 127.0.0.1, on a
// free port.
import { spawn } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository's root folder. */
export const ROOT = resolve(HERE, '../..');
/** The release build under test: dist/, or BROADSHEET_DIST (a copy kept still while dist/ is rebuilt). */
export const DIST = process.env.BROADSHEET_DIST ? resolve(process.env.BROADSHEET_DIST) : join(ROOT, 'dist');
/** The site is served under this subpath, as on GitHub Pages. */
export const SUBPATH = '/broadsheet/';

/**
 * Serves the folder `dir` with python's http.server (serve.py), quiet.
 * `crossOriginIsolated`: every answer carries COOP/COEP, for the precise
 * timers of the benchmarks. Returns { port, origin, stop() }.
 */
export async function serveFolder(dir, { crossOriginIsolated = false } = {}) {
  const args = ['-u', join(HERE, 'serve.py'), ...(crossOriginIsolated ? ['--isolated'] : [])];
  const server = spawn('python3', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((ok) => server.once('exit', ok));
  const port = await new Promise((ok, fail) => {
    let out = '';
    // A bound, not a wait: python's start-up takes seconds on a machine
    // whose cores are busy (a suite beside a build).
    const timer = setTimeout(() => fail(new Error(`static server did not start in 60 s: ${out}`)), 60_000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/port (\d+)/);
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    server.on('exit', (code) => fail(new Error(`static server exited (${code}): ${out}`)));
  });
  server.stdout.resume();
  server.stderr.resume();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      server.kill();
      await exited;
    },
  };
}

/**
 * Serves the release build (DIST) under SUBPATH, from a temporary folder
 * whose `broadsheet/` is DIST. With `copy: true` it serves a copy of DIST
 * instead, at `dir`, which a test may change (a redeploy) without touching
 * DIST. Returns { url, dir, stop() }.
 */
export async function startServer({ copy = false } = {}) {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/index.html is missing: run `./dev build` (or `./dev test`) first');
  }
  const site = mkdtempSync(join(tmpdir(), 'broadsheet-site-'));
  const dir = join(site, SUBPATH.slice(1, -1));
  if (copy) cpSync(DIST, dir, { recursive: true });
  else symlinkSync(DIST, dir);
  const server = await serveFolder(site);
  return {
    url: `${server.origin}${SUBPATH}`,
    dir: copy ? dir : undefined,
    async stop() {
      await server.stop();
      rmSync(site, { recursive: true, force: true });
    },
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.json': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.gz': 'application/gzip', '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * A Node static server over the folder `root` on 127.0.0.1, on a port of
 * its own (so another origin than startServer's). Files are sent as they
 * are stored (a `.gz` as application/gzip, never with Content-Encoding),
 * with Last-Modified; a folder's address answers its index.html; anything
 * missing answers 404. `cors`: every answer carries
 * `Access-Control-Allow-Origin: *`. `handle(req, res, url)` is asked first
 * and answers the request itself when it returns true (a 503, a file sent
 * with `Content-Encoding: gzip`, …). Returns { url, port, origin, stop() }.
 */
export async function startFileServer({ root, cors = false, handle } = {}) {
  const server = createServer(async (req, res) => {
    try {
      if (cors) res.setHeader('access-control-allow-origin', '*');
      const url = new URL(req.url, 'http://127.0.0.1');
      if (handle && (await handle(req, res, url))) return;
      let path = join(root, normalize(decodeURIComponent(url.pathname)));
      if (!path.startsWith(root + sep) && path !== root) { res.writeHead(403).end(); return; }
      let stat;
      try { stat = statSync(path); } catch { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      if (stat.isDirectory()) {
        path = join(path, 'index.html');
        try { stat = statSync(path); } catch { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      }
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] || 'application/octet-stream',
        'content-length': stat.size,
        'last-modified': stat.mtime.toUTCString(),
        'cache-control': 'no-cache',
      });
      if (req.method === 'HEAD') { res.end(); return; }
      createReadStream(path).pipe(res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}
