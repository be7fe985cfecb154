// Chinese, Japanese, Thai, … in the page: a set of such text loaded in
// Chromium, per run in a fresh context: when the first cards show, when the
// per-character index is ready (search works), when the word segmenter's
// wasm has arrived and when the set is indexed again by words (marks, ms
// since navigation), the longest main-thread task meanwhile, and a query
// typed after that (keystroke → cards). Against the same page on the
// bundled English set (no segmenter fetched) as the baseline of the run.
//
//   node bench/unspaced/browser.mjs SET.json [RUNS]     (after ./dev build)
import { cpSync, mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { launchChromium, openPage } from '../../tools/browser/chromium.mjs';
import { serveFolder, DIST } from '../../tools/browser/static-server.mjs';

const [set, runsArg] = process.argv.slice(2);
if (!set) throw new Error('usage: node bench/unspaced/browser.mjs SET.json [RUNS]');
const runs = Number(runsArg || 3);

async function site(setPath) {
  const dir = mkdtempSync(join(tmpdir(), 'unspaced-site-'));
  cpSync(DIST, dir, { recursive: true });
  if (setPath) {
    rmSync(join(dir, 'static/articles.json'), { force: true });
    symlinkSync(resolve(setPath), join(dir, 'static/articles.json'));
  }
  return { dir, server: await serveFolder(dir) };
}
const INIT = `window.__long = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });`;
const mark = (page, name) => page.evaluate((n) => performance.getEntriesByName(`broadsheet:${n}`)[0]?.startTime ?? null, name);

async function load(origin, words) {
  const { context, page } = await openPage(browser, { prepare: (c) => c.addInitScript(INIT) });
  await page.goto(origin + '/index.html');
  const last = words ? 'indexed-words' : 'indexed';
  await page.waitForFunction((n) => performance.getEntriesByName(`broadsheet:${n}`).length > 0, last, { timeout: 600_000, polling: 100 });
  const out = {
    cards: await mark(page, 'cards'),
    indexed: await mark(page, 'indexed'),
    words: words ? await mark(page, 'indexed-words') : null,
    longest: await page.evaluate(() => Math.max(0, ...window.__long.map(([, d]) => d))),
    segmenter: await page.evaluate(() => performance.getEntriesByType('resource')
      .find((e) => /broadsheet-word-segmenter-[0-9a-f]+_bg\.wasm$/.test(e.name))?.responseEnd ?? null),
  };
  // A query after it all: keystroke to the count line answering it.
  const query = words ? '世界' : 'iran';
  const t = await page.evaluate(async (q) => {
    const input = document.getElementById('search-input');
    const t0 = performance.now();
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((ok) => {
      const check = () => (document.querySelector('section.results')?.dataset.query === q ? ok() : requestAnimationFrame(check));
      check();
    });
    return performance.now() - t0;
  }, query);
  out.query = t;
  await context.close();
  return out;
}

const browser = await launchChromium();
const cjk = await site(set);
const english = await site(null);
const rows = [];
for (let i = 0; i < runs; i++) {
  rows.push({ set: 'bundled (English)', ...(await load(english.server.origin, false)) });
  rows.push({ set: 'Chinese', ...(await load(cjk.server.origin, true)) });
}
console.log('| set | first cards (ms) | searchable (ms) | segmenter arrived (ms) | by words (ms) | longest task (ms) | query → results (ms) |');
console.log('|---|--:|--:|--:|--:|--:|--:|');
const f = (v) => (v === null ? '–' : v.toFixed(0));
for (const r of rows) {
  console.log(`| ${r.set} | ${f(r.cards)} | ${f(r.indexed)} | ${f(r.segmenter)} | ${f(r.words)} | ${f(r.longest)} | ${f(r.query)} |`);
}
await browser.close();
await cjk.server.stop();
await english.server.stop();
rmSync(cjk.dir, { recursive: true, force: true });
rmSync(english.dir, { recursive: true, force: true });
process.exit(0);
