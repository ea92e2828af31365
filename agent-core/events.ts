import * as z from "zod";

/**
 * Everything the loop reports, as one discriminated union. Hosts (CLI, extension, webview) render these
 * unchanged; the webview protocol carries them as-is.
 */

const base = { runId: z.string(), at: z.number() };

export const StopReason = z.enum([
  "green",
  "max-iterations",
  "token-budget",
  "time-budget",
  "cancelled",
  "stuck",
  "model-error",
  "test-error",
  "error",
]);
export type StopReason = z.infer<typeof StopReason>;

/** "related": the target's own test files; "failing": the tests that failed last; "full": the whole suite. */
export const TestScope = z.enum(["related", "failing", "full"]);
export type TestScope = z.infer<typeof TestScope>;

export const Phase = z.enum(["plan", "edit", "test", "reflect"]);
export type Phase = z.infer<typeof Phase>;

export const FailureSummary = z.object({
  id: z.string(),
  message: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  location: z.string().optional(),
});
export type FailureSummary = z.infer<typeof FailureSummary>;

export const TestCounts = z.object({ passed: z.number(), failed: z.number(), skipped: z.number() });

export const FileChangeSummary = z.object({
  path: z.string(),
  diff: z.string(),
  hunkCount: z.number(),
  isNew: z.boolean(),
  isTestFile: z.boolean(),
  dangers: z.array(z.object({ kind: z.string(), line: z.string() })),
});
export type FileChangeSummary = z.infer<typeof FileChangeSummary>;

export const MemoryHitSummary = z.object({
  id: z.string(),
  similarity: z.number(),
  score: z.number(),
  testId: z.string(),
  message: z.string(),
  fix: z.string(),
  /** How much the fix looks like undoing the developer's recent change (0..1), when there was one. */
  editMatch: z.number().optional(),
});
export type MemoryHitSummary = z.infer<typeof MemoryHitSummary>;

export const Budget = z.object({
  iterations: z.number(),
  maxIterations: z.number(),
  tokens: z.number(),
  maxTokens: z.number(),
  elapsedMs: z.number(),
  maxMs: z.number(),
});
export type Budget = z.infer<typeof Budget>;

export const LoopEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("run-started"),
    ...base,
    file: z.string(),
    workspace: z.string(),
    provider: z.string(),
    model: z.string(),
    testCommand: z.string(),
    /** The test project folder, relative to the workspace ("" for the workspace itself). */
    testProject: z.string().optional(),
    /** How the tests were chosen: project, interpreter, plugins, the target's own tests first. */
    testNotes: z.array(z.string()).optional(),
    budget: Budget,
  }),
  z.object({
    type: z.literal("checkpoint-created"),
    ...base,
    checkpointId: z.string(),
    durationMs: z.number(),
    /** Files the snapshot holds, and what it left out by rule (node_modules/ …). */
    files: z.number().optional(),
    skipped: z.array(z.string()).optional(),
  }),
  z.object({ type: z.literal("iteration-started"), ...base, iteration: z.number() }),
  z.object({ type: z.literal("phase"), ...base, iteration: z.number(), phase: Phase }),
  z.object({
    type: z.literal("model-request"),
    ...base,
    iteration: z.number(),
    promptTokens: z.number(),
    messages: z.number(),
  }),
  z.object({
    type: z.literal("model-response"),
    ...base,
    iteration: z.number(),
    promptTokens: z.number(),
    completionTokens: z.number(),
    durationMs: z.number(),
    wellFormed: z.boolean(),
    blocks: z.number(),
  }),
  z.object({ type: z.literal("model-text"), ...base, iteration: z.number(), delta: z.string() }),
  z.object({ type: z.literal("memory-hits"), ...base, iteration: z.number(), hits: z.array(MemoryHitSummary) }),
  z.object({ type: z.literal("edit-failed"), ...base, iteration: z.number(), errors: z.array(z.string()) }),
  z.object({
    type: z.literal("patch-proposed"),
    ...base,
    iteration: z.number(),
    proposalId: z.string(),
    source: z.enum(["model", "memory"]),
    files: z.array(FileChangeSummary),
    needsApproval: z.boolean(),
  }),
  z.object({
    type: z.literal("patch-approved"),
    ...base,
    proposalId: z.string(),
    auto: z.boolean(),
    accepted: z.array(z.object({ path: z.string(), hunks: z.array(z.number()) })),
  }),
  z.object({ type: z.literal("patch-rejected"), ...base, proposalId: z.string(), reason: z.string() }),
  z.object({ type: z.literal("patch-applied"), ...base, proposalId: z.string(), paths: z.array(z.string()) }),
  z.object({ type: z.literal("patch-reverted"), ...base, proposalId: z.string(), reason: z.string() }),
  z.object({
    type: z.literal("tests-started"),
    ...base,
    iteration: z.number(),
    scope: TestScope,
    command: z.string(),
  }),
  z.object({
    type: z.literal("tests-finished"),
    ...base,
    iteration: z.number(),
    scope: TestScope,
    counts: TestCounts,
    failures: z.array(FailureSummary),
    durationMs: z.number(),
    crashed: z.boolean(),
    timedOut: z.boolean(),
  }),
  z.object({ type: z.literal("reflection"), ...base, iteration: z.number(), text: z.string() }),
  z.object({ type: z.literal("budget"), ...base, budget: Budget }),
  z.object({ type: z.literal("log"), ...base, level: z.enum(["debug", "info", "warn", "error"]), message: z.string() }),
  z.object({
    type: z.literal("run-finished"),
    ...base,
    reason: StopReason,
    message: z.string(),
    iterations: z.number(),
    promptTokens: z.number(),
    completionTokens: z.number(),
    durationMs: z.number(),
    counts: TestCounts.optional(),
    /** Tests that failed after a change and passed when run again. */
    flaky: z.array(z.string()).optional(),
  }),
]);
export type LoopEvent = z.infer<typeof LoopEvent>;
export type LoopEventType = LoopEvent["type"];

/** Payload of one event kind, without the fields the emitter stamps. */
export type EventPayload<T extends LoopEventType> = Omit<Extract<LoopEvent, { type: T }>, "type" | "runId" | "at">;
