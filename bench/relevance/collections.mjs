// The test collections, read from their files as published (README.md says
// where each comes from) into one shape:
//   { name, lang, source, docs: [{ id, title, paragraphs, published }],
//     queries: [{ id, text }], qrels: { queryId: { docId: grade } }, notes }
// Ids are the collections' own, as their judgments name the documents.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The collections, in table order: `dir` under RELEVANCE_DATA. */
export const COLLECTIONS = [
  { name: 'TIME', dir: 'time', read: readTime },
  { name: 'Somali', dir: 'somali', read: readSomali },
];

/** A collection from `dataDir`, or null when its folder is missing. */
export function readCollection(dataDir, collection) {
  const dir = join(dataDir, collection.dir);
  return existsSync(dir) ? collection.read(dir) : null;
}

const nonEmptyLines = (text) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

// TIME: SMART's TIME collection. TIME.ALL holds the articles, each after a
// `*TEXT 017 01/04/63 PAGE 020` line (number, issue date, page) and the
// file ends with `*STOP`; TIME.QUE holds the queries, each after
// `*FIND  n`. The text is wrapped at ~70 columns with blank lines between
// the wrapped lines, so there are no paragraphs: an article is one
// paragraph, and its first line stands as the title (the collection has
// no headings).
//
// The judgments number the articles by their place in the collection
// (1–425), not by their *TEXT number: read so, 95% of the judged articles
// hold two or more of their query's words, read as *TEXT numbers 31%.
// The file has 423 *TEXT lines: those of 499 and 500 are missing, so
// their text runs on inside 498 (places 371–373) and every later article
// is two places further on. TIME.REL.ALL holds the judgments (83 queries,
// 324 relevant); TIME.REL beside it keeps only the 253 whose place number
// happens to be a *TEXT number too, a reading of them as *TEXT numbers.
const TIME_PLACES = 425;
const TIME_HOLDS_MORE = { 498: 2 };

function readTime(dir) {
  const docs = [];
  let doc = null;
  for (const line of readFileSync(join(dir, 'TIME.ALL'), 'latin1').split(/\r?\n/)) {
    // One line reads `08/30 63`: the date's last separator may be a space.
    const head = line.match(/^\*TEXT\s+(\d+)\s+(\d\d)\/(\d\d)[/ ](\d\d)/);
    if (head || line.startsWith('*STOP')) {
      if (doc) docs.push(finishTime(doc));
      doc = head && { id: String(Number(head[1])), published: `19${head[4]}-${head[2]}-${head[3]}`, lines: [] };
    } else if (doc && line.trim()) {
      doc.lines.push(line.trim());
    }
  }
  if (doc) docs.push(finishTime(doc));

  const queries = [];
  for (const block of readFileSync(join(dir, 'TIME.QUE'), 'latin1').split(/^\*FIND\s+/m).slice(1)) {
    const [id, ...rest] = block.split(/\r?\n/);
    queries.push({ id: id.trim(), text: rest.join(' ').replace(/\s+/g, ' ').trim() });
  }

  // The article at each place (1-based): TIME_HOLDS_MORE's take the places
  // of the articles that run on inside them.
  const atPlace = docs.flatMap((d) => Array(1 + (TIME_HOLDS_MORE[d.id] ?? 0)).fill(d.id));
  if (atPlace.length !== TIME_PLACES) throw new Error(`TIME.ALL: ${atPlace.length} places, not ${TIME_PLACES}`);
  const qrels = {};
  for (const line of nonEmptyLines(readFileSync(join(dir, 'TIME.REL.ALL'), 'latin1'))) {
    const [query, ...places] = line.split(/\s+/);
    qrels[query] = Object.fromEntries(places.map((p) => [atPlace[Number(p) - 1], 1]));
  }
  return {
    name: 'TIME', lang: 'en', source: 'TIME (SMART test collection)', docs, queries, qrels,
    notes: [
      'dates: the issue dates of the *TEXT lines',
      'title: each article\'s first wrapped line',
      'judgments: TIME.REL.ALL, by place in TIME.ALL (498 holds 499 and 500)',
    ],
  };
}

function finishTime({ id, published, lines }) {
  return { id, published, title: lines[0], paragraphs: [lines.slice(1).join(' ')] };
}

// Somali: one file per article (`Som-0001.txt`), its first line a headline
// and the rest paragraphs; `queries.txt` is `Q-1 text` per line, and
// `Judgements` `Q-1 Som-2036` per relevant document (binary). Most files
// are UTF-8, some Windows-1252 (curly quotes as single bytes); one is
// empty. The articles carry no dates: all get SOMALI_DATE.
const SOMALI_DATE = '2023-01-01';

function readSomali(dir) {
  const docs = [];
  const notes = [`dates: none in the corpus, all ${SOMALI_DATE}`, 'title: each file\'s first line'];
  const files = readdirSync(join(dir, 'docs')).filter((f) => /^Som-\d+\.txt$/.test(f)).sort();
  for (const file of files) {
    const lines = nonEmptyLines(decodeSomali(readFileSync(join(dir, 'docs', file))));
    const id = file.replace(/\.txt$/, '');
    if (!lines.length) {
      notes.push(`${id}: empty file, left out`);
      continue;
    }
    // A one-line file: its first words stand as the title, the line as text.
    const [title, paragraphs] = lines.length > 1
      ? [lines[0], lines.slice(1)]
      : [lines[0].split(/\s+/).slice(0, 12).join(' '), lines];
    docs.push({ id, published: SOMALI_DATE, title, paragraphs });
  }

  const queries = nonEmptyLines(readFileSync(join(dir, 'queries.txt'), 'utf8')).map((line) => {
    const [, id, text] = line.match(/^(\S+)\s+(.*)$/);
    return { id, text: text.trim() };
  });

  const qrels = {};
  for (const line of nonEmptyLines(readFileSync(join(dir, 'Judgements'), 'utf8'))) {
    const [query, doc] = line.split(/\s+/);
    (qrels[query] ??= {})[doc] = 1;
  }
  return { name: 'Somali', lang: 'so', source: 'Somali IR Evaluation Corpus', docs, queries, qrels, notes };
}

/** UTF-8 when the bytes are valid UTF-8, else Windows-1252; no BOM. */
function decodeSomali(bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}
