/**
 * Loop overhead per iteration, without model and test time: the real runFixLoop on a temp JS project, with an
 * instant model and instant (replayed) test runs. Once without memory, once with real LanceDB memory.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { runFixLoop } from "../../agent-core/loop/runLoop";
import {
  exactKey,
  type FailureMemory,
  type FailureRecord,
  failureText,
  openFailureMemory,
} from "../../agent-core/memory";
import { NodeWorkspaceFiles } from "../../agent-core/node/workspaceFiles";
import type { FailureQuery } from "../../agent-core/ports";
import type { ProcessResult } from "../../agent-core/testing/types";
import {
  CannedTests,
  captureTestRun,
  createLoopProject,
  InstantModel,
  loopTestCommand,
  PortTimer,
  TARGET_FILE,
} from "./loopFixture";
import { type BenchRow, rowFromSamples } from "./table";

/** Options of the loop benchmark. */
export interface LoopBenchOptions {
  /** Iterations measured per run (default 10). */
  iterations?: number;
  /** Measured runs per variant, after one warm-up run (default 3). */
  runs?: number;
  /** Proven fixes stored in the memory before the runs (default 200). */
  seededFixes?: number;
}

const GOAL = { below: 50, text: "< 50 ms" };

/** One run's per-iteration overhead (ms) and what the ports saw. */
interface RunSample {
  overheadMs: number[];
  reason: string;
  modelCalls: number;
  testCalls: number;
  /** Iterations in which the memory returned similar fixes. */
  memoryHits: number;
}

async function oneRun(
  root: string,
  canned: ProcessResult,
  iterations: number,
  memory: FailureMemory | undefined,
): Promise<RunSample> {
  const timer = new PortTimer();
  const model = new InstantModel(timer);
  const tests = new CannedTests(canned, timer);
  const started = new Map<number, number>();
  let memoryHits = 0;
  const summary = await runFixLoop(
    {
      workspace: root,
      targetFile: TARGET_FILE,
      // One extra iteration so every measured one has a following start to end it.
      maxIterations: iterations + 1,
      stuckAfter: 1000,
      approval: "auto-all",
      test: loopTestCommand(root),
      memory: { enabled: memory !== undefined, replay: true, project: "bench" },
    },
    {
      files: new NodeWorkspaceFiles(root),
      tests,
      model,
      memory,
      approve: async (r) => ({
        files: r.files.map((f) => ({ path: f.path, acceptedHunks: f.hunks.map((_, i) => i) })),
      }),
      onEvent: (event) => {
        if (event.type === "memory-hits") memoryHits++;
        if (event.type !== "iteration-started") return;
        started.set(event.iteration, performance.now());
        timer.current = event.iteration;
      },
    },
  );
  const overheadMs: number[] = [];
  for (let i = 1; i <= iterations; i++) {
    const start = started.get(i);
    const end = started.get(i + 1);
    if (start === undefined || end === undefined) break;
    overheadMs.push(end - start - (timer.excluded.get(i) ?? 0));
  }
  return { overheadMs, reason: summary.reason, modelCalls: model.calls, testCalls: tests.calls, memoryHits };
}

/** Stores `count` proven fixes for unrelated failures in one batch, so recall searches a populated table. */
async function seedMemory(memory: FailureMemory, count: number): Promise<void> {
  const topics = ["parse", "format", "total", "discount", "cache", "retry", "sort", "merge", "split", "round"];
  const failures: FailureQuery[] = Array.from({ length: count }, (_, i) => {
    const topic = topics[i % topics.length];
    return {
      testId: `${topic} suite > case ${i}`,
      message: `AssertionError: expected ${topic}(${i}) to equal ${i * 3}`,
      errorText: `Expected values to be strictly equal:\n\n${i * 2} !== ${i * 3}\nexpected ${i * 3}\nactual ${i * 2}`,
      file: `src/${topic}.js`,
      language: "javascript",
      framework: "node",
      codeContext: `function ${topic}(x) {\n  return x * 2; // ${i}\n}\n`,
    };
  });
  // Stored as FailureMemory stores a proven fix: the failure part plus the fix's shape (vectorLayout.ts).
  const vectors = await memory.layout.failureVectors(failures.map(failureText));
  const fixOf = (f: (typeof failures)[number], i: number) =>
    `${f.file}\n<<<<<<< SEARCH\n  return x * 2; // ${i}\n=======\n  return x * 3; // ${i}\n>>>>>>> REPLACE`;
  const now = Date.now();
  const records: FailureRecord[] = failures.map((f, i) => ({
    id: randomUUID(),
    signature: exactKey(f),
    project: "named:bench",
    projectName: "bench",
    errorText: failureText(f),
    testId: f.testId,
    language: f.language,
    framework: f.framework,
    file: f.file,
    codeContext: f.codeContext,
    vector: memory.layout.withFix(vectors[i], fixOf(f, i)),
    embedder: memory.layout.name,
    dim: vectors[i].length,
    createdAt: now,
    lastSeenAt: now,
    timesSeen: 1,
    timesUsed: 2,
    timesSucceeded: 2,
    fixPatch: fixOf(f, i),
    fixSucceeded: true,
    iterations: 2,
    tokens: 1_500,
  }));
  await memory.store.add(records);
}

async function measureVariant(
  root: string,
  canned: ProcessResult,
  opts: Required<LoopBenchOptions>,
  memory: FailureMemory | undefined,
): Promise<{ samples: number[]; note: string }> {
  await oneRun(root, canned, opts.iterations, memory); // warm-up: module loading and JIT
  const samples: number[] = [];
  const reasons = new Set<string>();
  let modelCalls = 0;
  let testCalls = 0;
  let memoryHits = 0;
  for (let r = 0; r < opts.runs; r++) {
    const run = await oneRun(root, canned, opts.iterations, memory);
    if (run.overheadMs.length < opts.iterations) {
      throw new Error(
        `The loop stopped early (${run.reason}) after ${run.overheadMs.length} of ${opts.iterations} iterations.`,
      );
    }
    samples.push(...run.overheadMs);
    reasons.add(run.reason);
    modelCalls += run.modelCalls;
    testCalls += run.testCalls;
    memoryHits += run.memoryHits;
  }
  const note = `${opts.runs} run${opts.runs === 1 ? "" : "s"} x ${opts.iterations} iterations; ${modelCalls} model calls, ${testCalls} test runs (replayed)${memory ? `, memory hits in ${memoryHits} iterations` : ""}; stop: ${[...reasons].join(", ")}`;
  return { samples, note };
}

/** Measures loop overhead per iteration with memory off and on; rows for the table. */
export async function benchLoop(options: LoopBenchOptions = {}): Promise<BenchRow[]> {
  process.env.LANCEDB_LOG ??= "error";
  const opts: Required<LoopBenchOptions> = { iterations: 10, runs: 3, seededFixes: 200, ...options };
  const base = await mkdtemp(path.join(tmpdir(), "greenloop-loopbench-"));
  const root = path.join(base, "project");
  let memory: FailureMemory | undefined;
  try {
    await createLoopProject(root);
    const canned = await captureTestRun(root);
    const plain = await measureVariant(root, canned, opts, undefined);

    memory = await openFailureMemory({ dir: path.join(base, "memory") });
    const backend = memory.status?.backend ?? "unknown";
    await seedMemory(memory, opts.seededFixes);
    const remembered = await measureVariant(root, canned, opts, memory);

    return [
      rowFromSamples("loop", "overhead per iteration, memory off", plain.samples, "ms", {
        goal: GOAL,
        note: `excl. model + test time; ${plain.note}`,
      }),
      rowFromSamples("loop", "overhead per iteration, memory on", remembered.samples, "ms", {
        goal: GOAL,
        note: `${backend} memory, ${opts.seededFixes} seeded fixes; ${remembered.note}`,
      }),
    ];
  } finally {
    await memory?.close().catch(() => undefined);
    await rm(base, { recursive: true, force: true });
  }
}
