/** Retrieval metrics over labeled queries: pure functions, so their arithmetic can be tested on its own. */

/** One query's label and the labels of the hits recall returned (undefined: a hit with no known label). */
export interface ScoredQuery {
  bugClass: string;
  hitClasses: Array<string | undefined>;
}

/** Retrieval quality of a group of queries. */
export interface RetrievalScores {
  queries: number;
  /** Mean over queries with at least one hit of (correct hits in the top k) / (hits returned in the top k). */
  precisionAtK: number;
  /** Share of all queries with at least one correct hit in the top k. */
  recallAtK: number;
  /** Share of all queries where nothing cleared the similarity floor. */
  zeroHitShare: number;
  /** Mean hits returned per query. */
  meanHits: number;
  /** Hits shown in the top k over all queries, and the share of them of the query's class (right). */
  shown: number;
  shownPrecision: number;
}

/** Scores `queries` at cut-off `k` (3 by default). Unlabeled hits count as misses. */
export function scoreQueries(queries: readonly ScoredQuery[], k = 3): RetrievalScores {
  let precisionSum = 0;
  let withHits = 0;
  let recalled = 0;
  let hitCount = 0;
  let right = 0;
  for (const query of queries) {
    const top = query.hitClasses.slice(0, k);
    hitCount += top.length;
    if (top.length === 0) continue;
    const correct = top.filter((c) => c !== undefined && c === query.bugClass).length;
    withHits++;
    right += correct;
    precisionSum += correct / top.length;
    if (correct > 0) recalled++;
  }
  const n = queries.length;
  return {
    queries: n,
    precisionAtK: withHits ? precisionSum / withHits : 0,
    recallAtK: n ? recalled / n : 0,
    zeroHitShare: n ? (n - withHits) / n : 0,
    meanHits: n ? hitCount / n : 0,
    shown: hitCount,
    shownPrecision: hitCount ? right / hitCount : 0,
  };
}

/** Scores per group (language, class, …), groups sorted by name. */
export function scoreBy<T extends ScoredQuery>(
  queries: readonly T[],
  groupOf: (q: T) => string,
  k = 3,
): Array<[string, RetrievalScores]> {
  const groups = new Map<string, T[]>();
  for (const q of queries) groups.set(groupOf(q), [...(groups.get(groupOf(q)) ?? []), q]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, members]) => [name, scoreQueries(members, k)]);
}
