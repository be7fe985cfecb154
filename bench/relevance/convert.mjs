// Turns each test collection into what the engines read:
//   OUT/<name>/articles.json  a Broadsheet article set (crates/core/src/set)
//   OUT/<name>/queries.json   [{ id, text }]
//   OUT/<name>/qrels.json     { queryId: { docId: grade } }
// Every engine indexes the same articles.json, so they all see the same
// titles and text.
//
//   node bench/relevance/convert.mjs [DATA_DIR] [OUT_DIR]
// (defaults: RELEVANCE_DATA or /work/relevance-data, RELEVANCE_WORK or
// $TMPDIR/broadsheet-relevance)
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLLECTIONS, readCollection } from './collections.mjs';

export const DEFAULT_DATA = process.env.RELEVANCE_DATA || '/work/relevance-data';
export const DEFAULT_WORK = process.env.RELEVANCE_WORK || join(tmpdir(), 'broadsheet-relevance');

/**
 * Converts every collection found in `dataDir` into `outDir`. Returns, per
 * collection found, { name, lang, notes, dir, setPath, queriesPath, qrels };
 * the missing ones are named in `missing`.
 */
export function convertAll(dataDir = DEFAULT_DATA, outDir = DEFAULT_WORK) {
  const converted = [];
  const missing = [];
  for (const collection of COLLECTIONS) {
    const c = readCollection(dataDir, collection);
    if (!c) {
      missing.push(`${collection.name} (${join(dataDir, collection.dir)})`);
      continue;
    }
    const dir = join(outDir, collection.dir);
    mkdirSync(dir, { recursive: true });
    const paths = {
      setPath: join(dir, 'articles.json'),
      queriesPath: join(dir, 'queries.json'),
      qrelsPath: join(dir, 'qrels.json'),
    };
    writeFileSync(paths.setPath, articleSet(c));
    writeFileSync(paths.queriesPath, JSON.stringify(c.queries, null, 1));
    writeFileSync(paths.qrelsPath, JSON.stringify(c.qrels, null, 1));
    converted.push({ name: c.name, lang: c.lang, notes: c.notes, dir, ...paths, qrels: c.qrels });
  }
  return { converted, missing };
}

/**
 * The article-set file: canonical order (newest first, then by id, as
 * `ArticleSet::new` sorts) and one article a line, as the CLI writes it.
 */
function articleSet({ docs, lang, source }) {
  const articles = docs.map((d) => ({
    id: d.id,
    title: d.title,
    published: d.published,
    lead: d.paragraphs[0],
    body: d.paragraphs.slice(1),
    source,
    lang,
  }));
  articles.sort((a, b) => (b.published < a.published ? -1 : b.published > a.published ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lines = articles.map((a) => JSON.stringify(a));
  return `{"format":"broadsheet-article-set","version":2,"articles":[\n${lines.join(',\n')}\n]}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [data = DEFAULT_DATA, out = DEFAULT_WORK] = process.argv.slice(2);
  const { converted, missing } = convertAll(data, out);
  for (const c of converted) console.log(`${c.name}: ${c.dir}`);
  for (const m of missing) console.error(`missing: ${m}`);
  if (!converted.length) process.exit(1);
}
