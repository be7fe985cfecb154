// The peer engines, run inside a page: how each is loaded, built over the
// same articles (fields title and text = lead + body joined) and queried.
// The functions below are serialised by playwright into the page, so each
// is self-contained.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's one node_modules (the root package.json pins the peers). */
const MODULES = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules');

/** Version of an installed package. */
export const versionOf = (pkg) => JSON.parse(readFileSync(join(MODULES, pkg, 'package.json'), 'utf8')).version;

export const PEERS = [
  {
    key: 'minisearch',
    name: 'MiniSearch',
    pkg: 'minisearch',
    config: 'fields title/text, storeFields none; search: AND, last word prefix, fuzzy 0.2; -word via AND_NOT; phrases as AND-ed words',
    // UMD build: sets window.MiniSearch.
    scripts: () => [{ path: join(MODULES, 'minisearch/dist/umd/index.js') }],
  },
  {
    key: 'flexsearch',
    name: 'FlexSearch',
    pkg: 'flexsearch',
    config: 'Document, fields title/text, tokenize "forward", resolution 9, default encoder; search merge:true, limit = all articles; -word by filtering; phrases as AND-ed words; no typo tolerance',
    // Browser bundle: sets window.FlexSearch.
    scripts: () => [{ path: join(MODULES, 'flexsearch/dist/flexsearch.bundle.min.js') }],
  },
  {
    key: 'fuse',
    name: 'Fuse.js',
    pkg: 'fuse.js',
    config: 'keys title/text, threshold 0.3, ignoreLocation, useExtendedSearch (words fuzzy and AND-ed, \'"phrase" include-match, !word exclude)',
    // Fuse 7.5 ships no UMD build: its CommonJS build has no require()
    // calls, so it runs with a `module` object supplied; sets window.Fuse.
    scripts: () => [{
      content: `(function (module) {\n${readFileSync(join(MODULES, 'fuse.js/dist/fuse.min.cjs'), 'utf8')}\n;window.Fuse = module.exports;\n})({ exports: {} });`,
    }],
  },
];

/**
 * In page: builds `engine`'s index over window.__articles, keeps it in
 * window.__index and returns the build time (ms). Documents are mapped to
 * {id, title, text} before the clock starts.
 */
export function buildInPage(engine) {
  const docs = window.__articles.map((a) => ({ id: a.id, title: a.title, text: [a.lead, ...a.body].join('\n') }));
  const t0 = performance.now();
  let index;
  if (engine === 'minisearch') {
    index = new window.MiniSearch({ fields: ['title', 'text'], storeFields: [] });
    index.addAll(docs);
  } else if (engine === 'flexsearch') {
    index = new window.FlexSearch.Document({ document: { id: 'id', index: ['title', 'text'] }, tokenize: 'forward', resolution: 9 });
    for (const d of docs) index.add(d);
  } else if (engine === 'fuse') {
    index = new window.Fuse(docs, { keys: ['title', 'text'], threshold: 0.3, ignoreLocation: true, useExtendedSearch: true });
  } else {
    throw new Error(`unknown engine ${engine}`);
  }
  const ms = performance.now() - t0;
  window.__index = index;
  return ms;
}

/**
 * In page: runs the queries `list` ([{q, words, phrases, excluded}]) one at a
 * time and returns, per query, the time (ms) and the number of results.
 * `limit` is FlexSearch's result limit. Stops once `budgetMs` has been spent
 * (elapsed since `startedAt`, a performance.now() value or null for now).
 */
export function queryInPage({ engine, list, limit, budgetMs, startedAt }) {
  const index = window.__index;
  const n = window.__articles.length;
  const miniOptions = { prefix: (term, i, terms) => i === terms.length - 1, fuzzy: 0.2, combineWith: 'AND' };
  const search = ({ words, phrases, excluded }) => {
    if (!words.length) return 0;
    if (engine === 'minisearch') {
      let query = words.join(' ');
      if (excluded.length) {
        query = {
          combineWith: 'AND_NOT',
          queries: [{ queries: [query], combineWith: 'AND' }, ...excluded.map((w) => ({ queries: [w], prefix: false, fuzzy: false }))],
        };
      }
      return index.search(query, miniOptions).length;
    }
    if (engine === 'flexsearch') {
      let ids = index.search(words.join(' '), { limit, merge: true }).map((r) => r.id);
      if (excluded.length) {
        const out = new Set();
        for (const w of excluded) for (const r of index.search(w, { limit: n, merge: true })) out.add(r.id);
        ids = ids.filter((id) => !out.has(id));
      }
      return ids.length;
    }
    // Fuse extended search: plain words are fuzzy and AND-ed.
    const inPhrase = new Set(phrases.flatMap((p) => p.split(' ')));
    const tokens = [
      ...words.filter((w) => !inPhrase.has(w)),
      ...phrases.map((p) => `'"${p}"`),
      ...excluded.map((w) => `!${w}`),
    ];
    return index.search(tokens.join(' ')).length;
  };
  const start = startedAt ?? performance.now();
  const times = [];
  const counts = [];
  for (const item of list) {
    if (performance.now() - start > budgetMs) break;
    const t0 = performance.now();
    const count = search(item);
    times.push(performance.now() - t0);
    counts.push(count);
  }
  return { times, counts, done: times.length, of: list.length, startedAt: start, elapsedMs: performance.now() - start };
}
