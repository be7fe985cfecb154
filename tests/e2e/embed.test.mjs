// End to end: Broadsheet embedded in a page that is not Broadsheet's
// (examples/two-readers.html, served with the built site): the custom
// element over the bundled set and a reader mounted over JavaScript
// objects, side by side, each with its own state and styles, telling the
// page what it does; articles given as objects are checked as a file's
// records are, with the same reasons for what is skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite, openPage, startServer, ROOT } from './harness.mjs';

const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8')).articles;
const env = useSuite();
/** A copy of the site with a page of our own and a set of bad records next to it. */
let site;
/** Records with problems, given as objects and as a file: the same reasons must come back. */
const RECORDS = [
  { id: 'r-1', title: 'A good record', published: '2021-09-13T23:03:39', lead: 'It is kept.', body: ['Its body.'], source: 'NOURNEWS' },
  { id: 'r-2', title: '', published: '2021-09-14T10:00:00', lead: 'No title.' },
  { id: 'r-3', title: 'A bad date', published: '13/9/2021', lead: 'x' },
  { id: 'r-1', title: 'Same id, other text', published: '2021-09-13T23:03:39', lead: 'It loses.' },
  { url: 'https://example.org/news/1', title: 'A news-please record', date_publish: '2021-09-15 08:00:00', maintext: 'Read as a scraper wrote it.' },
  42,
  { id: 7, title: 'A number for an id', published: '2021-09-16', lead: 'x' },
  { id: 'r-8', title: 'Another good one', published: '2021-09-17', lead: 'Kept too.', url: 'javascript:alert(1)' },
];
before(async () => {
  site = await startServer({ copy: true });
  const own = join(site.dir, 'own');
  mkdirSync(own);
  writeFileSync(join(own, 'records.json'), JSON.stringify(RECORDS, null, 1));
  // Another site's page: no stylesheet, script or markup of Broadsheet's
  // but embed.js.
  writeFileSync(join(own, 'page.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Not Broadsheet</title><script type="module" src="../embed.js"></script></head>
<body><p id="intro">Someone else's page.</p><div id="given"></div>
<broadsheet-reader id="from-file" src="records.json" label="From the file"></broadsheet-reader></body></html>`);
});
after(async () => { await site?.stop(); });

/** The page's log entries for `event` from `reader` (the example's log panel). */
const logged = (page, event, reader) => page.locator(`#log li[data-event="broadsheet-${event}"][data-reader="${reader}"]`);

/** Opens the example and waits for both readers' cards. */
async function openExample() {
  const opened = await openPage(env.browser, { viewport: { width: 1400, height: 900 } });
  await opened.page.goto(`${env.server.url}examples/two-readers.html`);
  await opened.page.locator('#archive ol.cards article').first().waitFor();
  await opened.page.locator('#desk ol.cards article').first().waitFor();
  return opened;
}

test('the custom element and a mounted reader render in a page that is not Broadsheet\'s, styles kept apart', async () => {
  const { page, problems } = await openExample();
  const archive = page.locator('#archive');
  const desk = page.locator('#desk');
  await assert.doesNotReject(archive.locator('.result-count', { hasText: `${bundled.length} articles` }).waitFor());
  await assert.doesNotReject(desk.locator('.result-count', { hasText: '12 articles' }).waitFor());
  // The element's shadow root holds the reader: the page's own markup has none of it.
  assert.equal(await page.evaluate(() => document.querySelectorAll('article, #main, #search-input').length), 0);
  assert.equal(await page.evaluate(() => document.getElementById('archive').shadowRoot.querySelectorAll('ol.cards article').length > 0), true);
  // Newest first, as on Broadsheet's own page.
  const newest = [...bundled].sort((a, b) => (a.published < b.published ? 1 : -1))[0];
  assert.equal(await archive.locator('ol.cards article h2').first().innerText(), newest.title);
  // The one broken record of the desk's is listed, the rest shown.
  await assert.doesNotReject(desk.locator('.load-summary', { hasText: '13 records given · 12 articles · 1 skipped' }).waitFor());
  await desk.locator('.load-summary summary').click();
  assert.match(await desk.locator('.load-summary').innerText(), /articles\[12\] \(id "desk-draft-17"\): .*title/);
  // Each told the page it loaded.
  assert.equal(await logged(page, 'load', 'archive').count(), 1);
  assert.match(await logged(page, 'load', 'archive').innerText(), new RegExp(`${bundled.length} articles, 0 skipped`));
  assert.match(await logged(page, 'load', 'desk').innerText(), /12 articles, 1 skipped/);
  // Styles stay on their side: the page's red links and li never reach a
  // card, the reader's paper and font never reach the page.
  const title = desk.locator('ol.cards article h2 a').first();
  assert.notEqual(await title.evaluate((el) => getComputedStyle(el).color), 'rgb(192, 0, 0)');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(238, 241, 244)');
  assert.match(await page.evaluate(() => getComputedStyle(document.body).fontFamily), /Georgia/);
  assert.deepEqual(problems, []);
});

test('each reader keeps its own query and article, out of the page\'s address, and tells the page what was opened', async () => {
  const { page, problems } = await openExample();
  const address = page.url();
  const archive = page.locator('#archive');
  const desk = page.locator('#desk');
  await archive.getByLabel('Search articles').fill('earthquake');
  const searched = new RegExp(`^\\d+ of ${bundled.length} articles`);
  await assert.doesNotReject(archive.locator('.result-count', { hasText: searched }).waitFor());
  assert.equal(await desk.locator('.result-count').innerText(), '12 articles');
  const card = desk.locator('ol.cards article').nth(1);
  const title = await card.locator('h2').innerText();
  await card.locator('a.card-link').click();
  await assert.doesNotReject(desk.locator('h2.article-title', { hasText: title }).waitFor());
  // The other reader still shows its search; the page's address is the page's.
  assert.match(await archive.locator('.result-count').innerText(), searched);
  assert.equal(await archive.getByLabel('Search articles').inputValue(), 'earthquake');
  assert.equal(page.url(), address);
  await assert.doesNotReject(logged(page, 'open', 'desk').first().waitFor());
  assert.equal(await logged(page, 'open', 'desk').first().innerText(), `desk: open · ${title}`);
  await desk.getByRole('link', { name: '← All articles' }).click();
  await assert.doesNotReject(desk.locator('ol.cards article').first().waitFor());
  assert.equal(page.url(), address);
  assert.deepEqual(problems, []);
});

test('keys reach only the reader that has the focus: j selects, Enter opens, Escape comes back', async () => {
  const { page, problems } = await openExample();
  const desk = page.locator('#desk');
  const ids = await page.evaluate(async () => (await import('./desk-stories.js')).deskStories
    .map((s) => [s.published, s.id]).sort().reverse().map(([, id]) => id));
  await desk.getByLabel('Search articles').focus();
  await page.keyboard.press('ArrowDown');
  await assert.doesNotReject(page.locator(`#log li[data-event="broadsheet-select"][data-reader="desk"][data-id="${ids[0]}"]`).waitFor());
  await page.keyboard.press('j');
  await assert.doesNotReject(page.locator(`#log li[data-event="broadsheet-select"][data-reader="desk"][data-id="${ids[1]}"]`).waitFor());
  assert.equal(await logged(page, 'select', 'archive').count(), 0, 'the other reader heard nothing');
  await page.keyboard.press('Enter');
  await assert.doesNotReject(page.locator(`#log li[data-event="broadsheet-open"][data-reader="desk"][data-id="${ids[1]}"]`).waitFor());
  await assert.doesNotReject(desk.locator('a.back').waitFor());
  await page.keyboard.press('Escape');
  await assert.doesNotReject(desk.locator('ol.cards article').first().waitFor());
  assert.equal(await page.locator('#archive ol.cards article').first().isVisible(), true);
  assert.deepEqual(problems, []);
});

test('articles given as objects are checked as a file\'s records: the same kept, the same reasons for the skipped', async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1000, height: 800 } });
  // Every load event from the start (the element may load before a test could listen).
  await page.addInitScript(() => {
    window.loads = {};
    document.addEventListener('broadsheet-load', (e) => { window.loads[e.target.id] = e.detail; });
  });
  await page.goto(`${site.url}own/page.html`);
  await page.evaluate(async (records) => {
    await customElements.whenDefined('broadsheet-reader');
    await window.Broadsheet.mount(document.getElementById('given'), { articles: records, label: 'Given' });
  }, RECORDS);
  await page.waitForFunction(() => window.loads.given && window.loads['from-file']);
  const events = await page.evaluate(() => ({ given: window.loads.given, file: window.loads['from-file'] }));
  const reasons = (skipped) => skipped.map((line) => line.replace(/^.*?(?:record \d+|articles\[\d+\])(?: \(id "[^"]*"\))?: /, ''));
  assert.equal(events.given.articles, events.file.articles);
  assert.equal(events.given.articles, 3, 'two good records and the news-please one');
  assert.ok(events.given.skipped.length >= 4, events.given.skipped.join('\n'));
  assert.deepEqual(reasons(events.given.skipped), reasons(events.file.skipped));
  assert.match(events.given.skipped.join('\n'), /^the given articles: articles\[1\] \(id "r-2"\): .*title/m);
  // The same cards, in the same order.
  const titles = (id) => page.locator(`#${id} ol.cards article h2`).allInnerTexts();
  await page.locator('#from-file ol.cards article').first().waitFor();
  assert.deepEqual(await titles('given'), await titles('from-file'));
  // An unsafe link never becomes one.
  assert.equal(await page.locator('#given a[href^="javascript:"]').count(), 0);
  assert.deepEqual(problems, []);
});

test('Broadsheet.mount refuses what it cannot read, mounts again in place, and unmounts', async () => {
  const { page, problems } = await openPage(env.browser, { viewport: { width: 1000, height: 800 } });
  await page.goto(`${site.url}own/page.html`);
  const refusals = await page.evaluate(async () => {
    await customElements.whenDefined('broadsheet-reader');
    const element = document.getElementById('given');
    const refusal = (options) => window.Broadsheet.mount(element, options).then(() => 'mounted', (e) => e.message);
    return [await refusal({}), await refusal({ articles: 42 }), await refusal({ articles: [], src: 'x.json' })];
  });
  assert.match(refusals[0], /give a reader `articles` .* or `src`/);
  assert.match(refusals[1], /`articles` must be a list/);
  assert.match(refusals[2], /either `articles` or `src`, not both/);
  const given = page.locator('#given');
  await page.evaluate(() => window.Broadsheet.mount(document.getElementById('given'), { articles: [{ id: 'a', title: 'First mount', published: '2021-01-01', lead: 'x' }] }));
  await assert.doesNotReject(given.locator('ol.cards article h2', { hasText: 'First mount' }).waitFor());
  await page.evaluate(async () => {
    window.secondReader = await window.Broadsheet.mount(document.getElementById('given'), { articles: [{ id: 'b', title: 'Second mount', published: '2021-01-02', lead: 'y' }] });
  });
  await assert.doesNotReject(given.locator('ol.cards article h2', { hasText: 'Second mount' }).waitFor());
  assert.equal(await given.locator('ol.cards article').count(), 1);
  await page.evaluate(() => window.secondReader.unmount());
  assert.equal(await page.evaluate(() => document.getElementById('given').shadowRoot.childElementCount), 0);
  // An element mounted before it is placed in the page shows once it is.
  await page.evaluate(async () => {
    const element = document.createElement('div');
    element.id = 'placed-later';
    await window.Broadsheet.mount(element, { articles: [{ id: 'l', title: 'Mounted, then placed', published: '2021-03-03', lead: 'w' }] });
    document.body.append(element);
  });
  await assert.doesNotReject(page.locator('#placed-later ol.cards article h2', { hasText: 'Mounted, then placed' }).waitFor());
  // The custom element takes objects through its property too.
  await page.evaluate(() => {
    const element = document.createElement('broadsheet-reader');
    element.id = 'by-property';
    element.articles = [{ id: 'p', title: 'Given by property', published: '2021-02-02', lead: 'z' }];
    document.body.append(element);
  });
  await assert.doesNotReject(page.locator('#by-property ol.cards article h2', { hasText: 'Given by property' }).waitFor());
  assert.deepEqual(problems, []);
});
