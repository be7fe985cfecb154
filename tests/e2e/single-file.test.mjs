// End to end: the single-file archive (broadsheet-ingest --single-file),
// opened straight from disk through a file:// URL, with no server; and the
// regular build opened from disk, which must explain itself.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { useSuite, openPage, waitForCards, ROOT, DIST, addressWhen } from './harness.mjs';
import { writeSetOf } from './fixtures/hostile.mjs';

const INGEST = join(ROOT, 'target/release/broadsheet-ingest');
const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8'));

const env = useSuite({ server: false, scratch: 'broadsheet-single-' });
before(() => {
  if (!existsSync(join(DIST, 'broadsheet.html'))) throw new Error('dist/broadsheet.html is missing: run `./dev build`');
});

const countText = (page) => page.locator('.result-count').innerText();
const ids = (page) => page.locator('ol.cards article').evaluateAll((as) => as.map((a) => a.dataset.id));
const showing = (page, query) =>
  page.waitForFunction((q) => document.querySelector('section.results')?.dataset.query === q, query);

test('the single file opens from disk: cards, search, filters, article pages and URL state', async () => {
  const { context, page, problems } = await openPage(env.browser, { timezoneId: 'Asia/Tokyo' });
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith('data:')) requests.push(r.url()); });
  const url = pathToFileURL(join(DIST, 'broadsheet.html')).href;
  await page.goto(url);
  await waitForCards(page);
  assert.equal(await countText(page), `${bundled.articles.length} articles`);
  // Search, with the query in the URL.
  await page.getByLabel('Search articles').fill('shamkhani');
  await showing(page, 'shamkhani');
  assert.deepEqual(await ids(page), ['75422']);
  assert.equal(await page.locator('article[data-id="75422"] time').innerText(), '13 Sep 2021, 23:03');
  await addressWhen(page, /#\/\?q=shamkhani$/);
  // The article page, then back.
  await page.locator('article[data-id="75422"] .card-link').click();
  await page.waitForSelector('.article-full');
  assert.match(await page.locator('.article-title').innerText(), /^The Iraqi Prime Minister met/);
  await page.goBack();
  await showing(page, 'shamkhani');
  // A filter, and the whole state surviving a reload.
  await page.getByLabel('Search articles').fill('');
  await showing(page, '');
  await page.getByRole('checkbox', { name: /^VOA Learning English/ }).check();
  await page.waitForFunction(() => /source=/.test(location.hash));
  const filtered = await countText(page);
  assert.match(filtered, /^30 of \d+ articles$/);
  await page.reload();
  await waitForCards(page);
  assert.equal(await countText(page), filtered);
  assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'nothing is fetched from a network');
  assert.deepEqual(problems, []);
  await context.close();
});

test('broadsheet-ingest --single-file writes 2,000 articles into one file that opens from disk', async () => {
  const set = join(env.scratch, 'set.json');
  writeSetOf(set, bundled.articles, 2000);
  const out = join(env.scratch, 'archive.html');
  const summary = execFileSync(INGEST, [set, '--single-file', out, '--app', DIST], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(summary, '');
  const { context, page, problems } = await openPage(env.browser);
  const started = Date.now();
  await page.goto(pathToFileURL(out).href);
  await waitForCards(page);
  const ms = Date.now() - started;
  assert.equal(await countText(page), '2000 articles');
  await page.getByLabel('Search articles').fill('shamkhani');
  await showing(page, 'shamkhani');
  const seedAt = bundled.articles.findIndex((a) => a.id === '75422');
  const copies = Array.from({ length: 2000 }, (_, n) => n % bundled.articles.length).filter((i) => i === seedAt).length;
  assert.equal(await countText(page), `${copies} of 2000 articles`);
  console.log(`single file of 2,000 articles: ${statSync(out).size} bytes (set ${statSync(set).size} bytes), first cards after ${ms} ms`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the regular build opened from disk explains how to serve it, in plain HTML', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(DIST, 'index.html')).href);
  // Present before any script runs: the module script is refused on file://.
  const help = page.locator('#file-help');
  assert.ok(await help.isVisible());
  const text = await help.innerText();
  assert.match(text, /file:\/\//);
  assert.match(text, /python3 -m http\.server/);
  assert.match(text, /broadsheet\.html/);
  await context.close();
});
