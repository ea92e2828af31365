/**
 * Failure-memory speed and quality: LanceDB retrieval latency at growing sizes, IVF_FLAT recall@5 against
 * brute force, insert speed, the built-in store's brute force, and HashingEmbedder throughput.
 * Numbers only, no assertions. Run alone: `npx tsx test/bench/memory.bench.ts [sizes...]`.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { type FailureRecord, HashingEmbedder, JsonStore, LanceStore, loadLanceModules, type MemoryStore } from "../../agent-core/memory";

/** One print-ready benchmark row. */
export interface MemoryBenchRow {
  name: string;
  p50: number;
  p95: number;
  unit: string;
  note?: string;
}

const DIM = 384;
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

/** Seeded uniform numbers in [-0.5, 0.5) (mulberry32): the same data on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

/** `count` random unit vectors packed in one buffer. */
function unitVectors(count: number, seed: number): Float32Array[] {
  const next = rng(seed);
  const data = new Float32Array(count * DIM);
  const out: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const v = data.subarray(i * DIM, (i + 1) * DIM);
    let norm = 0;
    for (let j = 0; j < DIM; j++) {
      v[j] = next();
      norm += v[j] * v[j];
    }
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < DIM; j++) v[j] *= inv;
    out.push(v);
  }
  return out;
}

function record(vector: Float32Array, i: number): FailureRecord {
  return {
    id: randomUUID(),
    signature: `sig-${i % 997}`,
    contextHash: "ctx",
    errorText: `AssertionError: synthetic failure ${i}`,
    testId: `bench > case ${i}`,
    language: "typescript",
    framework: "mocha",
    file: "src/bench.ts",
    codeContext: "",
    vector,
    embedder: "hash-v1",
    dim: DIM,
    createdAt: 0,
    lastSeenAt: 0,
    timesSeen: 1,
    timesUsed: 1,
    timesSucceeded: 1,
    fixPatch: "",
    fixSucceeded: true,
    iterations: 1,
    tokens: 0,
  };
}

/** Exact top-k by dot product (vectors are unit length). */
function bruteForceTopK(data: Float32Array[], ids: string[], query: Float32Array, k: number): Array<{ id: string; s: number }> {
  const best: Array<{ id: string; s: number }> = [];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    let s = 0;
    for (let j = 0; j < DIM; j++) s += v[j] * query[j];
    if (best.length < k || s > best[best.length - 1].s) {
      best.push({ id: ids[i], s });
      best.sort((a, b) => b.s - a.s);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

async function timeSearches(store: MemoryStore, queries: Float32Array[]): Promise<{ times: number[]; results: string[][] }> {
  for (const q of queries.slice(0, 3)) await store.search(q, K);
  const times: number[] = [];
  const results: string[][] = [];
  for (const q of queries) {
    const t0 = performance.now();
    const hits = await store.search(q, K);
    times.push(performance.now() - t0);
    results.push(hits.map((h) => h.record.id));
  }
  return { times, results };
}

type Truth = Array<{ id: string; s: number }>;

/** Share of the true top-k (optionally only those at or above `floor`) that the search returned. */
function recall(found: string[][], truth: Truth[], floor = -Infinity): number {
  let hit = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    const wanted = truth[i].filter((t) => t.s >= floor);
    total += wanted.length;
    hit += wanted.filter((t) => found[i].includes(t.id)).length;
  }
  return total ? hit / total : 1;
}

/** Recall notes: random queries, near-duplicate queries, and neighbours above the recall floor (0.55). */
function recallNote(found: string[][], truth: Truth[]): string {
  const half = QUERIES / 2;
  const random = recall(found.slice(0, half), truth.slice(0, half));
  const near = recall(found.slice(half), truth.slice(half));
  return `recall@5 random ${random.toFixed(2)}, near-duplicate ${near.toFixed(2)}, above floor ${recall(found, truth, 0.55).toFixed(2)}`;
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

async function benchSize(size: number, indexAt: number, rows: MemoryBenchRow[]): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "greenloop-membench-"));
  const modules = await loadLanceModules();
  const store = await LanceStore.open({ dir, embedder: "hash-v1", dim: DIM, ...modules, tuning: { indexThreshold: Infinity, optimizeEvery: 1e9, batchSize: BATCH } });
  try {
    const data = unitVectors(size, size);
    const ids: string[] = [];
    const insertTimes: number[] = [];
    for (let start = 0; start < size; start += BATCH) {
      const batch = data.slice(start, start + BATCH).map((v, j) => record(v, start + j));
      for (const r of batch) ids.push(r.id);
      const t0 = performance.now();
      await store.add(batch);
      await store.flush();
      insertTimes.push(performance.now() - t0);
    }
    const totalInsert = insertTimes.reduce((a, b) => a + b, 0);
    rows.push(row(`lancedb insert, ${fmt(size)} rows`, insertTimes, "ms/1k rows", `${Math.round((size / totalInsert) * 1000)} rows/s`));

    // The store compacts in the background every 200 commits; do it now so fragments do not skew search.
    const o0 = performance.now();
    await store.optimize();
    const optimizeMs = performance.now() - o0;

    const queries = makeQueries(data);
    const flat = await timeSearches(store, queries);
    const truth = queries.map((q) => bruteForceTopK(data, ids, q, K));
    rows.push(row(`lancedb search k=5, ${fmt(size)} rows, no index`, flat.times, "ms", `${recallNote(flat.results, truth)}; optimize ${Math.round(optimizeMs)} ms`));

    if (size >= indexAt) {
      const t0 = performance.now();
      await store.createIndex();
      const buildMs = performance.now() - t0;
      const indexed = await timeSearches(store, queries);
      const all = round3(recall(indexed.results, truth));
      rows.push(
        row(`lancedb search k=5, ${fmt(size)} rows, IVF_FLAT cosine`, indexed.times, "ms", `index built in ${(buildMs / 1000).toFixed(1)} s; nprobes 32`),
        { name: `recall@5 vs brute force, ${fmt(size)} rows, IVF_FLAT`, p50: all, p95: all, unit: "ratio", note: recallNote(indexed.results, truth) },
      );
    }
    if (size <= 10_000) {
      const json = await JsonStore.open({ embedder: "hash-v1", dim: DIM });
      await json.add(data.map((v, i) => ({ ...record(v, i), id: ids[i] })));
      rows.push(row(`builtin store brute-force search, ${fmt(size)} rows`, (await timeSearches(json, queries)).times, "ms"));
      await json.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
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
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Run the memory benchmarks; sizes default to 1k, 10k and 100k rows (index built at 100k). */
export async function benchMemory(opts: { sizes?: number[] } = {}): Promise<MemoryBenchRow[]> {
  process.env.LANCEDB_LOG ??= "error";
  const sizes = opts.sizes ?? [1_000, 10_000, 100_000];
  const rows: MemoryBenchRow[] = [];
  benchEmbedder(rows);
  for (const size of sizes) await benchSize(size, Math.max(...sizes, 100_000) === size ? size : Infinity, rows);
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
