/** Public API of the edit layer: parse SEARCH/REPLACE answers, apply them, review them as hunks. */
export type { EditBlock, ParseResult, MatchKind, Hunk, DangerKind, DangerFlag, FileChange } from "./types";
export { parseEditBlocks, extractPath } from "./parse";
export { applyEdit, type ApplyOutcome } from "./apply";
export { applyEdits, type ApplyEditsResult, type BlockOutcome } from "./applyEdits";
export { makeFileChange, applyHunkSubset, diffStats, type FileChangeOptions } from "./diff";
export { scanDangers, isTestFile } from "./safety";
export { resolveInsideWorkspace, normalizeRelPath } from "./paths";
