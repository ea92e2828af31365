/**
 * Leave-one-mutant-out retrieval: for each mutant, a FailureMemory (real LanceDB in a temp folder) that knows
 * every OTHER mutant's failures with its proven fix (recordOutcome) recalls for each of the mutant's own
 * failures. Hits are labeled by the fix they carry (every mutant has its own fix). Each program is one
 * project: other mutants of the same program are this project's memory, other programs are other projects.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Embedder } from "../../agent-core/memory/embedder";
import type { FailureMemory } from "../../agent-core/memory/memory";
import { type OpenFailureMemoryOptions, openFailureMemory } from "../../agent-core/memory/openStore";
import type { MemoryScope } from "../../agent-core/ports";
import type { LabeledItem } from "./labeledSet";
import type { ScoredQuery } from "./metrics";

/** What the evaluation needs of a labeled failure (the public set's classes are other names). */
export type RetrievalItem = Omit<LabeledItem, "bugClass"> & { bugClass: string };

/** One recalled hint of a query. */
export interface ScoredHit {
  mutant?: string;
  bugClass?: string;
  similarity: number;
  score: number;
  /** Whether it comes from the query's own program (project). */
  sameProject: boolean;
}

/** One query's outcome. */
export interface QueryOutcome extends ScoredQuery {
  mutant: string;
  language: string;
  project: string;
  testId: string;
  /** Whether the query carried the developer's change. */
  change: boolean;
  hits: ScoredHit[];
}

/** Options for leaveOneMutantOut. */
export interface RetrievalOptions {
  embedder?: Embedder;
  /** Other similarity floors (the calibration sets them all to -1 to see every candidate). */
  floors?: OpenFailureMemoryOptions["floors"];
  /** Where hints may come from (default "project", as in the loop). */
  scope?: MemoryScope;
  /** "auto" (LanceDB, default) or "builtin". */
  backend?: OpenFailureMemoryOptions["backend"];
  /** "fresh": one new memory per mutant; "fast" (default): one memory, the mutant's records taken out while it is asked. */
  mode?: "fresh" | "fast";
  /** Called after each mutant. */
  progress?: (done: number, total: number) => void;
}

/**
 * Runs the evaluation. "fresh" opens one new memory per mutant holding all other mutants. "fast" records
 * everything once and, per mutant, deletes that mutant's records, recalls, and adds the identical records
 * back: the same store content with far fewer writes. No two mutants share a record: the exact key holds
 * the whole file, and every mutant's file differs.
 */
export async function leaveOneMutantOut(
  items: readonly RetrievalItem[],
  options: RetrievalOptions = {},
): Promise<QueryOutcome[]> {
  const byMutant = new Map<string, RetrievalItem[]>();
  for (const item of items) byMutant.set(item.mutant, [...(byMutant.get(item.mutant) ?? []), item]);
  const labelOfFix = new Map(items.map((item) => [item.fix, item]));
  const root = await mkdtemp(path.join(os.tmpdir(), "gl-loo-"));
  const open = (name: string) =>
    openFailureMemory({
      dir: path.join(root, name),
      embedder: options.embedder,
      floors: options.floors,
      backend: options.backend,
    });
  const ask = async (memory: FailureMemory, own: RetrievalItem[]): Promise<QueryOutcome[]> => {
    const out: QueryOutcome[] = [];
    for (const item of own) {
      const hits = (await memory.recall(item.query, { scope: options.scope ?? "project" })).map((hit): ScoredHit => {
        const label = labelOfFix.get(hit.fix);
        return {
          mutant: label?.mutant,
          bugClass: label?.bugClass,
          similarity: hit.similarity,
          score: hit.score,
          sameProject: hit.project?.same === true,
        };
      });
      const { mutant, bugClass, language, project } = item;
      out.push({
        mutant,
        bugClass,
        language,
        project,
        testId: item.query.testId,
        change: item.query.recentChange !== undefined,
        hits,
        hitClasses: hits.map((h) => h.bugClass),
      });
    }
    return out;
  };
  const outcomes: QueryOutcome[] = [];
  let done = 0;
  try {
    if (options.mode !== "fresh") {
      const memory = await open("all");
      try {
        const itemIds = new Map<string, string[]>();
        for (const [mutant, group] of byMutant) itemIds.set(mutant, await learn(memory, group));
        for (const [mutant, own] of byMutant) {
          const ids = [...new Set(itemIds.get(mutant))];
          const saved = (await Promise.all(ids.map((id) => memory.store.get(id)))).filter((r) => r !== undefined);
          await memory.store.delete(ids);
          outcomes.push(...(await ask(memory, own)));
          await memory.store.add(saved);
          options.progress?.(++done, byMutant.size);
        }
      } finally {
        await memory.close();
      }
      return outcomes;
    }
    for (const [mutant, own] of byMutant) {
      const memory = await open(mutant);
      try {
        for (const [other, group] of byMutant) if (other !== mutant) await learn(memory, group);
        outcomes.push(...(await ask(memory, own)));
      } finally {
        await memory.close();
      }
      options.progress?.(++done, byMutant.size);
    }
    return outcomes;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Stores one mutant's failures with its fix as a succeeded outcome; returns each item's record id. */
async function learn(memory: FailureMemory, group: RetrievalItem[]): Promise<string[]> {
  const failureIds = await memory.recordFailures(group.map((g) => g.query));
  await memory.recordOutcome({ failureIds, fixPatch: group[0].fix, succeeded: true, iterations: 1, tokens: 0 });
  return failureIds;
}
