/**
 * Failure-memory speed and quality: LanceDB retrieval latency at growing sizes, the store's vector index and its
 * recall@5 against brute force on random unit vectors (the worst case for IVF) and on HashingEmbedder vectors of
 * generated failure texts (what the store really holds), at 384 dims (failure text only) and 640 dims (text + a
 * 256-dim edit-shape part, see failureCorpus.withEditShape), insert speed, the built-in store's brute force, and
 * HashingEmbedder throughput. Numbers only, no assertions. Run alone: `npx tsx test/bench/memory.bench.ts [sizes...]`.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { type FailureRecord, HashingEmbedder, JsonStore, LanceStore, loadLanceModules, type MemoryStore, type SearchFilter } from "../../agent-core/memory";
import { type EmbeddedCorpus, embeddedCorpus, isProvenRow, seededRandom, topKSimilarities } from "./failureCorpus";
import { RQ_BITS } from "../../agent-core/memory/lanceTuning";
import type { Goal, PlainResult } from "./table";

/** One print-ready benchmark row. */
export type MemoryBenchRow = PlainResult;

/** The failure memory's goals at 100k stored failures. */
const LATENCY_GOAL: Goal = { below: 5, text: "< 5 ms" };
const RECALL_GOAL: Goal = { above: 0.95 - 1e-9, text: ">= 0.95" };

/** Dims of the random-vector rows and of the failure-text part of the realistic ones. */
const DIM = 384;
/** Edit-shape dims the memory's vectors gain (384 + 256 = 640). */
const SHAPE_DIMS = 256;
const BATCH = 1000;
const QUERIES = 60;
const K = 5;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function row(name: string, samples: number[], unit: string, note?: string): MemoryBenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { name, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), unit, note };
}

/** Seeded uniform numbers in [-0.5, 0.5): the same data on every run. */
function rng(seed: number): () => number {
  const next = seededRandom(seed);
  return () => next() - 0.5;
}

/** `count` random unit vectors packed in one buffer. */
function unitVectors(count: number, seed: number, dim = DIM): Float32Array[] {
  const next = rng(seed);
  const data = new Float32Array(count * dim);
  const out: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const v = data.subarray(i * dim, (i + 1) * dim);
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      v[j] = next();
      norm += v[j] * v[j];
    }
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < dim; j++) v[j] *= inv;
    out.push(v);
  }
  return out;
}

function record(vector: Float32Array, i: number, errorText = `AssertionError: synthetic failure ${i}`, embedder = "hash-v1"): FailureRecord {
  return {
    id: randomUUID(),
    signature: `sig-${i % 997}`,
    contextHash: "ctx",
    errorText,
    testId: `bench > case ${i}`,
    language: "typescript",
    framework: "mocha",
    file: "src/bench.ts",
    codeContext: "",
    vector,
    embedder,
    dim: vector.length,
    createdAt: 0,
    lastSeenAt: 0,
    timesSeen: 1,
    timesUsed: 1,
    timesSucceeded: 1,
    fixPatch: "",
    // Two in three proven, so the proven-only filter of a real recall has rows to skip.
    fixSucceeded: isProvenRow(i),
    iterations: 1,
    tokens: 0,
  };
}

type Found = Array<Array<{ id: string; s: number }>>;

async function timeSearches(store: MemoryStore, queries: Float32Array[], k = K, filter?: SearchFilter): Promise<{ times: number[]; results: Found }> {
  for (const q of queries.slice(0, 3)) await store.search(q, k, filter);
  const times: number[] = [];
  const results: Found = [];
  for (const q of queries) {
    const t0 = performance.now();
    const hits = await store.search(q, k, filter);
    times.push(performance.now() - t0);
    results.push(hits.map((h) => ({ id: h.record.id, s: h.similarity })));
  }
  return { times, results };
}

/**
 * Share of the exact top-k that the search returned. A hit counts when it is as similar as the k-th true
 * neighbour (so equally similar rows, which the corpus has, are interchangeable); with `floor`, only true
 * neighbours at or above the floor are wanted.
 */
function recall(found: Found, truth: readonly Float64Array[], floor = -Infinity): number {
  let hit = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    const wanted = truth[i].filter((s) => s >= floor).length;
    const kth = truth[i][truth[i].length - 1];
    const good = found[i].filter((f) => f.s >= floor - 1e-4 && f.s >= kth - 1e-4).length;
    total += wanted;
    hit += Math.min(wanted, good);
  }
  return total ? hit / total : 1;
}

const FLOOR = 0.55;

/** Recall notes: random queries, near-duplicate queries, and neighbours above the recall floor (0.55). */
function recallNote(found: Found, truth: Float64Array[]): string {
  const half = QUERIES / 2;
  const random = recall(found.slice(0, half), truth.slice(0, half));
  const near = recall(found.slice(half), truth.slice(half));
  return `recall@5 random queries ${random.toFixed(2)}, near-duplicate ${near.toFixed(2)}, above floor ${recall(found, truth, FLOOR).toFixed(2)}`;
}

/** Queries half random, half near an existing row (a recurring failure), so recall covers both cases. */
function makeQueries(data: Float32Array[]): Float32Array[] {
  const random = unitVectors(QUERIES / 2, 99);
  const next = rng(7);
  const near = Array.from({ length: QUERIES / 2 }, (_, i) => {
    const base = data[Math.floor((i * 7919) % data.length)];
    const v = Float32Array.from(base, (x) => x + next() * 0.05);
    const inv = 1 / Math.hypot(...v);
    return v.map((x) => x * inv);
  });
  return [...random, ...near];
}

async function openBenchStore(dir: string, embedder: string, dim = DIM): Promise<LanceStore> {
  const modules = await loadLanceModules();
  return LanceStore.open({ dir, embedder, dim, ...modules, tuning: { indexThreshold: Infinity, optimizeEvery: 1e9, batchSize: BATCH } });
}

/** Insert in batches of 1,000 (one commit each), then compact; returns per-batch times and the optimize time. */
async function fill(store: LanceStore, data: Float32Array[], texts?: string[]): Promise<{ insertTimes: number[]; optimizeMs: number }> {
  const insertTimes: number[] = [];
  for (let start = 0; start < data.length; start += BATCH) {
    const batch = data.slice(start, start + BATCH).map((v, j) => record(v, start + j, texts?.[start + j], store.embedder));
    const t0 = performance.now();
    await store.add(batch);
    await store.flush();
    insertTimes.push(performance.now() - t0);
  }
  // The store compacts in the background every 200 commits; do it now so fragments do not skew search.
  const o0 = performance.now();
  await store.optimize();
  return { insertTimes, optimizeMs: performance.now() - o0 };
}

/** Build the store's default index (as its background maintenance would) and time it. */
async function buildIndex(store: LanceStore): Promise<string> {
  const t0 = performance.now();
  await store.createIndex();
  const { nprobes, refineFactor } = store.tuning;
  return `${store.partitions} partitions, nprobes ${nprobes}, refineFactor ${refineFactor}, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

const INDEX = "IVF_RQ";

async function benchSize(size: number, withIndex: boolean, rows: MemoryBenchRow[]): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "greenloop-membench-"));
  const store = await openBenchStore(dir, "hash-v1");
  try {
    const data = unitVectors(size, size);
    const { insertTimes, optimizeMs } = await fill(store, data);
    const totalInsert = insertTimes.reduce((a, b) => a + b, 0);
    rows.push(row(`lancedb insert, ${fmt(size)} rows`, insertTimes, "ms/1k rows", `${Math.round((size / totalInsert) * 1000)} rows/s`));

    const queries = makeQueries(data);
    const flat = await timeSearches(store, queries);
    const truth = queries.map((q) => topKSimilarities(data, q, K));
    rows.push(row(`lancedb search k=5, ${fmt(size)} rows, no index`, flat.times, "ms", `${recallNote(flat.results, truth)}; optimize ${Math.round(optimizeMs)} ms`));

    if (withIndex) {
      const built = await buildIndex(store);
      const indexed = await timeSearches(store, queries);
      const all = round3(recall(indexed.results, truth));
      rows.push(
        row(`lancedb search k=5, ${short(size)} random, ${INDEX}`, indexed.times, "ms", `${INDEX} cosine ${RQ_BITS}-bit, ${built}`),
        { name: `recall@5 vs brute force, ${short(size)} random`, p50: all, p95: all, unit: "ratio", note: recallNote(indexed.results, truth) },
      );
    }
    if (size <= 10_000) {
      const json = await JsonStore.open({ embedder: "hash-v1", dim: DIM });
      await json.add(data.map((v, i) => record(v, i)));
      rows.push(row(`builtin store brute-force search, ${fmt(size)} rows`, (await timeSearches(json, queries)).times, "ms"));
      await json.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const CACHE_DIR = path.resolve(__dirname, "../../test-artifacts/bench/memory-corpus");

/** The first five hits of each query, for recall@5 of a k=10 search. */
const top5 = (found: Found): Found => found.map((hits) => hits.slice(0, K));

/**
 * The store's real content: HashingEmbedder vectors of generated failures, queried with other failures; with
 * `shapeDims`, each vector also has the edit-shape part (failureCorpus.withEditShape) and the proven-only search
 * is also run with queries whose shape part is zero (a failure with no recent change).
 */
async function benchRealistic(size: number, shapeDims: number, rows: MemoryBenchRow[]): Promise<void> {
  const t0 = performance.now();
  const corpus: EmbeddedCorpus = embeddedCorpus(size, QUERIES, K, CACHE_DIR, shapeDims);
  const prepared = `${corpus.cached ? "cached" : "embedded"} in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const dir = mkdtempSync(path.join(tmpdir(), "greenloop-membench-"));
  const store = await openBenchStore(dir, corpus.embedder, corpus.dim);
  try {
    await fill(store, corpus.vectors, corpus.texts);
    const label = `${short(size)} failures, ${corpus.dim} dims`;
    // The goals are the store's: its vectors always carry the edit-shape part.
    const goals = shapeDims > 0;
    const flat = await timeSearches(store, corpus.queries);
    rows.push(row(`lancedb search k=5, ${label}, no index`, flat.times, "ms", `recall@5 ${recall(flat.results, corpus.truth).toFixed(2)}; corpus ${prepared}`));

    const built = await buildIndex(store);
    const indexed = await timeSearches(store, corpus.queries);
    const all = round3(recall(indexed.results, corpus.truth));
    const above = recall(indexed.results, corpus.truth, FLOOR).toFixed(2);
    const proven = await timeSearches(store, corpus.queries, 10, { provenOnly: true });
    const provenRecall = recall(top5(proven.results), corpus.provenTruth).toFixed(2);
    rows.push(
      row(`lancedb search k=5, ${label}, ${INDEX}`, indexed.times, "ms", `${INDEX} cosine ${RQ_BITS}-bit, ${built}`),
      { name: `recall@5 vs brute force, ${label}`, p50: all, p95: all, unit: "ratio", note: `${corpus.embedder} vectors; ${QUERIES} held-out failures as queries; above floor ${above}`, goal: goals ? RECALL_GOAL : undefined },
      { ...row(`search k=10 proven only, ${label}, ${INDEX}`, proven.times, "ms", `what FailureMemory.recall asks (fix_succeeded prefilter); recall@5 ${provenRecall}`), goal: goals ? LATENCY_GOAL : undefined },
    );
    if (shapeDims > 0) {
      const textOnly = await timeSearches(store, corpus.textQueries, 10, { provenOnly: true });
      const textRecall = recall(top5(textOnly.results), corpus.textProvenTruth).toFixed(2);
      rows.push({ ...row(`search k=10 proven only, ${label}, no edit part`, textOnly.times, "ms", `queries with a zero edit-shape part; recall@5 ${textRecall}`), goal: LATENCY_GOAL });
      rows.push(...(await floorRows(store, dir, corpus.queries, label)));
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * LanceDB's own floor on this machine: a vector query on the same table and index probing one partition for
 * 10 ids, with no filter, re-ranking or row read. Timed alternately with the store's proven-only search, so
 * both see the same machine load and their ratio holds when the absolute times drift with it.
 */
async function floorRows(store: LanceStore, dir: string, queries: Float32Array[], label: string): Promise<MemoryBenchRow[]> {
  const { lance } = await loadLanceModules();
  const db = await lance.connect(dir);
  try {
    const table = await db.openTable(store.tableName);
    const floor = (q: Float32Array) => table.vectorSearch(q).distanceType("cosine").nprobes(1).limit(10).select(["id"]).toArray();
    for (const q of queries.slice(0, 3)) await floor(q);
    const ours: number[] = [];
    const base: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const q of queries) {
        const t0 = performance.now();
        await store.search(q, 10, { provenOnly: true });
        const t1 = performance.now();
        await floor(q);
        const t2 = performance.now();
        ours.push(t1 - t0);
        base.push(t2 - t1);
        ratios.push((t1 - t0) / (t2 - t1));
      }
    }
    return [
      row(`LanceDB floor: 1 probe, 10 ids, ${label}`, base, "ms", "same table and index; no filter, re-ranking or row read"),
      row(`search k=10 proven only / LanceDB floor`, ratios, "ratio", `per query, timed alternately (search p50 ${row("", ours, "").p50} ms here)`),
    ];
  } finally {
    db.close();
  }
}

function benchEmbedder(rows: MemoryBenchRow[]): void {
  const embedder = new HashingEmbedder();
  const samples = [
    "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n3 !== 5\n\n    at Context.<anonymous> (/work/x/test/add.test.ts:10:12)",
    "src/math.ts(12,5): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
    "TypeError: Cannot read properties of undefined (reading 'length')\n    at parseItems (/work/x/src/parse.ts:33:20)\n    at Object.<anonymous> (/work/x/src/index.ts:4:1)",
    "E       AssertionError: assert add(2, 3) == 5\nE        +  where -1 = add(2, 3)\ntests/test_math.py:4: AssertionError",
  ];
  const perString: number[] = [];
  for (let round = 0; round < 200; round++) {
    const texts = samples.map((s) => `${s} #${round}`);
    const t0 = performance.now();
    for (let rep = 0; rep < 25; rep++) for (const t of texts) embedder.embedOne(t);
    perString.push(((performance.now() - t0) * 1000) / (25 * texts.length));
  }
  const avgChars = Math.round(samples.reduce((n, s) => n + s.length, 0) / samples.length);
  rows.push(row("HashingEmbedder, one error string", perString, "µs", `~${avgChars} chars, 384 dims`));
}

const fmt = (n: number) => n.toLocaleString("en-US");
const short = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : fmt(n));
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Run the memory benchmarks; sizes default to 1k, 10k and 100k rows (index and realistic corpus at 100k). */
export async function benchMemory(opts: { sizes?: number[] } = {}): Promise<MemoryBenchRow[]> {
  process.env.LANCEDB_LOG ??= "error";
  const sizes = opts.sizes ?? [1_000, 10_000, 100_000];
  const rows: MemoryBenchRow[] = [];
  benchEmbedder(rows);
  for (const size of sizes) await benchSize(size, size >= 100_000, rows);
  if (Math.max(...sizes) >= 100_000) {
    await benchRealistic(100_000, 0, rows);
    await benchRealistic(100_000, SHAPE_DIMS, rows);
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
    rows.push({ name: "process RSS after the 100k searches", p50: rss, p95: rss, unit: "MB", note: "includes the benchmark's own copies of the datasets" });
  }
  return rows;
}

if (process.argv[1]?.endsWith("memory.bench.ts")) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const t0 = performance.now();
  benchMemory(sizes.length ? { sizes } : {}).then(
    (rows) => {
      console.table(rows);
      console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
