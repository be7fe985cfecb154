// End to end: Chinese, Japanese and Thai cut into words in the page. The
// word segmenter is a wasm of its own (crates/word-segmenter), fetched only
// for a set with such text; until it is here such text is searched per
// character, then the set is indexed again by words. The fixture is our own
// text (tests/e2e/fixtures/unspaced-set.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite, openPage, startServer, waitForCards, ROOT } from './harness.mjs';

const FIXTURE = readFileSync(join(ROOT, 'tests/e2e/fixtures/unspaced-set.json'), 'utf8');

const env = useSuite();

const isSegmenter = (url) => /\/broadsheet-word-segmenter-[0-9a-f]+(_bg\.wasm|\.js)$/.test(url);

/** A page (with the fixture as its set, or the bundled set), and the segmenter files it fetched. */
async function open({ fixture }) {
  const opened = await openPage(env.browser);
  const fetched = [];
  opened.page.on('request', (r) => { if (isSegmenter(r.url())) fetched.push(r.url()); });
  if (fixture) {
    await opened.page.route('**/static/articles.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: FIXTURE }));
  }
  await opened.page.goto(env.server.url);
  await waitForCards(opened.page);
  return { ...opened, fetched };
}

const waitForIds = (page, expected) =>
  page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('ol.cards article')].map((a) => a.dataset.id)) === want, JSON.stringify(expected));
const search = (page, text) => page.getByLabel('Search articles').fill(text);

test('a two-character Chinese or Japanese query finds its word inside a sentence, and only its word; Thai too', async () => {
  const { context, page, problems, fetched } = await open({ fixture: true });
  // 京都 (Kyoto) is one word; the 京 and 都 of 東京都 (Tokyo Metropolis)
  // are not it: per character both articles would match.
  await search(page, '京都 ');
  await waitForIds(page, ['ja-kyoto']);
  await page.waitForFunction(() => performance.getEntriesByName('broadsheet:indexed-words').length > 0);
  assert.ok(fetched.some((u) => u.endsWith('_bg.wasm')), 'the segmenter was fetched for this set');
  // The word is marked whole, inside the sentence.
  await search(page, '北京');
  await waitForIds(page, ['zh-1']);
  assert.deepEqual(await page.locator('article[data-id="zh-1"] mark').allInnerTexts(), ['北京', '北京']);
  await search(page, '会見');
  await waitForIds(page, ['ja-tokyo']);
  await search(page, 'ประชากร');
  await waitForIds(page, ['th-1']);
  // English beside them as ever.
  await search(page, 'tokyo');
  await waitForIds(page, ['en-1']);
  // The article page marks the word too.
  await search(page, '北京');
  await waitForIds(page, ['zh-1']);
  await page.locator('article[data-id="zh-1"] h2 a').click();
  await page.waitForSelector('.article-full[data-id="zh-1"]');
  assert.ok((await page.locator('.article-full mark').allInnerTexts()).every((m) => m === '北京'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a set without such text never fetches the word segmenter', async () => {
  const { context, page, problems, fetched } = await open({ fixture: false });
  await page.waitForFunction(() => performance.getEntriesByName('broadsheet:indexed').length > 0);
  await search(page, 'shamkhani');
  await page.waitForFunction(() => document.querySelectorAll('ol.cards article').length === 1);
  assert.deepEqual(fetched, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a sharded archive of such text is searched by words: the query is cut by the segmenter the CLI used', async () => {
  const site = await startServer({ copy: true });
  try {
    execFileSync(join(ROOT, 'target/release/broadsheet-ingest'),
      [join(ROOT, 'tests/e2e/fixtures/unspaced-set.json'), '--shards', join(site.dir, 'static')], { stdio: 'pipe' });
    const manifest = JSON.parse(readFileSync(join(site.dir, 'static/articles.json'), 'utf8'));
    assert.equal(manifest.dictionary_words, true);
    const { context, page, problems } = await openPage(env.browser);
    const fetched = [];
    page.on('request', (r) => { if (isSegmenter(r.url())) fetched.push(r.url()); });
    await page.goto(site.url);
    await waitForCards(page);
    assert.deepEqual(fetched, [], 'not fetched before a query needs it');
    await search(page, '京都 ');
    await waitForIds(page, ['ja-kyoto']);
    await search(page, '北京');
    await waitForIds(page, ['zh-1']);
    assert.ok(fetched.length > 0, 'fetched for the query');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await site.stop();
  }
});
