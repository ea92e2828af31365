/** Applies a whole answer's blocks, in order, to a set of files held in memory. */
import type { EditBlock, MatchKind } from "./types";
import { applyEdit, type ApplyOutcome } from "./apply";
import { normalizeRelPath } from "./relpath";

/** What happened to one block of the answer. */
export interface BlockOutcome {
  /** Position of the block in the answer (0-based). */
  index: number;
  block: EditBlock;
  /** Normalised workspace-relative path the block was applied to (the raw path when it is invalid). */
  path: string;
  outcome: ApplyOutcome;
}

/** Result of applying several blocks. */
export interface ApplyEditsResult {
  outcomes: BlockOutcome[];
  /** Every input file plus created ones, with all successful blocks applied. */
  contents: Map<string, string>;
  /** Paths whose content differs from the input (in first-touched order). */
  changed: string[];
  /** Paths that did not exist in the input and were created. */
  created: string[];
  /** Match kinds of the successful blocks, per path. */
  matchKinds: Map<string, MatchKind[]>;
}

/**
 * Applies blocks in order; a later block sees the result of earlier ones on the same file.
 * Files absent from `files` count as missing (only an empty SEARCH can create them).
 * Failed blocks leave content untouched and are reported, never dropped silently.
 */
export function applyEdits(files: ReadonlyMap<string, string>, blocks: readonly EditBlock[]): ApplyEditsResult {
  const contents = new Map(files);
  const touched: string[] = [];
  const matchKinds = new Map<string, MatchKind[]>();
  const outcomes: BlockOutcome[] = [];

  blocks.forEach((block, index) => {
    let key: string;
    try {
      const normalized = normalizeRelPath(block.path);
      key = contents.has(normalized) || !contents.has(block.path) ? normalized : block.path;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      outcomes.push({ index, block, path: block.path, outcome: { ok: false, reason: "not-found", message } });
      return;
    }
    const current = contents.get(key);
    const searchEmpty = block.search.trim() === "";
    if (current === undefined && !searchEmpty) {
      const message = `File ${key} does not exist. To create it, leave the SEARCH section empty and put the whole file in REPLACE.`;
      outcomes.push({ index, block, path: key, outcome: { ok: false, reason: "not-found", message } });
      return;
    }
    const outcome = applyEdit(current ?? "", { ...block, path: key });
    outcomes.push({ index, block, path: key, outcome });
    if (!outcome.ok) return;
    contents.set(key, outcome.content);
    if (!touched.includes(key)) touched.push(key);
    matchKinds.set(key, [...(matchKinds.get(key) ?? []), outcome.kind]);
  });

  const changed = touched.filter((p) => files.get(p) !== contents.get(p));
  const created = touched.filter((p) => !files.has(p));
  return { outcomes, contents, changed, created, matchKinds };
}
