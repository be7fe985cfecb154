// End to end: a common word's newest results first. In a large archive a
// word's list of articles is cut into files (`--doc-span`, 64 KB by
// default); newest first, the page shows the results among the articles
// the first file covers, says it is still counting, and then shows them
// all. Here the bundled set is written with 64-byte files, so `the` has
// several; every index file after the first results is held back until
// the test has seen them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useSuite, startServer, openPage, waitForCards, ROOT } from './harness.mjs';

const INGEST = join(ROOT, 'target/release/broadsheet-ingest');
const QUERY = 'the ';

const env = useSuite();
let archive;
before(async () => {
  archive = await startServer({ copy: true });
  execFileSync(INGEST, [join(ROOT, 'static/articles.json'), '--shards', join(archive.dir, 'static'), '--doc-span', '64'], { stdio: 'pipe' });
});
after(async () => { await archive?.stop(); });

const countText = (page) => page.locator('.result-count').innerText();
const visibleIds = (page) => page.locator('ol.cards article').evaluateAll((as) => as.map((a) => a.dataset.id));
const typeQuery = async (page, q) => {
  await page.getByLabel('Search articles').fill(q);
};

test('newest first, a common word shows its newest results, says it is counting, then shows them all', async () => {
  // What the plain build (the same articles, searched in the page) shows.
  const plain = await openPage(env.browser);
  await plain.page.goto(env.server.url);
  await waitForCards(plain.page);
  await typeQuery(plain.page, QUERY);
  await plain.page.waitForFunction((q) => document.querySelector('section.results')?.dataset.query === q, QUERY);
  const want = { count: await countText(plain.page), ids: await visibleIds(plain.page) };
  await plain.context.close();
  const total = Number(want.count.match(/^(\d+) /)[1]);
  assert.ok(total > 100, want.count);

  const { context, page, problems } = await openPage(env.browser);
  // Every index file waits here until the test lets it through.
  const held = [];
  let holding = true;
  let arrived = () => {};
  await page.route(/static\/index\/[0-9a-f]{16}\.bin\.gz$/, async (route) => {
    if (!holding) return route.continue();
    held.push(route);
    arrived();
  });
  await page.goto(archive.url);
  await waitForCards(page);
  await typeQuery(page, QUERY);
  const counting = () => page.waitForFunction((q) => {
    const s = document.querySelector('section.results');
    return s?.dataset.query === q && s.getAttribute('aria-busy') === 'true';
  }, QUERY, { timeout: 30_000 });
  const countingNow = () => page.evaluate((q) => {
    const s = document.querySelector('section.results');
    return s?.dataset.query === q && s.getAttribute('aria-busy') === 'true';
  }, QUERY);
  // Let the files through a round at a time until the first results show.
  // The page paints them before it asks for the rest, so a file asked for
  // while they show is part of the rest, and stays held.
  let seen = false;
  for (let round = 0; round < 12 && !seen; round++) {
    if (held.length === 0) {
      const request = new Promise((ok) => { arrived = ok; });
      const shown = counting().then(() => true, () => false);
      seen = await Promise.race([shown, request.then(() => false)]);
      if (seen) break;
    }
    seen = await countingNow();
    if (!seen) for (const route of held.splice(0)) await route.continue();
  }
  assert.ok(seen, 'the first results were shown before the rest of the files');
  const line = await countText(page);
  const first = Number(line.match(/^The newest (\d+) matches · counting/)?.[1]);
  assert.ok(first >= 50 && first < total, line);
  // They are the newest of the results, as the plain build orders them.
  const ids = await visibleIds(page);
  assert.ok(ids.length > 0);
  assert.deepEqual(ids, want.ids.slice(0, ids.length));
  // The rest arrive: the count and the cards are the plain build's.
  holding = false;
  for (const route of held.splice(0)) await route.continue();
  await page.waitForFunction((q) => {
    const s = document.querySelector('section.results');
    return s?.dataset.query === q && !s.hasAttribute('aria-busy');
  }, QUERY, { timeout: 30_000 });
  assert.equal(await countText(page), want.count);
  assert.deepEqual(await visibleIds(page), want.ids);
  assert.deepEqual(problems, []);
  await context.close();
});
