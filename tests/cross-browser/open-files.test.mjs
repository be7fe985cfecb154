// Cross-browser: a reader opens their own files through the file input
// (WebDriver sends the paths to input[type=file]): the seed file and a JSON
// set, replacing the bundled set or added to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  useSuite, openList, run, ids, countText, showing, typeQuery, waitFor, By,
  ENGINE, TEST_TIMEOUT, ROOT, BUNDLED, TOTAL, SEED_ID,
} from './harness.mjs';

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
  const sources = await run(driver, () => [...document.querySelectorAll('.source-facet label')].map((l) => l.textContent));
  assert.ok(sources.some((s) => s.startsWith('NOURNEWS')), sources.join('|'));
  assert.ok(sources.some((s) => s.startsWith('VOA')), sources.join('|'));
  assert.ok(!sources.some((s) => s.startsWith('Wikinews')), 'the bundled set was replaced');
});

test(`${ENGINE}: "Add to them" merges a JSON file with the bundled set; the open copy of a repeated id wins`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await openList(driver, env.server.url);
  await driver.findElement(By.xpath('//label[contains(normalize-space(), "Add to them")]')).click();
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
  // The bundled copy of the repeated id is kept.
  await typeQuery(driver, 'changed copy');
  await showing(driver, 'changed copy');
  assert.deepEqual(await ids(driver), []);
});

test(`${ENGINE}: a folder opens through the folder picker (webkitdirectory): .txt and .json read, others ignored`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await openList(driver, env.server.url);
  assert.equal(await run(driver, () => 'webkitdirectory' in document.createElement('input')), true, 'the engine has folder inputs');
  const folder = join(env.scratch, 'archive');
  mkdirSync(join(folder, '2021'), { recursive: true });
  copyFileSync(SEED, join(folder, '2021', '75422.txt'));
  copyFileSync(VOA, join(folder, 'voa.json'));
  writeFileSync(join(folder, 'notes.md'), '# not an article');
  await pick(driver, 'open-folder-input', [folder]);
  assert.equal(await opened(driver), `2 files read · ${voa.length + 1} articles · 0 skipped · 1 ignored (not .txt or .json)`);
  assert.equal(await countText(driver), `${voa.length + 1} articles`);
});
