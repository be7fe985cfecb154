// Cross-browser harness: Firefox ESR (geckodriver) and WebKitGTK
// (WebKitWebDriver driving MiniBrowser), over W3C WebDriver with
// selenium-webdriver, against the release build served as in tests/e2e
// (tools/browser/static-server.mjs). The engine is chosen by BROWSER=firefox|webkit.
//
// Each browser gets its own driver process, started here in a process group
// of its own (so the browser and its helper processes can be ended with it),
// with TZ set for that driver: the browser inherits it. A fresh profile per
// session (geckodriver makes a temporary one; MiniBrowser in automation mode
// keeps nothing). Every browser is stopped by the test that opened it, and
// any left over (a test that timed out) when the test process exits.
//
// Waits wait for what a reader waits for, polled, with a generous timeout
// (WAIT, 60 s by default, XB_WAIT_MS to change): the suite must pass on a
// busy two-core machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { By, Capabilities, Key, WebDriver, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import http from 'selenium-webdriver/http/index.js';
import { startServer, ROOT } from '../../tools/browser/static-server.mjs';

export { startServer, startFileServer, ROOT, DIST, SUBPATH } from '../../tools/browser/static-server.mjs';
export { By, Key, until };

export const ENGINES = ['firefox', 'webkit'];
/** The engine under test: `firefox` or `webkit`. */
export const ENGINE = process.env.BROWSER;
if (!ENGINES.includes(ENGINE)) {
  throw new Error(`set BROWSER=firefox or BROWSER=webkit (got ${JSON.stringify(ENGINE)})`);
}
/** How long any wait may take before the test fails. */
export const WAIT = Number(process.env.XB_WAIT_MS || 60_000);
/** A generous limit for one test (several browsers may start in it). */
export const TEST_TIMEOUT = Number(process.env.XB_TEST_TIMEOUT_MS || 600_000);

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

function which(name) {
  for (const dir of (process.env.PATH || '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

function geckodriverPath() {
  const found = process.env.GECKODRIVER_PATH || process.env.GECKODRIVER || which('geckodriver') ||
    [join(homedir(), '.cargo/bin/geckodriver')].find((p) => existsSync(p));
  if (!found) throw new Error('geckodriver not found (GECKODRIVER_PATH, PATH or ~/.cargo/bin): `cargo install geckodriver`');
  return found;
}

function webkitDriverPath() {
  const found = process.env.WEBKITWEBDRIVER || which('WebKitWebDriver');
  if (!found) throw new Error('WebKitWebDriver not found: `apt-get install webkit2gtk-driver`');
  return found;
}

/** A free TCP port on 127.0.0.1 (the driver binds it right after). */
function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Polls `check` (async, truthy when done) every `every` ms until `ms` pass. */
export async function poll(check, what, ms = WAIT, every = 100) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

// Driver process groups still running, ended when this process exits
// whatever the reason (a test timed out, an exception).
const running = new Set();
process.on('exit', () => {
  for (const pid of running) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

/** Starts a WebDriver server (`exe args…`) in a process group of its own. */
async function startDriver(exe, args, env) {
  const port = await freePort();
  const child = spawn(exe, [`--port=${port}`, ...args], {
    env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child.pid);
  let log = '';
  const keep = (chunk) => { log = (log + chunk).slice(-8000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((ok) => child.on('exit', (code, signal) => { running.delete(child.pid); ok({ code, signal }); }));
  let gone = false;
  exited.then(() => { gone = true; });
  const url = `http://127.0.0.1:${port}`;
  try {
    await poll(async () => {
      if (gone) throw new Error(`${exe} exited: ${log}`);
      const res = await fetch(`${url}/status`);
      return res.ok;
    }, `${exe} to listen on port ${port}`);
  } catch (error) {
    stopGroup(child.pid);
    throw error;
  }
  return {
    url,
    log: () => log,
    async stop() {
      if (gone) return;
      stopGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => stopGroup(child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      // The browser's own processes are in the group too: end them, and
      // return once none is left.
      stopGroup(child.pid, 'SIGKILL');
      await poll(() => !groupAlive(child.pid), `the processes of ${exe} to exit`, 30_000, 50);
    },
  };
}

/** Whether any process of the group `pid` is still there. */
function groupAlive(pid) {
  try { process.kill(-pid, 0); return true; } catch { return false; }
}

function stopGroup(pid, signal = 'SIGKILL') {
  try { process.kill(-pid, signal); } catch { /* gone */ }
}

/** Resolves with `promise`'s value, or undefined after `ms`. */
const within = (promise, ms) => Promise.race([promise, new Promise((r) => setTimeout(r, ms).unref())]);

/**
 * Starts a browser of the engine under test, headless (Firefox) or under
 * the X server of `xvfb-run` (WebKit), and returns
 * `{ driver, engine, stop() }`.
 *
 * - `tz`: the browser's time zone (TZ of its driver process).
 * - `width`, `height`: the window size.
 * - `dark`: the system prefers a dark colour scheme (Firefox: the pref
 *   `ui.systemUsesDarkTheme`; WebKit: MiniBrowser's `--dark-mode`).
 */
export async function startBrowser({ tz = 'UTC', width = 1280, height = 900, dark = false } = {}) {
  // A fresh profile: Firefox's, or the XDG folders WebKit keeps its data in.
  const profile = mkdtempSync(join(tmpdir(), `xb-${ENGINE}-`));
  const env = { ...process.env, TZ: tz };
  let driverProcess;
  let driver;
  try {
    if (ENGINE === 'firefox') {
      driverProcess = await startDriver(geckodriverPath(), [`--websocket-port=${await freePort()}`, '--log=warn'], env);
      const options = new firefox.Options()
        .setBinary(FIREFOX)
        .addArguments('-headless', '-profile', profile)
        .windowSize({ width, height })
        // Nothing the test did not ask for: no first-run pages, no updates.
        .setPreference('browser.shell.checkDefaultBrowser', false)
        .setPreference('app.update.enabled', false)
        .setPreference('intl.accept_languages', 'en-US')
        .setPreference('intl.regional_prefs.use_os_locales', false);
      if (dark) options.setPreference('ui.systemUsesDarkTheme', 1);
      else options.setPreference('ui.systemUsesDarkTheme', 0);
      driver = firefox.Driver.createSession(options, new http.Executor(new http.HttpClient(driverProcess.url)));
    } else {
      if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
        throw new Error('WebKit (MiniBrowser) needs a display: run under `xvfb-run -a`');
      }
      for (const dir of ['data', 'cache', 'config']) env[`XDG_${dir.toUpperCase()}_HOME`] = join(profile, dir);
      driverProcess = await startDriver(webkitDriverPath(), [], env);
      const args = ['--automation'];
      if (dark) args.push('--dark-mode');
      const caps = {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args },
      };
      driver = WebDriver.createSession(new http.Executor(new http.HttpClient(driverProcess.url)), new Capabilities(caps));
    }
    if (!(await within(driver.getSession().then(() => true), WAIT * 2))) {
      throw new Error(`the ${ENGINE} session did not start within ${WAIT * 2} ms`);
    }
    await driver.manage().window().setRect({ width, height });
    await driver.manage().setTimeouts({ script: WAIT, pageLoad: WAIT * 2 });
  } catch (error) {
    await driverProcess?.stop();
    rmSync(profile, { recursive: true, force: true });
    error.message += `\n--- driver log ---\n${driverProcess?.log() ?? ''}`;
    throw error;
  }
  let stopped;
  return {
    driver,
    engine: ENGINE,
    /** Quits the browser (a hung one is killed with its driver's process group); once. */
    stop() {
      stopped ??= (async () => {
        await within(driver.quit().catch(() => {}), 30_000);
        await driverProcess.stop();
        rmSync(profile, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * Registers a test file's set-up and clean-up: the static server (unless
 * `server: false`) and a scratch folder when `scratch` names its prefix.
 * `env.browser(t, options)` starts a browser for the test `t` that is
 * stopped when that test ends (and, at the latest, after the file).
 */
export function useSuite({ server = true, scratch } = {}) {
  const open = new Set();
  const env = {
    async browser(t, options) {
      const b = await startBrowser(options);
      open.add(b);
      t.after(() => b.stop());
      return b.driver;
    },
  };
  before(async () => {
    if (server) env.server = await startServer();
    if (scratch) env.scratch = mkdtempSync(join(tmpdir(), scratch));
  });
  after(async () => {
    for (const b of open) await b.stop();
    await env.server?.stop();
    if (env.scratch) rmSync(env.scratch, { recursive: true, force: true });
  });
  return env;
}

// ---- what a reader sees ----

/**
 * Waits until `fn(...args)`, run in the page, is truthy, and returns its
 * value. Errors while the page navigates count as "not yet".
 */
export async function waitFor(driver, fn, args = [], what = String(fn), ms = WAIT) {
  const src = typeof fn === 'function' ? `return (${fn}).apply(null, arguments);` : fn;
  return poll(() => driver.executeScript(src, ...args), what, ms);
}

/** Runs `fn(...args)` in the page and returns its value. */
export const run = (driver, fn, ...args) => driver.executeScript(`return (${fn}).apply(null, arguments);`, ...args);

/**
 * Waits until the cards (or an error) replaced the loading notice and the
 * whole set is in (the list shows while a set still downloads: "… articles
 * so far"); fails on an error.
 */
export async function waitForCards(driver) {
  const state = await waitFor(driver, () => {
    const arriving = / so far /.test(document.querySelector('.result-count')?.textContent ?? '');
    if (document.querySelector('ol.cards > li > article') && !arriving) return 'cards';
    const alert = document.querySelector('[role=alert]');
    return alert ? `alert: ${alert.textContent}` : null;
  }, [], 'the first cards');
  if (state !== 'cards') throw new Error(`the page shows an error instead of cards: ${state}`);
}

/** Waits until the list shows the results for `query`. */
export const showing = (driver, query) =>
  waitFor(driver, (q) => document.querySelector('section.results')?.dataset.query === q, [query], `the results for ${JSON.stringify(query)}`);

/** The ids of the cards in the DOM, in order. */
export const ids = (driver) => run(driver, () => [...document.querySelectorAll('ol.cards article')].map((a) => a.dataset.id));

/** The count line's text. */
export const countText = (driver) => run(driver, () => document.querySelector('.result-count')?.textContent ?? null);

/** Waits until the count line reads `expected` (a string or a RegExp) and returns it. */
export const waitForCount = (driver, expected) =>
  waitFor(driver, (want, isRe) => {
    const text = document.querySelector('.result-count')?.textContent;
    if (text == null) return null;
    return (isRe ? new RegExp(want).test(text) : text === want) ? text : null;
  }, [expected instanceof RegExp ? expected.source : expected, expected instanceof RegExp], `the count line to read ${expected}`);

/** The search box. */
export const searchBox = (driver) => driver.findElement(By.id('search-input'));

/** Replaces the search box's text as a reader would: select all, type. */
export async function typeQuery(driver, text) {
  const box = await searchBox(driver);
  await box.click();
  await box.sendKeys(Key.chord(Key.CONTROL, 'a'), Key.BACK_SPACE);
  if (text) await box.sendKeys(text);
}

/** Presses keys on whatever has the focus, as a reader types. */
export async function press(driver, ...keys) {
  const actions = driver.actions({ async: true });
  for (const k of keys) actions.sendKeys(k);
  await actions.perform();
}

/** Loads `url` and waits for the cards. */
export async function openList(driver, url) {
  await driver.get(url);
  await waitForCards(driver);
}

/** The page's background colour is dark (sum of RGB under 200). */
export const backgroundIsDark = async (driver) => {
  const rgb = await run(driver, () => getComputedStyle(document.body).backgroundColor);
  return rgb.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) < 200;
};

// ---- the bundled article set, read from the file itself ----

/** static/articles.json's articles. */
export const BUNDLED = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8')).articles;
export const TOTAL = BUNDLED.length;
export const SEED_ID = '75422';
export const SEED_TITLE = 'The Iraqi Prime Minister met with the Secretary of the Supreme National Security Council of Iran';
/** The bundled articles newest first, ties by id (the page's order). */
export const NEWEST_FIRST = [...BUNDLED].sort((a, b) =>
  (a.published.padEnd(19, ' ') < b.published.padEnd(19, ' ') ? 1 : a.published === b.published ? (a.id < b.id ? -1 : 1) : -1));

/** Waits until the cards in the DOM are exactly `expected` (ids, in order). */
export const waitForIds = (driver, expected) =>
  waitFor(driver, (want) => JSON.stringify([...document.querySelectorAll('ol.cards article')].map((a) => a.dataset.id)) === want,
    [JSON.stringify(expected)], `the cards ${expected.join(', ')}`);

/** Waits until an element matching `locator` is in the page and shown, and returns it. */
export async function element(driver, locator, what = String(locator)) {
  const found = await driver.wait(until.elementLocated(locator), WAIT, `waiting for ${what}`);
  await driver.wait(until.elementIsVisible(found), WAIT, `waiting for ${what} to be shown`);
  return found;
}

/**
 * Reloads the page as the reader's Reload button (F5) does, and waits for
 * the new document. (WebDriver's own refresh is a forced reload in Firefox,
 * which bypasses the service worker, like Shift+Reload.)
 */
export async function reload(driver) {
  await run(driver, () => { window.__beforeReload = true; setTimeout(() => location.reload(), 0); });
  await waitFor(driver, () => !window.__beforeReload && document.readyState !== 'loading', [], 'the reloaded page');
}

/**
 * The address once it matches `pattern` (or, with `matches` false, once it
 * no longer does): the URL follows the view once its frame is painted
 * (src/hooks/use_url_sync.rs), so a test waits for it as a reader would.
 */
export async function addressWhen(driver, pattern, matches = true) {
  await waitFor(
    driver,
    (source, flags, want) => new RegExp(source, flags).test(location.href) === want,
    [pattern.source, pattern.flags, matches],
    `the address ${matches ? 'to match' : 'no longer to match'} ${pattern}`,
  );
  return driver.getCurrentUrl();
}
