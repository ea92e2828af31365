/** Fuzzy location of a SEARCH block: the window of file lines most similar to it, line by line. */
import { isBlank } from "./lines";
import { lineSimilarity } from "./similarity";

/** Mean line similarity a window needs to be applied. */
export const FUZZY_THRESHOLD = 0.9;
/** Every non-blank line of an applied window must be at least this similar (one rewritten line is not "close"). */
export const FUZZY_MIN_LINE = 0.6;
/** Another window within this margin of the best one makes the match ambiguous. */
const RIVAL_MARGIN = 0.01;

export interface FuzzyWindow {
  /** 0-based index of the first file line. */
  start: number;
  score: number;
  minLine: number;
}

export interface FuzzyScan {
  /** Best window regardless of threshold (for "closest lines" hints); undefined when the file is shorter than the search. */
  best?: FuzzyWindow;
  /** Windows that pass the thresholds and are within the rival margin of the best. */
  matches: FuzzyWindow[];
}

/**
 * Slides a window of search.length lines over the file (both already trimmed) and scores each window.
 * Branch and bound: a window is abandoned once it cannot reach the best score minus the rival margin.
 */
export function scanFuzzy(fileTrimmed: readonly string[], searchTrimmed: readonly string[]): FuzzyScan {
  const m = searchTrimmed.length;
  const n = fileTrimmed.length;
  if (m === 0 || n < m) return { matches: [] };
  let best: FuzzyWindow | undefined;
  const passing: FuzzyWindow[] = [];
  for (let s = 0; s + m <= n; s++) {
    const floor = best ? Math.max(best.score - RIVAL_MARGIN, 0) : 0;
    const budget = m * (1 - floor) + 1e-9;
    let deficit = 0;
    let minLine = 1;
    let abandoned = false;
    for (let j = 0; j < m; j++) {
      const sim = lineSimilarity(fileTrimmed[s + j], searchTrimmed[j], budget - deficit);
      deficit += 1 - sim;
      if (!isBlank(searchTrimmed[j]) && sim < minLine) minLine = sim;
      if (deficit > budget) {
        abandoned = true;
        break;
      }
    }
    if (abandoned) continue;
    const w: FuzzyWindow = { start: s, score: 1 - deficit / m, minLine };
    if (!best || w.score > best.score) best = w;
    if (w.score >= FUZZY_THRESHOLD && w.minLine >= FUZZY_MIN_LINE) passing.push(w);
  }
  const top = best;
  const matches = top ? passing.filter((w) => w.score >= top.score - RIVAL_MARGIN) : [];
  return { best, matches };
}

/** Keeps the best window plus windows that do not overlap it (overlapping ones are shifts of the same spot). */
export function distinctMatches(matches: readonly FuzzyWindow[], length: number): FuzzyWindow[] {
  const sorted = [...matches].sort((a, b) => b.score - a.score || a.start - b.start);
  const kept: FuzzyWindow[] = [];
  for (const w of sorted) {
    if (kept.every((k) => w.start >= k.start + length || k.start >= w.start + length)) kept.push(w);
  }
  return kept;
}

/** File lines [start, start+count) with 1-based line numbers, for messages the model can act on. */
export function numberedLines(texts: readonly string[], start: number, count: number, maxLines = 30): string {
  const end = Math.min(texts.length, start + Math.min(count, maxLines));
  const width = String(end).length;
  const out: string[] = [];
  for (let i = start; i < end; i++) out.push(`${String(i + 1).padStart(width, " ")} | ${texts[i]}`);
  if (start + count > end && end < texts.length) out.push(`${" ".repeat(width)} | ...`);
  return out.join("\n");
}
