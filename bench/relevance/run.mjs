// The relevance benchmark (issue 16): Broadsheet's search in relevance
// order against MiniSearch, Orama and Pagefind on public test collections
// with human judgments, scored by nDCG@10, P@10 and MRR. One run converts
// the collections, runs every engine on each, prints Markdown tables and
// writes results.json.
//
//   ./dev bench relevance [--engines broadsheet,minisearch,orama,pagefind] [--out FILE]
//   (RELEVANCE_DATA: the collections, default /work/relevance-data;
//    RELEVANCE_WORK: the converted files, default $TMPDIR/broadsheet-relevance)
//
// README.md beside this file says where the collections come from.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { wordStatsOf } from '../browser/lib.mjs';
import { convertAll, DEFAULT_DATA, DEFAULT_WORK } from './convert.mjs';
import { isJudged, scoreRun } from './metrics.mjs';
import * as broadsheet from './engines/broadsheet.mjs';
import * as minisearch from './engines/minisearch.mjs';
import * as orama from './engines/orama.mjs';
import * as pagefind from './engines/pagefind.mjs';

const ENGINES = { broadsheet, minisearch, orama, pagefind };
const HERE = fileURLToPath(new URL('.', import.meta.url));

const { values: opt } = parseArgs({
  options: {
    engines: { type: 'string', default: process.env.ENGINES || Object.keys(ENGINES).join(',') },
    out: { type: 'string', default: join(HERE, 'results.json') },
  },
});
const engines = opt.engines.split(',').map((key) => {
  if (!ENGINES[key]) throw new Error(`unknown engine ${key} (${Object.keys(ENGINES).join(', ')})`);
  return [key, ENGINES[key]];
});

const log = (...args) => console.error('[relevance]', ...args);
const f3 = (x) => x.toFixed(3);

const { converted, missing } = convertAll(DEFAULT_DATA, DEFAULT_WORK);
for (const m of missing) log(`missing collection, skipped: ${m} (see bench/relevance/README.md)`);
if (!converted.length) {
  log(`no collection found in ${DEFAULT_DATA}`);
  process.exit(1);
}

const results = [];
let failed = false;
for (const c of converted) {
  const text = readFileSync(c.setPath, 'utf8');
  const queries = JSON.parse(readFileSync(c.queriesPath, 'utf8'));
  const row = {
    collection: c.name,
    lang: c.lang,
    docs: JSON.parse(text).articles.length,
    bytes: statSync(c.setPath).size,
    vocabulary: wordStatsOf(text).vocabulary,
    queries: queries.length,
    judged: Object.values(c.qrels).filter(isJudged).length,
    notes: c.notes,
    engines: {},
  };
  for (const [key, engine] of engines) {
    const started = performance.now();
    try {
      const runs = await engine.run(c);
      const docsOf = new Map([...runs].map(([id, r]) => [id, r.docs]));
      const score = scoreRun(docsOf, c.qrels);
      const perQuery = Object.fromEntries(Object.entries(score.perQuery)
        .map(([id, s]) => [id, { ...s, matches: runs.get(id)?.matches ?? 0, top: docsOf.get(id)?.slice(0, 10) ?? [] }]));
      row.engines[key] = {
        name: engine.name, version: engine.version(), config: engine.config,
        ndcg: score.ndcg, p: score.p, mrr: score.mrr,
        // Judged queries the engine answered with nothing.
        empty: Object.keys(perQuery).filter((id) => perQuery[id].matches === 0),
        seconds: (performance.now() - started) / 1000,
        perQuery,
      };
      log(`${c.name} ${engine.name}: nDCG@10 ${f3(score.ndcg)}, P@10 ${f3(score.p)}, MRR ${f3(score.mrr)} `
        + `(${row.engines[key].empty.length} of ${score.queries} judged queries with no result)`);
    } catch (e) {
      failed = true;
      row.engines[key] = { name: engine.name, error: String(e.message || e).split('\n')[0] };
      log(`${c.name} ${engine.name} failed: ${e.stack || e}`);
    }
  }
  results.push(row);
}

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: HERE, encoding: 'utf8' }).trim();
const run = { date: new Date().toISOString(), commit, collections: results };
writeFileSync(opt.out, `${JSON.stringify(run, null, 1)}\n`);
log(`wrote ${opt.out}`);
console.log(markdown(results));
process.exit(failed ? 1 : 0);

/** The summary table, then each engine's empty answers. */
function markdown(rows) {
  const names = engines.map(([, e]) => e.name);
  const lines = [
    `| collection | docs | bytes | vocabulary | queries judged | ${names.map((n) => `${n} nDCG@10 / P@10 / MRR`).join(' | ')} |`,
    `|---|--:|--:|--:|--:|${names.map(() => '---|').join('')}`,
  ];
  for (const r of rows) {
    const cells = engines.map(([key]) => {
      const e = r.engines[key];
      return e.error ? `failed: ${e.error}` : `${f3(e.ndcg)} / ${f3(e.p)} / ${f3(e.mrr)}`;
    });
    lines.push(`| ${r.collection} (${r.lang}) | ${r.docs.toLocaleString('en')} | ${r.bytes.toLocaleString('en')} | `
      + `${r.vocabulary.toLocaleString('en')} | ${r.judged} of ${r.queries} | ${cells.join(' | ')} |`);
  }
  lines.push('', '| collection | engine | version | judged queries with no result |', '|---|---|---|---|');
  for (const r of rows) {
    for (const [key] of engines) {
      const e = r.engines[key];
      if (e.error) continue;
      const ids = e.empty.length ? ` (${e.empty.join(', ')})` : '';
      lines.push(`| ${r.collection} | ${e.name} | ${e.version} | ${e.empty.length} of ${r.judged}${ids} |`);
    }
  }
  return lines.join('\n');
}
