// Cross-browser: reading offline. Where the engine has service workers:
// one visit stores the snapshot, the worker then controls the page, and with
// the server stopped a reload still shows the cards and searches. Where it
// has none, the page must say offline reading is unavailable and still load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSuite, startServer, openList, run, countText, waitForIds, showing, typeQuery, waitFor, waitForCards, poll, reload,
  ENGINE, TEST_TIMEOUT, TOTAL, SEED_ID,
} from './harness.mjs';

/** Which engines have service workers (checked in the page, so a change fails the test). */
const SERVICE_WORKERS = { firefox: true, webkit: true };

const env = useSuite({ server: false });

/** What the page says about reading offline (`data-offline` of its notice). */
const offlineState = (driver) => run(driver, () => document.querySelector('.update-notice')?.dataset.offline ?? null);

if (SERVICE_WORKERS[ENGINE]) {
  test(`${ENGINE}: after one visit the worker controls the page; with the server stopped a reload shows the cards and searches`, { timeout: TEST_TIMEOUT }, async (t) => {
    const server = await startServer({ copy: true });
    t.after(() => server.stop());
    const driver = await env.browser(t, { width: 1280, height: 900 });
    await openList(driver, server.url);
    assert.equal(await run(driver, () => 'serviceWorker' in navigator), true, 'the engine has service workers');
    // The snapshot is stored...
    await waitFor(driver, () => document.querySelector('.update-notice')?.dataset.offline === 'ready', [], 'the snapshot to be stored (data-offline=ready)');
    // ...and the worker answers the next load (a reader's reload, F5).
    await reload(driver);
    await waitForCards(driver);
    const script = await waitFor(driver, () => navigator.serviceWorker.controller?.scriptURL, [], 'the worker to control the page');
    assert.equal(script, `${server.url}sw.js`);

    // The server is gone.
    await server.stop();
    await poll(async () => { try { await fetch(server.url); return false; } catch { return true; } }, 'the server to stop');
    await reload(driver);
    await waitForCards(driver);
    assert.equal(await countText(driver), `${TOTAL} articles`);
    assert.ok(await run(driver, () => !!navigator.serviceWorker.controller), 'answered by the worker');
    await typeQuery(driver, 'shamkhani');
    await showing(driver, 'shamkhani');
    await waitForIds(driver, [SEED_ID]);
    // An article page, straight from a link.
    await driver.get(`${server.url}#/article/${SEED_ID}`);
    await waitFor(driver, (i) => document.querySelector('.article-full')?.dataset.id === i, [SEED_ID], 'the seed article page offline');
  });
} else {
  test(`${ENGINE}: no service workers in this engine: offline reading is said to be unavailable and the page loads from the server`, { timeout: TEST_TIMEOUT }, async (t) => {
    const server = await startServer({ copy: true });
    t.after(() => server.stop());
    const driver = await env.browser(t);
    await openList(driver, server.url);
    assert.equal(await run(driver, () => 'serviceWorker' in navigator), false, 'the engine has no service workers');
    await waitFor(driver, () => document.querySelector('.update-notice')?.dataset.offline === 'unavailable', [], 'data-offline=unavailable');
    assert.equal(await offlineState(driver), 'unavailable');
    assert.equal(await countText(driver), `${TOTAL} articles`);
  });
}
