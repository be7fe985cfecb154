// End to end: "Export" downloads every result of the view (not only the
// cards on screen) as CSV, JSON Lines, RIS or BibTeX, each carrying how to
// reproduce it; the CSV read back (by the CLI and by the page) gives the
// same ids in the same order; an article page copies its citation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useSuite, openPage, waitForCards, startServer, ROOT } from './harness.mjs';

const INGEST = join(ROOT, 'target/release/broadsheet-ingest');
const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8')).articles;
const newestFirst = [...bundled].sort((a, b) => (a.published.padEnd(19, ' ') < b.published.padEnd(19, ' ') ? 1 : a.published === b.published ? (a.id < b.id ? -1 : 1) : -1));
const VOA = 'VOA Learning English (Voice of America)';

const env = useSuite({ scratch: 'broadsheet-export-' });
/** The bundled set as a sharded archive (shards of 40 articles). */
let sharded;
before(async () => {
  sharded = await startServer({ copy: true });
  execFileSync(INGEST, [join(ROOT, 'static/articles.json'), '--shards', join(sharded.dir, 'static'), '--shard-articles', '40'], { stdio: 'pipe' });
});
after(async () => { await sharded?.stop(); });

/** Exports the page's current view as `format` (its option value); the file's text and name. */
async function exportAs(page, format) {
  const toggle = page.locator('button.export-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByLabel('Export format').selectOption(format);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button.export-download').click(),
  ]);
  const path = join(env.scratch, download.suggestedFilename());
  await download.saveAs(path);
  return { text: readFileSync(path, 'utf8'), path, name: download.suggestedFilename() };
}

/** The ids of a CSV export, in its order (the first column; ids here have no commas or quotes). */
const csvIds = (text) => text.split('\r\n').filter((l) => l && !l.startsWith('#')).slice(1).map((l) => l.split(',')[0]);

test('a CSV export holds every result, says how to reproduce it, and reads back with the same ids in the same order', async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(env.server.url);
  await waitForCards(page);
  const shownCards = await page.locator('ol.cards article').count();
  assert.ok(shownCards < bundled.length, 'the list shows only some cards at once');
  const { text, path, name } = await exportAs(page, 'csv');
  assert.match(name, /^broadsheet-export-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = text.split('\r\n');
  assert.equal(lines[0], '# Broadsheet export');
  assert.equal(lines[1], '# query: (none: every article)');
  assert.equal(lines[2], '# filters: (none)');
  assert.equal(lines[3], '# order: newest');
  assert.equal(lines[4], `# articles: ${bundled.length}`);
  assert.match(lines[5], /^# archive: the article set static\/articles\.json: 322 articles, ids fingerprint [0-9a-f]{16}$/);
  assert.match(lines[6], /^# exported: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.equal(lines[7], `# address: ${env.server.url}#/`);
  assert.equal(lines[8], 'id,title,published,source,authors,url,lang,license,cluster,lead,text');
  const ids = csvIds(text);
  assert.deepEqual(ids, newestFirst.map((a) => a.id));
  // Read back by the CLI: the same ids, in the same order.
  const readBack = join(env.scratch, 'read-back.json');
  execFileSync(INGEST, [path, '-o', readBack], { stdio: 'pipe' });
  const again = JSON.parse(readFileSync(readBack, 'utf8'));
  assert.deepEqual(again.articles.map((a) => a.id), ids);
  // And by the page, opened as a file.
  await page.setInputFiles('#open-files-input', [path]);
  await page.waitForSelector('.load-summary .load-origin');
  assert.equal(await page.locator('.result-count').innerText(), `${bundled.length} articles`);
  assert.deepEqual(await page.locator('ol.cards article').evaluateAll((as) => as.map((a) => a.dataset.id)), ids.slice(0, shownCards));
  assert.deepEqual(problems, []);
});

test('the other formats carry the view: filters, order and every match', async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(env.server.url + `#/?source=${encodeURIComponent(VOA)}&order=oldest`);
  await waitForCards(page);
  const voa = newestFirst.filter((a) => a.source === VOA).reverse();
  await page.waitForFunction((n) => document.querySelector('.result-count')?.textContent === `${n} of 322 articles`, voa.length);
  const jsonl = (await exportAs(page, 'jsonl')).text.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(jsonl[0].broadsheet_export.filters, `sources: ${VOA}`);
  assert.equal(jsonl[0].broadsheet_export.order, 'oldest');
  assert.equal(jsonl[0].broadsheet_export.articles, String(voa.length));
  assert.deepEqual(jsonl.slice(1).map((a) => a.id), voa.map((a) => a.id));
  assert.deepEqual(jsonl[1].body, voa[0].body.filter((p) => p !== voa[0].lead));
  const ris = (await exportAs(page, 'ris')).text;
  assert.equal(ris.match(/^TY {2}- NEWS\r$/gm).length, voa.length);
  assert.equal(ris.match(/^ER {2}- \r$/gm).length, voa.length);
  assert.match(ris, new RegExp(`^T2  - ${VOA.replace(/[()]/g, '\\$&')}\\r$`, 'm'));
  assert.match(ris, /^N1 {2}- Exported by Broadsheet; query: \(none: every article\); filters: sources: VOA/m);
  const bib = (await exportAs(page, 'bib')).text;
  assert.ok(bib.startsWith('@comment{Broadsheet export\n'), bib.slice(0, 80));
  assert.equal(bib.match(/^@article\{/gm).length, voa.length);
  assert.deepEqual(problems, []);
});

test('an article page copies its citation', async () => {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.server.url).origin });
  await page.goto(env.server.url + '#/article/75422');
  await page.getByRole('button', { name: 'Copy citation' }).click();
  const cited = page.locator('q.citation');
  await cited.waitFor();
  const text = await cited.innerText();
  assert.match(text, /^\u201cThe Iraqi Prime Minister met with the Secretary of the Supreme National Security Council of Iran\.\u201d NOURNEWS, 13 Sep 2021, 23:03\. \(Broadsheet id 75422\)$/);
  await page.waitForFunction(() => document.querySelector('p.cite [role=status]')?.textContent.includes('Copied'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  assert.deepEqual(problems, []);
});

test("a sharded archive's results are fetched as they are written: the same rows as the plain set's", async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(sharded.url + '#/?q=said');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'said', null, { timeout: 30_000 });
  await page.waitForFunction(() => /^\d+ of 322 articles$/.test(document.querySelector('.result-count')?.textContent ?? ''));
  const fromArchive = await exportAs(page, 'jsonl');
  const { page: plain } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await plain.goto(env.server.url + '#/?q=said');
  await waitForCards(plain);
  await plain.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'said');
  const fromSet = await exportAs(plain, 'jsonl');
  const rows = (text) => text.trim().split('\n').slice(1).map((l) => JSON.parse(l));
  const [a, b] = [rows(fromArchive.text), rows(fromSet.text)];
  assert.ok(a.length > 40, `more than a shard of results: ${a.length}`);
  // Every article whole (bodies fetched), in the same order.
  assert.deepEqual(a, b);
  assert.match(fromArchive.text.split('\n')[0], /"archive":"the sharded archive the article set static\/articles\.json: 322 articles"/);
  assert.deepEqual(problems, []);
});
