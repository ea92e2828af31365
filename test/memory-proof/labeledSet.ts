/**
 * The labeled set: every bug of the catalog is injected into a temp copy of its correct program, the real
 * tests run, and every failing test becomes a FailureQuery built exactly as the loop builds it, labeled
 * with the bug class and the SEARCH/REPLACE fix that reverts the bug. The copy is a git repository whose
 * last commit holds the correct program, so each query also carries the bug as the developer's
 * uncommitted change, read by the loop's own GitChangeSource. Cached as JSON under test-artifacts/.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";
import { toSearchReplace } from "../../agent-core/loop/fixText";
import { toQuery } from "../../agent-core/loop/memoryPhase";
import { GitChangeSource } from "../../agent-core/node/gitChanges";
import type { FailureQuery } from "../../agent-core/ports";
import { PracticeWorkspace } from "../../agent-core/training/workspace";
import type { BugClass, Mutation } from "./bugClasses";
import { ARTIFACTS_DIR, type CorrectProgram, inputFiles, loadCorrectProgram, runRealTests } from "./sources";

/** One failing test of one mutant. */
export interface LabeledItem {
  /** Mutation id: items of the same mutant share the fix and are left out together. */
  mutant: string;
  bugClass: BugClass;
  language: string;
  project: string;
  query: FailureQuery;
  /** SEARCH/REPLACE blocks that revert the injected bug. */
  fix: string;
}

/** What happened to one mutation. */
export interface MutantSummary {
  id: string;
  bugClass: BugClass;
  project: string;
  failures: number;
  /** Why the mutant produced no items (bug text not found, tests still green). */
  problem?: string;
  /** The run crashed before tests ran (one synthetic failure). */
  crashed?: boolean;
}

/** A generated (or cached) labeled set. */
export interface LabeledSet {
  /** Hash of the catalog, the generator version and every input file. */
  key: string;
  createdAt: string;
  items: LabeledItem[];
  mutants: MutantSummary[];
}

/** Options for buildLabeledSet. */
export interface BuildOptions {
  /** Cache file; omitted means no cache. */
  cacheFile?: string;
  /** Test runs at once (default 3). */
  concurrency?: number;
  log?: (line: string) => void;
}

const GENERATOR_VERSION = "4";

/** Default cache file for a named set. */
export function cacheFileFor(name: string): string {
  return path.join(ARTIFACTS_DIR, `labeled-set-${name}.json`);
}

/** Builds the labeled set for `mutations`, or reads it from `cacheFile` when the inputs did not change. */
export async function buildLabeledSet(mutations: Mutation[], options: BuildOptions = {}): Promise<LabeledSet> {
  const log = options.log ?? (() => undefined);
  checkIds(mutations);
  const programs = new Map<string, CorrectProgram>();
  for (const id of new Set(mutations.map((m) => m.project))) programs.set(id, await loadCorrectProgram(id));
  const key = await cacheKey(mutations, [...programs.values()]);
  if (options.cacheFile && existsSync(options.cacheFile)) {
    const cached = JSON.parse(await readFile(options.cacheFile, "utf8")) as LabeledSet;
    if (cached.key === key) {
      log(`labeled set: ${cached.items.length} failures from cache ${options.cacheFile}`);
      return cached;
    }
  }
  const root = await mkdtemp(path.join(os.tmpdir(), "gl-labeled-"));
  try {
    const workspace = new PracticeWorkspace(root);
    await workspace.create();
    await checkBaselines([...programs.values()], workspace);
    const results = await mapLimited(mutations, options.concurrency ?? 3, async (mutation) => {
      const result = await runMutant(mutation, programs.get(mutation.project)!, workspace);
      log(
        `  ${mutation.id.padEnd(34)} ${mutation.bugClass.padEnd(18)} ${result.summary.problem ?? `${result.summary.failures} failing tests${result.summary.crashed ? " (crashed)" : ""}`}`,
      );
      return result;
    });
    const set: LabeledSet = {
      key,
      createdAt: new Date().toISOString(),
      items: results.flatMap((r) => r.items),
      mutants: results.map((r) => r.summary),
    };
    if (options.cacheFile) {
      await mkdir(path.dirname(options.cacheFile), { recursive: true });
      await writeFile(options.cacheFile, JSON.stringify(set, null, 1));
    }
    return set;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function runMutant(
  mutation: Mutation,
  program: CorrectProgram,
  workspace: PracticeWorkspace,
): Promise<{ items: LabeledItem[]; summary: MutantSummary }> {
  const summary: MutantSummary = {
    id: mutation.id,
    bugClass: mutation.bugClass,
    project: mutation.project,
    failures: 0,
  };
  const parts = program.correct.split(mutation.find);
  if (parts.length !== 2)
    return {
      items: [],
      summary: { ...summary, problem: `bug text occurs ${parts.length - 1} times (needs exactly 1)` },
    };
  const buggy = parts.join(mutation.bug);
  const dir = await workspace.freshCopy(program.project, mutation.id);
  await commitCorrectProgram(dir, program);
  await writeFile(path.join(dir, program.target), buggy);
  const recentChange = await new GitChangeSource(dir).recentChange(program.target);
  if (!recentChange) throw new Error(`${mutation.id}: git shows no change after the bug was injected`);
  const run = await runRealTests(program.project, dir);
  const failures = run.report.failures;
  if (run.exitCode === 0 || failures.length === 0)
    return { items: [], summary: { ...summary, problem: "tests still pass" } };
  const fix = toSearchReplace(program.target, buggy, program.correct);
  const items = failures.map((failure) => ({
    mutant: mutation.id,
    bugClass: mutation.bugClass,
    language: program.project.language,
    project: program.project.id,
    // Every mutant of one program is one project: its other mutants are this project's memory, the other programs' are not.
    query: toQuery(failure, {
      target: program.target,
      content: buggy,
      cmd: run.command,
      recentChange,
      project: { id: `named:${program.project.id}`, name: program.project.id },
    }),
    fix,
  }));
  await rm(dir, { recursive: true, force: true });
  return { items, summary: { ...summary, failures: items.length, crashed: run.report.crashed || undefined } };
}

/** The correct program as the last commit of a new repository in `dir`. */
async function commitCorrectProgram(dir: string, program: CorrectProgram): Promise<void> {
  await writeFile(path.join(dir, program.target), program.correct);
  const git = simpleGit(dir);
  await git.init();
  await git.add(".");
  await git.raw([
    "-c",
    "user.name=Greenloop",
    "-c",
    "user.email=greenloop@example.invalid",
    "commit",
    "-q",
    "-m",
    "correct program",
  ]);
}

/** A failing baseline would make every mutant's failures meaningless. */
async function checkBaselines(programs: CorrectProgram[], workspace: PracticeWorkspace): Promise<void> {
  await mapLimited(programs, 3, async (program) => {
    const dir = await workspace.freshCopy(program.project, "baseline");
    await writeFile(path.join(dir, program.target), program.correct);
    const run = await runRealTests(program.project, dir);
    if (run.exitCode !== 0)
      throw new Error(`The correct program of ${program.project.id} fails its own tests:\n${run.output.slice(-2000)}`);
  });
}

function checkIds(mutations: Mutation[]): void {
  const seen = new Set<string>();
  for (const { id } of mutations) {
    if (seen.has(id)) throw new Error(`Duplicate mutation id "${id}"`);
    seen.add(id);
  }
}

async function cacheKey(mutations: Mutation[], programs: CorrectProgram[]): Promise<string> {
  const hash = createHash("sha256").update(GENERATOR_VERSION).update(process.version).update(JSON.stringify(mutations));
  for (const file of programs.flatMap(inputFiles).sort()) hash.update(file).update(await readFile(file));
  return hash.digest("hex").slice(0, 24);
}

/** Maps with at most `limit` calls running at once; results in input order. */
export async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
