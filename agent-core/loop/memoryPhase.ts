import { parseEditBlocks } from "../edits/parse";
import { isTestFile } from "../edits/safety";
import { languageOfFile } from "../languages";
import { fixContentKey } from "../memory/storedFix";
import { contentHash } from "../memory/text";
import type { FailureQuery, ProjectIdentity, RecalledFix } from "../ports";
import type { TestCaseResult, TestCommand } from "../testing/types";
import type { RunContext } from "./context";
import { formatLessons } from "./memoryLessons";
import { projectIdentity } from "./projectIdentity";
import { buildProposal, type Proposal } from "./proposal";
import { ownTestFiles } from "./related";
import type { TestOutcome } from "./testPhase";

/** What the memory knows of a failure besides its text: where it happened and the exact files around it. */
export interface QueryScope {
  target: string;
  /** The target's whole text when the failure was seen. */
  content: string;
  cmd: TestCommand;
  recentChange?: string;
  project?: ProjectIdentity;
  testFilesHash?: string;
}

/** The memory's view of one failure. */
export function toQuery(failure: TestCaseResult, scope: QueryScope): FailureQuery {
  const { target, content, cmd, recentChange, project, testFilesHash } = scope;
  return {
    testId: failure.id,
    message: failure.message ?? "",
    errorText: [
      failure.message,
      failure.expected && `expected ${failure.expected}`,
      failure.actual && `actual ${failure.actual}`,
    ]
      .filter(Boolean)
      .join("\n"),
    file: target,
    language: languageOfFile(target) ?? "unknown",
    framework: cmd.framework,
    // The whole file (up to 64k characters): recall drops fixes already in place anywhere in it.
    codeContext: content.slice(0, 65_536),
    fileHash: contentHash(content),
    ...(recentChange ? { recentChange } : {}),
    ...(project ? { project } : {}),
    ...(testFilesHash ? { testFilesHash } : {}),
  };
}

/** The most test files hashed into a replay key when no failure names its own. */
const MAX_HASHED_TEST_FILES = 20;

/**
 * Builds the run's memory queries: the project is found once (root commit, else folder, unless the host
 * names it), and each failure's test files are hashed as they are when it is seen. Without memory, nothing.
 */
export class FailureQueries {
  private project?: Promise<ProjectIdentity>;

  constructor(
    private readonly ctx: RunContext,
    private readonly target: string,
    private readonly allFiles: string[],
  ) {}

  async build(
    failures: TestCaseResult[],
    content: string,
    cmd: TestCommand,
    recentChange?: string,
  ): Promise<FailureQuery[]> {
    const { ctx } = this;
    if (!ctx.ports.memory || !ctx.config.memory.enabled || failures.length === 0) return [];
    this.project ??= projectIdentity(ctx.config.workspace, ctx.config.memory.project);
    const project = await this.project;
    // Failures of one run often share their test files: each set is read and hashed once.
    const hashes = new Map<string, Promise<string | undefined>>();
    const queries: FailureQuery[] = [];
    for (const failure of failures) {
      const files = this.testFilesOf(failure);
      const key = files.join("\u0000");
      if (!hashes.has(key)) hashes.set(key, this.hashFiles(files));
      const testFilesHash = await hashes.get(key);
      queries.push(toQuery(failure, { target: this.target, content, cmd, recentChange, project, testFilesHash }));
    }
    return queries;
  }

  /**
   * The test files behind a failure, sorted: named by its location, stack or pytest id, else the target's own
   * tests, else (a panic in the target, a crate's `tests/`) every test file of its language when there are few.
   */
  private testFilesOf(failure: TestCaseResult): string[] {
    const named = [failure.location, ...(failure.frames ?? []), failure.id.includes("::") ? failure.id : undefined]
      .filter((f): f is string => !!f)
      .map((f) => f.replace(/::.*$/, "").replace(/:\d+(:\d+)?$/, ""));
    const tests = this.allFiles.filter((f) => isTestFile(f));
    const fromFailure = tests.filter((f) => named.some((n) => n === f || n.endsWith(`/${f}`) || f.endsWith(`/${n}`)));
    const own = fromFailure.length ? fromFailure : ownTestFiles(this.target, this.allFiles);
    if (own.length) return own.sort();
    // More files only make the key stricter; past a few, hashing them all on every run costs too much.
    const language = languageOfFile(this.target);
    const sameLanguage = tests.filter((f) => languageOfFile(f) === language);
    return sameLanguage.length <= MAX_HASHED_TEST_FILES ? sameLanguage.sort() : [];
  }

  /** One hash of `files` and their contents as they are now; undefined for none. */
  private async hashFiles(files: string[]): Promise<string | undefined> {
    if (files.length === 0) return undefined;
    const parts: string[] = [];
    for (const rel of files)
      parts.push(
        `${rel}\u0000${contentHash((await this.ctx.ports.files.read(rel).catch(() => undefined)) ?? "(unreadable)")}`,
      );
    return contentHash(parts.join("\u0000"));
  }
}

/** A replayed fix and the failure it was recorded for. */
export interface Replay {
  proposal: Proposal;
  testId: string;
}

export interface MemoryAdvice {
  /** A proven fix to try without a model call; the loop takes it back if its failure does not pass. */
  replay?: Replay;
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
        const proposal = await buildProposal(ctx, parseEditBlocks(replay.fix).blocks, "memory");
        if (proposal.changes.length > 0) {
          emitHits(ctx, [replay]);
          return { replay: { proposal, testId: queries[0].testId }, usedIds: [replay.id] };
        }
      }
    }
    // The same change recalled for several failures (or stored twice) is shown once, with its best score.
    const byFix = new Map<string, RecalledFix>();
    for (const query of queries.slice(0, 3)) {
      for (const hit of await memory.recall(query, { scope: ctx.config.memory.scope })) {
        // A replay taken back is already described in the attempts; shown again it would only invite a retry.
        if (triedReplays.has(hit.id)) continue;
        const key = fixContentKey(hit.fix);
        if ((byFix.get(key)?.score ?? -Infinity) < hit.score) byFix.set(key, hit);
      }
    }
    const { text, shown } = formatLessons([...byFix.values()].sort((a, b) => b.score - a.score).slice(0, 3));
    if (shown.length === 0) return { usedIds: [] };
    emitHits(ctx, shown);
    return { promptText: text, usedIds: shown.map((h) => h.id) };
  } catch (error) {
    ctx.log.warn(`Failure memory unavailable for this iteration: ${(error as Error).message}`);
    ctx.emit("log", { level: "warn", message: `Failure memory skipped: ${(error as Error).message}` });
    return { usedIds: [] };
  }
}

/** Whether a replay made the failure it was recorded for pass (a crash or timeout never does). */
export function replayHelped(replay: Replay, outcome: TestOutcome): boolean {
  if (outcome.green) return true;
  if (outcome.report.crashed || outcome.result.timedOut || outcome.report.failures.some((f) => f.id === replay.testId))
    return false;
  return (
    replay.testId.startsWith("(") || outcome.report.tests.some((t) => t.id === replay.testId && t.status === "passed")
  );
}

/** What a replay changed, as the model is told it: the diff, cut to a few lines. */
export function replayDiff(proposal: Proposal, maxChars = 1_200): string {
  const diff = proposal.changes
    .map((c) => c.diff)
    .join("\n")
    .replace(/^(?:Index:|={10,}).*\n/gm, "");
  return diff.length > maxChars ? `${diff.slice(0, maxChars)}\n… (cut)` : diff;
}

/** The attempt note for a replay that was taken back: what was tried, what it changed, what still failed. */
export function replayNote(iteration: number, replay: Replay, outcome: TestOutcome, still: string): string {
  const why = outcome.report.crashed
    ? "the test run crashed"
    : outcome.result.timedOut
      ? "the tests timed out"
      : `${replay.testId} still failed (${still || "see output"})`;
  return `Iteration ${iteration}: a fix that once made this exact failure pass was replayed from memory and taken back, because ${why}. It had changed:\n\`\`\`diff\n${replayDiff(replay.proposal)}\n\`\`\``;
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
