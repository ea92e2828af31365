/**
 * The check behind replaying a stored fix without a model call: the fix must be SEARCH/REPLACE blocks for
 * one file whose every SEARCH text occurs exactly once in the file as it is now. Anything less is ambiguous
 * and goes to the model instead.
 */
import { parseEditBlocks } from "../edits/parse";

/** One SEARCH/REPLACE block as stored in a fix. */
export interface StoredBlock {
  /** The path line above the block, if any. */
  path?: string;
  search: string;
  replace: string;
}

/** A section as stored: its lines joined by "\n", without the last line's newline. */
const storedSection = (section: string) => (section.endsWith("\n") ? section.slice(0, -1) : section);

/** Parse SEARCH/REPLACE blocks; returns undefined when the text has none or any block is malformed. */
export function parseStoredBlocks(text: string): StoredBlock[] | undefined {
  // "" stands for "no path line": such a block applies to the file the fix is replayed on.
  const { blocks, errors } = parseEditBlocks(text, { defaultPath: "" });
  if (errors.length > 0 || blocks.length === 0) return undefined;
  return blocks.map((b) => ({ ...(b.path ? { path: b.path } : {}), search: storedSection(b.search), replace: storedSection(b.replace) }));
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
