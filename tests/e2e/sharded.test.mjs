// End to end: a sharded archive (`broadsheet-ingest --shards`) behind the
// same page. The bundled set is written in shards of 40 articles into a
// served copy of dist/, so `static/articles.json` becomes a manifest; the
// plain build (dist/ itself) is served beside it as the reference. A third
// copy holds the same articles grown by appends (`--append`: three
// segments), which must read and search as the others do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { useSuite, startServer, openPage, waitForCards, ROOT } from './harness.mjs';

const INGEST = join(ROOT, 'target/release/broadsheet-ingest');
const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8'));
const TOTAL = bundled.articles.length;
const SHARD = 40;

const newestFirst = [...bundled.articles]
  .sort((a, b) => (a.published.padEnd(19, ' ') < b.published.padEnd(19, ' ') ? 1 : a.published === b.published ? (a.id < b.id ? -1 : 1) : -1));

/**
 * Every shard of the archive in `dir`: the manifest's own, or, past the
 * first 8, its shard table's (16 bytes a shard: count, cards hash, size).
 */
function allShards(dir, m) {
  if (!m.shard_table) return m.shards;
  const table = gunzipSync(readFileSync(join(dir, 'static/meta', `${m.shard_table.file.hash}.shards.bin.gz`)));
  const shards = [];
  for (let at = 0; at < table.length; at += 16) {
    shards.push({ count: table.readUInt32LE(at), cards: { hash: table.subarray(at + 4, at + 12).toString('hex') } });
  }
  return shards;
}

const env = useSuite();
let sharded;
let manifest;
let shards;
let grown;
before(async () => {
  sharded = await startServer({ copy: true });
  execFileSync(INGEST, [join(ROOT, 'static/articles.json'), '--shards', join(sharded.dir, 'static'), '--shard-articles', String(SHARD)], { stdio: 'pipe' });
  manifest = JSON.parse(readFileSync(join(sharded.dir, 'static/articles.json'), 'utf8'));
  shards = allShards(sharded.dir, manifest);
  // The same articles as an archive grown by two appends: the oldest 222,
  // then 60 newer, then the newest 40 (three segments).
  grown = await startServer({ copy: true });
  const batches = [newestFirst.slice(100), newestFirst.slice(40, 100), newestFirst.slice(0, 40)];
  batches.forEach((articles, i) => {
    const file = join(grown.dir, `batch-${i}.json`);
    writeFileSync(file, JSON.stringify({ ...bundled, articles }));
    execFileSync(INGEST, [file, '--shards', join(grown.dir, 'static'), '--shard-articles', String(SHARD), ...(i ? ['--append'] : [])], { stdio: 'pipe' });
    rmSync(file);
  });
});
after(async () => { await sharded?.stop(); await grown?.stop(); });

const countText = (page) => page.locator('.result-count').innerText();
const visibleIds = (page) => page.locator('ol.cards article').evaluateAll((as) => as.map((a) => a.dataset.id));
const showing = (page, query) =>
  page.waitForFunction((q) => document.querySelector('section.results')?.dataset.query === q, query, { timeout: 20_000 });
/** The archive files a page fetched, by folder (`cards`, `bodies`, `index`, …). */
function recordFetches(page) {
  const fetched = [];
  page.on('request', (r) => {
    const m = r.url().match(/static\/(cards|bodies|ids|meta|index)\/([0-9a-f]{16})\./);
    if (m) fetched.push(`${m[1]}/${m[2]}`);
  });
  return fetched;
}

test('the manifest is what ingest wrote: counts add up, shards of 40, every file named by its content', () => {
  assert.equal(manifest.format, 'broadsheet-sharded-archive');
  assert.equal(manifest.articles, TOTAL);
  // 9 shards: the manifest lists the first 8, the shard table all of them.
  assert.equal(shards.length, Math.ceil(TOTAL / SHARD));
  assert.equal(manifest.shards.length, 8);
  assert.equal(manifest.shard_table.shards, shards.length);
  assert.deepEqual(manifest.shards.map((s) => s.cards.hash), shards.slice(0, 8).map((s) => s.cards.hash));
  assert.equal(shards.reduce((n, s) => n + s.count, 0), TOTAL);
  assert.equal(manifest.segments.length, 1, 'one segment');
  assert.ok(manifest.segments[0].index, 'a search index');
  const cards = readdirSync(join(sharded.dir, 'static/cards'));
  assert.equal(cards.length, shards.length);
});

test('first cards come from the manifest and one shard; scrolling fetches more; dates stay outlet-local far from UTC', async () => {
  const { context, page, problems } = await openPage(env.browser, { timezoneId: 'Pacific/Honolulu', viewport: { width: 1280, height: 900 } });
  const fetched = recordFetches(page);
  await page.goto(sharded.url);
  await waitForCards(page);
  assert.equal(await countText(page), `${TOTAL} articles`);
  const first = await visibleIds(page);
  assert.deepEqual(first, newestFirst.slice(0, first.length).map((a) => a.id));
  assert.deepEqual(fetched.filter((f) => f.startsWith('cards/')), [`cards/${shards[0].cards.hash}`], 'one card shard before scrolling');
  assert.equal(fetched.filter((f) => f.startsWith('bodies/')).length, 0, 'no bodies for the list');

  // The oldest card, at the far end, comes from the last shard, which
  // only the shard table lists.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const oldest = newestFirst.at(-1);
  await page.waitForSelector(`article[data-id="${oldest.id}"]`, { timeout: 20_000 });
  assert.ok(fetched.includes(`meta/${manifest.shard_table.file.hash}`), 'the shard table');
  assert.ok(fetched.includes(`cards/${shards.at(-1).cards.hash}`));
  assert.ok(fetched.filter((f) => f.startsWith('cards/')).length < shards.length, 'the shards in between are not all fetched');

  // The seed: 13 Sep 2021, 23:03 (outlet time), in a zone 10 hours behind UTC.
  await page.goto(sharded.url + '#/article/75422');
  await page.waitForSelector('article.article-full[data-id="75422"]');
  assert.equal(await page.locator('article.article-full time').innerText(), '13 Sep 2021, 23:03');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an article page fetches its id bucket, card shard and one chunk of bodies, and shows the whole text', async () => {
  const { context, page, problems } = await openPage(env.browser);
  const fetched = recordFetches(page);
  const article = newestFirst[200];
  await page.goto(sharded.url + `#/article/${encodeURIComponent(article.id)}`);
  await page.waitForSelector(`article.article-full[data-id="${article.id}"]`);
  const paragraphs = await page.locator('article.article-full > p[dir=auto]').allInnerTexts();
  assert.deepEqual(paragraphs, [article.lead, ...article.body].filter((p) => p !== ''));
  assert.ok(fetched.includes(`cards/${shards[Math.floor(200 / SHARD)].cards.hash}`));
  assert.equal(fetched.filter((f) => f.startsWith('bodies/')).length, 1, 'one chunk of bodies');
  assert.equal(fetched.filter((f) => f.startsWith('ids/')).length, 1, 'one id bucket');
  // An id no article has.
  await page.goto(sharded.url + '#/article/no-such-id');
  await page.waitForSelector('.not-found');
  assert.match(await page.locator('.not-found').innerText(), /no-such-id/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link to the oldest article, in a shard only the shard table lists, opens it in a fresh page', async () => {
  const { context, page, problems } = await openPage(env.browser);
  const oldest = newestFirst.at(-1);
  await page.goto(sharded.url + `#/article/${encodeURIComponent(oldest.id)}`);
  await page.waitForSelector(`article.article-full[data-id="${oldest.id}"]`);
  assert.equal(await page.locator('article.article-full .article-title').innerText(), oldest.title);
  assert.deepEqual(problems, []);
  await context.close();
});

test('first cards do not wait for the sources file; a link with a source filter does, then shows what the plain set shows', async () => {
  const bySource = new Map();
  for (const a of bundled.articles) bySource.set(a.source, (bySource.get(a.source) ?? 0) + 1);
  // The second most common source: neither all nor none of the articles.
  const source = [...bySource].sort((a, b) => b[1] - a[1])[1][0];
  const filtered = async (page) => {
    await page.waitForFunction((n) => document.querySelector('.result-count')?.innerText.startsWith(`${n} `), bySource.get(source), { timeout: 20_000 });
    return { count: await countText(page), ids: await visibleIds(page) };
  };
  const plainPage = await openPage(env.browser);
  await plainPage.page.goto(env.server.url + `#/?source=${encodeURIComponent(source)}`);
  const plain = await filtered(plainPage.page);
  await plainPage.context.close();

  // The archive's sources file (meta/<hash>.bin.gz) is held back until
  // the page has shown what it shows without it.
  const { context, page, problems } = await openPage(env.browser);
  let release;
  const released = new Promise((ok) => { release = ok; });
  await page.route(/static\/meta\/[0-9a-f]{16}\.bin\.gz$/, async (route) => { await released; await route.continue(); });
  await page.goto(sharded.url);
  await waitForCards(page);
  assert.equal(await countText(page), `${TOTAL} articles`);
  await page.goto(sharded.url + `#/?source=${encodeURIComponent(source)}`);
  await page.waitForFunction(() => document.querySelector('.result-count')?.innerText.startsWith('Loading the archive\'s sources'));
  assert.equal(await page.locator('ol.cards article').count(), 0, 'no article the filter would drop');
  release();
  assert.deepEqual(await filtered(page), plain);
  assert.ok(plain.ids.length > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the source facet and the timeline count the whole archive, as the plain set does', async () => {
  const facet = async (url) => {
    const { context, page } = await openPage(env.browser);
    await page.goto(url);
    await waitForCards(page);
    await page.waitForSelector('.timeline svg rect');
    const counts = await page.locator('.source-facet label').allInnerTexts();
    const bars = await page.locator('.timeline svg rect').count();
    await context.close();
    return { counts, bars };
  };
  const plain = await facet(env.server.url);
  const archive = await facet(sharded.url);
  assert.ok(plain.counts.length >= 2);
  assert.deepEqual(archive, plain);
});

test('a corrupt card shard is named on its rows; the rest of the archive stays readable', async () => {
  const file = join(sharded.dir, 'static', 'cards', `${shards[0].cards.hash}.json.gz`);
  const good = readFileSync(file);
  const text = gunzipSync(good).toString('utf8').replace(newestFirst[0].title, 'Tampered');
  writeFileSync(file, text);
  try {
    const { context, page } = await openPage(env.browser);
    await page.goto(sharded.url);
    await page.waitForSelector('ol.cards > li.failed [role=alert]');
    const message = await page.locator('ol.cards > li.failed [role=alert]').first().innerText();
    assert.match(message, new RegExp(`cards/${shards[0].cards.hash}\\.json\\.gz is corrupt`));
    // Another shard still opens.
    const other = newestFirst[300];
    await page.goto(sharded.url + `#/article/${encodeURIComponent(other.id)}`);
    await page.waitForSelector(`article.article-full[data-id="${other.id}"]`);
    await context.close();
  } finally {
    writeFileSync(file, good);
  }
});

test('a corrupt shard table is named on the rows past the manifest\'s shards; the first ones and search keep working', async () => {
  const file = join(sharded.dir, 'static/meta', `${manifest.shard_table.file.hash}.shards.bin.gz`);
  const good = readFileSync(file);
  const table = gunzipSync(good);
  table[table.length - 1] ^= 1; // the last shard's size: another version's table
  writeFileSync(file, gzipSync(table));
  try {
    const { context, page } = await openPage(env.browser);
    await page.goto(sharded.url);
    await waitForCards(page);
    assert.equal(await countText(page), `${TOTAL} articles`);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForSelector('ol.cards > li.failed [role=alert]', { timeout: 20_000 });
    const message = await page.locator('ol.cards > li.failed [role=alert]').first().innerText();
    assert.match(message, new RegExp(`meta/${manifest.shard_table.file.hash}\\.shards\\.bin\\.gz is corrupt`));
    // An article of the first shards still opens; search still answers.
    await page.goto(sharded.url + `#/article/${encodeURIComponent(newestFirst[100].id)}`);
    await page.waitForSelector(`article.article-full[data-id="${newestFirst[100].id}"]`);
    await page.goto(sharded.url + '#/?q=heliosphere');
    await showing(page, 'heliosphere');
    await context.close();
  } finally {
    writeFileSync(file, good);
  }
});

const QUERIES = ['iran', 'prime minister', '"prime minister"', 'goverment', 'trump -obama', 'gov', 't', '-the', 'heliosphere', 'nosuchwordatall'];

/** Each of QUERIES in both orders at `url`: the count line, the ids shown and the index files fetched. */
async function answers(url, fetched) {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  const seen = fetched ? recordFetches(page) : [];
  await page.goto(url);
  await waitForCards(page);
  const out = [];
  for (const q of QUERIES) {
    for (const order of ['', '&order=relevance']) {
      const before = seen.length;
      await page.goto(url + `#/?q=${encodeURIComponent(q)}${order}`);
      await showing(page, q);
      await page.waitForFunction(() => !document.querySelector('ol.cards > li.pending'));
      out.push({ q, order, count: await countText(page), ids: await visibleIds(page), parts: seen.slice(before).filter((f) => f.startsWith('index/')).length });
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
  return out;
}

test('search over the prebuilt index gives what the in-page index gives, fetching only some parts', async () => {
  const plain = await answers(env.server.url, false);
  const archive = await answers(sharded.url, true);
  for (let i = 0; i < plain.length; i++) {
    assert.equal(archive[i].count, plain[i].count, `${plain[i].q} ${plain[i].order}`);
    assert.deepEqual(archive[i].ids, plain[i].ids, `${plain[i].q} ${plain[i].order}`);
  }
  assert.ok(plain.some((r) => r.count.startsWith('0 ')) && plain.some((r) => !r.count.startsWith('0 ')));
  const indexFiles = readdirSync(join(sharded.dir, 'static/index')).length;
  const most = Math.max(...archive.map((r) => r.parts));
  assert.ok(most < indexFiles, `a query fetched ${most} of ${indexFiles} index files`);
});

test('a missing index part is named, and the list, filters and articles keep working', async () => {
  const { context, page } = await openPage(env.browser);
  const fetched = recordFetches(page);
  await page.goto(sharded.url + '#/?q=heliosphere');
  await showing(page, 'heliosphere');
  const parts = fetched.filter((f) => f.startsWith('index/')).map((f) => f.slice('index/'.length));
  await context.close();
  // Remove a part that query needed (not the root), and ask again in a fresh page.
  const victim = parts.find((h) => h !== manifest.segments[0].index.hash);
  const file = join(sharded.dir, 'static/index', `${victim}.bin.gz`);
  const saved = readFileSync(file);
  rmSync(file);
  try {
    const { context, page } = await openPage(env.browser);
    await page.goto(sharded.url + '#/?q=heliosphere');
    const alert = page.locator('.result-count[role=alert]');
    await alert.waitFor({ timeout: 20_000 });
    assert.match(await alert.innerText(), new RegExp(`Search is unavailable: Could not download index/${victim}\\.bin\\.gz: the server answered HTTP 404`));
    // The cards are still there, and an article still opens.
    assert.ok(await page.locator('ol.cards article').count() > 0);
    await page.goto(sharded.url + `#/article/${encodeURIComponent(newestFirst[5].id)}`);
    await page.waitForSelector(`article.article-full[data-id="${newestFirst[5].id}"]`);
    await context.close();
  } finally {
    writeFileSync(file, saved);
  }
});

test('?data= can point at an archive elsewhere: its files resolve against the manifest, not the page', async () => {
  // The plain build's page, reading the archive served by the other server
  // through an absolute URL (same host, other port: python's server sends no
  // CORS headers, so route the requests to add them).
  const { context, page, problems } = await openPage(env.browser);
  const archiveOrigin = new URL(sharded.url).origin;
  await page.route(`${archiveOrigin}/**`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
  });
  const fetched = recordFetches(page);
  await page.goto(env.server.url + `?data=${encodeURIComponent(sharded.url + 'static/articles.json')}`);
  await waitForCards(page);
  assert.equal(await countText(page), `${TOTAL} articles`);
  assert.ok(fetched.includes(`cards/${shards[0].cards.hash}`));
  await page.goto(env.server.url + `?data=${encodeURIComponent(sharded.url + 'static/articles.json')}#/?q=heliosphere`);
  await showing(page, 'heliosphere');
  assert.ok(await page.locator('ol.cards article').count() > 0);
  assert.deepEqual(problems, []);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
});

test('an archive grown by appends (three segments) counts, searches and opens articles as the one written at once', async () => {
  const grownManifest = JSON.parse(readFileSync(join(grown.dir, 'static/articles.json'), 'utf8'));
  assert.deepEqual(grownManifest.segments.map((s) => s.articles), [40, 60, TOTAL - 100]);
  assert.equal(grownManifest.articles, TOTAL);
  const plain = await answers(sharded.url, false);
  const archive = await answers(grown.url, true);
  for (let i = 0; i < plain.length; i++) {
    assert.equal(archive[i].count, plain[i].count, `${plain[i].q} ${plain[i].order}`);
    assert.deepEqual(archive[i].ids, plain[i].ids, `${plain[i].q} ${plain[i].order}`);
  }
  // An article of each segment opens by its id.
  const { context, page, problems } = await openPage(env.browser);
  for (const a of [newestFirst[5], newestFirst[70], newestFirst[300]]) {
    await page.goto(grown.url + `#/article/${encodeURIComponent(a.id)}`);
    await page.waitForSelector(`article.article-full[data-id="${a.id}"]`);
    assert.equal(await page.locator('article.article-full .article-title').innerText(), a.title);
    assert.equal((await page.locator('article.article-full > p[dir=auto]').allInnerTexts()).length, 1 + a.body.length);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
