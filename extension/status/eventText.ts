/** One-line texts for loop events: progress notification and log lines. Pure. */
import type { LoopEvent } from "../../agent-core/events";
import { plural } from "../../agent-core/text/plural";

/** Short progress text for the notification, or undefined when the event changes nothing visible. */
export function progressText(e: LoopEvent): string | undefined {
  switch (e.type) {
    case "run-started":
      return `Checking the model server, then running ${e.testCommand}`;
    case "iteration-started":
      return `Iteration ${e.iteration}`;
    case "phase":
      // Iteration 0 plans by running the tests, before any question to the model.
      if (e.phase === "plan" && e.iteration === 0) return "Running the tests to see what fails";
      return `Iteration ${e.iteration}: ${{ plan: "planning", edit: "asking the model for a change", test: "running tests", reflect: "reflecting on failures" }[e.phase]}`;
    case "patch-proposed":
      return e.needsApproval
        ? `Iteration ${e.iteration}: waiting for your review (Accept / Reject in the diff editor)`
        : undefined;
    case "tests-finished":
      // A crash or timeout reports 0/0: say so, or the notification reads like an empty but clean run.
      return `Iteration ${e.iteration}: ${e.counts.passed} passed, ${e.counts.failed} failed${e.crashed ? ", crashed" : ""}${e.timedOut ? ", timed out" : ""}`;
    case "run-finished":
      return e.message;
    default:
      return undefined;
  }
}

/** Log line for an event; streamed model text is left out (too chatty for the log). */
export function logText(e: LoopEvent): { level: "debug" | "info" | "warn" | "error"; text: string } | undefined {
  switch (e.type) {
    case "model-text":
      return undefined;
    case "log":
      return { level: e.level, text: e.message };
    case "run-started":
      return {
        level: "info",
        text: `Run ${e.runId} on ${e.file} with ${e.provider}/${e.model}; tests: ${e.testCommand}${(e.testNotes ?? []).map((n) => `\n  ${n}`).join("")}`,
      };
    case "checkpoint-created":
      return { level: "info", text: `Checkpoint ${e.checkpointId.slice(0, 10)} (${e.durationMs} ms)` };
    case "edit-failed":
      return { level: "warn", text: `Iteration ${e.iteration}: edit failed: ${e.errors.join("; ")}` };
    case "patch-proposed":
      return {
        level: "info",
        text: `Iteration ${e.iteration}: ${e.source} proposal ${e.proposalId} for ${e.files.map((f) => `${f.path} (${plural(f.hunkCount, "hunk")})`).join(", ")}${e.needsApproval ? ", needs review" : ""}`,
      };
    case "patch-rejected":
      return { level: "info", text: `Proposal ${e.proposalId} rejected: ${e.reason}` };
    case "tests-finished":
      return {
        level: "info",
        text: `Iteration ${e.iteration} (${e.scope}): ${e.counts.passed} passed, ${e.counts.failed} failed${e.crashed ? ", crashed" : ""}${e.timedOut ? ", timed out" : ""} in ${e.durationMs} ms`,
      };
    case "run-finished":
      return {
        level: e.reason === "green" ? "info" : "warn",
        text: `Run finished: ${e.reason}: ${e.message} (${plural(e.iterations, "iteration")}, ${plural(e.promptTokens + e.completionTokens, "token")}, ${e.durationMs} ms)`,
      };
    default:
      return { level: "debug", text: `${e.type}` };
  }
}
