/**
 * Reading stored fixes (SEARCH/REPLACE blocks, parsed by the loop's own parser): the check behind replaying
 * one without a model call, the key that tells two fixes making the same change, and what a fix would do to
 * the code that fails now (compared with all whitespace removed, so re-indented code still matches).
 */
import { parseEditBlocks } from "../edits/parse";
import type { EditBlock } from "../edits/types";

/** The blocks of a stored fix (texts without their final line end); undefined when it has none or one is malformed. */
export function storedBlocks(fix: string): EditBlock[] | undefined {
  // "" stands for "no path line": such a block applies to the file the fix is replayed on.
  const { blocks, errors } = parseEditBlocks(fix, { defaultPath: "" });
  const chomp = (text: string) => text.replace(/\n$/, "");
  return blocks.length > 0 && errors.length === 0
    ? blocks.map((b) => ({ path: b.path, search: chomp(b.search), replace: chomp(b.replace) }))
    : undefined;
}

/** Occurrences of `needle` in `haystack`, counted up to 2. */
function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0 && count < 2; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

/** Whether a block's path names `file` (either may be given relative to a deeper folder). */
function samePath(blockPath: string | undefined, file: string): boolean {
  if (!blockPath || !file) return true;
  const [a, b] = [blockPath, file].map((p) => p.replace(/\\/g, "/").replace(/^\.\//, ""));
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

/** True when `fix` is blocks for `file` only, none with an empty SEARCH, each SEARCH exactly once in `content`. */
export function fixAppliesCleanly(fix: string, file: string, content: string): boolean {
  const text = content.replace(/\r\n/g, "\n");
  return !!storedBlocks(fix)?.every(
    (block) => block.search.trim() !== "" && samePath(block.path, file) && occurrences(text, block.search) === 1,
  );
}

/**
 * What a fix changes, whatever context lines it was stored with: the lines that differ in each block, with all
 * whitespace removed. Two records carrying the same change (recorded on two versions of a file) get one key.
 */
export function fixContentKey(fix: string): string {
  const blocks = storedBlocks(fix);
  if (!blocks) return fix.replace(/\s+/g, "");
  return blocks
    .map(({ search, replace }) => {
      const [a, b] = [search.split("\n"), replace.split("\n")];
      while (a.length && b.length && a[0] === b[0]) a.shift(), b.shift();
      while (a.length && b.length && a[a.length - 1] === b[b.length - 1]) a.pop(), b.pop();
      return `${a.join("\n")}\u0000${b.join("\n")}`.replace(/[ \t\r\n]+/g, "");
    })
    .join("\u0001");
}

/**
 * What a stored fix would do to the current code: "applied" when every block of this file is already in place
 * (its REPLACE text there, its SEARCH text not), "applicable" when a block's SEARCH text occurs exactly once
 * (the buggy pattern exists here), else "unknown" (another file, text beyond the visible code, ambiguous).
 */
export type CodeVerdict = "applied" | "applicable" | "unknown";

/** Normalised texts shorter than this match too much ("}", "return x;") to say anything. */
const MIN_COMPARABLE = 12;

/** One block's verdict; REPLACE text is blanked out first, so a fix appending to its SEARCH text reads as applied. */
function judgeBlock(block: EditBlock, compactedCode: string): CodeVerdict {
  const [search, replace] = [block.search, block.replace].map((text) => text.replace(/\s+/g, ""));
  if (search.length < MIN_COMPARABLE || search === replace) return "unknown";
  const replaceSeen = replace.length >= MIN_COMPARABLE && compactedCode.includes(replace);
  const searchCount = occurrences(replaceSeen ? compactedCode.split(replace).join("\u0000") : compactedCode, search);
  return searchCount === 1 ? "applicable" : searchCount === 0 && replaceSeen ? "applied" : "unknown";
}

/** What `fix` would do to `file` whose visible code is `code`: "applicable" wins (part of it is still needed). */
export function judgeFix(fix: string, file: string, code: string): CodeVerdict {
  const blocks = code.trim() ? storedBlocks(fix)?.filter((block) => samePath(block.path, file)) : undefined;
  if (!blocks?.length) return "unknown";
  const compacted = code.replace(/\s+/g, "");
  const verdicts = blocks.map((block) => judgeBlock(block, compacted));
  if (verdicts.includes("applicable")) return "applicable";
  return verdicts.every((v) => v === "applied") ? "applied" : "unknown";
}

/** Score adjustment: a fix already in place here sinks below any other hit; one whose SEARCH text is here gains. */
export const codeMatchAdjustment = (verdict?: CodeVerdict): number =>
  verdict === "applied" ? -1 : verdict === "applicable" ? 0.1 : 0;
