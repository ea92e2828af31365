/**
 * The Greenloop webview panel: creates or revives the WebviewPanel, serves the bundled page under a strict
 * CSP, and exposes the loop-facing API (events in, decisions out). The protocol work lives in PanelSession.
 */
import * as vscode from "vscode";
import type { LoopEvent } from "../../agent-core/events";
import type { TrainingReport } from "../../agent-core/training/reportSchema";
import type { ProposalState, TrainingProgressState, UndoState } from "../../webview-ui/protocol";
import type { PanelState } from "../../webview-ui/state";
import { Disposable } from "../util/disposable";
import { createNonce, renderPanelHtml } from "./html";
import type { PanelPort } from "./panelHost";
import { type DecisionSubmit, type HunkDecision, PanelSession } from "./panelSession";

/** How a panel is set up. */
export interface GreenloopPanelOptions {
  /** The extension's root (`context.extensionUri`); the page loads from its `dist/` and `media/`. */
  extensionUri: vscode.Uri;
  /** Where protocol problems are reported (invalid messages, failed requests). */
  log: (message: string) => void;
}

/** Webview options of the panel: scripts on, resources only from dist/ and media/. */
export function panelWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // The page restores itself from setState and the host's resent state, so it need not stay alive hidden.
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
  };
}

/** See the module comment. */
export class GreenloopPanel extends Disposable implements PanelPort {
  /** The webview type, for `registerWebviewPanelSerializer` and `package.json`'s `onWebviewPanel:` event. */
  static readonly viewType = "greenloop.panel";

  private readonly session: PanelSession;
  private panelClosed = false;
  private readonly decideEmitter = this._register(new vscode.EventEmitter<HunkDecision>());
  private readonly submitEmitter = this._register(new vscode.EventEmitter<DecisionSubmit>());
  private readonly stopEmitter = this._register(new vscode.EventEmitter<void>());
  private readonly undoEmitter = this._register(new vscode.EventEmitter<void>());
  private readonly openFileEmitter = this._register(new vscode.EventEmitter<{ path: string; line?: number }>());
  private readonly trainingEmitter = this._register(new vscode.EventEmitter<{ quiet: boolean }>());
  private readonly disposeEmitter = this._register(new vscode.EventEmitter<void>());

  /** The user accepted or rejected a hunk in the panel (also fired per hunk for "accept/reject all"). */
  readonly onDidDecideHunk = this.decideEmitter.event;
  /** The user submitted the decision; undecided hunks count as rejected. */
  readonly onDidSubmitDecision = this.submitEmitter.event;
  /** The user pressed Stop. */
  readonly onDidRequestStop = this.stopEmitter.event;
  /** The user pressed Undo (restore the checkpoint taken before the run); confirm before restoring. */
  readonly onDidRequestUndo = this.undoEmitter.event;
  /** The user clicked a file or test location (workspace-relative path; confine it before opening). */
  readonly onDidRequestOpenFile = this.openFileEmitter.event;
  /** The dashboard wants the latest training report (answer with `showTraining`). */
  readonly onDidRequestTraining = this.trainingEmitter.event;
  /** The panel was closed. */
  readonly onDidDispose = this.disposeEmitter.event;

  /** Opens a new panel beside the editor without taking focus from it. */
  static create(options: GreenloopPanelOptions, column: vscode.ViewColumn = vscode.ViewColumn.Beside): GreenloopPanel {
    const panel = vscode.window.createWebviewPanel(
      GreenloopPanel.viewType,
      "Greenloop",
      { viewColumn: column, preserveFocus: true },
      panelWebviewOptions(options.extensionUri),
    );
    return new GreenloopPanel(panel, options);
  }

  /**
   * Creates a panel and shows it, for a caller that only has the extension context. The caller (PanelHost)
   * keeps at most one open; protocol problems go to `log` (default: the extension host console).
   */
  static createOrShow(
    context: Pick<vscode.ExtensionContext, "extensionUri">,
    log?: (message: string) => void,
  ): GreenloopPanel {
    return GreenloopPanel.create({
      extensionUri: context.extensionUri,
      log: log ?? ((m) => console.warn(`[greenloop] ${m}`)),
    });
  }

  /** Takes over a panel VS Code restored after a reload (from a WebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, options: GreenloopPanelOptions): GreenloopPanel {
    panel.webview.options = panelWebviewOptions(options.extensionUri);
    return new GreenloopPanel(panel, options);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly options: GreenloopPanelOptions,
  ) {
    super();
    this.session = new PanelSession((m) => panel.webview.postMessage(m), options.log, {
      decideHunk: (d) => this.decideEmitter.fire(d),
      submit: (s) => this.submitEmitter.fire(s),
      stop: () => this.stopEmitter.fire(),
      undo: () => this.undoEmitter.fire(),
      openFile: (f) => this.openFileEmitter.fire(f),
      showTraining: (opts) => this.trainingEmitter.fire(opts),
    });
    panel.iconPath = vscode.Uri.joinPath(options.extensionUri, "media", "greenloop-panel.svg");
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this._register(
      panel.onDidChangeViewState((e) => {
        // Hidden without retained context means the page is gone; it says `ready` again when shown.
        if (!e.webviewPanel.visible) this.session.detach();
      }),
    );
    this._register(panel.onDidDispose(() => this.onPanelClosed()));
    panel.webview.html = this.html();
  }

  /** Handles one message from the webview (its buttons; the suite sends them the same way). */
  receive(message: unknown): void {
    this.session.receive(message);
  }

  /** What the panel shows (the same state its page renders); for tests and diagnostics. */
  get state(): PanelState {
    return this.session.state;
  }

  /** Brings the panel to the front without stealing focus from the editor. */
  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Forwards a loop event (kept for restore, sent live once the page is ready). */
  postEvent(event: LoopEvent): void {
    this.session.postEvent(event);
  }

  /** Shows a proposal waiting for approval. */
  showProposal(proposal: ProposalState): void {
    this.session.showProposal(proposal);
  }

  /** Mirrors a hunk decided in the diff editor. */
  mirrorHunkDecision(decision: HunkDecision): void {
    this.session.mirrorHunkDecision(decision);
  }

  /** Shows what Undo can do for a run. */
  showUndoState(runId: string, state: UndoState): void {
    this.session.showUndoState(runId, state);
  }

  /** Shows a training report in the dashboard. */
  showTraining(report: TrainingReport): void {
    this.session.showTraining(report);
  }

  /** Shows how the training run is going, in the Training tab. */
  showTrainingProgress(progress: TrainingProgressState): void {
    this.session.showTrainingProgress(progress);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposeEmitter.fire();
    super.dispose();
    if (!this.panelClosed) this.panel.dispose();
  }

  private onPanelClosed(): void {
    this.panelClosed = true;
    this.session.detach();
    this.dispose();
  }

  private html(): string {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.options.extensionUri, "dist");
    return renderPanelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, "webview.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, "webview.css")).toString(),
      nonce: createNonce(),
    });
  }
}
