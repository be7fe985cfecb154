// End to end: the search engine as a reader meets it, on a small fixture
// set of our own (Persian written with Arabic letters, markup in text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite, openPage, waitForCards, ROOT, addressWhen } from './harness.mjs';

const FIXTURE = readFileSync(join(ROOT, 'tests/e2e/fixtures/search-set.json'), 'utf8');

const env = useSuite();

/** A page whose article set is the fixture. */
async function openFixture(hash = '') {
  const opened = await openPage(env.browser);
  await opened.page.route('**/static/articles.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: FIXTURE }));
  await opened.page.goto(env.server.url + hash);
  await waitForCards(opened.page);
  return opened;
}

const ids = (page) => page.locator('ol.cards article').evaluateAll((as) => as.map((a) => a.dataset.id));
const waitForIds = (page, expected) =>
  page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('ol.cards article')].map((a) => a.dataset.id)) === want, JSON.stringify(expected));

test('a Persian query typed with Persian letters finds the article written with Arabic letters', async () => {
  const { context, page, problems } = await openFixture();
  // The fixture spells امنيت, ملي, دبير with Arabic yeh (ي); the query uses Persian yeh (ی).
  await page.getByLabel('Search articles').fill('امنیت ملی');
  await waitForIds(page, ['fa-1']);
  // ZWNJ: می‌خواهیم (with the joiner) finds مي‌خواهيم, and so does میخواهیم (without).
  await page.getByLabel('Search articles').fill('میخواهیم');
  await waitForIds(page, ['fa-1']);
  // Persian digits match ASCII digits.
  await page.getByLabel('Search articles').fill('1400');
  await waitForIds(page, ['fa-1']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a word finds its other forms in the article language, marked, and a quoted word does not', async () => {
  const { context, page, problems } = await openFixture();
  // The Persian plural (ZWNJ-joined) finds the singular همکاري; the English
  // past tense finds `resume`; both are marked as the forms that matched.
  await page.getByLabel('Search articles').fill('همکاری‌ها ');
  await waitForIds(page, ['fa-1']);
  assert.deepEqual(await page.locator('article[data-id="fa-1"] .card-snippet mark').allInnerTexts(), ['همکاري']);
  await page.getByLabel('Search articles').fill('resumed ');
  await waitForIds(page, ['en-1']);
  assert.deepEqual(await page.locator('article[data-id="en-1"] h2 mark').allInnerTexts(), ['resume']);
  await page.getByLabel('Search articles').fill('"resumed"');
  await page.waitForSelector('.result-count', { state: 'attached' });
  await page.waitForFunction(() => document.querySelectorAll('ol.cards article').length === 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('relevance lists the articles with every word first, then those with some', async () => {
  const { context, page, problems } = await openFixture('#/?order=relevance');
  await page.getByLabel('Search articles').fill('tehran talks lisbon ');
  await waitForIds(page, ['en-1', 'en-2']);
  assert.equal(await page.locator('.result-count').innerText(), '2 of 4 articles · none has every word; these have some of them');
  // (The same cards as before: the count line tells this query's answer.)
  await page.getByLabel('Search articles').fill('government talks ');
  await page.waitForFunction(() => document.querySelector('.result-count').innerText === '2 of 4 articles · the first has every word, the rest some of them');
  await waitForIds(page, ['en-1', 'en-2']);
  await page.getByLabel('Order', { exact: true }).selectOption('newest');
  await page.waitForFunction(() => document.querySelector('.result-count').innerText === '1 of 4 articles');
  await page.getByLabel('Search articles').fill('tehran talks lisbon ');
  await page.waitForFunction(() => document.querySelectorAll('ol.cards article').length === 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the language facet narrows to a language, counts follow the query, and it lives in the URL', async () => {
  const { context, page, problems } = await openFixture();
  const facet = page.locator('.language-facet');
  const labels = () => facet.locator('label').evaluateAll((ls) => ls.map((l) => l.textContent));
  assert.deepEqual(await labels(), ['English (en)2', 'Not given1', 'Persian (fa)1']);
  await facet.locator('label', { hasText: 'Persian' }).locator('input').check();
  await waitForIds(page, ['fa-1']);
  await addressWhen(page, /lang=fa/);
  await page.reload();
  await waitForCards(page);
  await waitForIds(page, ['fa-1']);
  await facet.locator('label', { hasText: 'Persian' }).locator('input').uncheck();
  await page.getByLabel('Search articles').fill('tehran');
  await page.waitForFunction(() => [...document.querySelectorAll('.language-facet label')].map((l) => l.textContent).join('|') === 'English (en)2|Not given1');
  assert.deepEqual(problems, []);
  await context.close();
});

test('matches are highlighted with <mark> elements, accents and case folded', async () => {
  const { context, page, problems } = await openFixture();
  await page.getByLabel('Search articles').fill('tehran');
  await page.waitForSelector('ol.cards mark');
  const card = page.locator('article[data-id="en-1"]');
  assert.deepEqual(await card.locator('h2 mark').allInnerTexts(), ['Tehran']);
  assert.ok((await card.locator('.card-snippet mark').allInnerTexts()).includes('Téhéran'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('<script> inside an article shows as text and never runs', async () => {
  const { context, page, problems } = await openFixture();
  await page.getByLabel('Search articles').fill('script');
  await waitForIds(page, ['script-1']);
  const snippet = await page.locator('article[data-id="script-1"] .card-snippet').innerText();
  assert.match(snippet, /<script>window\.__pwned = 1<\/script>/);
  assert.equal(await page.locator('ol.cards script, ol.cards img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the query and order live in the URL and survive a reload', async () => {
  const { context, page, problems } = await openFixture();
  await page.getByLabel('Search articles').fill('tehran');
  await page.getByLabel('Order', { exact: true }).selectOption('relevance');
  await waitForIds(page, ['en-1', 'script-1', 'en-2']);
  await addressWhen(page, /q=tehran/);
  await addressWhen(page, /order=relevance/);
  await page.reload();
  await waitForCards(page);
  await waitForIds(page, ['en-1', 'script-1', 'en-2']);
  assert.equal(await page.getByLabel('Search articles').inputValue(), 'tehran');
  assert.equal(await page.getByLabel('Order', { exact: true }).inputValue(), 'relevance');
  // Newest first is the default order and lists the same matches by date.
  await page.getByLabel('Order', { exact: true }).selectOption('newest');
  await waitForIds(page, ['script-1', 'en-1', 'en-2']);
  await page.getByLabel('Order', { exact: true }).selectOption('oldest');
  await waitForIds(page, ['en-2', 'en-1', 'script-1']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a shared link opens with its query applied', async () => {
  const { context, page } = await openFixture('#/?q=' + encodeURIComponent('"nuclear deal"'));
  await waitForIds(page, ['en-1']);
  assert.equal(await page.getByLabel('Search articles').inputValue(), '"nuclear deal"');
  assert.match(await page.locator('.result-count').innerText(), /^1 of 4 articles/);
  // -word excludes; Esc clears back to everything.
  await page.getByLabel('Search articles').fill('tehran -government');
  await waitForIds(page, ['script-1']);
  await page.getByLabel('Search articles').press('Escape');
  await waitForIds(page, ['fa-1', 'script-1', 'en-1', 'en-2']);
  await addressWhen(page, /q=/, false);
  await context.close();
});

test('right-to-left articles are laid out right to left, in the list and on their page', async () => {
  const { context, page, problems } = await openFixture();
  const direction = (selector) => page.locator(selector).evaluate((el) => getComputedStyle(el).direction);
  assert.equal(await direction('article[data-id="fa-1"]'), 'rtl');
  assert.equal(await direction('article[data-id="en-1"]'), 'ltr');
  await page.locator('article[data-id="fa-1"] h2 a').click();
  await page.waitForSelector('.article-full');
  assert.equal(await direction('.article-full'), 'rtl');
  assert.equal(await page.locator('.article-full').getAttribute('lang'), 'fa');
  assert.deepEqual(problems, []);
  await context.close();
});
