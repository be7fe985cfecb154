// End to end: the article page, opened from the list and by link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite, openPage, waitForCards, addressWhen } from './harness.mjs';

const env = useSuite();

const SEED_TITLE = 'The Iraqi Prime Minister met with the Secretary of the Supreme National Security Council of Iran';

test('a card opens its article page; back returns to the same results and scroll position', async () => {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(env.server.url + '#/?q=minister');
  await waitForCards(page);
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'minister');
  await page.evaluate(() => window.scrollTo(0, 1500));
  await page.waitForFunction(() => Math.abs(window.scrollY - 1500) < 2);
  const card = page.locator('ol.cards article').nth(7);
  // Where the reader was when they clicked (the click may scroll a little).
  await page.evaluate(() => window.addEventListener('click', () => { window.__scrollAtClick = window.scrollY; }, true));
  const id = await card.getAttribute('data-id');
  const title = await card.locator('h2').innerText();
  await card.locator('h2 a').click();
  await page.waitForSelector('.article-full');
  const scrolled = await page.evaluate(() => window.__scrollAtClick);
  assert.ok(scrolled > 1000, `scrolled to ${scrolled}`);
  await addressWhen(page, new RegExp(`#/article/${encodeURIComponent(id)}\\?q=minister$`));
  assert.equal(await page.locator('.article-title').innerText(), title);
  assert.ok(await page.locator('.article-full p[dir=auto]').count() >= 1);
  assert.ok((await page.locator('.article-full mark').count()) >= 1, 'the query is marked in the article');

  await page.goBack();
  await page.waitForSelector('ol.cards');
  assert.equal(await page.getByLabel('Search articles').inputValue(), 'minister');
  // The place comes back once the list is as tall as it was: wait for it as a
  // reader would, however busy the machine (tests/e2e/scroll-memory.test.mjs
  // proves it on a slow CPU).
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, scrolled, { timeout: 60_000 });
  // Forward opens the same article again; a pasted link in a new tab shows it too.
  await page.goForward();
  await page.waitForSelector('.article-full');
  assert.equal(await page.locator('.article-full').getAttribute('data-id'), id);
  const pasted = await context.newPage();
  await pasted.goto(page.url());
  await pasted.waitForSelector('.article-full');
  assert.equal(await pasted.locator('.article-title').innerText(), title);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an article page shows every paragraph, attribution, and previous/next within the results', async () => {
  const { context, page, problems } = await openPage(env.browser);
  await page.goto(env.server.url + '#/article/75422?q=shamkhani');
  await page.waitForSelector('.article-full');
  assert.equal(await page.locator('.article-title').innerText(), SEED_TITLE);
  assert.equal(await page.locator('.article-full time').innerText(), '13 Sep 2021, 23:03');
  // Lead plus nine body paragraphs, the dateline kept whole.
  const paragraphs = await page.locator('.article-full p[dir=auto]').allInnerTexts();
  assert.equal(paragraphs.length, 10);
  assert.match(paragraphs[1], /^NOURNEWS - In this meeting/);
  assert.ok(!paragraphs.some((p) => /first name & last name/.test(p)));
  // Only one result: no neighbours.
  assert.equal(await page.locator('.neighbour').count(), 0);

  await page.goto(env.server.url + '#/article/wikinews-en-e8d671d30811');
  await page.waitForSelector('.article-full');
  assert.match(await page.locator('.article-attribution a[rel~=license]').getAttribute('href'), /creativecommons\.org\/licenses\/by\/2\.5/);
  assert.match(await page.locator('.article-attribution a').first().getAttribute('href'), /^https:\/\/en\.wikinews\.org\//);
  assert.equal(await page.locator('.article-attribution a').first().getAttribute('rel'), 'noopener noreferrer');
  const next = page.locator('a.neighbour.next');
  const prev = page.locator('a.neighbour.prev');
  assert.equal(await next.count() + await prev.count(), 2);
  const nextTitle = await next.locator('.neighbour-title').innerText();
  await next.click();
  await page.waitForFunction((t) => document.querySelector('.article-title')?.textContent === t, nextTitle);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unknown article id shows a clear not-found page', async () => {
  const { context, page } = await openPage(env.browser);
  await page.goto(env.server.url + '#/article/no-such-id');
  await page.waitForSelector('.not-found');
  assert.match(await page.locator('.not-found h2').innerText(), /Article not found/);
  assert.match(await page.locator('.not-found').innerText(), /no-such-id/);
  await page.locator('.not-found a', { hasText: 'Browse all articles' }).click();
  await waitForCards(page);
  await context.close();
});
