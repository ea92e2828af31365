/**
 * Refuses lazy answers: code left out behind a placeholder ("... rest unchanged", "// existing code here") or a
 * "whole file" that is a fragment. Writing such an answer would delete the code it skipped.
 */

const COMMENT = /^(?:\/\/+|#+|\/\*+|\*+|<!--|--|;+|%+)\s*(.*?)\s*(?:\*+\/|-->)?$/;
const ELLIPSIS = /^(?:\.{3,}|…)|(?:\.{3,}|…)$/;
/** Phrases that only ever stand for code left out. */
const PHRASES =
  /\b(?:existing code|rest of (?:the )?(?:file|code|class|module|function|method|implementation|body)|(?:remains?|stays?) (?:the same|unchanged)|same as before|for brevity|other (?:methods|functions) (?:here|unchanged|remain|stay|as before)|previous code|keep the rest)\b/i;
/** Words that stand for left-out code when they are most of a short comment ("# (unchanged)"). */
const SHORT_PHRASES = /\b(?:unchanged|as before|omitted|no changes)\b/i;

/** True for a line that stands for code left out: a bare ellipsis, or a comment that says so. */
export function isElisionLine(line: string): boolean {
  const t = line.trim();
  if (/^(?:\.{3}|…)$/.test(t)) return true;
  const comment = COMMENT.exec(t);
  if (!comment) return false;
  const text = comment[1];
  return ELLIPSIS.test(text) || PHRASES.test(text) || (SHORT_PHRASES.test(text) && text.split(/\s+/).length <= 4);
}

const trimmedLines = (text: string) =>
  new Set(
    text
      .replace(/\r\n/g, "\n")
      .split("\n")
      .map((l) => l.trim()),
  );

/** The first line of `added` that elides code and is not already in `current`, if any. */
export function findElision(added: readonly string[], current: string): string | undefined {
  const existing = trimmedLines(current);
  return added.find((l) => isElisionLine(l) && !existing.has(l.trim()))?.trim();
}

const DEFINITION = [
  /^\s*(?:async\s+)?def\s+(\w+)/,
  /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+(\w+)/,
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*(\w+)/,
  /^\s*(?:export\s+)?(?:const|let|var)\s+(\w+)\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*(?::[^=]*)?=>|\w+\s*=>)/,
  /^\s*(?:export\s+)?(?:interface|type|enum)\s+(\w+)/,
  /^\s+(?:(?:public|private|protected|static|async|readonly|override|get|set)\s+)*(?!(?:if|for|while|switch|catch|return|function)\b)(\w+)\s*\([^)]*\)\s*(?::[^{=]*)?\{\s*$/,
  /^func\s+(?:\([^)]*\)\s*)?(\w+)/,
];

/** Names the file defines (functions, classes, methods, types), as far as a line-by-line look can tell. */
export function definedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    for (const re of DEFINITION) {
      const m = re.exec(line);
      if (m) {
        names.add(m[1]);
        break;
      }
    }
  }
  return names;
}

const nonBlank = (text: string) => text.split("\n").filter((l) => l.trim() !== "").length;

/** A fragment rather than a file: much shorter than the current file, and dropping what it defined. */
export function fragmentReason(current: string, answer: string): string | undefined {
  const before = current.replace(/\r\n/g, "\n");
  const beforeLines = nonBlank(before);
  const afterLines = nonBlank(answer);
  if (beforeLines === 0) return undefined;
  const kept = definedNames(answer);
  const dropped = [...definedNames(before)].filter((n) => !kept.has(n));
  if (dropped.length > 0 && afterLines < 0.7 * beforeLines) {
    const shown = dropped.slice(0, 4).join(", ") + (dropped.length > 4 ? ", …" : "");
    return `it has ${afterLines} of the file's ${beforeLines} lines and leaves out ${shown}`;
  }
  if (beforeLines >= 12 && afterLines < 0.4 * beforeLines)
    return `it has only ${afterLines} of the file's ${beforeLines} lines`;
  return undefined;
}

/** Why a whole-file answer for `current` is lazy, or undefined when it is a complete file. */
export function lazyReason(current: string, answer: string): string | undefined {
  const elided = findElision(answer.split("\n"), current);
  if (elided !== undefined) return `it leaves code out ("${elided}")`;
  return fragmentReason(current, answer);
}
