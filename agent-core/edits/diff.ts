/** Proposed file changes as hunks, and partial application of the hunks a reviewer accepted. */
import { applyPatch, formatPatch, structuredPatch } from "diff";
import { isTestFile, scanDangers } from "./safety";
import type { DangerFlag, FileChange, Hunk, MatchKind } from "./types";

/** Optional facts about a change; anything omitted is derived from path and content. */
export interface FileChangeOptions {
  isNew?: boolean;
  isTestFile?: boolean;
  matchKinds?: MatchKind[];
  dangers?: DangerFlag[];
}

const CONTEXT_LINES = 3;
const NO_NEWLINE = "\\";

/**
 * Builds the reviewable change for one file: one hunk per separate change block (up to 3 lines of context,
 * never shared with a neighbour), unified diff text, danger and test flags.
 */
export function makeFileChange(path: string, before: string, after: string, opts: FileChangeOptions = {}): FileChange {
  const isNew = opts.isNew ?? before === "";
  const patch = structuredPatch(isNew ? "/dev/null" : `a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context: CONTEXT_LINES,
  });
  const hunks: Hunk[] = patch.hunks.flatMap(splitHunk);
  patch.hunks = hunks.map((h) => ({ ...h, lines: [...h.lines] }));
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

/** One diff line with the "\\ No newline" marker that follows it, if any. */
interface DiffEntry {
  tag: " " | "+" | "-";
  lines: string[];
  /** 0-based positions in the old and new text where this entry starts. */
  oldAt: number;
  newAt: number;
}

function diffEntries(h: Hunk): DiffEntry[] {
  const entries: DiffEntry[] = [];
  let oldAt = Math.max(0, h.oldStart - 1);
  let newAt = Math.max(0, h.newStart - 1);
  for (const line of h.lines) {
    const tag = line[0];
    if (tag === NO_NEWLINE) {
      entries[entries.length - 1]?.lines.push(line);
      continue;
    }
    if (tag !== " " && tag !== "+" && tag !== "-") throw new Error(`Unexpected diff line: ${JSON.stringify(line)}`);
    entries.push({ tag, lines: [line], oldAt, newAt });
    if (tag !== "+") oldAt++;
    if (tag !== "-") newAt++;
  }
  return entries;
}

function hunkOf(entries: readonly DiffEntry[]): Hunk {
  const lines = entries.flatMap((e) => e.lines);
  const oldLines = entries.filter((e) => e.tag !== "+").length;
  const newLines = entries.filter((e) => e.tag !== "-").length;
  // jsdiff's convention, empty sides included: the 1-based line where the hunk starts.
  return {
    oldStart: entries[0].oldAt + 1,
    oldLines,
    newStart: entries[0].newAt + 1,
    newLines,
    lines,
  };
}

/**
 * Unchanged lines that hold almost nothing (a closing brace, blank lines) between two changes of which one is
 * larger than a few lines are part of one rewrite, not a boundary: the diff editor shows them as one change.
 */
function isJoiningGap(gap: readonly DiffEntry[], before: number, after: number): boolean {
  const text = gap
    .map((e) => e.lines[0].slice(1))
    .join("")
    .replace(/\s/g, "");
  return text.length <= 4 && (before > 5 || after > 5);
}

/** Splits a jsdiff hunk wherever unchanged lines separate two changes; context is divided, never shared. */
function splitHunk(h: Hunk): Hunk[] {
  const entries = diffEntries(h);
  // Runs of changed entries as [start, end) indices into entries.
  const blocks: { start: number; end: number }[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (entries[i].tag === " ") continue;
    const last = blocks[blocks.length - 1];
    if (last && last.end === i) last.end = i + 1;
    else blocks.push({ start: i, end: i + 1 });
  }
  if (blocks.length <= 1) return [{ ...h, lines: [...h.lines] }];
  const groups = [{ ...blocks[0] }];
  for (const block of blocks.slice(1)) {
    const group = groups[groups.length - 1];
    const gap = entries.slice(group.end, block.start);
    if (isJoiningGap(gap, group.end - group.start, block.end - block.start)) group.end = block.end;
    else groups.push({ ...block });
  }
  const cuts = [0];
  for (let g = 1; g < groups.length; g++) {
    const gap = groups[g].start - groups[g - 1].end;
    const trailing = Math.min(CONTEXT_LINES, Math.floor(gap / 2));
    const leading = Math.min(CONTEXT_LINES, gap - trailing);
    cuts.push(groups[g - 1].end + trailing, groups[g].start - leading);
  }
  cuts.push(entries.length);
  const out: Hunk[] = [];
  for (let k = 0; k < cuts.length; k += 2) out.push(hunkOf(entries.slice(cuts[k], cuts[k + 1])));
  return out;
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
    const start = Math.max(0, h.oldStart - 1);
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
        if (lastSide !== "old" && added.length)
          added[added.length - 1] = { ...added[added.length - 1], newline: false };
        continue;
      }
      if (tag === " " || tag === "-") {
        if (pos >= old.length || old[pos].text !== text) {
          throw new Error(
            `Hunk ${index + 1} does not match the file at line ${pos + 1}: the file changed after the diff was made.`,
          );
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
