// The search call of two builds and FlexSearch (100 results) in one session
// (issue 14's "query median"): each build loaded in its own page on the same
// set, FlexSearch built in a third, then PASSES rounds in which each of the
// three (in a rotating order) times the 38 final queries of queries.json once
// after a warm-up pass, exactly as run.mjs does (Broadsheet:
// wasmBindings.benchSearch(q, "newest")). Rounds interleave, so load on a busy
// machine falls on all three alike. Prints per query the median over the
// rounds, and per round each engine's median over the queries (run.mjs's
// figure) with the ratios.
//
//   node bench/browser/search-call-ab.mjs SET.json BEFORE_DIST AFTER_DIST [PASSES]
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { launchChromium, openPage } from '../../tools/browser/chromium.mjs';
import { serveFolder } from '../../tools/browser/static-server.mjs';
import { QUERIES, parseQuery, median, fmt } from './lib.mjs';
import { PEERS, buildInPage, queryInPage } from './peers.mjs';

const [setArg, beforeArg, afterArg, passesArg] = process.argv.slice(2);
if (!afterArg) throw new Error('usage: search-call-ab.mjs SET.json BEFORE_DIST AFTER_DIST [PASSES]');
const set = resolve(setArg);
const passes = Number(passesArg || 5);
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

async function site(dist) {
  const dir = mkdtempSync(join(tmpdir(), 'search-call-site-'));
  cpSync(dist, dir, { recursive: true });
  rmSync(join(dir, 'static/articles.json'), { force: true });
  symlinkSync(set, join(dir, 'static/articles.json'));
  writeFileSync(join(dir, 'blank.html'), '<!doctype html><title>blank</title>');
  // Cross-origin isolated, as run.mjs serves: performance.now() at full precision.
  return { dir, server: await serveFolder(dir, { crossOriginIsolated: true }) };
}

/** In page: one warm-up pass over `list`, then one timed pass; the times (ms) and hit counts. */
function timeBroadsheet(list) {
  const pass = () => list.map((q) => {
    const t0 = performance.now();
    const n = window.wasmBindings.benchSearch(q, 'newest');
    return [performance.now() - t0, n];
  });
  pass();
  const timed = pass();
  return { times: timed.map(([t]) => t), counts: timed.map(([, n]) => n) };
}

const browser = await launchChromium();
const sites = { before: await site(beforeArg), after: await site(afterArg) };
const pages = {};
for (const name of ['before', 'after']) {
  const { page } = await openPage(browser);
  await page.goto(`${sites[name].server.origin}/index.html`);
  await page.waitForFunction(() => window.wasmBindings?.benchSearch?.('the', 'newest') >= 0, null, { timeout: 600_000, polling: 200 });
  pages[name] = page;
  log(`${name}: indexed`);
}
const flex = PEERS.find((p) => p.key === 'flexsearch');
{
  const { page } = await openPage(browser);
  await page.goto(`${sites.after.server.origin}/blank.html`);
  for (const s of flex.scripts()) await page.addScriptTag(s);
  await page.evaluate(async () => { window.__articles = JSON.parse(await (await fetch('static/articles.json')).text()).articles; });
  const ms = await page.evaluate(buildInPage, 'flexsearch');
  log(`FlexSearch: built in ${fmt(ms)} ms`);
  pages.flexsearch = page;
}
const finals = QUERIES.map((q) => ({ q, ...parseQuery(q) }));
const engines = ['before', 'after', 'flexsearch'];
const perQuery = Object.fromEntries(engines.map((e) => [e, QUERIES.map(() => [])]));
const rounds = [];
const counts = {};
const load = [loadavg()];
for (let r = 0; r < passes; r++) {
  const round = {};
  for (let k = 0; k < engines.length; k++) {
    const e = engines[(r + k) % engines.length];
    let res;
    if (e === 'flexsearch') {
      const args = { engine: 'flexsearch', list: finals, limit: 100, budgetMs: 600_000, startedAt: null };
      await pages.flexsearch.evaluate(queryInPage, args); // warm-up pass
      res = await pages.flexsearch.evaluate(queryInPage, args);
    } else {
      res = await pages[e].evaluate(timeBroadsheet, QUERIES);
    }
    res.times.forEach((t, i) => perQuery[e][i].push(t));
    counts[e] = res.counts;
    round[e] = median(res.times);
  }
  rounds.push(round);
  log(`round ${r + 1}: median before ${fmt(round.before)} after ${fmt(round.after)} FlexSearch ${fmt(round.flexsearch)} ms; `
    + `after/FlexSearch ${(round.after / round.flexsearch).toFixed(2)}×, after/before ${(round.after / round.before).toFixed(2)}×`);
}
load.push(loadavg());
const same = counts.before.every((n, i) => n === counts.after[i]);
console.log(`Set ${set}; ${passes} interleaved rounds; load average before ${load[0].map((x) => x.toFixed(2)).join(' / ')}, after ${load[1].map((x) => x.toFixed(2)).join(' / ')}; hit counts of the two builds ${same ? 'identical' : 'DIFFER'}.`);
console.log('');
console.log('| query | hits | before (ms) | after (ms) | FlexSearch, 100 results (ms) |');
console.log('|---|---:|---:|---:|---:|');
QUERIES.forEach((q, i) => {
  console.log(`| \`${q}\` | ${counts.after[i]} | ${fmt(median(perQuery.before[i]))} | ${fmt(median(perQuery.after[i]))} | ${fmt(median(perQuery.flexsearch[i]))} |`);
});
console.log('');
console.log('| round | before median | after median | FlexSearch median | after ÷ FlexSearch | after ÷ before |');
console.log('|---|---:|---:|---:|---:|---:|');
rounds.forEach((r, i) => console.log(`| ${i + 1} | ${fmt(r.before)} | ${fmt(r.after)} | ${fmt(r.flexsearch)} | ${(r.after / r.flexsearch).toFixed(2)}× | ${(r.after / r.before).toFixed(2)}× |`));
const med = (e) => median(rounds.map((r) => r[e]));
console.log(`| median of rounds | ${fmt(med('before'))} | ${fmt(med('after'))} | ${fmt(med('flexsearch'))} | ${(med('after') / med('flexsearch')).toFixed(2)}× | ${(med('after') / med('before')).toFixed(2)}× |`);
await browser.close();
for (const s of Object.values(sites)) {
  await s.server.stop();
  rmSync(s.dir, { recursive: true, force: true });
}
