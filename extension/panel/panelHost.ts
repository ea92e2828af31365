/**
 * Connects the Greenloop panel (webview) to runs and reviews: every loop event goes to the panel, proposals
 * and hunk verdicts are mirrored both ways, and the panel's stop/undo buttons reach the same commands as the
 * palette. The panel is created on demand; events of the current run are replayed into a new panel.
 */
import * as vscode from "vscode";
import type { LoopEvent } from "../../agent-core/events";
import type { TrainingReport } from "../../agent-core/training/reportSchema";
import type { ProposalState, TrainingProgressState, UndoState } from "../../webview-ui/protocol";
import type { HunkDecided, ProposalForReview, ReviewController } from "../review/reviewController";
import { Disposable } from "../util/disposable";
import { errorMessage } from "../util/logger";

/** A hunk verdict sent by the panel. */
export interface PanelHunkDecision {
  proposalId: string;
  path: string;
  hunk: number;
  accept: boolean;
}

/** The panel's "send my decisions" (open hunks count as rejected; `accept` decides them all first). */
export interface PanelSubmit {
  proposalId: string;
  feedback?: string;
  accept?: boolean;
}

/** What the host needs from the panel (implemented by GreenloopPanel in extension/panel). */
export interface PanelPort extends vscode.Disposable {
  postEvent(event: LoopEvent): void;
  showProposal(proposal: ProposalState): void;
  mirrorHunkDecision(decision: PanelHunkDecision): void;
  showTraining(report: TrainingReport): void;
  showUndoState?(runId: string, state: UndoState): void;
  showTrainingProgress?(progress: TrainingProgressState): void;
  reveal?(): void;
  readonly onDidDecideHunk: vscode.Event<PanelHunkDecision>;
  readonly onDidSubmitDecision: vscode.Event<PanelSubmit>;
  readonly onDidRequestStop: vscode.Event<unknown>;
  readonly onDidRequestUndo: vscode.Event<unknown>;
  readonly onDidDispose?: vscode.Event<void>;
  readonly onDidRequestOpenFile?: vscode.Event<{ path: string; line?: number }>;
  readonly onDidRequestTraining?: vscode.Event<{ quiet: boolean }>;
}

/** Creates (and shows) a panel; async so the panel's code loads only when it is first opened. */
export type PanelFactory = () => Promise<PanelPort>;

/** The panel's view of a proposal under review. */
export function toProposalState(
  p: ProposalForReview,
  verdict: (path: string, hunk: number) => "accepted" | "rejected" | undefined,
): ProposalState {
  return {
    proposalId: p.proposalId,
    iteration: p.iteration,
    source: p.source,
    reasons: p.reasons,
    files: p.files.map((f) => ({
      path: f.path,
      isNew: f.isNew,
      isTestFile: f.isTestFile,
      dangers: f.dangers,
      hunks: f.hunks,
    })),
    decisions: p.files.map((f) => f.hunks.map((_, i) => verdict(f.path, i) ?? "pending")),
    submitted: false,
  };
}

/** See the module comment. */
export class PanelHost extends Disposable {
  private panel?: PanelPort;
  private creating?: Promise<PanelPort>;
  private panelSubscriptions: vscode.Disposable[] = [];
  /** Events of the current (or last) run, for a panel opened mid-run. */
  private runEvents: LoopEvent[] = [];
  private lastTraining?: TrainingReport;
  private undo?: { runId: string; state: UndoState };
  private lastTrainingProgress?: TrainingProgressState;
  private readonly trainingShownEmitter = this._register(new vscode.EventEmitter<TrainingReport>());
  /** A training report was put in the panel's Training tab. */
  readonly onDidShowTraining = this.trainingShownEmitter.event;

  constructor(
    private readonly create: PanelFactory,
    private readonly review: ReviewController,
    private readonly actions: {
      stop(): void;
      undo(): void;
      openFile(path: string, line?: number): void;
      /** Load the latest training report from disk (and say so, unless `quiet` and there is none). */
      loadTraining(opts: { quiet: boolean }): void;
    },
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(review.onDidOpenReview((p) => this.panel?.showProposal(this.proposalState(p))));
    this._register(review.onDidUpdateReview((p) => this.panel?.showProposal(this.proposalState(p))));
    this._register(review.onDidDecideHunk((d) => this.mirror(d)));
    this._register({ dispose: () => this.closePanel() });
  }

  /** The open panel, if any (tests and the training command use it). */
  get current(): PanelPort | undefined {
    return this.panel;
  }

  /** Shows the panel, creating it (and replaying the run so far) when needed. */
  async show(): Promise<PanelPort> {
    if (this.panel) {
      this.panel.reveal?.();
      return this.panel;
    }
    this.creating ??= this.create()
      .then((panel) => this.adopt(panel))
      .finally(() => {
        this.creating = undefined;
      });
    return this.creating;
  }

  /** Takes over a panel (a new one, or one VS Code revived after a reload) and brings it up to date. */
  adopt(panel: PanelPort): PanelPort {
    if (this.panel && this.panel !== panel) this.closePanel();
    this.panel = panel;
    this.panelSubscriptions = [
      panel.onDidDecideHunk((d) =>
        this.guard(() => this.review.decideHunk(d, d.accept ? "accepted" : "rejected", "panel")),
      ),
      panel.onDidSubmitDecision((s) =>
        this.guard(() =>
          this.review.decideAll(s.accept ? "accepted" : "rejected", "panel", {
            proposalId: s.proposalId,
            feedback: s.feedback,
          }),
        ),
      ),
      panel.onDidRequestStop(() => this.actions.stop()),
      panel.onDidRequestUndo(() => this.actions.undo()),
      ...(panel.onDidRequestOpenFile ? [panel.onDidRequestOpenFile((f) => this.actions.openFile(f.path, f.line))] : []),
      ...(panel.onDidRequestTraining
        ? [
            panel.onDidRequestTraining((opts) =>
              opts.quiet && this.lastTraining ? panel.showTraining(this.lastTraining) : this.actions.loadTraining(opts),
            ),
          ]
        : []),
      ...(panel.onDidDispose ? [panel.onDidDispose(() => this.forget(panel))] : []),
    ];
    for (const e of this.runEvents) panel.postEvent(e);
    const pending = this.review.current;
    if (pending) panel.showProposal(this.proposalState(pending));
    if (this.lastTraining) panel.showTraining(this.lastTraining);
    if (this.undo) panel.showUndoState?.(this.undo.runId, this.undo.state);
    if (this.lastTrainingProgress) panel.showTrainingProgress?.(this.lastTrainingProgress);
    return panel;
  }

  /** Forwards one loop event (and remembers it for a panel opened later). */
  postEvent(event: LoopEvent): void {
    if (event.type === "run-started") {
      this.runEvents = [];
      this.undo = undefined;
    }
    if (event.type !== "model-text") this.runEvents.push(event);
    if (this.runEvents.length > 2000) this.runEvents.splice(0, this.runEvents.length - 2000);
    this.panel?.postEvent(event);
  }

  /** What the panel was last told Undo can do (for tests). */
  get undoState(): { runId: string; state: UndoState } | undefined {
    return this.undo;
  }

  /** Tells the panel what Undo can do for a run (and remembers it for a panel opened later). */
  setUndoState(runId: string, state: UndoState): void {
    this.undo = { runId, state };
    this.panel?.showUndoState?.(runId, state);
  }

  /** Shows how training is going in the panel's Training tab (never as a run: the user's run stays). */
  showTrainingProgress(progress: TrainingProgressState): void {
    this.lastTrainingProgress = progress;
    this.panel?.showTrainingProgress?.(progress);
  }

  /** Shows a training report, opening the panel. */
  async showTraining(report: TrainingReport): Promise<void> {
    this.lastTraining = report;
    (await this.show()).showTraining(report);
    this.trainingShownEmitter.fire(report);
  }

  private proposalState(p: ProposalForReview): ProposalState {
    return toProposalState(p, (path, hunk) => this.review.verdictOf({ proposalId: p.proposalId, path, hunk }));
  }

  private mirror(d: HunkDecided): void {
    if (d.origin === "panel") return;
    this.panel?.mirrorHunkDecision({
      proposalId: d.proposalId,
      path: d.path,
      hunk: d.hunk,
      accept: d.verdict === "accepted",
    });
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.warn(`Panel decision ignored: ${errorMessage(err)}`);
    }
  }

  private forget(panel: PanelPort): void {
    if (this.panel !== panel) return;
    this.panelSubscriptions.forEach((s) => s.dispose());
    this.panelSubscriptions = [];
    this.panel = undefined;
  }

  private closePanel(): void {
    const panel = this.panel;
    if (!panel) return;
    this.forget(panel);
    panel.dispose();
  }
}
