// Pagefind as a static site uses it: each article an HTML page (the title
// an <h1>, which Pagefind weighs above body text by default, the text in
// <p>s, the page's lang), indexed with the Node API (createIndex,
// addHTMLFile, writeFiles), then searched by the site's own pagefind.js
// in headless Chromium, as bench/archive does. Default options throughout.
// Pagefind stems English; it has no stemmer for Somali and indexes it
// unstemmed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { launchChromium } from '../../../tools/browser/chromium.mjs';
import { serveFolder } from '../../../tools/browser/static-server.mjs';
import { DEPTH, queriesOf, versionOf } from './common.mjs';

export const name = 'Pagefind';
export const config = 'a page per article (<h1> title, <p> paragraphs, <html lang>), Node API addHTMLFile, default options; pagefind.js search in Chromium';
export const version = () => versionOf('pagefind');

const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** An article as a page: Pagefind reads the language, title and text. */
function page(a) {
  const paragraphs = [a.lead, ...(a.body ?? [])].filter(Boolean).map((p) => `<p>${escape(p)}</p>`);
  return `<!doctype html><html lang="${a.lang}"><head><meta charset="utf-8"><title>${escape(a.title)}</title></head>`
    + `<body><h1>${escape(a.title)}</h1>${paragraphs.join('')}</body></html>`;
}

/** Writes the site (pagefind/ and a blank page to search from) into `site`. */
async function buildSite(setPath, site) {
  const { index, errors } = await pagefind.createIndex();
  if (errors.length) throw new Error(`pagefind: ${errors.join('; ')}`);
  for (const a of JSON.parse(readFileSync(setPath, 'utf8')).articles) {
    // The id is the page's URL, so a result names its article.
    const added = await index.addHTMLFile({ url: `/a/${encodeURIComponent(a.id)}`, content: page(a) });
    if (added.errors.length) throw new Error(`pagefind: ${a.id}: ${added.errors.join('; ')}`);
  }
  const written = await index.writeFiles({ outputPath: join(site, 'pagefind') });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await pagefind.close();
  writeFileSync(join(site, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>pagefind</title>');
}

/** In page: every query searched; per query the first `depth` URLs and the count. */
async function searchAll([queries, depth]) {
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const out = [];
  for (const q of queries) {
    const r = await pf.search(q.text);
    const data = await Promise.all(r.results.slice(0, depth).map((x) => x.data()));
    out.push({ id: q.id, urls: data.map((d) => d.url), matches: r.results.length });
  }
  return out;
}

/** Map queryId → { docs (best first, at most DEPTH), matches }. */
export async function run({ setPath, queriesPath }) {
  const site = mkdtempSync(join(tmpdir(), 'relevance-pagefind-'));
  let server;
  let browser;
  try {
    await buildSite(setPath, site);
    server = await serveFolder(site);
    browser = await launchChromium();
    const tab = await browser.newPage();
    await tab.goto(`${server.origin}/blank.html`);
    const found = await tab.evaluate(searchAll, [queriesOf(queriesPath), DEPTH]);
    const idOf = (url) => decodeURIComponent(url.replace(/^\/a\//, ''));
    return new Map(found.map((f) => [f.id, { docs: f.urls.map(idOf), matches: f.matches }]));
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(site, { recursive: true, force: true });
  }
}
