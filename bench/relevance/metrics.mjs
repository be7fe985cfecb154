// The scores of a ranking against human judgments, as trec_eval computes
// them: nDCG@10 (gain = the judged grade, discount log2(rank + 1), the ideal
// ranking from all judged documents), P@10, and the reciprocal rank of the
// first relevant document (0 when none is returned). A query with no
// results scores 0 on each.

export const CUTOFF = 10;

/** { ndcg, p, rr } of `ranked` (doc ids, best first) for `judged` ({ docId: grade }). */
export function scoreQuery(ranked, judged) {
  const grade = (id) => Math.max(0, judged[id] ?? 0);
  const top = ranked.slice(0, CUTOFF);
  const dcg = (grades) => grades.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  const ideal = dcg(Object.values(judged).filter((g) => g > 0).sort((a, b) => b - a).slice(0, CUTOFF));
  const first = ranked.findIndex((id) => grade(id) > 0);
  return {
    ndcg: ideal > 0 ? dcg(top.map(grade)) / ideal : 0,
    p: top.filter((id) => grade(id) > 0).length / CUTOFF,
    rr: first < 0 ? 0 : 1 / (first + 1),
  };
}

/** Whether a query counts: it has at least one relevant document. */
export const isJudged = (judged) => Object.values(judged ?? {}).some((g) => g > 0);

/**
 * The means over the judged queries of `runs` (Map queryId → doc ids), and
 * each query's scores. A judged query missing from `runs` scores 0.
 */
export function scoreRun(runs, qrels) {
  const perQuery = {};
  for (const [query, judged] of Object.entries(qrels)) {
    if (isJudged(judged)) perQuery[query] = scoreQuery(runs.get(query) ?? [], judged);
  }
  const scores = Object.values(perQuery);
  const mean = (key) => scores.reduce((sum, s) => sum + s[key], 0) / scores.length;
  return { queries: scores.length, ndcg: mean('ndcg'), p: mean('p'), mrr: mean('rr'), perQuery };
}
