// End to end: the bundled set in the release build, as a reader sees it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, waitForCards, ROOT } from './harness.mjs';

const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8'));
const TOTAL = bundled.articles.length;
const SEED_TITLE = 'The Iraqi Prime Minister met with the Secretary of the Supreme National Security Council of Iran';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const countText = (page) => page.locator('.result-count').innerText();
const cardCount = (page) => page.locator('ol.cards > li > article').count();

for (const timezoneId of ['Pacific/Honolulu', 'Asia/Tokyo']) {
  test(`the seed card shows 13 Sep 2021, 23:03 in ${timezoneId}`, async () => {
    const { context, page, problems } = await openPage(browser, { timezoneId });
    await page.goto(server.url);
    await waitForCards(page);
    // The browser really runs in that zone, far from UTC.
    const zone = await page.evaluate(() => [Intl.DateTimeFormat().resolvedOptions().timeZone, new Date(2021, 8, 13).getTimezoneOffset()]);
    assert.equal(zone[0], timezoneId);
    assert.ok(Math.abs(zone[1]) >= 540, `offset ${zone[1]} min is far from UTC`);

    const card = page.locator('article', { has: page.locator('h2', { hasText: SEED_TITLE }) });
    assert.equal(await card.count(), 1, 'the seed title appears once');
    assert.equal(await card.locator('time').innerText(), '13 Sep 2021, 23:03');
    assert.equal(await card.locator('time').getAttribute('datetime'), '2021-09-13T23:03:39');
    assert.equal(await card.locator('.card-source').innerText(), 'NOURNEWS');
    assert.match(await card.locator('.card-lead').innerText(), /^Admiral Ali Shamkhani/);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('every article is a card, newest first, day-only dates without a time', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.goto(server.url);
  await waitForCards(page);
  assert.equal(await countText(page), `${TOTAL} articles`);
  assert.equal(await cardCount(page), TOTAL);
  const dates = await page.locator('article time').evaluateAll((ts) => ts.map((t) => [t.getAttribute('datetime'), t.textContent]));
  for (let i = 1; i < dates.length; i++) {
    assert.ok(dates[i - 1][0].slice(0, 10) >= dates[i][0].slice(0, 10), `card ${i} (${dates[i][0]}) is not older than card ${i - 1} (${dates[i - 1][0]})`);
  }
  for (const [iso, shown] of dates) {
    if (iso.length === 10) assert.doesNotMatch(shown, /:/, `${iso} is day-only but shows ${shown}`);
  }
  // Attribution survives: Wikinews cards link the original and the licence.
  const wikinews = page.locator('article', { has: page.locator('.card-source', { hasText: 'Wikinews' }) }).first();
  assert.match(await wikinews.locator('a.card-original').getAttribute('href'), /^https:\/\/en\.wikinews\.org\/wiki\//);
  assert.equal(await wikinews.locator('a.card-license').getAttribute('href'), 'https://creativecommons.org/licenses/by/2.5/');
  // Semantic structure.
  assert.equal(await page.locator('main').count(), 1);
  assert.equal(await page.locator('article h2[dir=auto]').count(), TOTAL);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a query narrows the cards as you type, and clearing it restores them', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.goto(server.url);
  await waitForCards(page);
  const search = page.getByLabel('Search articles');

  await search.pressSequentially('shamkhani');
  await page.waitForFunction(() => document.querySelectorAll('ol.cards > li').length === 1);
  assert.equal(await countText(page), `1 of ${TOTAL} articles`);
  assert.equal(await page.locator('article h2').innerText(), SEED_TITLE);

  // Every word must match, in any field, any case: "KADHIMI" is only in the body.
  await search.fill('Iraq KADHIMI');
  await page.waitForFunction(() => document.querySelectorAll('ol.cards > li').length >= 1);
  const titles = await page.locator('article h2').allInnerTexts();
  assert.ok(titles.includes(SEED_TITLE));
  const expected = bundled.articles.filter((a) => {
    const text = [a.title, a.lead, ...a.body].join('\n').toLowerCase();
    return text.includes('iraq') && text.includes('kadhimi');
  }).length;
  assert.equal(titles.length, expected);
  assert.equal(await countText(page), `${expected} of ${TOTAL} articles`);

  await search.fill('zzzznotaword');
  await page.waitForSelector('.empty');
  assert.equal(await countText(page), `0 of ${TOTAL} articles`);

  await search.press('Escape');
  await page.waitForFunction((n) => document.querySelectorAll('ol.cards > li').length === n, TOTAL);
  assert.equal(await search.inputValue(), '');
  assert.equal(await countText(page), `${TOTAL} articles`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a broken articles.json shows what failed and why', async () => {
  const { context, page } = await openPage(browser);
  await page.route('**/static/articles.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"format":"broadsheet-article-set","version":1,"articles":[{"id":' }));
  await page.goto(server.url);
  await waitForCards(page);
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /static\/articles\.json is not a valid article set: line 1, column \d+: EOF while parsing/);
  assert.equal(await cardCount(page), 0);
  await context.close();
});

test('a missing articles.json says the server answered 404', async () => {
  const { context, page } = await openPage(browser);
  await page.route('**/static/articles.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(server.url);
  await waitForCards(page);
  assert.match(await page.getByRole('alert').innerText(), /Could not download static\/articles\.json: the server answered HTTP 404/);
  await context.close();
});

test('bad records are listed and the good ones still shown', async () => {
  const { context, page, problems } = await openPage(browser);
  const good = bundled.articles.slice(0, 3);
  const body = JSON.stringify({
    format: 'broadsheet-article-set', version: 1,
    articles: [good[0], { id: 'broken', title: 'No date' }, good[1], { ...good[2], published: '2021-13-45' }],
  });
  await page.route('**/static/articles.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  await page.goto(server.url);
  await waitForCards(page);
  assert.equal(await cardCount(page), 2);
  const notice = page.locator('details.notice-warning');
  assert.match(await notice.locator('summary').innerText(), /^2 records in the article set could not be read/);
  await notice.locator('summary').click();
  const items = await notice.locator('li').allInnerTexts();
  assert.match(items[0], /record 2 \(id "broken"\): missing field `published`/);
  assert.match(items[1], /record 4 .*`2021-13-45` is not an ISO 8601 date/);
  assert.deepEqual(problems, []);
  await context.close();
});
