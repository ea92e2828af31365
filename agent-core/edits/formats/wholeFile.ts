/**
 * Whole files: the complete new content of each changed file in a fence. Costs more tokens, but small local
 * models get it right far more often than exact SEARCH copies.
 */

import { detectIndentUnit } from "../indent";
import { dominantEol, splitLines } from "../lines";
import type { WholeFileEdit } from "../types";
import { type Fence, scanFences } from "./fences";
import { fenceFitsFile, isDiffLang } from "./languages";
import { fragmentReason, lazyReason } from "./lazy";
import { withoutLineNumbers } from "./lineNumbers";
import { editableFiles, lineOverlap, resolveName } from "./names";
import { COMMON_RULES } from "./rules";
import type { AnswerContext, EditFormat } from "./types";

/** Overlap above which a fence is taken to be a copy of a shown file. */
const LOOKS_LIKE = 0.5;

export const wholeFile: EditFormat<"whole"> = {
  id: "whole",
  label: "the whole file",
  instructions: `Answer with the complete new content of each file you change: the file path on its own line, then the
whole file in one fenced code block:

path/relative/to/workspace.ext
\`\`\`lang
every line of the file, the unchanged ones included
\`\`\`

Rules:
- Write out the entire file. Never leave code out or put placeholders such as "... rest unchanged" or
  "existing code here": such answers are rejected and nothing is written.
${COMMON_RULES}
- No explanations outside the code block.`,
  reminder: "Reply with each file you change complete, in its own fenced code block, its path on the line before.",
  noEdits:
    "Your answer contained no file in a code fence. Answer with the file's path on its own line, then the whole file in a ``` fence.",
  recognise: (answer) => scanFences(answer).some((f) => !isDiffLang(f.lang)),
  parse: parseWholeFiles,
};

interface Candidate {
  path: string;
  content: string;
}

function parseWholeFiles(answer: string, ctx: AnswerContext): { edits: WholeFileEdit[]; errors: string[] } {
  const errors: string[] = [];
  const candidates: Candidate[] = [];
  let unnamedWithChoice = false;
  for (const fence of scanFences(answer)) {
    if (isDiffLang(fence.lang)) continue;
    if (!fence.closed) {
      errors.push(
        `${fence.name ? `${fence.name}: ` : ""}the answer was cut off inside a code block (its closing \`\`\` is missing); nothing from that block was applied. Send the complete file.`,
      );
      continue;
    }
    const cleaned = withPathComment({ ...fence, body: withoutLineNumbers(fence.body) }, ctx);
    const placed = placeFence(cleaned, ctx, errors);
    if (placed === "choice") unnamedWithChoice = true;
    else if (placed) candidates.push({ path: placed, content: cleaned.body });
  }
  if (unnamedWithChoice) {
    errors.push(
      `A code block without a file name could be for ${editableFiles(ctx).join(" or ")}: put the file's path on the line before each code block.`,
    );
  }
  const edits: WholeFileEdit[] = [];
  for (const path of new Set(candidates.map((c) => c.path))) {
    const versions = candidates.filter((c) => c.path === path).map((c) => c.content);
    const current = ctx.shown.find((f) => f.path === path)?.content;
    // A quoted excerpt beside the full file is not a second version of it.
    const complete =
      current === undefined ? versions : versions.filter((v) => fragmentReason(current, v) === undefined);
    const distinct = [...new Set(complete.length ? complete : versions.slice(-1))];
    if (distinct.length > 1) {
      errors.push(`Your answer has ${distinct.length} different versions of ${path}; send exactly one.`);
      continue;
    }
    edits.push({ kind: "whole", path, content: distinct[0] });
  }
  return { edits, errors };
}

const PATH_COMMENT = /^\s*(?:\/\/+|#+|--|\/\*+|<!--)\s*(?:file(?:name)?\s*:\s*)?(\S+?)\s*(?:\*+\/|-->)?\s*$/i;

/**
 * A first line that is only a comment naming a known file ("// calc.js") labels the block: it becomes the
 * fence's name (when it has none) and leaves the content, unless the file itself starts with that line.
 */
function withPathComment(fence: Fence, ctx: AnswerContext): Fence {
  const newline = fence.body.indexOf("\n");
  const first = newline === -1 ? fence.body : fence.body.slice(0, newline);
  const m = PATH_COMMENT.exec(first);
  if (!m) return fence;
  const name = resolveName(m[1], ctx);
  if (!name.ok || name.unknown) return fence;
  if (fence.name !== undefined) {
    const named = resolveName(fence.name, ctx);
    if (!named.ok || named.path !== name.path) return fence;
  }
  const current = ctx.shown.find((f) => f.path === name.path)?.content ?? "";
  if (current.replace(/\r\n/g, "\n").split("\n")[0].trim() === first.trim()) return fence;
  return { ...fence, name: fence.name ?? m[1], body: fence.body.slice(newline + 1) };
}

/** The path a fence is for, "choice" when unnamed among several editable files, undefined when it is for none. */
function placeFence(fence: Fence, ctx: AnswerContext, errors: string[]): string | "choice" | undefined {
  if (fence.name !== undefined) {
    const name = resolveName(fence.name, ctx);
    if (!name.ok) {
      errors.push(name.message);
      return undefined;
    }
    if (!fenceFitsFile(fence.lang, name.path)) return undefined;
    if (name.unknown) {
      const like = mostLike(fence.body, ctx);
      if (like) {
        errors.push(
          `The code block is named ${fence.name}, which does not exist, but it looks like ${like}; name it ${like} (its path relative to the workspace).`,
        );
        return undefined;
      }
      return name.path;
    }
    return wholeAllowedFor(name.path, ctx, errors) ? name.path : undefined;
  }
  const editable = editableFiles(ctx);
  if (editable.length !== 1) return editable.length > 1 ? "choice" : undefined;
  const target = editable[0];
  if (!fenceFitsFile(fence.lang, target)) return undefined; // a shell command, program output
  // A quoted test (or other read-only file) is not the target.
  const like = mostLike(fence.body, ctx);
  if (like && like !== target && ctx.shown.find((f) => f.path === like)?.readOnly) {
    errors.push(`A code block without a file name is a copy of ${like}, which is read-only; it was not applied.`);
    return undefined;
  }
  return wholeAllowedFor(target, ctx, errors) ? target : undefined;
}

/** An existing file can be replaced whole only when the model saw all of it. */
function wholeAllowedFor(path: string, ctx: AnswerContext, errors: string[]): boolean {
  const shown = ctx.shown.find((f) => f.path === path);
  if (shown && !shown.partial) return true;
  errors.push(
    shown
      ? `${path} was shown cut short, so a whole-file answer would drop its unseen part; change it with SEARCH/REPLACE blocks instead.`
      : `${path} was not shown to you, so it cannot be replaced whole; change it with SEARCH/REPLACE blocks instead.`,
  );
  return false;
}

/** The shown file a text is most like, when it is like one at all. */
function mostLike(text: string, ctx: AnswerContext): string | undefined {
  let best: string | undefined;
  let bestScore = LOOKS_LIKE;
  for (const f of ctx.shown) {
    const score = lineOverlap(text, f.content);
    if (score >= bestScore && !(score === bestScore && best)) {
      best = f.path;
      bestScore = score;
    }
  }
  return best;
}

/** Result of applying a whole file. */
export type WholeOutcome = { ok: true; content: string } | { ok: false; message: string };

/**
 * The file `content` becomes: refused when lazy; otherwise with the current file's line ends, final-newline
 * state and indentation character (tabs or spaces) kept.
 */
export function applyWholeFile(path: string, current: string | undefined, content: string): WholeOutcome {
  if (current === undefined || current === "") return { ok: true, content };
  const lazy = lazyReason(current, content);
  if (lazy) {
    return {
      ok: false,
      message: `Not applied: your version of ${path} is incomplete, ${lazy}. Send the entire file with every line written out, or SEARCH/REPLACE blocks for just the change.`,
    };
  }
  const file = splitLines(current);
  let text = matchIndentation(content, file.texts);
  const endsWithNewline = file.eols[file.eols.length - 1] !== "";
  if (!endsWithNewline) text = text.replace(/\n$/, "");
  else if (!text.endsWith("\n")) text += "\n";
  if (dominantEol(file.eols) === "\r\n") text = text.replace(/\n/g, "\r\n");
  return { ok: true, content: text };
}

function indentCounts(lines: readonly string[]): { tabs: number; spaces: number } {
  let tabs = 0;
  let spaces = 0;
  for (const l of lines) {
    if (l.trim() === "") continue;
    if (l.startsWith("\t")) tabs++;
    else if (l.startsWith("  ")) spaces++;
  }
  return { tabs, spaces };
}

/** Tabs where the file indents with tabs and the answer used only spaces, and the reverse. */
function matchIndentation(content: string, fileLines: readonly string[]): string {
  const lines = content.split("\n");
  const file = indentCounts(fileLines);
  const answer = indentCounts(lines);
  if (file.tabs > 0 && file.spaces === 0 && answer.tabs === 0 && answer.spaces > 0) {
    const unit = detectIndentUnit([lines]) ?? 4;
    return lines
      .map((l) => l.replace(/^ +/, (ws) => "\t".repeat(Math.floor(ws.length / unit)) + " ".repeat(ws.length % unit)))
      .join("\n");
  }
  if (file.spaces > 0 && file.tabs === 0 && answer.spaces === 0 && answer.tabs > 0) {
    const unit = detectIndentUnit([fileLines]) ?? 4;
    return lines.map((l) => l.replace(/^\t+/, (ws) => " ".repeat(ws.length * unit))).join("\n");
  }
  return content;
}
