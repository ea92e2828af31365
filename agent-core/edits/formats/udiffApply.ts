/**
 * Applies a model's unified diff leniently but never by guess: each hunk is placed by its lines (the header's
 * numbers only break ties between identical places), whitespace may differ, and context lines at a hunk's edges
 * may be dropped when they do not match; removed lines must match, changed lines are never fuzzy.
 */
import { findAll, spliceLines } from "../apply";
import { distinctMatches, numberedLines, scanFuzzy } from "../fuzzy";
import { reindentReplacement } from "../indent";
import { isBlank, splitLines } from "../lines";
import type { PatchEdit, PatchHunk } from "../types";
import { findElision } from "./lazy";

export type PatchOutcome = { ok: true; content: string } | { ok: false; message: string };

interface Placement {
  start: number;
  /** File lines replaced: [start, start + oldCount). */
  oldCount: number;
  lines: string[];
}

type Located = { at: number; loose: boolean } | { ambiguous: number[] } | undefined;

function pick(found: number[], hint: number | undefined): number | number[] | undefined {
  if (found.length === 1) return found[0];
  if (found.length > 1) return hint !== undefined && found.includes(hint) ? hint : found;
  return undefined;
}

function locate(texts: readonly string[], old: readonly string[], hint: number | undefined): Located {
  const exact = pick(findAll(texts, old), hint);
  if (typeof exact === "number") return { at: exact, loose: false };
  if (Array.isArray(exact)) return { ambiguous: exact };
  const trimmed = pick(
    findAll(
      texts.map((t) => t.trim()),
      old.map((t) => t.trim()),
    ),
    hint,
  );
  if (typeof trimmed === "number") return { at: trimmed, loose: true };
  if (Array.isArray(trimmed)) return { ambiguous: trimmed };
  return undefined;
}

const edgeCount = (lines: readonly string[], fromEnd: boolean) => {
  let n = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[fromEnd ? lines.length - 1 - i : i][0] !== " ") break;
    n++;
  }
  return n;
};

/** Where a hunk goes and the lines it leaves there, or why it cannot be placed. */
function placeHunk(
  texts: readonly string[],
  hunk: PatchHunk,
  hint: number | undefined,
): Placement | { ambiguous: number[] } | undefined {
  const lead = edgeCount(hunk.lines, false);
  const trail = Math.min(edgeCount(hunk.lines, true), hunk.lines.length - lead);
  for (let drop = 0; drop <= lead + trail; drop++) {
    for (let l = Math.min(drop, lead); l >= 0 && drop - l <= trail; l--) {
      const body = hunk.lines.slice(l, hunk.lines.length - (drop - l));
      const old = body.filter((x) => x[0] !== "+").map((x) => x.slice(1));
      // A hunk is placed by lines with content: blank lines alone fit anywhere.
      if (old.every(isBlank)) continue;
      const found = locate(texts, old, hint === undefined ? undefined : hint + l);
      if (!found) continue;
      if ("ambiguous" in found) return found;
      return {
        start: found.at,
        oldCount: old.length,
        lines: resulting(body, texts.slice(found.at, found.at + old.length), old, texts, found.loose),
      };
    }
  }
  return undefined;
}

/** The hunk's new side: context as the file has it, added lines re-indented when the match ignored indentation. */
function resulting(
  body: readonly string[],
  matched: readonly string[],
  old: readonly string[],
  texts: readonly string[],
  loose: boolean,
): string[] {
  const added = body.filter((x) => x[0] === "+").map((x) => x.slice(1));
  const reindented = loose ? reindentReplacement(old, matched, added, texts) : added;
  const out: string[] = [];
  let o = 0;
  let a = 0;
  for (const line of body) {
    if (line[0] === " ") out.push(matched[o++]);
    else if (line[0] === "-") o++;
    else out.push(reindented[a++]);
  }
  return out;
}

function notPlaced(path: string, index: number, hunk: PatchHunk, texts: readonly string[]): string {
  const old = hunk.lines.filter((x) => x[0] !== "+").map((x) => x.slice(1).trim());
  const scan = scanFuzzy(
    texts.map((t) => t.trim()),
    old,
  );
  const best = scan.best ?? distinctMatches(scan.matches, old.length)[0];
  const closest = best ? `\nThe closest lines are:\n${numberedLines(texts, best.start, old.length)}` : "";
  return `Hunk ${index + 1} of your diff for ${path} does not match the file: its unchanged (" ") and removed ("-") lines must be the file's current lines.${closest}`;
}

/** Applies `edit` to `current` (undefined: the file does not exist). */
export function applyPatchEdit(path: string, current: string | undefined, edit: PatchEdit): PatchOutcome {
  const added = edit.hunks.flatMap((h) => h.lines.filter((l) => l[0] === "+").map((l) => l.slice(1)));
  const elided = findElision(added, current ?? "");
  if (elided !== undefined) {
    return {
      ok: false,
      message: `Not applied: your diff for ${path} leaves code out ("${elided}"), which would delete it. Write out every line.`,
    };
  }
  const onlyAdded = edit.hunks.every((h) => h.lines.every((l) => l[0] === "+"));
  if (current === undefined || (edit.newFile && current === "")) {
    if (onlyAdded) return { ok: true, content: added.map((l) => l + "\n").join("") };
    return { ok: false, message: `${path} does not exist. To create it, diff against /dev/null with only "+" lines.` };
  }
  if (edit.newFile)
    return { ok: false, message: `${path} already exists: write the diff against its current content.` };
  let content = current;
  let shift = 0;
  for (const [index, hunk] of edit.hunks.entries()) {
    const file = splitLines(content);
    const hint = hunk.oldStart === undefined ? undefined : hunk.oldStart - 1 + shift;
    const placed = placeHunk(file.texts, hunk, hint);
    if (!placed) return { ok: false, message: notPlaced(path, index, hunk, file.texts) };
    if ("ambiguous" in placed) {
      const at = placed.ambiguous
        .slice(0, 8)
        .map((s) => s + 1)
        .join(", ");
      return {
        ok: false,
        message: `Hunk ${index + 1} of your diff for ${path} fits ${placed.ambiguous.length} places (lines ${at}). Give correct line numbers in its @@ header or more unchanged lines around it.`,
      };
    }
    content = spliceLines(file, placed.start, placed.start + placed.oldCount, placed.lines);
    shift += placed.lines.length - placed.oldCount;
  }
  return { ok: true, content };
}
