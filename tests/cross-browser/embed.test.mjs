// Cross-browser: Broadsheet embedded in a page that is not Broadsheet's
// (examples/two-readers.html): both readers render in their shadow roots,
// tell the page they loaded, and a card opens its article inside its own
// reader without touching the page's address. (Chromium's fuller checks:
// tests/e2e/embed.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite, run, waitFor, ENGINE, TEST_TIMEOUT, TOTAL } from './harness.mjs';

const env = useSuite();

test(`${ENGINE}: two embedded readers render, and a card opens its article in its own reader`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  await driver.get(`${env.server.url}examples/two-readers.html`);
  const counts = await waitFor(driver, () => {
    const count = (id) => document.getElementById(id)?.shadowRoot?.querySelector('.result-count')?.textContent;
    const cards = (id) => document.getElementById(id)?.shadowRoot?.querySelectorAll('ol.cards article').length ?? 0;
    const whole = (id) => cards(id) && !/ so far /.test(count(id));
    return whole('archive') && whole('desk') ? [count('archive'), count('desk')] : null;
  }, [], 'both readers\' cards, every article in');
  assert.deepEqual(counts, [`${TOTAL} articles`, '12 articles']);
  const loads = await waitFor(driver, () => {
    const items = [...document.querySelectorAll('#log li[data-event="broadsheet-load"]')].map((li) => li.textContent);
    return items.length === 2 ? items.sort() : null;
  }, [], 'both load events');
  assert.deepEqual(loads, [`archive: load · ${TOTAL} articles, 0 skipped`, 'desk: load · 12 articles, 1 skipped']);
  const title = await run(driver, () => {
    const card = document.getElementById('desk').shadowRoot.querySelectorAll('ol.cards article')[1];
    card.querySelector('a.card-link').click();
    return card.querySelector('h2').textContent;
  });
  const opened = await waitFor(driver, () => document.getElementById('desk').shadowRoot.querySelector('.article-title')?.textContent ?? null, [], 'the desk reader\'s article page');
  assert.equal(opened.trim(), title.trim());
  assert.equal(await run(driver, () => location.hash), '');
  assert.ok(await run(driver, () => document.getElementById('archive').shadowRoot.querySelectorAll('ol.cards article').length > 0), 'the other reader still lists its cards');
  const event = await waitFor(driver, () => document.querySelector('#log li[data-event="broadsheet-open"]')?.textContent ?? null, [], 'the open event');
  assert.equal(event, `desk: open · ${title.trim()}`);
});
