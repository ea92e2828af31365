import path from "node:path";
import { editFormat, parseAnswer } from "../edits/formats";
import { resolveInsideWorkspace } from "../edits/paths";
import { isTestFile } from "../edits/safety";
import type { FailureQuery } from "../ports";
import { detectTestSetup, type TestSetup } from "../testing/detectProject";
import { failureSignature } from "../testing/parsers";
import type { TestCaseResult, TestCommand } from "../testing/types";
import { type RunContext, StopRun } from "./context";
import { alreadyGreenMessage } from "./coverage";
import { answerContext, EditFormatPolicy } from "./editFormat";
import { toSearchReplace } from "./fixText";
import { pairedMessage, pairTestWithSource } from "./fromTest";
import { consultMemory, FailureQueries, type Replay, replayDiff, replayHelped, replayNote } from "./memoryPhase";
import { askModel } from "./modelCall";
import { buildMessages, describeFailure, estimateTokens } from "./prompts";
import { buildProposal, type Proposal } from "./proposal";
import { listWorkspaceFiles, ownTestFiles, relatedTestFiles, todoMarkers } from "./related";
import { ReviewStep } from "./reviewStep";
import { sourcesForPrompt } from "./sourceContext";
import {
  confirmRegressions,
  crashExcerpt,
  displayCommand,
  passingIds,
  runAfterPatch,
  runFirst,
  stopIfTestsCannotRun,
  type TestOutcome,
} from "./testPhase";
import { type AppliedChange, type RevertResult, revertChanges, revertRun } from "./workspaceWrites";

export interface SessionResult {
  reason: import("../events").StopReason;
  message: string;
  outcome?: TestOutcome;
}

/** One fix run: plan, then iterations of edit → test → reflect. Phase details live in sibling modules. */
export class FixSession {
  target = "";
  /** The test file the run was started on, when it was one: its source is fixed, never the test. */
  fromTest?: string;
  command?: TestCommand;
  checkpointId?: string;
  readonly failuresSeen = new Map<string, FailureQuery>();
  readonly usedMemoryIds = new Set<string>();
  /** Tests that failed after a change and passed when run again. */
  readonly flaky = new Set<string>();
  /** The developer's uncommitted change to the target when the run started. */
  recentChange?: string;
  private readonly attempts: string[] = [];
  private feedback: string[] = [];
  private readonly triedReplays = new Set<string>();
  private queries?: FailureQueries;
  /** The fix replayed from memory in this iteration, if the proposal is one. */
  private replay?: Replay;
  private lastSignature = "";
  private sameSignatureCount = 0;
  /** Model answers in a row that changed nothing (no usable blocks, or blocks that leave the code as it is). */
  private idleAnswers = 0;
  private readonly formats: EditFormatPolicy;
  private readonly reviews: ReviewStep;

  constructor(private readonly ctx: RunContext) {
    this.reviews = new ReviewStep(ctx, {
      feedback: (text) => this.feedback.push(text),
      attempt: (text) => this.attempts.push(text),
    });
    this.formats = new EditFormatPolicy(ctx.config, ctx.ports.model.model, (message) =>
      ctx.emit("log", { level: "info", message }),
    );
  }

  async run(): Promise<SessionResult> {
    const { ctx } = this;
    const { config, ports } = ctx;
    if (ctx.signal.aborted) throw new StopRun("cancelled", "Cancelled before any change.");
    const abs = await resolveInsideWorkspace(config.workspace, config.targetFile);
    this.target = path.relative(config.workspace, abs).split(path.sep).join("/");
    if (isTestFile(this.target) && !config.allowTestEdits) {
      const paired = await pairTestWithSource(config.workspace, this.target);
      ctx.emit("log", { level: "info", message: pairedMessage(this.target, paired) });
      [this.fromTest, this.target] = [this.target, paired.target];
    }
    ctx.target = this.target;
    const initial = await ports.files.read(this.target).catch((error: Error) => {
      // Not UTF-8 text, unreadable: say so before anything runs.
      throw new StopRun("error", error.message);
    });
    if (initial === undefined) throw new StopRun("error", `File not found: ${this.target}`);
    const allFiles = await listWorkspaceFiles(config.workspace);
    this.queries = new FailureQueries(ctx, this.target, allFiles);
    const setup: TestSetup = config.test
      ? { command: config.test, project: "", notes: [] }
      : await detectTestSetup(config.workspace, this.target, {
          override: config.testOverride,
          ownTests: [...(this.fromTest ? [this.fromTest] : []), ...ownTestFiles(this.target, allFiles)],
          allTests: allFiles.filter((f) => isTestFile(f)),
        }).catch((error: Error) => {
          throw new StopRun("test-error", `Cannot run the tests: ${error.message}`);
        });
    let cmd = setup.command;
    this.command = cmd;
    ctx.emit("run-started", {
      file: this.target,
      workspace: config.workspace,
      provider: ports.model.id,
      model: ports.model.model,
      testCommand: displayCommand(cmd),
      testProject: setup.project,
      testNotes: setup.notes,
      budget: ctx.budget(),
    });
    // A model server that is not there stops the run in seconds, before the checkpoint and the tests.
    await ports.model.ping?.(ctx.signal).catch((error: Error) => {
      throw ctx.signal.aborted ? error : new StopRun("model-error", error.message);
    });
    if (ports.checkpoints) {
      const started = Date.now();
      // A run without a trustworthy checkpoint (or beside another run) does not start.
      const taken = await ports.checkpoints.begin({ runId: ctx.runId, target: this.target }).catch((error: Error) => {
        throw new StopRun("error", error.message);
      });
      ctx.runCheckpoint = taken;
      this.checkpointId = taken.checkpoint.id;
      ctx.emit("checkpoint-created", {
        checkpointId: taken.checkpoint.id,
        durationMs: Date.now() - started,
        files: taken.files,
        skipped: taken.skipped,
      });
      if (ctx.signal.aborted) throw new StopRun("cancelled", "Cancelled before any change.");
    }

    // Read before the run writes anything, so the diff is the developer's change alone.
    this.recentChange = await ports.changes?.recentChange(this.target).catch(() => undefined);
    ctx.emit("phase", { iteration: 0, phase: "plan" });
    const first = await runFirst(ctx, setup);
    let current = first.outcome;
    cmd = this.command = first.command;
    stopIfTestsCannotRun(ctx, cmd, current);
    if (current.green)
      return {
        reason: "green",
        message: await alreadyGreenMessage(config.workspace, this.target, current.report),
        outcome: current,
      };
    await this.noteFailures(current.report.failures);
    let bestPassing = passingIds(current.report);
    let bestCrashed = current.report.crashed;
    /** The last state a full run checked, and the patches applied since (reverted together on a regression). */
    let verified = current;
    const unverified: Array<{ iteration: number; proposalId: string; applied: AppliedChange[] }> = [];

    for (let i = 1; i <= config.maxIterations; i++) {
      ctx.iteration = i;
      ctx.emit("iteration-started", { iteration: i });
      ctx.emit("budget", { budget: ctx.budget() });
      const proposal = await this.propose(current, allFiles);
      if (!proposal) continue;
      const applied = await this.reviews.review(proposal);
      if (!applied) continue;

      ctx.emit("phase", { iteration: i, phase: "test" });
      unverified.push({ iteration: i, proposalId: proposal.id, applied });
      const checked = await confirmRegressions(
        ctx,
        cmd,
        bestPassing,
        bestCrashed,
        await runAfterPatch(ctx, cmd, current.report.failures, verified.report),
      );
      checked.flaky.forEach((id) => this.flaky.add(id));
      const { outcome, regressions } = checked;
      if (proposal.source === "memory" && this.replay && !replayHelped(this.replay, outcome)) {
        // A replay that does not make its own failure pass is always taken back, and the model told what it did.
        this.reportKept(await revertChanges(ctx, applied));
        unverified.pop();
        ctx.emit("patch-reverted", {
          proposalId: proposal.id,
          reason: `the fix from memory did not make ${this.replay.testId} pass`,
        });
        this.attempts.push(
          replayNote(i, this.replay, outcome, outcome.report.failures.slice(0, 2).map(describeFailure).join("; ")),
        );
        continue;
      }
      if (regressions.length > 0) {
        // Only a full run shows every test, so whatever was applied since the last full run is suspect.
        for (const step of [...unverified].reverse()) this.reportKept(await revertChanges(ctx, step.applied));
        const since =
          unverified.length > 1 ? `your changes since iteration ${unverified[0].iteration} were` : "your change was";
        const broke = regressions.slice(0, 5).join(", ");
        for (const step of unverified)
          ctx.emit("patch-reverted", { proposalId: step.proposalId, reason: `it broke ${broke}` });
        const crash = crashExcerpt(outcome, 12);
        this.attempts.push(
          `Iteration ${i}: ${since} reverted because they broke ${broke}, which passed before.${crash ? ` The run stopped on:\n${crash}` : ""}`,
        );
        unverified.length = 0;
        current = verified;
        this.checkStuck(current);
        continue;
      }
      await this.noteFailures(outcome.report.failures);
      if (outcome.green)
        return { reason: "green", message: `All tests pass after ${i} iteration${i > 1 ? "s" : ""}.`, outcome };
      if (outcome.scope === "full") {
        bestPassing = passingIds(outcome.report);
        bestCrashed = outcome.report.crashed;
        verified = outcome;
        unverified.length = 0;
      }
      this.reflect(proposal, current, outcome);
      current = outcome;
      this.checkStuck(current);
    }
    return {
      reason: "max-iterations",
      message: `Tests still fail after ${config.maxIterations} iterations.`,
      outcome: current,
    };
  }

  /** The SEARCH/REPLACE text of everything the run changed, for memory. */
  async fixText(): Promise<string> {
    const parts: string[] = [];
    for (const [rel, { before, after }] of this.ctx.touched) {
      if ((after ?? "") !== (before ?? "")) parts.push(toSearchReplace(rel, before ?? "", after ?? ""));
    }
    return parts.join("\n\n");
  }

  /** Takes every change the run made back out, leaving anything others changed meanwhile. */
  async revertAll(): Promise<RevertResult> {
    const result = await revertRun(this.ctx);
    this.reportKept(result);
    return result;
  }

  private reportKept(result: RevertResult): void {
    for (const kept of result.kept) this.ctx.emit("log", { level: "warn", message: kept.reason });
  }

  private async propose(current: TestOutcome, allFiles: string[]): Promise<Proposal | undefined> {
    const { ctx } = this;
    const content = await this.targetContent();
    const queries = await this.queries!.build(
      current.report.failures.slice(0, 3),
      content,
      this.command!,
      this.recentChange,
    );
    const advice = await consultMemory(ctx, queries, content, this.triedReplays);
    advice.usedIds.forEach((id) => this.usedMemoryIds.add(id));
    this.replay = advice.replay;
    if (advice.replay) return advice.replay.proposal;

    ctx.emit("phase", { iteration: ctx.iteration, phase: "edit" });
    const target = { path: this.target, content };
    const failureFiles = current.report.failures
      .map((f) => (f.location ?? "").replace(/:\d+(:\d+)?$/, ""))
      .filter(Boolean);
    const tests = [];
    const testFiles = relatedTestFiles(this.target, allFiles, failureFiles);
    if (this.fromTest)
      testFiles.splice(0, testFiles.length, this.fromTest, ...testFiles.filter((f) => f !== this.fromTest).slice(0, 1));
    for (const rel of testFiles) {
      // A test file that is not UTF-8 text is left out of the prompt, not a reason to stop.
      const text = await ctx.ports.files.read(rel).catch(() => undefined);
      if (text !== undefined) tests.push({ path: rel, content: text });
    }
    const started = tests.filter((t) => t.path === this.fromTest);
    const sources = await sourcesForPrompt(ctx, target, current.report.failures, this.command!.cwd, started);
    const ask = this.formats.next(
      content,
      sources.some((s) => !s.whole),
    );
    const messages = buildMessages({
      format: ask.format,
      formatNote: ask.note,
      target,
      sources,
      tests,
      todos: todoMarkers(content),
      failures: current.report.failures,
      totalFailed: current.report.failed,
      crashOutput: crashExcerpt(current),
      recentChange: this.recentChange,
      memory: advice.promptText,
      attempts: this.attempts.slice(-4),
      feedback: this.feedback,
      maxFileChars: ctx.config.maxFileChars,
    });
    const estimate = estimateTokens(messages);
    if (ctx.tokens + estimate > ctx.config.tokenBudget) {
      throw new StopRun(
        "token-budget",
        `Token budget reached: ${ctx.tokens} used of ${ctx.config.tokenBudget}, the next request needs about ${estimate}.`,
      );
    }
    ctx.emit("model-request", { iteration: ctx.iteration, promptTokens: estimate, messages: messages.length });
    const response = await askModel(ctx, messages, estimate);
    const parsed = parseAnswer(
      response.content,
      answerContext(target, tests, allFiles, ctx.config.maxFileChars, sources),
    );
    const wellFormed = parsed.errors.length === 0 && parsed.edits.length > 0;
    if (wellFormed) ctx.wellFormed++;
    else ctx.malformed++;
    ctx.emit("model-response", {
      iteration: ctx.iteration,
      promptTokens: response.usage.promptTokens,
      completionTokens: response.usage.completionTokens,
      durationMs: response.durationMs,
      wellFormed,
      blocks: parsed.edits.length,
    });
    this.feedback = [...parsed.errors];
    if (parsed.edits.length === 0) {
      if (this.feedback.length === 0) this.feedback.push(editFormat(ask.format).noEdits);
      ctx.emit("edit-failed", { iteration: ctx.iteration, errors: this.feedback });
      this.attempts.push(`Iteration ${ctx.iteration}: the answer had no usable edits.`);
      this.formats.record(ask.format, parsed, undefined, content);
      this.countIdleAnswer("no usable edits");
      return undefined;
    }
    const proposal = await buildProposal(ctx, parsed.edits, "model");
    this.feedback.push(...proposal.feedback);
    if (proposal.changes.length === 0) {
      ctx.emit("edit-failed", { iteration: ctx.iteration, errors: this.feedback });
      this.attempts.push(`Iteration ${ctx.iteration}: no edit could be applied.`);
      this.formats.record(ask.format, parsed, proposal, content);
      this.countIdleAnswer("edits that could not be applied or changed nothing");
      return undefined;
    }
    this.idleAnswers = 0;
    if (proposal.feedback.length) ctx.emit("edit-failed", { iteration: ctx.iteration, errors: proposal.feedback });
    this.formats.record(ask.format, parsed, proposal, content);
    return proposal;
  }

  private reflect(proposal: Proposal, before: TestOutcome, after: TestOutcome): void {
    const { ctx } = this;
    ctx.emit("phase", { iteration: ctx.iteration, phase: "reflect" });
    const fixed = before.report.failures
      .filter((f) => !after.report.failures.some((g) => g.id === f.id))
      .map((f) => f.id);
    const still = after.report.failures.slice(0, 4).map(describeFailure).join("; ");
    const changed = proposal.changes.map((c) => c.path).join(", ");
    const replayed = proposal.source === "memory" && this.replay;
    const text =
      `Iteration ${ctx.iteration}: changed ${changed}` +
      (replayed ? " with a fix replayed from memory" : "") +
      `. ${fixed.length ? `Now passing: ${fixed.slice(0, 5).join(", ")}. ` : "No failing test was fixed. "}` +
      `Still failing (${after.report.failed}): ${still || "see output"}` +
      (replayed ? `\nThe replayed fix changed:\n\`\`\`diff\n${replayDiff(this.replay!.proposal)}\n\`\`\`` : "");
    this.attempts.push(text);
    ctx.emit("reflection", { iteration: ctx.iteration, text });
  }

  /** Answers that change nothing never reach the tests, so they are counted here: so many in a row is stuck. */
  private countIdleAnswer(what: string): void {
    this.idleAnswers++;
    if (this.idleAnswers >= this.ctx.config.stuckAfter) {
      throw new StopRun(
        "stuck",
        `Stuck: the model's last ${this.idleAnswers} answers changed nothing (the last had ${what}).`,
      );
    }
  }

  private checkStuck(outcome: TestOutcome): void {
    const signature = outcome.report.failures.map(failureSignature).sort().join("|");
    this.sameSignatureCount = signature === this.lastSignature ? this.sameSignatureCount + 1 : 1;
    this.lastSignature = signature;
    if (this.sameSignatureCount >= this.ctx.config.stuckAfter) {
      throw new StopRun(
        "stuck",
        `Stuck: the same failure came back after ${this.sameSignatureCount} attempts in a row (${outcome.report.failures[0]?.id ?? "test run"}).`,
      );
    }
  }

  private async noteFailures(failures: TestCaseResult[]): Promise<void> {
    const fresh = failures.slice(0, 10).filter((f) => !this.failuresSeen.has(f.id));
    const queries = await this.queries!.build(fresh, await this.targetContent(), this.command!, this.recentChange);
    for (const query of queries) this.failuresSeen.set(query.testId, query);
  }

  private async targetContent(): Promise<string> {
    return (await this.ctx.ports.files.read(this.target)) ?? "";
  }
}
