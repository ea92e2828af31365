/**
 * The editor side of approval: shows each proposed file in the diff editor, collects per-hunk verdicts from
 * CodeLens, editor-title buttons, commands or the panel, and resolves the loop's ApprovalGate once every hunk
 * is decided. One review at a time (one run at a time). When the user edits a file under review, the proposal
 * follows: it is carried onto their text (the diff and the hunks are redrawn), or, when their edit touches the
 * changed lines, withdrawn with a message so the loop asks the model again.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { ApprovalDecision, ApprovalGate, ApprovalRequest, Logger } from "../../agent-core/ports";
import { Disposable } from "../util/disposable";
import { redrawOnUserText, withdrawal } from "./followEdits";
import { hunkAtLine } from "./hunkLayout";
import { type ProposalDocuments, parseProposalUri } from "./proposalDocuments";
import { ReviewDiffView } from "./reviewDiffView";
import type { ReviewEditors } from "./reviewEditors";
import { reviewLenses } from "./reviewLenses";
import { type HunkRef, type HunkVerdict, ReviewSession } from "./reviewSession";
import {
  type ActiveReview,
  abortError,
  type CurrentTextReader,
  type DecisionOrigin,
  type HunkDecided,
  type ProposalForReview,
  type ReviewClosed,
  type ReviewDiffs,
} from "./reviewTypes";

export type { CurrentTextReader, DecisionOrigin, HunkDecided, ProposalForReview, ReviewClosed, ReviewDiffs };

/** See the module comment. */
export class ReviewController extends Disposable {
  private active?: ActiveReview;
  private readonly openEmitter = this._register(new vscode.EventEmitter<ProposalForReview>());
  private readonly decidedEmitter = this._register(new vscode.EventEmitter<HunkDecided>());
  private readonly closedEmitter = this._register(new vscode.EventEmitter<ReviewClosed>());
  private readonly lensEmitter = this._register(new vscode.EventEmitter<void>());
  private readonly updateEmitter = this._register(new vscode.EventEmitter<ProposalForReview>());

  /** A proposal was opened for review. */
  readonly onDidOpenReview = this.openEmitter.event;
  /** A hunk got a verdict (from any origin). */
  readonly onDidDecideHunk = this.decidedEmitter.event;
  /** A review ended (decided, cancelled or superseded). */
  readonly onDidCloseReview = this.closedEmitter.event;
  /** CodeLenses need refreshing. */
  readonly onDidChangeLenses = this.lensEmitter.event;
  /** The proposal under review was redrawn on top of the user's edits (same id, new hunks). */
  readonly onDidUpdateReview = this.updateEmitter.event;

  private readonly view: ReviewDiffView;

  constructor(
    docs: ProposalDocuments,
    editors: ReviewEditors,
    private readonly log: Logger,
  ) {
    super();
    this.view = new ReviewDiffView(docs, editors, log);
    this._register({
      dispose: () => this.active?.settle({ error: abortError("Greenloop was shut down during review.") }),
    });
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e.document)));
  }

  /**
   * The ApprovalGate of one run in `root`; `readCurrent` reads the text the user sees, `diffs` lets the review
   * follow edits the user makes meanwhile (without it, an edited file's proposal is withdrawn).
   */
  gateFor(root: string, readCurrent: CurrentTextReader, diffs?: ReviewDiffs): ApprovalGate {
    return (request) => this.review(root, request, readCurrent, diffs);
  }

  /** The proposal under review, if any. */
  get current(): ProposalForReview | undefined {
    return this.active?.proposal;
  }

  /**
   * Resolves with the proposal under review now, or with the next one opened. Pass the id of a proposal just
   * decided to wait for a newer one (a decided review closes asynchronously).
   */
  nextReview(notProposalId?: string): Promise<ProposalForReview> {
    const now = this.active?.proposal;
    if (now && now.proposalId !== notProposalId && !this.active?.finishing) return Promise.resolve(now);
    return new Promise((resolve) => {
      const sub = this.onDidOpenReview((p) => {
        if (p.proposalId === notProposalId) return;
        sub.dispose();
        resolve(p);
      });
    });
  }

  /** Verdict on one hunk; throws a clear error when no such review or hunk is open. */
  decideHunk(ref: HunkRef, verdict: HunkVerdict, origin: DecisionOrigin): void {
    const a = this.require(ref.proposalId);
    a.session.decide(ref.path, ref.hunk, verdict);
    this.decidedEmitter.fire({ ...ref, verdict, origin });
    this.afterDecision(a);
  }

  /** Verdict on every open hunk of the review (or of one file); `feedback` goes to the model. */
  decideAll(
    verdict: HunkVerdict,
    origin: DecisionOrigin,
    opts: { proposalId?: string; path?: string; feedback?: string } = {},
  ): void {
    const a = this.require(opts.proposalId);
    if (opts.feedback?.trim()) a.feedback.push(opts.feedback.trim());
    for (const p of a.session.paths) {
      if (opts.path && opts.path !== p) continue;
      for (let hunk = 0; hunk < a.session.hunkCount(p); hunk++) {
        if (a.session.verdict(p, hunk) !== undefined) continue;
        a.session.decide(p, hunk, verdict);
        this.decidedEmitter.fire({ proposalId: a.proposal.proposalId, path: p, hunk, verdict, origin });
      }
    }
    this.afterDecision(a);
  }

  /** Verdict of a hunk in the open review. */
  verdictOf(ref: HunkRef): HunkVerdict | undefined {
    const a = this.active;
    return a && a.proposal.proposalId === ref.proposalId ? a.session.verdict(ref.path, ref.hunk) : undefined;
  }

  /** The hunk shown at `line` of a proposal document, or the first open hunk of the review. */
  hunkAt(uri: vscode.Uri | undefined, line: number | undefined): HunkRef | undefined {
    const a = this.active;
    if (!a) return undefined;
    const key = uri && parseProposalUri(uri);
    if (key && key.proposalId === a.proposal.proposalId && line !== undefined) {
      const file = a.proposal.files.find((f) => f.path === key.path);
      const hunk = file && hunkAtLine(file.hunks, line);
      if (file && hunk !== undefined) return { proposalId: key.proposalId, path: file.path, hunk };
    }
    return a.session.firstUndecided();
  }

  /** CodeLenses for a proposal document: why the file needs review (if it does), then Accept / Reject on each hunk. */
  lensesFor(uri: vscode.Uri): vscode.CodeLens[] {
    return reviewLenses(this.active, uri);
  }

  /** Opens the diff of the file with the first open hunk again (e.g. after the user closed it). */
  async reveal(): Promise<void> {
    const a = this.active;
    if (a) await this.view.show(a, a.session.firstUndecided()?.path ?? a.session.paths[0], true);
  }

  private require(proposalId: string | undefined): ActiveReview {
    const a = this.active;
    if (!a) throw new Error("No Greenloop change is waiting for review.");
    if (proposalId && a.proposal.proposalId !== proposalId) {
      throw new Error(`The change ${proposalId} is no longer under review (it was decided or the run moved on).`);
    }
    if (a.finishing) throw new Error("Every change of this proposal is already decided; it is being applied.");
    return a;
  }

  private review(
    root: string,
    request: ApprovalRequest,
    readCurrent: CurrentTextReader,
    diffs?: ReviewDiffs,
  ): Promise<ApprovalDecision> {
    if (request.signal.aborted) return Promise.reject(abortError("Cancelled before review."));
    this.active?.settle({ error: abortError("Superseded by a newer proposal.") });
    const { signal, ...proposal } = request;
    return new Promise<ApprovalDecision>((resolve, reject) => {
      const onAbort = () => a.settle({ error: abortError("Cancelled during review.") });
      const a: ActiveReview = {
        proposal,
        original: new Map(request.files.map((f) => [f.path, f])),
        diffs,
        session: new ReviewSession(
          request.proposalId,
          request.files.map((f) => ({ path: f.path, hunkCount: f.hunks.length })),
        ),
        root,
        afterUris: new Map(),
        leftUris: new Map(),
        readCurrent,
        feedback: [],
        finishing: false,
        settle: (outcome) => {
          if (this.active !== a) return;
          this.active = undefined;
          signal.removeEventListener("abort", onAbort);
          this.lensEmitter.fire();
          void this.view.cleanUp(a).finally(() => {
            const withdrawn = "decision" in outcome ? outcome.withdrawn : undefined;
            this.closedEmitter.fire({
              proposalId: a.proposal.proposalId,
              decision: "decision" in outcome ? outcome.decision : undefined,
              ...(withdrawn ? { withdrawn } : {}),
            });
            if ("decision" in outcome) resolve(outcome.decision);
            else reject(outcome.error);
          });
        },
      };
      for (const f of request.files) this.view.register(a, f);
      this.active = a;
      signal.addEventListener("abort", onAbort, { once: true });
      this.openEmitter.fire(proposal);
      this.lensEmitter.fire();
      if (a.session.isComplete()) void this.complete(a);
      else void this.view.show(a, a.session.firstUndecided()?.path ?? a.session.paths[0], false);
    });
  }

  private afterDecision(a: ActiveReview): void {
    this.lensEmitter.fire();
    if (a.session.isComplete()) {
      void this.complete(a);
      return;
    }
    if (a.shownPath && a.session.isFileComplete(a.shownPath)) {
      const next = a.session.firstUndecided();
      if (next) void this.view.show(a, next.path, false);
    }
  }

  /**
   * Turns the verdicts into the decision. A file the user edited after the last redraw is brought up to date
   * first; the loop carries the accepted hunks onto the user's text when it writes them.
   */
  private async complete(a: ActiveReview): Promise<void> {
    if (a.finishing) return;
    a.finishing = true;
    for (const f of a.proposal.files) {
      if (f.isNew) continue;
      const current = await a.readCurrent(f.path).catch(() => undefined);
      if (current !== undefined && current !== f.before && !this.follow(a, f.path, current)) return;
    }
    a.settle({ decision: a.session.toDecision(a.feedback) });
  }

  private onDocumentChanged(doc: vscode.TextDocument): void {
    const a = this.active;
    if (!a || a.finishing || doc.uri.scheme !== "file") return;
    const rel = path.relative(a.root, doc.uri.fsPath).split(path.sep).join("/");
    const shown = a.proposal.files.find((f) => f.path === rel);
    if (!shown || shown.isNew || doc.getText() === shown.before) return;
    this.follow(a, rel, doc.getText());
  }

  /**
   * Redraws the proposal for `rel` on top of `text` (the user's version). Returns false when that cannot be
   * done and the proposal was withdrawn instead.
   */
  private follow(a: ActiveReview, rel: string, text: string): boolean {
    const shown = redrawOnUserText(a, rel, text);
    if (!shown) {
      this.withdraw(a, rel);
      return false;
    }
    a.proposal = { ...a.proposal, files: a.proposal.files.map((f) => (f.path === rel ? shown : f)) };
    this.view.redraw(a, rel, shown.after);
    this.log.info(`${rel} was edited during review; the proposed change now sits on top of those edits.`);
    this.lensEmitter.fire();
    this.updateEmitter.fire(a.proposal);
    return true;
  }

  /** Ends the review without applying anything, says why, and lets the loop ask the model again. */
  private withdraw(a: ActiveReview, rel: string): void {
    a.finishing = true;
    const { message, decision } = withdrawal(a, rel);
    this.log.warn(
      `Proposal ${a.proposal.proposalId} withdrawn: ${rel} was edited during review in the lines it changes.`,
    );
    void vscode.window.showInformationMessage(`Greenloop: ${message}`);
    a.settle({ decision, withdrawn: message });
  }
}
