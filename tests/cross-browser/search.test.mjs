// Cross-browser: search on the bundled set as a reader types it: marked
// matches, a misspelt word that still finds the article, a phrase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSuite, openList, run, ids, countText, showing, typeQuery, searchBox, waitFor, By, Key,
  ENGINE, TEST_TIMEOUT, TOTAL, SEED_ID, SEED_TITLE, addressWhen } from './harness.mjs';

const env = useSuite();

/** The texts of the `<mark>`s in `selector`. */
const marks = (driver, selector) => run(driver, (s) => [...document.querySelectorAll(s)].map((m) => m.textContent), selector);

test(`${ENGINE}: typing narrows the cards and marks the matches; Esc clears`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t);
  await openList(driver, env.server.url);
  await typeQuery(driver, 'shamkhani');
  await showing(driver, 'shamkhani');
  assert.deepEqual(await ids(driver), [SEED_ID]);
  assert.equal(await countText(driver), `1 of ${TOTAL} articles`);
  await addressWhen(driver, /#\/\?q=shamkhani$/);
  const snippet = await marks(driver, `article[data-id="${SEED_ID}"] .card-snippet mark`);
  assert.ok(snippet.length >= 1 && snippet.every((m) => /^shamkhani$/i.test(m)), snippet.join('|'));
  // A word of the title is marked in the title, whatever its case.
  await typeQuery(driver, 'SHAMKHANI iraqi');
  await showing(driver, 'SHAMKHANI iraqi');
  assert.deepEqual(await marks(driver, `article[data-id="${SEED_ID}"] h2 mark`), ['Iraqi']);
  assert.equal(await driver.findElement(By.css(`article[data-id="${SEED_ID}"] h2`)).getText(), SEED_TITLE);
  // Nothing found says so.
  await typeQuery(driver, 'zzzznotaword');
  await showing(driver, 'zzzznotaword');
  await driver.findElement(By.css('.empty'));
  assert.equal(await countText(driver), `0 of ${TOTAL} articles`);
  // Esc in the search box clears it.
  await (await searchBox(driver)).sendKeys(Key.ESCAPE);
  await showing(driver, '');
  assert.equal(await (await searchBox(driver)).getAttribute('value'), '');
  assert.equal(await countText(driver), `${TOTAL} articles`);
});

test(`${ENGINE}: a misspelt word still finds the article (typo tolerance)`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t);
  await openList(driver, env.server.url);
  // "Kadhimi" (the Iraqi prime minister) is only in the seed's text.
  for (const typo of ['kadhimy', 'shamkhany']) {
    await typeQuery(driver, typo);
    await showing(driver, typo);
    assert.deepEqual(await ids(driver), [SEED_ID], typo);
    assert.equal(await countText(driver), `1 of ${TOTAL} articles`, typo);
  }
  // Far from any word: nothing.
  await typeQuery(driver, 'kzdhxmy');
  await showing(driver, 'kzdhxmy');
  assert.deepEqual(await ids(driver), []);
});

test(`${ENGINE}: a "phrase" matches the words together and in order`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t);
  await openList(driver, env.server.url);
  // Both words anywhere: 10 articles; the phrase: 2 (counted in the file).
  await typeQuery(driver, 'security council');
  await showing(driver, 'security council');
  assert.equal(await countText(driver), `10 of ${TOTAL} articles`);
  await typeQuery(driver, '"security council"');
  await showing(driver, '"security council"');
  assert.equal(await countText(driver), `2 of ${TOTAL} articles`);
  assert.deepEqual(await ids(driver), [SEED_ID, 'wikinews-en-30b42e810484']);
  const marked = await marks(driver, `article[data-id="${SEED_ID}"] mark`);
  assert.ok(marked.length >= 1 && marked.every((m) => /^security council$/i.test(m)), `the phrase is marked whole: ${marked.join('|')}`);
  // The words in the other order are not the phrase.
  await typeQuery(driver, '"council security"');
  await showing(driver, '"council security"');
  assert.equal(await countText(driver), `0 of ${TOTAL} articles`);
  // A shared link with a phrase opens with it applied.
  await driver.get(env.server.url + '#/?q=' + encodeURIComponent('shamkhani "prime minister"'));
  await waitFor(driver, () => document.querySelector('section.results')?.dataset.query === 'shamkhani "prime minister"', [], 'the linked query');
  assert.deepEqual(await ids(driver), [SEED_ID]);
  assert.equal(await (await searchBox(driver)).getAttribute('value'), 'shamkhani "prime minister"');
});
