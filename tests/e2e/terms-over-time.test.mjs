// End to end: the timeline compares up to three queries: a line for each
// compared query over the active one's bars, a legend with their counts,
// counts in each bar's hover text, a compared query made the active search
// from the legend; all of it in the address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite, openPage, waitForCards, addressWhen } from './harness.mjs';

const env = useSuite();
const countText = (page) => page.locator('.result-count').innerText();
const showing = (page, q) => page.waitForFunction((q) => document.querySelector('section.results')?.dataset.query === q, q);

/** How many articles the page finds for `q` (its count line). */
async function countFor(q) {
  const { page } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(env.server.url + `#/?q=${encodeURIComponent(q)}`);
  await waitForCards(page);
  await showing(page, q);
  return Number((await countText(page)).match(/^(\d+) of /)[1]);
}

test('a compared query is a line over the bars, counted in the legend and in each bar, and a click makes it the search', async () => {
  const [iran, iraq] = [await countFor('iran'), await countFor('iraq')];
  assert.ok(iran > 0 && iraq > 0);
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(env.server.url + '#/?q=iran');
  await waitForCards(page);
  await showing(page, 'iran');
  await page.getByLabel('Compare another query on the timeline').fill('iraq');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await addressWhen(page, /[?&]vs=iraq/);
  const legend = page.getByRole('list', { name: 'Queries on the timeline' });
  await legend.getByRole('button', { name: 'Search for \u201ciraq\u201d' }).waitFor();
  assert.equal(await legend.locator('li.series-1 .make-active').innerText(), `\u201ciraq\u201d: ${iraq} articles`);
  // A line with a point per bar.
  const bars = await page.locator('.timeline g.bar').count();
  const points = await page.locator('.timeline polyline.series-1').getAttribute('points');
  assert.equal(points.trim().split(' ').length, bars);
  // Each bar's hover text counts both queries; they add up to each total.
  const titles = await page.locator('.timeline g.bar title').allTextContents();
  const sum = (re) => titles.reduce((n, t) => n + Number(t.match(re)[1]), 0);
  assert.equal(sum(/: (\d+) articles? \(\u201ciran\u201d\)/), iran);
  assert.equal(sum(/\u201ciraq\u201d: (\d+)$/), iraq);
  // A pasted link shows the same comparison.
  const { page: again } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await again.goto(page.url());
  await again.getByRole('button', { name: 'Search for \u201ciraq\u201d' }).waitFor();
  // The legend makes it the search; the search it replaced is compared instead.
  await legend.getByRole('button', { name: 'Search for \u201ciraq\u201d' }).click();
  await addressWhen(page, /[?&]q=iraq.*[?&]vs=iran|[?&]vs=iran.*[?&]q=iraq/);
  await showing(page, 'iraq');
  assert.equal(await countText(page), `${iraq} of 322 articles`);
  assert.equal(await page.getByLabel('Search articles').inputValue(), 'iraq');
  await page.getByRole('button', { name: 'Stop comparing \u201ciran\u201d' }).click();
  await addressWhen(page, /[?&]vs=/, false);
  assert.equal(await page.locator('.timeline polyline').count(), 0);
  assert.deepEqual(problems, []);
});

test('three series at most: the box to add another goes once two are compared', async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(env.server.url + '#/?q=iran&vs=iraq&vs=election&vs=ignored');
  await waitForCards(page);
  await page.getByRole('button', { name: 'Search for \u201celection\u201d' }).waitFor();
  assert.equal(await page.locator('.timeline polyline').count(), 2);
  assert.equal(await page.getByLabel('Compare another query on the timeline').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Search for \u201cignored\u201d' }).count(), 0);
  assert.deepEqual(problems, []);
});
