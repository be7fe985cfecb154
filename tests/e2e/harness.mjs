// Shared end-to-end harness: serves the release build (dist/) with a plain
// static server (python3 -m http.server) on 127.0.0.1 under a subpath, and
// launches the system's headless Chromium through playwright-core.
import { spawnStaticServer } from './static-server.mjs';
import { mkdtempSync, symlinkSync, existsSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The release build under test: dist/, or BROADSHEET_DIST (a copy kept still while dist/ is rebuilt). */
export const DIST = process.env.BROADSHEET_DIST ? resolve(process.env.BROADSHEET_DIST) : join(ROOT, 'dist');
/**
 * The longest main-thread task a "the page must not freeze" test allows:
 * 2 s. The freezes those tests were written for lasted 2.6 to 47 s; the
 * page's own longest tasks measure 0.4 s on an idle machine and up to 1.1 s
 * with both cores busy (`./dev test-under-load`), so this bound catches a
 * freeze without failing on a busy machine.
 */
export const MAX_TASK_MS = 2_000;

/** The site is served under this subpath, as on GitHub Pages. */
export const SUBPATH = '/broadsheet/';

/**
 * Starts python's static server over a folder whose `broadsheet/` is dist/.
 * With `copy: true` it serves a temporary copy of dist/ instead, at `dir`,
 * which a test may change (a redeploy) without touching dist/.
 */
export async function startServer({ copy = false } = {}) {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/index.html is missing: run `./dev build` (or `./dev test`) first');
  }
  const site = mkdtempSync(join(tmpdir(), 'broadsheet-site-'));
  const dir = join(site, 'broadsheet');
  if (copy) cpSync(DIST, dir, { recursive: true });
  else symlinkSync(DIST, dir);
  const { server, port } = await spawnStaticServer(['-m', 'http.server', '--bind', '127.0.0.1', '0'], site);
  return {
    url: `http://127.0.0.1:${port}${SUBPATH}`,
    dir: copy ? dir : undefined,
    async stop() {
      server.kill();
      rmSync(site, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A page that records what a user would never want: console errors,
 * uncaught exceptions, failed requests and HTTP errors.
 *
 * Service workers are blocked unless `serviceWorkers: 'allow'`: a page the
 * worker controls gets the files it stored, which `page.route` cannot see
 * or replace, so tests that route the article set (or count requests) need
 * the page to talk to the network itself. tests/e2e/offline.test.mjs allows
 * them.
 */
export async function openPage(browser, { timezoneId = 'UTC', viewport, serviceWorkers = 'block' } = {}) {
  const context = await browser.newContext({ timezoneId, viewport, locale: 'en-US', serviceWorkers });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  // ERR_ABORTED is a request the page itself dropped (e.g. the favicon
  // during a reload), not a failure a reader would see.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { context, page, problems };
}

/** Waits until the cards (or an error) replaced the loading notice. */
export async function waitForCards(page) {
  await page.waitForSelector('ol.cards > li > article, [role=alert]', { timeout: 30_000 });
}

/**
 * Registers a test file's set-up and clean-up: the static server (unless
 * `server: false`), the browser, and a scratch folder when `scratch` gives
 * its name prefix. Returns an object whose `server`, `browser` and
 * `scratch` are set once `before` has run.
 */
export function useSuite({ server = true, scratch } = {}) {
  const env = {};
  before(async () => {
    if (server) env.server = await startServer();
    env.browser = await launchBrowser();
    if (scratch) env.scratch = mkdtempSync(join(tmpdir(), scratch));
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
    if (env.scratch) rmSync(env.scratch, { recursive: true, force: true });
  });
  return env;
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
  const { createServer } = await import('node:http');
  const { createReadStream, statSync } = await import('node:fs');
  const { extname, normalize, sep } = await import('node:path');
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
