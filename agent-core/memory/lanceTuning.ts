/**
 * Tuning of the LanceDB store: defaults measured at 100k failures, index sizing and naming, and the retry
 * of commits that lost a race with another writer.
 */
/** Tuning knobs; the defaults suit one developer's failure history. */
export interface LanceStoreTuning {
  /** Flush when this many records are queued. */
  batchSize: number;
  /** Flush queued records after this long. */
  flushDelayMs: number;
  /** Compact fragments after this many commits (each add/update/delete is one commit). */
  optimizeEvery: number;
  /** Build the vector index once the table has this many rows. */
  indexThreshold: number;
  /** IVF partitions probed per query once indexed (more = better recall, slower). */
  nprobes: number;
  /** The index's k × refineFactor best candidates are re-ranked by their exact vectors (also makes distances exact). */
  refineFactor: number;
}

// Measured at 100k failures (test/bench/memory.bench.ts, docs/BENCHMARKS.md), 640 dims (384 failure text + 256
// edit shape), k=10 proven-only as FailureMemory.recall asks, 2-core machine with other work running:
// - IVF_FLAT (this store's index at 384 dims) needed 48-64 of 316 probes for recall@5 ≥ 0.95 here (16 gave
//   0.57-0.78): the edit-shape part spreads the clusters. Scanning 15-20k float vectors made it 9-14 ms.
// - IVF_RQ estimates cosine distance as 2 × (1 - similarity), off by up to 0.012 in similarity with 4-bit codes
//   (0.005 with 6 bits, 0.003 with 8), so the index's best candidates are re-ranked by their exact vectors
//   (refineFactor), which also makes the distances exact. 4-bit codes, 96 probes and the best 30 re-ranked
//   (refineFactor 3) gave 0.98-0.99 on both kinds of query and build in 5 s. 6-bit codes with the best 10
//   re-ranked at 80 probes were 0.6-0.7 ms faster in the same processes, but recall varied 0.94-0.98 between
//   builds and the build took 7.5-8.5 s (8-bit: 21 s); 1-bit codes found 0.2-0.3 without an edit part.
// - IVF_PQ took 88 s to build and reached 0.94; IVF_HNSW_SQ took 74 s (one partition) and was no faster.
// - What is left is LanceDB's fixed cost per query: planning ~1 ms, a 1-probe search for 10 ids ~2.5 ms in all,
//   the prefilter on fix_succeeded ~0.5 ms, re-reading 30 vectors ~1 ms, the hits' SEARCH_BLOB ~0.4 ms.
export const DEFAULT_TUNING: LanceStoreTuning = { batchSize: 64, flushDelayMs: 200, optimizeEvery: 200, indexThreshold: 5000, nprobes: 96, refineFactor: 3 };

const MIN_PARTITIONS = 16;
export const MAX_PARTITIONS = 512;
// k-means trains on sampleRate × partitions vectors; 64 instead of LanceDB's 256 cut the build at 100k rows
// from 8-17 s to 2-4 s with the same recall (384 dims); 256 at 640 dims took 20 s for +0.02-0.03 recall.
export const SAMPLE_RATE = 64;
export const RQ_BITS = 4;
// Indexes named otherwise (the IVF_FLAT ones of earlier versions) count as unknown shape and are retrained once.
export const INDEX_NAME_PREFIX = "vector_ivf_rq4_p";
export const PROVEN_INDEX_NAME = "fix_succeeded_bitmap";
// Lance file format for new tables. Reading a few whole rows back (what every search does) measured ~2.5 ms
// faster at 100k rows with 2.1 than with the default 2.2; tables created earlier keep their format.
export const NEW_TABLE_STORAGE = { new_table_data_storage_version: "2.1" };

/** IVF partitions for a table of `rows`: about √rows (LanceDB's own rule), clamped to 16..512. */
export function ivfPartitionsFor(rows: number): number {
  return Math.max(MIN_PARTITIONS, Math.min(MAX_PARTITIONS, Math.round(Math.sqrt(Math.max(0, rows)))));
}

/**
 * Whether the vector index should be (re)built: none yet and `rows` reached the threshold, or the table grew
 * so much that √rows is twice the index's partitions (about 4× the rows it was trained on). New rows join the
 * existing partitions on optimize, so without retraining the partitions would only get bigger and slower.
 * `partitions` is 0 for no index and -1 for an index of unknown shape (an older store), which is retrained once.
 */
export function needsVectorIndex(rows: number, partitions: number, threshold: number): boolean {
  if (rows < threshold) return false;
  if (partitions === 0 || partitions === -1) return true;
  return partitions < MAX_PARTITIONS && ivfPartitionsFor(rows) >= 2 * partitions;
}

/** Partitions encoded in an index name written by createIndex; -1 for any other name. */
export function partitionsFromName(name: string): number {
  const n = name.startsWith(INDEX_NAME_PREFIX) ? Number(name.slice(INDEX_NAME_PREFIX.length)) : Number.NaN;
  return Number.isInteger(n) && n > 0 ? n : -1;
}

export const RETRIES = 6;

/** LanceDB's optimistic commits can lose a race with another writer; those errors are safe to retry. */
export async function withRetry<T>(task: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (err) {
      const retryable = /conflict|retryable|concurrent|commit/i.test(String(err));
      if (!retryable || attempt >= RETRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 20));
    }
  }
}
