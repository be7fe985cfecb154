// Cross-browser: the first cards and the count line; the seed's date as the
// outlet wrote it, in two time zones 25 hours apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSuite, openList, run, ids, countText, showing, waitFor, By,
  ENGINE, TEST_TIMEOUT, TOTAL, NEWEST_FIRST, SEED_ID, SEED_TITLE,
} from './harness.mjs';

const env = useSuite();

test(`${ENGINE}: the first cards appear newest first, with the count of every article`, { timeout: TEST_TIMEOUT }, async (t) => {
  const driver = await env.browser(t, { width: 1280, height: 900 });
  // The engine under test is the one asked for (not a Chromium by mistake).
  const ua = await run(driver, () => navigator.userAgent);
  if (ENGINE === 'firefox') {
    assert.match(ua, /Firefox\//);
  } else {
    assert.match(ua, /AppleWebKit\/.*Safari\//);
    assert.doesNotMatch(ua, /Chrome|Firefox/);
  }
  await openList(driver, env.server.url);
  assert.equal(await countText(driver), `${TOTAL} articles`);
  // Windowed: some cards, not all, and the newest first.
  const shown = await ids(driver);
  assert.ok(shown.length > 3 && shown.length < 60, `${shown.length} cards in the DOM`);
  assert.deepEqual(shown, NEWEST_FIRST.slice(0, shown.length).map((a) => a.id));
  const first = await driver.findElement(By.css('ol.cards > li > article h2'));
  assert.equal(await first.getText(), NEWEST_FIRST[0].title);
  assert.ok(await first.isDisplayed());
});

// UTC+14 and UTC-11: the same instant is on different days there.
for (const [tz, offset] of [['Pacific/Kiritimati', -14 * 60], ['Pacific/Pago_Pago', 11 * 60]]) {
  test(`${ENGINE}: the seed card shows 13 Sep 2021, 23:03 in ${tz}`, { timeout: TEST_TIMEOUT }, async (t) => {
    const driver = await env.browser(t, { tz });
    await openList(driver, env.server.url + '#/?q=shamkhani');
    await showing(driver, 'shamkhani');
    // The browser really runs in that zone.
    const zone = await run(driver, () => [new Date().getTimezoneOffset(), new Date(2021, 8, 13).getTimezoneOffset(), Intl.DateTimeFormat().resolvedOptions().timeZone]);
    assert.deepEqual(zone, [offset, offset, tz]);
    // The card.
    const card = await driver.findElement(By.css(`article[data-id="${SEED_ID}"]`));
    assert.equal(await card.findElement(By.css('h2')).getText(), SEED_TITLE);
    const time = await card.findElement(By.css('time'));
    assert.equal(await time.getText(), '13 Sep 2021, 23:03');
    assert.equal(await time.getAttribute('datetime'), '2021-09-13T23:03:39');
    assert.equal(await card.findElement(By.css('.card-source')).getText(), 'NOURNEWS');
    // The article page says the same.
    await driver.findElement(By.css(`article[data-id="${SEED_ID}"] h2 a`)).click();
    await waitFor(driver, (id) => document.querySelector('.article-full')?.dataset.id === id, [SEED_ID], 'the seed article page');
    assert.equal(await driver.findElement(By.css('.article-full time')).getText(), '13 Sep 2021, 23:03');
  });
}
