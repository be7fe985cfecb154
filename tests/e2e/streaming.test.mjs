// End to end: a set shown as it downloads. A second origin sends the
// bundled set's first records and holds the rest back until the test has
// seen the first cards, so "before the download ends" is what happened,
// not a race; then search, once all of it is in, answers as on a page that
// downloaded the set whole. Sets in another order and with duplicates (the
// index built on the way must not be used as it is) show and search right.
// The index is built in a worker that reads the same bytes (see
// src/index_worker.rs); without one the page builds it itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite, openPage, startFileServer, startServer, ROOT } from './harness.mjs';

const env = useSuite();
const [HEADER, ...rest] = readFileSync(join(ROOT, 'static/articles.json'), 'utf8').trimEnd().split('\n');
/** The bundled records, newest first, each without its trailing comma. */
const RECORDS = rest.slice(0, -1).map((line) => line.replace(/,$/, ''));
/** Records sent before the pause: more than a screen, far from all. */
const HEAD = 60;

/** The set's bytes, split into what is sent at once and what is held back. */
function setOf(records) {
  const head = `${HEADER}\n${records.slice(0, HEAD).join(',\n')},\n`;
  const tail = `${records.slice(HEAD).join(',\n')}\n]}\n`;
  return { head, tail };
}

let slow;
/** Sets by name (`/NAME.json`); each request's tail waits for `release(NAME)`. */
const sets = new Map();
const held = new Map();
const release = (name) => held.get(name)?.();

before(async () => {
  slow = await startFileServer({
    root: join(ROOT, 'static'),
    cors: true,
    handle(req, res, url) {
      const name = url.pathname.slice(1).replace(/\.json$/, '');
      const set = sets.get(name);
      if (!set) return false;
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(set.head) + Buffer.byteLength(set.tail),
        'cache-control': 'no-store',
      });
      res.write(set.head);
      new Promise((ok) => held.set(name, ok)).then(() => res.end(set.tail));
      return true;
    },
  });
});
after(() => slow?.stop());

/** The first cards, whether or not the rest of the set is here. */
const waitForFirstCards = (page) => page.waitForSelector('ol.cards > li > article');
const countLine = (page) => page.locator('.result-count').innerText();
const firstIds = (page) => page.locator('ol.cards article').evaluateAll((as) => as.slice(0, 8).map((a) => a.dataset.id));
const marked = (page, name) => page.evaluate((n) => performance.getEntriesByName(`broadsheet:${n}`).length > 0, name);

/** Opens the page on set `name` from the slow origin, with `hash`. */
async function openSlow(name, records, hash = '') {
  sets.set(name, setOf(records));
  const opened = await openPage(env.browser);
  const data = encodeURIComponent(`${slow.origin}/${name}.json`);
  await opened.page.goto(`${env.server.url}?data=${data}${hash}`);
  return opened;
}

/** What a page that downloaded the bundled set whole shows for `query`. */
async function reference(query) {
  const { context, page } = await openPage(env.browser);
  await page.goto(`${env.server.url}#/?q=${encodeURIComponent(query)}`);
  await page.waitForSelector(`.results[data-query="${query}"]`);
  const shown = { count: await countLine(page), ids: await firstIds(page) };
  await context.close();
  return shown;
}

test('the first cards show while the set is still downloading; the count says how many so far; search follows once all are in', async () => {
  const { context, page, problems } = await openSlow('newest-first', RECORDS);
  await waitForFirstCards(page);
  // The tail is still held back: these cards came from the first records.
  assert.equal(await marked(page, 'fetched'), false);
  assert.equal(await marked(page, 'first-bytes'), true);
  assert.equal((await firstIds(page))[0], JSON.parse(RECORDS[0]).id);
  // Once the download pauses, the count catches up with every record here.
  await page.waitForFunction((n) => document.querySelector('.result-count')?.textContent.startsWith(`${n} articles so far (`), HEAD);
  assert.match(await countLine(page), /^60 articles so far \([\d.]+ MB of [\d.]+ MB\)… search is ready when all are in$/);
  // The box takes a query meanwhile and keeps it; the cards do not claim
  // to answer it yet.
  await page.getByLabel('Search articles').fill('space');
  assert.equal(await page.locator('.results').getAttribute('data-query'), '');
  assert.match(await countLine(page), /articles so far/);
  release('newest-first');
  await page.waitForSelector('.results[data-query="space"]');
  assert.equal(await page.getByLabel('Search articles').inputValue(), 'space');
  const expected = await reference('space');
  assert.deepEqual({ count: await countLine(page), ids: await firstIds(page) }, expected);
  assert.match(expected.count, /^\d+ of 322 articles$/);
  // Where the memory goes, for the benchmarks.
  const memory = await page.evaluate(() => window.wasmBindings.memoryReport());
  for (const part of ['articleText', 'library', 'dictionary', 'postings', 'positions', 'wasmMemory']) {
    assert.ok(memory[part] > 0, `${part}: ${JSON.stringify(memory)}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

// An identical copy is merged and a differing one skipped before any
// article reaches the list; a set oldest first is sorted at the end.
const identical = RECORDS[5];
const differing = RECORDS[7].replace(/"title":"/, '"title":"Changed: ');
const withDuplicates = [...RECORDS.slice(0, 40), identical, ...RECORDS.slice(40, 100), differing, ...RECORDS.slice(100)];
for (const [name, records] of [
  ['newest first, with duplicates', withDuplicates],
  ['oldest first, with duplicates', [...withDuplicates].reverse()],
]) {
  test(`a set ${name} shows newest first and searches as the whole download does`, async () => {
    const slug = name.replace(/\W+/g, '-');
    const { context, page, problems } = await openSlow(slug, records, '#/?q=president');
    await waitForFirstCards(page);
    release(slug);
    await page.waitForSelector('.results[data-query="president"]');
    const expected = await reference('president');
    assert.deepEqual({ count: await countLine(page), ids: await firstIds(page) }, expected);
    await page.getByLabel('Search articles').fill('');
    await page.waitForFunction(() => document.querySelector('.result-count')?.textContent === '322 articles');
    assert.equal((await firstIds(page))[0], JSON.parse(RECORDS[0]).id);
    // The differing copy is reported, the identical one merged.
    assert.equal(await page.locator('.load-counts').textContent(), '1 file read · 322 articles · 1 skipped · 1 identical duplicate merged');
    assert.match(await page.locator('.load-summary details').textContent(), /duplicate id with different content/);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a link to an article that has not arrived yet waits for it instead of saying it is not found', async () => {
  const late = JSON.parse(RECORDS[200]);
  const { context, page, problems } = await openSlow('deep-link', RECORDS, `#/article/${encodeURIComponent(late.id)}`);
  // The first records are here (the first-bytes mark and a card's worth
  // of records), the article is not: the page says it is loading it.
  await page.waitForFunction(() => performance.getEntriesByName('broadsheet:first-bytes').length > 0);
  await page.waitForSelector('p.loading[role=status]');
  assert.equal(await page.locator('.not-found').count(), 0);
  release('deep-link');
  await page.waitForSelector('.article-full');
  assert.equal(await page.locator('.article-full .article-title').innerText(), late.title);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the index is built in a worker, off the page\'s thread; where no worker can start, the page builds it itself, with the same results', async () => {
  const expected = await reference('president');
  // A copy of the site without the worker's script: the worker fails to
  // start, and the page must not wait for it forever.
  const noWorker = await startServer({ copy: true });
  rmSync(join(noWorker.dir, 'index-worker.js'));
  try {
    for (const [url, inWorker] of [[env.server.url, true], [noWorker.url, false]]) {
      const { context, page, problems } = await openPage(env.browser);
      await page.goto(`${url}#/?q=president`);
      await page.waitForSelector('.results[data-query="president"]');
      assert.deepEqual({ count: await countLine(page), ids: await firstIds(page) }, expected, url);
      assert.equal(await marked(page, 'index-from-worker'), inWorker, url);
      // The worker's own times are on the page's timeline, in their order,
      // before the index was taken over (the benchmarks read them).
      const times = await page.evaluate(() => ['worker-ready', 'worker-caught-up', 'worker-finished', 'index-from-worker']
        .map((n) => performance.getEntriesByName(`broadsheet:${n}`)[0]?.startTime));
      if (inWorker) {
        assert.ok(times.every((t) => t > 0), `${url}: ${times}`);
        assert.deepEqual([...times].sort((a, b) => a - b), times, url);
      } else {
        assert.deepEqual(times, [undefined, undefined, undefined, undefined], url);
      }
      // Typing still searches the index that was taken over.
      await page.getByLabel('Search articles').fill('presidnet');
      await page.waitForSelector('.results[data-query="presidnet"]');
      assert.match(await countLine(page), /^\d+ of 322 articles$/);
      // Without the script, only its own requests fail (the prefetch and
      // the worker's: 404, failed, and the console's line for the 404).
      const missing = `${noWorker.url}index-worker.js`;
      const other = problems.filter((p) => !p.endsWith(missing) && !p.includes(`${missing} `)
        && p !== 'console: Failed to load resource: the server responded with a status of 404 (File not found)');
      assert.deepEqual(other, []);
      assert.equal(problems.length > 0, !inWorker, problems.join('; '));
      await context.close();
    }
  } finally {
    await noWorker.stop();
  }
});
