// End to end: a reader opens their own files (picked, a folder, dropped),
// replacing or adding to the bundled set; nothing goes over the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { useSuite, openPage, waitForCards, ROOT } from './harness.mjs';
import { dropFiles } from './fixtures/drop-files.mjs';

const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8'));
const SEED = join(ROOT, 'data/seed/75422.txt');
const VOA = join(ROOT, 'data/voa-learningenglish/articles.json');
const voa = JSON.parse(readFileSync(VOA, 'utf8'));

const env = useSuite({ scratch: 'broadsheet-open-' });

const countText = (page) => page.locator('.result-count').innerText();
const summary = (page) => page.locator('.load-counts').innerText();
const ids = (page) => page.locator('ol.cards article').evaluateAll((as) => as.map((a) => a.dataset.id));

/** The bundled page, loaded; then every request it makes is recorded. */
async function loadedPage() {
  const opened = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await opened.page.goto(env.server.url);
  await waitForCards(opened.page);
  await opened.page.waitForSelector('[data-query]');
  // The favicon is fetched lazily: let the page settle first.
  await opened.page.waitForLoadState('networkidle');
  opened.requests = [];
  opened.page.on('request', (r) => opened.requests.push(r.url()));
  return opened;
}

/** Waits until opened files replaced the loading state. */
const opened = (page) => page.waitForSelector('.load-summary .load-origin', { timeout: 60_000 });

test('opened files replace the set, are searched and filtered at once, and nothing is fetched', async () => {
  const { context, page, problems, requests } = await loadedPage();
  const broken = join(env.scratch, 'broken.txt');
  writeFileSync(broken, 'News ID : 1\nPublish Date : 13/45/2021 11:03:39 PM\nTitle\n\nText\n');
  await page.setInputFiles('#open-files-input', [SEED, VOA, broken]);
  await opened(page);
  assert.deepEqual(requests, [], 'opening files made no network request');
  const total = voa.length + 1;
  assert.equal(await summary(page), `3 files read · ${total} articles · 1 skipped`);
  assert.equal(await page.locator('.load-origin').innerText(), 'Your files');
  assert.equal(await countText(page), `${total} articles`);
  // The same words as broadsheet-ingest: file, line, reason.
  await page.locator('.load-summary summary').click();
  const row = await page.locator('.skipped-list tbody tr').first().evaluate((tr) => [...tr.cells].map((c) => c.innerText));
  assert.deepEqual(row.slice(0, 2), ['broken.txt', '2']);
  assert.match(row[2], /^`13\/45\/2021 11:03:39 PM` is not a valid date/);
  // Search and the source facet work on what was opened.
  await page.getByLabel('Search articles').fill('shamkhani');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'shamkhani');
  assert.deepEqual(await ids(page), ['75422']);
  await page.getByLabel('Search articles').fill('');
  const sources = await page.locator('.source-facet label').allInnerTexts();
  assert.ok(sources.some((s) => s.startsWith('NOURNEWS')), sources.join('|'));
  assert.ok(!sources.some((s) => s.startsWith('Wikinews')), 'the bundled set was replaced');
  assert.ok(await page.locator('.timeline svg').count() === 1, 'the timeline covers the opened files');
  // Chromium re-checks the favicon when the URL's hash changes; nothing else.
  assert.deepEqual(requests.filter((u) => !/\/favicon-[0-9a-f]+\.svg$/.test(u)), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Add to them" merges with the bundled set; a differing copy of an id is reported, the open one wins', async () => {
  const { context, page, problems, requests } = await loadedPage();
  await page.getByLabel('Add to them').check();
  const mine = join(env.scratch, 'mine.json');
  const changed = { ...bundled.articles[0], title: 'A changed copy' };
  const fresh = { id: 'mine-1', title: 'My own article', published: '2030-01-01T09:00:00', lead: 'Mine.', source: 'Me' };
  writeFileSync(mine, JSON.stringify([changed, fresh], null, 2));
  await page.setInputFiles('#open-files-input', [mine]);
  await opened(page);
  const total = bundled.articles.length + 1;
  assert.equal(await page.locator('.load-origin').innerText(), 'Your files, added to the articles already open');
  assert.equal(await summary(page), `2 files read · ${total} articles · 1 skipped`, "the bundled file and mine");
  assert.equal(await countText(page), `${total} articles`);
  assert.equal((await ids(page))[0], 'mine-1', 'the new article is the newest');
  await page.locator('.load-summary summary').click();
  const row = await page.locator('.skipped-list tbody tr').first().evaluate((tr) => [...tr.cells].map((c) => c.innerText));
  assert.deepEqual(row, ['mine.json', '2', `duplicate id ${JSON.stringify(changed.id)} differs from the copy in the articles already open, which wins`]);
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a whole folder opens through the folder picker: .txt and .json read, others counted as ignored', async () => {
  const { context, page, problems, requests } = await loadedPage();
  const folder = join(env.scratch, 'archive');
  mkdirSync(join(folder, '2021'), { recursive: true });
  mkdirSync(join(folder, '.git'), { recursive: true });
  copyFileSync(SEED, join(folder, '2021', '75422.txt'));
  copyFileSync(VOA, join(folder, 'voa.json'));
  writeFileSync(join(folder, 'notes.md'), '# not an article');
  writeFileSync(join(folder, '.git', 'config.json'), '{}');
  assert.equal(await page.getByRole('note').filter({ hasText: 'cannot open a whole folder' }).count(), 0, 'folders are supported here');
  await page.setInputFiles('#open-folder-input', folder);
  await opened(page);
  assert.equal(await summary(page), `2 files read · ${voa.length + 1} articles · 0 skipped · 1 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)`);
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a browser without folder inputs says so and still opens several files', async () => {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  // As in browsers without `webkitdirectory` (some mobile ones).
  await page.addInitScript(() => { delete HTMLInputElement.prototype.webkitdirectory; });
  await page.goto(env.server.url);
  await waitForCards(page);
  assert.equal(await page.getByRole('button', { name: 'Open folder…' }).count(), 0, 'no folder button that would pick single files');
  assert.equal(await page.locator('#open-folder-input').count(), 0);
  assert.equal(await page.getByRole('note').filter({ hasText: 'This browser cannot open a whole folder' }).innerText(),
    'This browser cannot open a whole folder: choose the files in it with Open files… (several at once).');
  await page.setInputFiles('#open-files-input', [SEED, VOA]);
  await opened(page);
  assert.equal(await summary(page), `2 files read · ${voa.length + 1} articles · 0 skipped`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('files dropped on the page open the same way', async () => {
  const { context, page, problems, requests } = await loadedPage();
  await page.evaluate(dropFiles, [{ name: '75422.txt', text: readFileSync(SEED, 'utf8'), type: 'text/plain' }]);
  await opened(page);
  assert.equal(await summary(page), '1 file read · 1 article · 0 skipped');
  assert.deepEqual(await ids(page), ['75422']);
  assert.equal(await page.locator('.drop-overlay').count(), 0, 'the drop overlay is gone');
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('?data=URL loads a set from elsewhere, and says why when it cannot', async () => {
  const set = JSON.stringify({ format: 'broadsheet-article-set', version: 1, articles: bundled.articles.slice(0, 2) });
  // Another origin (another port): /open.json allows any site to read it, /closed.json sends no CORS header.
  const other = createServer((req, res) => {
    if (req.url === '/open.json') res.setHeader('access-control-allow-origin', '*');
    res.setHeader('content-type', 'application/json');
    res.end(set);
  });
  await new Promise((ok) => other.listen(0, '127.0.0.1', ok));
  const otherUrl = `http://127.0.0.1:${other.address().port}`;
  const cases = [
    // [url, route handler (same origin only), expected: number of articles or an error pattern]
    ['mine/set.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: set }), 2],
    [`${otherUrl}/open.json`, null, 2],
    [`${otherUrl}/closed.json`, null, /Could not download http:\/\/127\.0\.0\.1:\d+\/closed\.json: the request failed .*does not allow other sites to read the file \(its CORS headers/],
    ['mine/missing.json', (r) => r.fulfill({ status: 404, body: 'no' }), /Could not download mine\/missing\.json: the server answered HTTP 404/],
    ['mine/huge.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', headers: { 'content-length': String(600e6) }, body: set }), /the file is 600 MB, more than the 512 MB Broadsheet opens in one page/],
    ['mine/text.json', (r) => r.fulfill({ status: 200, contentType: 'text/plain', body: 'hello' }), /mine\/text\.json is not a valid article set: line 1, column 1: expected value/],
  ];
  try {
    for (const [url, handler, expected] of cases) {
      const { context, page } = await openPage(env.browser);
      if (handler) await page.route(`**/${url}`, handler);
      await page.goto(`${env.server.url}?data=${encodeURIComponent(url)}`);
      await waitForCards(page);
      if (typeof expected === 'number') {
        assert.equal(await countText(page), `${expected} articles`, url);
        assert.equal(await page.locator('.load-origin').innerText(), `From ${url}`);
      } else {
        assert.match(await page.getByRole('alert').innerText(), expected, url);
      }
      await context.close();
    }
  } finally {
    other.close();
  }
});

test('scrapers\' output and tables open like any file: news-please, trafilatura, newspaper4k, JSON Lines, CSV', async () => {
  const { context, page, problems, requests } = await loadedPage();
  const folder = join(env.scratch, 'crawl');
  mkdirSync(folder, { recursive: true });
  for (const [dir, names] of [['scrapers', ['news-please.json', 'trafilatura.json', 'newspaper4k.json', 'mixed.jsonl']],
    ['tables', ['newspaper4k.csv', 'own-columns.csv']]]) {
    for (const name of names) copyFileSync(join(ROOT, 'tests/fixtures', dir, name), join(folder, name));
  }
  await page.setInputFiles('#open-folder-input', folder);
  await opened(page);
  // The same counts as `broadsheet-ingest crawl` (crates/ingest/tests/cli.rs reads the same fixtures).
  assert.equal(await summary(page), '6 files read · 9 articles · 6 skipped');
  await page.locator('.load-summary summary').click();
  const rows = await page.locator('.skipped-list tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText)));
  const cut = rows.find(([file]) => file.endsWith('mixed.jsonl'));
  assert.deepEqual(cut.slice(0, 2), ['crawl/mixed.jsonl', '3']);
  assert.match(cut[2], /stops before its end .*cut short/);
  assert.ok(rows.some(([file, line, why]) => file.endsWith('own-columns.csv') && line === '1' && /no title column/.test(why)), JSON.stringify(rows));
  // Right-to-left text from a JSON Lines file is found and shown as such.
  await page.getByLabel('Search articles').fill('مستشفى');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'مستشفى');
  assert.equal(await countText(page), '1 of 9 articles');
  assert.equal(await page.locator('ol.cards article').first().getAttribute('dir'), 'rtl');
  // A record without a publication date shows its capture time as one.
  await page.getByLabel('Search articles').fill('markets');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'markets');
  assert.equal(await page.locator('ol.cards article .card-meta time').first().innerText(), 'captured 16 Sep 2021');
  // The article page names the authors and links the image without loading it.
  await page.getByLabel('Search articles').fill('reservoirs');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'reservoirs');
  await page.locator('ol.cards article a').first().click();
  await page.waitForSelector('.article-full');
  assert.equal(await page.locator('.article-byline').innerText(), 'By Sara Mahmoudi, Reza Karimi');
  assert.equal(await page.locator('.article-full time').innerText(), '13 Sep 2021, 23:03');
  const image = page.locator('a.article-image-link');
  assert.equal(await image.getAttribute('href'), 'https://www.example-tehran-times.com/images/461203.jpg');
  assert.equal(await image.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await page.locator('.article-full img').count(), 0, 'no image is loaded');
  // (Chromium asks for the page's own favicon again on a new address.)
  assert.deepEqual(requests.filter((u) => !u.includes('/favicon-')), [], 'nothing was fetched, not even the image');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a time with an offset shows as the outlet wrote it, in any time zone, and sorts by its instant', async () => {
  const file = join(env.scratch, 'zoned.jsonl');
  const rec = (title, date) => JSON.stringify({ title, text: `${title}.`, publish_date: date, url: `https://example.org/${encodeURIComponent(title)}` });
  writeFileSync(file, [rec('Utc one', '2021-09-13T18:33:00Z'), rec('Tehran', '2021-09-13T23:03:39+04:30'), rec('Utc two', '2021-09-13T18:34:00Z')].join('\n') + '\n');
  for (const timezoneId of ['Pacific/Honolulu', 'Asia/Tokyo']) {
    const { context, page, problems } = await openPage(env.browser, { timezoneId, viewport: { width: 1280, height: 900 } });
    await page.goto(env.server.url);
    await waitForCards(page);
    await page.setInputFiles('#open-files-input', [file]);
    await opened(page);
    const cards = await page.locator('ol.cards article').evaluateAll((as) => as.map((a) => [a.querySelector('.card-title, h3, h2')?.innerText, a.querySelector('.card-meta time').innerText]));
    assert.deepEqual(cards.map(([t]) => t), ['Utc two', 'Tehran', 'Utc one'], timezoneId);
    assert.deepEqual(cards.map(([, d]) => d), ['13 Sep 2021, 18:34 (UTC)', '13 Sep 2021, 23:03 (+04:30)', '13 Sep 2021, 18:33 (UTC)'], timezoneId);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a saved RSS feed dropped on the page opens as articles, its HTML as text and its times with their offsets', async () => {
  const { context, page, problems, requests } = await loadedPage();
  const rss = readFileSync(join(ROOT, 'tests/fixtures/feeds/rss.xml'), 'utf8');
  const atom = readFileSync(join(ROOT, 'tests/fixtures/feeds/atom.xml'), 'utf8');
  await page.evaluate(dropFiles, [{ name: 'tehran.rss', text: rss, type: 'application/rss+xml' }, { name: 'azores.atom', text: atom, type: 'application/atom+xml' }]);
  await opened(page);
  assert.equal(await summary(page), '2 files read · 4 articles · 2 skipped');
  const times = await page.locator('ol.cards article .card-meta time').allInnerTexts();
  assert.deepEqual(times, ['13 Sep 2021, 23:03 (+04:30)', '12 Sep 2021, 09:30 (-01:00)', '12 Sep 2021, 08:15 (UTC)', '10 Sep 2021, 07:00 (UTC)']);
  await page.locator('ol.cards article a').first().click();
  await page.waitForSelector('.article-full');
  assert.equal(await page.locator('.article-byline').innerText(), 'By Sara Mahmoudi');
  const paragraphs = await page.locator('.article-full p[dir=auto]:not(.article-byline)').allInnerTexts();
  assert.deepEqual(paragraphs, ['Three new stations on metro line 7 opened on Monday, the city’s transport company said.', 'The extension adds 6 km to the line.', 'Trains run every 8 minutes.']);
  assert.equal(await page.locator('.article-full script, .article-full b').count(), 0, 'no markup from the feed reaches the page');
  assert.deepEqual(requests.filter((u) => !u.includes('/favicon-')), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a WARC crawl opens through the crawl reader, loaded only then: its articles, a cut crawl\'s good part, and what was not an article counted', async () => {
  const { context, page, problems, requests } = await loadedPage();
  const reader = (u) => /\/broadsheet-crawl-reader-[0-9a-f]+(_bg\.wasm|\.js)$/.test(u);
  assert.equal(requests.filter(reader).length, 0, 'the page loaded without the crawl reader');
  const fixtures = join(ROOT, 'tests/fixtures/warc');
  await page.setInputFiles('#open-files-input', [join(fixtures, 'crawl.warc.gz'), join(fixtures, 'cut.warc.gz')]);
  await opened(page);
  // The same counts as `broadsheet-ingest` on these files (crates/core/tests/warc_files.rs).
  assert.equal(await summary(page), '2 files read · 6 articles · 2 skipped · 3 identical duplicates merged · 13 records ignored (warcinfo record: 2, request record: 2, not HTML: 2, redirect: 2, not an article: 2, charset windows-1256 is not read: 1, metadata record: 1, revisit record: 1)');
  await page.locator('.load-summary summary').click();
  const rows = await page.locator('.skipped-list tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText)));
  assert.deepEqual(rows, [
    ['cut.warc.gz', '9', 'record 9 (byte 6,673): cut short: Content-Length says 659 bytes, 247 came'],
    ['cut.warc.gz', '9', 'the gzip stream ends early: the file was cut short'],
  ]);
  const cards = await page.locator('ol.cards article').evaluateAll((as) => as.map((a) => [a.querySelector('.card-title, h3, h2')?.innerText, a.querySelector('.card-meta time').innerText]));
  assert.deepEqual(cards, [
    ['بازگشایی مدارس پس از تعطیلات تابستانی', '18 Sep 2021, 08:30 (+03:30)'],
    ['Café owners “relieved” as terrace rules change', '17 Sep 2021'],
    ['Rail strike ends after talks', '16 Sep 2021, 10:00'],
    ['Library extends its opening hours', 'captured 15 Sep 2021'],
    ['Bridge reopens after repairs', '14 Sep 2021'],
    ['Council passes the budget', '13 Sep 2021, 23:03 (+04:30)'],
  ]);
  // Found by its text, which no markup of the page reached.
  await page.getByLabel('Search articles').fill('terrace');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'terrace');
  assert.equal(await countText(page), '1 of 6 articles');
  await page.locator('ol.cards article a').first().click();
  await page.waitForSelector('.article-full');
  assert.equal(await page.locator('.article-full h1, .article-full h2').first().innerText(), 'Café owners “relieved” as terrace rules change');
  assert.equal(await page.locator('.article-full script, .article-full style').count(), 0);
  // Only the reader's own two files were fetched: the crawl went nowhere.
  const fetched = requests.filter((u) => !u.includes('/favicon-'));
  assert.equal(fetched.length, 2, JSON.stringify(fetched));
  assert.ok(fetched.every(reader), JSON.stringify(fetched));
  assert.deepEqual(problems, []);
  await context.close();
});
