// Before/after of the load on one set, two builds side by side (issue 14):
// per run, in fresh contexts, the baseline (a blank page of the same origin
// fetches the set with no-store and runs JSON.parse), then each build's
// first-bytes, cards, fetched and indexed marks (ms since navigation; with
// an index worker also its ready, caught-up and finished marks), the
// longest main-thread task until indexed (a buffered `longtask` observer)
// and the app's memory report.
//
//   node bench/browser/before-after.mjs SET.json BEFORE_DIST AFTER_DIST [RUNS]
import { cpSync, mkdtempSync, symlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { launchChromium, openPage } from '../../tools/browser/chromium.mjs';
import { serveFolder } from '../../tools/browser/static-server.mjs';

const [set, before, after, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
async function site(dist) {
  const dir = mkdtempSync(join(tmpdir(), 'stream-site-'));
  cpSync(dist, dir, { recursive: true });
  rmSync(join(dir, 'static/articles.json'), { force: true });
  symlinkSync(set, join(dir, 'static/articles.json'));
  writeFileSync(join(dir, 'blank.html'), '<!doctype html><title>blank</title>');
  return { dir, server: await serveFolder(dir) };
}
const sites = { before: await site(before), after: await site(after) };
const browser = await launchChromium();
const INIT = `window.__long = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });`;
async function baseline(origin) {
  const { context, page } = await openPage(browser);
  await page.goto(origin + '/blank.html');
  const ms = await page.evaluate(async () => { const t = performance.now(); const r = await fetch('static/articles.json', { cache: 'no-store' }); const j = JSON.parse(await r.text()); return [performance.now() - t, j.articles.length]; });
  await context.close();
  return ms[0];
}
async function load(name) {
  const { context, page } = await openPage(browser, { prepare: (c) => c.addInitScript(INIT) });
  await page.goto(sites[name].server.origin + '/index.html');
  await page.waitForFunction(() => performance.getEntriesByName('broadsheet:indexed').length > 0, null, { timeout: 300_000, polling: 100 });
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => {
    const m = (n) => performance.getEntriesByName('broadsheet:' + n)[0]?.startTime;
    const indexed = m('indexed');
    const during = window.__long.filter(([s]) => s <= indexed);
    return { firstBytes: m('first-bytes'), cards: m('cards'), fetched: m('fetched'), parsed: m('parsed'), indexed,
      worker: [m('worker-ready'), m('worker-caught-up'), m('worker-finished')],
      longest: Math.max(0, ...during.map(([, d]) => d)), longTasks: during.length,
      memory: window.wasmBindings.memoryReport ? window.wasmBindings.memoryReport() : { wasmMemory: window.wasmBindings.wasmMemoryBytes() } };
  });
  await context.close();
  return r;
}
const rows = [];
for (let i = 0; i < runs; i++) {
  const base = await baseline(sites.after.server.origin);
  for (const name of ['before', 'after']) {
    const r = await load(name);
    rows.push({ run: i, name, base, ...r });
    const f = (x) => x === undefined ? '-' : Math.round(x);
    console.log(`run ${i} ${name.padEnd(6)} baseline ${f(base)} | first-bytes ${f(r.firstBytes)} cards ${f(r.cards)} (${(r.cards / base).toFixed(2)}x) fetched ${f(r.fetched)}${r.worker[0] === undefined ? '' : ` worker ready/caught up/finished ${r.worker.map(f).join('/')}`} indexed ${f(r.indexed)} (${(r.indexed / base).toFixed(2)}x) | longest task ${f(r.longest)} ms (${r.longTasks} long) | memory ${JSON.stringify(Object.fromEntries(Object.entries(r.memory).map(([k, v]) => [k, +(v / 1e6).toFixed(1)])))} MB`);
  }
}
await browser.close();
for (const s of Object.values(sites)) { await s.server.stop(); rmSync(s.dir, { recursive: true, force: true }); }
