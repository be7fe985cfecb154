// End to end: the keyboard path, dark mode, and a phone-sized screen.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite, openPage, waitForCards, ROOT, addressWhen } from './harness.mjs';

// Screenshots for a reviewer to look at (not committed; see .gitignore).
const SHOTS = join(ROOT, 'tests/e2e/artifacts');

const env = useSuite();
before(() => mkdirSync(SHOTS, { recursive: true }));

const ids = (page) => page.locator('ol.cards article').evaluateAll((as) => as.map((a) => a.dataset.id));

test('keyboard: / focuses search, type, Enter to the results, j j, Enter opens, Esc returns', async () => {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(env.server.url);
  await waitForCards(page);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');
  await page.keyboard.type('minister');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'minister');
  const shown = await ids(page);
  await page.keyboard.press('Enter');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.waitForSelector('ol.cards > li.selected');
  assert.equal(await page.locator('ol.cards > li.selected article').getAttribute('data-id'), shown[2]);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('article')?.dataset.id), shown[2]);
  await page.keyboard.press('k');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.article-full');
  assert.equal(await page.locator('.article-full').getAttribute('data-id'), shown[2]);
  await page.keyboard.press('Escape');
  await page.waitForSelector('ol.cards');
  assert.equal(await page.getByLabel('Search articles').inputValue(), 'minister');
  await addressWhen(page, /article/, false);
  // Esc in the list clears the search.
  await page.getByLabel('Search articles').press('Escape');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === '');
  assert.deepEqual(problems, []);
  await context.close();
});

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const isDark = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) < 200;

test('dark mode follows the system, the toggle overrides it and is remembered', async () => {
  const context = await env.browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await waitForCards(page);
  assert.ok(isDark(await background(page)), 'dark by the system');
  await page.screenshot({ path: join(SHOTS, 'list-1280-dark.png') });
  await page.getByRole('button', { name: 'Switch to light mode' }).click();
  assert.ok(!isDark(await background(page)), 'light after the toggle');
  await page.reload();
  await waitForCards(page);
  assert.ok(!isDark(await background(page)), 'still light after a reload');
  await page.screenshot({ path: join(SHOTS, 'list-1280-light.png') });
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`a 375 px phone screen has no horizontal scrolling (${colorScheme})`, async () => {
    const context = await env.browser.newContext({ colorScheme, viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(env.server.url + '#/?q=iran');
    await waitForCards(page);
    await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'iran');
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(widths[0] <= widths[1], `page is ${widths[0]} px wide in a ${widths[1]} px viewport`);
    await page.screenshot({ path: join(SHOTS, `list-375-${colorScheme}.png`) });
    await page.locator('ol.cards article h2 a').first().click();
    await page.waitForSelector('.article-full');
    const articleWidths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(articleWidths[0] <= articleWidths[1], `article page is ${articleWidths[0]} px wide`);
    await page.screenshot({ path: join(SHOTS, `article-375-${colorScheme}.png`), fullPage: false });
    await context.close();
  });
}

for (const [name, hash, colorScheme] of [
  ['list', '#/?q=iran', 'light'], ['list', '#/?q=iran', 'dark'],
  ['article page', '#/article/75422', 'light'], ['not-found page', '#/article/nope', 'dark'],
]) {
  test(`axe-core finds no serious or critical accessibility problems on the ${name} (${colorScheme})`, async () => {
    const context = await env.browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.server.url + hash);
    await page.waitForSelector('ol.cards, .article-full, .not-found');
    // Evaluated through DevTools: the page's CSP (rightly) refuses injected script tags.
    await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, []);
    await context.close();
  });
}
