/** Shapes of the edit-answer corpus: model answers with the file content they should produce, or none. */

/** A format the loop can ask for. */
export type AskedFormat = "search-replace" | "whole" | "udiff";
/** The format the answer is actually written in ("none": no usable edit at all). */
export type AnswerFormat = AskedFormat | "none";

export interface CorpusCase {
  /** Unique, e.g. "py-calculator/whole-fenced". */
  id: string;
  /** What kind of answer this is, for reading the report. */
  category: string;
  asked: AskedFormat;
  answerFormat: AnswerFormat;
  /** The file being fixed (workspace-relative). */
  target: string;
  /** The whole workspace: every file and its bytes. */
  files: Record<string, string>;
  /** Files shown in the prompt, the target first; test files among them are read-only. */
  shown: string[];
  answer: string;
  /** Every file that must change, with its intended bytes; "reject": no file may change. */
  expect: Record<string, string> | "reject";
}

/** How one case came out. */
export type CaseVerdict = "correct" | "rejected" | "wrong";

/** What an applier produced for one case: the workspace afterwards and the feedback for the model. */
export interface AppliedAnswer {
  files: Record<string, string>;
  feedback: string[];
}

/** Applies one answer to the case's workspace, in memory. */
export type AnswerApplier = (c: CorpusCase) => Promise<AppliedAnswer>;
