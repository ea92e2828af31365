/**
 * Judges a stored fix against the code of the file that fails now. A fix whose REPLACE text is already in
 * the file and whose SEARCH text is not has been applied here already, so it cannot be the fix this failure
 * needs; a fix whose SEARCH text occurs here once names a pattern that exists in this code. Code is compared
 * with all whitespace removed, so re-indented or re-wrapped code still matches. The query carries the whole
 * file (its first 64k characters); blocks of other files cannot be judged and stay "unknown".
 */
import type { EditBlock } from "../edits/types";
import { samePath, storedBlocks } from "./replay";

/** What a stored fix would do to the current code. */
export type CodeVerdict =
  /** Every judged block of this file is already in place: the fix was applied here before. */
  | "applied"
  /** At least one block's SEARCH text occurs exactly once: the buggy pattern exists here. */
  | "applicable"
  /** Not SEARCH/REPLACE, another file, text beyond the visible code, or ambiguous. */
  | "unknown";

/** Normalised texts shorter than this match too much ("}", "return x;") to say anything. */
const MIN_COMPARABLE = 12;

/** Code with all whitespace removed (indentation, wrapping and CRLF do not matter). */
export function compactCode(text: string): string {
  return text.replace(/\s+/g, "");
}

function countOccurrences(haystack: string, needle: string, max = 2): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0 && count < max; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

/**
 * Verdict for one block against compacted code. The REPLACE text's occurrences are blanked out before
 * SEARCH is looked for, so a fix that only appends to its SEARCH text (SEARCH inside REPLACE) still reads
 * as applied once it is in place.
 */
export function judgeBlock(block: EditBlock, compactedCode: string): CodeVerdict {
  const search = compactCode(block.search);
  const replace = compactCode(block.replace);
  if (search.length < MIN_COMPARABLE || search === replace) return "unknown";
  const replaceSeen = replace.length >= MIN_COMPARABLE && compactedCode.includes(replace);
  const rest = replaceSeen ? compactedCode.split(replace).join("\u0000") : compactedCode;
  const searchCount = countOccurrences(rest, search);
  if (searchCount === 1) return "applicable";
  if (searchCount === 0 && replaceSeen) return "applied";
  return "unknown";
}

/**
 * What `fix` would do to `file` whose visible code is `code`. "applicable" wins when any block finds its
 * SEARCH text (part of the fix is still needed); "applied" needs every block of this file to be in place.
 */
export function judgeFix(fix: string, file: string, code: string): CodeVerdict {
  if (!code.trim()) return "unknown";
  const blocks = storedBlocks(fix)?.filter((block) => samePath(block.path, file));
  if (!blocks?.length) return "unknown";
  const compacted = compactCode(code);
  const verdicts = blocks.map((block) => judgeBlock(block, compacted));
  if (verdicts.includes("applicable")) return "applicable";
  return verdicts.every((v) => v === "applied") ? "applied" : "unknown";
}

/**
 * Score adjustment for a verdict: a fix already in place here cannot be what this failure needs (−1, below any
 * other hit), one whose SEARCH text occurs here names a pattern that exists (+0.1). Chosen on the labeled set.
 */
export function codeMatchAdjustment(verdict: CodeVerdict): number {
  return verdict === "applied" ? -1 : verdict === "applicable" ? 0.1 : 0;
}
