// Generates benchmark article sets from the bundled set (static/articles.json),
// written newest first as an article-set file (the format broadsheet-ingest
// writes), in one of two ways:
//
// - copies (`makeSet`): N articles made of copies of the 322 bundled ones,
//   each with a new id and its date shifted back by whole days. Its
//   vocabulary stops growing at the bundle's 15.9k words: it flatters an index.
// - realistic (`makeRealisticSet`): N wire-length articles (about 1.2 KB)
//   cut from the bundle's real paragraphs, with content words replaced so
//   that the vocabulary grows like a real news archive's: Heaps' law
//   M = 44·T^0.49 distinct words after T tokens, the fit for Reuters RCV1
//   (Manning, Raghavan & Schütze, Introduction to Information Retrieval,
//   §5.1.1). The bundle itself sits on that curve (219k tokens, 15.9k
//   words; the law says 18.2k). New words are spliced from pieces of real
//   words (so their letters look like real ones to prefix and typo search),
//   keep the case of the word they replace, and recur with a Zipf-like
//   skew, as names do. Deterministic for a given N and seed.
//
//   node bench/browser/gen-sets.mjs N OUT.json
//   node bench/browser/gen-sets.mjs --realistic N OUT.json [SEED]
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

/** A word: letters or digits, with inner apostrophes or hyphens. */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
/** Words counted for the vocabulary: runs of letters and digits, lower case. */
const TERM = /[\p{L}\p{N}]+/gu;

/** The distinct words of `texts` (lower-cased runs of letters and digits). */
export function vocabularyOf(texts) {
  const vocab = new Set();
  for (const t of texts) for (const w of t.toLowerCase().match(TERM) ?? []) vocab.add(w);
  return vocab.size;
}

/** mulberry32: a small seeded generator, so a set is the same every run. */
export function randomSource(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Heaps' law for news (RCV1): distinct words after `tokens` tokens. */
export const heaps = (tokens) => 44 * tokens ** 0.49;

/** Bytes of text (title, lead, body) a realistic article aims at: wire copy
 * (with its other fields, about 1.2 KB of JSON an article). */
const ARTICLE_BYTES = { min: 400, max: 1300 };
/** The most frequent words of the bundle are kept as they are (function words). */
const KEPT_COMMON = 400;
/** Of the content words, how many become an earlier new word (names recur). */
const REUSE_SHARE = 0.12;
/** Articles per day in the generated span (times spread through the day). */
const PER_DAY = 30;

/**
 * `n` realistic articles (see the top of the file): `{ text, articles,
 * bytes, vocabulary, tokens }`, `text` being the article-set file.
 */
export function makeRealisticSet(n, seed = 14, bundledPath = BUNDLED) {
  const set = JSON.parse(readFileSync(bundledPath, 'utf8'));
  const base = set.articles;
  const random = randomSource(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  // Word frequencies of the bundle: the most common are function words.
  const freq = new Map();
  for (const a of base) {
    for (const t of [a.title, a.lead, ...(a.body ?? [])]) {
      for (const w of t.toLowerCase().match(TERM) ?? []) freq.set(w, (freq.get(w) ?? 0) + 1);
    }
  }
  const common = new Set([...freq.entries()].sort((x, y) => y[1] - x[1]).slice(0, KEPT_COMMON).map(([w]) => w));
  const pieces = [...freq.keys()].filter((w) => w.length >= 4 && !/\d/.test(w));
  const vocab = new Set();
  let tokens = 0;
  const invented = [];
  const invent = () => {
    for (;;) {
      const a = pick(pieces);
      const b = pick(pieces);
      const w = a.slice(0, 2 + Math.floor(random() * (a.length - 2)))
        + b.slice(Math.floor(random() * (b.length - 2)));
      if (w.length >= 3 && !vocab.has(w) && !freq.has(w)) return w;
    }
  };
  const likeCase = (word, model) => (model[0] !== model[0].toLowerCase()
    ? word[0].toUpperCase() + word.slice(1) : word);
  const rewrite = (text) => text.replace(WORD, (token) => {
    const lower = token.toLowerCase();
    let out = token;
    if (/^\d+$/.test(token)) {
      // Figures vary from story to story; years stay plausible.
      out = token.length === 4 ? String(1990 + Math.floor(random() * 36))
        : String(Math.floor(random() * 10 ** token.length));
    } else if (!common.has(lower) && lower.length >= 3) {
      const terms = lower.match(TERM);
      // Below the curve, a known word gives way to a new one (a real word
      // new to the set grows the vocabulary by itself).
      if (vocab.size < heaps(tokens + terms.length) && terms.every((w) => vocab.has(w))) {
        const w = invent();
        invented.push(w);
        out = likeCase(w, token);
      } else if (invented.length && random() < REUSE_SHARE) {
        // Zipf-like: index ~ L^u favours the earliest (most established) words.
        const i = Math.floor(invented.length ** random()) - 1;
        out = likeCase(invented[i], token);
      }
    }
    for (const w of out.toLowerCase().match(TERM)) {
      tokens++;
      vocab.add(w);
    }
    return out;
  });
  const start = Date.UTC(2025, 0, 1);
  const articles = [];
  for (let i = 0; i < n; i++) {
    const a = pick(base);
    const paragraphs = [a.lead, ...(a.body ?? [])].filter(Boolean);
    const budget = ARTICLE_BYTES.min + random() * (ARTICLE_BYTES.max - ARTICLE_BYTES.min);
    let from = Math.floor(random() * Math.max(1, paragraphs.length - 2));
    const kept = [];
    let bytes = a.title.length;
    while (from < paragraphs.length && (kept.length === 0 || bytes < budget)) {
      kept.push(paragraphs[from]);
      bytes += paragraphs[from++].length;
    }
    const seconds = Math.floor(i / PER_DAY) * 86400 + Math.floor(random() * 86400);
    const published = new Date(start - seconds * 1000).toISOString().slice(0, 19);
    const [lead, ...body] = kept.map(rewrite);
    articles.push({
      ...a,
      id: `real-${i}`,
      title: rewrite(a.title),
      published,
      lead,
      body,
      ...(a.url ? { url: `${a.url.split("#")[0]}#copy-${i}` } : {}),
    });
  }
  articles.sort((x, y) => (x.published < y.published ? 1 : x.published > y.published ? -1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const text = `{"format":${JSON.stringify(set.format)},"version":${set.version},"articles":[\n`
    + articles.map((a) => JSON.stringify(a)).join(',\n') + '\n]}\n';
  return { text, articles, bytes: Buffer.byteLength(text), vocabulary: vocab.size, tokens };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const realistic = args[0] === '--realistic';
  const [n, out, seed] = realistic ? args.slice(1) : args;
  if (!n || !out) {
    console.error('usage: node gen-sets.mjs [--realistic] N OUT.json [SEED]');
    process.exit(2);
  }
  if (realistic) {
    const made = makeRealisticSet(Number(n), seed === undefined ? undefined : Number(seed));
    writeFileSync(out, made.text);
    console.log(`${out}: ${n} realistic articles, ${made.bytes} bytes, ${made.tokens} tokens, vocabulary ${made.vocabulary} words`);
  } else {
    const text = makeSet(Number(n));
    writeFileSync(out, text);
    console.log(`${out}: ${n} articles, ${Buffer.byteLength(text)} bytes, vocabulary ${vocabularyOf(JSON.parse(text).articles.map((a) => [a.title, a.lead, ...a.body].join(' ')))} words`);
  }
}
