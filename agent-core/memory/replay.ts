/**
 * The check behind replaying a stored fix without a model call: the fix must be SEARCH/REPLACE blocks for
 * one file whose every SEARCH text occurs exactly once in the file as it is now. Anything less is ambiguous
 * and goes to the model instead.
 */

/** One SEARCH/REPLACE block as stored in a fix. */
export interface StoredBlock {
  /** The path line above the block, if any. */
  path?: string;
  search: string;
  replace: string;
}

const START = /^\s*<{5,9}\s*SEARCH\s*$/;
const DIVIDER = /^\s*={5,9}\s*$/;
const END = /^\s*>{5,9}\s*REPLACE\s*$/;
const FENCE = /^\s*```/;

/** Parse SEARCH/REPLACE blocks; returns undefined when the text has none or a block is unterminated. */
export function parseStoredBlocks(text: string): StoredBlock[] | undefined {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: StoredBlock[] = [];
  let lastPath: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!START.test(line)) {
      if (line.trim() && !FENCE.test(line) && !DIVIDER.test(line) && !END.test(line)) lastPath = line.trim().replace(/^[*`#\s]+|[*`:\s]+$/g, "");
      continue;
    }
    const search: string[] = [];
    const replace: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !DIVIDER.test(lines[j]); j++) search.push(lines[j]);
    if (j >= lines.length) return undefined;
    for (j++; j < lines.length && !END.test(lines[j]); j++) replace.push(lines[j]);
    if (j >= lines.length) return undefined;
    blocks.push({ path: lastPath, search: search.join("\n"), replace: replace.join("\n") });
    i = j;
  }
  return blocks.length ? blocks : undefined;
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0 && count < 2; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

/** Whether a block's path line names `file` (either may be given relative to a deeper folder). */
export function samePath(blockPath: string | undefined, file: string): boolean {
  if (!blockPath || !file) return true;
  const norm = (p: string) => p.replace(/\\/g, "/").replace(/^\.\//, "");
  const a = norm(blockPath);
  const b = norm(file);
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

/**
 * True when `fix` consists of SEARCH/REPLACE blocks for `file` only, none with an empty SEARCH, and each
 * SEARCH occurs exactly once in `content` (CRLF files are compared with LF line ends).
 */
export function fixAppliesCleanly(fix: string, file: string, content: string): boolean {
  const blocks = parseStoredBlocks(fix);
  if (!blocks) return false;
  const text = content.replace(/\r\n/g, "\n");
  return blocks.every((block) => block.search.trim() !== "" && samePath(block.path, file) && occurrences(text, block.search) === 1);
}
