/**
 * Shadow-git checkpoints on a generated source tree: first snapshot, later snapshots after touching a few
 * files, restores, and the shadow repository's size on disk.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { ShadowCheckpoints } from "../../agent-core/checkpoints/shadowGit";
import { type BenchRow, percentile, rowFromSamples, singleValueRow } from "./table";

/** Options of the checkpoint benchmark. */
export interface CheckpointBenchOptions {
  /** Files in the generated workspace (default 2,000). */
  files?: number;
  /** Measured snapshots and restores (default 10 each). */
  rounds?: number;
  /** Files changed before each later snapshot (default 10). */
  touched?: number;
}

const FILES_PER_DIR = 50;

function fileText(i: number): string {
  const lines = [`// module ${i}: generated for the checkpoint benchmark`, `"use strict";`];
  for (let f = 0; f < 8; f++) {
    lines.push(
      `function step${i}_${f}(value) {`,
      `  const scaled = value * ${(i * 31 + f) % 97};`,
      `  return scaled > ${f * 10} ? scaled - ${i} : scaled + ${f};`,
      `}`,
    );
  }
  lines.push(`module.exports = { ${Array.from({ length: 8 }, (_, f) => `step${i}_${f}`).join(", ")} };`, "");
  return lines.join("\n");
}

function relPath(i: number): string {
  return `src/pkg${Math.floor(i / FILES_PER_DIR)}/module${i}.js`;
}

async function createTree(root: string, count: number): Promise<number> {
  let bytes = 0;
  for (let d = 0; d * FILES_PER_DIR < count; d++) await mkdir(path.join(root, "src", `pkg${d}`), { recursive: true });
  for (let i = 0; i < count; i++) {
    const text = fileText(i);
    bytes += Buffer.byteLength(text);
    await writeFile(path.join(root, relPath(i)), text);
  }
  await writeFile(path.join(root, "package.json"), JSON.stringify({ name: "checkpoint-bench", version: "1.0.0" }));
  return bytes;
}

/** Appends a line to `count` files spread over the tree, different ones each round. */
async function touchFiles(root: string, total: number, count: number, round: number): Promise<string[]> {
  const touched: string[] = [];
  for (let k = 0; k < count; k++) {
    const i = (round * 7919 + k * Math.floor(total / count)) % total;
    const file = path.join(root, relPath(i));
    await writeFile(file, `${await readFile(file, "utf8")}// edited in round ${round}\n`);
    touched.push(relPath(i));
  }
  return touched;
}

async function sizeOnDisk(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.blocks * 512;
  let total = info.blocks * 512;
  for (const entry of await readdir(target)) total += await sizeOnDisk(path.join(target, entry));
  return total;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Median time of a bare `git --version`: the floor under every git call, high on a loaded machine. */
async function gitSpawnMs(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) times.push((await timed(() => promisify(execFile)("git", ["--version"]))).ms);
  return percentile(times, 50);
}

/** Measures ShadowCheckpoints on a generated tree; rows for the table. */
export async function benchCheckpoints(options: CheckpointBenchOptions = {}): Promise<BenchRow[]> {
  const { files, rounds, touched } = { files: 2_000, rounds: 10, touched: 10, ...options };
  const base = await mkdtemp(path.join(tmpdir(), "greenloop-ckptbench-"));
  const workspace = path.join(base, "workspace");
  try {
    const bytes = await createTree(workspace, files);
    const store = new ShadowCheckpoints({ workspace, storageDir: path.join(base, "shadow") });
    const first = await timed(() => store.snapshot("first"));

    const ids: string[] = [first.value.id];
    const contents: string[] = [];
    const probe = relPath(0);
    const snapshotMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await touchFiles(workspace, files, touched, r);
      await writeFile(path.join(workspace, probe), `${fileText(0)}// probe ${r}\n`);
      const snap = await timed(() => store.snapshot(`round ${r}`));
      snapshotMs.push(snap.ms);
      ids.push(snap.value.id);
      contents.push(await readFile(path.join(workspace, probe), "utf8"));
    }
    const unchanged = await timed(() => store.snapshot("nothing changed"));
    const spawn = await gitSpawnMs();

    // Restore to earlier checkpoints (each differs from the workspace by up to rounds x touched files).
    const restoreMs: number[] = [];
    let mismatches = 0;
    for (let r = 0; r < rounds; r++) {
      const target = (r * 3) % rounds;
      restoreMs.push((await timed(() => store.restore(ids[target + 1], { force: true }))).ms);
      if ((await readFile(path.join(workspace, probe), "utf8")) !== contents[target]) mismatches++;
    }
    // A run's journal: each write is recorded (two blobs and the journal file) before it is made.
    const journalMs: number[] = [];
    const run = await store.begin({ runId: "bench", target: probe });
    for (let r = 0; r < rounds; r++) {
      const before = await readFile(path.join(workspace, probe), "utf8");
      journalMs.push((await timed(() => run.willWrite(probe, before, `${before}// journal ${r}\n`))).ms);
    }
    await run.end("kept");
    const shadowBytes = await sizeOnDisk(await store.gitDir());
    const mb = (n: number) => n / (1024 * 1024);
    const tree = `${files.toLocaleString("en-US")} files, ${mb(bytes).toFixed(1)} MB`;
    return [
      singleValueRow("checkpoint", `first snapshot, ${tree}`, first.ms, "ms", {
        note: "walk + git init + update-index of every file + write-tree + verify + commit-tree",
      }),
      rowFromSamples("checkpoint", `snapshot after touching ${touched} files`, snapshotMs, "ms", {
        goal: { below: 150, text: "< 150 ms" },
        note: `${rounds} snapshots (walk, 5 git calls, tree checked against the workspace); nothing changed: ${unchanged.ms.toFixed(0)} ms; bare git call: ${spawn.toFixed(1)} ms`,
      }),
      rowFromSamples("checkpoint", "restore an earlier checkpoint", restoreMs, "ms", {
        note: `${rounds} restores, each incl. a safety snapshot; ${mismatches === 0 ? "all restored contents verified" : `${mismatches} WRONG restores`}`,
      }),
      rowFromSamples("checkpoint", "journal one write before making it", journalMs, "ms", {
        note: `${rounds} writes of ${probe}: before/after blobs + journal file, atomically`,
      }),
      singleValueRow("checkpoint", "shadow repo size on disk", mb(shadowBytes), "MB", {
        note: `${ids.length + 2 + rounds * 2} commits; workspace ${mb(bytes).toFixed(1)} MB of text; loose objects, gc.auto=0`,
      }),
    ];
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
