// First cards of two builds, interleaved: on a shared machine whose load
// changes from minute to minute, two runs of the archive benchmark minutes
// apart compare the machine more than the builds. This alternates fresh
// loads of A and B (A first in odd rounds, B first in even ones) and prints
// each one's `broadsheet:*` marks (ms from navigation) and the medians.
//
//   node bench/archive/first-cards-ab.mjs SITE_A SITE_B [ROUNDS]
//
// Each SITE is laid out as bench/archive/run.mjs leaves one (SITE/broadsheet/
// with the app and its static/ archive), e.g. the before and after builds,
// each with the archive its own broadsheet-ingest wrote of the same set.
import { launchChromium, openPage } from '../../tools/browser/chromium.mjs';
import { serveFolder } from '../../tools/browser/static-server.mjs';
import { median } from '../browser/lib.mjs';

const [siteA, siteB, rounds = '10'] = process.argv.slice(2);
if (!siteA || !siteB) {
  console.error('usage: node bench/archive/first-cards-ab.mjs SITE_A SITE_B [ROUNDS]');
  process.exit(2);
}
const MARKS = ['first-bytes', 'manifest', 'library', 'cards'];
const servers = [await serveFolder(siteA), await serveFolder(siteB)];
const browser = await launchChromium();
const seen = [[], []];
try {
  for (let r = 0; r < Number(rounds); r++) {
    for (const s of r % 2 ? [1, 0] : [0, 1]) {
      const { context, page } = await openPage(browser);
      await page.goto(`${servers[s].origin}/broadsheet/`);
      await page.waitForFunction(() => performance.getEntriesByName('broadsheet:cards').length > 0, null, { timeout: 30_000 });
      const marks = await page.evaluate((names) => Object.fromEntries(names.map((n) => [n, performance.getEntriesByName(`broadsheet:${n}`)[0]?.startTime])), MARKS);
      seen[s].push(marks);
      console.log(`round ${r + 1} ${'AB'[s]}: ${MARKS.map((m) => `${m} ${Math.round(marks[m])}`).join(', ')}`);
      await context.close();
    }
  }
  for (const s of [0, 1]) {
    const med = (m) => Math.round(median(seen[s].map((x) => x[m])));
    console.log(`${'AB'[s]} medians (${seen[s].length} loads): ${MARKS.map((m) => `${m} ${med(m)}`).join(', ')}; library → cards ${Math.round(median(seen[s].map((x) => x.cards - x.library)))}`);
  }
} finally {
  await browser.close();
  for (const s of servers) await s.stop();
}
