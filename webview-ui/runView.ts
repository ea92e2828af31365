/**
 * Folds loop events into the run's view model. Pure: the host and the webview run the same code, so a
 * snapshot of events rebuilds exactly what the user saw. Changed parts get new objects, unchanged parts keep
 * their identity (the webview re-renders only what changed).
 */
import type { Budget, FailureSummary, LoopEvent, MemoryHitSummary, Phase, StopReason } from "../agent-core/events";

export interface RunView {
  runId: string;
  file: string;
  workspace: string;
  provider: string;
  model: string;
  testCommand: string;
  startedAt: number;
  status: "running" | "finished" | "interrupted";
  reason?: StopReason;
  message?: string;
  finishedAt?: number;
  durationMs?: number;
  promptTokens: number;
  completionTokens: number;
  counts?: { passed: number; failed: number; skipped: number };
  checkpointId?: string;
  /** Tests that failed after a change and passed when run again. */
  flaky?: string[];
}

export interface TestRunView {
  scope: "related" | "failing" | "full";
  counts: { passed: number; failed: number; skipped: number };
  failures: FailureSummary[];
  durationMs: number;
  crashed: boolean;
  timedOut: boolean;
}

export type PatchStatus = "proposed" | "approved" | "rejected" | "applied" | "reverted";

export interface PatchView {
  proposalId: string;
  source: "model" | "memory";
  files: Array<{ path: string; hunkCount: number; isNew: boolean; isTestFile: boolean }>;
  needsApproval: boolean;
  status: PatchStatus;
  /** Approved without asking (approval mode allowed it). */
  auto?: boolean;
  /** Hunks accepted out of the total, once approved. */
  acceptedHunks?: number;
  /** Why it was rejected or reverted. */
  reason?: string;
}

export interface IterationView {
  iteration: number;
  startedAt: number;
  endedAt?: number;
  phase?: Phase;
  modelCalls: number;
  promptTokens: number;
  completionTokens: number;
  malformed: number;
  testRuns: TestRunView[];
  patches: PatchView[];
  memoryHits: MemoryHitSummary[];
  editErrors: string[];
  reflection?: string;
  /** Streamed model text, tail-capped. */
  modelText: string;
  notes: Array<{ level: "warn" | "error"; message: string }>;
}

/** Budget use as last reported. */
export type BudgetView = Budget;

/** The run part of the panel state. */
export interface RunState {
  run?: RunView;
  budget?: BudgetView;
  iterations: IterationView[];
}

/** Model text kept per iteration; older text is dropped from the front. */
export const MODEL_TEXT_CAP = 16_000;

function newIteration(iteration: number, at: number): IterationView {
  return {
    iteration,
    startedAt: at,
    modelCalls: 0,
    promptTokens: 0,
    completionTokens: 0,
    malformed: 0,
    testRuns: [],
    patches: [],
    memoryHits: [],
    editErrors: [],
    modelText: "",
    notes: [],
  };
}

/** Replaces iteration `n` through `fn`, creating it when the loop skipped `iteration-started`. */
function updateIteration(s: RunState, n: number, at: number, fn: (it: IterationView) => IterationView): RunState {
  const index = s.iterations.findIndex((it) => it.iteration === n);
  if (index < 0) {
    return { ...s, iterations: closeLast(s.iterations, at).concat(fn(newIteration(n, at))) };
  }
  const iterations = s.iterations.slice();
  iterations[index] = fn(iterations[index]);
  return { ...s, iterations };
}

function closeLast(iterations: IterationView[], at: number): IterationView[] {
  const last = iterations[iterations.length - 1];
  if (!last || last.endedAt !== undefined) return iterations;
  return iterations.slice(0, -1).concat({ ...last, endedAt: at, phase: undefined });
}

/** Applies `fn` to the patch with `proposalId`, wherever it lives. */
function updatePatch(s: RunState, proposalId: string, fn: (p: PatchView) => PatchView): RunState {
  const index = s.iterations.findIndex((it) => it.patches.some((p) => p.proposalId === proposalId));
  if (index < 0) return s;
  const iterations = s.iterations.slice();
  const it = iterations[index];
  iterations[index] = { ...it, patches: it.patches.map((p) => (p.proposalId === proposalId ? fn(p) : p)) };
  return { ...s, iterations };
}

/** The empty run state. */
export function emptyRunState(): RunState {
  return { iterations: [] };
}

/** Folds one event into the run state. Events of another run than the current one are ignored. */
export function reduceRunEvent(s: RunState, e: LoopEvent): RunState {
  if (e.type === "run-started") {
    const { file, workspace, provider, model, testCommand, budget, runId, at } = e;
    const run: RunView = {
      runId,
      file,
      workspace,
      provider,
      model,
      testCommand,
      startedAt: at,
      status: "running",
      promptTokens: 0,
      completionTokens: 0,
    };
    return { run, budget, iterations: [] };
  }
  if (!s.run || s.run.runId !== e.runId) return s;
  switch (e.type) {
    case "checkpoint-created":
      return { ...s, run: { ...s.run, checkpointId: e.checkpointId } };
    case "iteration-started": {
      const closed = { ...s, iterations: closeLast(s.iterations, e.at) };
      return updateIteration(closed, e.iteration, e.at, (it) => it);
    }
    case "phase":
      return updateIteration(s, e.iteration, e.at, (it) => ({ ...it, phase: e.phase }));
    case "model-request":
      return s;
    case "model-response": {
      const run = {
        ...s.run,
        promptTokens: s.run.promptTokens + e.promptTokens,
        completionTokens: s.run.completionTokens + e.completionTokens,
      };
      return updateIteration({ ...s, run }, e.iteration, e.at, (it) => ({
        ...it,
        modelCalls: it.modelCalls + 1,
        promptTokens: it.promptTokens + e.promptTokens,
        completionTokens: it.completionTokens + e.completionTokens,
        malformed: it.malformed + (e.wellFormed ? 0 : 1),
      }));
    }
    case "model-text":
      return updateIteration(s, e.iteration, e.at, (it) => ({
        ...it,
        modelText: (it.modelText + e.delta).slice(-MODEL_TEXT_CAP),
      }));
    case "memory-hits":
      return updateIteration(s, e.iteration, e.at, (it) => ({ ...it, memoryHits: it.memoryHits.concat(e.hits) }));
    case "edit-failed":
      return updateIteration(s, e.iteration, e.at, (it) => ({ ...it, editErrors: it.editErrors.concat(e.errors) }));
    case "patch-proposed": {
      const files = e.files.map(({ path, hunkCount, isNew, isTestFile }) => ({ path, hunkCount, isNew, isTestFile }));
      const patch: PatchView = {
        proposalId: e.proposalId,
        source: e.source,
        files,
        needsApproval: e.needsApproval,
        status: "proposed",
      };
      return updateIteration(s, e.iteration, e.at, (it) => ({ ...it, patches: it.patches.concat(patch) }));
    }
    case "patch-approved": {
      const acceptedHunks = e.accepted.reduce((sum, f) => sum + f.hunks.length, 0);
      return updatePatch(s, e.proposalId, (p) => ({ ...p, status: "approved", auto: e.auto, acceptedHunks }));
    }
    case "patch-rejected":
      return updatePatch(s, e.proposalId, (p) => ({ ...p, status: "rejected", reason: e.reason }));
    case "patch-applied":
      return updatePatch(s, e.proposalId, (p) => ({ ...p, status: "applied" }));
    case "patch-reverted":
      return updatePatch(s, e.proposalId, (p) => ({ ...p, status: "reverted", reason: e.reason }));
    case "tests-started":
      return s;
    case "tests-finished": {
      const { scope, counts, failures, durationMs, crashed, timedOut } = e;
      const run = { ...s.run, counts };
      return updateIteration({ ...s, run }, e.iteration, e.at, (it) => ({
        ...it,
        testRuns: it.testRuns.concat({ scope, counts, failures, durationMs, crashed, timedOut }),
      }));
    }
    case "reflection":
      return updateIteration(s, e.iteration, e.at, (it) => ({ ...it, reflection: e.text }));
    case "budget":
      return { ...s, budget: e.budget };
    case "log": {
      const last = s.iterations[s.iterations.length - 1];
      if (!last || (e.level !== "warn" && e.level !== "error")) return s;
      const note = { level: e.level, message: e.message };
      return updateIteration(s, last.iteration, e.at, (it) => ({ ...it, notes: it.notes.concat(note).slice(-50) }));
    }
    case "run-finished": {
      const { reason, message, durationMs, promptTokens, completionTokens, at } = e;
      const run: RunView = {
        ...s.run,
        status: "finished",
        reason,
        message,
        durationMs,
        promptTokens,
        completionTokens,
        finishedAt: at,
        counts: e.counts ?? s.run.counts,
        ...(e.flaky ? { flaky: e.flaky } : {}),
      };
      return { ...s, run, iterations: closeLast(s.iterations, at) };
    }
  }
}

/** Marks a run whose loop went away (window reload) so its Stop button and spinner do not linger. */
export function interruptRun(s: RunState): RunState {
  if (s.run?.status !== "running") return s;
  return { ...s, run: { ...s.run, status: "interrupted" } };
}

/** Every memory hit of the run, once per hit id, with the iterations that saw it. */
export function collectMemoryHits(iterations: IterationView[]): Array<{ hit: MemoryHitSummary; iterations: number[] }> {
  const byId = new Map<string, { hit: MemoryHitSummary; iterations: number[] }>();
  for (const it of iterations) {
    for (const hit of it.memoryHits) {
      const seen = byId.get(hit.id);
      if (!seen) byId.set(hit.id, { hit, iterations: [it.iteration] });
      else if (!seen.iterations.includes(it.iteration)) seen.iterations.push(it.iteration);
    }
  }
  return [...byId.values()].sort((a, b) => b.hit.score - a.hit.score);
}
