import { randomBytes } from "node:crypto";
import type { LoopConfig } from "../config";
import type { Budget, EventPayload, LoopEvent, LoopEventType } from "../events";
import type { Logger, LoopPorts, RunCheckpoint } from "../ports";
import { Redactor } from "../secrets/redact";

/** Mutable state of one run, shared by the phase modules. */
export class RunContext {
  readonly runId = `${new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14)}-${randomBytes(3).toString("hex")}`;
  readonly startedAt = Date.now();
  promptTokens = 0;
  completionTokens = 0;
  modelCalls = 0;
  iteration = 0;
  wellFormed = 0;
  malformed = 0;
  readonly log: Logger;
  /** The run's checkpoint and write journal, once taken. */
  runCheckpoint?: RunCheckpoint;
  /** The failing tests passed after the latest change (the full suite may still be running). */
  failingTestsPassed = false;
  /** Every file the run wrote: its text before the first write and after the last (undefined: absent). */
  readonly touched = new Map<string, { before: string | undefined; after: string | undefined }>();
  /** The file the run fixes, workspace-relative with "/", once the session has resolved it. */
  target = "";
  /** Source files (not the target) named in a failing test's stack: `auto-target` approves edits to them too. */
  readonly stackFiles = new Set<string>();
  /** The run's redactor: the host's, or one of this process's secret environment values and key shapes. */
  readonly redactor: Redactor;

  constructor(
    readonly config: LoopConfig,
    readonly ports: LoopPorts,
    readonly signal: AbortSignal,
  ) {
    this.log = ports.log ?? silentLogger;
    this.redactor = ports.redactor ?? Redactor.fromEnvironment(process.env);
  }

  /**
   * Stamps, redacts and delivers one event; a failing listener never breaks the loop. Every host view (the
   * panel, the terminal, the run log) is fed from here, so no secret reaches any of them through an event.
   */
  emit<T extends LoopEventType>(type: T, payload: EventPayload<T>): void {
    const event = this.redactor.redactDeep({
      type,
      runId: this.runId,
      at: Date.now(),
      ...payload,
    }) as unknown as LoopEvent;
    try {
      this.ports.onEvent?.(event);
    } catch (error) {
      this.log.warn(`event listener failed on ${type}: ${(error as Error).message}`);
    }
  }

  get tokens(): number {
    return this.promptTokens + this.completionTokens;
  }

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  budget(): Budget {
    return {
      iterations: this.iteration,
      maxIterations: this.config.maxIterations,
      tokens: this.tokens,
      maxTokens: this.config.tokenBudget,
      elapsedMs: this.elapsedMs(),
      maxMs: this.config.timeBudgetMs,
    };
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Thrown inside the loop to end the run with a reason; caught by runFixLoop. */
export class StopRun extends Error {
  constructor(
    readonly reason: import("../events").StopReason,
    message: string,
  ) {
    super(message);
  }
}
