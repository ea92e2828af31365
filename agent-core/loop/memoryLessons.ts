/**
 * Prompt text for recalled fixes, written for a small model: each hint is a lesson (the failure it fixed, and
 * what its fix changed as a short unified diff), said to be an example from other code, never SEARCH/REPLACE
 * blocks that could be pasted back as an edit. Where a hint comes from is said as it is.
 */
import { structuredPatch } from "diff";
import { parseEditBlocks } from "../edits/parse";
import type { RecalledFix } from "../ports";

/** All lessons together stay within this many tokens (characters / 4). */
export const HINT_TOKENS = 300;
/** From this edit similarity on, a hit is said to undo a change like the developer's. */
export const EDIT_MATCH_NOTED = 0.5;
const MAX_DIFF_LINES = 10;

const HEADER =
  "## Lessons from earlier fixes\nExamples only: each comes from another version of the code or another file. Use the idea if it fits; do not copy the lines as an edit.";

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A stored fix as unified-diff lines (changed lines and one line of context), at most MAX_DIFF_LINES. */
export function fixDiff(fix: string): { file: string; lines: string[] } | undefined {
  const { blocks, errors } = parseEditBlocks(fix);
  if (blocks.length === 0 || errors.length > 0) return undefined;
  const lines: string[] = [];
  for (const block of blocks) {
    const line = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);
    const patch = structuredPatch("a", "b", line(block.search), line(block.replace), "", "", { context: 1 });
    for (const hunk of patch.hunks)
      lines.push(...hunk.lines.filter((line) => !line.startsWith("\\")).map((line) => clip(line, 160)));
  }
  if (lines.length === 0 || lines.length > MAX_DIFF_LINES) return undefined;
  return { file: blocks[0].path, lines };
}

/** Where a hint comes from, in the prompt's words. */
export function sourceOf(hit: RecalledFix): string {
  if (hit.project?.same) return "from this project";
  return `from another project (${hit.project?.name || "unknown"})`;
}

/**
 * Render hits as lessons within `tokenBudget`. Whole lessons only: one that does not fit, or whose fix is
 * too long to show as a short diff, is left out. The text is "" when none can be shown.
 */
export function formatLessons(
  hits: readonly RecalledFix[],
  tokenBudget = HINT_TOKENS,
): { text: string; shown: RecalledFix[] } {
  const maxChars = Math.max(0, Math.floor(tokenBudget * 4));
  let out = HEADER;
  const shown: RecalledFix[] = [];
  for (const hit of hits) {
    const diff = fixDiff(hit.fix);
    if (!diff) continue;
    const undid = (hit.editMatch ?? 0) >= EDIT_MATCH_NOTED ? " It undid a change like yours." : "";
    const failure = clip(hit.message.split("\n")[0]?.trim() || "(no message)", 160);
    const lesson =
      `\n\n${shown.length + 1}. ${sourceOf(hit)}: \`${clip(hit.testId, 100)}\` failed with "${failure}".${undid}\n` +
      `The fix that made it pass changed ${diff.file}:\n\`\`\`diff\n${diff.lines.join("\n")}\n\`\`\``;
    if (out.length + lesson.length > maxChars) continue;
    out += lesson;
    shown.push(hit);
  }
  return { text: shown.length ? out : "", shown };
}
