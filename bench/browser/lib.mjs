// Helpers of the browser benchmarks: a site folder (dist/ with another
// article set) served cross-origin isolated, pages opened the benchmarks' way
// (the browser, server and page opener are tools/browser/'s, as in the
// end-to-end suite), CDP heap figures and statistics.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage } from '../../tools/browser/chromium.mjs';
import { serveFolder } from '../../tools/browser/static-server.mjs';

export { SUBPATH } from '../../tools/browser/static-server.mjs';

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
 * Serves `dir` on 127.0.0.1 (a free port) with the cross-origin isolation
 * headers, for precise timers. Returns { origin, stop() }.
 */
export const serveSite = (dir) => serveFolder(dir, { crossOriginIsolated: true });

export function removeSite(site) {
  rmSync(site, { recursive: true, force: true });
}

/**
 * A fresh context and page as the benchmarks measure them: 1280×800, the
 * service worker allowed (as for a reader), with a DevTools session (`cdp`);
 * page errors are collected in `problems`. `prepare(context)` runs before
 * the page opens (init scripts, listeners).
 */
export const openBenchPage = (browser, { prepare } = {}) =>
  openPage(browser, { viewport: { width: 1280, height: 800 }, serviceWorkers: 'allow', prepare, cdp: true });

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
