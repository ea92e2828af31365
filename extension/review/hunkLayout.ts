/** Where hunks sit in the proposed text. Pure. */
import type { Hunk } from "../../agent-core/edits/types";

/** 0-based line range of a hunk in the new text (context lines included), end exclusive. */
export function hunkNewRange(hunk: Hunk): { start: number; end: number } {
  const start = Math.max(0, hunk.newStart - 1);
  return { start, end: start + Math.max(1, hunk.newLines) };
}

/** 0-based line in the new text where the hunk's first real change is (skipping leading context). */
export function hunkAnchorLine(hunk: Hunk): number {
  let line = Math.max(0, hunk.newStart - 1);
  for (const l of hunk.lines) {
    if (l.startsWith("+") || l.startsWith("-")) break;
    if (l.startsWith(" ")) line += 1;
  }
  return line;
}

/** Index of the hunk whose new-text range contains `line` (0-based), else the nearest one before it. */
export function hunkAtLine(hunks: readonly Hunk[], line: number): number | undefined {
  let best: number | undefined;
  hunks.forEach((h, i) => {
    if (hunkNewRange(h).start <= line) best = i;
  });
  if (best !== undefined && line < hunkNewRange(hunks[best]).end) return best;
  return best ?? (hunks.length ? 0 : undefined);
}
