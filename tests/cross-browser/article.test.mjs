// Cross-browser: an article page opened from a card; Back returns to the
// same results at the same scroll position; Forward and a pasted link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSuite, openList, run, showing, searchBox, waitFor, By,
  ENGINE, TEST_TIMEOUT, SEED_ID, SEED_TITLE, addressWhen } from './harness.mjs';

const env = useSuite();

test(`${ENGINE}: a card opens its article page; Back returns to the same results and scroll position`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 800 });
  await openList(driver, env.server.url + '#/?q=minister');
  await showing(driver, 'minister');
  // Scrolled, and the page told so: WebKit dispatches the scroll event at
  // its next rendering update, which may come after a click sent at once
  // (a reader never clicks within a frame of scrolling).
  await run(driver, () => {
    addEventListener('scroll', () => { window.__scrollEventAt = scrollY; });
    window.scrollTo(0, 1500);
  });
  // A list still growing (rows measured as they render) may have clamped
  // that scroll: as a reader would, scroll again until it holds.
  await waitFor(driver, () => {
    if (Math.abs(window.scrollY - 1500) >= 2) {
      window.scrollTo(0, 1500);
      return false;
    }
    return Math.abs(window.__scrollEventAt - 1500) < 2;
  }, [], 'the list scrolled to 1500 px, and its scroll event');
  // Where the reader was when they clicked (a click may scroll a little).
  await run(driver, () => window.addEventListener('click', () => { window.__scrollAtClick = window.scrollY; }, true));
  // A card whose title is wholly on screen, as a reader would click.
  const id = await waitFor(driver, () => {
    const link = [...document.querySelectorAll('ol.cards article h2 a')].find((a) => {
      const r = a.getBoundingClientRect();
      return r.top > 80 && r.bottom < innerHeight - 80;
    });
    return link?.closest('article').dataset.id;
  }, [], 'a card on screen');
  const card = await driver.findElement(By.css(`article[data-id="${id}"]`));
  const title = await card.findElement(By.css('h2')).getText();
  await card.findElement(By.css('h2 a')).click();
  await waitFor(driver, (i) => document.querySelector('.article-full')?.dataset.id === i, [id], 'the article page');
  const scrolled = await run(driver, () => window.__scrollAtClick);
  assert.ok(scrolled > 1000, `scrolled to ${scrolled} at the click`);
  await addressWhen(driver, new RegExp(`#/article/${encodeURIComponent(id)}\\?q=minister$`));
  assert.equal(await driver.findElement(By.css('.article-title')).getText(), title);
  assert.ok((await driver.findElements(By.css('.article-full p[dir=auto]'))).length >= 1, 'the text is shown');
  assert.ok((await driver.findElements(By.css('.article-full mark'))).length >= 1, 'the query is marked in the article');

  await driver.navigate().back();
  await showing(driver, 'minister');
  assert.equal(await (await searchBox(driver)).getAttribute('value'), 'minister');
  const back = await waitFor(driver, (y) => (Math.abs(window.scrollY - y) < 2 ? { y: window.scrollY } : null), [scrolled],
    `the list scrolled back to ${scrolled} px`).catch(async (error) => {
    error.message += ` (window.scrollY is ${await run(driver, () => window.scrollY)})`;
    throw error;
  });
  assert.ok(Math.abs(back.y - scrolled) < 2);
  assert.ok((await driver.findElements(By.css(`article[data-id="${id}"]`))).length === 1, 'the clicked card is in the list again');

  // Forward opens the same article again.
  await driver.navigate().forward();
  await waitFor(driver, (i) => document.querySelector('.article-full')?.dataset.id === i, [id], 'the article page again');
  assert.equal(await driver.findElement(By.css('.article-title')).getText(), title);
});

test(`${ENGINE}: an article link opens by itself: every paragraph, the date, no neighbours for one result`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t);
  await driver.get(env.server.url + `#/article/${SEED_ID}?q=shamkhani`);
  await waitFor(driver, (i) => document.querySelector('.article-full')?.dataset.id === i, [SEED_ID], 'the seed article page');
  assert.equal(await driver.findElement(By.css('.article-title')).getText(), SEED_TITLE);
  assert.equal(await driver.findElement(By.css('.article-full time')).getText(), '13 Sep 2021, 23:03');
  const paragraphs = await run(driver, () => [...document.querySelectorAll('.article-full p[dir=auto]')].map((p) => p.textContent));
  assert.equal(paragraphs.length, 10);
  assert.match(paragraphs[1], /^NOURNEWS - In this meeting/);
  // The neighbours are those within the query's results, once it has them.
  await waitFor(driver, () => performance.getEntriesByName('broadsheet:indexed').length > 0, [], 'the search index');
  assert.equal((await driver.findElements(By.css('.neighbour'))).length, 0);
  // An unknown id says so, with a way back.
  await driver.get(env.server.url + '#/article/no-such-id');
  await waitFor(driver, () => document.querySelector('.not-found h2')?.textContent, [], 'the not-found page');
  assert.match(await driver.findElement(By.css('.not-found')).getText(), /Article not found[\s\S]*no-such-id/);
});
