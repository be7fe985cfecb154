// End to end: reading offline. After one visit the service worker (sw.js)
// has stored a snapshot of the app and its article set; the page then
// opens and searches with no network, a redeploy is used whole on the next
// load (never an old app with new articles, or the reverse), and nothing
// but the snapshot is ever cached. Each test serves its own copy of dist/
// (startServer({ copy: true })), which it changes to simulate a redeploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync, utimesSync, mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { startServer, startFileServer, useSuite, openPage, waitForCards, ROOT, DIST } from './harness.mjs';

const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8'));

const env = useSuite({ server: false });

const setOf = (articles) => JSON.stringify({ format: 'broadsheet-article-set', version: 1, articles });

/**
 * Writes a file of the served copy as a redeploy would, dated later than
 * anything the worker stored (Last-Modified counts whole seconds).
 */
function deploy(dir, path, text) {
  writeFileSync(join(dir, path), text);
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(dir, path), later, later);
}

/** Waits until the worker says a complete snapshot is stored. */
const offlineReady = (page) =>
  page.waitForSelector('.update-notice[data-offline="ready"]', { state: 'attached', timeout: 60_000 });

/** The first visit: loads from the network, and the worker stores the snapshot. */
async function firstVisit(server) {
  const opened = await openPage(env.browser, { serviceWorkers: 'allow', viewport: { width: 1280, height: 900 } });
  await opened.page.goto(server.url);
  await waitForCards(opened.page);
  await offlineReady(opened.page);
  return opened;
}

/** The count line once the index is built, as a number of articles. */
async function articleCount(page) {
  const handle = await page.waitForFunction(() => {
    const m = document.querySelector('.result-count')?.textContent.match(/^([\d,]+) articles?$/);
    return m && Number(m[1].replace(/,/g, ''));
  });
  return handle.jsonValue();
}

/** A reload, then the cards. */
async function reload(page) {
  await page.reload();
  await waitForCards(page);
}

const noticeText = (page) => page.locator('.update-notice p').innerText();

/** After the worker answered this page, no notice is shown (and none arrives soon after). */
async function assertNoNotice(page) {
  await offlineReady(page);
  await page.waitForTimeout(750);
  assert.equal(await page.locator('.update-notice p').count(), 0, 'no notice');
}

/** Every cache of the origin and the URLs it holds. */
const cacheContents = (page) => page.evaluate(async () => {
  const out = {};
  for (const name of await caches.keys()) {
    out[name] = (await (await caches.open(name)).keys()).map((r) => r.url).sort();
  }
  return out;
});
const snapshotNames = async (page) => Object.keys(await cacheContents(page)).filter((n) => n.includes(' snapshot '));

/** Waits until exactly one snapshot is stored, and returns its cache name. */
async function oneSnapshot(page) {
  for (const end = Date.now() + 60_000; Date.now() < end;) {
    const names = await snapshotNames(page);
    if (names.length === 1) return names[0];
    await page.waitForTimeout(100);
  }
  assert.fail(`expected one stored snapshot, found ${(await snapshotNames(page)).join(' | ')}`);
}

test('after one visit the page opens, searches and shows an article offline', async () => {
  const server = await startServer({ copy: true });
  try {
  const { context, page, problems } = await firstVisit(server);
  // Truly offline: the server is gone, and the browser is told so.
  await server.stop();
  await context.setOffline(true);
  await reload(page);
  assert.equal(await articleCount(page), bundled.articles.length);
  await page.getByLabel('Search articles').fill('shamkhani');
  await page.waitForFunction(() => document.querySelector('section.results')?.dataset.query === 'shamkhani');
  assert.deepEqual(await page.locator('ol.cards article').evaluateAll((as) => as.map((a) => a.dataset.id)), ['75422']);
  // A new tab, straight to an article.
  const tab = await context.newPage();
  await tab.goto(`${server.url}#/article/75422`);
  await tab.waitForSelector('.article-full');
  assert.match(await tab.locator('.article-title').innerText(), /Iraqi Prime Minister/);
  assert.deepEqual(problems, []);
  await context.close();
  } finally {
    await server.stop();
  }
});

test('a new article set: the next load still shows the old one whole and says so; the one after shows the new one', async () => {
  const server = await startServer({ copy: true });
  try {
    const { context, page, problems } = await firstVisit(server);
    assert.equal(await articleCount(page), bundled.articles.length);
    const before = await oneSnapshot(page);
    deploy(server.dir, 'static/articles.json', setOf(bundled.articles.slice(0, 5)));

    await reload(page);
    assert.equal(await articleCount(page), bundled.articles.length, 'the stored set, not the new one');
    await page.waitForSelector('.update-notice p');
    assert.equal(await noticeText(page), 'A new version of the articles has been downloaded; it will be used the next time you open the page.');
    assert.equal(await page.getByRole('status').filter({ hasText: 'A new version' }).count(), 1, 'a polite status');

    // "Reload now" loads the new snapshot, and the notice is gone.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload now' }).click()]);
    await waitForCards(page);
    assert.equal(await articleCount(page), 5);
    await assertNoNotice(page);
    // The old snapshot is deleted once no page uses it.
    assert.notEqual(await oneSnapshot(page), before);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('a new build of the app and a new set: the old page whole, then the new page whole, never a mix', async () => {
  const server = await startServer({ copy: true });
  try {
    const { context, page, problems } = await firstVisit(server);
    // The redeploy: a changed stylesheet under a new hashed name (the old
    // one removed, as a fresh dist/ would), a changed index.html naming it
    // with its integrity hash, and a three-article set.
    const html = readFileSync(join(server.dir, 'index.html'), 'utf8');
    const oldCss = readdirSync(server.dir).find((f) => /^broadsheet-[0-9a-f]+\.css$/.test(f));
    const css = readFileSync(join(server.dir, oldCss), 'utf8') + '\n:root { --deployed: 2; }\n';
    const newCss = 'broadsheet-0000000000000002.css';
    const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
    writeFileSync(join(server.dir, newCss), css);
    rmSync(join(server.dir, oldCss));
    const newHtml = html
      .replace('<title>Broadsheet</title>', '<title>Broadsheet (redeployed)</title>')
      .replace(new RegExp(`href="\\./${oldCss}" integrity="[^"]+"`), `href="./${newCss}" integrity="${integrity}"`);
    assert.notEqual(newHtml, html);
    assert.ok(newHtml.includes(newCss), 'the new stylesheet is linked');
    deploy(server.dir, 'index.html', newHtml);
    deploy(server.dir, 'static/articles.json', setOf(bundled.articles.slice(0, 3)));

    const looks = () => page.evaluate(() => ({
      title: document.title,
      css: document.querySelector('link[rel=stylesheet]').getAttribute('href'),
      deployed: getComputedStyle(document.documentElement).getPropertyValue('--deployed').trim(),
    }));
    await reload(page);
    assert.deepEqual(await looks(), { title: 'Broadsheet', css: `./${oldCss}`, deployed: '' }, 'the old app, whole (its stylesheet is gone from the server)');
    assert.equal(await articleCount(page), bundled.articles.length, 'with the old set');
    await page.waitForSelector('.update-notice p');
    assert.equal(await noticeText(page), 'A new version of Broadsheet and its articles has been downloaded; it will be used the next time you open the page.');

    await reload(page);
    assert.deepEqual(await looks(), { title: 'Broadsheet (redeployed)', css: `./${newCss}`, deployed: '2' }, 'the new app, whole');
    assert.equal(await articleCount(page), 3, 'with the new set');
    await assertNoNotice(page);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('the same articles under a new date are no news; a new app with them says only the app changed', async () => {
  const server = await startServer({ copy: true });
  try {
    const { context, page, problems } = await firstVisit(server);
    const setUrl = `${server.url}static/articles.json`;
    // What the worker's own checks of the set got.
    const checks = [];
    context.on('response', (r) => { if (r.url() === setUrl && r.request().serviceWorker()) checks.push(r.status()); });
    const checked = async (count) => { while (checks.length < count) await page.waitForTimeout(50); };
    const before = await oneSnapshot(page);
    const same = readFileSync(join(server.dir, 'static/articles.json'), 'utf8');
    deploy(server.dir, 'static/articles.json', same);

    await reload(page);
    await checked(1);
    assert.equal(checks[0], 200, 'a new date: downloaded');
    await assertNoNotice(page);
    assert.equal(await oneSnapshot(page), before, 'and the stored snapshot kept');
    await reload(page);
    await checked(2);
    assert.equal(checks[1], 304, 'the new date is remembered');
    await assertNoNotice(page);

    // A new app, deployed with the same articles written again.
    const html = readFileSync(join(server.dir, 'index.html'), 'utf8');
    deploy(server.dir, 'index.html', html.replace('<title>Broadsheet</title>', '<title>Broadsheet (redeployed)</title>'));
    deploy(server.dir, 'static/articles.json', same);
    await reload(page);
    assert.equal(await page.title(), 'Broadsheet');
    await page.waitForSelector('.update-notice p');
    assert.equal(await noticeText(page), 'A new version of Broadsheet has been downloaded; it will be used the next time you open the page.');
    await reload(page);
    assert.equal(await page.title(), 'Broadsheet (redeployed)');
    assert.equal(await articleCount(page), bundled.articles.length);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('a redeploy that cannot be stored whole changes nothing: the stored snapshot stays in force', async () => {
  const server = await startServer({ copy: true });
  try {
    const { context, page, problems } = await firstVisit(server);
    const before = await cacheContents(page);
    // index.html now names a file the server does not have.
    const html = readFileSync(join(server.dir, 'index.html'), 'utf8');
    deploy(server.dir, 'index.html', html
      .replace('<title>Broadsheet</title>', '<title>Broadsheet (broken)</title>')
      .replace('</head>', '<link rel="stylesheet" href="./missing-0000000000000003.css"></head>'));
    deploy(server.dir, 'static/articles.json', setOf(bundled.articles.slice(0, 2)));
    // The worker's requests are reported on the context.
    const missing = context.waitForEvent('response', (r) => r.url().endsWith('/missing-0000000000000003.css'));

    await reload(page);
    assert.equal((await missing).status(), 404);
    assert.equal(await page.title(), 'Broadsheet');
    assert.equal(await articleCount(page), bundled.articles.length);
    await assertNoNotice(page);
    // The half-stored snapshot was deleted; the stored one is untouched.
    for (const end = Date.now() + 60_000; Date.now() < end && Object.keys(await cacheContents(page)).length !== Object.keys(before).length;) {
      await page.waitForTimeout(100);
    }
    const after = await cacheContents(page);
    const snapshots = (contents) => Object.fromEntries(Object.entries(contents).filter(([n]) => n.includes(' snapshot ')));
    assert.deepEqual(snapshots(after), snapshots(before));
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('?data= sets, on another origin or not part of the snapshot, are never cached', async () => {
  const server = await startServer({ copy: true });
  const two = setOf(bundled.articles.slice(0, 2));
  mkdirSync(join(server.dir, 'mine'));
  writeFileSync(join(server.dir, 'mine/set.json'), two);
  const requests = [];
  const other = createServer((req, res) => {
    requests.push(req.url);
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('content-type', 'application/json');
    res.end(two);
  });
  await new Promise((ok) => other.listen(0, '127.0.0.1', ok));
  const otherUrl = `http://127.0.0.1:${other.address().port}/set.json`;
  try {
    const { context, page, problems } = await firstVisit(server);
    for (const data of [otherUrl, 'mine/set.json', otherUrl]) {
      await page.goto(`${server.url}?data=${encodeURIComponent(data)}`);
      await waitForCards(page);
      assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the worker serves the page');
      assert.equal(await articleCount(page), 2, data);
      assert.equal(await page.locator('.load-origin').innerText(), `From ${data}`);
    }
    assert.deepEqual(requests, ['/set.json', '/set.json'], 'every load reached the other server');
    const contents = await cacheContents(page);
    const urls = Object.values(contents).flat();
    assert.deepEqual(urls.filter((u) => !u.startsWith(server.url)), [], 'no other origin in any cache');
    assert.deepEqual(urls.filter((u) => u.includes('mine/')), [], 'no same-origin file outside the snapshot');
    // The snapshot is the app shell and the bundled set, nothing else
    // (embed.js is for other pages, which the worker does not serve).
    const name = await oneSnapshot(page);
    const shell = readdirSync(server.dir).filter((f) => /\.(js|wasm|css|svg)$/.test(f) && !['sw.js', 'embed.js'].includes(f)).map((f) => server.url + f);
    assert.deepEqual(contents[name], [...shell, `${server.url}__broadsheet/snapshot.json`, `${server.url}index.html`, `${server.url}static/articles.json`].sort());
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    other.close();
    await server.stop();
  }
});

// ------------------------------------------------------------ letting go
// When the site stops serving Broadsheet, the worker lets its snapshot go
// (sw.js, "Letting go"): only on a definite answer (404/410, or a sw.js
// that is not JavaScript), never on a failure to reach the site.

const MOVED = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moved</title></head><body><h1 id="moved">This site has moved</h1></body></html>';

/** Polls `fn` in the page until it returns true (every 100 ms, at most `timeout`). */
async function until(page, fn, what, timeout = 60_000) {
  for (const end = Date.now() + timeout; Date.now() < end;) {
    if (await page.evaluate(fn).catch(() => false)) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}
/** A returning visit: a new document (not a jump within the open page). */
async function visit(page, address) {
  await page.goto('about:blank');
  await page.goto(address);
}
const noWorker = async () => (await navigator.serviceWorker.getRegistrations()).length === 0;
const noBroadsheetCaches = async () => (await caches.keys()).every((n) => !n.startsWith('broadsheet/'));

test('the site replaced by a plain page (no sw.js, no set): the next visit and a new tab show it; the worker and its caches are gone', async () => {
  const server = await startServer({ copy: true });
  try {
    const { context, page } = await firstVisit(server);
    assert.ok(await page.evaluate(() => navigator.serviceWorker.getRegistration().then(Boolean)));
    // The new site: one page, nothing else (sw.js and static/ gone, answering 404).
    for (const entry of readdirSync(server.dir)) rmSync(join(server.dir, entry), { recursive: true, force: true });
    deploy(server.dir, 'index.html', MOVED);

    // A returning visit: answered at once from the snapshot, then loaded again
    // from the network once the worker's check got the 404s.
    await visit(page, `${server.url}#/?q=iran`);
    await page.waitForSelector('#moved', { timeout: 30_000 });
    assert.equal(await page.locator('#moved').innerText(), 'This site has moved');
    await until(page, noWorker, 'the worker to be unregistered');
    await until(page, noBroadsheetCaches, 'the snapshot caches to be deleted');

    // A new tab goes straight to the network, even to an article's address.
    const tab = await context.newPage();
    await tab.goto(`${server.url}#/article/75422`);
    await tab.waitForSelector('#moved');
    assert.equal(await tab.evaluate(() => navigator.serviceWorker.controller), null);
    assert.equal(await tab.evaluate(() => document.title), 'Moved');
    // And a reload of the first page too.
    await page.reload();
    await page.waitForSelector('#moved');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('a check that gets a 503 or no answer keeps the snapshot; a catch-all HTML page (sw.js not JavaScript) lets it go', async () => {
  const site = mkdtempSync(join(tmpdir(), 'broadsheet-site-'));
  cpSync(DIST, join(site, 'broadsheet'), { recursive: true });
  // What the server does: serve the copy, answer 503 to everything, drop
  // every connection (no answer at all), or answer every address with one
  // HTML page (a single-page app's catch-all). Requests are logged per mode.
  let mode = 'serve';
  const log = [];
  const server = await startFileServer({
    root: site,
    handle(req, res, url) {
      log.push({ mode, path: url.pathname, fetchMode: req.headers['sec-fetch-mode'] });
      if (mode === '503') { res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '60' }).end('Service Unavailable'); return true; }
      if (mode === 'down') { req.socket.destroy(); return true; }
      if (mode === 'spa') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(MOVED); return true; }
      return false;
    },
  });
  const url = `${server.origin}/broadsheet/`;
  /** Waits until the worker's check in `m` asked for sw.js, index.html and the set. */
  const checked = async (page, m) => {
    const wanted = ['/broadsheet/sw.js', '/broadsheet/index.html', '/broadsheet/static/articles.json'];
    for (const end = Date.now() + 60_000; Date.now() < end;) {
      const seen = log.filter((r) => r.mode === m).map((r) => r.path);
      if (wanted.every((p) => seen.includes(p))) return;
      await page.waitForTimeout(50);
    }
    assert.fail(`the worker's check in mode ${m} did not reach the server: ${JSON.stringify(log.filter((r) => r.mode === m))}`);
  };
  const servedBySnapshot = async (page) => {
    await waitForCards(page);
    assert.equal(await articleCount(page), bundled.articles.length);
    assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the worker answered the page');
  };
  try {
    const { context, page } = await firstVisit({ url });

    // 503 for everything: the snapshot stays in force, twice over (the
    // second load is answered by the worker, so the first check kept it).
    mode = '503';
    await visit(page, url);
    await servedBySnapshot(page);
    await checked(page, '503');
    assert.ok(log.filter((r) => r.mode === '503').every((r) => r.fetchMode !== 'navigate'), 'no navigation reached the server');
    await reload(page);
    await servedBySnapshot(page);
    await offlineReady(page);

    // No answer at all (the connection dropped): the same.
    mode = 'down';
    await reload(page);
    await servedBySnapshot(page);
    await checked(page, 'down');
    const tab = await context.newPage();
    await tab.goto(`${url}#/article/75422`);
    await tab.waitForSelector('.article-full');
    await tab.close();

    // A catch-all page: sw.js answers 200 text/html. The navigation is
    // still answered by the worker first (the offline check above kept it),
    // then loaded again from the network.
    mode = 'spa';
    await visit(page, `${url}#/?q=iran`);
    await page.waitForSelector('#moved', { timeout: 30_000 });
    const spa = log.filter((r) => r.mode === 'spa');
    assert.notEqual(spa[0].fetchMode, 'navigate', 'the first request in this mode is the worker\'s check, not the navigation');
    assert.ok(spa.some((r) => r.fetchMode === 'navigate' && r.path === '/broadsheet/'), 'then the page was loaded from the network');
    await until(page, noWorker, 'the worker to be unregistered');
    await until(page, noBroadsheetCaches, 'the snapshot caches to be deleted');
    const next = await context.newPage();
    await next.goto(url);
    await next.waitForSelector('#moved');
    assert.equal(await next.evaluate(() => navigator.serviceWorker.controller), null);
    await context.close();
  } finally {
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  }
});
