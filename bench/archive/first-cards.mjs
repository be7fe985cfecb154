// Where a page's first-card time goes: loads SITE/broadsheet/ (a site as
// bench/archive/run.mjs leaves it, e.g. $TMPDIR/broadsheet-archive-bench/
// 1000000/broadsheet-site) in headless Chromium with service workers
// blocked, and prints the page's `broadsheet:*` marks (ms from navigation)
// and every response until the first cards, with its body size.
//
//   ./dev bench first-cards SITE [LOADS]
import { launchChromium, openPage } from '../../tools/browser/chromium.mjs';
import { serveFolder } from '../../tools/browser/static-server.mjs';

const [site, loads = '3'] = process.argv.slice(2);
if (!site) {
  console.error('usage: ./dev bench first-cards SITE [LOADS]');
  process.exit(2);
}
const server = await serveFolder(site);
const browser = await launchChromium();
try {
  for (let i = 0; i < Number(loads); i++) {
    const { context, page } = await openPage(browser);
    const responses = [];
    page.on('requestfinished', async (r) => {
      const sizes = await r.sizes();
      responses.push(`  ${r.url().replace(/.*\/broadsheet\//, '')} ${sizes.responseBodySize} B`);
    });
    await page.goto(`${server.origin}/broadsheet/`);
    await page.waitForFunction(() => performance.getEntriesByName('broadsheet:cards').length > 0, null, { timeout: 30_000 });
    const marks = await page.evaluate(() => performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('broadsheet:'))
      .map((m) => `${m.name.slice('broadsheet:'.length)} ${Math.round(m.startTime)} ms`));
    console.log(`load ${i + 1}: ${marks.join(', ')}`);
    console.log(responses.join('\n'));
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
