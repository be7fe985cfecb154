// Cross-browser: a sharded archive (`broadsheet-ingest --shards`, shards
// of 40) in a served copy of dist/: first cards, scrolling to the oldest,
// an article by id, and searches answered from the partitioned index.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  useSuite, startServer, openList, run, ids, waitForIds, countText, waitForCount, showing, typeQuery, waitFor, By,
  ENGINE, TEST_TIMEOUT, ROOT, TOTAL, NEWEST_FIRST, SEED_ID,
} from './harness.mjs';

const INGEST = join(ROOT, 'target/release/broadsheet-ingest');
const SHARD = 40;

const env = useSuite({ server: false });
let sharded;
before(async () => {
  if (!existsSync(INGEST)) throw new Error(`${INGEST} is missing: run \`./dev build\``);
  sharded = await startServer({ copy: true });
  execFileSync(INGEST, [join(ROOT, 'static/articles.json'), '--shards', join(sharded.dir, 'static'), '--shard-articles', String(SHARD)], { stdio: 'pipe' });
  const manifest = JSON.parse(readFileSync(join(sharded.dir, 'static/articles.json'), 'utf8'));
  assert.equal(manifest.format, 'broadsheet-sharded-archive');
  // 9 shards: the manifest lists the first 8, its shard table all of them
  // (the oldest card below comes from the 9th).
  assert.equal(manifest.shards.length, 8);
  assert.equal(manifest.shard_table.shards, Math.ceil(TOTAL / SHARD));
});
after(async () => { await sharded?.stop(); });

test(`${ENGINE}: a sharded archive shows its first cards, scrolls to the oldest, and opens an article by id`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { tz: 'Pacific/Kiritimati', width: 1280, height: 900 });
  await openList(driver, sharded.url);
  assert.equal(await countText(driver), `${TOTAL} articles`);
  const first = await ids(driver);
  assert.deepEqual(first, NEWEST_FIRST.slice(0, first.length).map((a) => a.id));
  // The oldest card, at the far end, comes from the last shard.
  await run(driver, () => window.scrollTo(0, document.body.scrollHeight));
  const oldest = NEWEST_FIRST.at(-1);
  await waitFor(driver, (id) => !!document.querySelector(`article[data-id="${CSS.escape(id)}"] h2`), [oldest.id], 'the oldest card');
  assert.equal(await driver.findElement(By.css(`article[data-id="${oldest.id}"] h2`)).getText(), oldest.title);
  // An article by id: its whole text, the date as the outlet wrote it.
  await driver.get(sharded.url + `#/article/${SEED_ID}`);
  await waitFor(driver, (i) => document.querySelector('article.article-full')?.dataset.id === i, [SEED_ID], 'the seed article page');
  assert.equal(await driver.findElement(By.css('article.article-full time')).getText(), '13 Sep 2021, 23:03');
  const paragraphs = await run(driver, () => document.querySelectorAll('article.article-full > p[dir=auto]').length);
  assert.equal(paragraphs, 10);
});

test(`${ENGINE}: a sharded archive searches: a word, a typo, a phrase, with marks`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t);
  await openList(driver, sharded.url);
  await typeQuery(driver, 'shamkhani');
  await showing(driver, 'shamkhani');
  await waitForCount(driver, `1 of ${TOTAL} articles`);
  await waitForIds(driver, [SEED_ID]);
  const marked = await run(driver, () => [...document.querySelectorAll('ol.cards mark')].map((m) => m.textContent));
  assert.ok(marked.length >= 1 && marked.every((m) => /^shamkhani$/i.test(m)), marked.join('|'));
  await typeQuery(driver, 'kadhimy');
  await showing(driver, 'kadhimy');
  await waitForCount(driver, `1 of ${TOTAL} articles`);
  await waitForIds(driver, [SEED_ID]);
  await typeQuery(driver, '"security council"');
  await showing(driver, '"security council"');
  await waitForCount(driver, `2 of ${TOTAL} articles`);
  await waitForIds(driver, [SEED_ID, 'wikinews-en-30b42e810484']);
});
