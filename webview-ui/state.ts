/**
 * The panel's state and its pure reducer, shared by the host (which keeps it and resends it on `ready`) and
 * the webview (which renders it and keeps it in `setState`). Both compute the same view from the same actions.
 */
import type { LoopEvent } from "../agent-core/events";
import type { TrainingReport } from "../agent-core/training/reportSchema";
import type { HunkDecisionValue, PanelSnapshot, ProposalState, TrainingProgressState, UndoState } from "./protocol";
import { emptyRunState, interruptRun, type RunState, reduceRunEvent } from "./runView";

export interface PanelState extends RunState {
  /** The current run's events (model text coalesced); the source a snapshot is rebuilt from. */
  events: LoopEvent[];
  proposal?: ProposalState;
  training?: TrainingReport;
  /** The training run going on or last ended; separate from the run above. */
  trainingProgress?: TrainingProgressState;
  interrupted: boolean;
  /** What Undo can do for the run shown, once the host said so. */
  undo?: { runId: string; state: UndoState };
}

/** Everything that changes the panel. */
export type PanelAction =
  | { kind: "event"; event: LoopEvent }
  | { kind: "proposal"; proposal: ProposalState }
  | { kind: "decide-hunk"; proposalId: string; path: string; hunk: number; accept: boolean }
  | { kind: "decide-all"; proposalId: string; accept: boolean }
  | { kind: "submitted"; proposalId: string }
  | { kind: "training"; report: TrainingReport }
  | { kind: "undo-state"; runId: string; state: UndoState }
  | { kind: "training-progress"; progress: TrainingProgressState }
  | { kind: "interrupt" }
  | { kind: "restore"; snapshot: PanelSnapshot };

/** Events kept per run; the oldest `log` events go first when a run is very chatty. */
export const MAX_EVENTS = 4000;

/** The state of a fresh panel. */
export function emptyPanelState(): PanelState {
  return { ...emptyRunState(), events: [], interrupted: false };
}

/** Appends an event to the log, merging consecutive model text of one iteration into one event. */
export function appendEvent(events: LoopEvent[], e: LoopEvent): LoopEvent[] {
  if (e.type === "run-started") return [e];
  const last = events[events.length - 1];
  if (
    e.type === "model-text" &&
    last?.type === "model-text" &&
    last.iteration === e.iteration &&
    last.runId === e.runId
  ) {
    return events.slice(0, -1).concat({ ...last, delta: last.delta + e.delta, at: e.at });
  }
  const next = events.concat(e);
  if (next.length <= MAX_EVENTS) return next;
  const firstLog = next.findIndex((x) => x.type === "log");
  // Without logs to drop, drop the oldest event after run-started (the run's header must survive).
  const drop = firstLog >= 0 ? firstLog : 1;
  return next.filter((_, i) => i !== drop);
}

/** Why a decision cannot be applied, or undefined when it can. */
export function checkDecision(state: PanelState, proposalId: string, path?: string, hunk?: number): string | undefined {
  const p = state.proposal;
  if (!p || p.proposalId !== proposalId) return `No pending proposal ${proposalId}`;
  if (p.submitted) return `Proposal ${proposalId} was already submitted`;
  if (path === undefined) return undefined;
  const fileIndex = p.files.findIndex((f) => f.path === path);
  if (fileIndex < 0) return `Proposal ${proposalId} does not change ${path}`;
  if (hunk === undefined || hunk < 0 || hunk >= p.files[fileIndex].hunks.length) {
    return `${path} has no hunk ${hunk === undefined ? "" : hunk + 1}`.trim();
  }
  return undefined;
}

/** The decision to hand to the loop: accepted hunk indexes per file; files with none accepted are left out. */
export function decisionOf(proposal: ProposalState): Array<{ path: string; acceptedHunks: number[] }> {
  const files: Array<{ path: string; acceptedHunks: number[] }> = [];
  proposal.files.forEach((f, i) => {
    const acceptedHunks = (proposal.decisions[i] ?? []).flatMap((d, h) => (d === "accepted" ? [h] : []));
    if (acceptedHunks.length > 0) files.push({ path: f.path, acceptedHunks });
  });
  return files;
}

/** Counts of hunk decisions in a proposal. */
export function decisionCounts(proposal: ProposalState): Record<HunkDecisionValue, number> {
  const counts = { pending: 0, accepted: 0, rejected: 0 };
  proposal.files.forEach((f, i) => f.hunks.forEach((_, h) => counts[proposal.decisions[i]?.[h] ?? "pending"]++));
  return counts;
}

/** Makes `decisions` line up with the files and hunks, filling gaps with "pending". */
export function normalizeProposal(p: ProposalState): ProposalState {
  const decisions = p.files.map((f, i) => f.hunks.map((_, h) => p.decisions[i]?.[h] ?? "pending"));
  return { ...p, decisions };
}

function setDecisions(
  p: ProposalState,
  pick: (fileIndex: number, hunk: number) => boolean,
  value: HunkDecisionValue,
): ProposalState {
  const decisions = p.decisions.map((row, i) => row.map((d, h) => (pick(i, h) ? value : d)));
  return { ...p, decisions };
}

function closesProposal(e: LoopEvent, proposalId: string): boolean {
  switch (e.type) {
    case "patch-approved":
    case "patch-rejected":
    case "patch-applied":
    case "patch-reverted":
      return e.proposalId === proposalId;
    case "run-started":
    case "run-finished":
      return true;
    default:
      return false;
  }
}

/** The pure reducer of the panel. Invalid decisions leave the state unchanged (see `checkDecision`). */
export function reducePanel(state: PanelState, action: PanelAction): PanelState {
  switch (action.kind) {
    case "event": {
      const e = action.event;
      // Events of another run than the current one (a late event of a stopped run) are dropped.
      if (e.type !== "run-started" && state.run?.runId !== e.runId) return state;
      const run = reduceRunEvent(state, e);
      const proposal = state.proposal && closesProposal(e, state.proposal.proposalId) ? undefined : state.proposal;
      const interrupted = e.type === "run-started" ? false : state.interrupted;
      const undo = e.type === "run-started" ? undefined : state.undo;
      return { ...state, ...run, events: appendEvent(state.events, e), proposal, interrupted, undo };
    }
    case "proposal":
      return { ...state, proposal: normalizeProposal(action.proposal) };
    case "decide-hunk": {
      if (checkDecision(state, action.proposalId, action.path, action.hunk)) return state;
      const p = state.proposal!;
      const fileIndex = p.files.findIndex((f) => f.path === action.path);
      const value = action.accept ? "accepted" : "rejected";
      return { ...state, proposal: setDecisions(p, (i, h) => i === fileIndex && h === action.hunk, value) };
    }
    case "decide-all": {
      if (checkDecision(state, action.proposalId)) return state;
      // Only open hunks: the diff editor's "accept all" follows the same rule, so both views agree.
      const p = state.proposal!;
      return {
        ...state,
        proposal: setDecisions(p, (i, h) => p.decisions[i][h] === "pending", action.accept ? "accepted" : "rejected"),
      };
    }
    case "submitted": {
      if (checkDecision(state, action.proposalId)) return state;
      return { ...state, proposal: { ...state.proposal!, submitted: true } };
    }
    case "training":
      return { ...state, training: action.report };
    case "undo-state":
      if (state.run?.runId !== action.runId) return state;
      return { ...state, undo: { runId: action.runId, state: action.state } };
    case "training-progress":
      return { ...state, trainingProgress: action.progress };
    case "interrupt": {
      const run = interruptRun(state);
      return { ...state, ...run, proposal: undefined, interrupted: true };
    }
    case "restore":
      return fromSnapshot(action.snapshot);
  }
}

/** The part of the state worth saving; everything else is derived from it. */
export function toSnapshot(state: PanelState): PanelSnapshot {
  const snapshot: PanelSnapshot = { events: state.events, interrupted: state.interrupted };
  if (state.proposal) snapshot.proposal = state.proposal;
  if (state.training) snapshot.training = state.training;
  if (state.undo) snapshot.undo = state.undo;
  if (state.trainingProgress) snapshot.trainingProgress = state.trainingProgress;
  return snapshot;
}

/** Rebuilds the full state from a snapshot by replaying its events through the same reducer. */
export function fromSnapshot(snapshot: PanelSnapshot): PanelState {
  let state = emptyPanelState();
  for (const event of snapshot.events) state = reducePanel(state, { kind: "event", event });
  if (snapshot.proposal) state = reducePanel(state, { kind: "proposal", proposal: snapshot.proposal });
  if (snapshot.training) state = { ...state, training: snapshot.training };
  if (snapshot.trainingProgress) state = { ...state, trainingProgress: snapshot.trainingProgress };
  if (snapshot.interrupted) state = reducePanel(state, { kind: "interrupt" });
  if (snapshot.undo) state = reducePanel(state, { kind: "undo-state", ...snapshot.undo });
  return state;
}

/** True when the state shows nothing (no run, no report). */
export function isEmptyState(state: PanelState): boolean {
  return !state.run && state.events.length === 0 && !state.training && !state.proposal && !state.trainingProgress;
}
