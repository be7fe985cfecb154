// Browser search benchmark (issues 3 and 14): Broadsheet's release build
// against MiniSearch, FlexSearch and Fuse.js, in one headless Chromium run, on
// generated article sets of each size in SIZES (realistic text by default:
// gen-sets.mjs makeRealisticSet; SET_KIND=copies for copies of the bundle).
//
// Per size: take the set (SET_DIR/<kind>-<n>.json if bench/browser.sh made
// it, else generate it), count its vocabulary, serve a copy of dist/ with it
// as static/articles.json (tools/browser/serve.py, COOP/COEP), then
//   1. baseline: a blank page of the same origin fetches the set (no-store)
//      and runs JSON.parse (best of 3);
//   2. Broadsheet: one warm-up load learns the count line of a rare word of
//      the set; LOADS loads, each in a fresh context, record since
//      navigation the first cards (broadsheet:cards), "searchable" (the rare
//      word, typed once the first cards show, gets its right count), the
//      broadsheet:* marks and the main-thread long tasks (over 50 ms) up to
//      then; JS heap (after GC) + wasm memory after load, and the app's own
//      report (wasmBindings.memoryReport) when the build has one;
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
// Prints Markdown tables (the last: issue 14's figures at the largest size,
// with the load average) and writes results/<timestamp>.json.
//
// Environment: SIZES ("2000 10000 50000"), SET_KIND (realistic), SET_DIR,
// LOADS (3), PEERS ("minisearch,flexsearch,fuse"), PEER_BUDGET_S (120: query
// time per peer and size, after which the rest is skipped and the table says
// so), DIST.
//
// Run with `./dev bench search` (builds the release site first unless
// --no-build) or, with the reader benchmark, `bash bench/browser.sh`.
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './gen-sets.mjs';
import {
  SUBPATH, openBenchPage, heapAfterGc,
  summary, median, parseQuery, QUERIES, fmt, fmt0, ratio, mb, int, loadavgText,
  serveArticleSet, setLine, SET_KIND,
  keystrokeInit, typeQueries, clearSearch, probeFor, followLoad, fetchAndParseInPage,
  memoryReportInPage, memoryReportText,
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

// ---------------------------------------------------------------- measurements

async function measureBaseline(browser, origin) {
  const { context, page } = await openBenchPage(browser);
  try {
    await page.goto(`${origin}/blank.html`);
    return await page.evaluate(fetchAndParseInPage, { url: `${SUBPATH.slice(1)}static/articles.json`, runs: 3, warmUps: 1 });
  } finally {
    await context.close();
  }
}

/**
 * LOADS + 1 loads of the app, each in a fresh context: the first (warm-up)
 * learns the count line of the rare word once indexed; the others are timed
 * by followLoad (first cards, searchable, indexed, long tasks). The last
 * page stays open for the keystrokes, memory and search call.
 */
async function measureBroadsheet(browser, origin, rareWord) {
  const url = `${origin}${SUBPATH}`;
  const loads = [];
  let probe = null;
  let opened;
  for (let i = 0; i <= LOADS; i++) {
    opened = await openBenchPage(browser);
    try {
      await opened.page.addInitScript(keystrokeInit, KEY_TIMEOUT_MS);
      if (i === 0) {
        probe = await probeFor(opened.page, url, rareWord, LOAD_TIMEOUT_MS);
        log(`  Broadsheet warm-up load: "${rareWord}" shows "${probe.expected}"`);
      } else {
        const load = await followLoad(opened.page, url, { probe, timeoutMs: LOAD_TIMEOUT_MS });
        loads.push(load);
        const m = load.marks;
        log(`  Broadsheet load ${i}: fetched ${fmt(m.fetched)} parsed ${fmt(m.parsed)} first cards ${fmt(m.cards)} searchable ${fmt(load.searchable)} indexed ${fmt(m.indexed)} ms; `
          + `longest task ${fmt(load.longTasks.longest)} ms, ${load.longTasks.over50} over 50 ms`);
      }
      if (opened.problems.length) log('  page problems:', opened.problems.join('; '));
    } catch (e) {
      await opened.context.close().catch(() => {});
      throw e;
    }
    if (i < LOADS) await opened.context.close();
  }
  try {
    return await measureLoadedApp(opened, loads, probe);
  } finally {
    await opened.context.close().catch(() => {});
  }
}

async function measureLoadedApp({ page, cdp, problems }, loads, probe) {
  const med = (f) => median(loads.map(f).filter((v) => v !== null && v !== undefined));
  const mk = (k) => med((l) => l.marks[k]);
  const marks = {
    fetched: mk('fetched'), parsed: mk('parsed'), indexed: mk('indexed'), cards: mk('cards'),
    searchable: med((l) => l.searchable), probe,
    parsedToIndexed: med((l) => l.marks.indexed - l.marks.parsed),
    parsedToCards: med((l) => l.marks.cards - l.marks.parsed),
    fetchedToParsed: med((l) => l.marks.parsed - l.marks.fetched),
    firstBytesToCards: med((l) => (l.marks.jsonResponseStart === null ? null : l.marks.cards - l.marks.jsonResponseStart)),
    jsonResponseEnd: mk('jsonResponseEnd'), wasmResponseEnd: mk('wasmResponseEnd'),
    longestTask: med((l) => l.longTasks.longest), longestTaskMax: Math.max(...loads.map((l) => l.longTasks.longest)),
    tasksOver50: med((l) => l.longTasks.over50),
    loads: loads.map((l) => ({ ...l.marks, searchable: l.searchable, longTasks: l.longTasks })),
  };
  await page.waitForTimeout(300);
  const heap = await heapAfterGc(cdp);
  const wasmBytes = await page.evaluate(() => window.wasmBindings?.wasmMemoryBytes?.() ?? null);
  const countText = await page.locator('.result-count').innerText().catch(() => null);
  const memoryReport = await page.evaluate(memoryReportInPage);
  log(`  Broadsheet memory: JS heap ${mb(heap.used)} MB + wasm ${mb(wasmBytes)} MB; ${countText}${memoryReport ? `; the app's report: ${memoryReportText(memoryReport)}` : ''}`);

  const { perQuery, paint, dom, errors } = await typeQueries(page, QUERIES, { timeoutMs: KEY_TIMEOUT_MS, log });
  const finals = perQuery.filter((x) => x.finalPaint !== null && x.keys.length === [...x.q].length);

  // The search call alone, in the same page, after the keystrokes.
  await clearSearch(page, KEY_TIMEOUT_MS);
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
    memory: { jsHeapUsed: heap.used, jsHeapTotal: heap.total, wasm: wasmBytes, total: heap.used + (wasmBytes ?? 0), report: memoryReport },
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
  out.push(`### ${setLine(size)}`);
  out.push('');
  out.push(`Baseline in a blank page of the same origin (no-store, best of 3): fetch + text ${fmt(size.baseline.fetch)} ms, JSON.parse ${fmt(size.baseline.parse)} ms.`);
  if (b.error) {
    out.push('', `Broadsheet: **failed**: ${b.error}`);
  } else {
    const m = b.marks;
    out.push(`Broadsheet load (ms since navigation start, median of ${m.loads.length} loads after a warm-up): `
      + `fetched ${fmt(m.fetched)}, parsed ${fmt(m.parsed)}, first cards ${fmt(m.cards)}, indexed ${fmt(m.indexed)}; `
      + `fetched→parsed ${fmt(m.fetchedToParsed)}, parsed→first cards ${fmt(m.parsedToCards)}, parsed→indexed (build) ${fmt(m.parsedToIndexed)}; `
      + `searchable ("${m.probe.word}" shows its count) ${fmt(m.searchable)}; longest main-thread task ${fmt(m.longestTask)} ms, ${fmt0(m.tasksOver50)} over 50 ms.`);
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

/** Gzip -9 bytes of a peer's browser build (the scripts the bench page loads). */
const peerGzip = (peer) => peer.scripts()
  .reduce((sum, sc) => sum + gzipSync(sc.path ? readFileSync(sc.path) : sc.content, { level: 9 }).length, 0);

/**
 * The table of issue 14 for one size, ready for BENCHMARKS.md: each figure
 * against the issue's floor, the load average and the set it ran on.
 */
function issueTable(size, shell) {
  const b = size.broadsheet;
  if (b.error) return `Issue 14 figures: not measured (${b.error}).`;
  const m = b.marks;
  const base = size.baseline.total;
  const call = b.searchCall && !b.searchCall.error ? b.searchCall : null;
  const flex = size.peers.find((p) => p.name === 'FlexSearch' && !p.error);
  const mini = size.peers.find((p) => p.name === 'MiniSearch' && !p.error);
  const verdict = (ok) => (ok === null ? 'n/a' : ok ? '**met**' : '**missed**');
  const known = (...v) => v.every((x) => x !== null && x !== undefined);
  const times = (a) => (known(a) ? `${fmt(a)} ms (${ratio(a, base)} the baseline)` : '–');
  const builds = size.peers.filter((p) => !p.error).map((p) => `${p.name} ${int(Math.round(p.buildMs))}`).join(', ');
  const heaps = size.peers.filter((p) => !p.error).map((p) => `${p.name} ${mb(p.heap.after)} MB`).join(', ');
  const wasm = shell.files.find((f) => f.file.endsWith('.wasm'));
  const peerJs = PEERS.filter((p) => p.key !== 'fuse').map((p) => `${p.name} ${(peerGzip(p) / 1024).toFixed(1)} KB`).join(', ');
  const lim = flex?.runs.limit100;
  const memory = b.memory.total;
  const rows = [
    ['fetch + JSON.parse of the file in a blank page (no-store, best of 3)', `${fmt(base)} ms (fetch ${fmt(size.baseline.fetch)} + parse ${fmt(size.baseline.parse)})`, '', 'baseline'],
    [`first cards, since navigation (median of ${m.loads.length} loads, each in a fresh context)`, times(m.cards), '', `≤ 0.5× the baseline: ${verdict(known(m.cards) ? m.cards <= 0.5 * base : null)}`],
    ['first cards, since the set\'s first bytes (response start)', known(m.firstBytesToCards) ? `${fmt(m.firstBytesToCards)} ms` : '–', '', `≤ 300 ms: ${verdict(known(m.firstBytesToCards) ? m.firstBytesToCards <= 300 : null)}`],
    [`searchable: the right count for "${m.probe.word}" (${m.probe.expected}), since navigation`, times(m.searchable), '', `≤ 2× the baseline: ${verdict(known(m.searchable) ? m.searchable <= 2 * base : null)}`],
    ['`broadsheet:indexed` mark, since navigation', times(m.indexed), '', ''],
    ['longest main-thread task during the load (median of the loads; max); tasks over 50 ms', `${fmt(m.longestTask)} ms (max ${fmt(m.longestTaskMax)}); ${fmt0(m.tasksOver50)}`, '', `no task over 50 ms: ${verdict(m.longestTaskMax <= 50)}`],
    ['index build (parsed → indexed)', `${fmt(m.parsedToIndexed)} ms${mini ? ` = ${(100 * m.parsedToIndexed / mini.buildMs).toFixed(1)}% of MiniSearch's` : ''}`, builds || '–', `≤ 10% of MiniSearch's: ${verdict(mini ? m.parsedToIndexed <= 0.1 * mini.buildMs : null)}`],
    ['keystroke → cards in the DOM, p95', `${fmt(b.keystrokes.dom.p95)} ms`, '', `< 16 ms: ${verdict(b.keystrokes.dom.p95 < 16)}`],
    ['keystroke → next paint, p95', `${fmt(b.keystrokes.paint.p95)} ms`, '', `< 33 ms: ${verdict(b.keystrokes.paint.p95 < 33)}`],
    ['search call, median / p95 (38 queries, "newest")', call ? `${fmt(call.finals.median)} / ${fmt(call.finals.p95)} ms` : '–', lim ? `FlexSearch (100 results) ${fmt(lim.finals.median)} / ${fmt(lim.finals.p95)}` : '–',
      `median ≤ FlexSearch's: ${verdict(call && lim ? call.finals.median <= lim.finals.median : null)}${call && lim ? ` (${ratio(call.finals.median, lim.finals.median)})` : ''}`],
    ['memory after load (JS heap after GC + wasm)', `${mb(memory)} MB (${(memory / size.bytes).toFixed(2)}× the file)`, heaps || '–', `≤ 1.5× the file: ${verdict(memory <= 1.5 * size.bytes)}`],
    ['wasm, gzip -9', wasm ? `${(wasm.gzip9 / 1024).toFixed(1)} KB` : '–', `${peerJs} of JS`, `≤ 250 KB: ${verdict(wasm ? wasm.gzip9 <= 250 * 1024 : null)}`],
  ];
  const out = [
    `### Issue 14: ${setLine(size)}`,
    '',
    `Load average (1 / 5 / 15 min) before ${loadavgText(size.loadavgBefore)}, after ${loadavgText(size.loadavgAfter)}. `
      + `Orama: ${existsSync(join(ROOT, 'node_modules/@orama/orama')) ? 'installed but not a peer of this bench' : 'not in node_modules (not in package.json), not measured'}.`,
    '',
    '| | Broadsheet | peers | floor (issue 14) |',
    '|---|---:|---:|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  if (b.memory.report) out.push('', `The app's own memory report (wasmBindings.memoryReport): ${memoryReportText(b.memory.report)}.`);
  return out.join('\n');
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
    command: process.env.BENCH_COMMAND || './dev bench search',
    env: { SIZES: SIZES.join(' '), SET_KIND, LOADS, PEERS: PEER_KEYS.join(','), PEER_BUDGET_S: PEER_BUDGET_MS / 1000 },
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
      log(`== ${n} articles: ${SET_KIND} set`);
      const served = await serveArticleSet(DIST, n);
      const { origin } = served;
      const size = { ...served.set, loadavgBefore: loadavg() };
      try {
        log(`  ${setLine(size)}; rare word "${size.rareWord}"; served at ${origin}${SUBPATH}`);
        size.baseline = await measureBaseline(browser, origin);
        log(`  baseline: fetch ${fmt(size.baseline.fetch)} ms + JSON.parse ${fmt(size.baseline.parse)} ms = ${fmt(size.baseline.total)} ms (crossOriginIsolated: ${size.baseline.crossOriginIsolated})`);
        try {
          size.broadsheet = await measureBroadsheet(browser, origin, size.rareWord);
        } catch (e) {
          log(`  Broadsheet failed: ${e.message}`);
          size.broadsheet = { error: String(e.message).split('\n')[0] };
        }
        size.peers = [];
        for (const peer of peers) size.peers.push(await measurePeer(browser, origin, peer, n));
        size.hitCounts = hitCounts(size);
      } finally {
        await served.stop();
      }
      size.loadavgAfter = loadavg();
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
  if (largest) console.log(`${issueTable(largest, shell)}\n`);
  console.log(`Results: ${resultsPath}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
