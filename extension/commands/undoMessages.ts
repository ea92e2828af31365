/** The words of Undo Last Run: what it will take back, and how the undo itself can be reversed. Pure. */
import { plural } from "../../agent-core/text/plural";

/** The confirmation: what changes, and what happens to everything else. Promises only what Greenloop does. */
export function undoConfirmation(steps: ReadonlyArray<{ path: string; action: string }>): {
  message: string;
  detail: string;
} {
  const list =
    steps
      .slice(0, 5)
      .map((c) => `${c.path} (${c.action})`)
      .join(", ") + (steps.length > 5 ? `, and ${steps.length - 5} more` : "");
  return {
    message: `Take back the last Greenloop run's changes to ${plural(steps.length, "file")}?`,
    detail:
      `${list}\n\nOnly what the run wrote is taken back; your other files and your later edits are not touched. ` +
      "Greenloop records the undo as a run of its own: the greenloop command-line tool can reverse it (greenloop undo --run <id>; the id is shown when the undo is done).",
  };
}

/** The message after an undo; names the command that reverses it when the undo was recorded. */
export function undoneMessage(files: readonly string[], undoRunId: string | undefined): string {
  const what = `Greenloop: took back the last run's changes to ${plural(files.length, "file")}.`;
  return undoRunId ? `${what} To reverse this undo, run greenloop undo --run ${undoRunId} in a terminal.` : what;
}
