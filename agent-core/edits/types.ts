/** Shapes for SEARCH/REPLACE edits and the diffs proposed from them. */

export interface EditBlock {
  /** Path as the model wrote it, relative to the workspace. */
  path: string;
  search: string;
  replace: string;
}

export interface ParseResult {
  blocks: EditBlock[];
  /** Human-readable problems with the answer's format; non-empty means the answer was (partly) malformed. */
  errors: string[];
}

export type MatchKind = "exact" | "whitespace" | "fuzzy" | "create";

/** One hunk of a unified diff, as jsdiff's structuredPatch produces it. */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

export type DangerKind = "process" | "eval" | "delete" | "network";

export interface DangerFlag {
  kind: DangerKind;
  /** The added line that triggered it. */
  line: string;
}

/** One file's proposed change, ready for review. */
export interface FileChange {
  path: string;
  before: string;
  after: string;
  isNew: boolean;
  isTestFile: boolean;
  hunks: Hunk[];
  /** Unified diff text (jsdiff createPatch). */
  diff: string;
  dangers: DangerFlag[];
  matchKinds: MatchKind[];
}
