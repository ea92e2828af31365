/** For unknown runners (or output no parser understood): the raw output trimmed around error-looking lines. */
import type { TestCaseResult } from "../types";

const ERROR_LINE = /Error\b|\bassert|AssertionError|\bFAIL|Traceback|✗|✖|×|\bpanic|\bfailed\b|\bexception\b/i;
const MAX_LINES = 60;
const CONTEXT = 3;

/** Up to 60 lines of `output`: windows around error-looking lines, else its last lines. */
export function errorExcerpt(output: string, maxLines = MAX_LINES): string {
  const lines = output.replace(/\s+$/, "").split("\n");
  if (lines.length <= maxLines) return lines.join("\n");
  const keep = new Set<number>();
  for (let i = 0; i < lines.length && keep.size < maxLines; i++) {
    if (!ERROR_LINE.test(lines[i])) continue;
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(lines.length - 1, i + CONTEXT) && keep.size < maxLines; j++)
      keep.add(j);
  }
  if (keep.size === 0) return ["[…]", ...lines.slice(-maxLines + 1)].join("\n");
  const out: string[] = [];
  let previous = -1;
  for (const i of [...keep].sort((a, b) => a - b)) {
    if (previous >= 0 && i !== previous + 1) out.push("[…]");
    else if (previous < 0 && i > 0) out.push("[…]");
    out.push(lines[i]);
    previous = i;
  }
  if (previous < lines.length - 1) out.push("[…]");
  return out.join("\n");
}

/** One synthetic failure standing for a whole failed run whose output could not be parsed. */
export function syntheticFailure(output: string, exitCode: number | null): TestCaseResult {
  const excerpt = errorExcerpt(output);
  const status = exitCode === null ? "did not finish" : `exited with code ${exitCode}`;
  return {
    id: "(test run)",
    status: "failed",
    message: excerpt ? `The test command ${status}:\n${excerpt}` : `The test command ${status} and printed nothing.`,
  };
}
