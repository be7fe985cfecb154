// What every engine of the benchmark reads: the converted collection's
// articles as { id, title, text } (text = lead and body, one paragraph a
// line, as bench/browser's peers index them) and its queries.
import { readFileSync } from 'node:fs';

/** How many results per query are kept (the metrics read the first 10). */
export const DEPTH = 100;

/** The articles of an article-set file, as the peers index them. */
export function docsOf(setPath) {
  return JSON.parse(readFileSync(setPath, 'utf8')).articles.map((a) => ({
    id: a.id,
    title: a.title,
    text: [a.lead, ...(a.body ?? [])].filter(Boolean).join('\n'),
  }));
}

/** The queries file: [{ id, text }]. */
export const queriesOf = (queriesPath) => JSON.parse(readFileSync(queriesPath, 'utf8'));

export { versionOf } from '../../browser/peers.mjs';
