// Orama as its documentation's quick start creates and searches a
// database: a schema of the two string fields, language English (its
// default tokenizer; stemming is off unless asked for), and a full-text
// search of the query as typed (`term`, default threshold: any word
// matches). For Somali, which Orama has no tokenizer or stemmer for, the
// language is left out, which is the same default tokenizer.
import { create, insertMultiple, search } from '@orama/orama';
import { DEPTH, docsOf, queriesOf, versionOf } from './common.mjs';

export const name = 'Orama';
export const config = 'schema title/text (string), language english (no stemmer for Somali: default tokenizer); search term, limit 100';
export const version = () => versionOf('@orama/orama');

/** Map queryId → { docs (best first, at most DEPTH), matches }. */
export async function run({ setPath, queriesPath, lang }) {
  const db = await create({
    schema: { title: 'string', text: 'string' },
    ...(lang === 'en' ? { language: 'english' } : {}),
  });
  // Orama takes a document's string `id` as its own id.
  await insertMultiple(db, docsOf(setPath));
  const runs = new Map();
  for (const q of queriesOf(queriesPath)) {
    const result = await search(db, { term: q.text, limit: DEPTH });
    runs.set(q.id, { docs: result.hits.map((h) => h.id), matches: result.count });
  }
  return runs;
}
