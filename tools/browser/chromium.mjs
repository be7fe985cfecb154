// Headless Chromium for the end-to-end suite (tests/e2e) and the browser
// benchmarks (bench/): the system's Chromium driven by playwright-core, with
// one set of flags, and one page opener that records what a reader would
// never want to see. The benchmarks' figures and the tests' verdicts then
// come from the same browser, set up the same way.
import { chromium } from 'playwright-core';

/** The browser: Debian's Chromium, or CHROMIUM. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * Headless, no sandbox (containers have no user namespaces), no GPU, and
 * nothing the page did not ask for: no QUIC, no first-run pages, no
 * background requests, component updates or sync.
 */
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts headless Chromium with FLAGS and `extraArgs`. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraArgs] });
}

/**
 * A fresh context and page that record in `problems` what a reader would
 * never want: console errors, uncaught exceptions, a crash, failed requests
 * and HTTP errors.
 *
 * Service workers are blocked unless `serviceWorkers: 'allow'`: a page the
 * worker controls gets the files it stored, which `page.route` cannot see
 * or replace, so tests that route the article set (or count requests) need
 * the page to talk to the network itself.
 * `prepare(context)` runs before the page opens (init scripts, listeners);
 * `cdp: true` adds a DevTools session (`cdp`) for heap figures.
 * Returns { context, page, problems, cdp }.
 */
export async function openPage(browser, {
  timezoneId = 'UTC', viewport, serviceWorkers = 'block', prepare, cdp = false,
} = {}) {
  const context = await browser.newContext({ timezoneId, viewport, locale: 'en-US', serviceWorkers });
  await prepare?.(context);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('crash', () => problems.push('page crashed'));
  // ERR_ABORTED is a request the page itself dropped (e.g. the favicon
  // during a reload), not a failure a reader would see.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { context, page, problems, cdp: cdp ? await context.newCDPSession(page) : undefined };
}
