/** What the live region says when something noteworthy happens (screen readers hear it). */
import type { LoopEvent } from "../agent-core/events";
import { plural } from "./dom";

/** A short sentence for an event, or undefined when it is not worth interrupting for. */
export function announcementFor(e: LoopEvent): string | undefined {
  switch (e.type) {
    case "iteration-started":
      return `Iteration ${e.iteration} started`;
    case "tests-finished":
      return `Tests: ${e.counts.passed} passed, ${e.counts.failed} failed${e.timedOut ? ", timed out" : ""}`;
    case "patch-proposed":
      return e.needsApproval ? `A change to ${plural(e.files.length, "file")} waits for your decision` : undefined;
    case "patch-reverted":
      return `Patch reverted: ${e.reason}`;
    case "patch-rejected":
      return `Patch rejected: ${e.reason}`;
    case "memory-hits":
      return e.hits.length > 0 ? `${plural(e.hits.length, "memory hit")} found` : undefined;
    case "run-finished":
      return `Run finished: ${e.message}`;
    default:
      return undefined;
  }
}
