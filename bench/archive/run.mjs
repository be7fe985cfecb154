// Large-archive benchmark (issue 7): Broadsheet's sharded archive against
// Pagefind's prebuilt index, on the same generated N-article set, in
// headless Chromium. One command:
//
//   ./dev bench archive --articles 100000 [--skip-broadsheet] [--skip-pagefind]
//        [--work DIR] [--app-root DIR] [--reindex] [--reingest] [--queries K]
//
//   1. set: bench/browser/gen-sets.mjs --realistic writes WORK/<N>/set.json
//      (--copies: make_archive's copies of the bundle, in WORK/<N>-copies/);
//   2. Pagefind: render.mjs writes one HTML page per article into
//      WORK/<N>/pagefind-site/p/…, `pagefind --site` indexes it (wall
//      clock, peak RSS via /usr/bin/time -v, output sizes by kind), then in
//      Chromium, per query of ../browser/queries.json: cold (fresh context,
//      pagefind.js imported and init() done, then search + data() of the 20
//      first results) and warm (the same again on that page) latency and
//      bytes; memory after 20 queries on one page;
//   3. Broadsheet (skipped with a message unless APP/target/release/
//      broadsheet-ingest --help mentions --shards, and APP/dist exists):
//      `broadsheet-ingest set.json --shards SITE/broadsheet/static`, the app
//      from APP/dist symlinked around it; first cards (broadsheet:cards
//      mark), cold/warm queries typed into the search box (done when
//      section.results[data-query] equals the query), memory after 20 queries.
// Sets, sites and indexes are cached in WORK/<N>/ (default
// $TMPDIR/broadsheet-archive-bench), so reruns only measure. Writes
// results/<N>-<timestamp>.json and prints Markdown tables.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openBenchPage, serveSite, median, summary } from '../browser/lib.mjs';
import { launchChromium } from '../../tools/browser/chromium.mjs';
import { renderSite } from './render.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const MODULES = join(ROOT, 'node_modules');
const PAGEFIND_BIN = join(MODULES, '@pagefind/linux-x64/bin/pagefind_extended');

const { values: opt } = parseArgs({
  options: {
    articles: { type: 'string' },
    'skip-broadsheet': { type: 'boolean', default: false },
    'skip-pagefind': { type: 'boolean', default: false },
    work: { type: 'string', default: process.env.ARCHIVE_WORK || join(tmpdir(), 'broadsheet-archive-bench') },
    'app-root': { type: 'string', default: process.env.APP_ROOT || ROOT },
    reindex: { type: 'boolean', default: false },
    reingest: { type: 'boolean', default: false },
    queries: { type: 'string' },
    'index-only': { type: 'boolean', default: false },
    'pf-parts': { type: 'string', default: '1' },
    copies: { type: 'boolean', default: false },
    // `growing`: bench/vocabulary/gen-archive.mjs (issue 17: ≥ 1M terms at 1M articles, streamed, any size).
    vocabulary: { type: 'string', default: 'realistic' },
    // An archive built already (bench/archive/build-in-batches.sh WORK: WORK/joined), measured as it is.
    archive: { type: 'string' },
  },
});
if (opt.archive && !opt['skip-pagefind']) {
  console.error('--archive DIR measures an archive built already: with --skip-pagefind (Pagefind needs the set)');
  process.exit(2);
}
if (!['realistic', 'growing'].includes(opt.vocabulary)) {
  console.error(`--vocabulary realistic|growing (got ${opt.vocabulary})`);
  process.exit(2);
}
if (!opt.articles) {
  console.error('usage: ./dev bench archive --articles N [--copies | --vocabulary growing] [--skip-broadsheet] [--skip-pagefind] [--work DIR] [--app-root DIR] [--reindex] [--reingest] [--queries K] [--index-only]');
  process.exit(2);
}
const N = Number(opt.articles.replace(/_/g, ''));
const APP = resolve(opt['app-root']);
const WORK = join(resolve(opt.work), opt.copies ? `${N}-copies` : opt.vocabulary === 'growing' ? `${N}-growing` : String(N));
const QUERY_LIST = JSON.parse(readFileSync(join(ROOT, 'bench/browser/queries.json'), 'utf8')).queries
  .map((x) => x.q).slice(0, opt.queries ? Number(opt.queries) : undefined);
const MEMORY_QUERIES = 20;
/** Pagefind indexes the site as this many separate indexes, merged in the page (mergeIndex). */
const PF_PARTS = Math.max(1, Number(opt['pf-parts']));
const PF_SUFFIX = PF_PARTS === 1 ? '' : `-p${PF_PARTS}`;
/** Kill an indexer when the machine's MemAvailable falls under this (MiB). */
const GUARD_MIB = Number(process.env.GUARD_MIB || 1536);
const RESULTS_SHOWN = 20;

const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const secs = (t) => (performance.now() - t) / 1000;

// ---------------------------------------------------------------- files

/** Bytes and file count under `dir` (following no symlinks), and the largest file. */
function walk(dir, visit) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, visit);
    else if (e.isFile()) visit(p, statSync(p).size);
  }
}
function dirStats(dir) {
  const s = { bytes: 0, files: 0, largest: { path: null, bytes: 0 } };
  walk(dir, (p, size) => {
    s.bytes += size; s.files++;
    if (size > s.largest.bytes) s.largest = { path: relative(dir, p), bytes: size };
  });
  return s;
}

// ---------------------------------------------------------------- the set

/**
 * The article set: by default bench/browser/gen-sets.mjs's realistic
 * generator (real paragraphs, a vocabulary growing like a news archive's),
 * else (`--copies`, e.g. for 1M articles, past what one JS string holds)
 * make_archive's copies of the bundled set. Returns its path, bytes and
 * vocabulary (distinct words; null for copies: the bundle's 15.9k).
 */
function ensureSet() {
  const set = join(WORK, 'set.json');
  const about = join(WORK, 'set-info.json');
  if (existsSync(set) && existsSync(about)) return JSON.parse(readFileSync(about, 'utf8'));
  // A cache from before set-info.json holds copies: start afresh.
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const t = performance.now();
  let vocabulary = null;
  if (opt.copies) {
    const bin = join(ROOT, 'target/release/examples/make_archive');
    if (!existsSync(bin)) {
      log('building make_archive (cargo build --release -p broadsheet-ingest --example make_archive)');
      execFileSync('cargo', ['build', '--release', '-p', 'broadsheet-ingest', '--example', 'make_archive'], { cwd: ROOT, stdio: 'inherit' });
    }
    execFileSync(bin, ['--articles', String(N), '--out', `${set}.tmp`, '--from', join(ROOT, 'static/articles.json')], { stdio: 'inherit' });
  } else if (opt.vocabulary === 'growing') {
    const said = execFileSync(process.execPath, [join(ROOT, 'bench/vocabulary/gen-archive.mjs'), String(N), `${set}.tmp`], { encoding: 'utf8' });
    vocabulary = Number(/vocabulary (\d+)/.exec(said)?.[1]) || null;
  } else {
    const said = execFileSync(process.execPath, ['--max-old-space-size=8192', join(ROOT, 'bench/browser/gen-sets.mjs'), '--realistic', String(N), `${set}.tmp`], { encoding: 'utf8' });
    vocabulary = Number(/vocabulary (\d+)/.exec(said)?.[1]) || null;
  }
  execFileSync('mv', [`${set}.tmp`, set]);
  const kind = opt.copies ? 'copies' : opt.vocabulary;
  const info = { path: set, kind, bytes: statSync(set).size, vocabulary };
  writeFileSync(about, JSON.stringify(info));
  log(`set: ${N} ${info.kind} articles, ${(info.bytes / 1e6).toFixed(1)} MB, vocabulary ${vocabulary ?? '–'}, in ${secs(t).toFixed(1)} s`);
  return info;
}

/** Runs `cmd args` under /usr/bin/time -v (when present): wall seconds, peak RSS, output. */
function timed(cmd, args, cwd) {
  return new Promise((ok, fail) => {
    const hasTime = existsSync('/usr/bin/time');
    const child = hasTime
      ? spawn('/usr/bin/time', ['-v', cmd, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const t = performance.now();
    // Guard: the machine is shared, so the tool is killed (and the run
    // reported as failed) before it can push the kernel into OOM-killing
    // other processes: when MemAvailable falls under GUARD_MIB.
    let killedForMemory = null;
    const guard = setInterval(() => {
      try {
        const avail = Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))[1]) / 1024;
        if (avail < GUARD_MIB && !killedForMemory) {
          const kids = hasTime ? readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [child.pid];
          killedForMemory = { afterSeconds: secs(t), memAvailableMiB: avail };
          log(`${basename(cmd)}: MemAvailable ${avail.toFixed(0)} MiB < ${GUARD_MIB} MiB after ${secs(t).toFixed(0)} s: killing it`);
          for (const k of kids) process.kill(k, 'SIGKILL');
        }
      } catch { /* gone */ }
    }, 200);
    child.on('exit', (code) => {
      clearInterval(guard);
      const wall = secs(t);
      if (killedForMemory) {
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
        const e = new Error(`${cmd} killed: the machine ran short of memory (MemAvailable ${killedForMemory.memAvailableMiB.toFixed(0)} MiB) after ${wall.toFixed(0)} s, peak RSS ${rss ? (Number(rss[1]) / 1024).toFixed(0) : '?'} MiB`);
        e.killed = { ...killedForMemory, wallSeconds: wall, peakRssBytes: rss ? Number(rss[1]) * 1024 : null };
        return fail(e);
      }
      if (code !== 0) return fail(new Error(`${cmd} exited ${code}\n${out.slice(-2000)}\n${err.slice(-2000)}`));
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      const user = /User time \(seconds\): ([\d.]+)/.exec(err);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(err);
      ok({
        wallSeconds: wall,
        peakRssBytes: rss ? Number(rss[1]) * 1024 : null,
        userSeconds: user ? Number(user[1]) : null,
        sysSeconds: sys ? Number(sys[1]) : null,
        stdout: out, stderr: err,
      });
    });
  });
}

// ---------------------------------------------------------------- browser

/**
 * Before any page script: records every WebAssembly.Memory the page
 * instantiates (window.__wasmMemories), so its size can be read for engines
 * that do not expose it.
 */
const WASM_HOOK = () => {
  const mems = (self.__wasmMemories = []);
  const note = (result) => {
    const inst = result && (result.instance || result);
    try {
      for (const v of Object.values(inst.exports || {})) if (v instanceof WebAssembly.Memory) mems.push(v);
    } catch { /* not an instance */ }
    return result;
  };
  const wrap = (name) => {
    const orig = WebAssembly[name];
    if (orig) WebAssembly[name] = function (...a) { return orig.apply(this, a).then(note); };
  };
  wrap('instantiate');
  wrap('instantiateStreaming');
};

/**
 * A fresh context and page, with every response's bytes (headers + body as
 * received, Playwright's request.sizes(), which also sees the page's
 * workers) added to `net.bytes` and `net.requests`.
 */
/**
 * The page's prefetch hints (`<link rel="prefetch" href>` in the app's
 * index.html, e.g. index-worker.js): Chromium may leave such a request open
 * and never report it finished (an archive never starts the index worker),
 * so the quiet-network wait leaves them out.
 */
const PREFETCHED = (() => {
  try {
    const html = readFileSync(join(APP, 'dist/index.html'), 'utf8');
    return [...html.matchAll(/<link rel="prefetch" href="([^"]+)"/g)].map((m) => `/${m[1].replace(/^\.\//, '')}`);
  } catch {
    return [];
  }
})();
const isPrefetch = (url) => PREFETCHED.some((path) => new URL(url).pathname.endsWith(path));

async function openPage(browser) {
  const net = { bytes: 0, body: 0, requests: 0, pending: new Set(), inflight: 0, urls: [], open: new Set() };
  const account = (req) => {
    net.inflight--;
    const p = Promise.all([req.sizes(), req.response()]).then(([s, res]) => {
      // Playwright reports 0 body bytes for a worker's script (checked
      // against resource timing): Content-Length (python's server always
      // sends it, and it is the size on the wire) fills that in.
      const length = Number(res?.headers()['content-length'] || 0);
      const body = Math.max(s.responseBodySize, length);
      net.bytes += body + s.responseHeadersSize;
      net.body += body;
      net.requests++;
      net.urls.push(req.url());
    }).catch(() => {}).finally(() => net.pending.delete(p));
    net.pending.add(p);
  };
  const opened = await openBenchPage(browser, {
    prepare: async (context) => {
      await context.addInitScript(WASM_HOOK);
      context.on('request', (req) => { if (!isPrefetch(req.url())) { net.inflight++; net.open.add(req); } });
      context.on('requestfinished', (req) => {
        if (isPrefetch(req.url())) net.inflight++; // counted by account() below, never waited for
        net.open.delete(req);
        account(req);
      });
      context.on('requestfailed', (req) => { if (!isPrefetch(req.url())) net.inflight--; net.open.delete(req); });
    },
  });
  /** Bytes received so far, once every finished request is accounted. */
  net.snapshot = async () => {
    await Promise.all([...net.pending]);
    return { bytes: net.bytes, body: net.body, requests: net.requests };
  };
  net.delta = (a, b) => ({ bytes: b.bytes - a.bytes, body: b.body - a.body, requests: b.requests - a.requests });
  /** Waits until no request is in flight for `quietMs` (at most `maxMs`). */
  net.idle = async (quietMs = 500, maxMs = 120_000) => {
    const t = Date.now();
    let quietSince = Date.now();
    while (Date.now() - t < maxMs) {
      if (net.inflight > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= quietMs) break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    if (net.inflight > 0) {
      log(`network never quiet for ${quietMs} ms in ${maxMs} ms: in flight ${[...net.open].map((r) => `${r.url()} (${r.resourceType()})`).join(', ') || `(${net.inflight} not seen start)`}`);
    }
    await Promise.all([...net.pending]);
  };
  return { ...opened, net };
}

/** JS heap of the page after GC (CDP), the UA-specific memory measure (all the page's agents, workers included) and the wasm memories. */
async function memoryOf(page, cdp) {
  await cdp.send('HeapProfiler.enable');
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const inPage = await page.evaluate(async () => {
    let uaBytes = null;
    let uaError = null;
    if (self.crossOriginIsolated && performance.measureUserAgentSpecificMemory) {
      try {
        const m = await Promise.race([
          performance.measureUserAgentSpecificMemory(),
          new Promise((_, no) => setTimeout(() => no(new Error('timeout')), 30_000)),
        ]);
        uaBytes = m.bytes;
      } catch (e) { uaError = String(e); }
    } else uaError = 'not available (needs cross-origin isolation)';
    const wasm = (self.__wasmMemories || []).reduce((s, m) => s + m.buffer.byteLength, 0);
    const exposed = self.wasmBindings?.wasmMemoryBytes?.() ?? null;
    return { uaBytes, uaError, wasmHooked: wasm, wasmExposed: exposed };
  });
  const workers = [];
  for (const w of page.workers()) {
    try { workers.push(await w.evaluate(() => (self.__wasmMemories || []).reduce((s, m) => s + m.buffer.byteLength, 0))); } catch { /* gone */ }
  }
  const wasmWorkers = workers.reduce((a, b) => a + b, 0);
  return {
    jsHeapUsed: usedSize,
    userAgentSpecificMemory: inPage.uaBytes,
    userAgentSpecificMemoryError: inPage.uaError,
    wasmMemory: inPage.wasmExposed ?? (inPage.wasmHooked + wasmWorkers),
    wasmMemoryPage: inPage.wasmHooked,
    wasmMemoryWorkers: wasmWorkers,
  };
}

// ---------------------------------------------------------------- Pagefind

function pagefindVersion() {
  return JSON.parse(readFileSync(join(MODULES, 'pagefind/package.json'), 'utf8')).version;
}

function pagefindKind(rel) {
  const name = basename(rel);
  if (rel.startsWith('index/')) return 'index';
  if (rel.startsWith('fragment/')) return 'fragment';
  if (rel.startsWith('filter/')) return 'filter';
  if (name.endsWith('.pf_meta') || name === 'pagefind-entry.json') return 'meta';
  if (name.startsWith('wasm.')) return 'wasm';
  if (name === 'pagefind.js' || name === 'pagefind-worker.js') return 'searchJs';
  return 'ui';
}

async function pagefindIndex(setPath) {
  const site = join(WORK, 'pagefind-site');
  const statsFile = join(WORK, `pagefind-index${PF_SUFFIX}.json`);
  if (!opt.reindex && existsSync(statsFile)) {
    log('pagefind: cached index', site);
    return { site, index: JSON.parse(readFileSync(statsFile, 'utf8')) };
  }
  const rendered = join(site, '.rendered.json');
  let render;
  if (existsSync(rendered)) render = JSON.parse(readFileSync(rendered, 'utf8'));
  else {
    rmSync(site, { recursive: true, force: true });
    mkdirSync(site, { recursive: true });
    const t = performance.now();
    log(`pagefind: rendering ${N} pages`);
    const r = await renderSite(setPath, site);
    render = { ...r, seconds: secs(t) };
    writeFileSync(rendered, JSON.stringify(render));
    log(`pagefind: rendered ${r.pages} pages (${(r.bytes / 1e6).toFixed(0)} MB) in ${render.seconds.toFixed(1)} s`);
  }
  writeFileSync(join(site, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><body></body>\n');
  // PF_PARTS indexes (--pf-parts K): part k indexes the page folders
  // p/<f> with f in its contiguous range (--glob), output in
  // pagefind-part<k>/; the page merges them (pagefind.mergeIndex).
  const folders = Math.ceil(render.pages / 1000);
  const parts = [];
  for (let k = 0; k < PF_PARTS; k++) {
    const from = Math.floor((k * folders) / PF_PARTS);
    const to = Math.floor(((k + 1) * folders) / PF_PARTS);
    const out = PF_PARTS === 1 ? 'pagefind' : `pagefind-part${k}`;
    const args = ['--site', '.'];
    if (PF_PARTS > 1) {
      const list = Array.from({ length: to - from }, (_, i) => from + i).join(',');
      args.push('--glob', to - from === 1 ? `p/${from}/*.html` : `p/{${list}}/*.html`, '--output-subdir', out);
    }
    rmSync(join(site, out), { recursive: true, force: true });
    log(`pagefind: indexing part ${k + 1}/${PF_PARTS} (${PAGEFIND_BIN} ${args.join(' ').slice(0, 120)})`);
    let run;
    try {
      run = await timed(PAGEFIND_BIN, args, site);
    } catch (e) {
      if (!e.killed) throw e;
      const index = { tool: `pagefind_extended ${pagefindVersion()}`, command: `pagefind ${args.join(' ')}`, parts: PF_PARTS, part: k, render, failed: e.message, ...e.killed };
      writeFileSync(join(WORK, `pagefind-index${PF_SUFFIX}-failed.json`), JSON.stringify(index, null, 2));
      log(`pagefind: ${e.message}`);
      return { site, index };
    }
    const pages = /Indexed (\d+) pages/.exec(run.stdout);
    parts.push({ out, folders: [from, to], pages: pages ? Number(pages[1]) : null, wallSeconds: run.wallSeconds, userSeconds: run.userSeconds, sysSeconds: run.sysSeconds, peakRssBytes: run.peakRssBytes, log: run.stdout.split('\n').filter((l) => /Indexed|Finished|Found|Discovered/.test(l)).map((l) => l.trim()) });
    log(`pagefind: part ${k + 1}/${PF_PARTS}: ${parts.at(-1).pages} pages in ${run.wallSeconds.toFixed(1)} s, peak RSS ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
  }
  const sizes = { total: 0, files: 0, index: 0, fragment: 0, filter: 0, meta: 0, wasm: 0, searchJs: 0, ui: 0 };
  const counts = { index: 0, fragment: 0, filter: 0 };
  let largest = { path: null, bytes: 0 };
  for (const part of parts) {
    walk(join(site, part.out), (p, size) => {
      const rel = relative(join(site, part.out), p);
      const kind = pagefindKind(rel);
      // Only part 0's JS and UI are served: the others' are not counted.
      if (part !== parts[0] && (kind === 'searchJs' || kind === 'ui')) return;
      sizes[kind] += size; sizes.total += size; sizes.files++;
      if (kind in counts) counts[kind]++;
      if (size > largest.bytes) largest = { path: `${part.out}/${rel}`, bytes: size };
    });
  }
  const index = {
    tool: `pagefind_extended ${pagefindVersion()}`,
    command: PF_PARTS === 1 ? 'pagefind --site SITE' : `pagefind --site SITE --glob 'p/{…}/*.html' --output-subdir pagefind-part<k>, ${PF_PARTS} parts, merged in the page with mergeIndex`,
    parts: PF_PARTS,
    bundles: parts.map((x) => `/${x.out}/`),
    render,
    wallSeconds: parts.reduce((a, x) => a + x.wallSeconds, 0),
    userSeconds: parts.reduce((a, x) => a + (x.userSeconds ?? 0), 0),
    sysSeconds: parts.reduce((a, x) => a + (x.sysSeconds ?? 0), 0),
    peakRssBytes: Math.max(...parts.map((x) => x.peakRssBytes ?? 0)),
    sizes,
    fileCounts: counts,
    largest,
    /** What a search page downloads before its first query at most: JS + wasm + meta (the UI files are not used). */
    runtimeBytes: sizes.searchJs + sizes.wasm + sizes.meta,
    perPart: parts,
  };
  writeFileSync(statsFile, JSON.stringify(index, null, 2));
  log(`pagefind: indexed in ${index.wallSeconds.toFixed(1)} s, peak RSS ${(index.peakRssBytes / 2 ** 20).toFixed(0)} MiB, ${(sizes.total / 1e6).toFixed(1)} MB in ${sizes.files} files`);
  return { site, index };
}

const PF_INIT = async (bundles) => {
  const t = performance.now();
  const pagefind = await import(`${bundles[0]}pagefind.js`);
  for (const b of bundles.slice(1)) await pagefind.mergeIndex(b);
  await pagefind.init();
  self.__pf = pagefind;
  return performance.now() - t;
};
const PF_QUERY = async ([q, shown]) => {
  const t0 = performance.now();
  const r = await self.__pf.search(q);
  const t1 = performance.now();
  const data = await Promise.all(r.results.slice(0, shown).map((x) => x.data()));
  const t2 = performance.now();
  return {
    ms: t2 - t0, searchMs: t1 - t0, dataMs: t2 - t1,
    results: r.results.length, unfiltered: r.unfilteredResultCount ?? null,
    top: data.slice(0, 3).map((d) => d.meta?.title ?? d.url),
  };
};

async function pagefindQueries(browser, site, index) {
  const server = await serveSite(site);
  const perQuery = [];
  const inits = [];
  try {
    for (const q of QUERY_LIST) {
      const { context, page, net, problems } = await openPage(browser);
      try {
        await page.goto(`${server.origin}/blank.html`);
        const before = await net.snapshot();
        const initMs = await page.evaluate(PF_INIT, index.bundles ?? ['/pagefind/']);
        await net.idle(200);
        const afterInit = await net.snapshot();
        inits.push({ ms: initMs, ...net.delta(before, afterInit) });
        const cold = await page.evaluate(PF_QUERY, [q, RESULTS_SHOWN]);
        const afterCold = await net.snapshot();
        const warm = await page.evaluate(PF_QUERY, [q, RESULTS_SHOWN]);
        const afterWarm = await net.snapshot();
        perQuery.push({
          q,
          results: cold.results,
          top: cold.top,
          cold: { ms: cold.ms, searchMs: cold.searchMs, dataMs: cold.dataMs, ...net.delta(afterInit, afterCold) },
          warm: { ms: warm.ms, searchMs: warm.searchMs, dataMs: warm.dataMs, ...net.delta(afterCold, afterWarm) },
          problems: problems.length ? problems : undefined,
        });
        log(`pagefind: ${JSON.stringify(q)} ${cold.results} results, cold ${cold.ms.toFixed(0)} ms ${(net.delta(afterInit, afterCold).bytes / 1024).toFixed(0)} KiB, warm ${warm.ms.toFixed(1)} ms`);
      } catch (e) {
        // A query that crashes the tab (out of memory at 1M) is recorded,
        // and the next one gets a fresh page.
        const error = String(e.message || e).split('\n')[0];
        perQuery.push({ q, error });
        log(`pagefind: ${JSON.stringify(q)} failed: ${error}`);
      } finally {
        await context.close().catch(() => {});
      }
    }
    // Memory after 20 queries on one page.
    const { context, page, cdp, net } = await openPage(browser);
    let memory;
    try {
      // Pagefind runs its wasm in a worker, where init scripts do not run:
      // the worker script gets the WebAssembly hook prepended (this page only).
      await context.route('**/pagefind-worker.js', async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, body: `(${WASM_HOOK})();\n${await res.text()}` });
      });
      await page.goto(`${server.origin}/blank.html`);
      await page.evaluate(PF_INIT, index.bundles ?? ['/pagefind/']);
      for (const q of QUERY_LIST.slice(0, MEMORY_QUERIES)) await page.evaluate(PF_QUERY, [q, RESULTS_SHOWN]);
      const s = await net.snapshot();
      memory = { queries: Math.min(MEMORY_QUERIES, QUERY_LIST.length), bytesFetched: s.bytes, ...(await memoryOf(page, cdp)) };
    } catch (e) {
      memory = { error: String(e.message || e).split('\n')[0] };
      log(`pagefind: memory after ${MEMORY_QUERIES} queries failed: ${memory.error}`);
    } finally {
      await context.close().catch(() => {});
    }
    return { perQuery, init: { ms: summary(inits.map((x) => x.ms)), bytes: median(inits.map((x) => x.bytes)), requests: median(inits.map((x) => x.requests)) }, memory };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------- Broadsheet

function broadsheetReady() {
  const bin = join(APP, 'target/release/broadsheet-ingest');
  if (!existsSync(bin)) return { ok: false, why: `${bin} is missing (cargo build --release -p broadsheet-ingest)` };
  let help = '';
  try {
    help = execFileSync(bin, ['--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    help = `${e.stdout || ''}${e.stderr || ''}`;
  }
  if (!help.includes('--shards')) return { ok: false, why: `${bin} --help does not mention --shards (no sharded archives in this build yet)` };
  const dist = join(APP, 'dist');
  if (!existsSync(join(dist, 'index.html'))) return { ok: false, why: `${dist} has no build (./dev build)` };
  return { ok: true, bin, dist };
}

/**
 * What build-in-batches.sh wrote beside an archive (`--archive WORK/joined`):
 * the set's size and vocabulary (WORK/times/generated) and each step's
 * /usr/bin/time -v output (WORK/times/*).
 */
function prebuiltSet(archive) {
  const times = join(dirname(archive), 'times');
  const said = existsSync(join(times, 'generated')) ? readFileSync(join(times, 'generated'), 'utf8') : '';
  return {
    path: null,
    kind: `growing (built in batches: ${archive})`,
    bytes: Number(/(\d+) bytes/.exec(said)?.[1]) || null,
    vocabulary: Number(/vocabulary (\d+)/.exec(said)?.[1]) || null,
  };
}

/** Each build-in-batches.sh step's wall (s) and peak RSS (bytes), from /usr/bin/time -v. */
function prebuiltSteps(archive) {
  const times = join(dirname(archive), 'times');
  const steps = {};
  for (const name of existsSync(times) ? readdirSync(times) : []) {
    const text = readFileSync(join(times, name), 'utf8');
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(text);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    if (!wall || !rss) continue;
    steps[name] = { wallSeconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]), peakRssBytes: Number(rss[1]) * 1024 };
  }
  return steps;
}

async function broadsheetIngest(setPath, bin, dist) {
  const site = join(WORK, 'broadsheet-site');
  const app = join(site, 'broadsheet');
  const shards = join(app, 'static');
  const statsFile = join(WORK, 'broadsheet-ingest.json');
  if (opt.archive) {
    const archive = resolve(opt.archive);
    rmSync(site, { recursive: true, force: true });
    mkdirSync(app, { recursive: true });
    symlinkSync(archive, shards);
    const all = dirStats(archive);
    const steps = prebuiltSteps(archive);
    const batches = Object.entries(steps).filter(([k]) => k.startsWith('batch-'));
    const batchWall = existsSync(join(dirname(archive), 'times/batches-wall'))
      ? Number(/(\d+) s/.exec(readFileSync(join(dirname(archive), 'times/batches-wall'), 'utf8'))?.[1]) : null;
    const ingest = {
      command: `bench/archive/build-in-batches.sh (${archive})`,
      wallSeconds: batchWall === null ? null : batchWall + (steps.join?.wallSeconds ?? 0) + (steps.merge?.wallSeconds ?? 0),
      peakRssBytes: Math.max(0, ...Object.values(steps).map((x) => x.peakRssBytes)),
      steps,
      batches: batches.length,
      sizes: { total: all.bytes, files: all.files, largest: all.largest, index: existsSync(join(archive, 'index')) ? dirStats(join(archive, 'index')).bytes : null, manifest: statSync(join(archive, 'articles.json')).size },
    };
    linkApp(site, app, shards, dist);
    log(`broadsheet: the archive built already at ${archive}: ${(all.bytes / 1e6).toFixed(1)} MB in ${all.files} files`);
    return { site, ingest };
  }
  const binStat = statSync(bin);
  const stamp = `${binStat.size}:${binStat.mtimeMs}`;
  let ingest = existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : null;
  if (opt.reingest || !ingest || ingest.binary !== stamp || !existsSync(join(shards, 'articles.json'))) {
    rmSync(site, { recursive: true, force: true });
    mkdirSync(app, { recursive: true });
    log(`broadsheet: ingesting (${bin} ${setPath} --shards ${shards})`);
    const run = await timed(bin, [setPath, '--shards', shards], ROOT);
    const all = dirStats(shards);
    const index = existsSync(join(shards, 'index')) ? dirStats(join(shards, 'index')) : null;
    ingest = {
      binary: stamp,
      command: 'broadsheet-ingest SET.json --shards DIR',
      wallSeconds: run.wallSeconds, userSeconds: run.userSeconds, sysSeconds: run.sysSeconds,
      peakRssBytes: run.peakRssBytes,
      sizes: { total: all.bytes, files: all.files, largest: all.largest, index: index?.bytes ?? null, indexFiles: index?.files ?? null, manifest: statSync(join(shards, 'articles.json')).size },
      log: run.stderr.split('\n').filter((l) => l && !/^\s+(Command being timed|User time|System time|Percent|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status)/.test(l)).slice(-10),
    };
    writeFileSync(statsFile, JSON.stringify(ingest, null, 2));
    log(`broadsheet: ingested in ${run.wallSeconds.toFixed(1)} s, ${(all.bytes / 1e6).toFixed(1)} MB in ${all.files} files`);
  } else log('broadsheet: cached shards', shards);
  linkApp(site, app, shards, dist);
  return { site, ingest };
}

/** The app around the shards, as bench/browser/lib.mjs's makeSite does. */
function linkApp(site, app, shards, dist) {
  for (const name of readdirSync(dist)) {
    if (name === 'static' || name.startsWith('.')) continue;
    const link = join(app, name);
    rmSync(link, { force: true, recursive: false });
    symlinkSync(join(dist, name), link);
  }
  if (existsSync(join(dist, 'static'))) {
    for (const name of readdirSync(join(dist, 'static'))) {
      if (name !== 'articles.json' && !existsSync(join(shards, name))) symlinkSync(join(dist, 'static', name), join(shards, name));
    }
  }
  writeFileSync(join(site, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><body></body>\n');
}

const BS_WAIT_CARDS = () => new Promise((ok) => {
  const find = () => performance.getEntriesByName('broadsheet:cards')[0];
  const tick = () => { const m = find(); if (m) ok(m.startTime); else setTimeout(tick, 10); };
  tick();
});
/** Resource-timing bytes (transferSize) of everything whose response ended by `until` (ms). */
const RT_BYTES = (until) => {
  const nav = performance.getEntriesByType('navigation')[0];
  let bytes = nav ? nav.transferSize : 0;
  let n = nav ? 1 : 0;
  for (const r of performance.getEntriesByType('resource')) if (r.responseEnd <= until) { bytes += r.transferSize; n++; }
  return { bytes, requests: n };
};
/** The element whose data-query equals the query once its results are shown in full. */
const BS_DONE = process.env.BS_DONE_SELECTOR || 'section.results[data-query]';
const BS_QUERY = async ([q, timeoutMs, doneSelector]) => {
  // The search box (the timeline's "Compare with…" box is a search input too).
  const input = document.querySelector('#search-input');
  if (!input) throw new Error('no #search-input');
  const shown = () => {
    const el = document.querySelector(doneSelector);
    return el && el.getAttribute('data-query') === q ? el : null;
  };
  const set = (v) => {
    input.focus();
    input.value = v;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: v }));
  };
  if (shown()) {
    // The same query again: clear first, so the page shows it anew.
    set('');
    const t = performance.now();
    while (shown() && performance.now() - t < 5000) await new Promise((ok) => setTimeout(ok, 5));
  }
  const t0 = performance.now();
  set(q);
  const el = await new Promise((ok, fail) => {
    const now = shown();
    if (now) return ok(now);
    const mo = new MutationObserver(() => { const e = shown(); if (e) { mo.disconnect(); clearTimeout(timer); ok(e); } });
    mo.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-query'] });
    const timer = setTimeout(() => { mo.disconnect(); fail(new Error(`no ${doneSelector} = ${JSON.stringify(q)} after ${timeoutMs} ms`)); }, timeoutMs);
  });
  const count = document.querySelector('.result-count') || el;
  return { ms: performance.now() - t0, count: count.textContent.trim().slice(0, 80), t0 };
};
/**
 * Waits, after BS_QUERY, until the results are complete: newest first, a
 * large archive shows a common word's newest results first (the results
 * section `aria-busy` while the rest are counted). Times from BS_QUERY's t0.
 */
const BS_COMPLETE = async ([q, t0, timeoutMs]) => {
  const done = () => {
    const s = document.querySelector('section.results');
    return s && s.getAttribute('data-query') === q && !s.hasAttribute('aria-busy');
  };
  await new Promise((ok, fail) => {
    if (done()) return ok();
    const mo = new MutationObserver(() => { if (done()) { mo.disconnect(); clearTimeout(timer); ok(); } });
    mo.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-query', 'aria-busy'] });
    const timer = setTimeout(() => { mo.disconnect(); fail(new Error(`${JSON.stringify(q)} not complete after ${timeoutMs} ms`)); }, timeoutMs);
  });
  const count = document.querySelector('.result-count');
  return { ms: performance.now() - t0, count: count ? count.textContent.trim().slice(0, 80) : '' };
};

async function broadsheetLoad(page, net, origin) {
  const before = await net.snapshot();
  await page.goto(`${origin}/broadsheet/`, { waitUntil: 'commit', timeout: 600_000 });
  const cardsMs = await page.evaluate(BS_WAIT_CARDS);
  const atCards = await net.snapshot();
  const rt = await page.evaluate(RT_BYTES, cardsMs);
  return { cardsMs, atCards: net.delta(before, atCards), resourceTiming: rt };
}

async function broadsheetQueries(browser, site) {
  const server = await serveSite(site);
  const perQuery = [];
  const loads = [];
  let firstLoadUrls = [];
  try {
    for (const q of QUERY_LIST) {
      const { context, page, net, problems } = await openPage(browser);
      try {
        const load = await broadsheetLoad(page, net, server.origin);
        const afterCards = await net.snapshot();
        await net.idle(500);
        const idle = await net.snapshot();
        loads.push({ ...load, afterCardsUntilIdle: net.delta(afterCards, idle) });
        // What the first load fetched (until idle), for the record.
        if (loads.length === 1) firstLoadUrls = net.urls.map((u) => u.replace(server.origin, ''));
        // Cold: until the results show (a common word's newest first, in
        // a large archive), then until they are complete (the count).
        const cold = await page.evaluate(BS_QUERY, [q, 120_000, BS_DONE]);
        const afterFirst = await net.snapshot();
        const complete = await page.evaluate(BS_COMPLETE, [q, cold.t0, 120_000]);
        const afterCold = await net.snapshot();
        const warm = await page.evaluate(BS_QUERY, [q, 120_000, BS_DONE]);
        await page.evaluate(BS_COMPLETE, [q, warm.t0, 120_000]);
        const afterWarm = await net.snapshot();
        perQuery.push({
          q, count: complete.count, first: cold.count === complete.count ? undefined : cold.count,
          cold: { ms: cold.ms, ...net.delta(idle, afterFirst) },
          complete: { ms: complete.ms, ...net.delta(idle, afterCold) },
          warm: { ms: warm.ms, ...net.delta(afterCold, afterWarm) },
          problems: problems.length ? problems : undefined,
        });
        log(`broadsheet: ${JSON.stringify(q)} ${complete.count}, cards ${load.cardsMs.toFixed(0)} ms, cold ${cold.ms.toFixed(0)} ms ${(net.delta(idle, afterFirst).bytes / 1024).toFixed(0)} KiB${cold.count === complete.count ? '' : ` (newest first: ${cold.count.slice(0, 30)}), complete ${complete.ms.toFixed(0)} ms ${(net.delta(idle, afterCold).bytes / 1024).toFixed(0)} KiB`}, warm ${warm.ms.toFixed(1)} ms`);
      } catch (e) {
        perQuery.push({ q, error: String(e.message || e), problems });
        log(`broadsheet: ${JSON.stringify(q)} failed: ${e.message}`);
      } finally {
        await context.close();
      }
    }
    const { context, page, cdp, net } = await openPage(browser);
    let memory;
    try {
      await broadsheetLoad(page, net, server.origin);
      for (const q of QUERY_LIST.slice(0, MEMORY_QUERIES)) {
        const shown = await page.evaluate(BS_QUERY, [q, 120_000, BS_DONE]);
        await page.evaluate(BS_COMPLETE, [q, shown.t0, 120_000]);
      }
      const s = await net.snapshot();
      memory = { queries: Math.min(MEMORY_QUERIES, QUERY_LIST.length), bytesFetched: s.bytes, ...(await memoryOf(page, cdp)) };
    } catch (e) {
      memory = { error: String(e.message || e) };
    } finally {
      await context.close();
    }
    return {
      perQuery,
      firstCards: {
        ms: summary(loads.map((x) => x.cardsMs)),
        bytes: median(loads.map((x) => x.atCards.bytes)),
        requests: median(loads.map((x) => x.atCards.requests)),
        resourceTimingBytes: median(loads.map((x) => x.resourceTiming.bytes)),
        afterCardsUntilIdleBytes: median(loads.map((x) => x.afterCardsUntilIdle.bytes)),
        firstLoadUrls,
      },
      memory,
    };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------- report

function querySummary(perQuery) {
  const ok = perQuery.filter((x) => x.cold);
  return {
    coldMs: summary(ok.map((x) => x.cold.ms)),
    coldBytes: summary(ok.map((x) => x.cold.bytes)),
    coldRequests: summary(ok.map((x) => x.cold.requests)),
    // Until the results are complete (Pagefind's are at once).
    completeMs: summary(ok.map((x) => (x.complete ?? x.cold).ms)),
    completeBytes: summary(ok.map((x) => (x.complete ?? x.cold).bytes)),
    warmMs: summary(ok.map((x) => x.warm.ms)),
    warmBytes: summary(ok.map((x) => x.warm.bytes)),
    failed: perQuery.length - ok.length,
  };
}

const MB = (b) => (b == null ? '–' : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(1)} kB`);
const MS = (v) => (v == null ? '–' : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
const S = (v) => (v == null ? '–' : `${v.toFixed(1)} s`);
const ratio = (a, b) => (a == null || b == null || !b ? '–' : `${(a / b).toFixed(2)}×`);

function markdown(r) {
  const pf = r.pagefind;
  const bs = r.broadsheet && !r.broadsheet.skipped ? r.broadsheet : null;
  const pq = pf?.queries ? querySummary(pf.queries.perQuery) : null;
  const bq = bs?.queries ? querySummary(bs.queries.perQuery) : null;
  const rows = [];
  const row = (name, p, b, fmt) => rows.push(`| ${name} | ${fmt(p)} | ${bs ? fmt(b) : '–'} | ${bs ? ratio(b, p) : '–'} |`);
  row('index build, wall clock', pf?.index.wallSeconds, bs?.ingest.wallSeconds, S);
  row('index build, peak RSS', pf?.index.peakRssBytes, bs?.ingest.peakRssBytes, MB);
  row('output, total bytes', pf?.index.sizes?.total, bs?.ingest.sizes.total, MB);
  rows.push(`| output, files | ${pf?.index.sizes?.files ?? '–'} | ${bs?.ingest.sizes.files ?? '–'} | ${bs && pf?.index.sizes ? ratio(bs.ingest.sizes.files, pf.index.sizes.files) : '–'} |`);
  row('search index (pf index/ ; bs index/)', pf?.index.sizes?.index, bs?.ingest.sizes.index, MB);
  row('largest file', pf?.index.largest?.bytes, bs?.ingest.sizes.largest.bytes, MB);
  row('ready: pf init / bs first cards, median', pf?.queries?.init.ms.median, bs?.queries?.firstCards.ms.median, MS);
  row('ready: bytes', pf?.queries?.init.bytes, bs?.queries?.firstCards.bytes, MB);
  row('cold query, median', pq?.coldMs.median, bq?.coldMs.median, MS);
  row('cold query, p95', pq?.coldMs.p95, bq?.coldMs.p95, MS);
  row('cold query bytes, median', pq?.coldBytes.median, bq?.coldBytes.median, MB);
  row('cold query bytes, p95', pq?.coldBytes.p95, bq?.coldBytes.p95, MB);
  row('cold query complete (count), median', pq?.completeMs.median, bq?.completeMs.median, MS);
  row('cold query complete, p95', pq?.completeMs.p95, bq?.completeMs.p95, MS);
  row('cold query complete bytes, median', pq?.completeBytes.median, bq?.completeBytes.median, MB);
  row('cold query complete bytes, p95', pq?.completeBytes.p95, bq?.completeBytes.p95, MB);
  row('warm query, median', pq?.warmMs.median, bq?.warmMs.median, MS);
  row('warm query, p95', pq?.warmMs.p95, bq?.warmMs.p95, MS);
  row(`JS heap after ${MEMORY_QUERIES} queries (page)`, pf?.queries?.memory.jsHeapUsed, bs?.queries?.memory?.jsHeapUsed, MB);
  row('wasm memory after them', pf?.queries?.memory.wasmMemory, bs?.queries?.memory?.wasmMemory, MB);
  row('measureUserAgentSpecificMemory', pf?.queries?.memory.userAgentSpecificMemory, bs?.queries?.memory?.userAgentSpecificMemory, MB);
  const out = [
    `### ${r.articles.toLocaleString('en-US')} ${r.set.kind ?? 'copied'} articles (set ${MB(r.set.bytes)}, vocabulary ${r.set.vocabulary?.toLocaleString('en-US') ?? "the bundle's 15.9k"} words)`,
    '',
    '| | Pagefind | Broadsheet | Broadsheet ÷ Pagefind |',
    '|---|---|---|---|',
    ...rows,
  ];
  if (pf?.index.failed) out.push('', `Pagefind indexing failed: ${pf.index.failed}`);
  if (pf?.index.sizes) {
    const s = pf.index.sizes;
    out.push('', `Pagefind ${pf.index.tool}${pf.index.parts > 1 ? ` as ${pf.index.parts} merged indexes (peak RSS is the largest part's, time the sum)` : ''}: rendered ${r.articles} pages (${MB(pf.index.render.bytes)}) in ${S(pf.index.render.seconds)}; output ${MB(s.total)}: index/ ${MB(s.index)} (${pf.index.fileCounts.index} files), fragment/ ${MB(s.fragment)} (${pf.index.fileCounts.fragment} files), filter/ ${MB(s.filter)}, meta ${MB(s.meta)}, wasm ${MB(s.wasm)}, pagefind.js + worker ${MB(s.searchJs)}, UI (unused) ${MB(s.ui)}.`);
  }
  if (r.broadsheet?.skipped) out.push('', `Broadsheet skipped: ${r.broadsheet.skipped}`);
  const both = new Map();
  for (const x of pf?.queries?.perQuery ?? []) both.set(x.q, { pf: x });
  for (const x of bs?.queries?.perQuery ?? []) both.set(x.q, { ...(both.get(x.q) || {}), bs: x });
  if (both.size) {
    out.push('', '| query | pf results | pf cold | pf cold bytes | pf warm | bs results | bs cold | bs cold bytes | bs complete | bs warm |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const [q, { pf: p, bs: b }] of both) {
      const complete = b?.complete && b?.first ? `${MS(b.complete.ms)}, ${MB(b.complete.bytes)}` : '=';
      out.push(`| \`${q}\` | ${p?.results ?? (p?.error ? 'error' : '–')} | ${MS(p?.cold?.ms)} | ${MB(p?.cold?.bytes)} | ${MS(p?.warm?.ms)} | ${b?.count ?? (b?.error ? 'error' : '–')} | ${MS(b?.cold?.ms)} | ${MB(b?.cold?.bytes)} | ${complete} | ${MS(b?.warm?.ms)} |`);
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- main

const result = {
  date: new Date().toISOString(),
  articles: N,
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  queries: QUERY_LIST,
  notes: [
    'Bytes: response headers + body as received (Playwright request.sizes(), which also counts the Pagefind worker\'s fetches); python http.server sends no Content-Encoding, so only files stored compressed (Pagefind\'s pf_* files) are compressed on the wire.',
    `Pagefind queries: search(q) then data() of the first ${RESULTS_SHOWN} results; the query text is passed as is (Pagefind has no -word exclusion or typo tolerance).`,
  ],
};
result.set = opt.archive ? prebuiltSet(resolve(opt.archive)) : ensureSet();
const setPath = result.set.path;

let browser = null;
// measureUserAgentSpecificMemory() at once instead of at the next GC (≤ 20 s).
const getBrowser = async () => (browser ??= await launchChromium(['--enable-blink-features=ForceEagerMeasureMemory']));
try {
  if (!opt['skip-pagefind']) {
    const { site, index } = await pagefindIndex(setPath);
    result.pagefind = { index };
    if (!opt['index-only'] && !index.failed) result.pagefind.queries = await pagefindQueries(await getBrowser(), site, index);
  }
  if (!opt['skip-broadsheet']) {
    const ready = broadsheetReady();
    if (!ready.ok) {
      log(`broadsheet: skipped: ${ready.why}`);
      result.broadsheet = { skipped: ready.why };
    } else {
      const { site, ingest } = await broadsheetIngest(setPath, ready.bin, ready.dist);
      result.broadsheet = { ingest, app: APP };
      if (!opt['index-only']) result.broadsheet.queries = await broadsheetQueries(await getBrowser(), site);
    }
  }
} finally {
  if (browser) await browser.close();
}
if (result.pagefind?.queries) result.pagefind.summary = querySummary(result.pagefind.queries.perQuery);
if (result.broadsheet?.queries) result.broadsheet.summary = querySummary(result.broadsheet.queries.perQuery);
const resultsDir = join(HERE, 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `${N}-${result.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
console.log(markdown(result));
console.log(`\n(${relative(ROOT, file)})`);
