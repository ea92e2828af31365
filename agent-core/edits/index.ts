/** Public API of the edit layer: read answers in any edit format, apply them, review them as hunks. */
export type { EditBlock, WholeFileEdit, PatchEdit, PatchHunk, FileEdit, ParseResult, MatchKind, Hunk, DangerKind, DangerFlag, FileChange } from "./types";
export { parseEditBlocks, extractPath } from "./parse";
export { applyEdit, type ApplyOutcome } from "./apply";
export { applyFileEdit, applyFileEdits, type EditOutcome, type EditedFile, type EditTarget } from "./applyFileEdits";
export { EDIT_FORMATS, EDIT_FORMAT_SETTINGS, parseAnswer, type EditFormatId, type EditFormatSetting, type ParsedAnswer, type AnswerContext } from "./formats";
export { makeFileChange, applyHunkSubset, diffStats, type FileChangeOptions } from "./diff";
export { scanDangers, isTestFile } from "./safety";
export { resolveInsideWorkspace, normalizeRelPath } from "./paths";
