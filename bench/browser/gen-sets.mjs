// Generates benchmark article sets from the bundled set (static/articles.json):
// N articles made of copies of its articles, each copy with a new unique id
// and its date shifted back by whole days, written newest first as an
// article-set file (the format broadsheet-ingest writes).
//
//   node bench/browser/gen-sets.mjs N OUT.json     (or import makeSet)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLED = join(ROOT, 'static/articles.json');

/** Copy k of an article is shifted back by k × SHIFT_DAYS days. */
const SHIFT_DAYS = 11;

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` moved back by `days`, same format. */
export function shiftDate(published, days) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}:\d{2})?$/.exec(published);
  if (!m) throw new Error(`unexpected published value ${JSON.stringify(published)}`);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] - days));
  return d.toISOString().slice(0, 10) + (m[4] ?? '');
}

/** The article-set text (JSON) of `n` articles. */
export function makeSet(n, bundledPath = BUNDLED) {
  const set = JSON.parse(readFileSync(bundledPath, 'utf8'));
  if (set.format !== 'broadsheet-article-set' || set.version !== 1) {
    throw new Error(`${bundledPath}: not a version 1 broadsheet-article-set`);
  }
  const base = set.articles;
  const articles = [];
  for (let i = 0; i < n; i++) {
    const a = base[i % base.length];
    const copy = Math.floor(i / base.length);
    articles.push({
      ...a,
      id: `${a.id}-b${copy}`,
      published: shiftDate(a.published, copy * SHIFT_DAYS),
    });
  }
  // Canonical order: newest first, then by id.
  articles.sort((x, y) => (x.published < y.published ? 1 : x.published > y.published ? -1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  // The layout broadsheet-ingest writes (ArticleSet::to_json): the header,
  // one article per line, the closing `]}`; the page stream-parses it.
  return `{"format":${JSON.stringify(set.format)},"version":${set.version},"articles":[\n`
    + articles.map((a) => JSON.stringify(a)).join(',\n') + '\n]}\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n, out] = process.argv.slice(2);
  if (!n || !out) {
    console.error('usage: node gen-sets.mjs N OUT.json');
    process.exit(2);
  }
  const text = makeSet(Number(n));
  writeFileSync(out, text);
  console.log(`${out}: ${n} articles, ${Buffer.byteLength(text)} bytes`);
}
