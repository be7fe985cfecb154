// Shared end-to-end harness: the release build (dist/) on a plain static
// server (python's http.server) on 127.0.0.1 under a subpath, and the
// system's headless Chromium through playwright-core, both from
// tools/browser/ (which the browser benchmarks use too).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { launchChromium } from '../../tools/browser/chromium.mjs';
import { startServer } from '../../tools/browser/static-server.mjs';

export { openPage } from '../../tools/browser/chromium.mjs';
export { startServer, startFileServer, ROOT, DIST, SUBPATH } from '../../tools/browser/static-server.mjs';

/**
 * The longest main-thread task a "the page must not freeze" test allows:
 * 2 s. The freezes those tests were written for lasted 2.6 to 47 s; the
 * page's own longest tasks measure 0.4 s on an idle machine and up to 1.1 s
 * with both cores busy (`./dev test-under-load`), so this bound catches a
 * freeze without failing on a busy machine.
 */
export const MAX_TASK_MS = 2_000;

/**
 * Waits until the cards (or an error) replaced the loading notice and the
 * whole set is in and indexed (a query in the address is answered): the list shows while a set still downloads ("… articles
 * so far"), which tests/e2e/streaming.test.mjs follows on its own.
 */
export async function waitForCards(page) {
  await page.waitForSelector('ol.cards > li > article, [role=alert]', { timeout: 30_000 });
  await page.waitForFunction(() => !/ so far |^Indexing /.test(document.querySelector('.result-count')?.textContent ?? ''), null, { timeout: 60_000 });
}

/**
 * Registers a test file's set-up and clean-up: the static server (unless
 * `server: false`), the browser, and a scratch folder when `scratch` gives
 * its name prefix. Returns an object whose `server`, `browser` and
 * `scratch` are set once `before` has run.
 */
export function useSuite({ server = true, scratch } = {}) {
  const env = {};
  before(async () => {
    if (server) env.server = await startServer();
    env.browser = await launchChromium();
    if (scratch) env.scratch = mkdtempSync(join(tmpdir(), scratch));
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
    if (env.scratch) rmSync(env.scratch, { recursive: true, force: true });
  });
  return env;
}

/**
 * The address once it matches `pattern` (or, with `matches` false, once it
 * no longer does): the URL follows the view once its frame is painted
 * (src/hooks/use_url_sync.rs), so a test waits for it as a reader would.
 */
export async function addressWhen(page, pattern, matches = true) {
  try {
    await page.waitForFunction(
      ([source, flags, want]) => new RegExp(source, flags).test(location.href) === want,
      [pattern.source, pattern.flags, matches],
    );
  } catch (e) {
    throw new Error(`the address ${page.url()} ${matches ? 'never came to match' : 'still matches'} ${pattern}: ${e.message}`);
  }
  return page.url();
}
