/**
 * Failure-memory cost against the loop's iteration: the wall time of one real iteration (instant model, real
 * `node --test` run), then at 1k/10k/50k stored failures (HashingEmbedder vectors of generated failures with a
 * 256-dim edit-shape part, 640 dims as the memory stores them): a flat cosine search in plain JS, and
 * FailureMemory.recall on the LanceDB store (flat below INDEX_FROM, LanceDB's default IVF index from there),
 * with the store's recall@5 against brute force. Numbers only, no assertions.
 * Run alone: `npx tsx test/bench/memory.bench.ts [sizes...]`.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { runFixLoop } from "../../agent-core/loop/runLoop";
import {
  FailureMemory,
  type FailureRecord,
  HashingEmbedder,
  INDEX_FROM,
  LanceStore,
  loadLanceModules,
  storedSpaceName,
} from "../../agent-core/memory";
import { ProcessTestExecutor } from "../../agent-core/node/processExecutor";
import { NodeWorkspaceFiles } from "../../agent-core/node/workspaceFiles";
import type { FailureQuery } from "../../agent-core/ports";
import { type EmbeddedCorpus, embeddedCorpus, failureTexts, isProvenRow } from "./failureCorpus";
import { createLoopProject, InstantModel, loopTestCommand, PortTimer, TARGET_FILE } from "./loopFixture";
import type { PlainResult } from "./table";

/** One print-ready benchmark row. */
export type MemoryBenchRow = PlainResult;

const SHAPE_DIMS = 256;
const QUERIES = 60;
const K = 10;
const BATCH = 1000;
const CACHE_DIR = path.resolve(__dirname, "../../test-artifacts/bench/memory-corpus");

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function row(name: string, samples: number[], unit: string, note?: string): MemoryBenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { name, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), unit, note };
}

const p50 = (samples: number[]) =>
  percentile(
    [...samples].sort((a, b) => a - b),
    50,
  );
const short = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
const share = (ms: number, iterationMs: number) => `${((100 * ms) / iterationMs).toFixed(2)}% of an iteration`;

/**
 * Wall time of one loop iteration with an instant model and the real test run (between iteration-started
 * events): the floor of a real iteration, which adds the model's answer (seconds) on top.
 */
async function iterationWallMs(iterations = 6): Promise<number[]> {
  const root = mkdtempSync(path.join(tmpdir(), "greenloop-iterbench-"));
  try {
    await createLoopProject(root);
    const started: number[] = [];
    await runFixLoop(
      {
        workspace: root,
        targetFile: TARGET_FILE,
        maxIterations: iterations + 1,
        stuckAfter: 1000,
        approval: "auto-all",
        test: loopTestCommand(root),
        memory: { enabled: false, replay: false },
      },
      {
        files: new NodeWorkspaceFiles(root),
        tests: new ProcessTestExecutor(),
        model: new InstantModel(new PortTimer()),
        approve: async (r) => ({
          files: r.files.map((f) => ({ path: f.path, acceptedHunks: f.hunks.map((_, i) => i) })),
        }),
        onEvent: (event) => {
          if (event.type === "iteration-started") started.push(performance.now());
        },
      },
    );
    // The first iteration also carries module loading; the last has no following start.
    return started
      .slice(1)
      .map((t, i) => t - started[i])
      .slice(1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The flat search the store replaces: cosine of the query with every row in plain JS, best k. */
function jsFlat(matrix: Float32Array, dim: number, query: Float32Array, k: number): number[] {
  const rows = matrix.length / dim;
  const scores = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    let norm = 0;
    for (let j = 0, at = r * dim; j < dim; j++, at++) {
      dot += matrix[at] * query[j];
      norm += matrix[at] * matrix[at];
    }
    scores[r] = dot / Math.sqrt(norm);
  }
  return Array.from(scores)
    .sort((a, b) => b - a)
    .slice(0, k);
}

function record(corpus: EmbeddedCorpus, i: number, embedder: string): FailureRecord {
  const fix = `src/m${i % 50}.js\n<<<<<<< SEARCH\n  return x < ${i};\n=======\n  return x <= ${i};\n>>>>>>> REPLACE`;
  return {
    id: randomUUID(),
    signature: `key-${i}`,
    project: `named:bench-${i % 20}`,
    projectName: `bench-${i % 20}`,
    errorText: corpus.texts[i].slice(0, 2000),
    testId: `bench > case ${i}`,
    language: "javascript",
    framework: "node",
    file: `src/m${i % 50}.js`,
    codeContext: "",
    vector: corpus.vectors[i],
    embedder,
    dim: corpus.dim,
    createdAt: 0,
    lastSeenAt: 0,
    timesSeen: 1,
    timesUsed: 1,
    timesSucceeded: 1,
    fixPatch: isProvenRow(i) ? fix : "",
    fixSucceeded: isProvenRow(i),
    iterations: 1,
    tokens: 0,
  };
}

/** Share of the exact proven-only top 5 found (ties with the 5th count as found). */
function recallAt5(found: number[][], truth: readonly Float64Array[]): number {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) {
    const kth = truth[i][4];
    hit += Math.min(5, found[i].slice(0, 5).filter((s) => s >= kth - 1e-4).length);
  }
  return hit / (5 * truth.length);
}

async function benchSize(size: number, iterationMs: number, rows: MemoryBenchRow[]): Promise<void> {
  const corpus = embeddedCorpus(size, QUERIES, K, CACHE_DIR, SHAPE_DIMS);
  const matrix = new Float32Array(size * corpus.dim);
  corpus.vectors.forEach((v, i) => matrix.set(v, i * corpus.dim));
  const flatTimes = corpus.queries.map((q) => {
    const t0 = performance.now();
    jsFlat(matrix, corpus.dim, q, K);
    return performance.now() - t0;
  });
  rows.push(
    row(
      `plain JS flat cosine search, ${short(size)} × ${corpus.dim}`,
      flatTimes,
      "ms",
      share(p50(flatTimes), iterationMs),
    ),
  );

  const dir = mkdtempSync(path.join(tmpdir(), "greenloop-membench-"));
  const embedder = new HashingEmbedder();
  const space = storedSpaceName(embedder.name);
  const modules = await loadLanceModules();
  const open = (indexFrom: number) => LanceStore.open({ dir, embedder: space, dim: corpus.dim, ...modules, indexFrom });
  let store = await open(Infinity);
  try {
    const t0 = performance.now();
    for (let start = 0; start < size; start += BATCH) {
      await store.add(
        Array.from({ length: Math.min(BATCH, size - start) }, (_, j) => record(corpus, start + j, space)),
      );
    }
    const inserted = `${(size / ((performance.now() - t0) / 1000)).toFixed(0)} rows/s inserted`;
    // Flat first (no index allowed), then as the store runs: reopening does its upkeep, the index from INDEX_FROM rows.
    for (const indexFrom of size >= INDEX_FROM ? [Infinity, INDEX_FROM] : [Infinity]) {
      await store.close();
      const t1 = performance.now();
      store = await open(indexFrom);
      await store.idle();
      const indexed = await store.indexed();
      const how = indexed
        ? `IVF index (LanceDB defaults, built on open in ${((performance.now() - t1) / 1000).toFixed(1)} s)`
        : "flat";
      rows.push(
        await recallRow(
          store,
          embedder,
          corpus,
          `${short(size)} failures, ${indexed ? "IVF index" : "flat"}`,
          iterationMs,
          `${how}; ${inserted}`,
        ),
      );
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** FailureMemory.recall's latency on the store as it is, and the store's recall@5 against brute force. */
async function recallRow(
  store: LanceStore,
  embedder: HashingEmbedder,
  corpus: EmbeddedCorpus,
  label: string,
  iterationMs: number,
  note: string,
): Promise<MemoryBenchRow> {
  const searches: number[][] = [];
  for (const q of corpus.queries)
    searches.push((await store.search(q, K, { provenOnly: true })).map((h) => h.similarity));
  const memory = new FailureMemory({ store, embedder });
  const queries: FailureQuery[] = failureTexts(QUERIES, 424_242).map((text, i) => ({
    testId: `bench > query ${i}`,
    message: text.split("\n")[0],
    errorText: text,
    file: "src/q.js",
    language: "javascript",
    framework: "node",
    codeContext: "",
    project: { id: "named:bench-0", name: "bench-0" },
    // With a change known, as recall searches only then (without one, no hint is sure enough to show).
    recentChange: `@@ -1,3 +1,3 @@\n function f(x) {\n-  return x <= ${i};\n+  return x < ${i};\n }\n`,
  }));
  for (const q of queries.slice(0, 3)) await memory.recall(q, { scope: "all" });
  const times: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    await memory.recall(q, { scope: "all" });
    times.push(performance.now() - t0);
  }
  return row(
    `FailureMemory.recall, ${label}`,
    times,
    "ms",
    `${share(p50(times), iterationMs)}; store recall@5 vs brute force ${recallAt5(searches, corpus.provenTruth).toFixed(2)}; ${note}`,
  );
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
  rows.push(
    row(
      "HashingEmbedder, one error string",
      perString,
      "µs",
      `~${Math.round(samples.join("").length / samples.length)} chars, 384 dims`,
    ),
  );
}

/** Run the memory benchmarks; sizes default to 1k, 10k and 50k stored failures. */
export async function benchMemory(opts: { sizes?: number[] } = {}): Promise<MemoryBenchRow[]> {
  process.env.LANCEDB_LOG ??= "error";
  const rows: MemoryBenchRow[] = [];
  benchEmbedder(rows);
  const iteration = await iterationWallMs();
  const iterationMs = p50(iteration);
  rows.push(
    row(
      "loop iteration wall time, instant model, real node --test",
      iteration,
      "ms",
      "the floor of an iteration: a real model's answer adds seconds; 1% of the p50 is the budget below",
    ),
  );
  for (const size of opts.sizes ?? [1_000, 10_000, 50_000]) await benchSize(size, iterationMs, rows);
  return rows;
}

if (process.argv[1]?.endsWith("memory.bench.ts")) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
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
