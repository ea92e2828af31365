/**
 * Which edit format each request asks for, and when a model that cannot produce a usable edit is stuck.
 * The setting (or `auto`, per model family and file size) gives the first format; an answer that cannot be
 * applied switches the next request to another format (the whole file when small enough) and says why;
 * UNUSABLE_ANSWERS_LIMIT unusable answers in a row end the run.
 */

import type { LoopConfig } from "../config";
import {
  type AnswerContext,
  type EditFormatId,
  type EditFormatSetting,
  editFormat,
  type ParsedAnswer,
} from "../edits/formats";
import { chooseEditFormat, wholeFileFits } from "../edits/formats/auto";
import { estimateTokens } from "../providers/tokens";
import { StopRun } from "./context";
import { NO_CHANGE_FEEDBACK, type Proposal } from "./proposal";

/** Answers in a row that yield no applicable edit before the run stops as stuck. */
export const UNUSABLE_ANSWERS_LIMIT = 3;

/** What one request asks for. */
export interface FormatRequest {
  format: EditFormatId;
  /** Why the format differs from the usual one, for the prompt. */
  note?: string;
}

type AnswerResult = "applied" | "partial" | "unusable" | "unchanged";

function classify(parsed: ParsedAnswer, proposal: Proposal | undefined): AnswerResult {
  if (!proposal || parsed.edits.length === 0) return "unusable";
  if (proposal.changes.length === 0) {
    const noChange =
      parsed.errors.length === 0 && proposal.feedback.length === 1 && proposal.feedback[0] === NO_CHANGE_FEEDBACK;
    return noChange ? "unchanged" : "unusable";
  }
  return parsed.errors.length === 0 && proposal.feedback.length === 0 ? "applied" : "partial";
}

function firstProblem(parsed: ParsedAnswer, proposal: Proposal | undefined): string {
  const text = parsed.errors[0] ?? proposal?.feedback[0] ?? "it contained no edit";
  const line = text.split("\n")[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** The run's edit-format state: one per session (the loop edits one target). */
export class EditFormatPolicy {
  /** The format an answer was last applied in: a model that answers in it gets asked in it. */
  private worked?: EditFormatId;
  /** The format asked after an unusable answer, kept until an answer applies. */
  private switched?: EditFormatId;
  private unusable = 0;
  private readonly askedInStreak: EditFormatId[] = [];
  private note?: string;

  constructor(
    private readonly config: Pick<LoopConfig, "editFormat" | "maxFileChars" | "maxAnswerTokens">,
    private readonly model: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Whether `content` can be asked for whole: within the size limit, shown whole, and fitting an answer. */
  private wholeAllowed(content: string): boolean {
    return (
      wholeFileFits(content) &&
      content.length <= this.config.maxFileChars &&
      estimateTokens(content) * 1.2 <= this.config.maxAnswerTokens
    );
  }

  /**
   * The format for the next request about a file whose current text is `content`; `outlined`: the prompt shows
   * another file the model may edit only in part, so whole files cannot be asked for.
   */
  next(content: string, outlined = false): FormatRequest {
    const whole = !outlined && this.wholeAllowed(content);
    const allowed = (f: EditFormatId): EditFormatId => (f === "whole" && !whole ? "search-replace" : f);
    if (this.switched) return { format: allowed(this.switched), ...(this.note ? { note: this.note } : {}) };
    const setting: EditFormatSetting = this.config.editFormat;
    return {
      format: allowed(this.worked ?? chooseEditFormat(setting, this.model, content)),
      ...(this.note ? { note: this.note } : {}),
    };
  }

  /**
   * Takes note of how the answer to a request for `asked` went (`proposal` undefined: it had no edits).
   * Throws StopRun("stuck") at the UNUSABLE_ANSWERS_LIMIT-th unusable answer in a row.
   */
  record(asked: EditFormatId, parsed: ParsedAnswer, proposal: Proposal | undefined, content: string): void {
    const result = classify(parsed, proposal);
    this.note = undefined;
    if (result === "unchanged") return;
    if (result === "applied" || result === "partial") {
      this.worked = parsed.format ?? asked;
      this.switched = undefined;
      this.unusable = 0;
      this.askedInStreak.length = 0;
      if (result === "partial" && this.wholeAllowed(content) && this.worked !== "whole") {
        this.switched = "whole";
        this.note = `Part of your last answer could not be applied (${firstProblem(parsed, proposal)}). This time send ${editFormat("whole").label}, every line written out.`;
      }
      return;
    }
    this.unusable++;
    this.askedInStreak.push(asked);
    const problem = firstProblem(parsed, proposal);
    if (this.unusable >= UNUSABLE_ANSWERS_LIMIT) {
      const asks = [...new Set(this.askedInStreak)].map((f) => editFormat(f).label).join(", then ");
      throw new StopRun(
        "stuck",
        `Stuck: ${this.unusable} answers in a row could not be applied as edits (asked for ${asks}). Last problem: ${problem}`,
      );
    }
    // Switch once per streak; asking the same way again after that only repeats what failed twice.
    this.switched ??= this.alternative(asked, content);
    const label = editFormat(this.switched).label;
    this.note =
      this.switched === asked
        ? `Your last ${this.unusable} answers could not be applied (${problem}). Answer with ${label} exactly as described; one more unusable answer ends the run.`
        : `Your last answer could not be applied (${problem}). This time answer with ${label} instead of ${editFormat(asked).label}.`;
    this.log(`Asking for ${label} next: the answer could not be applied.`);
  }

  /** The format to switch to after `asked` failed: the whole file when small enough, else another compact one. */
  private alternative(asked: EditFormatId, content: string): EditFormatId {
    if (asked !== "whole" && this.wholeAllowed(content)) return "whole";
    return asked === "search-replace" ? "udiff" : "search-replace";
  }
}

/**
 * What an answer is read against: the target (marked partial when the prompt cut it at `maxFileChars`), the
 * sources shown beside it (partial when outlined), the shown tests (read-only), and the workspace's files.
 */
export function answerContext(
  target: { path: string; content: string },
  tests: ReadonlyArray<{ path: string; content: string }>,
  workspaceFiles: readonly string[],
  maxFileChars: number,
  sources: ReadonlyArray<{ path: string; content: string; whole: boolean }> = [],
): AnswerContext {
  const known = new Set(workspaceFiles);
  return {
    shown: [
      { ...target, partial: target.content.length > maxFileChars },
      ...sources.map((s) => ({ path: s.path, content: s.content, partial: !s.whole })),
      ...tests.map((t) => ({ ...t, readOnly: true })),
    ],
    exists: (p) => known.has(p),
  };
}
