// End to end: wire copies grouped into stories. A set written by
// broadsheet-ingest from real VOA articles and copies of two of them, as
// client outlets run agency text (another title, a dateline, a sentence
// cut); the page shows on each copy's card the story the CLI marked,
// collapses the list to one card per story (in the URL), and groups the
// same files opened in the page into the same stories.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useSuite, openPage, waitForCards, startServer, addressWhen, ROOT } from './harness.mjs';

const INGEST = join(ROOT, 'target/release/broadsheet-ingest');
const voa = JSON.parse(readFileSync(join(ROOT, 'data/voa-learningenglish/articles.json'), 'utf8'));

/** `original` as outlet `n` runs it: new title and outlet, a dateline, its last paragraph cut, a few hours later. */
function copyOf(original, n, outlet) {
  const body = original.body.filter((p) => p !== original.lead);
  return {
    ...original,
    id: `${original.id}-copy-${n}`,
    title: `${outlet} runs: ${original.title.toUpperCase()}`,
    published: original.published.replace('T00:00:00', `T0${n + 1}:30:00`),
    source: outlet,
    url: undefined,
    lead: `WASHINGTON (${outlet}) - ${original.lead}`,
    body: body.slice(0, -1),
  };
}

const originals = voa.slice(0, 8).map((a) => ({ ...a, published: a.published.length === 10 ? `${a.published}T00:00:00` : a.published }));
const records = [
  ...originals,
  copyOf(originals[0], 1, 'Gazette'),
  copyOf(originals[0], 2, 'Herald'),
  copyOf(originals[3], 1, 'Gazette'),
];

const env = useSuite();
const scratch = mkdtempSync(join(tmpdir(), 'broadsheet-wire-'));
let site;
/** The same articles as a sharded archive (four articles a shard). */
let sharded;
/** The set as the CLI wrote it, and each article's story as it marked it. */
let written;
let storyOf;
before(async () => {
  site = await startServer({ copy: true });
  const input = join(scratch, 'wire.json');
  writeFileSync(input, JSON.stringify(records));
  const report = execFileSync(INGEST, [input, '-o', join(site.dir, 'static/articles.json')], { stdio: 'pipe', encoding: 'utf8' });
  written = JSON.parse(readFileSync(join(site.dir, 'static/articles.json'), 'utf8'));
  storyOf = new Map(written.articles.map((a) => [a.id, a.cluster]));
  assert.equal(report, '', 'the report goes to standard error');
  sharded = await startServer({ copy: true });
  execFileSync(INGEST, [input, '--shards', join(sharded.dir, 'static'), '--shard-articles', '4'], { stdio: 'pipe' });
});
after(async () => {
  await site?.stop();
  await sharded?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const countText = (page) => page.locator('.result-count').innerText();

/** Each card on screen: id, its story line (or null), its date as shown. */
const cards = (page) => page.locator('ol.cards article').evaluateAll((as) => as.map((a) => ({
  id: a.dataset.id,
  story: a.querySelector('.card-story')?.textContent ?? null,
  date: a.querySelector('.card-meta time').textContent,
  source: a.querySelector('.card-source').textContent,
})));

/** What a card must say, from the CLI's marks: the story's other outlets and its first article. */
function expectedLine(card, byId) {
  const story = storyOf.get(card.id);
  if (!story) return null;
  const members = written.articles.filter((a) => a.cluster === story);
  const outlets = new Set(members.map((a) => a.source).filter((s) => s && s !== card.source));
  const also = `also in ${outlets.size} other outlet${outlets.size === 1 ? '' : 's'}`;
  if (story === card.id) return `${also} · this is the first`;
  const first = byId.get(story);
  return `${also} · first: ${first.source}, ${first.date}`;
}

async function assertCardsMatchTheCli(page) {
  const shown = await cards(page);
  assert.equal(shown.length, records.length);
  const byId = new Map(shown.map((c) => [c.id, c]));
  for (const card of shown) assert.equal(card.story, expectedLine(card, byId), card.id);
  return shown;
}

test('the CLI marks each copy with its story, and a card shows the story the CLI marked', async () => {
  // Two stories: the first article's three runs, the fourth's two.
  assert.equal(storyOf.get(`${originals[0].id}-copy-2`), originals[0].id);
  assert.equal(storyOf.get(`${originals[3].id}-copy-1`), originals[3].id);
  assert.equal(new Set([...storyOf.values()].filter(Boolean)).size, 2);
  assert.equal([...storyOf.values()].filter(Boolean).length, 5);
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 4000 } });
  await page.goto(site.url);
  await waitForCards(page);
  const shown = await assertCardsMatchTheCli(page);
  const copy = shown.find((c) => c.id === `${originals[0].id}-copy-1`);
  assert.match(copy.story, /^also in 2 other outlets · first: VOA Learning English \(Voice of America\), /);
  assert.deepEqual(problems, []);
});

test('one card per story: each story once by its first article, counted as stories, in the URL', async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 4000 } });
  await page.goto(site.url);
  await waitForCards(page);
  assert.equal(await countText(page), `${records.length} articles`);
  const toggle = page.getByLabel(/^One card per story/);
  await toggle.check();
  await addressWhen(page, /[?&]stories=1/);
  const expected = written.articles.filter((a) => !a.cluster || a.cluster === a.id).map((a) => a.id);
  await page.waitForFunction((n) => document.querySelectorAll('ol.cards article').length === n, expected.length);
  assert.deepEqual((await cards(page)).map((c) => c.id), expected);
  assert.equal(await countText(page), `${expected.length} stories · ${records.length} articles, each story once (the filters and timeline count articles)`);
  // A pasted link keeps it.
  const { page: again } = await openPage(env.browser, { viewport: { width: 1280, height: 4000 } });
  await again.goto(page.url());
  await waitForCards(again);
  assert.deepEqual((await cards(again)).map((c) => c.id), expected);
  assert.equal(await again.getByLabel(/^One card per story/).isChecked(), true);
  // A search keeps each story once: the copies say "Gazette runs", the story's first does not.
  await again.getByLabel('Search articles').fill('gazette');
  await again.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'gazette');
  const hits = (await cards(again)).map((c) => c.id);
  assert.deepEqual(new Set(hits), new Set([`${originals[3].id}-copy-1`, `${originals[0].id}-copy-1`]));
  assert.equal(hits.length, 2, 'one copy of each story');
  await toggle.uncheck();
  await addressWhen(page, /[?&]stories=1/, false);
  await page.waitForFunction((n) => document.querySelectorAll('ol.cards article').length === n, records.length);
  assert.deepEqual(problems, []);
});

test('the same files opened in the page are grouped into the same stories', async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 4000 } });
  await page.goto(site.url);
  await waitForCards(page);
  await page.setInputFiles('#open-files-input', [join(scratch, 'wire.json')]);
  await page.waitForSelector('.load-summary .load-origin', { timeout: 60_000 });
  // Grouped a slice at a time after the cards show: wait for the lines.
  await page.waitForFunction(() => document.querySelectorAll('.card-story').length === 5, null, { timeout: 30_000 });
  await assertCardsMatchTheCli(page);
  assert.deepEqual(problems, []);
});

test("an article page lists its story's other copies and marks the words one adds and removes", async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 2000 } });
  const copy = `${originals[0].id}-copy-1`;
  await page.goto(site.url + `#/article/${encodeURIComponent(copy)}`);
  const section = page.getByRole('region', { name: 'The same story elsewhere' });
  await section.waitFor();
  assert.equal(await section.locator('h3').innerText(), 'The same story in 2 other outlets');
  const listed = await section.locator('li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  assert.deepEqual(new Set(listed), new Set([originals[0].id, `${originals[0].id}-copy-2`]));
  const first = section.locator(`li[data-id="${originals[0].id}"]`);
  assert.match(await first.innerText(), / · the first/);
  await first.getByRole('button', { name: 'Compare with this article' }).click();
  await first.locator('.word-diff').waitFor();
  // The agency's text has no dateline and keeps the paragraph the copy cut.
  const removed = await first.locator('.word-diff del').allInnerTexts();
  const added = await first.locator('.word-diff ins').allInnerTexts();
  assert.ok(removed.some((t) => t.includes('WASHINGTON (Gazette)')), removed.join('|'));
  const cut = originals[0].body.filter((p) => p !== originals[0].lead).at(-1);
  assert.ok(added.join(' ').includes(cut.split(' ').slice(0, 6).join(' ')), added.join('|'));
  assert.match(await first.locator('.diff-summary').innerText(), /^That copy adds \d+ words? and removes \d+ words? \(marked added and removed\)$/);
  // The copy's link opens it.
  await section.locator(`li[data-id="${originals[0].id}-copy-2"] a`).click();
  await addressWhen(page, /copy-2/);
  await page.locator(`article.article-full[data-id="${originals[0].id}-copy-2"]`).waitFor();
  assert.deepEqual(problems, []);
});

test('a sharded archive of the same articles shows the same stories: card lines, one card per story, copies on an article page', async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 4000 } });
  await page.goto(sharded.url);
  await waitForCards(page);
  // The stories file comes after the first cards: wait for every line.
  await page.waitForFunction(() => document.querySelectorAll('.card-story').length === 5, null, { timeout: 30_000 });
  await page.waitForFunction(() => ![...document.querySelectorAll('.card-story')].some((l) => l.textContent.includes('…')));
  await assertCardsMatchTheCli(page);
  await page.getByLabel(/^One card per story/).check();
  const expected = written.articles.filter((a) => !a.cluster || a.cluster === a.id).map((a) => a.id);
  await page.waitForFunction((n) => document.querySelectorAll('ol.cards article').length === n, expected.length);
  assert.deepEqual((await cards(page)).map((c) => c.id), expected);
  assert.match(await countText(page), new RegExp(`^${expected.length} stories · ${records.length} articles`));
  // An article page lists the story's other copies (the archive's cards have no bodies to compare).
  const copy = `${originals[0].id}-copy-1`;
  await page.goto(sharded.url + `#/article/${encodeURIComponent(copy)}`);
  const section = page.getByRole('region', { name: 'The same story elsewhere' });
  await section.locator('li').nth(1).waitFor();
  assert.equal(await section.locator('h3').innerText(), 'The same story in 2 other outlets');
  const listed = await section.locator('li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  assert.deepEqual(new Set(listed), new Set([originals[0].id, `${originals[0].id}-copy-2`]));
  assert.equal(await section.getByRole('button', { name: 'Compare with this article' }).count(), 0);
  assert.deepEqual(problems, []);
});
