// Helpers of the browser benchmark: a site folder (dist/ with another
// article set), python's http.server on 127.0.0.1 (serve.py), headless Chromium
// through playwright-core (the same flags as tests/e2e/harness.mjs), CDP
// heap figures and statistics.
import { spawnStaticServer } from '../../tests/e2e/static-server.mjs';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The site is served under this subpath, as on GitHub Pages (and in the e2e tests). */
export const SUBPATH = '/broadsheet/';

/**
 * A temporary site folder: `broadsheet/` holds symlinks to everything in
 * dist/ except `static/articles.json`, which is `setText`; `blank.html` is an
 * empty page of the same origin for the baseline and the peer engines.
 */
export function makeSite(dist, setText) {
  const site = mkdtempSync(join(tmpdir(), 'broadsheet-bench-site-'));
  const app = join(site, 'broadsheet');
  mkdirSync(join(app, 'static'), { recursive: true });
  for (const name of readdirSync(dist)) {
    if (name !== 'static' && !name.startsWith('.')) symlinkSync(join(dist, name), join(app, name));
  }
  for (const name of readdirSync(join(dist, 'static'))) {
    if (name !== 'articles.json') symlinkSync(join(dist, 'static', name), join(app, 'static', name));
  }
  writeFileSync(join(app, 'static', 'articles.json'), setText);
  writeFileSync(join(site, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><body></body>\n');
  return site;
}

/**
 * Starts python's http.server over `dir` on 127.0.0.1 (a free port), with
 * the cross-origin isolation headers (serve.py) for precise timers.
 */
export async function startServer(dir) {
  const { server, port } = await spawnStaticServer([join(HERE, 'serve.py')], dir);
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((ok) => server.once('exit', ok));
      server.kill();
      await exited;
    },
  };
}

export function removeSite(site) {
  rmSync(site, { recursive: true, force: true });
}

/** Headless Chromium with the e2e suite's flags, plus `extraArgs`. */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * A fresh context and page; page errors are collected in `problems`.
 * `prepare(context)` runs before the page opens (init scripts, listeners).
 */
export async function openPage(browser, { prepare } = {}) {
  const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await prepare?.(context);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('crash', () => problems.push('page crashed'));
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp, problems };
}

/** JS heap in use (bytes) after a full garbage collection, via CDP. */
export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.enable');
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
  return { used: usedSize, total: totalSize };
}

/** Nearest-rank percentile of numbers (p in 0..100). */
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const median = (values) => {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export function summary(values) {
  return { n: values.length, median: median(values), p95: percentile(values, 95), max: values.length ? Math.max(...values) : null };
}

/**
 * Splits a query of Broadsheet's language into plain words, phrases and
 * excluded words, for the peers (which do not read that language).
 */
export function parseQuery(q) {
  const words = [];
  const phrases = [];
  const excluded = [];
  const re = /"([^"]*)"?|(\S+)/g;
  let m;
  while ((m = re.exec(q))) {
    if (m[1] !== undefined) {
      const ws = m[1].split(/\s+/).filter(Boolean);
      if (ws.length) { words.push(...ws); if (ws.length > 1) phrases.push(ws.join(' ')); }
    } else if (m[2].startsWith('-')) {
      if (m[2].length > 1) excluded.push(m[2].slice(1));
    } else {
      words.push(m[2]);
    }
  }
  return { words, phrases, excluded };
}
