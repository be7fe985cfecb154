// Renders an article set (the line-per-record layout make_archive and
// broadsheet-ingest write) as one HTML page per article for Pagefind,
// streaming: SITE/p/<k>/<j>.html with 1,000 pages a folder (k = i / 1000,
// j = i % 1000, i the article's position in the set).
//
//   node bench/archive/render.mjs SET.json SITE
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PER_FOLDER = 1000;

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ESC[c]);

/** The page of one article: everything Pagefind indexes is in the <article>. */
export function articleHtml(a) {
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$/.test(a.lang || '') ? a.lang : 'en';
  const date = String(a.published || '').slice(0, 10);
  const body = (a.body || []).map((p) => `<p>${esc(p)}</p>`).join('\n');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(a.title)}</title></head>
<body><article data-pagefind-body>
<h1>${esc(a.title)}</h1>
<p>${esc(date)} · ${esc(a.source)}</p>
<p>${esc(a.lead)}</p>
${body}
</article></body></html>
`;
}

/** Writes the pages; resolves with { pages, bytes }. */
export async function renderSite(setPath, site) {
  const lines = createInterface({ input: createReadStream(setPath, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let i = 0;
  let bytes = 0;
  let first = true;
  for await (const raw of lines) {
    if (first) {
      first = false;
      if (!raw.startsWith('{"format":"broadsheet-article-set"')) throw new Error(`${setPath}: not an article set`);
      continue;
    }
    const line = raw.endsWith(',') ? raw.slice(0, -1) : raw;
    if (!line.startsWith('{')) continue; // the closing `]}`
    const a = JSON.parse(line);
    const dir = join(site, 'p', String(Math.floor(i / PER_FOLDER)));
    if (i % PER_FOLDER === 0) mkdirSync(dir, { recursive: true });
    const html = articleHtml(a);
    writeFileSync(join(dir, `${i % PER_FOLDER}.html`), html);
    bytes += Buffer.byteLength(html);
    i++;
  }
  return { pages: i, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [set, site] = process.argv.slice(2);
  if (!set || !site) {
    console.error('usage: node render.mjs SET.json SITE');
    process.exit(2);
  }
  const t = performance.now();
  const r = await renderSite(set, site);
  console.log(`${site}: ${r.pages} pages, ${r.bytes} bytes, ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
