// End to end: Back from an article lands where the reader was (issue 12),
// on a large set and a slow CPU, in plain and sharded mode. Both tests fail
// against the build before the fix (the place came back as 0).
//
// Chromium's CPU throttling (DevTools protocol) makes the page as slow as a
// cheap phone whatever the machine, so the race this guards against (a
// scroll event, or a restore clamped by a list not yet at its height,
// overwriting the remembered place) is met on every run, not one run in
// three. Every wait is for a scroll position or an element, never a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { useSuite, startServer, openPage, waitForCards, ROOT } from './harness.mjs';

const INGEST = join(ROOT, 'target/release/broadsheet-ingest');
const ARTICLES = 20_000;
/** How much slower than this machine the page runs (a phone is 4–6×). */
const SLOWDOWN = 6;

/**
 * 20,000 articles: the bundled ones again and again under new ids, each
 * with its lead and first paragraph: short article pages, which the
 * browser scrolls to the top when they open (the list's height and the page's
 * work are what matter here, not the vocabulary).
 */
function largeSet() {
  const bundled = JSON.parse(readFileSync(join(ROOT, 'static/articles.json'), 'utf8'));
  const articles = [];
  for (let i = 0; articles.length < ARTICLES; i++) {
    for (const a of bundled.articles) {
      if (articles.length === ARTICLES) break;
      articles.push({ ...a, id: `${a.id}-copy${i}`, body: a.body.slice(0, 1) });
    }
  }
  return { format: bundled.format, version: bundled.version, articles };
}

const env = useSuite();
let scratch;
let plainSet;
let sharded;
before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'broadsheet-scroll-'));
  plainSet = JSON.stringify(largeSet());
  const setFile = join(scratch, 'large.json');
  writeFileSync(setFile, plainSet);
  sharded = await startServer({ copy: true });
  execFileSync(INGEST, [setFile, '--shards', join(sharded.dir, 'static')], { stdio: 'pipe' });
});
after(async () => {
  await sharded?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The ids of the cards on screen, top to bottom. */
const onScreen = (page) =>
  page.locator('ol.cards article').evaluateAll((as) =>
    as.filter((a) => {
      const r = a.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    }).map((a) => a.dataset.id));

/** Resolves after `n` painted frames: a position that holds that long stays. */
const frames = (page, n) =>
  page.evaluate((n) => new Promise((done) => {
    const step = () => (--n <= 0 ? done() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), n);

async function readAndComeBack(url, { route } = {}) {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 800 } });
  if (route) await page.route('**/static/articles.json', route);
  await page.goto(url);
  await waitForCards(page);
  await page.waitForFunction((n) => document.querySelector('.result-count')?.textContent.replace(/\D/g, '').includes(String(n)), ARTICLES, { timeout: 120_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });

  for (const place of [1200, 5400]) {
    await page.evaluate((y) => window.scrollTo(0, y), place);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, place, { timeout: 60_000 });
    // The cards there are drawn (a sharded archive fetches their shard).
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll('ol.cards > li')].filter((li) => {
        const r = li.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      return cards.length > 0 && cards.every((li) => li.querySelector('article'));
    }, null, { timeout: 60_000 });
    const before = await onScreen(page);
    const at = await page.evaluate(() => window.scrollY);
    const card = page.locator(`ol.cards article[data-id="${before[1]}"]`);
    await card.locator('h2 a').click();
    await page.waitForSelector('.article-full', { timeout: 60_000 });
    // Reading the article moves the window too; that is not the list's place.
    await page.evaluate(() => window.scrollTo(0, 300));

    await page.goBack();
    await page.waitForSelector('ol.cards article', { timeout: 60_000 });
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, at, { timeout: 60_000 });
    await frames(page, 30);
    assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - at) < 2, `the place (${at} px) held`);
    await page.waitForFunction((id) => {
      const a = document.querySelector(`ol.cards article[data-id="${id}"]`);
      return a && a.getBoundingClientRect().top < innerHeight;
    }, before[1], { timeout: 60_000 });
    assert.deepEqual(await onScreen(page), before, 'the same cards are on screen');
  }
  assert.deepEqual(problems, []);
  await context.close();
}

test(`Back lands at the reader's place in ${ARTICLES.toLocaleString('en-US')} articles on a ${SLOWDOWN}× slower CPU`, async () => {
  await readAndComeBack(env.server.url, {
    route: (r) => r.fulfill({ status: 200, contentType: 'application/json', body: plainSet }),
  });
});

test(`Back lands at the reader's place in a sharded archive of ${ARTICLES.toLocaleString('en-US')} articles on a ${SLOWDOWN}× slower CPU`, async () => {
  await readAndComeBack(sharded.url);
});
