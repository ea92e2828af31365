import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { LoopEvent } from "../events";
import type { RunSummary } from "../loop/runLoop";
import { Redactor } from "../secrets/redact";

/** Per-phase token and time totals derived from a run's events. */
export interface RunRecord extends Omit<RunSummary, "fix"> {
  startedAt: number;
  workspace: string;
  model: string;
  phases: Record<string, { ms: number; promptTokens: number; completionTokens: number }>;
}

/**
 * Writes every event of a run to `<dir>/<runId>.jsonl` and one summary line per run to `<dir>/runs.jsonl`.
 * Streamed text deltas are left out: they are large and the response event carries the totals. Every line is
 * redacted before it is written (events from the loop already are; summaries and other callers may not be).
 */
export class RunHistory {
  private queue: Promise<void> = Promise.resolve();
  private readonly phaseStart = new Map<string, { phase: string; at: number }>();
  private readonly phases = new Map<string, RunRecord["phases"]>();
  private readonly meta = new Map<string, { startedAt: number; workspace: string; model: string }>();

  constructor(
    readonly dir: string,
    private readonly redactor: Redactor = Redactor.fromEnvironment(process.env),
  ) {}

  /** An onEvent listener; writes are queued so events stay in order. */
  readonly record = (event: LoopEvent): void => {
    if (event.type === "model-text") return;
    this.track(event);
    this.queue = this.queue
      .then(async () => {
        await mkdir(this.dir, { recursive: true });
        await appendFile(
          path.join(this.dir, `${event.runId}.jsonl`),
          JSON.stringify(this.redactor.redactDeep(event)) + "\n",
        );
      })
      .catch(() => undefined);
  };

  /** Appends the run's summary; call after runFixLoop returns. */
  async finish(summary: RunSummary): Promise<RunRecord> {
    await this.queue;
    const meta = this.meta.get(summary.runId) ?? {
      startedAt: Date.now() - summary.durationMs,
      workspace: "",
      model: "",
    };
    const { fix: _fix, ...rest } = summary;
    const record: RunRecord = this.redactor.redactDeep({
      ...rest,
      ...meta,
      phases: this.phases.get(summary.runId) ?? {},
    });
    await mkdir(this.dir, { recursive: true });
    await appendFile(path.join(this.dir, "runs.jsonl"), JSON.stringify(record) + "\n");
    return record;
  }

  /** Past runs, newest first. Unreadable lines are skipped. */
  async list(limit = 50): Promise<RunRecord[]> {
    const text = await readFile(path.join(this.dir, "runs.jsonl"), "utf8").catch(() => "");
    const runs: RunRecord[] = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        runs.push(JSON.parse(line) as RunRecord);
      } catch {
        /* a torn line from a crash: skip it */
      }
    }
    return runs.reverse().slice(0, limit);
  }

  private track(event: LoopEvent): void {
    if (event.type === "run-started") {
      this.meta.set(event.runId, {
        startedAt: event.at,
        workspace: event.workspace,
        model: `${event.provider}:${event.model}`,
      });
      this.phases.set(event.runId, {});
    }
    const phases = this.phases.get(event.runId);
    if (!phases) return;
    const bucket = (name: string) => (phases[name] ??= { ms: 0, promptTokens: 0, completionTokens: 0 });
    if (event.type === "phase" || event.type === "run-finished") {
      const open = this.phaseStart.get(event.runId);
      if (open) bucket(open.phase).ms += event.at - open.at;
      if (event.type === "phase") this.phaseStart.set(event.runId, { phase: event.phase, at: event.at });
    }
    if (event.type === "model-response") {
      const b = bucket("edit");
      b.promptTokens += event.promptTokens;
      b.completionTokens += event.completionTokens;
    }
  }
}
