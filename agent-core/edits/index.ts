/** Public API of the edit layer: read answers in any edit format, apply them, review them as hunks. */

export { type ApplyOutcome, applyEdit } from "./apply";
export { applyFileEdit, applyFileEdits, type EditedFile, type EditOutcome, type EditTarget } from "./applyFileEdits";
export { applyHunkSubset, diffStats, type FileChangeOptions, makeFileChange } from "./diff";
export {
  type AnswerContext,
  EDIT_FORMAT_SETTINGS,
  EDIT_FORMATS,
  type EditFormatId,
  type EditFormatSetting,
  type ParsedAnswer,
  parseAnswer,
} from "./formats";
export { extractPath, parseEditBlocks } from "./parse";
export { normalizeRelPath, resolveInsideWorkspace } from "./paths";
export { isTestFile, scanDangers } from "./safety";
export type {
  DangerFlag,
  DangerKind,
  EditBlock,
  FileChange,
  FileEdit,
  Hunk,
  MatchKind,
  ParseResult,
  PatchEdit,
  PatchHunk,
  WholeFileEdit,
} from "./types";
