import { createInterface } from "node:readline";
import { StopRun } from "../loop/context";
import type { ApprovalDecision, ApprovalRequest } from "../ports";

/**
 * Asks per hunk on the terminal: y (accept), n (reject), a (accept the rest), q (reject the rest).
 * Works on a TTY and on piped input; when input ends after some answers, the remaining hunks are rejected.
 * When input has ended before a change got any answer (no terminal: `--yes` in a script or CI), nobody can
 * review it: the run stops saying so, instead of taking the silence for a no and asking the model again.
 */
export function createTerminalApproval(input: NodeJS.ReadableStream, write: (s: string) => void) {
  const rl = createInterface({ input, terminal: false });
  const lines: string[] = [];
  const waiters: Array<(line: string | undefined) => void> = [];
  let closed = false;
  rl.on("line", (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  rl.on("close", () => {
    closed = true;
    for (const waiter of waiters.splice(0)) waiter(undefined);
  });
  const nextLine = (signal: AbortSignal) =>
    new Promise<string | undefined>((resolve) => {
      if (lines.length) return resolve(lines.shift());
      if (closed || signal.aborted) return resolve(undefined);
      waiters.push(resolve);
      signal.addEventListener("abort", () => resolve(undefined), { once: true });
    });

  const nobodyToAsk = (request: ApprovalRequest) => {
    const why = request.reasons.length ? ` (${request.reasons.slice(0, 3).join("; ")})` : "";
    return new StopRun(
      "stuck",
      `This change needs your review: run interactively or in the editor${why}. Input has ended, so nobody can answer here; nothing was written.`,
    );
  };

  const gate = async (request: ApprovalRequest): Promise<ApprovalDecision> => {
    const decision: ApprovalDecision = { files: [] };
    let rest: "accept" | "reject" | undefined;
    let answered = false;
    for (const reason of request.reasons) write(`  ! ${reason}\n`);
    if (closed && lines.length === 0 && !request.signal.aborted) throw nobodyToAsk(request);
    for (const file of request.files) {
      const accepted: number[] = [];
      for (let i = 0; i < file.hunks.length; i++) {
        const hunk = file.hunks[i];
        if (!rest) {
          write(`\n${file.path} — hunk ${i + 1}/${file.hunks.length}\n`);
          write(
            `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@\n${hunk.lines.join("\n")}\n`,
          );
          write("Apply this hunk? [y]es [n]o [a]ll remaining [q]uit: ");
          const answer = (await nextLine(request.signal))?.trim().toLowerCase();
          write("\n");
          if (answer === undefined && !answered && !request.signal.aborted) throw nobodyToAsk(request);
          answered = true;
          if (answer === undefined || answer === "q") rest = "reject";
          else if (answer === "a") rest = "accept";
          else if (answer === "y" || answer === "yes") accepted.push(i);
          if (rest === "accept") accepted.push(i);
          continue;
        }
        if (rest === "accept") accepted.push(i);
      }
      decision.files.push({ path: file.path, acceptedHunks: accepted });
    }
    if (decision.files.every((f) => f.acceptedHunks.length === 0)) decision.feedback = "rejected in review";
    return decision;
  };
  return { gate, close: () => rl.close() };
}
