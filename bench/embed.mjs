// Benchmark: an embedded reader over articles given as JavaScript objects
// (Broadsheet.mount: serde-wasm-bindgen, record by record) against the same
// articles as an article-set file (<broadsheet-reader src>: streamed, parsed
// as JSON, indexed in the worker). Both in one run, on one page that is not
// Broadsheet's, in headless Chromium against the release build (dist/).
//
//   ./dev build && node bench/embed.mjs [N...]      (default: 2000 10000)
//   RUNS=3 (per size and path; the median is printed)
//
// The articles are the growing-vocabulary generator's (bench/browser/gen-sets.mjs,
// --realistic), so the index work is a real archive's, not copies'.
// Timed in the page: from the mount (or the element's insertion) to the
// reader's `broadsheet-load` event, then to its first cards and to a
// search answered (the index ready). The objects are made by JSON.parse
// before the clock starts: a CMS has them already.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, openPage } from '../tools/browser/chromium.mjs';
import { startServer } from '../tools/browser/static-server.mjs';
import { makeRealisticSet } from './browser/gen-sets.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [2000, 10000];
const RUNS = Number(process.env.RUNS || 3);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const site = await startServer({ copy: true });
const browser = await launchChromium();
const rows = [];
try {
  for (const n of SIZES) {
    const set = makeRealisticSet(n);
    writeFileSync(join(site.dir, `bench-${n}.json`), set.text);
    writeFileSync(join(site.dir, 'bench-embed.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Embed bench</title><script type="module" src="embed.js"></script></head><body><div id="host"></div></body></html>`);
    const times = { objects: [], file: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const path of ['objects', 'file']) {
        const { page, problems } = await openPage(browser, { viewport: { width: 1200, height: 900 } });
        page.on('crash', () => console.error('crashed', problems));
        page.on('pageerror', (e) => console.error('pageerror', e.message));
        await page.goto(`${site.url}bench-embed.html`);
        const measured = await page.evaluate(async ({ n, path }) => {
          await customElements.whenDefined('broadsheet-reader');
          // The wasm loaded before the clock starts (one reader mounted
          // and removed), so both paths time only their own work.
          const warm = await window.Broadsheet.mount(document.getElementById('host'), { articles: [] });
          warm.unmount();
          const articles = path === 'objects' ? JSON.parse(await (await fetch(`bench-${n}.json`)).text()).articles : null;
          const host = document.getElementById('host');
          const start = performance.now();
          const loaded = new Promise((resolve) => host.addEventListener('broadsheet-load', () => resolve(performance.now()), { once: true }));
          let element = host;
          if (path === 'objects') {
            await window.Broadsheet.mount(host, { articles });
          } else {
            element = document.createElement('broadsheet-reader');
            element.setAttribute('src', `bench-${n}.json`);
            host.append(element);
          }
          const load = await loaded;
          const shadow = element.shadowRoot;
          while (!shadow.querySelector('ol.cards article')) await new Promise(requestAnimationFrame);
          const cards = performance.now();
          // A search answered: the index is ready.
          const input = shadow.querySelector('#search-input');
          input.value = 'the';
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const until = performance.now() + 120_000;
          while (shadow.querySelector('section.results')?.dataset.query !== 'the') {
            if (performance.now() > until) throw new Error('the search was never answered');
            await new Promise(requestAnimationFrame);
          }
          return { load: load - start, cards: cards - start, searched: performance.now() - start };
        }, { n, path });
        times[path].push(measured);
        await page.context().close();
      }
    }
    const m = (path, key) => median(times[path].map((t) => t[key]));
    rows.push({
      n, bytes: set.bytes, vocabulary: set.vocabulary,
      objects: { load: m('objects', 'load'), cards: m('objects', 'cards'), searched: m('objects', 'searched') },
      file: { load: m('file', 'load'), cards: m('file', 'cards'), searched: m('file', 'searched') },
    });
  }
} finally {
  await browser.close();
  await site.stop();
}

const ms = (x) => `${Math.round(x).toLocaleString('en-US')} ms`;
console.log(`| articles | bytes (as a set file) | vocabulary | given as objects: loaded / cards / searchable | as a file: loaded / cards / searchable | objects ÷ file (searchable) |`);
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.n.toLocaleString('en-US')} | ${r.bytes.toLocaleString('en-US')} | ${r.vocabulary.toLocaleString('en-US')} | ${ms(r.objects.load)} / ${ms(r.objects.cards)} / ${ms(r.objects.searched)} | ${ms(r.file.load)} / ${ms(r.file.cards)} / ${ms(r.file.searched)} | ${(r.objects.searched / r.file.searched).toFixed(2)} |`);
}
console.log(`(median of ${RUNS} runs each; headless Chromium, release build)`);
