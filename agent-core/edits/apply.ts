/**
 * Applies one SEARCH/REPLACE block to file content. Tiers, most to least strict:
 * exact lines → exact substring → whitespace-insensitive lines (re-indented) → fuzzy lines.
 * A match must be unique at the tier that finds it; otherwise the edit is rejected, never guessed.
 */

import { distinctMatches, numberedLines, scanFuzzy } from "./fuzzy";
import { reindentReplacement } from "./indent";
import { dominantEol, isBlank, joinLines, joinModelLines, type SplitText, splitLines, splitModelText } from "./lines";
import type { EditBlock, MatchKind } from "./types";

/** Result of applying one block: the new content, or why it could not be placed. */
export type ApplyOutcome =
  | {
      ok: true;
      content: string;
      kind: MatchKind;
      /** 1-based line where the replaced region starts. */
      startLine: number;
    }
  | {
      ok: false;
      reason: "not-found" | "ambiguous";
      /** Explanation written for the model, so it can correct the block. */
      message: string;
      /** The file's lines most similar to SEARCH, numbered, when there are any. */
      closest?: string;
    };

const MAX_LISTED = 8;

export function findAll(hay: readonly string[], needle: readonly string[]): number[] {
  const found: number[] = [];
  const m = needle.length;
  const first = needle[0];
  for (let i = 0; i + m <= hay.length; i++) {
    if (hay[i] !== first) continue;
    let j = 1;
    while (j < m && hay[i + j] === needle[j]) j++;
    if (j === m) found.push(i);
  }
  return found;
}

/** Replaces file lines [start, end) with new texts, keeping every other line's ending and the final-newline state. */
export function spliceLines(file: SplitText, start: number, end: number, texts: readonly string[]): string {
  const eol = dominantEol(file.eols);
  const n = file.texts.length;
  const newEols = texts.map(() => eol);
  const endedWithout = end === n && n > 0 && file.eols[n - 1] === "";
  if (endedWithout && newEols.length > 0) newEols[newEols.length - 1] = "";
  const out: SplitText = {
    texts: file.texts.slice(0, start).concat(texts, file.texts.slice(end)),
    eols: file.eols.slice(0, start).concat(newEols, file.eols.slice(end)),
  };
  if (endedWithout && texts.length === 0 && start > 0) out.eols[start - 1] = "";
  return joinLines(out);
}

function ambiguous(path: string, starts: readonly number[], total = starts.length): ApplyOutcome {
  const lines = starts
    .slice(0, MAX_LISTED)
    .map((s) => s + 1)
    .join(", ");
  return {
    ok: false,
    reason: "ambiguous",
    message:
      `The SEARCH section matches ${total} places in ${path} (starting at lines ${lines}). ` +
      `Add more of the surrounding lines to SEARCH so it matches exactly one place.`,
  };
}

function stripBlankEdges(lines: readonly string[]): { core: string[]; lead: number; trail: number } {
  let a = 0;
  let b = lines.length;
  while (a < b && isBlank(lines[a])) a++;
  while (b > a && isBlank(lines[b - 1])) b--;
  return { core: lines.slice(a, b), lead: a, trail: lines.length - b };
}

/** Drops up to `lead`/`trail` blank lines from the replacement's edges, mirroring what was dropped from SEARCH. */
function trimReplaceEdges(lines: readonly string[], lead: number, trail: number): string[] {
  let a = 0;
  let b = lines.length;
  while (a < lead && a < b && isBlank(lines[a])) a++;
  while (lines.length - b < trail && b > a && isBlank(lines[b - 1])) b--;
  return lines.slice(a, b);
}

function uniqueSubstring(
  file: SplitText,
  searchLines: readonly string[],
  replaceLines: readonly string[],
): { content: string; startLine: number } | undefined {
  const joined = file.texts.join("\n");
  const needle = searchLines.join("\n");
  if (needle.trim() === "") return undefined;
  const at = joined.indexOf(needle);
  if (at === -1 || joined.indexOf(needle, at + 1) !== -1) return undefined;
  let startLine = 0;
  for (let i = joined.indexOf("\n"); i !== -1 && i < at; i = joined.indexOf("\n", i + 1)) startLine++;
  const lineStart = joined.lastIndexOf("\n", at - 1) + 1;
  const matchEnd = at + needle.length;
  const nextNl = joined.indexOf("\n", matchEnd);
  const lineEnd = nextNl === -1 ? joined.length : nextNl;
  const endLine = startLine + searchLines.length;
  const prefix = joined.slice(lineStart, at);
  const suffix = joined.slice(matchEnd, lineEnd);
  // Whole lines with different indentation belong to the whitespace tier, which re-indents the replacement.
  if (prefix.trim() === "" && suffix.trim() === "") return undefined;
  const merged = prefix + replaceLines.join("\n") + suffix;
  return { content: spliceLines(file, startLine, endLine, merged.split("\n")), startLine };
}

/** Applies one block to `content` (the file's current text; "" for a missing file). Pure. */
export function applyEdit(content: string, block: EditBlock): ApplyOutcome {
  const searchLines = splitModelText(block.search);
  const replaceLines = splitModelText(block.replace);
  const path = block.path;

  if (searchLines.every(isBlank)) {
    if (content.trim() === "") return { ok: true, content: joinModelLines(replaceLines), kind: "create", startLine: 1 };
    return {
      ok: false,
      reason: "ambiguous",
      message:
        `The SEARCH section is empty but ${path} already has content, so there is no place to put the new lines. ` +
        `Put the existing lines next to the change in SEARCH and repeat them, with the addition, in REPLACE.`,
    };
  }

  const file = splitLines(content);
  const exact = findAll(file.texts, searchLines);
  if (exact.length === 1) {
    return {
      ok: true,
      content: spliceLines(file, exact[0], exact[0] + searchLines.length, replaceLines),
      kind: "exact",
      startLine: exact[0] + 1,
    };
  }
  if (exact.length > 1) return ambiguous(path, exact);

  const sub = uniqueSubstring(file, searchLines, replaceLines);
  if (sub !== undefined) {
    return { ok: true, content: sub.content, kind: "exact", startLine: sub.startLine + 1 };
  }

  const { core, lead, trail } = stripBlankEdges(searchLines);
  const coreReplace = trimReplaceEdges(replaceLines, lead, trail);
  const fileTrimmed = file.texts.map((t) => t.trim());
  const coreTrimmed = core.map((t) => t.trim());
  const loose = findAll(fileTrimmed, coreTrimmed);
  if (loose.length > 1) return ambiguous(path, loose);
  if (loose.length === 1) {
    const s = loose[0];
    const matched = file.texts.slice(s, s + core.length);
    const texts = reindentReplacement(core, matched, coreReplace, file.texts);
    return { ok: true, content: spliceLines(file, s, s + core.length, texts), kind: "whitespace", startLine: s + 1 };
  }

  const scan = scanFuzzy(fileTrimmed, coreTrimmed);
  const candidates = distinctMatches(scan.matches, core.length);
  if (candidates.length > 1)
    return ambiguous(
      path,
      candidates.map((c) => c.start).sort((a, b) => a - b),
    );
  if (candidates.length === 1) {
    const s = candidates[0].start;
    const matched = file.texts.slice(s, s + core.length);
    const texts = reindentReplacement(core, matched, coreReplace, file.texts);
    return { ok: true, content: spliceLines(file, s, s + core.length, texts), kind: "fuzzy", startLine: s + 1 };
  }
  return notFound(path, file.texts, core.length, scan.best);
}

function notFound(
  path: string,
  texts: readonly string[],
  searchLength: number,
  best?: { start: number; score: number },
): ApplyOutcome {
  const base = `The SEARCH section does not match any lines of ${path}. SEARCH must repeat the file's current lines exactly.`;
  if (texts.length === 0 || (texts.length === 1 && texts[0] === "")) {
    return {
      ok: false,
      reason: "not-found",
      message: `${base} The file is empty: use an empty SEARCH section to fill it.`,
    };
  }
  const start = best?.start ?? 0;
  const count = best ? searchLength : texts.length;
  const closest = numberedLines(texts, start, count);
  const pct = best ? ` (${Math.round(best.score * 100)}% similar)` : "";
  return {
    ok: false,
    reason: "not-found",
    message: `${base} The closest lines${pct} are lines ${start + 1}-${Math.min(texts.length, start + count)}:\n${closest}`,
    closest,
  };
}
