/** Shapes for the edits a model answers with (blocks, whole files, unified diffs) and the diffs proposed from them. */

/** One SEARCH/REPLACE block. */
export interface EditBlock {
  kind?: "search-replace";
  /** Path as the model wrote it, relative to the workspace. */
  path: string;
  search: string;
  replace: string;
}

/** A file's complete new content. */
export interface WholeFileEdit {
  kind: "whole";
  path: string;
  /** LF line ends; the file's own line ends and final-newline state are restored when applied. */
  content: string;
}

/** One hunk of a model-written unified diff; its header numbers are only a hint. */
export interface PatchHunk {
  /** 1-based first old line from the `@@` header, when it had one. */
  oldStart?: number;
  /** Body lines, each starting with " ", "-" or "+". */
  lines: string[];
}

/** A model-written unified diff for one file. */
export interface PatchEdit {
  kind: "udiff";
  path: string;
  hunks: PatchHunk[];
  /** The diff's old side was /dev/null: the file is created. */
  newFile: boolean;
}

/** Any edit an answer can carry; every format parses into these and one applier applies them. */
export type FileEdit = EditBlock | WholeFileEdit | PatchEdit;

export interface ParseResult {
  blocks: EditBlock[];
  /** Human-readable problems with the answer's format; non-empty means the answer was (partly) malformed. */
  errors: string[];
}

/** How an edit was placed: SEARCH tiers, a created file, a whole file, or diff hunks. */
export type MatchKind = "exact" | "whitespace" | "fuzzy" | "create" | "whole" | "patch";

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
