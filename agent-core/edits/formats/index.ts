/**
 * The edit-format registry: every format the loop can ask for, in the order answers are recognised
 * (SEARCH/REPLACE markers first, then a diff, then fenced files). The format ids derive from this one list.
 */

import type { FileEdit } from "../types";
import { stripReasoning } from "./reasoning";
import { searchReplace } from "./searchReplace";
import type { AnswerContext } from "./types";
import { udiff } from "./udiff";
import { wholeFile } from "./wholeFile";

export const EDIT_FORMATS = [searchReplace, udiff, wholeFile] as const;

export type EditFormatId = (typeof EDIT_FORMATS)[number]["id"];
export type EditFormatSpec = (typeof EDIT_FORMATS)[number];

/** Values of the `editFormat` setting: a format, or `auto` (chosen per model and file, see auto.ts). */
export const EDIT_FORMAT_SETTINGS = ["auto", ...EDIT_FORMATS.map((f) => f.id)] as ["auto", ...EditFormatId[]];
export type EditFormatSetting = (typeof EDIT_FORMAT_SETTINGS)[number];

export function editFormat(id: EditFormatId): EditFormatSpec {
  return EDIT_FORMATS.find((f) => f.id === id)!;
}

/** The edits of one answer, in whichever format it arrived. */
export interface ParsedAnswer {
  /** The format the answer was written in; undefined when it carried no edit in any format. */
  format?: EditFormatId;
  edits: FileEdit[];
  errors: string[];
}

/** Reads an answer in whatever format it came (reasoning removed first), not only the one asked for. */
export function parseAnswer(answer: string, ctx: AnswerContext): ParsedAnswer {
  const text = stripReasoning(answer);
  for (const format of EDIT_FORMATS) {
    if (format.recognise(text)) return { format: format.id, ...format.parse(text, ctx) };
  }
  return { edits: [], errors: [] };
}

export { stripReasoning } from "./reasoning";
export type { AnswerContext, EditFormat, ShownFile } from "./types";
