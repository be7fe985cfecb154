// End to end: the bundled set in the release build, as a reader sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite, openPage, waitForCards, ROOT } from './harness.mjs';

const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8'));
const TOTAL = bundled.articles.length;
const SEED_TITLE = 'The Iraqi Prime Minister met with the Secretary of the Supreme National Security Council of Iran';

const env = useSuite();

const countText = (page) => page.locator('.result-count').innerText();
const cardCount = (page) => page.locator('ol.cards > li > article').count();

for (const timezoneId of ['Pacific/Honolulu', 'Asia/Tokyo']) {
  test(`the seed card shows 13 Sep 2021, 23:03 in ${timezoneId}`, async () => {
    const { context, page, problems } = await openPage(env.browser, { timezoneId });
    // The seed is not among the newest cards: open a link that finds it.
    await page.goto(env.server.url + '#/?q=shamkhani');
    await waitForCards(page);
    // The browser really runs in that zone, far from UTC.
    const zone = await page.evaluate(() => [Intl.DateTimeFormat().resolvedOptions().timeZone, new Date(2021, 8, 13).getTimezoneOffset()]);
    assert.equal(zone[0], timezoneId);
    assert.ok(Math.abs(zone[1]) >= 540, `offset ${zone[1]} min is far from UTC`);

    const card = page.locator('article[data-id="75422"]');
    assert.equal(await card.count(), 1, 'the seed card is shown');
    assert.equal(await card.locator('h2').innerText(), SEED_TITLE);
    assert.equal(await card.locator('time').innerText(), '13 Sep 2021, 23:03');
    assert.equal(await card.locator('time').getAttribute('datetime'), '2021-09-13T23:03:39');
    assert.equal(await card.locator('.card-source').innerText(), 'NOURNEWS');
    assert.deepEqual(await card.locator('.card-snippet mark').allInnerTexts(), ['Shamkhani']);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

const visibleIds = (page) => page.locator('ol.cards article').evaluateAll((as) => as.map((a) => a.dataset.id));
const showing = (page, query) =>
  page.waitForFunction((q) => document.querySelector('section.results')?.dataset.query === q, query);

test('every article is listed newest first, the list windowed, day-only dates without a time', async () => {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(env.server.url);
  await waitForCards(page);
  assert.equal(await countText(page), `${TOTAL} articles`);
  // Windowed: the DOM holds the visible cards, not all of them.
  const inDom = await cardCount(page);
  assert.ok(inDom > 3 && inDom < 60, `${inDom} cards in the DOM`);
  // The page sorts by date itself: compare with an independent sort of the file.
  const expected = [...bundled.articles]
    .sort((a, b) => (a.published.padEnd(19, ' ') < b.published.padEnd(19, ' ') ? 1 : a.published === b.published ? (a.id < b.id ? -1 : 1) : -1))
    .map((a) => a.id);
  assert.deepEqual(await visibleIds(page), expected.slice(0, inDom));
  // Scrolling to the end brings the oldest cards into the DOM, still in order.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForFunction((last) => [...document.querySelectorAll('ol.cards article')].some((a) => a.dataset.id === last), expected.at(-1));
  const tail = await visibleIds(page);
  assert.deepEqual(tail, expected.slice(TOTAL - tail.length));
  const dates = await page.locator('article time').evaluateAll((ts) => ts.map((t) => [t.getAttribute('datetime'), t.textContent]));
  for (const [iso, shown] of dates) {
    if (iso.length === 10) assert.doesNotMatch(shown, /:/, `${iso} is day-only but shows ${shown}`);
  }
  // Attribution survives: Wikinews cards link the original and the licence.
  const wikinews = page.locator('article', { has: page.locator('.card-source', { hasText: 'Wikinews' }) }).first();
  assert.match(await wikinews.locator('a.card-original').getAttribute('href'), /^https:\/\/en\.wikinews\.org\/wiki\//);
  assert.equal(await wikinews.locator('a.card-license').getAttribute('href'), 'https://creativecommons.org/licenses/by/2.5/');
  // Semantic structure.
  assert.equal(await page.locator('main').count(), 1);
  assert.equal(await page.locator('article h2[dir=auto]').count(), await cardCount(page));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a query narrows the cards as you type, and clearing it restores them', async () => {
  const { context, page, problems } = await openPage(env.browser);
  await page.goto(env.server.url);
  await waitForCards(page);
  const search = page.getByLabel('Search articles');

  await search.pressSequentially('shamkhani');
  await showing(page, 'shamkhani');
  assert.equal(await countText(page), `1 of ${TOTAL} articles`);
  assert.equal(await page.locator('article h2').innerText(), SEED_TITLE);
  assert.deepEqual(await page.locator('article h2 mark').allInnerTexts(), []);
  assert.ok((await page.locator('article .card-snippet mark').allInnerTexts()).every((m) => /^shamkhani$/i.test(m)));

  // Every word must match, in any field, any case: "KADHIMI" is only in the body.
  await search.fill('KADHIMI admiral');
  await showing(page, 'KADHIMI admiral');
  assert.deepEqual(await visibleIds(page), ['75422']);
  assert.equal(await countText(page), `1 of ${TOTAL} articles`);

  await search.fill('zzzznotaword');
  await page.waitForSelector('.empty');
  assert.equal(await countText(page), `0 of ${TOTAL} articles`);

  await search.press('Escape');
  await showing(page, '');
  assert.equal(await search.inputValue(), '');
  assert.equal(await countText(page), `${TOTAL} articles`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a broken articles.json shows what failed and why', async () => {
  const { context, page } = await openPage(env.browser);
  await page.route('**/static/articles.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"format":"broadsheet-article-set","version":1,"articles":[{"id":' }));
  await page.goto(env.server.url);
  await waitForCards(page);
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /static\/articles\.json is not a valid article set: line 1, column \d+: EOF while parsing/);
  assert.equal(await cardCount(page), 0);
  await context.close();
});

test('a missing articles.json says the server answered 404', async () => {
  const { context, page } = await openPage(env.browser);
  await page.route('**/static/articles.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(env.server.url);
  await waitForCards(page);
  assert.match(await page.getByRole('alert').innerText(), /Could not download static\/articles\.json: the server answered HTTP 404/);
  await context.close();
});

test('bad records are listed and the good ones still shown', async () => {
  const { context, page, problems } = await openPage(env.browser);
  const good = bundled.articles.slice(0, 3);
  const body = JSON.stringify({
    format: 'broadsheet-article-set', version: 1,
    articles: [good[0], { id: 'broken', title: 'No date' }, good[1], { ...good[2], published: '2021-13-45' }],
  });
  await page.route('**/static/articles.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  await page.goto(env.server.url);
  await waitForCards(page);
  assert.equal(await countText(page), '2 articles');
  const notice = page.locator('details.notice-warning');
  assert.equal(await notice.locator('summary').innerText(), '1 file read · 2 articles · 2 skipped');
  await notice.locator('summary').click();
  const rows = await notice.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText)));
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0].slice(0, 2), ['static/articles.json', '1']);
  assert.match(rows[0][2], /^record 2 \(id "broken"\): missing field `published`/);
  assert.match(rows[1][2], /^record 4 .*`2021-13-45` is not an ISO 8601 date/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('while the set downloads a progress bar shows; a non-UTF-8 file says so', async () => {
  const { context, page } = await openPage(env.browser);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/static/articles.json', async (route) => {
    await held;
    await route.fulfill({ status: 200, contentType: 'application/json', body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) });
  });
  await page.goto(env.server.url);
  await page.waitForSelector('.notice-loading progress');
  assert.match(await page.locator('.notice-loading').innerText(), /Loading articles/);
  release();
  await page.waitForSelector('[role=alert]');
  assert.match(await page.getByRole('alert').innerText(), /static\/articles\.json is not a valid article set: line 1, column 2: not UTF-8 text \(invalid byte at offset 1\)/);
  await context.close();
});
