// Single-file archive benchmark (issue 6): broadsheet-ingest --single-file
// on the bundled set and on generated sets (copies of static/articles.json
// with new ids, made at bench time and deleted after), each opened from
// disk (file://) in headless Chromium. Prints the file's size, the time
// from navigation to the first cards (the page's broadsheet:cards mark)
// and until searchable, and wasm memory; median of RUNS loads.
// Needs dist/ and target/release/broadsheet-ingest (`./dev build`, which the
// command runs first unless --no-build).
// Usage: ./dev bench single-file   (COUNTS="2000 10000 22000" RUNS=3)
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, openPage } from '../tools/browser/chromium.mjs';
import { ROOT, DIST } from '../tools/browser/static-server.mjs';
import { writeSetOf } from '../tests/e2e/fixtures/hostile.mjs';

const COUNTS = (process.env.COUNTS ?? '2000 10000 22000').split(/\s+/).map(Number);
const RUNS = Number(process.env.RUNS ?? 3);
const INGEST = join(ROOT, 'target/release/broadsheet-ingest');
const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8')).articles;
const scratch = mkdtempSync(join(tmpdir(), 'broadsheet-single-bench-'));
const browser = await launchChromium();

async function open(file) {
  const { context, page } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => performance.getEntriesByName('broadsheet:indexed').length > 0, null, { timeout: 600_000 });
  const [cards, indexed, memory] = await page.evaluate(() => [
    performance.getEntriesByName('broadsheet:cards')[0]?.startTime,
    performance.getEntriesByName('broadsheet:indexed')[0].startTime,
    performance.memory?.usedJSHeapSize ?? 0,
  ]);
  await context.close();
  return { cards, indexed, js: memory / 1e6 };
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const rows = [];
  const cases = [['bundled set', join(ROOT, 'static/articles.json')]];
  for (const n of COUNTS) {
    const set = join(scratch, `set-${n}.json`);
    writeSetOf(set, bundled, n);
    cases.push([`${n.toLocaleString('en-US')} articles (copies)`, set]);
    // Copies compress unrealistically well; shuffled words do not repeat.
    const mixed = join(scratch, `mixed-${n}.json`);
    writeSetOf(mixed, bundled, n, { shuffle: true });
    cases.push([`${n.toLocaleString('en-US')} articles (words shuffled)`, mixed]);
  }
  for (const [name, set] of cases) {
    const out = join(scratch, 'archive.html');
    const t = Date.now();
    execFileSync(INGEST, [set, '--single-file', out, '--app', DIST], { stdio: 'ignore' });
    const writeMs = Date.now() - t;
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await open(out));
    rows.push([name, statSync(set).size, statSync(out).size, writeMs, median(runs.map((r) => r.cards)), median(runs.map((r) => r.indexed)), median(runs.map((r) => r.js))]);
  }
  console.log(`\nmedian of ${RUNS} loads from file://\n`);
  console.log('| set | set JSON bytes | single file bytes | file ÷ JSON | writing ms | first cards ms | searchable ms | JS heap MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, json, html, w, cards, indexed, js] of rows) {
    console.log(`| ${name} | ${json.toLocaleString('en-US')} | ${html.toLocaleString('en-US')} | ${(html / json).toFixed(2)} | ${w} | ${cards.toFixed(0)} | ${indexed.toFixed(0)} | ${js.toFixed(0)} |`);
  }
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
