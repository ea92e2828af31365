/** Prompt text for recalled fixes: short, bounded, best hit first. */
import type { RecalledFix } from "../ports";

import { estimateTokens } from "../providers/tokens";

export { estimateTokens };

const HEADER = "Similar past failures and the fixes that worked (from this project's memory; check they fit before reusing):";

/** From this edit similarity on, a hit is said to undo a change like the developer's. */
export const EDIT_MATCH_NOTED = 0.5;

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? "" : `${text.slice(0, max - 1)}…`;
}

/**
 * Render hits as a compact prompt section within `tokenBudget` (chars/4). Whole hits are added while they
 * fit; a hit that does not fit gets its fix clipped if enough room remains, else it is left out.
 * Returns "" when there are no hits or not even one can be shown meaningfully.
 */
export function formatHits(hits: readonly RecalledFix[], tokenBudget: number): string {
  const maxChars = Math.max(0, Math.floor(tokenBudget * 4));
  if (hits.length === 0 || maxChars < HEADER.length + 80) return "";
  let out = HEADER;
  for (const [i, hit] of hits.entries()) {
    const shape = (hit.editMatch ?? 0) >= EDIT_MATCH_NOTED ? ", and its fix undid a change like yours" : "";
    const head = `\n\n${i + 1}. [${Math.round(hit.similarity * 100)}% similar${shape}] ${clip(hit.testId, 120)}: ${clip(hit.message.split("\n")[0] ?? "", 200)}\nFix that worked:\n`;
    const room = maxChars - out.length - head.length;
    if (room >= hit.fix.length) {
      out += head + hit.fix;
      continue;
    }
    // Under ~60 characters a clipped fix is noise rather than guidance.
    if (room >= 60) out += head + clip(hit.fix, room);
    break;
  }
  return out === HEADER ? "" : out;
}
