/**
 * The host half of the panel protocol, without VS Code: keeps the panel state (the same reducer the webview
 * runs), resends it when the webview says `ready`, validates every incoming message, answers requests with a
 * `reply` and turns them into calls on the host's handlers. GreenloopPanel wires it to a real webview.
 */
import type { LoopEvent } from "../../agent-core/events";
import type { TrainingReport } from "../../agent-core/training/reportSchema";
import {
  type HostToWebview,
  type PanelSnapshot,
  type ProposalState,
  parseWebviewMessage,
  type TrainingProgressState,
  type UndoState,
  type WebviewRequest,
} from "../../webview-ui/protocol";
import {
  checkDecision,
  emptyPanelState,
  fromSnapshot,
  isEmptyState,
  type PanelAction,
  type PanelState,
  reducePanel,
  toSnapshot,
} from "../../webview-ui/state";

/** One hunk verdict. */
export interface HunkDecision {
  proposalId: string;
  path: string;
  hunk: number;
  accept: boolean;
}

/** The user's "send my decisions"; undecided hunks count as rejected. */
export interface DecisionSubmit {
  proposalId: string;
  feedback?: string;
}

/** What the webview can ask the host to do. A handler that throws (or rejects) makes the reply an error. */
export interface PanelSessionHandlers {
  decideHunk(d: HunkDecision): void;
  submit(s: DecisionSubmit): void;
  stop(): void | Promise<void>;
  undo(): void | Promise<void>;
  openFile(f: { path: string; line?: number }): void | Promise<void>;
  showTraining(opts: { quiet: boolean }): void | Promise<void>;
}

/** Sends one message to the webview; may return a promise (VS Code's postMessage does). */
export type PostToWebview = (message: HostToWebview) => unknown;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** See the module comment. */
export class PanelSession {
  private current: PanelState = emptyPanelState();
  private ready = false;

  constructor(
    private readonly post: PostToWebview,
    private readonly log: (message: string) => void,
    private readonly handlers: PanelSessionHandlers,
  ) {}

  /** The state the webview is (or will be) showing. */
  get state(): PanelState {
    return this.current;
  }

  /** True between the webview's `ready` and `detach()`. */
  get isReady(): boolean {
    return this.ready;
  }

  /** The webview went away (hidden without retained context, or reloading); live messages wait for `ready`. */
  detach(): void {
    this.ready = false;
  }

  /** A loop event: folded into the state and forwarded unchanged. */
  postEvent(event: LoopEvent): void {
    this.apply({ kind: "event", event }, { type: "event", event });
  }

  /** A proposal waiting for the user (replaces an earlier one). */
  showProposal(proposal: ProposalState): void {
    this.apply({ kind: "proposal", proposal }, { type: "proposal", proposal });
  }

  /** A hunk decided in the diff editor; the panel mirrors it. */
  mirrorHunkDecision(d: HunkDecision): void {
    const problem = checkDecision(this.current, d.proposalId, d.path, d.hunk);
    if (problem) {
      this.log(`Panel: not mirroring a hunk decision: ${problem}`);
      return;
    }
    this.apply({ kind: "decide-hunk", ...d }, { type: "hunk-decided", ...d });
  }

  /** What Undo can do for a run. */
  showUndoState(runId: string, state: UndoState): void {
    this.apply({ kind: "undo-state", runId, state }, { type: "undo-state", runId, state });
  }

  /** A training report for the dashboard. */
  showTraining(report: TrainingReport): void {
    this.apply({ kind: "training", report }, { type: "training", report });
  }

  /** How the training run is going; the Training tab shows it, the Run tab is left alone. */
  showTrainingProgress(progress: TrainingProgressState): void {
    this.apply({ kind: "training-progress", progress }, { type: "training-progress", progress });
  }

  /** Handles one raw message from the webview. Invalid messages are logged and dropped; nothing throws. */
  receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log(`Panel: dropped an invalid message from the webview: ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    if (m.type === "ready") {
      this.onReady(m.restored);
      return;
    }
    void this.handle(m);
  }

  private onReady(restored: PanelSnapshot | undefined): void {
    // A fresh host (window reload, revived panel) adopts what the page restored; that run's loop is gone.
    if (isEmptyState(this.current) && restored) {
      const adopted = fromSnapshot(restored);
      const orphaned = adopted.run?.status === "running" || adopted.proposal !== undefined;
      this.current = orphaned ? reducePanel(adopted, { kind: "interrupt" }) : adopted;
    }
    this.ready = true;
    this.send({ type: "state", snapshot: toSnapshot(this.current) });
  }

  private async handle(m: WebviewRequest): Promise<void> {
    try {
      await this.dispatchRequest(m);
      this.send({ type: "reply", requestId: m.requestId, ok: true });
    } catch (err) {
      this.log(`Panel: ${m.type} failed: ${messageOf(err)}`);
      this.send({ type: "reply", requestId: m.requestId, ok: false, error: messageOf(err) });
      // The page may have applied the decision already; give it the host's view back.
      if (
        this.current.proposal &&
        (m.type === "decide-hunk" || m.type === "decide-all" || m.type === "submit-decision")
      ) {
        this.send({ type: "proposal", proposal: this.current.proposal });
      }
    }
  }

  private async dispatchRequest(m: WebviewRequest): Promise<void> {
    switch (m.type) {
      case "decide-hunk": {
        const problem = checkDecision(this.current, m.proposalId, m.path, m.hunk);
        if (problem) throw new Error(problem);
        const d = { proposalId: m.proposalId, path: m.path, hunk: m.hunk, accept: m.accept };
        this.current = reducePanel(this.current, { kind: "decide-hunk", ...d });
        this.handlers.decideHunk(d);
        return;
      }
      case "decide-all": {
        const problem = checkDecision(this.current, m.proposalId);
        if (problem) throw new Error(problem);
        const proposal = this.current.proposal!;
        this.current = reducePanel(this.current, { kind: "decide-all", proposalId: m.proposalId, accept: m.accept });
        // Only hunks still open get the verdict (the same rule as the diff editor's "accept all").
        proposal.files.forEach((f, i) =>
          f.hunks.forEach((_, hunk) => {
            if (proposal.decisions[i]?.[hunk] !== "pending") return;
            this.handlers.decideHunk({ proposalId: m.proposalId, path: f.path, hunk, accept: m.accept });
          }),
        );
        return;
      }
      case "submit-decision": {
        const problem = checkDecision(this.current, m.proposalId);
        if (problem) throw new Error(problem);
        this.current = reducePanel(this.current, { kind: "submitted", proposalId: m.proposalId });
        this.handlers.submit({ proposalId: m.proposalId, ...(m.feedback ? { feedback: m.feedback } : {}) });
        return;
      }
      case "stop":
        return this.handlers.stop();
      case "undo":
        return this.handlers.undo();
      case "open-file":
        return this.handlers.openFile({ path: m.path, ...(m.line ? { line: m.line } : {}) });
      case "show-training":
        return this.handlers.showTraining({ quiet: m.quiet ?? false });
    }
  }

  private apply(action: PanelAction, message: HostToWebview): void {
    this.current = reducePanel(this.current, action);
    if (this.ready) this.send(message);
  }

  private send(message: HostToWebview): void {
    try {
      const result = this.post(message);
      if (result instanceof Promise)
        result.catch((err: unknown) => this.log(`Panel: postMessage failed: ${messageOf(err)}`));
    } catch (err) {
      this.log(`Panel: postMessage failed: ${messageOf(err)}`);
    }
  }
}
