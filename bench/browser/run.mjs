// Browser search benchmark (issue 3): Broadsheet's release build against
// MiniSearch, FlexSearch and Fuse.js, in one headless Chromium run, on
// generated article sets of each size in SIZES.
//
// Per size: generate the set, serve a copy of dist/ with it as
// static/articles.json (python's http.server on 127.0.0.1,
// tools/browser/serve.py), then
//   1. baseline: fetch + JSON.parse of the file in a page (best of 3, warm cache);
//   2. Broadsheet: the broadsheet:* performance marks (median of LOADS loads
//      after one warm-up load), JS heap (after GC) + wasm memory after load;
//   3. Broadsheet: every query of queries.json typed key by key, each
//      keystroke timed from the input event to the cards of that query in
//      the DOM (section.results[data-query]) and to the next paint (+1 rAF +
//      setTimeout 0); then, in the same page, the search call alone
//      (wasmBindings.benchSearch: query parse + index lookup, no rendering)
//      timed like the peers' for the final query strings and every keystroke
//      prefix in "newest" order, and the final strings in "relevance" order
//      (each list once as a warm-up, then once timed);
//   4. each peer in a fresh page: fetch + parse, build (timed), heap after
//      GC (and delta), the final query strings and every keystroke prefix.
// Prints Markdown tables and writes results/<timestamp>.json.
//
// Environment: SIZES ("2000 10000 50000"), LOADS (3), PEERS
// ("minisearch,flexsearch,fuse"), PEER_BUDGET_S (120: query time per peer
// and size, after which the rest is skipped and the table says so), DIST.
//
// Run with `./dev bench search` (builds the release site first unless
// --no-build).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSet, ROOT } from './gen-sets.mjs';
import {
  SUBPATH, makeSite, removeSite, serveSite, openBenchPage, heapAfterGc,
  summary, median, parseQuery,
} from './lib.mjs';
import { CHROMIUM, launchChromium } from '../../tools/browser/chromium.mjs';
import { PEERS, versionOf, buildInPage, queryInPage } from './peers.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SIZES = (process.env.SIZES || '2000 10000 50000').split(/[\s,]+/).filter(Boolean).map(Number);
const LOADS = Number(process.env.LOADS || 3);
const PEER_KEYS = (process.env.PEERS || 'minisearch,flexsearch,fuse').split(/[\s,]+/).filter(Boolean);
const PEER_BUDGET_MS = Number(process.env.PEER_BUDGET_S || 120) * 1000;
const SOURCE_DIST = resolve(process.env.DIST || join(ROOT, 'dist'));
/** A snapshot of dist/ taken at start, so a rebuild during the run changes nothing. */
let DIST = SOURCE_DIST;
const LOAD_TIMEOUT_MS = 15 * 60_000;
const KEY_TIMEOUT_MS = 60_000;

const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---------------------------------------------------------------- queries

const QUERIES = JSON.parse(readFileSync(join(HERE, 'queries.json'), 'utf8')).queries.map((x) => x.q);
const withParse = (q) => ({ q, ...parseQuery(q) });
const FINALS = QUERIES.map(withParse);
/** Every prefix of every query, as typed key by key (the last one is the query). */
const STROKES = QUERIES.flatMap((q) => [...q].map((_, i) => withParse([...q].slice(0, i + 1).join(''))));

// ---------------------------------------------------------------- app shell

function shellSizes() {
  const files = readdirSync(DIST).filter((f) => /\.(wasm|js|css)$/.test(f) || f === 'index.html').sort();
  const rows = files.map((f) => {
    const path = join(DIST, f);
    const raw = readFileSync(path).length;
    const gz = execFileSync('gzip', ['-9c', path], { maxBuffer: 1 << 30 }).length;
    return { file: f, raw, gzip9: gz };
  });
  return { files: rows, raw: rows.reduce((s, r) => s + r.raw, 0), gzip9: rows.reduce((s, r) => s + r.gzip9, 0) };
}

// ---------------------------------------------------------------- in-page code

/**
 * Installed before the app starts: a capture-phase `input` listener on
 * window (so it runs before the app's own) recording performance.now(), and
 * arm(expected), whose promise `done` resolves once section.results shows
 * data-query === expected: { dom: ms to that DOM update, paint: ms to the
 * next paint (one rAF + setTimeout 0) }.
 */
function benchInit(keyTimeoutMs) {
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

function readMarks() {
  const mark = (s) => performance.getEntriesByName(`broadsheet:${s}`)[0]?.startTime ?? null;
  const res = performance.getEntriesByType('resource');
  const json = res.find((e) => e.name.endsWith('/static/articles.json'));
  const wasm = res.find((e) => e.name.endsWith('.wasm'));
  return {
    fetched: mark('fetched'), parsed: mark('parsed'), indexed: mark('indexed'), cards: mark('cards'),
    jsonRequestStart: json?.startTime ?? null, jsonResponseEnd: json?.responseEnd ?? null,
    wasmResponseEnd: wasm?.responseEnd ?? null,
  };
}

/**
 * In page, once the index is ready: times `wasmBindings.benchSearch(q,
 * order)` (the search call alone: query parse + index lookup, no rendering)
 * with performance.now(), like the peers' search calls. Each run is one
 * warm-up pass over its list (its times kept as `warmup`) and then one timed
 * pass; returns per run the times (ms) and hit counts.
 */
function benchSearchInPage({ finals, strokes }) {
  const bindings = window.wasmBindings;
  if (typeof bindings?.benchSearch !== 'function') {
    return { error: 'the build has no wasmBindings.benchSearch: rebuild (./dev build) once the app exports it' };
  }
  if (bindings.benchSearch('the', 'newest') < 0) return { error: 'wasmBindings.benchSearch returned -1: the index is not ready' };
  const pass = (list, order) => {
    const times = [];
    const counts = [];
    for (const q of list) {
      const t0 = performance.now();
      const count = bindings.benchSearch(q, order);
      times.push(performance.now() - t0);
      counts.push(count);
    }
    return { times, counts };
  };
  const run = (list, order) => {
    const warmup = pass(list, order);
    return { ...pass(list, order), warmup: warmup.times };
  };
  return {
    finals: run(finals, 'newest'),
    strokes: run(strokes, 'newest'),
    relevance: run(finals, 'relevance'),
  };
}

/** Baseline: fetch + text, then JSON.parse, of the set; 1 warm-up, best of 3. */
async function baselineInPage(url) {
  await (await fetch(url)).text();
  const fetchMs = [];
  const parseMs = [];
  let articles = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const text = await (await fetch(url)).text();
    const t1 = performance.now();
    const set = JSON.parse(text);
    const t2 = performance.now();
    fetchMs.push(t1 - t0);
    parseMs.push(t2 - t1);
    articles = set.articles.length;
  }
  return { fetchMs, parseMs, fetch: Math.min(...fetchMs), parse: Math.min(...parseMs), articles, crossOriginIsolated: self.crossOriginIsolated };
}

// ---------------------------------------------------------------- measurements

async function measureBaseline(browser, origin) {
  const { context, page } = await openBenchPage(browser);
  try {
    await page.goto(`${origin}/blank.html`);
    return await page.evaluate(baselineInPage, `${SUBPATH.slice(1)}static/articles.json`);
  } finally {
    await context.close();
  }
}

async function loadApp(browser, url) {
  const opened = await openBenchPage(browser);
  try {
    return await waitForApp(opened, url);
  } catch (e) {
    await opened.context.close().catch(() => {});
    throw e;
  }
}

async function waitForApp(opened, url) {
  const { page, problems } = opened;
  await page.addInitScript(benchInit, KEY_TIMEOUT_MS);
  await page.goto(url);
  await page.waitForFunction(
    () => performance.getEntriesByName('broadsheet:cards').length > 0
      || document.querySelector('[role=alert]') || document.querySelector('ol.cards article'),
    null, { timeout: LOAD_TIMEOUT_MS, polling: 100 });
  const alert = await page.evaluate(() => document.querySelector('[role=alert]')?.textContent ?? null);
  if (alert && !(await page.$('section.results'))) throw new Error(`the app failed to load the set: ${alert}`);
  const hasMark = () => page.evaluate(() => performance.getEntriesByName('broadsheet:cards').length > 0);
  for (let i = 0; i < 50 && !(await hasMark()); i++) await page.waitForTimeout(100);
  if (!(await hasMark())) {
    throw new Error('the build shows cards but has no broadsheet:cards performance mark: '
      + 'rebuild (./dev build) once the app exposes the marks');
  }
  // The index may be finished after the first cards: wait for every mark.
  await page.waitForFunction(
    () => ['fetched', 'parsed', 'indexed'].every((s) => performance.getEntriesByName(`broadsheet:${s}`).length > 0),
    null, { timeout: LOAD_TIMEOUT_MS, polling: 100 });
  if (problems.length) log('page problems:', problems.join('; '));
  return opened;
}

const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

async function measureBroadsheet(browser, origin, n) {
  const url = `${origin}${SUBPATH}`;
  const loads = [];
  let opened;
  for (let i = 0; i <= LOADS; i++) {
    opened = await loadApp(browser, url);
    const marks = await opened.page.evaluate(readMarks);
    log(`  Broadsheet load ${i === 0 ? 'warm-up' : i}: fetched ${fmt(marks.fetched)} parsed ${fmt(marks.parsed)} first cards ${fmt(marks.cards)} indexed ${fmt(marks.indexed)} ms`);
    if (i > 0) loads.push(marks);
    if (i < LOADS) await opened.context.close();
  }
  const { context } = opened;
  try {
    return await measureLoadedApp(opened, loads);
  } finally {
    await context.close().catch(() => {});
  }
}

async function measureLoadedApp({ page, cdp, problems }, loads) {
  const med = (k) => median(loads.map((m) => m[k]).filter((v) => v !== null));
  const marks = {
    fetched: med('fetched'), parsed: med('parsed'), indexed: med('indexed'), cards: med('cards'),
    parsedToIndexed: median(loads.map((m) => m.indexed - m.parsed)),
    parsedToCards: median(loads.map((m) => m.cards - m.parsed)),
    fetchedToParsed: median(loads.map((m) => m.parsed - m.fetched)),
    jsonResponseEnd: med('jsonResponseEnd'), wasmResponseEnd: med('wasmResponseEnd'),
    loads,
  };
  await page.waitForTimeout(300);
  const heap = await heapAfterGc(cdp);
  const wasmBytes = await page.evaluate(() => window.wasmBindings?.wasmMemoryBytes?.() ?? null);
  const countText = await page.locator('.result-count').innerText().catch(() => null);
  log(`  Broadsheet memory: JS heap ${mb(heap.used)} MB + wasm ${mb(wasmBytes)} MB; ${countText}`);

  // Keystrokes.
  const input = page.locator('#search-input');
  const perQuery = [];
  const paint = [];
  const dom = [];
  const errors = [];
  for (const q of QUERIES) {
    if (errors.length >= 3) { log('  3 keystrokes timed out: skipping the remaining queries'); break; }
    await input.fill('');
    await page.waitForFunction(() => document.querySelector('section.results')?.getAttribute('data-query') === '', null, { timeout: KEY_TIMEOUT_MS });
    await settle(page);
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
  const finals = perQuery.filter((x) => x.finalPaint !== null && x.keys.length === [...x.q].length);

  // The search call alone, in the same page, after the keystrokes.
  await input.fill('');
  await settle(page);
  await page.waitForTimeout(300);
  const call = await page.evaluate(benchSearchInPage, { finals: QUERIES, strokes: STROKES.map((s) => s.q) });
  let searchCall;
  if (call.error) {
    log(`  Broadsheet search call: ${call.error}`);
    searchCall = { error: call.error };
  } else {
    const part = (r, list) => ({ ...summary(r.times), warmup: summary(r.warmup), times: r.times, counts: r.counts, queries: list });
    searchCall = {
      finals: part(call.finals, QUERIES),
      keystrokes: { ...part(call.strokes, STROKES.map((s) => s.q)) },
      relevance: part(call.relevance, QUERIES),
    };
    log(`  Broadsheet search call (newest): finals median ${fmt(searchCall.finals.median)} p95 ${fmt(searchCall.finals.p95)}; `
      + `keystrokes median ${fmt(searchCall.keystrokes.median)} p95 ${fmt(searchCall.keystrokes.p95)}; `
      + `relevance finals median ${fmt(searchCall.relevance.median)} p95 ${fmt(searchCall.relevance.p95)} ms`);
  }
  const appCounts = perQuery.map((x) => ({ q: x.q, n: Number((x.count ?? '').match(/\d+/)?.[0] ?? NaN) }));
  const mismatches = searchCall.finals ? appCounts.filter((x, i) => x.q === QUERIES[i] && x.n !== searchCall.finals.counts[i]) : [];
  if (mismatches.length) log(`  Broadsheet: benchSearch's hit count differs from the app's result count for ${mismatches.map((x) => JSON.stringify(x.q)).join(', ')}`);
  const result = {
    marks,
    memory: { jsHeapUsed: heap.used, jsHeapTotal: heap.total, wasm: wasmBytes, total: heap.used + (wasmBytes ?? 0) },
    keystrokes: { paint: summary(paint), dom: summary(dom) },
    finals: { paint: summary(finals.map((x) => x.finalPaint)), dom: summary(finals.map((x) => x.finalDom)) },
    searchCall,
    perQuery,
    errors,
    problems,
  };
  return result;
}

async function measurePeer(browser, origin, peer, n) {
  const { context, page, cdp, problems } = await openBenchPage(browser);
  try {
    await page.goto(`${origin}/blank.html`);
    for (const s of peer.scripts()) await page.addScriptTag(s);
    const load = await page.evaluate(async (url) => {
      const t0 = performance.now();
      const text = await (await fetch(url)).text();
      const t1 = performance.now();
      window.__articles = JSON.parse(text).articles;
      return { fetch: t1 - t0, parse: performance.now() - t1, n: window.__articles.length };
    }, `${SUBPATH.slice(1)}static/articles.json`);
    if (load.n !== n) throw new Error(`expected ${n} articles, page has ${load.n}`);
    const before = await heapAfterGc(cdp);
    const buildMs = await page.evaluate(buildInPage, peer.key);
    const after = await heapAfterGc(cdp);
    log(`  ${peer.name}: build ${fmt(buildMs)} ms, heap ${mb(after.used)} MB (Δ ${mb(after.used - before.used)} MB)`);
    const runs = {};
    const variants = peer.key === 'flexsearch' ? [['all', n], ['limit100', 100]] : [['all', null]];
    for (const [variant, limit] of variants) {
      const finals = await page.evaluate(queryInPage, { engine: peer.key, list: FINALS, limit, budgetMs: PEER_BUDGET_MS, startedAt: null });
      const strokes = await page.evaluate(queryInPage, { engine: peer.key, list: STROKES, limit, budgetMs: PEER_BUDGET_MS, startedAt: finals.startedAt });
      runs[variant] = {
        limit,
        finals: { ...summary(finals.times), done: finals.done, of: finals.of, times: finals.times, counts: finals.counts },
        keystrokes: { ...summary(strokes.times), done: strokes.done, of: strokes.of, counts: strokes.counts },
        queryTimeMs: finals.elapsedMs + strokes.elapsedMs,
        capped: finals.done < finals.of || strokes.done < strokes.of,
      };
      log(`  ${peer.name} (${variant}): finals ${finals.done}/${finals.of} median ${fmt(runs[variant].finals.median)} p95 ${fmt(runs[variant].finals.p95)}; keystrokes ${strokes.done}/${strokes.of} median ${fmt(runs[variant].keystrokes.median)} p95 ${fmt(runs[variant].keystrokes.p95)}`);
    }
    return {
      name: peer.name, version: versionOf(peer.pkg), config: peer.config,
      fetchMs: load.fetch, parseMs: load.parse, buildMs,
      heap: { before: before.used, after: after.used, delta: after.used - before.used },
      runs, problems,
    };
  } catch (e) {
    log(`  ${peer.name} failed: ${e.message}`);
    return { name: peer.name, version: versionOf(peer.pkg), config: peer.config, error: String(e.message).split('\n')[0], problems };
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * Per final query: Broadsheet's hit counts (search call, newest and
 * relevance order; the app's result-count text after typing it) next to
 * each peer's result count (null where a peer did not run that query).
 */
function hitCounts(size) {
  const b = size.broadsheet;
  const call = b && !b.error && b.searchCall && !b.searchCall.error ? b.searchCall : null;
  return QUERIES.map((q, i) => {
    const row = {
      q,
      broadsheet: call ? call.finals.counts[i] : null,
      broadsheetRelevance: call ? call.relevance.counts[i] : null,
      broadsheetApp: b?.perQuery?.find((x) => x.q === q)?.count ?? null,
    };
    for (const p of size.peers) {
      if (p.error) continue;
      for (const [variant, run] of Object.entries(p.runs)) {
        const label = p.runs.limit100 ? `${p.name} (${variant === 'all' ? 'all results' : 'limit 100'})` : p.name;
        row[label] = run.finals.counts[i] ?? null;
      }
    }
    return row;
  });
}

// ---------------------------------------------------------------- output

const fmt = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–'
  : Number(v).toFixed(Math.abs(v) < 1 ? 3 : Math.abs(v) < 10 ? 2 : 1));
const mb = (b) => (b === null || b === undefined ? '–' : (b / 1048576).toFixed(1));
const int = (v) => Number(v).toLocaleString('en-US');
/** a ÷ b as `1.23×`; two significant digits below 0.1 (Fuse's ratios reach 0.0001×). */
const ratio = (a, b) => {
  if (a === null || b === null || a === undefined || b === undefined || !b) return '–';
  const r = a / b;
  return `${r < 0.1 ? Number(r.toPrecision(2)).toString() : r.toFixed(2)}×`;
};

/** Peer rows: FlexSearch yields two (all results; limit 100). */
function peerRows(size) {
  const rows = [];
  for (const p of size.peers) {
    if (p.error) { rows.push({ label: `${p.name} ${p.version}`, p, run: null }); continue; }
    for (const [variant, run] of Object.entries(p.runs)) {
      const label = `${p.name} ${p.version}${p.runs.limit100 ? (variant === 'all' ? ' (all results)' : ' (limit 100)') : ''}`;
      rows.push({ label, p, run, variant });
    }
  }
  return rows;
}

function sizeTables(size) {
  const b = size.broadsheet;
  const call = !b.error && b.searchCall && !b.searchCall.error ? b.searchCall : null;
  const out = [];
  out.push(`### ${int(size.n)} articles (articles.json ${int(size.bytes)} bytes)`);
  out.push('');
  out.push(`Baseline in a page (best of 3, warm cache): fetch + text ${fmt(size.baseline.fetch)} ms, JSON.parse ${fmt(size.baseline.parse)} ms.`);
  if (b.error) {
    out.push('', `Broadsheet: **failed**: ${b.error}`);
  } else {
    const m = b.marks;
    out.push(`Broadsheet load (ms since navigation start, median of ${m.loads.length} loads after a warm-up): `
      + `fetched ${fmt(m.fetched)}, parsed ${fmt(m.parsed)}, first cards ${fmt(m.cards)}, indexed ${fmt(m.indexed)}; `
      + `fetched→parsed ${fmt(m.fetchedToParsed)}, parsed→first cards ${fmt(m.parsedToCards)}, parsed→indexed (build) ${fmt(m.parsedToIndexed)}.`);
    out.push(`Broadsheet keystroke → cards in the DOM: median ${fmt(b.keystrokes.dom.median)} ms, p95 ${fmt(b.keystrokes.dom.p95)} ms `
      + `(→ next paint: median ${fmt(b.keystrokes.paint.median)}, p95 ${fmt(b.keystrokes.paint.p95)}; ${b.keystrokes.paint.n} keystrokes${b.errors.length ? `, ${b.errors.length} timed out` : ''}).`);
    if (call) {
      out.push(`Broadsheet search call only (wasmBindings.benchSearch, "newest"): queries median ${fmt(call.finals.median)} ms, p95 ${fmt(call.finals.p95)} ms; `
        + `keystrokes median ${fmt(call.keystrokes.median)} ms, p95 ${fmt(call.keystrokes.p95)} ms. `
        + `Relevance order (BM25F), queries: median ${fmt(call.relevance.median)} ms, p95 ${fmt(call.relevance.p95)} ms.`);
    } else {
      out.push(`Broadsheet search call only: not measured (${b.searchCall?.error ?? 'no result'}).`);
    }
  }
  out.push('');
  out.push('| engine | index build (ms) | query median (ms) | query p95 (ms) | keystroke median (ms) | keystroke p95 (ms) | memory after load / build (MB) | notes |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---|');
  if (!b.error) {
    out.push(`| Broadsheet, to cards in the DOM | ${fmt(b.marks.parsedToIndexed)} (parsed→indexed) | ${fmt(b.finals.dom.median)} | ${fmt(b.finals.dom.p95)} | ${fmt(b.keystrokes.dom.median)} | ${fmt(b.keystrokes.dom.p95)} | ${mb(b.memory.total)} (JS ${mb(b.memory.jsHeapUsed)} + wasm ${mb(b.memory.wasm)}) | input event → section.results shows the query (search + render), in the app |`);
    out.push(`| Broadsheet, to next paint | (same) | ${fmt(b.finals.paint.median)} | ${fmt(b.finals.paint.p95)} | ${fmt(b.keystrokes.paint.median)} | ${fmt(b.keystrokes.paint.p95)} | (same) | the same + one rAF + setTimeout 0 (includes waiting for the frame) |`);
    if (call) {
      out.push(`| Broadsheet, search call only | (same) | ${fmt(call.finals.median)} | ${fmt(call.finals.p95)} | ${fmt(call.keystrokes.median)} | ${fmt(call.keystrokes.p95)} | (same) | benchSearch(q, "newest"): query parse + index lookup, no rendering; like the peers' rows |`);
      out.push(`| Broadsheet, search call only, relevance order | (same) | ${fmt(call.relevance.median)} | ${fmt(call.relevance.p95)} | – | – | (same) | benchSearch(q, "relevance"): BM25F-ranked; final query strings only |`);
    }
  }
  for (const { label, p, run, variant } of peerRows(size)) {
    if (!run) { out.push(`| ${label} | – | – | – | – | – | – | failed: ${p.error} |`); continue; }
    const notes = [];
    if (run.finals.done < run.finals.of) notes.push(`only ${run.finals.done}/${run.finals.of} queries within the ${PEER_BUDGET_MS / 1000} s budget`);
    if (run.keystrokes.done < run.keystrokes.of) notes.push(`keystrokes: ${run.keystrokes.done}/${run.keystrokes.of} within the budget`);
    if (variant === 'limit100') notes.push('same index, at most 100 results');
    out.push(`| ${label} | ${variant === 'limit100' ? '(same)' : fmt(p.buildMs)} | ${fmt(run.finals.median)} | ${fmt(run.finals.p95)} | ${run.keystrokes.done ? fmt(run.keystrokes.median) : '–'} | ${run.keystrokes.done ? fmt(run.keystrokes.p95) : '–'} | ${mb(p.heap.after)} (Δ ${mb(p.heap.delta)}) | search call only${notes.length ? '; ' + notes.join('; ') : ''} |`);
  }
  if (!b.error) {
    out.push('');
    out.push(`Broadsheet ÷ peer (${int(size.n)} articles; below 1× means Broadsheet is faster or smaller). Query and keystroke ratios use Broadsheet's time to cards in the DOM (search + render, against the peers' search call alone); the last two columns use its time to the next paint:`);
    out.push('');
    out.push('| peer | build | query median | query p95 | keystroke median | keystroke p95 | memory | query median, to paint | query p95, to paint |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const { label, p, run, variant } of peerRows(size)) {
      if (!run) continue;
      const same = variant === 'limit100';
      out.push(`| ${label} | ${same ? '(same)' : ratio(b.marks.parsedToIndexed, p.buildMs)} | ${ratio(b.finals.dom.median, run.finals.median)} | ${ratio(b.finals.dom.p95, run.finals.p95)} | ${ratio(b.keystrokes.dom.median, run.keystrokes.median)} | ${ratio(b.keystrokes.dom.p95, run.keystrokes.p95)} | ${same ? '(same)' : ratio(b.memory.total, p.heap.after)} | ${ratio(b.finals.paint.median, run.finals.median)} | ${ratio(b.finals.paint.p95, run.finals.p95)} |`);
    }
    if (call) {
      out.push('');
      out.push(`Broadsheet search call ÷ peer (${int(size.n)} articles; both the search call alone; Broadsheet in "newest" order):`);
      out.push('');
      out.push('| peer | query median | query p95 | keystroke median | keystroke p95 |');
      out.push('|---|---:|---:|---:|---:|');
      for (const { label, run } of peerRows(size)) {
        if (!run) continue;
        const k = run.keystrokes.done ? run.keystrokes : { median: null, p95: null };
        out.push(`| ${label} | ${ratio(call.finals.median, run.finals.median)} | ${ratio(call.finals.p95, run.finals.p95)} | ${ratio(call.keystrokes.median, k.median)} | ${ratio(call.keystrokes.p95, k.p95)} |`);
      }
    }
  }
  return out.join('\n');
}

function floors(size) {
  const b = size.broadsheet;
  if (b.error) return `Floors: not evaluated (${b.error}).`;
  const call = b.searchCall && !b.searchCall.error ? b.searchCall : null;
  const flex = size.peers.find((p) => p.name === 'FlexSearch' && !p.error);
  const mini = size.peers.find((p) => p.name === 'MiniSearch' && !p.error);
  const lines = [];
  const yes = (ok) => (ok === null ? 'n/a' : ok ? '**met**' : '**not met**');
  const cmp = (a, c) => (a === null || a === undefined || c === null || c === undefined ? null : a <= c);
  lines.push(`Issue 3 floors at ${int(size.n)} articles:`);
  lines.push('');
  if (flex) {
    const all = flex.runs.all;
    const lim = flex.runs.limit100;
    const both = (what, bx, f1, f2) => `${what}: Broadsheet ${fmt(bx)} ms vs FlexSearch ${fmt(f1)} ms (all results) — ${yes(cmp(bx, f1))}, ${fmt(f2)} ms (limit 100) — ${yes(cmp(bx, f2))}`;
    lines.push('- Query median ≤ FlexSearch\'s median and p95 ≤ FlexSearch\'s p95, typo tolerance on: judged on the search call alone '
      + '(Broadsheet\'s benchSearch, "newest" order, against FlexSearch\'s search call; the 38 final query strings):');
    if (call) {
      lines.push(`  - ${both('median', call.finals.median, all.finals.median, lim.finals.median)}`);
      lines.push(`  - ${both('p95', call.finals.p95, all.finals.p95, lim.finals.p95)}`);
      lines.push(`  - (also) ${both('every keystroke, median', call.keystrokes.median, all.keystrokes.median, lim.keystrokes.median)}`);
      lines.push(`  - (also) ${both('every keystroke, p95', call.keystrokes.p95, all.keystrokes.p95, lim.keystrokes.p95)}`);
      lines.push(`  - (also) ${both('relevance order, median', call.relevance.median, all.finals.median, lim.finals.median)}`);
      lines.push(`  - (also) ${both('relevance order, p95', call.relevance.p95, all.finals.p95, lim.finals.p95)}`);
    } else {
      lines.push(`  - n/a: the search call was not measured (${b.searchCall?.error ?? 'no result'})`);
    }
    lines.push(`  - (for reference, whole keystroke in the app) ${both('median, to cards in the DOM', b.finals.dom.median, all.finals.median, lim.finals.median)}`);
    lines.push(`  - (for reference, whole keystroke in the app) ${both('p95, to cards in the DOM', b.finals.dom.p95, all.finals.p95, lim.finals.p95)}`);
    lines.push(`- Memory after load ≤ FlexSearch's heap: ${mb(b.memory.total)} MB (JS heap + wasm) vs ${mb(flex.heap.after)} MB — ${yes(cmp(b.memory.total, flex.heap.after))}.`);
  } else {
    lines.push('- FlexSearch comparisons: n/a (FlexSearch did not run or failed).');
  }
  if (mini) {
    lines.push(`- Index build ≤ 10% of MiniSearch's: ${fmt(b.marks.parsedToIndexed)} vs ${fmt(mini.buildMs)} ms (${(100 * b.marks.parsedToIndexed / mini.buildMs).toFixed(1)}%) — ${yes(b.marks.parsedToIndexed <= 0.1 * mini.buildMs)}.`);
  }
  lines.push(`- Aim: index build ≤ 2× JSON.parse: ${fmt(b.marks.parsedToIndexed)} vs 2 × ${fmt(size.baseline.parse)} ms (${(b.marks.parsedToIndexed / size.baseline.parse).toFixed(2)}×) — ${yes(b.marks.parsedToIndexed <= 2 * size.baseline.parse)}.`);
  lines.push(`- Keystroke → updated cards p95 < 16 ms, judged on the time to cards in the DOM: ${fmt(b.keystrokes.dom.p95)} ms — ${yes(b.keystrokes.dom.p95 < 16)} `
    + `(to the next paint: ${fmt(b.keystrokes.paint.p95)} ms — ${yes(b.keystrokes.paint.p95 < 16)}).`);
  return lines.join('\n');
}

function shellTable(shell) {
  const out = ['App shell (dist/), gzip -9:', '', '| file | bytes | gzip -9 bytes |', '|---|---:|---:|'];
  for (const f of shell.files) out.push(`| ${f.file} | ${int(f.raw)} | ${int(f.gzip9)} |`);
  out.push(`| **total** | ${int(shell.raw)} | **${int(shell.gzip9)}** |`);
  return out.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  if (!existsSync(join(SOURCE_DIST, 'index.html'))) throw new Error(`${SOURCE_DIST}/index.html is missing: run ./dev build first`);
  DIST = join(mkdtempSync(join(tmpdir(), 'broadsheet-bench-dist-')), 'dist');
  cpSync(SOURCE_DIST, DIST, { recursive: true, filter: (src) => !src.split('/').pop().startsWith('.') });
  const wasmFile = readdirSync(DIST).find((f) => f.endsWith('.wasm'));
  const git = (...args) => { try { return execFileSync('git', args, { cwd: ROOT }).toString().trim(); } catch { return null; } };
  const resultsDir = join(HERE, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsPath = join(resultsDir, `${stamp}.json`);
  const peers = PEERS.filter((p) => PEER_KEYS.includes(p.key));

  const shell = shellSizes();
  const browser = await launchChromium();
  const results = {
    date: new Date().toISOString(),
    command: './dev bench search',
    env: { SIZES: SIZES.join(' '), LOADS, PEERS: PEER_KEYS.join(','), PEER_BUDGET_S: PEER_BUDGET_MS / 1000 },
    machine: {
      nproc: cpus().length,
      model: (execFileSync('lscpu').toString().match(/^Model name:\s*(.*)$/m) || [])[1] ?? cpus()[0]?.model,
      chromium: `${browser.version()} (${CHROMIUM})`,
      node: process.version,
      playwrightCore: versionOf('playwright-core'),
    },
    build: {
      dist: SOURCE_DIST, wasm: wasmFile ?? null,
      builtAt: wasmFile ? statSync(join(SOURCE_DIST, wasmFile)).mtime.toISOString() : null,
      gitHead: git('rev-parse', 'HEAD'), gitDirtyFiles: git('status', '--porcelain')?.split('\n').filter(Boolean).length ?? null,
      gitStatus: git('status', '--porcelain')?.split('\n').filter(Boolean) ?? null,
    },
    queries: { count: QUERIES.length, keystrokes: STROKES.length, list: QUERIES },
    shell,
    sizes: [],
  };
  log(`machine: ${results.machine.nproc} cores, ${results.machine.model}; Chromium ${browser.version()}`);
  log(`${QUERIES.length} queries, ${STROKES.length} keystrokes; sizes ${SIZES.join(', ')}`);
  try {
    for (const n of SIZES) {
      log(`== ${n} articles: generating the set`);
      let text = makeSet(n);
      const bytes = Buffer.byteLength(text);
      const site = makeSite(DIST, text);
      text = null;
      const server = await serveSite(site);
      const size = { n, bytes };
      try {
        log(`  served at ${server.origin}${SUBPATH} (${int(bytes)} bytes)`);
        size.baseline = await measureBaseline(browser, server.origin);
        log(`  baseline: fetch ${fmt(size.baseline.fetch)} ms, JSON.parse ${fmt(size.baseline.parse)} ms (crossOriginIsolated: ${size.baseline.crossOriginIsolated})`);
        try {
          size.broadsheet = await measureBroadsheet(browser, server.origin, n);
        } catch (e) {
          log(`  Broadsheet failed: ${e.message}`);
          size.broadsheet = { error: String(e.message).split('\n')[0] };
        }
        size.peers = [];
        for (const peer of peers) size.peers.push(await measurePeer(browser, server.origin, peer, n));
        size.hitCounts = hitCounts(size);
      } finally {
        await server.stop();
        removeSite(site);
      }
      results.sizes.push(size);
      writeFileSync(resultsPath, JSON.stringify(results, null, 1));
      console.log(`\n${sizeTables(size)}\n`);
    }
  } finally {
    await browser.close();
    rmSync(dirname(DIST), { recursive: true, force: true });
  }

  console.log('\n================ summary ================\n');
  console.log(`Machine: ${results.machine.nproc} cores (${results.machine.model}), Chromium ${results.machine.chromium}, Node ${process.version}; `
    + `${QUERIES.length} queries (bench/browser/queries.json), ${STROKES.length} keystrokes.`);
  console.log(`Build: ${results.build.wasm} (built ${results.build.builtAt}), git ${results.build.gitHead?.slice(0, 12)} with ${results.build.gitDirtyFiles} changed files in the work tree.\n`);
  for (const size of results.sizes) console.log(`${sizeTables(size)}\n`);
  console.log(`${shellTable(shell)}\n`);
  const largest = [...results.sizes].sort((a, b) => a.n - b.n).at(-1);
  if (largest) console.log(`${floors(largest)}\n`);
  console.log(`Results: ${resultsPath}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
