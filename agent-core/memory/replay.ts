/**
 * Reading stored fixes (SEARCH/REPLACE blocks, parsed by the loop's own parser) and the check behind replaying
 * one without a model call: blocks for one file only, each SEARCH text exactly once in the file as it is now.
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

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0 && count < 2; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

/** Whether a block's path names `file` (either may be given relative to a deeper folder). */
export function samePath(blockPath: string | undefined, file: string): boolean {
  if (!blockPath || !file) return true;
  const norm = (p: string) => p.replace(/\\/g, "/").replace(/^\.\//, "");
  const [a, b] = [norm(blockPath), norm(file)];
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

/** True when `fix` is blocks for `file` only, none with an empty SEARCH, each SEARCH exactly once in `content`. */
export function fixAppliesCleanly(fix: string, file: string, content: string): boolean {
  const blocks = storedBlocks(fix);
  const text = content.replace(/\r\n/g, "\n");
  return (
    !!blocks &&
    blocks.every(
      (block) => block.search.trim() !== "" && samePath(block.path, file) && occurrences(text, block.search) === 1,
    )
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
