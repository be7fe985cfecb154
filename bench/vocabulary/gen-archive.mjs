// A news archive of any size (10 million articles and more) for the
// archive benchmarks of issue 17, written as it is made (constant memory
// but for the vocabulary), newest first, one record per line as
// broadsheet-ingest writes sets. Its vocabulary grows like a real
// archive's, not like copies of a few hundred texts:
//
// - words: the bundled set's real paragraphs (Wikinews, VOA and the seed
//   article), cut to wire length (400–1,300 bytes of text), with content
//   words replaced by new ones whenever the vocabulary falls below Heaps'
//   law fitted on the bundled corpora themselves (V = 18.4·T^0.55 distinct
//   words after T tokens; `node bench/vocabulary/gen-archive.mjs --fit`
//   prints the fit). New words are spliced from pieces of real words (so
//   prefix and typo search meet real-looking letters) and recur with a
//   Zipf-like skew, as names do;
// - the long tail that one outlet's English lacks and a desk's archive
//   has: misspellings (one content word in MISSPELT gets one edit),
//   figures (amounts, scores, ids: numbers vary from story to story), and
//   other scripts (a share of articles in Cyrillic, Greek or Arabic
//   letters, each script with its own words growing by the same law).
//
// Deterministic for a given N and seed; prints the article count, bytes,
// tokens and vocabulary (lower-cased runs of letters and digits, counted
// here as the index would see them up to case and accents).
//
//   node bench/vocabulary/gen-archive.mjs N OUT.json [SEED]
//   node bench/vocabulary/gen-archive.mjs --fit
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUNDLED, randomSource } from '../browser/gen-sets.mjs';

/** Heaps' law fitted on the bundled corpora (see `--fit`). */
export const HEAPS = { k: 18.4, beta: 0.55 };
const heaps = (tokens) => HEAPS.k * tokens ** HEAPS.beta;

/** Bytes of text (title, lead, body) an article aims at: wire copy. */
const ARTICLE_BYTES = { min: 400, max: 1300 };
/** The most frequent words of the bundle are kept as they are (function words). */
const KEPT_COMMON = 400;
/** Of the content words, how many become an earlier new word (names recur). */
const REUSE_SHARE = 0.12;
/** One content word in this many is misspelt (one edit). */
const MISSPELT = 150;
/** Share of articles written in another script, and the scripts. */
const OTHER_SCRIPT_SHARE = 0.06;
const SCRIPTS = {
  cyrillic: 'абвгдежзийклмнопрстуфхцчшщыэюя',
  greek: 'αβγδεζηθικλμνξοπρστυφχψω',
  arabic: 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي',
};
/** Articles per day (times spread through the day, newest first). */
const PER_DAY = 300;

const TERM = /[\p{L}\p{N}]+/gu;
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

function bundledArticles() {
  const set = JSON.parse(readFileSync(BUNDLED, 'utf8'));
  return set.articles;
}

/** Heaps' law fitted (least squares on log–log) over the bundled articles, shuffled. */
export function fitHeaps() {
  const texts = bundledArticles().map((a) => [a.title, a.lead, ...(a.body ?? [])].join(' '));
  const random = randomSource(1);
  for (let i = texts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [texts[i], texts[j]] = [texts[j], texts[i]];
  }
  const vocab = new Set();
  let tokens = 0;
  const points = [];
  texts.forEach((t, i) => {
    for (const w of t.toLowerCase().match(TERM) ?? []) { tokens++; vocab.add(w); }
    if ((i + 1) % 20 === 0 || i + 1 === texts.length) points.push([tokens, vocab.size]);
  });
  const xs = points.map(([t]) => Math.log(t));
  const ys = points.map(([, v]) => Math.log(v));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const beta = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return { k: Math.exp(my - beta * mx), beta, tokens, vocabulary: vocab.size, articles: texts.length };
}

/** Writes `n` articles to `out`; gives `{ bytes, tokens, vocabulary, byKind }`. */
export function writeArchive(n, out, seed = 17) {
  const base = bundledArticles();
  const random = randomSource(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const freq = new Map();
  for (const a of base) {
    for (const t of [a.title, a.lead, ...(a.body ?? [])]) {
      for (const w of (t ?? '').toLowerCase().match(TERM) ?? []) freq.set(w, (freq.get(w) ?? 0) + 1);
    }
  }
  const common = new Set([...freq.entries()].sort((x, y) => y[1] - x[1]).slice(0, KEPT_COMMON).map(([w]) => w));
  const pieces = [...freq.keys()].filter((w) => w.length >= 4 && !/\d/.test(w) && /^[a-z]+$/.test(w));
  const vocab = new Set();
  const byKind = { words: 0, misspelt: 0, figures: 0, scripts: 0 };
  let tokens = 0;
  // Per script (latin for the bundle's own): the words invented so far and
  // that script's tokens, each growing by the law on its own.
  const lanes = new Map();
  const lane = (script) => {
    if (!lanes.has(script)) lanes.set(script, { invented: [], tokens: 0, size: 0 });
    return lanes.get(script);
  };
  const transliterate = (word, script) => {
    const letters = SCRIPTS[script];
    let out = '';
    for (const c of word) out += letters[(c.charCodeAt(0) * 7) % letters.length];
    return out;
  };
  const invent = (script) => {
    for (;;) {
      const a = pick(pieces);
      const b = pick(pieces);
      let w = a.slice(0, 2 + Math.floor(random() * (a.length - 2))) + b.slice(Math.floor(random() * (b.length - 2)));
      if (script !== 'latin') w = transliterate(w, script);
      if (w.length >= 3 && !vocab.has(w) && !freq.has(w)) return w;
    }
  };
  const misspell = (w) => {
    const i = Math.floor(random() * w.length);
    const letter = w[Math.floor(random() * w.length)];
    switch (Math.floor(random() * 3)) {
      case 0: return w.slice(0, i) + w.slice(i + 1); // a letter dropped
      case 1: return w.slice(0, i) + letter + w.slice(i); // one doubled
      default: return w.slice(0, i) + (w[i + 1] ?? '') + w[i] + w.slice(i + 2); // two swapped
    }
  };
  const likeCase = (word, model) => (model[0] !== model[0].toLowerCase() ? word[0].toUpperCase() + word.slice(1) : word);
  const count = (text, kind) => {
    for (const w of text.toLowerCase().match(TERM) ?? []) {
      tokens++;
      if (!vocab.has(w)) { vocab.add(w); byKind[kind]++; }
    }
  };
  const rewrite = (text, script) => text.replace(WORD, (token) => {
    const lower = token.toLowerCase();
    const own = lane(script);
    let out = token;
    let kind = 'words';
    if (/^\d+$/.test(token)) {
      out = token.length === 4 ? String(1990 + Math.floor(random() * 36)) : String(Math.floor(random() * 10 ** token.length));
      kind = 'figures';
    } else if (!common.has(lower) && lower.length >= 3) {
      if (own.size < heaps(own.tokens + 1) && !(script === 'latin' && !vocab.has(lower))) {
        const w = invent(script);
        own.invented.push(w);
        own.size++;
        out = likeCase(w, token);
      } else if (own.invented.length && (script !== 'latin' || random() < REUSE_SHARE)) {
        out = likeCase(own.invented[Math.floor(own.invented.length ** random()) - 1], token);
      } else if (script !== 'latin') {
        out = transliterate(lower, script);
      }
      if (random() < 1 / MISSPELT && out.length >= 5) {
        out = misspell(out);
        kind = 'misspelt';
      }
      if (script !== 'latin' && kind === 'words') kind = 'scripts';
    } else if (script !== 'latin') {
      out = transliterate(lower, script);
      kind = 'scripts';
    }
    own.tokens += (out.match(TERM) ?? []).length;
    count(out, kind);
    return out;
  });
  const fd = openSync(out, 'w');
  let bytes = 0;
  // A pipe (`/dev/stdout | split-set.py`) takes part of a write, or none
  // when it is full (EAGAIN): write until all of it is taken.
  const write = (s) => {
    const buf = Buffer.from(s);
    for (let at = 0; at < buf.length;) {
      try {
        at += writeSync(fd, buf, at);
      } catch (e) {
        if (e.code !== 'EAGAIN') throw e;
      }
    }
    bytes += buf.length;
  };
  write('{"format":"broadsheet-article-set","version":1,"articles":[\n');
  const start = Date.UTC(2026, 0, 1);
  let day = -1;
  let times = [];
  for (let i = 0; i < n; i++) {
    // Newest first: each day's times drawn, then handed out latest first.
    if (Math.floor(i / PER_DAY) !== day) {
      day = Math.floor(i / PER_DAY);
      const left = Math.min(PER_DAY, n - i);
      times = Array.from({ length: left }, () => Math.floor(random() * 86400)).sort((x, y) => y - x);
    }
    const seconds = day * 86400 + (86400 - times[i - day * PER_DAY]);
    const published = new Date(start - seconds * 1000).toISOString().slice(0, 19);
    const a = pick(base);
    const script = random() < OTHER_SCRIPT_SHARE ? pick(Object.keys(SCRIPTS)) : 'latin';
    const paragraphs = [a.lead, ...(a.body ?? [])].filter(Boolean);
    const budget = ARTICLE_BYTES.min + random() * (ARTICLE_BYTES.max - ARTICLE_BYTES.min);
    let from = Math.floor(random() * Math.max(1, paragraphs.length - 2));
    const kept = [];
    let length = a.title.length;
    while (from < paragraphs.length && (kept.length === 0 || length < budget)) {
      kept.push(paragraphs[from]);
      length += paragraphs[from++].length;
    }
    const [lead, ...body] = kept.map((p) => rewrite(p, script));
    const article = {
      id: `news-${i}`,
      title: rewrite(a.title, script),
      published,
      lead,
      body,
      source: script === 'latin' ? a.source : `${a.source} (${script})`,
      ...(script === 'latin' && a.lang ? { lang: a.lang } : {}),
      ...(a.url ? { url: `${a.url.split('#')[0]}#copy-${i}` } : {}),
    };
    write((i ? ',\n' : '') + JSON.stringify(article));
  }
  write('\n]}\n');
  closeSync(fd);
  return { articles: n, bytes, tokens, vocabulary: vocab.size, byKind };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--fit') {
    const fit = fitHeaps();
    console.log(`the bundled set: ${fit.articles} articles, ${fit.tokens} tokens, ${fit.vocabulary} words; Heaps' law V = ${fit.k.toFixed(1)}·T^${fit.beta.toFixed(3)}`);
    process.exit(0);
  }
  const [n, out, seed] = args;
  if (!n || !out) {
    console.error('usage: node bench/vocabulary/gen-archive.mjs N OUT.json [SEED] | --fit');
    process.exit(2);
  }
  const t = Date.now();
  const made = writeArchive(Number(n), out, seed === undefined ? undefined : Number(seed));
  const k = made.byKind;
  // Into the pipe when the set goes to standard output: say it aside.
  (out === '/dev/stdout' ? console.error : console.log)(`${out}: ${made.articles} articles, ${made.bytes} bytes, ${made.tokens} tokens, vocabulary ${made.vocabulary} (words ${k.words}, other scripts ${k.scripts}, misspellings ${k.misspelt}, figures ${k.figures}) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}
