// Cross-browser: the single-file archive (dist/broadsheet.html) opened
// straight from disk through a file:// URL; and the regular build opened
// from disk, which explains itself.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  useSuite, openList, run, ids, countText, waitForCount, showing, typeQuery, waitFor, waitForCards, By,
  ENGINE, TEST_TIMEOUT, DIST, TOTAL, SEED_ID, addressWhen } from './harness.mjs';

const env = useSuite({ server: false });
before(() => {
  if (!existsSync(join(DIST, 'broadsheet.html'))) throw new Error(`${DIST}/broadsheet.html is missing: run \`./dev build\``);
});

test(`${ENGINE}: the single file opens from file://: cards, search, article page and back, a filter kept over a reload`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { tz: 'Asia/Tokyo' });
  const url = pathToFileURL(join(DIST, 'broadsheet.html')).href;
  await openList(driver, url);
  assert.equal(await run(driver, () => location.protocol), 'file:');
  assert.equal(await countText(driver), `${TOTAL} articles`);
  await typeQuery(driver, 'shamkhani');
  await showing(driver, 'shamkhani');
  assert.deepEqual(await ids(driver), [SEED_ID]);
  assert.equal(await driver.findElement(By.css(`article[data-id="${SEED_ID}"] time`)).getText(), '13 Sep 2021, 23:03');
  await addressWhen(driver, /^file:.*#\/\?q=shamkhani$/);
  // The article page, then back.
  await driver.findElement(By.css(`article[data-id="${SEED_ID}"] .card-link`)).click();
  await waitFor(driver, (i) => document.querySelector('.article-full')?.dataset.id === i, [SEED_ID], 'the article page');
  assert.match(await driver.findElement(By.css('.article-title')).getText(), /^The Iraqi Prime Minister met/);
  await driver.navigate().back();
  await showing(driver, 'shamkhani');
  // A source filter, and the whole state surviving a reload.
  await typeQuery(driver, '');
  await showing(driver, '');
  // The facet follows the list once its frame is painted.
  await waitFor(driver, () => [...document.querySelectorAll('.source-facet label')].some((l) => l.textContent.trim().startsWith('VOA Learning English')), [], 'the VOA source in the facet');
  await driver.findElement(By.xpath('//label[starts-with(normalize-space(), "VOA Learning English")]//input')).click();
  await waitFor(driver, () => /source=/.test(location.hash), [], 'the source in the URL');
  const filtered = await waitForCount(driver, new RegExp(`^30 of ${TOTAL} articles$`));
  await driver.navigate().refresh();
  await waitForCards(driver);
  await waitForCount(driver, filtered);
});

/**
 * Whether the engine runs the regular build's module script from file://.
 * Firefox does (a file may load scripts from its own folder), so the app
 * starts and must say itself why it has no articles; Chromium and WebKit
 * refuse it, and index.html's plain notice stays.
 */
const RUNS_MODULES_FROM_DISK = { firefox: true, webkit: false };

test(`${ENGINE}: the regular build opened from disk explains how to serve it (${RUNS_MODULES_FROM_DISK[ENGINE] ? 'the app\'s own message: this engine runs it from disk' : 'the plain notice: this engine does not run it from disk'})`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t);
  await driver.get(pathToFileURL(join(DIST, 'index.html')).href);
  // Once loaded, the module script has run or has been refused.
  await waitFor(driver, () => document.readyState === 'complete', [], 'the page to load');
  let text;
  if (RUNS_MODULES_FROM_DISK[ENGINE]) {
    const alert = await waitFor(driver, () => document.querySelector('[role=alert]')?.innerText, [], 'the app\'s message');
    text = alert;
    assert.match(text, /could not be loaded/);
  } else {
    assert.equal(await run(driver, () => !!document.querySelector('.masthead')), false, 'the app did not start');
    const help = await driver.findElement(By.id('file-help'));
    assert.ok(await help.isDisplayed());
    text = await help.getText();
  }
  assert.match(text, /file:\/\//);
  assert.match(text, /python3 -m http\.server/);
  assert.match(text, /broadsheet\.html/);
});
