/** What every edit format provides, and what an answer is read against. */
import type { FileEdit } from "../types";

/** A file the prompt showed the model. */
export interface ShownFile {
  path: string;
  content: string;
  /** Read-only (a test): an answer may quote it but never edits it unnamed. */
  readOnly?: boolean;
  /** Shown cut short: a whole-file answer for it would drop what the model never saw. */
  partial?: boolean;
}

/** What an answer is read against: to name the file an unnamed edit is for, and to tell a new file from a wrong name. */
export interface AnswerContext {
  /** Files shown in the prompt, the target first. */
  shown: readonly ShownFile[];
  /** Whether a workspace-relative path exists (defaults to: it is one of the shown files). */
  exists?: (path: string) => boolean;
}

/** The edits read from one answer. */
export interface FormatParse {
  edits: FileEdit[];
  /** What could not be used, written for the model. */
  errors: string[];
}

/** One edit format: how to ask for it, how to recognise it in an answer, and how to read it. */
export interface EditFormat<Id extends string = string> {
  id: Id;
  /** Short name for messages: "SEARCH/REPLACE blocks". */
  label: string;
  /** The system prompt's description of the answer format. */
  instructions: string;
  /** The prompt's closing line. */
  reminder: string;
  /** Feedback when an answer asked in this format carried no edit at all. */
  noEdits: string;
  /** Whether `answer` (reasoning removed, LF) is written in this format. */
  recognise(answer: string): boolean;
  parse(answer: string, ctx: AnswerContext): FormatParse;
}
