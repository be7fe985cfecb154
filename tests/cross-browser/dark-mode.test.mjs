// Cross-browser: dark mode follows the system (Firefox: the pref
// ui.systemUsesDarkTheme; WebKit: MiniBrowser --dark-mode), and the ☾/☀
// button overrides it, remembered across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSuite, openList, run, backgroundIsDark, waitFor, waitForCards, By,
  ENGINE, TEST_TIMEOUT,
} from './harness.mjs';

const env = useSuite();

const toggle = (driver) => driver.findElement(By.css('button.theme-toggle'));
/** Waits until the page's background is dark (or light). */
const becomes = (driver, dark) =>
  waitFor(driver, (want) => {
    const rgb = getComputedStyle(document.body).backgroundColor.match(/\d+/g).slice(0, 3).map(Number);
    return (rgb.reduce((a, b) => a + b, 0) < 200) === want;
  }, [dark], `a ${dark ? 'dark' : 'light'} page`);

for (const system of ['light', 'dark']) {
  const other = system === 'dark' ? 'light' : 'dark';
  test(`${ENGINE}: with a ${system} system the page is ${system}; the toggle makes it ${other}, still after a reload`, { timeout: TEST_TIMEOUT }, async (t) => {
    const driver = await env.browser(t, { dark: system === 'dark' });
    await openList(driver, env.server.url);
    // The browser really reports that system preference.
    assert.equal(await run(driver, () => matchMedia('(prefers-color-scheme: dark)').matches), system === 'dark');
    assert.equal(await backgroundIsDark(driver), system === 'dark', `${system} by the system`);
    assert.equal(await (await toggle(driver)).getAttribute('aria-label'), `Switch to ${other} mode`);
    await (await toggle(driver)).click();
    await becomes(driver, other === 'dark');
    assert.equal(await (await toggle(driver)).getAttribute('aria-label'), `Switch to ${system} mode`);
    assert.equal(await (await toggle(driver)).getAttribute('aria-pressed'), String(other === 'dark'));
    await driver.navigate().refresh();
    await waitForCards(driver);
    assert.equal(await backgroundIsDark(driver), other === 'dark', `still ${other} after a reload`);
    // The cards follow: their text is readable on the background.
    const [text, back] = await run(driver, () => [
      getComputedStyle(document.querySelector('ol.cards article h2 a')).color,
      getComputedStyle(document.body).backgroundColor,
    ]);
    const lum = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0);
    assert.ok(Math.abs(lum(text) - lum(back)) > 300, `title ${text} on ${back}`);
  });
}
