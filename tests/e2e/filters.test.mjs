// End to end: date and source filters combined with search and order,
// with counts checked against the file itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite, openPage, waitForCards, ROOT, addressWhen } from './harness.mjs';

const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8')).articles;
const TOTAL = bundled.length;
const WIKINEWS = 'Wikinews (English)';
const VOA = 'VOA Learning English (Voice of America)';

const env = useSuite();

const count = (page) => page.locator('.result-count').innerText();
const settle = (page, url) => page.waitForFunction((u) => location.href === u || location.href.endsWith(u), url);
const facetCount = async (page, source) =>
  Number(await page.locator('.source-facet label', { hasText: source }).locator('.facet-count').innerText());

test('source facet counts follow the query; ticking a source narrows the list and the URL', async () => {
  const { context, page, problems } = await openPage(env.browser);
  await page.goto(env.server.url);
  await waitForCards(page);
  const bySource = (s) => bundled.filter((a) => a.source === s).length;
  assert.equal(await facetCount(page, WIKINEWS), bySource(WIKINEWS));
  assert.equal(await facetCount(page, VOA), bySource(VOA));

  await page.locator('.source-facet label', { hasText: VOA }).locator('input').check();
  await page.waitForFunction((n) => document.querySelector('.result-count').textContent.startsWith(`${n} of`), bySource(VOA));
  await addressWhen(page, /source=VOA/);
  const sources = await page.locator('ol.cards .card-source').allInnerTexts();
  assert.ok(sources.every((s) => s === VOA), sources.join(', '));

  // With a query the facet counts only matching articles.
  await page.getByLabel('Search articles').fill('space');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'space');
  // Facet counts follow the cards one task later.
  await page.waitForFunction((voa) => {
    const label = [...document.querySelectorAll('.source-facet label')].find((l) => l.textContent.includes(voa));
    const n = Number(label?.querySelector('.facet-count')?.textContent);
    return n > 0 && document.querySelector('.result-count').textContent.startsWith(`${n} of`);
  }, VOA);
  const voaSpace = await facetCount(page, VOA);
  assert.ok(voaSpace > 0 && voaSpace < bySource(VOA));
  assert.equal(await count(page), `${voaSpace} of ${TOTAL} articles`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a date range narrows the results, combines with search and order, and survives a reload', async () => {
  const { context, page, problems } = await openPage(env.browser);
  await page.goto(env.server.url + '#/?from=2020-01-01&to=2020-12-31');
  await waitForCards(page);
  const in2020 = bundled.filter((a) => a.published.slice(0, 4) === '2020').length;
  await page.waitForFunction((n) => document.querySelector('.result-count').textContent.startsWith(`${n} of`), in2020);
  assert.equal(await page.getByLabel('From date').inputValue(), '2020-01-01');
  const days = await page.locator('ol.cards time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime').slice(0, 10)));
  assert.ok(days.every((d) => d >= '2020-01-01' && d <= '2020-12-31'), days.join(' '));

  await page.getByLabel('Order', { exact: true }).selectOption('oldest');
  await page.waitForFunction(() => /order=oldest/.test(location.href));
  const oldest = await page.locator('ol.cards time').first().getAttribute('datetime');
  assert.equal(oldest.slice(0, 10), bundled.filter((a) => a.published.startsWith('2020')).map((a) => a.published).sort()[0].slice(0, 10));

  await page.reload();
  await waitForCards(page);
  await page.waitForFunction((n) => document.querySelector('.result-count').textContent.startsWith(`${n} of`), in2020);
  assert.equal(await page.getByLabel('Order', { exact: true }).inputValue(), 'oldest');

  // "Latest year" counts back from the newest article; "Any time" clears.
  await page.getByRole('button', { name: 'Latest year' }).click();
  await page.waitForFunction(() => /from=2024-01-03/.test(location.href));
  await page.getByRole('button', { name: 'Any time' }).click();
  await page.waitForFunction((n) => document.querySelector('.result-count').textContent === `${n} articles`, TOTAL);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a timeline click selects that bar\'s dates; the timeline follows the query', async () => {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(env.server.url);
  await waitForCards(page);
  const bars = page.locator('.timeline g.bar');
  const total = (await bars.evaluateAll((gs) => gs.map((g) => Number(g.dataset.count)))).reduce((a, b) => a + b, 0);
  assert.equal(total, TOTAL, 'the bars count every article');
  // Hover names the bar's range and count.
  const busiest = await bars.evaluateAll((gs) => gs.reduce((best, g, i) => (Number(g.dataset.count) > Number(gs[best].dataset.count) ? i : best), 0));
  const bar = bars.nth(busiest);
  const n = Number(await bar.getAttribute('data-count'));
  assert.match(await bar.locator('title').textContent(), new RegExp(`: ${n} articles?$`));
  await bar.click();
  await page.waitForFunction((k) => document.querySelector('.result-count').textContent.startsWith(`${k} of`), n);
  const start = await bar.getAttribute('data-start');
  await addressWhen(page, new RegExp(`from=${start}`));
  assert.equal(await bar.getAttribute('class'), 'bar selected');

  // A query changes the bars.
  await page.getByRole('button', { name: 'Any time' }).click();
  await page.getByLabel('Search articles').fill('nasa');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'nasa');
  // The timeline follows the cards a moment later (it is off the keystroke path).
  const shown = Number((await page.locator('.result-count').innerText()).split(' ')[0]);
  await page.waitForFunction((n) => [...document.querySelectorAll('.timeline g.bar')].reduce((a, g) => a + Number(g.dataset.count), 0) === n, shown);
  const nasa = (await bars.evaluateAll((gs) => gs.map((g) => Number(g.dataset.count)))).reduce((a, b) => a + b, 0);
  assert.ok(nasa < TOTAL);
  assert.deepEqual(problems, []);
  await context.close();
});
