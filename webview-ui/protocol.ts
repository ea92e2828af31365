/**
 * The host ↔ webview protocol, written once and imported by both sides. Browser-safe: zod and agent-core
 * schemas only (no `vscode`, no node modules). Every incoming message is `safeParse`d at the boundary.
 */
import * as z from "zod";
import { LoopEvent } from "../agent-core/events";
import { TrainingReport } from "../agent-core/training/reportSchema";

/** One hunk of a unified diff (jsdiff structuredPatch shape). */
export const HunkSchema = z.object({
  oldStart: z.number().int(),
  oldLines: z.number().int().min(0),
  newStart: z.number().int(),
  newLines: z.number().int().min(0),
  lines: z.array(z.string()),
});

/** One file of a proposal, as the panel shows it. */
export const ProposalFile = z.object({
  path: z.string().min(1),
  isNew: z.boolean(),
  isTestFile: z.boolean(),
  dangers: z.array(z.object({ kind: z.string(), line: z.string() })),
  hunks: z.array(HunkSchema),
});
export type ProposalFile = z.infer<typeof ProposalFile>;

/** What the user has said about one hunk so far. */
export const HunkDecisionValue = z.enum(["pending", "accepted", "rejected"]);
export type HunkDecisionValue = z.infer<typeof HunkDecisionValue>;

/** A proposal waiting for approval, with the decisions made so far (in the panel or the diff editor). */
export const ProposalState = z.object({
  proposalId: z.string().min(1),
  iteration: z.number().int(),
  source: z.enum(["model", "memory"]),
  /** Why the change needs approval (test file, dangerous call); empty when the mode is simply "ask". */
  reasons: z.array(z.string()),
  files: z.array(ProposalFile),
  /** decisions[fileIndex][hunkIndex]; parallel to `files` and their hunks. */
  decisions: z.array(z.array(HunkDecisionValue)),
  /** The user submitted; waiting for the loop to apply it. */
  submitted: z.boolean(),
});
export type ProposalState = z.infer<typeof ProposalState>;

/** What Undo can do for a run: take its changes back, nothing (it changed nothing), or it already did. */
export const UndoState = z.enum(["available", "nothing", "undone"]);
export type UndoState = z.infer<typeof UndoState>;

/**
 * Where a training run is, for the Training tab. Training has its own state: its practice attempts never
 * replace the user's run in the Run tab.
 */
export const TrainingProgressState = z.object({
  status: z.enum(["running", "finished", "failed"]),
  startedAt: z.number(),
  total: z.number().int().min(0),
  /** Projects done so far, in order, with their verdicts. */
  done: z.array(z.object({ id: z.string(), solved: z.boolean(), reason: z.string().optional() })),
  /** The project being practised now. */
  current: z.string().optional(),
  /** Finished: the headline numbers. Failed: why the training stopped. */
  message: z.string().optional(),
});
export type TrainingProgressState = z.infer<typeof TrainingProgressState>;

/** Everything needed to rebuild the panel: the run's events so far, the pending proposal, the report. */
export const PanelSnapshot = z.object({
  events: z.array(LoopEvent),
  proposal: ProposalState.optional(),
  training: TrainingReport.optional(),
  trainingProgress: TrainingProgressState.optional(),
  /** The run was cut off by a window reload; its loop is gone. */
  interrupted: z.boolean(),
  /** What Undo can do for the run shown (absent: not known yet). */
  undo: z.object({ runId: z.string(), state: UndoState }).optional(),
});
export type PanelSnapshot = z.infer<typeof PanelSnapshot>;

const requestId = z.string().min(1).max(100);

/** Messages the host sends to the webview. */
export const HostToWebview = z.discriminatedUnion("type", [
  /** host → webview: full snapshot to restore from; sent only after the webview said `ready`. */
  z.object({ type: z.literal("state"), snapshot: PanelSnapshot }),
  /** host → webview: one loop event, unchanged from agent-core. */
  z.object({ type: z.literal("event"), event: LoopEvent }),
  /** host → webview: a proposal needs the user's decision (replaces any earlier one). */
  z.object({ type: z.literal("proposal"), proposal: ProposalState }),
  /** host → webview: a hunk was decided elsewhere (the diff editor); mirror it. */
  z.object({
    type: z.literal("hunk-decided"),
    proposalId: z.string(),
    path: z.string(),
    hunk: z.number().int().min(0),
    accept: z.boolean(),
  }),
  /** host → webview: what Undo can do for a run (after it ends, and after an undo). */
  z.object({ type: z.literal("undo-state"), runId: z.string(), state: UndoState }),
  /** host → webview: a training report to show in the dashboard. */
  z.object({ type: z.literal("training"), report: TrainingReport }),
  /** host → webview: how the training run going on (or just ended) is doing; shown in the Training tab only. */
  z.object({ type: z.literal("training-progress"), progress: TrainingProgressState }),
  /** host → webview: the answer to a request; echoes its id. */
  z.object({ type: z.literal("reply"), requestId, ok: z.boolean(), error: z.string().optional() }),
]);
export type HostToWebview = z.infer<typeof HostToWebview>;

/** Messages the webview sends to the host. */
export const WebviewToHost = z.discriminatedUnion("type", [
  /** webview → host: the page is listening; the host answers with `state`. Carries what the page restored. */
  z.object({ type: z.literal("ready"), restored: PanelSnapshot.optional() }),
  /** webview → host: accept or reject one hunk of the pending proposal. */
  z.object({
    type: z.literal("decide-hunk"),
    requestId,
    proposalId: z.string(),
    path: z.string(),
    hunk: z.number().int().min(0),
    accept: z.boolean(),
  }),
  /** webview → host: accept or reject every hunk of the pending proposal. */
  z.object({ type: z.literal("decide-all"), requestId, proposalId: z.string(), accept: z.boolean() }),
  /** webview → host: send the decisions to the loop (undecided hunks count as rejected). */
  z.object({
    type: z.literal("submit-decision"),
    requestId,
    proposalId: z.string(),
    feedback: z.string().max(4000).optional(),
  }),
  /** webview → host: stop the running loop. */
  z.object({ type: z.literal("stop"), requestId }),
  /** webview → host: restore the checkpoint taken before the run. */
  z.object({ type: z.literal("undo"), requestId }),
  /** webview → host: open a workspace file (relative path), optionally at a 1-based line. */
  z.object({
    type: z.literal("open-file"),
    requestId,
    path: z.string().min(1),
    line: z.number().int().min(1).optional(),
  }),
  /**
   * webview → host: load the latest training report and send it as `training`. `quiet`: the page asks on its
   * own (the Training tab was opened), so a missing report is not worth a notification.
   */
  z.object({ type: z.literal("show-training"), requestId, quiet: z.boolean().optional() }),
]);
export type WebviewToHost = z.infer<typeof WebviewToHost>;

/** Webview → host messages that expect a `reply`. */
export type WebviewRequest = Exclude<WebviewToHost, { type: "ready" }>;

/** Result of reading one message off the wire. */
export type ParsedMessage<T> = { ok: true; message: T } | { ok: false; error: string };

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

/** Validates a message the webview received; never throws. */
export function parseHostMessage(raw: unknown): ParsedMessage<HostToWebview> {
  const r = HostToWebview.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describe(r.error) };
}

/** Validates a message the host received; never throws. */
export function parseWebviewMessage(raw: unknown): ParsedMessage<WebviewToHost> {
  const r = WebviewToHost.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describe(r.error) };
}
