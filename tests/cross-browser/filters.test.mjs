// Cross-browser: the source facet, the date range and the timeline, with
// counts checked against the file itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSuite, openList, run, countText, waitForCount, showing, typeQuery, waitFor, By,
  ENGINE, TEST_TIMEOUT, TOTAL, BUNDLED, addressWhen } from './harness.mjs';

const env = useSuite();
const WIKINEWS = 'Wikinews (English)';
const VOA = 'VOA Learning English (Voice of America)';
const bySource = (s) => BUNDLED.filter((a) => a.source === s).length;

/** The facet's count for `source`, once it is shown. */
const facetCount = (driver, source) => waitFor(driver, (s) => {
  const label = [...document.querySelectorAll('.source-facet label')].find((l) => l.textContent.includes(s));
  const n = label?.querySelector('.facet-count')?.textContent;
  return n == null ? null : Number(n);
}, [source], `the facet count of ${source}`);

/** The facet's checkbox for `source`. */
async function facetBox(driver, source) {
  const labels = await driver.findElements(By.css('.source-facet label'));
  for (const label of labels) {
    if ((await label.getText()).includes(source)) return label.findElement(By.css('input[type=checkbox]'));
  }
  throw new Error(`no facet for ${source}`);
}

test(`${ENGINE}: the source facet counts each source, follows the query, and ticking one narrows the list`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t);
  await openList(driver, env.server.url);
  assert.equal(await facetCount(driver, WIKINEWS), bySource(WIKINEWS));
  assert.equal(await facetCount(driver, VOA), bySource(VOA));

  await (await facetBox(driver, VOA)).click();
  await waitForCount(driver, `${bySource(VOA)} of ${TOTAL} articles`);
  await addressWhen(driver, /source=VOA/);
  const sources = await run(driver, () => [...document.querySelectorAll('ol.cards .card-source')].map((s) => s.textContent));
  assert.ok(sources.length > 0 && sources.every((s) => s === VOA), sources.join(', '));
  assert.equal(await (await facetBox(driver, VOA)).isSelected(), true);

  // With a query the facet counts only matching articles, and the list agrees.
  await typeQuery(driver, 'space');
  await showing(driver, 'space');
  const voaSpace = await waitFor(driver, (voa) => {
    const label = [...document.querySelectorAll('.source-facet label')].find((l) => l.textContent.includes(voa));
    const n = Number(label?.querySelector('.facet-count')?.textContent);
    return n > 0 && document.querySelector('.result-count').textContent.startsWith(`${n} of `) ? n : null;
  }, [VOA], 'the facet count to follow the query');
  assert.ok(voaSpace < bySource(VOA), `${voaSpace} VOA articles about space`);
  assert.equal(await countText(driver), `${voaSpace} of ${TOTAL} articles`);

  // Unticking shows every source again.
  await (await facetBox(driver, VOA)).click();
  await waitFor(driver, () => !/source=/.test(location.hash), [], 'the source to leave the URL');
  const all = Number((await countText(driver)).split(' ')[0]);
  assert.ok(all > voaSpace, `${all} articles about space from every source`);
});

test(`${ENGINE}: a date range narrows the results and survives a reload; quick ranges set and clear it`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t);
  const in2020 = BUNDLED.filter((a) => a.published.startsWith('2020')).length;
  await openList(driver, env.server.url + '#/?from=2020-01-01&to=2020-12-31');
  await waitForCount(driver, `${in2020} of ${TOTAL} articles`);
  assert.equal(await driver.findElement(By.css('input[aria-label="From date"]')).getAttribute('value'), '2020-01-01');
  assert.equal(await driver.findElement(By.css('input[aria-label="To date"]')).getAttribute('value'), '2020-12-31');
  const days = await run(driver, () => [...document.querySelectorAll('ol.cards time')].map((t) => t.getAttribute('datetime').slice(0, 10)));
  assert.ok(days.length > 0 && days.every((d) => d >= '2020-01-01' && d <= '2020-12-31'), days.join(' '));

  await driver.navigate().refresh();
  await waitForCount(driver, `${in2020} of ${TOTAL} articles`);

  // "Latest year" counts back twelve months from the newest article; "Any time" clears.
  const newest = BUNDLED.map((a) => a.published.slice(0, 10)).sort().at(-1);
  const from = `${Number(newest.slice(0, 4)) - 1}${newest.slice(4)}`;
  await driver.findElement(By.xpath('//button[normalize-space()="Latest year"]')).click();
  await waitFor(driver, (f) => location.hash.includes(`from=${f}`), [from], `from=${from} in the URL`);
  const inYear = BUNDLED.filter((a) => a.published.slice(0, 10) >= from).length;
  await waitForCount(driver, `${inYear} of ${TOTAL} articles`);
  assert.equal(await driver.findElement(By.css('input[aria-label="From date"]')).getAttribute('value'), from);
  await driver.findElement(By.xpath('//button[normalize-space()="Any time"]')).click();
  await waitForCount(driver, `${TOTAL} articles`);
  await addressWhen(driver, /from=/, false);
});

test(`${ENGINE}: the timeline counts every article; a click on a bar selects its dates; it follows the query`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await openList(driver, env.server.url);
  const bars = () => run(driver, () => [...document.querySelectorAll('.timeline g.bar')].map((g) => ({
    start: g.dataset.start, count: Number(g.dataset.count), title: g.querySelector('title').textContent, selected: g.classList.contains('selected'),
  })));
  // The timeline follows the list once its frame is painted: wait for it to cover the whole set.
  await waitFor(driver, (total) => [...document.querySelectorAll('.timeline g.bar')]
    .reduce((a, g) => a + Number(g.dataset.count), 0) === total, [TOTAL], 'the timeline bars to count every article');
  const all = await bars();
  assert.equal(all.reduce((a, b) => a + b.count, 0), TOTAL, 'the bars count every article');
  // The busiest bar: its title names its count; a click selects its dates.
  const busiest = all.reduce((best, b, i) => (b.count > all[best].count ? i : best), 0);
  assert.match(all[busiest].title, new RegExp(`: ${all[busiest].count} articles?$`));
  const hits = await driver.findElements(By.css('.timeline g.bar rect.hit'));
  await hits[busiest].click();
  await waitForCount(driver, `${all[busiest].count} of ${TOTAL} articles`);
  await addressWhen(driver, new RegExp(`from=${all[busiest].start}`));
  assert.equal((await bars())[busiest].selected, true);

  // A query redraws the bars: they add up to the matches.
  await driver.findElement(By.xpath('//button[normalize-space()="Any time"]')).click();
  await waitForCount(driver, `${TOTAL} articles`);
  await typeQuery(driver, 'nasa');
  await showing(driver, 'nasa');
  const shown = Number((await countText(driver)).split(' ')[0]);
  assert.ok(shown > 0 && shown < TOTAL, `${shown} articles about NASA`);
  await waitFor(driver, (n) => [...document.querySelectorAll('.timeline g.bar')].reduce((a, g) => a + Number(g.dataset.count), 0) === n, [shown], 'the timeline to follow the query');
});
