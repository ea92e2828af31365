/** Proposed file changes as hunks, and partial application of the hunks a reviewer accepted. */
import { applyPatch, formatPatch, structuredPatch } from "diff";
import type { DangerFlag, FileChange, Hunk, MatchKind } from "./types";
import { isTestFile, scanDangers } from "./safety";

/** Optional facts about a change; anything omitted is derived from path and content. */
export interface FileChangeOptions {
  isNew?: boolean;
  isTestFile?: boolean;
  matchKinds?: MatchKind[];
  dangers?: DangerFlag[];
}

const CONTEXT_LINES = 3;
const NO_NEWLINE = "\\";

/** Builds the reviewable change for one file: hunks (context 3), unified diff text, danger and test flags. */
export function makeFileChange(path: string, before: string, after: string, opts: FileChangeOptions = {}): FileChange {
  const isNew = opts.isNew ?? before === "";
  const patch = structuredPatch(isNew ? "/dev/null" : `a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context: CONTEXT_LINES,
  });
  const hunks: Hunk[] = patch.hunks.map((h) => ({
    oldStart: h.oldStart,
    oldLines: h.oldLines,
    newStart: h.newStart,
    newLines: h.newLines,
    lines: [...h.lines],
  }));
  return {
    path,
    before,
    after,
    isNew,
    isTestFile: opts.isTestFile ?? isTestFile(path),
    hunks,
    diff: hunks.length ? formatPatch(patch) : "",
    dangers: opts.dangers ?? scanDangers(before, after, path),
    matchKinds: opts.matchKinds ?? [],
  };
}

/** Lines added and removed by a change. */
export function diffStats(change: Pick<FileChange, "hunks">): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const h of change.hunks) {
    for (const l of h.lines) {
      if (l.startsWith("+")) added++;
      else if (l.startsWith("-")) removed++;
    }
  }
  return { added, removed };
}

interface RawLine {
  /** Text without "\n" (a "\r" of CRLF stays, exactly as jsdiff's hunk lines carry it). */
  text: string;
  newline: boolean;
}

function rawLines(content: string): RawLine[] {
  if (content === "") return [];
  const parts = content.split("\n");
  const last = parts.pop() as string;
  const out = parts.map((text) => ({ text, newline: true }));
  if (last !== "") out.push({ text: last, newline: false });
  return out;
}

/**
 * Applies only the accepted hunks (indices into `hunks`) to `before`; rejected hunks leave their lines as
 * they were. Hunks must come from makeFileChange on this same `before`; throws a clear Error otherwise.
 * Line endings (CRLF included) and the final-newline state follow the chosen side of each hunk.
 */
export function applyHunkSubset(before: string, hunks: readonly Hunk[], accepted: readonly number[]): string {
  for (const a of accepted) {
    if (!Number.isInteger(a) || a < 0 || a >= hunks.length) {
      throw new Error(`Accepted hunk index ${a} is out of range (the change has ${hunks.length} hunks).`);
    }
  }
  const acceptedSet = new Set(accepted);
  const old = rawLines(before);
  const out: RawLine[] = [];
  const order = hunks.map((h, index) => ({ h, index })).sort((x, y) => x.h.oldStart - y.h.oldStart);
  let cursor = 0;
  for (const { h, index } of order) {
    const start = Math.max(0, h.oldLines === 0 && old.length === 0 ? 0 : h.oldStart - 1);
    if (start < cursor || start > old.length) {
      throw new Error(`Hunk ${index + 1} does not fit the file (it overlaps another hunk or lies past the end).`);
    }
    for (; cursor < start; cursor++) out.push(old[cursor]);
    const added: RawLine[] = [];
    let pos = start;
    let lastSide: "old" | "new" | "both" | undefined;
    for (const line of h.lines) {
      const tag = line[0];
      const text = line.slice(1);
      if (tag === NO_NEWLINE) {
        if (lastSide !== "old" && added.length) added[added.length - 1] = { ...added[added.length - 1], newline: false };
        continue;
      }
      if (tag === " " || tag === "-") {
        if (pos >= old.length || old[pos].text !== text) {
          throw new Error(`Hunk ${index + 1} does not match the file at line ${pos + 1}: the file changed after the diff was made.`);
        }
        pos++;
      }
      if (tag === " " || tag === "+") added.push({ text, newline: true });
      lastSide = tag === " " ? "both" : tag === "-" ? "old" : "new";
    }
    if (acceptedSet.has(index)) out.push(...added);
    else for (let k = start; k < pos; k++) out.push(old[k]);
    cursor = pos;
  }
  for (; cursor < old.length; cursor++) out.push(old[cursor]);
  return out.map((l) => (l.newline ? l.text + "\n" : l.text)).join("");
}

/**
 * Carries the change `from` → `to` over to `onto` (a version of `from` someone else has edited since), or
 * returns undefined when a hunk no longer lands exactly where its context says. No fuzz: a rebase that has to
 * guess is refused.
 */
export function rebaseChange(from: string, to: string, onto: string): string | undefined {
  if (onto === from) return to;
  const patch = structuredPatch("a", "b", from, to, "", "", { context: 3 });
  const result = applyPatch(onto, patch, { fuzzFactor: 0 });
  return result === false ? undefined : result;
}
