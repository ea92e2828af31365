/**
 * Leave-one-mutant-out retrieval: for each mutant, a FailureMemory (real LanceDB in a temp folder) that knows
 * every OTHER mutant's failures with its proven fix (recordOutcome) recalls for each of the mutant's own
 * failures. Hits are labeled by the fix they carry (every mutant has its own fix).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Embedder } from "../../agent-core/memory/embedder";
import type { FailureMemory } from "../../agent-core/memory/memory";
import { openFailureMemory, type OpenFailureMemoryOptions } from "../../agent-core/memory/port";
import type { LabeledItem } from "./labeledSet";
import type { ScoredQuery } from "./metrics";

/** One query's outcome. */
export interface QueryOutcome extends ScoredQuery {
  mutant: string;
  language: string;
  project: string;
  testId: string;
  hits: Array<{ mutant?: string; bugClass?: string; similarity: number; score: number }>;
}

/** Options for leaveOneMutantOut. */
export interface RetrievalOptions {
  embedder?: Embedder;
  tuning?: OpenFailureMemoryOptions["tuning"];
  /** "auto" (LanceDB, default) or "builtin". */
  backend?: OpenFailureMemoryOptions["backend"];
  /** "fresh" (default): one new memory per mutant; "fast": one memory, the mutant's records taken out while it is asked. */
  mode?: "fresh" | "fast";
  /** Called after each mutant. */
  progress?: (done: number, total: number) => void;
}

/**
 * Runs the evaluation. "fresh" opens one new memory per mutant holding all other mutants. "fast" records
 * everything once and, per mutant, deletes that mutant's records, recalls, and adds the identical records
 * back: the same store content with far fewer LanceDB writes. When two mutants share a record (same
 * signature and code context: the same test failing the same way beyond the visible code), the other
 * mutant's failures behind it are learned again while this mutant is asked, so it keeps its fix.
 */
export async function leaveOneMutantOut(items: readonly LabeledItem[], options: RetrievalOptions = {}): Promise<QueryOutcome[]> {
  const byMutant = new Map<string, LabeledItem[]>();
  for (const item of items) byMutant.set(item.mutant, [...(byMutant.get(item.mutant) ?? []), item]);
  const labelOfFix = new Map(items.map((item) => [item.fix, item]));
  const root = await mkdtemp(path.join(os.tmpdir(), "gl-loo-"));
  const open = (name: string) => openFailureMemory({ dir: path.join(root, name), embedder: options.embedder, tuning: options.tuning, backend: options.backend });
  const ask = async (memory: FailureMemory, own: LabeledItem[]): Promise<QueryOutcome[]> => {
    const out: QueryOutcome[] = [];
    for (const item of own) {
      const hits = (await memory.recall(item.query)).map((hit) => {
        const label = labelOfFix.get(hit.fix);
        return { mutant: label?.mutant, bugClass: label?.bugClass, similarity: hit.similarity, score: hit.score };
      });
      const { mutant, bugClass, language, project } = item;
      out.push({ mutant, bugClass, language, project, testId: item.query.testId, hits, hitClasses: hits.map((h) => h.bugClass) });
    }
    return out;
  };
  const outcomes: QueryOutcome[] = [];
  let done = 0;
  try {
    if (options.mode === "fast") {
      const memory = await open("all");
      try {
        /** Record id of each of a mutant's items, in item order. */
        const itemIds = new Map<string, string[]>();
        const owners = new Map<string, string[]>();
        for (const [mutant, group] of byMutant) {
          const ids = await learn(memory, group);
          for (const id of new Set(ids)) owners.set(id, [...(owners.get(id) ?? []), mutant]);
          itemIds.set(mutant, ids);
        }
        for (const [mutant, own] of byMutant) {
          const ids = [...new Set(itemIds.get(mutant))];
          const saved = (await Promise.all(ids.map((id) => memory.store.get(id)))).filter((r) => r !== undefined);
          await memory.store.delete(ids);
          const relearned: string[] = [];
          for (const other of new Set(ids.flatMap((id) => owners.get(id) ?? []).filter((m) => m !== mutant))) {
            const behindShared = (byMutant.get(other) ?? []).filter((_, i) => ids.includes(itemIds.get(other)?.[i] ?? ""));
            if (behindShared.length) relearned.push(...(await learn(memory, behindShared)));
          }
          outcomes.push(...(await ask(memory, own)));
          await memory.store.delete(relearned);
          await memory.store.add(saved);
          await memory.store.flush();
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
async function learn(memory: FailureMemory, group: LabeledItem[]): Promise<string[]> {
  const failureIds = await memory.recordFailures(group.map((g) => g.query));
  await memory.recordOutcome({ failureIds, fixPatch: group[0].fix, succeeded: true, iterations: 1, tokens: 0 });
  return failureIds;
}
