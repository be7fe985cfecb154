// MiniSearch as its README's examples set it up: fields title and text,
// the id stored, and default search options of a title boosted ×2, prefix
// search and fuzzy 0.2. Its default combines the query's words with OR.
import MiniSearch from 'minisearch';
import { DEPTH, docsOf, queriesOf, versionOf } from './common.mjs';

export const name = 'MiniSearch';
export const config = 'fields title/text, storeFields id; search: boost title 2, prefix, fuzzy 0.2 (OR)';
export const version = () => versionOf('minisearch');

/** Map queryId → { docs (best first, at most DEPTH), matches }. */
export async function run({ setPath, queriesPath }) {
  const index = new MiniSearch({
    fields: ['title', 'text'],
    storeFields: ['id'],
    searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 },
  });
  index.addAll(docsOf(setPath));
  const runs = new Map();
  for (const q of queriesOf(queriesPath)) {
    const hits = index.search(q.text);
    runs.set(q.id, { docs: hits.slice(0, DEPTH).map((h) => h.id), matches: hits.length });
  }
  return runs;
}
