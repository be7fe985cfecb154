// Opening-files benchmark (issue 5): the release build in headless Chromium.
// The same generated article set (copies of static/articles.json, one
// record per line, made at bench time and deleted after) is loaded two
// ways in the same run: downloaded over HTTP from 127.0.0.1 with ?data=URL
// (the baseline: the streamed path every page load takes) and opened from disk with "Open files…".
// Also 2,000 seed-format files opened as a folder. Prints a Markdown table:
// time to cards, time until searchable, until opened files are grouped
// into wire-copy stories (the generated set is copies of 322 texts: every
// article a copy, the hardest case), the longest main-thread task, and
// wasm memory. Usage: ./dev bench open-files   (MEGABYTES=200 RUNS=3)
import { mkdtempSync, rmSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { launchChromium, openPage } from '../tools/browser/chromium.mjs';
import { startServer, startFileServer, ROOT } from '../tools/browser/static-server.mjs';
import { writeLargeSet } from '../tests/e2e/fixtures/hostile.mjs';

const MEGABYTES = Number(process.env.MEGABYTES ?? 200);
const RUNS = Number(process.env.RUNS ?? 3);
const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8')).articles;
const scratch = mkdtempSync(join(tmpdir(), 'broadsheet-open-bench-'));
const server = await startServer();
const browser = await launchChromium();

/** A fresh page watching long tasks; resolves once the bundled set shows. */
async function page() {
  const { context, page: p } = await openPage(browser, { viewport: { width: 1280, height: 900 }, serviceWorkers: 'allow' });
  await p.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  });
  return { context, p };
}

const marks = (p, name) => p.evaluate((n) => performance.getEntriesByName(n).map((m) => m.startTime), `broadsheet:${name}`);
const figures = async (p, from) => {
  const [cards] = (await marks(p, 'parsed')).concat(await marks(p, 'opened')).filter((t) => t >= from).slice(-1);
  const indexed = (await marks(p, 'indexed')).filter((t) => t >= from).pop();
  const grouped = (await marks(p, 'stories')).filter((t) => t >= from).pop();
  return {
    cards: cards - from,
    searchable: indexed - from,
    grouped: grouped === undefined ? NaN : grouped - from,
    // Tasks from the page's first reaction to the files on: the browser's
    // own handling of a large selection (building the FileList) comes before.
    longest: await p.evaluate(() => {
      const start = Math.max(0, ...performance.getEntriesByName('broadsheet:opening').map((m) => m.startTime));
      return Math.max(0, ...window.__longTasks.filter(([t]) => t >= start).map(([, d]) => d));
    }),
    memory: await p.evaluate(() => window.wasmBindings.wasmMemoryBytes() / 1e6),
    // The two steps done in one piece: sorting the opened articles into a
    // library, and finishing the index.
    library: await p.evaluate(() => {
      const [r] = performance.getEntriesByName('broadsheet:files-read').slice(-1);
      const [o] = performance.getEntriesByName('broadsheet:opened').slice(-1);
      return r && o ? o.startTime - r.startTime : NaN;
    }),
    finish: await p.evaluate(() => {
      // (None when the index worker built it: nothing was finished here.)
      const [f] = performance.getEntriesByName('broadsheet:finishing-index').slice(-1);
      const [i] = performance.getEntriesByName('broadsheet:indexed').slice(-1);
      return f && i ? i.startTime - f.startTime : NaN;
    }),
  };
};
const waitIndexed = (p, after) => p.waitForFunction((t) => performance.getEntriesByName('broadsheet:indexed').some((m) => m.startTime >= t), after, { timeout: 600_000 });

/** `path` downloaded from another port (with CORS) through `?data=URL`. */
async function download(path) {
  const files = await startFileServer({ root: dirname(path), cors: true });
  const { context, p } = await page();
  await p.goto(`${server.url}?data=${encodeURIComponent(files.url + basename(path))}`);
  await waitIndexed(p, 0);
  const f = await figures(p, 0);
  await context.close();
  await files.stop();
  return f;
}

async function open(paths, folder) {
  const { context, p } = await page();
  await p.goto(server.url);
  await waitIndexed(p, 0);
  const from = await p.evaluate(() => performance.now());
  await p.setInputFiles(folder ? '#open-folder-input' : '#open-files-input', paths);
  await waitIndexed(p, from);
  await p.waitForFunction((t) => performance.getEntriesByName('broadsheet:stories').some((m) => m.startTime >= t), from, { timeout: 600_000 });
  const f = await figures(p, from);
  await context.close();
  return f;
}

/** The longest task while a page with nothing but a folder input takes `dir`. */
async function bareFolderPick(dir) {
  const { context, page: p } = await openPage(browser);
  await p.setContent('<input id=f type=file webkitdirectory multiple>');
  await p.evaluate(() => {
    window.__lt = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(e.duration); }).observe({ type: 'longtask' });
    document.getElementById('f').onchange = (e) => { window.__n = e.target.files.length; };
  });
  await p.setInputFiles('#f', dir);
  await p.waitForFunction(() => window.__n > 0);
  await p.waitForTimeout(300);
  const longest = await p.evaluate(() => Math.max(0, ...window.__lt));
  await context.close();
  return longest;
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summarise = (runs) => Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
try {
  const large = join(scratch, 'large.json');
  const count = await writeLargeSet(large, bundled, MEGABYTES);
  const seeds = join(scratch, 'seeds');
  mkdirSync(seeds);
  const seed = readFileSync(join(ROOT, 'data/seed/75422.txt'), 'utf8');
  for (let i = 0; i < 2000; i += 1) writeFileSync(join(seeds, `${i}.txt`), seed.replace('News ID : 75422', `News ID : ${i}`));
  const rows = [];
  for (const [name, run] of [
    [`${MEGABYTES} MB set (${count} articles), downloaded (baseline)`, () => download(large)],
    [`${MEGABYTES} MB set, opened from disk`, () => open([large], false)],
    ['2,000 seed files, opened as a folder', () => open(seeds, true)],
  ]) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await run());
    rows.push([name, summarise(runs)]);
  }
  console.log(`\n${MEGABYTES} MB file: ${(statSync(large).size / 1e6).toFixed(1)} MB; median of ${RUNS} runs\n`);
  console.log('| load | to cards ms | to searchable ms | to stories grouped ms | longest task ms | sorting into a library ms | finishing the index ms | wasm memory MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, f] of rows) {
    const ms = (x) => (Number.isNaN(x) ? '' : x.toFixed(0));
    console.log(`| ${name} | ${ms(f.cards)} | ${ms(f.searchable)} | ${ms(f.grouped)} | ${ms(f.longest)} | ${ms(f.library)} | ${ms(f.finish)} | ${f.memory.toFixed(0)} |`);
  }
  const [base, disk] = [rows[0][1], rows[1][1]];
  console.log(`\nopened ÷ downloaded: to cards ${(disk.cards / base.cards).toFixed(2)}×, to searchable ${(disk.searchable / base.searchable).toFixed(2)}×`);
  // Chromium's own cost of a 2,000-file selection, on a bare page with no app.
  const bare = [];
  for (let i = 0; i < RUNS; i += 1) bare.push(await bareFolderPick(seeds));
  console.log(`bare page, folder of 2,000 files chosen: longest main-thread task ${median(bare).toFixed(0)} ms (the browser building the FileList)`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
