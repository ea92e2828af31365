/** The run state shown in the status bar, derived from loop events. Pure. */
import type { LoopEvent, StopReason } from "../../agent-core/events";
import { plural } from "../../agent-core/text/plural";

export type RunState =
  | { kind: "idle" }
  | { kind: "starting"; file: string }
  | { kind: "running"; file: string; iteration: number; maxIterations: number; phase?: string }
  | { kind: "awaiting-approval"; file: string; iteration: number; maxIterations: number }
  | { kind: "green"; file: string; iterations: number }
  /** The tests passed before any change (the file may have no test at all): nothing was done. */
  | { kind: "nothing-to-fix"; file: string; message: string }
  /** `beforeStart`: the run ended before the loop reported its start (setup or configuration problem). */
  | { kind: "stopped"; file: string; reason: StopReason; message: string; beforeStart?: boolean }
  /** The run's changes were taken back by Undo. */
  | { kind: "undone"; file: string };

/** Next state after `event`; events that do not change what the user sees return `state` unchanged. */
export function nextRunState(state: RunState, event: LoopEvent): RunState {
  const file = "file" in state ? state.file : "";
  const maxIterations = "maxIterations" in state ? state.maxIterations : 0;
  switch (event.type) {
    case "run-started":
      return { kind: "running", file: event.file, iteration: 0, maxIterations: event.budget.maxIterations };
    case "iteration-started":
      return { kind: "running", file, iteration: event.iteration, maxIterations };
    case "phase":
      return { kind: "running", file, iteration: event.iteration, maxIterations, phase: event.phase };
    case "patch-proposed":
      return event.needsApproval
        ? { kind: "awaiting-approval", file, iteration: event.iteration, maxIterations }
        : state;
    case "patch-approved":
    case "patch-rejected":
      return state.kind === "awaiting-approval"
        ? { kind: "running", file, iteration: state.iteration, maxIterations }
        : state;
    case "run-finished": {
      if (event.reason === "green") {
        return event.iterations === 0
          ? { kind: "nothing-to-fix", file, message: event.message }
          : { kind: "green", file, iterations: event.iterations };
      }
      const beforeStart = event.reason !== "cancelled" && (state.kind === "starting" || state.kind === "idle");
      return {
        kind: "stopped",
        file,
        reason: event.reason,
        message: event.message,
        ...(beforeStart ? { beforeStart } : {}),
      };
    }
    default:
      return state;
  }
}

const name = (f: string) => f.split(/[\\/]/).pop() ?? f;

/** Status bar text (with codicons) and tooltip for a state. */
export function describeRunState(state: RunState): { text: string; tooltip: string } {
  switch (state.kind) {
    case "idle":
      return {
        text: "$(beaker) Greenloop",
        tooltip: "Greenloop is idle. Click for its commands, or right-click a source file: Fix Until Tests Pass.",
      };
    case "starting":
      return { text: "$(loading~spin) Greenloop: starting", tooltip: `Preparing a run on ${state.file}` };
    case "running": {
      const of = state.maxIterations ? `/${state.maxIterations}` : "";
      if (state.iteration === 0 && state.phase === "plan") {
        return {
          text: "$(loading~spin) Greenloop: running the tests",
          tooltip: `Running the tests to see what fails in ${state.file}. Click to show the Greenloop panel.`,
        };
      }
      const phase = state.phase ? ` (${state.phase})` : "";
      return {
        text: `$(loading~spin) Greenloop: iteration ${state.iteration}${of}${phase}`,
        tooltip: `Fixing ${state.file}. Click to show the Greenloop panel.`,
      };
    }
    case "awaiting-approval":
      return {
        text: `$(eye) Greenloop: review iteration ${state.iteration}`,
        tooltip: `A change to ${state.file} waits for your review (Accept / Reject in the diff editor).`,
      };
    case "green":
      return {
        text: "$(pass-filled) Greenloop: green",
        tooltip: `Tests pass for ${name(state.file)} after ${plural(state.iterations, "iteration")}.`,
      };
    case "nothing-to-fix":
      return { text: "$(info) Greenloop: nothing to fix", tooltip: state.message };
    case "stopped":
      return {
        text: state.beforeStart
          ? "$(warning) Greenloop: could not start"
          : `$(debug-stop) Greenloop: stopped (${state.reason})`,
        tooltip: state.beforeStart ? `${state.message} (click to see the message again)` : state.message,
      };
    case "undone":
      return {
        text: "$(discard) Greenloop: undone",
        tooltip: `The last run's changes to ${name(state.file)} were taken back.`,
      };
  }
}
