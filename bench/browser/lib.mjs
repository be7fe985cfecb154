// Helpers of the browser benchmarks: the article sets (generated, with their
// vocabulary), a site folder (dist/ with another article set) served
// cross-origin isolated, pages opened the benchmarks' way (the browser,
// server and page opener are tools/browser/'s, as in the end-to-end suite),
// the app's load followed as a reader meets it (first cards, searchable,
// long tasks), keystroke timing, the mobile profile, CDP heap figures and
// statistics.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage } from '../../tools/browser/chromium.mjs';
import { serveFolder } from '../../tools/browser/static-server.mjs';
import { makeRealisticSet, makeSet } from './gen-sets.mjs';

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
 * A fresh context and page as the benchmarks measure them: 1280×800 (or `viewport`), the
 * service worker allowed (as for a reader) unless `serviceWorkers: 'block'`, with a DevTools session (`cdp`);
 * page errors are collected in `problems`. `prepare(context)` runs before
 * the page opens (init scripts, listeners).
 */
export const openBenchPage = (browser, { prepare, serviceWorkers = 'allow', viewport = { width: 1280, height: 800 } } = {}) =>
  openPage(browser, { viewport, serviceWorkers, prepare, cdp: true });

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

// ---------------------------------------------------------------- keystrokes

/** The fixed query list (queries.json): what the keystroke timings type. */
export const QUERIES = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'queries.json'), 'utf8')).queries.map((x) => x.q);

/**
 * Installed before the app starts: a capture-phase `input` listener on
 * window (so it runs before the app's own) recording performance.now(), and
 * arm(expected), whose promise `done` resolves once section.results shows
 * data-query === expected: { dom: ms to that DOM update, paint: ms to the
 * next paint (one rAF + setTimeout 0) }.
 */
export function keystrokeInit(keyTimeoutMs) {
  const bench = { t0: null, done: null };
  window.__bench = bench;
  window.addEventListener('input', () => { bench.t0 = performance.now(); }, true);
  bench.arm = (expected) => {
    bench.t0 = null;
    bench.done = new Promise((resolve) => {
      let timer;
      const check = () => {
        const section = document.querySelector('section.results');
        if (bench.t0 === null || !section || section.getAttribute('data-query') !== expected) return;
        observer.disconnect();
        clearTimeout(timer);
        const t0 = bench.t0;
        const dom = performance.now() - t0;
        requestAnimationFrame(() => setTimeout(() => resolve({ dom, paint: performance.now() - t0 }), 0));
      };
      const observer = new MutationObserver(check);
      observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-query'] });
      timer = setTimeout(() => {
        observer.disconnect();
        const section = document.querySelector('section.results');
        resolve({ timeout: true, value: document.getElementById('search-input')?.value, dataQuery: section?.getAttribute('data-query'), inputSeen: bench.t0 !== null });
      }, keyTimeoutMs);
    });
  };
}

/** Waits for the next frame and a task after it (the page has painted). */
export const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

/**
 * Types each of `queries` into the search box key by key (the page has
 * keystrokeInit installed), timing each keystroke to the cards of that query
 * in the DOM and to the next paint. Returns { perQuery, paint, dom, errors }.
 */
export async function typeQueries(page, queries, { timeoutMs, log }) {
  const perQuery = [];
  const paint = [];
  const dom = [];
  const errors = [];
  for (const q of queries) {
    if (errors.length >= 3) { log('  3 keystrokes timed out: skipping the remaining queries'); break; }
    await clearSearch(page, timeoutMs);
    await page.waitForTimeout(50);
    const keys = [];
    let typed = '';
    for (const ch of q) {
      typed += ch;
      await page.evaluate((expected) => window.__bench.arm(expected), typed);
      await page.keyboard.type(ch);
      const r = await page.evaluate(() => window.__bench.done);
      if (r.timeout) {
        errors.push({ q, typed, ...r });
        log(`  keystroke timeout on ${JSON.stringify(typed)}:`, JSON.stringify(r));
        if (r.dataQuery === null || r.dataQuery === undefined) {
          throw new Error('section.results has no data-query attribute: rebuild (./dev build) once the app sets it');
        }
        break;
      }
      keys.push({ typed, dom: r.dom, paint: r.paint });
      paint.push(r.paint);
      dom.push(r.dom);
    }
    const count = await page.locator('.result-count').innerText().catch(() => null);
    const last = keys.at(-1);
    perQuery.push({ q, count, finalPaint: last?.paint ?? null, finalDom: last?.dom ?? null, keys });
  }
  return { perQuery, paint, dom, errors };
}

// ---------------------------------------------------------------- figures

/** Milliseconds, three significant places or so. */
export const fmt = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–'
  : Number(v).toFixed(Math.abs(v) < 1 ? 3 : Math.abs(v) < 10 ? 2 : 1));
/** Bytes as MB (2^20). */
export const mb = (b) => (b === null || b === undefined ? '–' : (b / 1048576).toFixed(1));
/** An integer with thousands separators. */
export const int = (v) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US'));
/** a ÷ b as `1.23×`; two significant digits below 0.1 (Fuse's ratios reach 0.0001×). */
export const ratio = (a, b) => {
  if (a === null || b === null || a === undefined || b === undefined || !b) return '–';
  const r = a / b;
  return `${r < 0.1 ? Number(r.toPrecision(2)).toString() : r.toFixed(2)}×`;
};
/** A count, or a median of counts. */
export const fmt0 = (v) => (v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(1));
/** The 1, 5 and 15 minute load averages, as `1.2 / 3.4 / 5.6`. */
export const loadavgText = (l) => l.map((x) => x.toFixed(2)).join(' / ');

// ---------------------------------------------------------------- the sets

/**
 * The words of an article set's text by the rule of the generator's report
 * (gen-sets.mjs vocabularyOf: title, lead and body lower-cased, runs of
 * letters and digits), with how many articles hold each word.
 * Returns { vocabulary: distinct words, tokens, documentFrequency: Map }.
 */
export function wordStatsOf(setText) {
  const df = new Map();
  let tokens = 0;
  for (const a of JSON.parse(setText).articles) {
    const seen = new Set();
    for (const part of [a.title, a.lead, ...(a.body ?? [])]) {
      for (const w of String(part ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
        if (!w) continue;
        tokens++;
        seen.add(w);
      }
    }
    for (const w of seen) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return { vocabulary: df.size, tokens, documentFrequency: df };
}

/**
 * A rare word of the set for the "searchable" probe: letters only, 8 to 14
 * long, in exactly one article (the reader searches for something they
 * remember); the first such word in alphabetical order, so runs agree.
 */
export function rareWordOf(documentFrequency) {
  let best = null;
  for (const [w, n] of documentFrequency) {
    if (n === 1 && /^[a-z]{8,14}$/.test(w) && (best === null || w < best)) best = w;
  }
  return best;
}

// ---------------------------------------------------------------- load figures

/**
 * Installed before the app starts (page.addInitScript): every main-thread
 * task over 50 ms from navigation on, as the browser's 'longtask' entries,
 * in window.__longTasks ({ start, duration } in ms since navigation).
 */
export function longTaskInit() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** In page: the long tasks that started before `until` (ms since navigation): { longest, over50, tasks }. */
export function longTasksBefore(until) {
  const tasks = (window.__longTasks ?? []).filter((t) => until === null || t.start < until);
  return { longest: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0, over50: tasks.length, tasks };
}

/**
 * In page: resolves with performance.now() once the list shows `word`'s
 * results with the count line `expected` (the text the indexed app shows for
 * it), or with null after `timeoutMs`.
 */
export function whenCountShows({ word, expected, timeoutMs }) {
  const shown = () => document.querySelector('section.results')?.getAttribute('data-query') === word
    && document.querySelector('.result-count')?.textContent === expected;
  return new Promise((resolve) => {
    if (shown()) { resolve(performance.now()); return; }
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(performance.now());
    });
    observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
    const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, timeoutMs);
  });
}

/** In page: the app's own memory breakdown (wasmBindings.memoryReport), when the build has one. */
export function memoryReportInPage() {
  const report = window.wasmBindings?.memoryReport;
  if (typeof report !== 'function') return null;
  const r = report();
  return typeof r === 'string' ? (() => { try { return JSON.parse(r); } catch { return r; } })() : r;
}

/** The app's memory breakdown as one line: numbers are bytes (shown in MB). */
export function memoryReportText(report) {
  if (report === null || report === undefined) return null;
  if (typeof report !== 'object') return String(report);
  return Object.entries(report)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? `${mb(v)} MB` : JSON.stringify(v)}`).join(', ');
}

// ---------------------------------------------------------------- mobile profile

/**
 * The mobile profile: CPU throttled 4× and DevTools' "Slow 4G" preset
 * (Chrome's NetworkManager Slow4GConditions, the former "Fast 3G": 1.6 Mbit/s
 * × 0.9 down, 750 kbit/s × 0.9 up, 150 ms × 3.75 latency).
 */
export const MOBILE = {
  viewport: { width: 412, height: 915 },
  cpuThrottling: 4,
  network: { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 },
  describe: 'viewport 412×915, CPU throttled 4× (Emulation.setCPUThrottlingRate), DevTools "Slow 4G" (Network.emulateNetworkConditions: '
    + 'latency 562.5 ms, download 180,000 B/s = 1.44 Mbit/s, upload 84,375 B/s = 675 kbit/s)',
};

/** Applies the mobile profile to a page's DevTools session, before it navigates. */
export async function applyMobileProfile(cdp) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpuThrottling });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', MOBILE.network);
}

// ---------------------------------------------------------------- the app's load

/** In page: the broadsheet:* marks and the set's and wasm's resource timings (ms since navigation). */
export function readMarks() {
  const mark = (s) => performance.getEntriesByName(`broadsheet:${s}`)[0]?.startTime ?? null;
  const res = performance.getEntriesByType('resource');
  const json = res.find((e) => e.name.endsWith('/static/articles.json'));
  const wasm = res.find((e) => e.name.endsWith('.wasm'));
  return {
    fetched: mark('fetched'), parsed: mark('parsed'), indexed: mark('indexed'), cards: mark('cards'),
    jsonRequestStart: json?.startTime ?? null, jsonResponseStart: json?.responseStart ?? null,
    jsonResponseEnd: json?.responseEnd ?? null, wasmResponseEnd: wasm?.responseEnd ?? null,
  };
}

const hasMark = (name) => performance.getEntriesByName(`broadsheet:${name}`).length > 0;

/** Waits for the `broadsheet:${name}` mark, failing early if the app shows an alert instead of results. */
async function waitForMark(page, name, timeoutMs) {
  await page.waitForFunction(
    (n) => performance.getEntriesByName(`broadsheet:${n}`).length > 0
      || (document.querySelector('[role=alert]') && !document.querySelector('section.results')),
    name, { timeout: timeoutMs, polling: 50 });
  if (!(await page.evaluate(hasMark, name))) {
    const alert = await page.evaluate(() => document.querySelector('[role=alert]')?.textContent ?? null);
    throw new Error(`the app failed to load the set: ${alert}`);
  }
}

/** Clears the search box and waits for the whole list again. */
export async function clearSearch(page, timeoutMs) {
  await page.locator('#search-input').fill('');
  await page.waitForFunction(() => document.querySelector('section.results')?.getAttribute('data-query') === '', null, { timeout: timeoutMs });
  await settle(page);
}

/**
 * The warm-up load: opens the app at `url` and, once it is indexed, learns
 * the count line it shows for `word`: the probe ({ word, expected }) that
 * followLoad waits for in the measured loads. Leaves the box empty.
 */
export async function probeFor(page, url, word, timeoutMs) {
  await page.goto(url);
  await waitForMark(page, 'indexed', timeoutMs);
  await page.locator('#search-input').fill(word);
  await page.waitForFunction(
    (w) => document.querySelector('section.results')?.getAttribute('data-query') === w
      && !/^(Indexing|Searching)/.test(document.querySelector('.result-count')?.textContent ?? 'Indexing'),
    word, { timeout: timeoutMs, polling: 50 });
  const expected = await page.locator('.result-count').textContent();
  await clearSearch(page, timeoutMs);
  return { word, expected };
}

/**
 * The baseline of issue 14, in a blank page of the same origin: fetch the
 * set (no-store) and JSON.parse it, `runs` times after `warmUps`; the best
 * run (by the sum) with every run's figures.
 */
export async function fetchAndParseInPage({ url, runs, warmUps }) {
  for (let i = 0; i < warmUps; i++) await (await fetch(url, { cache: 'no-store' })).text();
  const all = [];
  let articles = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const text = await (await fetch(url, { cache: 'no-store' })).text();
    const t1 = performance.now();
    const set = JSON.parse(text);
    const t2 = performance.now();
    all.push({ fetch: t1 - t0, parse: t2 - t1, total: t2 - t0 });
    articles = set.articles.length;
  }
  const best = all.reduce((x, y) => (y.total < x.total ? y : x));
  return { runs: all, ...best, articles, crossOriginIsolated: self.crossOriginIsolated };
}

/**
 * Opens the app at `url` in `page` (long tasks recorded from navigation on)
 * and follows its load as a reader does: first cards; then, with `probe`
 * ({ word, expected }), types the rare word and waits until the right count
 * shows ("searchable"); then the broadsheet:indexed mark. Returns { marks,
 * searchable (ms since navigation, or null), longTasks (up to searchable
 * or indexed, whichever is later) }. Leaves the search box empty.
 */
export async function followLoad(page, url, { probe, timeoutMs }) {
  await page.addInitScript(longTaskInit);
  await page.goto(url);
  await waitForMark(page, 'cards', timeoutMs);
  let searchable = null;
  if (probe) {
    await page.locator('#search-input').fill(probe.word);
    searchable = await page.evaluate(whenCountShows, { ...probe, timeoutMs });
    if (searchable === null) throw new Error(`the count for "${probe.word}" never became "${probe.expected}"`);
  }
  await waitForMark(page, 'indexed', timeoutMs);
  const marks = await page.evaluate(readMarks);
  const longTasks = await page.evaluate(longTasksBefore, Math.max(marks.indexed, searchable ?? 0));
  if (probe) await clearSearch(page, timeoutMs);
  return { marks, searchable, longTasks };
}

/** Kinds of generated set: `realistic` (the generator's real-text mode) or `copies` (of the bundled set). */
export const SET_KIND = process.env.SET_KIND || 'realistic';

/**
 * The article-set text of `n` articles: SET_DIR/<SET_KIND>-<n>.json when
 * bench/browser.sh generated it already, else generated here.
 * Returns { text, kind, source }.
 */
export function articleSet(n) {
  const file = process.env.SET_DIR ? join(process.env.SET_DIR, `${SET_KIND}-${n}.json`) : null;
  if (file && existsSync(file)) return { text: readFileSync(file, 'utf8'), kind: SET_KIND, source: file };
  if (SET_KIND === 'realistic') {
    return { text: makeRealisticSet(n).text, kind: SET_KIND, source: 'gen-sets.mjs makeRealisticSet' };
  }
  if (SET_KIND !== 'copies') throw new Error(`SET_KIND is ${SET_KIND}: realistic or copies`);
  return { text: makeSet(n), kind: SET_KIND, source: 'gen-sets.mjs makeSet' };
}

/**
 * Everything the tables say about a set: article count, bytes, vocabulary
 * (distinct words), tokens, and the rare word of the searchable probe.
 */
export function describeSet(n, { text, kind, source }) {
  const { vocabulary, tokens, documentFrequency } = wordStatsOf(text);
  return { n, bytes: Buffer.byteLength(text), vocabulary, tokens, kind, source, rareWord: rareWordOf(documentFrequency) };
}

/**
 * Serves a copy of `dist` with the set of `n` articles (articleSet) as its
 * static/articles.json. Returns { set: describeSet's figures, origin, stop() }.
 */
export async function serveArticleSet(dist, n) {
  const made = articleSet(n);
  const set = describeSet(n, made);
  const site = makeSite(dist, made.text);
  made.text = null;
  const server = await serveSite(site);
  return { set, origin: server.origin, async stop() { await server.stop(); removeSite(site); } };
}

/** The line every table starts with. */
export const setLine = (s) => `${int(s.n)} articles (${s.kind === 'realistic' ? 'realistic text' : 'copies of the bundled set'}), `
  + `articles.json ${int(s.bytes)} bytes (${mb(s.bytes)} MB), vocabulary ${int(s.vocabulary)} distinct words, ${int(s.tokens)} words`;
