import { languageOfFile } from "../languages";
import { parseEditBlocks } from "../edits/parse";
import type { FailureQuery, RecalledFix } from "../ports";
import type { TestCaseResult, TestCommand } from "../testing/types";
import type { RunContext } from "./context";
import { buildProposal, type Proposal } from "./proposal";

/** The memory's view of one failure. */
export function toQuery(failure: TestCaseResult, target: string, targetContent: string, cmd: TestCommand, recentChange?: string): FailureQuery {
  return {
    testId: failure.id,
    message: failure.message ?? "",
    errorText: [failure.message, failure.expected && `expected ${failure.expected}`, failure.actual && `actual ${failure.actual}`].filter(Boolean).join("\n"),
    file: target,
    language: languageOfFile(target) ?? "unknown",
    framework: cmd.framework,
    codeContext: targetContent.slice(0, 1_500),
    ...(recentChange ? { recentChange } : {}),
  };
}

export interface MemoryAdvice {
  /** A proven fix to try without a model call. */
  replay?: Proposal;
  /** Prompt text describing similar past fixes. */
  promptText?: string;
  usedIds: string[];
}

/**
 * Asks the memory about the current failures: first for an exact proven fix to replay, else for similar
 * past fixes to show the model. Memory trouble never stops the run; it is logged and skipped.
 */
export async function consultMemory(
  ctx: RunContext,
  queries: FailureQuery[],
  targetContent: string,
  triedReplays: Set<string>,
): Promise<MemoryAdvice> {
  const memory = ctx.ports.memory;
  if (!memory || !ctx.config.memory.enabled || queries.length === 0) return { usedIds: [] };
  try {
    if (ctx.config.memory.replay) {
      const replay = await memory.findReplay(queries[0], targetContent);
      if (replay && !triedReplays.has(replay.id)) {
        triedReplays.add(replay.id);
        const { blocks } = parseEditBlocks(replay.fix);
        const proposal = await buildProposal(ctx, blocks, "memory");
        if (proposal.changes.length > 0) {
          emitHits(ctx, [replay]);
          return { replay: proposal, usedIds: [replay.id] };
        }
      }
    }
    const seen = new Map<string, RecalledFix>();
    for (const query of queries.slice(0, 3)) {
      for (const hit of await memory.recall(query)) {
        if (!seen.has(hit.id) || seen.get(hit.id)!.score < hit.score) seen.set(hit.id, hit);
      }
    }
    const hits = [...seen.values()].sort((a, b) => b.score - a.score).slice(0, 3);
    if (hits.length === 0) return { usedIds: [] };
    emitHits(ctx, hits);
    return { promptText: memory.format(hits), usedIds: hits.map((h) => h.id) };
  } catch (error) {
    ctx.log.warn(`Failure memory unavailable for this iteration: ${(error as Error).message}`);
    ctx.emit("log", { level: "warn", message: `Failure memory skipped: ${(error as Error).message}` });
    return { usedIds: [] };
  }
}

function emitHits(ctx: RunContext, hits: RecalledFix[]): void {
  ctx.emit("memory-hits", {
    iteration: ctx.iteration,
    hits: hits.map((h) => ({
      id: h.id,
      similarity: h.similarity,
      score: h.score,
      testId: h.testId,
      message: h.message,
      fix: h.fix.slice(0, 2_000),
      ...(h.editMatch === undefined ? {} : { editMatch: h.editMatch }),
    })),
  });
}
