// Cross-browser: a reader opens their own files through the file input
// (WebDriver sends the paths to input[type=file]): the seed file and a JSON
// set, replacing the bundled set or added to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  useSuite, openList, run, ids, element, waitForIds, countText, showing, typeQuery, waitFor, By,
  ENGINE, TEST_TIMEOUT, ROOT, BUNDLED, TOTAL, SEED_ID,
} from './harness.mjs';
import { dropFiles } from '../e2e/fixtures/drop-files.mjs';

const SEED = join(ROOT, 'data/seed/75422.txt');
const VOA = join(ROOT, 'data/voa-learningenglish/articles.json');
const voa = JSON.parse(readFileSync(VOA, 'utf8'));

const env = useSuite({ scratch: 'xb-open-' });

/** Waits until the opened files replaced the loading state; returns the summary line. */
const opened = (driver) =>
  waitFor(driver, () => document.querySelector('.load-summary .load-origin') && document.querySelector('.load-counts')?.textContent,
    [], 'the opened files\' summary');

/** Sends `paths` to the file input `id`, as a reader picking them. */
async function pick(driver, id, paths) {
  const input = await driver.findElement(By.id(id));
  await input.sendKeys(paths.join('\n'));
}

test(`${ENGINE}: the seed file and a JSON set open through the file input, replacing the set; search works on them`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await openList(driver, env.server.url);
  const broken = join(env.scratch, 'broken.txt');
  writeFileSync(broken, 'News ID : 1\nPublish Date : 13/45/2021 11:03:39 PM\nTitle\n\nText\n');
  await pick(driver, 'open-files-input', [SEED, VOA, broken]);
  const total = voa.length + 1;
  assert.equal(await opened(driver), `3 files read · ${total} articles · 1 skipped`);
  assert.equal(await driver.findElement(By.css('.load-origin')).getText(), 'Your files');
  assert.equal(await countText(driver), `${total} articles`);
  // The skipped file, line and reason, in the CLI's words.
  await driver.findElement(By.css('.load-summary summary')).click();
  const row = await waitFor(driver, () => {
    const tr = document.querySelector('.skipped-list tbody tr');
    return tr && tr.offsetParent !== null ? [...tr.cells].map((c) => c.textContent) : null;
  }, [], 'the list of skipped records');
  assert.deepEqual(row.slice(0, 2), ['broken.txt', '2']);
  assert.match(row[2], /^`13\/45\/2021 11:03:39 PM` is not a valid date/);
  // The opened articles are searched and filtered at once.
  await typeQuery(driver, 'shamkhani');
  await showing(driver, 'shamkhani');
  assert.deepEqual(await ids(driver), [SEED_ID]);
  assert.equal(await driver.findElement(By.css(`article[data-id="${SEED_ID}"] time`)).getText(), '13 Sep 2021, 23:03');
  await typeQuery(driver, '');
  await showing(driver, '');
  // The facet follows the list once its frame is painted: wait for the opened files' sources.
  await waitFor(driver, () => {
    const labels = [...document.querySelectorAll('.source-facet label')].map((l) => l.textContent);
    return ['NOURNEWS', 'VOA'].every((s) => labels.some((l) => l.startsWith(s))) && !labels.some((l) => l.startsWith('Wikinews'));
  }, [], 'the opened sources in the facet');
  const sources = await run(driver, () => [...document.querySelectorAll('.source-facet label')].map((l) => l.textContent));
  assert.ok(sources.some((s) => s.startsWith('NOURNEWS')), sources.join('|'));
  assert.ok(sources.some((s) => s.startsWith('VOA')), sources.join('|'));
  assert.ok(!sources.some((s) => s.startsWith('Wikinews')), 'the bundled set was replaced');
});

test(`${ENGINE}: "Add to them" merges a JSON file with the bundled set; the open copy of a repeated id wins`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await openList(driver, env.server.url);
  // The choice appears once there are articles to add to.
  await (await element(driver, By.xpath('//label[contains(normalize-space(), "Add to them")]'), 'the "Add to them" choice')).click();
  const mine = join(env.scratch, 'mine.json');
  const changed = { ...BUNDLED[0], title: 'A changed copy' };
  const fresh = { id: 'mine-1', title: 'My own article', published: '2030-01-01T09:00:00', lead: 'Mine.', source: 'Me' };
  writeFileSync(mine, JSON.stringify([changed, fresh], null, 2));
  await pick(driver, 'open-files-input', [mine]);
  assert.equal(await opened(driver), `2 files read · ${TOTAL + 1} articles · 1 skipped`);
  assert.equal(await driver.findElement(By.css('.load-origin')).getText(), 'Your files, added to the articles already open');
  assert.equal(await countText(driver), `${TOTAL + 1} articles`);
  assert.equal((await ids(driver))[0], 'mine-1', 'the new article is the newest');
  assert.equal(await driver.findElement(By.css('article[data-id="mine-1"] h2')).getText(), 'My own article');
  // The copy already open (the bundled one) is kept: its title is found, the changed one is not.
  await typeQuery(driver, `"${BUNDLED[0].title}"`);
  await showing(driver, `"${BUNDLED[0].title}"`);
  assert.ok((await ids(driver)).includes(BUNDLED[0].id));
  assert.equal(await driver.findElement(By.css(`article[data-id="${BUNDLED[0].id}"] h2`)).getText(), BUNDLED[0].title);
  await typeQuery(driver, '"a changed copy"');
  await showing(driver, '"a changed copy"');
  assert.equal(await countText(driver), `0 of ${TOTAL + 1} articles`);
});

test(`${ENGINE}: files dropped on the page open the same way; the engine offers folder picking (webkitdirectory)`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await openList(driver, env.server.url);
  // Both engines have folder inputs, so "Open folder…" works there. (No
  // WebDriver can pick a folder: geckodriver refuses a folder's path, and
  // WebKitWebDriver sends it as one empty file.)
  assert.equal(await run(driver, () => 'webkitdirectory' in document.createElement('input')), true, 'the engine has folder inputs');
  assert.ok(await (await element(driver, By.xpath('//button[normalize-space()="Open folder…"]'))).isEnabled());
  // A drop, as the browser delivers it: a DataTransfer holding the seed file.
  await run(driver, dropFiles, [{ name: '75422.txt', text: readFileSync(SEED, 'utf8'), type: 'text/plain' }]);
  assert.equal(await opened(driver), '1 file read · 1 article · 0 skipped');
  await waitForIds(driver, [SEED_ID]);
  assert.equal(await driver.findElement(By.css(`article[data-id="${SEED_ID}"] time`)).getText(), '13 Sep 2021, 23:03');
  await waitFor(driver, () => !document.querySelector('.drop-overlay'), [], 'the drop overlay to go');
});

test(`${ENGINE}: a WARC crawl opens through the crawl reader (a second wasm, loaded then), with the CLI's counts`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await openList(driver, env.server.url);
  await pick(driver, 'open-files-input', [join(ROOT, 'tests/fixtures/warc/crawl.warc.gz')]);
  assert.equal(await opened(driver), '1 file read · 6 articles · 0 skipped · 8 records ignored (warcinfo record: 1, request record: 1, not HTML: 1, redirect: 1, not an article: 1, charset windows-1256 is not read: 1, metadata record: 1, revisit record: 1)');
  assert.equal(await countText(driver), '6 articles');
  const dates = await run(driver, () => [...document.querySelectorAll('ol.cards article .card-meta time')].map((t) => t.textContent));
  assert.deepEqual(dates, ['18 Sep 2021, 08:30 (+03:30)', '17 Sep 2021', '16 Sep 2021, 10:00', 'captured 15 Sep 2021', '14 Sep 2021', '13 Sep 2021, 23:03 (+04:30)']);
  await typeQuery(driver, 'terrace');
  await showing(driver, 'terrace');
  assert.equal(await countText(driver), '1 of 6 articles');
});
