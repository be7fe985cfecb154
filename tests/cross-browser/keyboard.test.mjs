// Cross-browser: the keyboard path. `/` focuses search, Enter (or ↓) moves
// to the results, j/k and the arrows select, Enter opens, Esc or Backspace
// returns, Esc in the list clears the search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSuite, openList, run, ids, showing, press, searchBox, waitFor, poll, Key,
  ENGINE, TEST_TIMEOUT, addressWhen } from './harness.mjs';

const env = useSuite();

/** The id of the selected card, once one is selected. */
const selected = (driver, expected) =>
  waitFor(driver, (want) => {
    const id = document.querySelector('ol.cards > li.selected article')?.dataset.id;
    return id === want ? id : null;
  }, [expected], `card ${expected} to be selected`);
const focusedCard = (driver) => run(driver, () => document.activeElement?.closest('article')?.dataset.id ?? null);
const articleShown = (driver, id) =>
  waitFor(driver, (i) => document.querySelector('.article-full')?.dataset.id === i, [id], `the article page of ${id}`);
const listShown = (driver) =>
  waitFor(driver, () => document.querySelector('ol.cards') && !document.querySelector('.article-full'), [], 'the list');

test(`${ENGINE}: / focuses search, Enter and j/k select, Enter opens, Esc returns, Esc clears`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await openList(driver, env.server.url);
  // As a reader would: press / again if the first press came before the
  // page listened (WebKit under Xvfb can hand the new page its key a moment
  // after the cards show; the page listens once the list's effects ran).
  await poll(async () => {
    await press(driver, '/');
    return waitFor(driver, () => document.activeElement?.id === 'search-input', [], 'the search box to have the focus', 2_000).catch(() => false);
  }, 'the search box to have the focus after /');
  await press(driver, 'minister');
  await showing(driver, 'minister');
  const shown = await ids(driver);
  assert.ok(shown.length >= 4, shown.join(' '));
  await press(driver, Key.ENTER, 'j', 'j');
  await selected(driver, shown[2]);
  assert.equal(await focusedCard(driver), shown[2], 'the focus follows the selection');
  await press(driver, 'k');
  await selected(driver, shown[1]);
  await press(driver, 'j', Key.ENTER);
  await articleShown(driver, shown[2]);
  await press(driver, Key.ESCAPE);
  await listShown(driver);
  assert.equal(await (await searchBox(driver)).getAttribute('value'), 'minister');
  await addressWhen(driver, /article/, false);
  // Esc in the search box clears it.
  await (await searchBox(driver)).sendKeys(Key.ESCAPE);
  await showing(driver, '');
  await addressWhen(driver, /q=/, false);
});

test(`${ENGINE}: ↓ from the search box and the arrows select; Backspace on an article page returns`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await openList(driver, env.server.url + '#/?q=minister');
  await showing(driver, 'minister');
  const shown = await ids(driver);
  await (await searchBox(driver)).click();
  await press(driver, Key.ARROW_DOWN, Key.ARROW_DOWN, Key.ARROW_DOWN);
  await selected(driver, shown[2]);
  await press(driver, Key.ARROW_UP);
  await selected(driver, shown[1]);
  assert.equal(await focusedCard(driver), shown[1]);
  await press(driver, Key.ENTER);
  await articleShown(driver, shown[1]);
  await addressWhen(driver, new RegExp(`#/article/${encodeURIComponent(shown[1])}\\?q=minister$`));
  await press(driver, Key.BACK_SPACE);
  await listShown(driver);
  await showing(driver, 'minister');
  await addressWhen(driver, /article/, false);
});
