// Reader benchmark (issues 4 and 14): what reading a large archive feels
// like in Broadsheet's release build, in headless Chromium, on generated
// article sets of each size in SIZES (default 50,000; realistic text unless
// SET_KIND=copies), and the same on a phone: the mobile profile at each
// size in MOBILE_SIZES.
//
// Per size: take the set (SET_DIR/<kind>-<n>.json if bench/browser.sh made
// it, else generate it; gen-sets.mjs), serve a copy of dist/ with it as
// static/articles.json (tools/browser/serve.py on 127.0.0.1), then one
// warm-up page load (it learns the count line of a rare word of the set) and
// LOADS measured loads (each a fresh browser context). In each measured load:
//   1. since navigation: first cards (broadsheet:cards), searchable (the rare
//      word, typed once the first cards show, gets its right count), the
//      broadsheet:* marks and the main-thread long tasks up to then;
//   2. memory after load: JS heap after GC (CDP) + wasmBindings.wasmMemoryBytes();
//   3. DOM size after load: every element, and the rendered rows (ol.cards > li);
//   4. scrolling: from the top, window.scrollBy(0, STEP) once per animation
//      frame (an in-page rAF loop of SCROLL_FRAMES frames) for each STEP of
//      SCROLL_STEPS, recording the rAF timestamps; frame times = deltas
//      between them. Each frame also samples the DOM size and probes two
//      points of the viewport for a blank gap in the list (a point inside
//      ol.cards that no row covers);
//   5. DOM size again after scrolling (back at the top);
// and in the last measured load only:
//   6. filters, each FILTER_REPS times on and off: a source checkbox, the
//      "Latest year" preset (off: "Any time"), a timeline bar (pointer
//      click; off: "Any time"), timed from the click / pointerup event
//      (capture listener on window) to `.result-count` showing new text
//      ("DOM") and to one requestAnimationFrame + setTimeout 0 later ("paint").
// The mobile profile (lib.mjs MOBILE: 412×915, CPU 4× slower, DevTools'
// "Slow 4G"): the baseline (fetch + JSON.parse in a blank page) under the
// profile, then MOBILE_LOADS loads with step 1, the last one also typing the
// queries of queries.json key by key (keystroke → cards in the DOM and →
// next paint).
// Load figures are medians over the loads (each load's values in the JSON).
// Prints Markdown tables and writes results/reader-<timestamp>.json.
//
// Environment: SIZES ("50000"; empty: none), MOBILE_SIZES ("5000"; empty:
// none), SET_KIND (realistic), SET_DIR, LOADS (3), MOBILE_LOADS (3),
// SCROLL_FRAMES (600), SCROLL_STEPS ("120 2000", px per frame), FILTER_REPS
// (5), FACET_SOURCE ("VOA Learning English (Voice of America)"), DIST
// (dist/), CHROMIUM (/usr/bin/chromium).
//
// Run with `./dev bench reader` (builds the release site first unless
// --no-build) or, with the search benchmark, `bash bench/browser.sh`.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './gen-sets.mjs';
import {
  SUBPATH, openBenchPage, heapAfterGc, summary, median, percentile, fmt, fmt0, mb, int, ratio, loadavgText,
  serveArticleSet, setLine, SET_KIND, probeFor, followLoad, settle, fetchAndParseInPage,
  QUERIES, keystrokeInit, typeQueries, MOBILE, applyMobileProfile,
} from './lib.mjs';
import { CHROMIUM, launchChromium } from '../../tools/browser/chromium.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const list = (v) => v.split(/[\s,]+/).filter(Boolean).map(Number);
const SIZES = list(process.env.SIZES ?? '50000');
/** Sizes of the mobile profile: at Slow 4G's 180 kB/s, 5,000 articles (~6.6 MB) take ~37 s to download. */
const MOBILE_SIZES = list(process.env.MOBILE_SIZES ?? '5000');
const MOBILE_LOADS = Number(process.env.MOBILE_LOADS || 3);
const LOADS = Number(process.env.LOADS || 3);
const SCROLL_FRAMES = Number(process.env.SCROLL_FRAMES || 600);
const SCROLL_STEPS = list(process.env.SCROLL_STEPS || '120 2000');
const FILTER_REPS = Number(process.env.FILTER_REPS || 5);
const FACET_SOURCE = process.env.FACET_SOURCE || 'VOA Learning English (Voice of America)';
/** PROBE=0 leaves out the per-frame gap probe (two elementFromPoint calls). */
const PROBE = process.env.PROBE !== '0';
/** CONTROL=0 leaves out the control scroll (a static page as tall as the list). */
const CONTROL = process.env.CONTROL !== '0';
const SOURCE_DIST = resolve(process.env.DIST || join(ROOT, 'dist'));
/** 60 Hz: a frame longer than this missed a vsync. */
const FRAME_MS = 1000 / 60;
const LOAD_TIMEOUT_MS = 15 * 60_000;
const CLICK_TIMEOUT_MS = 60_000;
const KEY_TIMEOUT_MS = 60_000;
/** A snapshot of dist/ taken at start, so a rebuild during the run changes nothing. */
let DIST = SOURCE_DIST;

const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---------------------------------------------------------------- in-page code

/**
 * Installed before the app starts: capture-phase `click` and `pointerup`
 * listeners on window (they run before the app's own) recording
 * performance.now(), and arm(previousText, eventType), whose promise `done`
 * resolves once `.result-count` shows other text than `previousText` after
 * an event of that type: { dom: ms to that DOM update, paint: ms to one rAF
 * + setTimeout 0 later, text }.
 */
function readerInit(timeoutMs) {
  const bench = { t0: null, type: 'click', done: null };
  window.__reader = bench;
  for (const type of ['click', 'pointerup']) {
    window.addEventListener(type, () => { if (bench.type === type && bench.t0 === null) bench.t0 = performance.now(); }, true);
  }
  const countText = () => document.querySelector('.result-count')?.textContent ?? null;
  bench.arm = (previous, type) => {
    bench.t0 = null;
    bench.type = type;
    bench.done = new Promise((resolve) => {
      let timer;
      const check = () => {
        const text = countText();
        if (bench.t0 === null || text === previous) return;
        observer.disconnect();
        clearTimeout(timer);
        const t0 = bench.t0;
        const dom = performance.now() - t0;
        requestAnimationFrame(() => setTimeout(() => resolve({ dom, paint: performance.now() - t0, text }), 0));
      };
      const observer = new MutationObserver(check);
      observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true });
      timer = setTimeout(() => {
        observer.disconnect();
        resolve({ timeout: true, eventSeen: bench.t0 !== null, text: countText() });
      }, timeoutMs);
    });
  };
}

function domCounts() {
  return {
    elements: document.getElementsByTagName('*').length,
    rows: document.querySelectorAll('ol.cards > li').length,
    scrollY: window.scrollY,
  };
}

/**
 * From the top of the page, scrollBy(0, step) once per animation frame for
 * `frames` frames; returns the rAF timestamps, DOM sizes sampled each frame,
 * frames where a probe point in the list was not covered by a row, and the
 * scroll position reached.
 */
async function scrollInPage({ step, frames, probe }) {
  const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
  window.scrollTo(0, 0);
  for (let i = 0; i < 3; i++) await nextFrame();
  const list = document.querySelector('ol.cards');
  const listHeight = list ? list.getBoundingClientRect().height : null;
  const all = document.getElementsByTagName('*');
  const rowsLive = list ? list.children : { length: 0 };
  const vh = window.innerHeight;
  const probes = [Math.round(vh * 0.5), vh - 8];
  const stamps = [];
  let maxElements = 0;
  let maxRows = 0;
  let minRows = Infinity;
  let gapFrames = 0;
  const gapAt = [];
  return new Promise((resolve) => {
    const tick = (t) => {
      stamps.push(t);
      maxElements = Math.max(maxElements, all.length);
      maxRows = Math.max(maxRows, rowsLive.length);
      minRows = Math.min(minRows, rowsLive.length);
      // A probe inside the list but on no row is a blank gap on screen.
      let gap = false;
      for (const y of probe ? probes : []) {
        const el = document.elementFromPoint(640, y);
        if (el && el.closest('ol.cards') && !el.closest('ol.cards > li')) gap = true;
      }
      if (gap) { gapFrames++; if (gapAt.length < 20) gapAt.push(window.scrollY); }
      if (stamps.length > frames) {
        resolve({ step, stamps, maxElements, maxRows, minRows, gapFrames, gapAt, endScrollY: window.scrollY, listHeight, viewport: vh });
        return;
      }
      window.scrollBy(0, step);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

function scrollStats(r) {
  const deltas = r.stamps.slice(1).map((t, i) => t - r.stamps[i]);
  return {
    step: r.step,
    frames: deltas.length,
    over16: deltas.filter((d) => d > 16.7).length,
    over25: deltas.filter((d) => d > 1.5 * FRAME_MS).length,
    over33: deltas.filter((d) => d > 33).length,
    median: median(deltas),
    p95: percentile(deltas, 95),
    p99: percentile(deltas, 99),
    max: Math.max(...deltas),
    totalMs: r.stamps.at(-1) - r.stamps[0],
    maxElements: r.maxElements,
    maxRows: r.maxRows,
    minRows: r.minRows,
    gapFrames: r.gapFrames,
    gapAt: r.gapAt,
    scrolledPx: r.endScrollY,
    screens: r.endScrollY / r.viewport,
    listHeight: r.listHeight,
    reachedEnd: r.listHeight !== null && r.endScrollY < r.step * (deltas.length) - 1,
    deltas: deltas.map((d) => Math.round(d * 1000) / 1000),
  };
}

// ---------------------------------------------------------------- page loads

/** One click (or pointer click on a timeline bar), timed in the page. */
async function timedClick(page, locator, type) {
  const before = await page.locator('.result-count').textContent();
  await page.evaluate(([prev, t]) => window.__reader.arm(prev, t), [before, type]);
  await locator.click();
  const r = await page.evaluate(() => window.__reader.done);
  await settle(page);
  await page.waitForTimeout(150);
  return { before, ...r };
}

async function measureFilters(page) {
  const source = page.locator('.source-facet label').filter({ hasText: FACET_SOURCE }).locator('input[type=checkbox]');
  const latestYear = page.locator('.date-range button.preset', { hasText: 'Latest year' });
  const anyTime = page.locator('.date-range button.preset', { hasText: 'Any time' });
  const total = await page.locator('.result-count').textContent();
  // The timeline bar with the most articles that is not the whole set.
  const bar = await page.evaluate(() => {
    const bars = [...document.querySelectorAll('.timeline g.bar')].map((g) => ({ start: g.getAttribute('data-start'), count: Number(g.getAttribute('data-count')) }));
    const n = bars.reduce((s, b) => s + b.count, 0);
    const best = bars.filter((b) => b.count > 0 && b.count < n).sort((a, b) => b.count - a.count)[0];
    return best ? { ...best, bars: bars.length } : null;
  });
  const barLocator = bar ? page.locator(`.timeline g.bar[data-start="${bar.start}"]`) : null;
  const kinds = [
    { key: 'source', label: `source checkbox "${FACET_SOURCE}"`, on: [source, 'click'], off: [source, 'click'], present: (await source.count()) === 1 },
    { key: 'preset', label: 'date preset "Latest year" (off: "Any time")', on: [latestYear, 'click'], off: [anyTime, 'click'], present: (await latestYear.count()) === 1 },
    { key: 'timeline', label: `timeline bar ${bar?.start} (${bar?.count} articles; off: "Any time")`, on: [barLocator, 'pointerup'], off: [anyTime, 'click'], present: !!bar },
  ];
  const out = { total, timelineBar: bar };
  for (const k of kinds) {
    if (!k.present) { out[k.key] = { label: k.label, error: 'control not found' }; log(`  filter ${k.key}: control not found`); continue; }
    const on = [];
    const off = [];
    const errors = [];
    for (let i = 0; i < FILTER_REPS; i++) {
      for (const [phase, [loc, type], into] of [['on', k.on, on], ['off', k.off, off]]) {
        const r = await timedClick(page, loc, type);
        if (r.timeout) errors.push({ phase, rep: i, ...r });
        else into.push(r);
      }
    }
    const both = [...on, ...off];
    out[k.key] = {
      label: k.label,
      on: { dom: summary(on.map((r) => r.dom)), paint: summary(on.map((r) => r.paint)), texts: on.map((r) => r.text) },
      off: { dom: summary(off.map((r) => r.dom)), paint: summary(off.map((r) => r.paint)) },
      all: { dom: summary(both.map((r) => r.dom)), paint: summary(both.map((r) => r.paint)) },
      runs: { on, off },
      errors,
    };
    const s = out[k.key];
    log(`  filter ${k.key}: on → DOM median ${fmt(s.on.dom.median)} max ${fmt(s.on.dom.max)}, paint median ${fmt(s.on.paint.median)} max ${fmt(s.on.paint.max)}; `
      + `off → DOM median ${fmt(s.off.dom.median)} max ${fmt(s.off.dom.max)}, paint median ${fmt(s.off.paint.median)} max ${fmt(s.off.paint.max)} ms`
      + `${errors.length ? `; ${errors.length} timed out` : ''} (${on[0]?.text ?? '?'})`);
  }
  return out;
}

async function measureLoad(opened, { marks, searchable, longTasks }, { filters }) {
  const { page, cdp } = opened;
  await page.waitForTimeout(500);
  await settle(page);
  const afterLoad = await page.evaluate(domCounts);
  const heap = await heapAfterGc(cdp);
  const wasm = await page.evaluate(() => window.wasmBindings?.wasmMemoryBytes?.() ?? null);
  const count = await page.locator('.result-count').textContent();
  const scrolls = [];
  for (const step of SCROLL_STEPS) {
    const r = scrollStats(await page.evaluate(scrollInPage, { step, frames: SCROLL_FRAMES, probe: PROBE }));
    scrolls.push(r);
    log(`    scroll ${step} px/frame: ${r.frames} frames, ${r.over16} > 16.7 ms, ${r.over33} > 33 ms, p95 ${fmt(r.p95)} ms, max ${fmt(r.max)} ms; `
      + `rows ${r.minRows}–${r.maxRows}, elements ≤ ${r.maxElements}, gap frames ${r.gapFrames}; ${int(Math.round(r.scrolledPx))} px (${fmt(r.screens)} screens)`);
    await page.waitForTimeout(300);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await settle(page);
  await page.waitForTimeout(300);
  const afterScroll = await page.evaluate(domCounts);
  const result = {
    marks, searchable, longTasks, count,
    memory: { jsHeapUsed: heap.used, jsHeapTotal: heap.total, wasm, total: heap.used + (wasm ?? 0) },
    dom: { afterLoad, afterScroll },
    scrolls,
  };
  if (filters) result.filters = await measureFilters(page);
  return result;
}

/**
 * The same scroll runs on a static page of the same origin (blank.html with
 * one plain block as tall as the app's list): the frames this browser on
 * this machine misses with no app at all, to read the app's figures against.
 */
async function measureControl(browser, origin, listHeight) {
  const { context, page } = await openBenchPage(browser);
  try {
    await page.goto(`${origin}/blank.html`);
    await page.evaluate((h) => {
      document.body.style.margin = '0';
      document.body.innerHTML = `<div style="height: ${h}px; background: repeating-linear-gradient(#fff 0 200px, #eee 200px 262px)"></div>`;
    }, listHeight);
    const scrolls = [];
    for (const step of SCROLL_STEPS) {
      const r = scrollStats(await page.evaluate(scrollInPage, { step, frames: SCROLL_FRAMES, probe: false }));
      scrolls.push(r);
      log(`    control scroll ${step} px/frame: ${r.over16} > 16.7 ms, ${r.over33} > 33 ms, p95 ${fmt(r.p95)} ms, max ${fmt(r.max)} ms`);
      await page.waitForTimeout(300);
    }
    return scrolls;
  } finally {
    await context.close().catch(() => {});
  }
}

async function measureSize(browser, origin, rareWord) {
  const url = `${origin}${SUBPATH}`;
  const loads = [];
  let probe = null;
  for (let i = 0; i <= LOADS; i++) {
    const t = Date.now();
    const opened = await openBenchPage(browser);
    let r = null;
    try {
      await opened.page.addInitScript(readerInit, CLICK_TIMEOUT_MS);
      if (i === 0) {
        probe = await probeFor(opened.page, url, rareWord, LOAD_TIMEOUT_MS);
        log(`  warm-up load: "${rareWord}" shows "${probe.expected}"`);
        continue;
      }
      const load = await followLoad(opened.page, url, { probe, timeoutMs: LOAD_TIMEOUT_MS });
      if (opened.problems.length) log('  page problems:', opened.problems.join('; '));
      r = await measureLoad(opened, load, { filters: i === LOADS });
      r.problems = [...opened.problems];
      r.loadavg = loadavg();
      loads.push(r);
      log(`  load ${i}: fetched ${fmt(r.marks.fetched)} parsed ${fmt(r.marks.parsed)} cards ${fmt(r.marks.cards)} searchable ${fmt(r.searchable)} indexed ${fmt(r.marks.indexed)} ms; `
        + `longest task ${fmt(r.longTasks.longest)} ms (${r.longTasks.over50} over 50 ms); `
        + `JS heap ${mb(r.memory.jsHeapUsed)} MB + wasm ${mb(r.memory.wasm)} MB; ${r.dom.afterLoad.elements} elements, ${r.dom.afterLoad.rows} rows; `
        + `${r.count}; load average ${r.loadavg.map((x) => x.toFixed(1)).join(' ')} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    } finally {
      await opened.context.close().catch(() => {});
    }
    // With the app's page closed, so the two do not share the cores.
    if (CONTROL && r) r.control = await measureControl(browser, origin, r.scrolls[0]?.listHeight ?? 13_000_000);
  }
  return summarize(loads);
}

/** Medians over the loads (each load's figures kept in `loads`). */
function summarize(loads) {
  const med = (f) => median(loads.map(f).filter((v) => v !== null && v !== undefined));
  const per = (f) => loads.map(f);
  const marks = {};
  for (const k of ['fetched', 'parsed', 'cards', 'indexed']) marks[k] = med((l) => l.marks[k]);
  marks.searchable = med((l) => l.searchable);
  marks.longestTask = med((l) => l.longTasks.longest);
  marks.tasksOver50 = med((l) => l.longTasks.over50);
  marks.parsedToCards = med((l) => l.marks.cards - l.marks.parsed);
  marks.cardsToIndexed = med((l) => l.marks.indexed - l.marks.cards);
  const memory = {
    jsHeapUsed: med((l) => l.memory.jsHeapUsed), wasm: med((l) => l.memory.wasm), total: med((l) => l.memory.total),
  };
  const dom = {
    afterLoad: { elements: med((l) => l.dom.afterLoad.elements), rows: med((l) => l.dom.afterLoad.rows) },
    afterScroll: { elements: med((l) => l.dom.afterScroll.elements), rows: med((l) => l.dom.afterScroll.rows) },
  };
  const scrolls = SCROLL_STEPS.map((step, i) => {
    const s = {};
    for (const k of ['frames', 'over16', 'over25', 'over33', 'median', 'p95', 'p99', 'max', 'totalMs', 'gapFrames', 'scrolledPx', 'screens']) {
      s[k] = med((l) => l.scrolls[i][k]);
      s[`${k}PerLoad`] = per((l) => l.scrolls[i][k]);
    }
    s.step = step;
    s.maxElements = Math.max(...per((l) => l.scrolls[i].maxElements));
    s.maxRows = Math.max(...per((l) => l.scrolls[i].maxRows));
    s.minRows = Math.min(...per((l) => l.scrolls[i].minRows));
    s.reachedEnd = loads.some((l) => l.scrolls[i].reachedEnd);
    return s;
  });
  const control = !loads.every((l) => l.control) ? null : SCROLL_STEPS.map((step, i) => {
    const s = { step };
    for (const k of ['over16', 'over33', 'median', 'p95', 'max']) {
      s[k] = med((l) => l.control[i][k]);
      s[`${k}PerLoad`] = per((l) => l.control[i][k]);
    }
    return s;
  });
  return { marks, memory, dom, scrolls, control, filters: loads.at(-1)?.filters ?? null, count: loads.at(-1)?.count ?? null, loads };
}

// ---------------------------------------------------------------- report

function table(results) {
  const sizes = results.sizes;
  const head = `| measure | ${sizes.map((s) => `${int(s.n)} articles`).join(' | ')} |`;
  const rule = `|---|${sizes.map(() => '---:').join('|')}|`;
  const rows = [];
  const row = (label, f) => rows.push(`| ${label} | ${sizes.map((s) => (s.reader.error ? '–' : f(s.reader, s))).join(' | ')} |`);
  if (sizes.some((s) => s.reader.error)) rows.push(`| **failed** | ${sizes.map((s) => s.reader.error ?? '').join(' | ')} |`);
  const perLoad = (vals, f = fmt) => (vals.length > 1 ? ` (${vals.map(f).join(', ')})` : '');
  row('articles.json (bytes)', (_, s) => int(s.bytes));
  row('vocabulary (distinct words)', (_, s) => int(s.vocabulary));
  row('`broadsheet:fetched` (ms since navigation)', (r) => fmt(r.marks.fetched));
  row('`broadsheet:parsed`', (r) => fmt(r.marks.parsed));
  row('**`broadsheet:cards` — first cards painted**', (r) => `**${fmt(r.marks.cards)}**${perLoad(r.loads.map((l) => l.marks.cards))}`);
  row('searchable: the rare word shows its right count', (r, s) => `${fmt(r.marks.searchable)} ("${s.rareWord}")`);
  row('`broadsheet:indexed`', (r) => fmt(r.marks.indexed));
  row('longest main-thread task during the load (ms); tasks over 50 ms', (r) => `${fmt(r.marks.longestTask)}; ${fmt0(r.marks.tasksOver50)}`);
  row('parsed → first cards / first cards → indexed', (r) => `${fmt(r.marks.parsedToCards)} / ${fmt(r.marks.cardsToIndexed)}`);
  for (const [i, step] of SCROLL_STEPS.entries()) {
    const s = (r) => r.scrolls[i];
    row(`scroll ${step} px/frame: frames > 16.7 ms of ${SCROLL_FRAMES}`, (r) => `${fmt0(s(r).over16)}${perLoad(s(r).over16PerLoad, fmt0)}`);
    row(`scroll ${step} px/frame: frames > 33 ms`, (r) => `${fmt0(s(r).over33)}${perLoad(s(r).over33PerLoad, fmt0)}`);
    if (CONTROL) {
      row(`control (static page, no app) ${step} px/frame: frames > 16.7 ms / > 33 ms`,
        (r) => (r.control ? `${fmt0(r.control[i].over16)}${perLoad(r.control[i].over16PerLoad, fmt0)} / ${fmt0(r.control[i].over33)}` : '–'));
    }
    row(`scroll ${step} px/frame: frame time median / p95 / max (ms)`, (r) => `${fmt(s(r).median)} / ${fmt(s(r).p95)} / ${fmt(s(r).max)}`);
    row(`scroll ${step} px/frame: distance (screens of 800 px)`, (r) => `${fmt(s(r).screens)}${s(r).reachedEnd ? ' (end of list)' : ''}`);
    row(`scroll ${step} px/frame: rows / elements in the DOM (max)`, (r) => `${s(r).minRows}–${s(r).maxRows} / ${s(r).maxElements}`);
    row(`scroll ${step} px/frame: frames with a blank gap on screen`, (r) => fmt0(s(r).gapFrames));
  }
  row('DOM after load: elements / rows (`ol.cards > li`)', (r) => `${fmt0(r.dom.afterLoad.elements)} / ${fmt0(r.dom.afterLoad.rows)}`);
  row('DOM after the scrolls: elements / rows', (r) => `${fmt0(r.dom.afterScroll.elements)} / ${fmt0(r.dom.afterScroll.rows)}`);
  for (const [key, name] of [['source', 'source checkbox'], ['preset', '"Latest year" preset'], ['timeline', 'timeline bar']]) {
    const f = (r) => r.filters?.[key];
    const cell = (r, phase, what) => {
      const x = f(r);
      if (!x) return '–';
      if (x.error) return x.error;
      const s = x[phase][what];
      return `${fmt(s.median)} / ${fmt(s.max)}${x.errors.length ? ` (${x.errors.length} timed out)` : ''}`;
    };
    row(`${name} on → count updated, median / max (ms)`, (r) => cell(r, 'on', 'dom'));
    row(`${name} on → next paint, median / max (ms)`, (r) => cell(r, 'on', 'paint'));
    row(`${name} off → count updated / next paint, medians (ms)`, (r) => (f(r)?.off ? `${fmt(f(r).off.dom.median)} / ${fmt(f(r).off.paint.median)}` : '–'));
  }
  row('memory after load: JS heap after GC + wasm (MB)', (r) => `${mb(r.memory.total)} (JS ${mb(r.memory.jsHeapUsed)} + wasm ${mb(r.memory.wasm)})`);
  return [head, rule, ...rows].join('\n');
}

// ---------------------------------------------------------------- mobile profile

/** Runs `f(opened)` on a fresh page and closes its context after. */
async function within(opened, f) {
  try {
    return await f(opened);
  } finally {
    await opened.context.close().catch(() => {});
  }
}

/**
 * The mobile profile (lib.mjs MOBILE) on the set served at `origin`: a blank
 * page fetches + parses the set once under the profile (the baseline there:
 * the throttled network makes one run steady); one unthrottled warm-up load
 * learns the rare word's count line; MOBILE_LOADS loads under the profile
 * record first cards, searchable, indexed and long tasks, and the last one
 * types the queries of queries.json key by key. The service worker is
 * blocked: it would fetch the set again outside the page's throttled
 * network.
 */
async function measureMobile(browser, origin, rareWord) {
  const url = `${origin}${SUBPATH}`;
  const open = () => openBenchPage(browser, { viewport: MOBILE.viewport, serviceWorkers: 'block' });
  const baseline = await within(await open(), async ({ page, cdp }) => {
    await page.goto(`${origin}/blank.html`);
    await applyMobileProfile(cdp);
    return page.evaluate(fetchAndParseInPage, { url: `${SUBPATH.slice(1)}static/articles.json`, runs: 1, warmUps: 0 });
  });
  log(`  mobile baseline: fetch ${fmt(baseline.fetch)} ms + JSON.parse ${fmt(baseline.parse)} ms = ${fmt(baseline.total)} ms`);
  const probe = await within(await open(), ({ page }) => probeFor(page, url, rareWord, LOAD_TIMEOUT_MS));
  const loads = [];
  let keystrokes = null;
  for (let i = 1; i <= MOBILE_LOADS; i++) {
    await within(await open(), async ({ page, cdp, problems }) => {
      await applyMobileProfile(cdp);
      await page.addInitScript(keystrokeInit, KEY_TIMEOUT_MS);
      const load = await followLoad(page, url, { probe, timeoutMs: LOAD_TIMEOUT_MS });
      loads.push({ ...load, loadavg: loadavg() });
      log(`  mobile load ${i}: cards ${fmt(load.marks.cards)} searchable ${fmt(load.searchable)} indexed ${fmt(load.marks.indexed)} ms; `
        + `longest task ${fmt(load.longTasks.longest)} ms (${load.longTasks.over50} over 50 ms)${problems.length ? `; page problems: ${problems.join('; ')}` : ''}`);
      if (i < MOBILE_LOADS) return;
      const typed = await typeQueries(page, QUERIES, { timeoutMs: KEY_TIMEOUT_MS, log });
      keystrokes = { dom: summary(typed.dom), paint: summary(typed.paint), timedOut: typed.errors.length };
      log(`  mobile keystrokes: → DOM p95 ${fmt(keystrokes.dom.p95)} ms, → paint p95 ${fmt(keystrokes.paint.p95)} ms (${keystrokes.dom.n} keystrokes)`);
    });
  }
  const med = (f) => median(loads.map(f).filter((v) => v !== null && v !== undefined));
  return {
    baseline, probe, keystrokes, loads,
    cards: med((l) => l.marks.cards), searchable: med((l) => l.searchable), indexed: med((l) => l.marks.indexed),
    firstBytesToCards: med((l) => (l.marks.jsonResponseStart === null ? null : l.marks.cards - l.marks.jsonResponseStart)),
    jsonResponseEnd: med((l) => l.marks.jsonResponseEnd), wasmResponseEnd: med((l) => l.marks.wasmResponseEnd),
    longestTask: med((l) => l.longTasks.longest), tasksOver50: med((l) => l.longTasks.over50),
  };
}

function mobileTable(size) {
  const r = size.mobile;
  const out = [`### Mobile profile: ${setLine(size)}`, '', `${MOBILE.describe}; service worker blocked; figures since navigation, median of ${MOBILE_LOADS} loads (each a fresh context).`, ''];
  if (r.error) return [...out, `**failed**: ${r.error}`].join('\n');
  const base = r.baseline.total;
  const vs = (v) => `${fmt(v)} ms (${ratio(v, base)} the baseline)`;
  const k = r.keystrokes;
  out.push('| measure | Broadsheet |', '|---|---:|',
    `| fetch + JSON.parse of the file in a blank page under the profile (1 run) | ${fmt(base)} ms (fetch ${fmt(r.baseline.fetch)} + parse ${fmt(r.baseline.parse)}) |`,
    `| the wasm's download ends (uncompressed: the test server sends no gzip) / the set's (resource responseEnd) | ${fmt(r.wasmResponseEnd)} / ${fmt(r.jsonResponseEnd)} ms |`,
    `| first cards | ${vs(r.cards)} |`,
    `| first cards, since the set's first bytes | ${fmt(r.firstBytesToCards)} ms |`,
    `| searchable: "${r.probe.word}" shows its right count (${r.probe.expected}) | ${vs(r.searchable)} |`,
    `| \`broadsheet:indexed\` | ${vs(r.indexed)} |`,
    `| longest main-thread task during the load; tasks over 50 ms | ${fmt(r.longestTask)} ms; ${fmt0(r.tasksOver50)} |`,
    `| keystroke → cards in the DOM, median / p95 | ${k ? `${fmt(k.dom.median)} / ${fmt(k.dom.p95)} ms` : '–'} |`,
    `| keystroke → next paint, median / p95 | ${k ? `${fmt(k.paint.median)} / ${fmt(k.paint.p95)} ms (${k.dom.n} keystrokes${k.timedOut ? `, ${k.timedOut} timed out` : ''})` : '–'} |`);
  return out.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  if (!existsSync(join(SOURCE_DIST, 'index.html'))) throw new Error(`${SOURCE_DIST}/index.html is missing: run ./dev build first`);
  DIST = join(mkdtempSync(join(tmpdir(), 'broadsheet-reader-dist-')), 'dist');
  cpSync(SOURCE_DIST, DIST, { recursive: true, filter: (src) => !src.split('/').pop().startsWith('.') });
  const wasmFile = readdirSync(DIST).find((f) => f.endsWith('.wasm'));
  const git = (...args) => { try { return execFileSync('git', args, { cwd: ROOT }).toString().trim(); } catch { return null; } };
  const resultsDir = join(HERE, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsPath = join(resultsDir, `reader-${stamp}.json`);

  const browser = await launchChromium();
  const results = {
    date: new Date().toISOString(),
    command: process.env.BENCH_COMMAND || './dev bench reader',
    env: { SIZES: SIZES.join(' '), SET_KIND, MOBILE_SIZES: MOBILE_SIZES.join(' '), MOBILE_LOADS, LOADS, SCROLL_FRAMES, SCROLL_STEPS: SCROLL_STEPS.join(' '), FILTER_REPS, FACET_SOURCE, PROBE, CONTROL },
    machine: {
      nproc: cpus().length,
      model: (execFileSync('lscpu').toString().match(/^Model name:\s*(.*)$/m) || [])[1] ?? cpus()[0]?.model,
      chromium: `${browser.version()} (${CHROMIUM})`,
      node: process.version,
      viewport: '1280×800',
    },
    build: {
      dist: SOURCE_DIST, wasm: wasmFile ?? null,
      builtAt: wasmFile ? statSync(join(SOURCE_DIST, wasmFile)).mtime.toISOString() : null,
      gitHead: git('rev-parse', 'HEAD'), gitShort: git('rev-parse', '--short', 'HEAD'),
      gitDirtyFiles: git('status', '--porcelain')?.split('\n').filter(Boolean).length ?? null,
    },
    sizes: [],
    mobile: [],
  };
  log(`machine: ${results.machine.nproc} cores, ${results.machine.model}; Chromium ${browser.version()}`);
  log(`sizes ${SIZES.join(', ')}; ${LOADS} loads; scroll ${SCROLL_STEPS.join(' and ')} px/frame × ${SCROLL_FRAMES} frames; filters × ${FILTER_REPS}`);
  try {
    // Per size and profile: the set served, measured, its figures kept under `key`.
    const run = async (n, key, label, into) => {
      log(`== ${label}${n} articles: ${SET_KIND} set`);
      const served = await serveArticleSet(DIST, n);
      const size = { ...served.set, loadavgBefore: loadavg() };
      try {
        log(`  ${setLine(size)}; rare word "${size.rareWord}"; served at ${served.origin}${SUBPATH}`);
        size[key] = await (key === 'mobile' ? measureMobile : measureSize)(browser, served.origin, size.rareWord);
      } catch (e) {
        log(`  failed: ${e.stack || e.message}`);
        size[key] = { error: String(e.message).split('\n')[0] };
      } finally {
        await served.stop();
      }
      size.loadavgAfter = loadavg();
      into.push(size);
      writeFileSync(resultsPath, JSON.stringify(results, null, 1));
    };
    for (const n of SIZES) await run(n, 'reader', '', results.sizes);
    log(`mobile profile: ${MOBILE.describe}`);
    for (const n of MOBILE_SIZES) await run(n, 'mobile', 'mobile profile, ', results.mobile);
  } finally {
    await browser.close();
    rmSync(dirname(DIST), { recursive: true, force: true });
  }

  console.log('\n================ reader benchmark ================\n');
  console.log(`Machine: ${results.machine.nproc} cores (${results.machine.model}), Chromium ${results.machine.chromium}, Node ${process.version}, viewport 1280×800.`);
  console.log(`Build: ${results.build.wasm} (built ${results.build.builtAt}), git ${results.build.gitShort} with ${results.build.gitDirtyFiles} changed files in the work tree.`);
  console.log(`Load figures: median of ${LOADS} loads after a warm-up (each load in parentheses); filters: ${FILTER_REPS} × on and off in the last load.\n`);
  for (const size of results.sizes) console.log(`${setLine(size)}; rare word "${size.rareWord}"; load average before ${loadavgText(size.loadavgBefore)}, after ${loadavgText(size.loadavgAfter)}.`);
  if (results.sizes.length) console.log(`\n${table(results)}`);
  for (const size of results.mobile) {
    console.log(`\n${mobileTable(size)}\n\nLoad average before ${loadavgText(size.loadavgBefore)}, after ${loadavgText(size.loadavgAfter)}.`);
  }
  console.log(`\nResults: ${resultsPath}`);
  if (results.sizes.some((s) => s.reader.error) || results.mobile.some((s) => s.mobile.error)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
