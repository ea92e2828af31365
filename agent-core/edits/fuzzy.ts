/** Fuzzy location of a SEARCH block: the window of file lines most similar to it, line by line. */
import { isBlank } from "./lines";
import { histograms, lineSimilarity, similarityUpperBound } from "./similarity";

/** Mean line similarity a window needs to be applied. */
export const FUZZY_THRESHOLD = 0.9;
/** Every non-blank line of an applied window must be at least this similar (one rewritten line is not "close"). */
export const FUZZY_MIN_LINE = 0.6;
/** Another window within this margin of the best one makes the match ambiguous. */
const RIVAL_MARGIN = 0.01;
/** Windows scored exactly only to find the closest lines for a miss (they cannot be applied). */
const HINT_EVALUATIONS = 40;

export interface FuzzyWindow {
  /** 0-based index of the first file line. */
  start: number;
  score: number;
  minLine: number;
}

export interface FuzzyScan {
  /** Best window found (exact when something matched; close to the best for hints); undefined when the file is shorter than the search. */
  best?: FuzzyWindow;
  /** Windows that pass the thresholds and are within the rival margin of the best. */
  matches: FuzzyWindow[];
}

/** Exact window score, abandoned (undefined) once it cannot reach `floor`. */
function scoreWindow(
  file: readonly string[],
  search: readonly string[],
  s: number,
  floor: number,
): FuzzyWindow | undefined {
  const m = search.length;
  const budget = m * (1 - floor) + 1e-9;
  let deficit = 0;
  let minLine = 1;
  for (let j = 0; j < m; j++) {
    const sim = lineSimilarity(file[s + j], search[j], budget - deficit);
    deficit += 1 - sim;
    if (!isBlank(search[j]) && sim < minLine) minLine = sim;
    if (deficit > budget) return undefined;
  }
  return { start: s, score: 1 - deficit / m, minLine };
}

/** Lines used to approximate the closest window for a miss. */
const HINT_SAMPLE = 16;

/**
 * Scores windows of search.length lines over the file (both already trimmed). A cheap histogram bound
 * first discards windows that cannot reach the threshold; survivors get exact (Levenshtein) scores,
 * best-bound-first, stopping once no remaining window can rival the best. So applied matches and
 * ambiguity are exact. When nothing passes, the closest window is found from a sample of the lines.
 */
export function scanFuzzy(file: readonly string[], search: readonly string[]): FuzzyScan {
  const m = search.length;
  const n = file.length;
  if (m === 0 || n < m) return { matches: [] };
  const fh = histograms(file);
  const sh = histograms(search);
  const pairBound = (i: number, j: number): number =>
    file[i] === search[j] ? 1 : similarityUpperBound(fh, i, file[i].length, sh, j, search[j].length);

  const budget = m * (1 - FUZZY_THRESHOLD) + 1e-9;
  const candidates: Array<{ s: number; bound: number }> = [];
  for (let s = 0; s + m <= n; s++) {
    let deficit = 0;
    for (let j = 0; j < m && deficit <= budget; j++) deficit += 1 - pairBound(s + j, j);
    if (deficit <= budget) candidates.push({ s, bound: 1 - deficit / m });
  }
  candidates.sort((a, b) => b.bound - a.bound || a.s - b.s);

  let best: FuzzyWindow | undefined;
  const passing: FuzzyWindow[] = [];
  for (const c of candidates) {
    if (best && c.bound < best.score - RIVAL_MARGIN) break;
    const w = scoreWindow(file, search, c.s, best ? Math.max(best.score - RIVAL_MARGIN, 0) : 0);
    if (!w) continue;
    if (!best || w.score > best.score) best = w;
    if (w.score >= FUZZY_THRESHOLD && w.minLine >= FUZZY_MIN_LINE) passing.push(w);
  }
  const top = best;
  if (top && passing.length > 0)
    return { best: top, matches: passing.filter((w) => w.score >= top.score - RIVAL_MARGIN) };
  const hint = closestWindow(file, search, pairBound);
  return { best: hint && (!best || hint.score > best.score) ? hint : best, matches: [] };
}

/** Closest window for a miss: rank windows by the bound over a sample of lines, score the top few exactly. */
function closestWindow(
  file: readonly string[],
  search: readonly string[],
  pairBound: (i: number, j: number) => number,
): FuzzyWindow | undefined {
  const m = search.length;
  const nonBlank = search.map((_, j) => j).filter((j) => !isBlank(search[j]));
  const pool = nonBlank.length > 0 ? nonBlank : search.map((_, j) => j);
  const step = Math.max(1, pool.length / HINT_SAMPLE);
  const sample: number[] = [];
  for (let k = 0; k < pool.length && sample.length < HINT_SAMPLE; k += step) sample.push(pool[Math.floor(k)]);
  const ranked: Array<{ s: number; bound: number }> = [];
  for (let s = 0; s + m <= file.length; s++) {
    let sum = 0;
    for (const j of sample) sum += pairBound(s + j, j);
    ranked.push({ s, bound: sum / sample.length });
  }
  ranked.sort((a, b) => b.bound - a.bound || a.s - b.s);
  let best: FuzzyWindow | undefined;
  for (const c of ranked.slice(0, HINT_EVALUATIONS)) {
    const w = scoreWindow(file, search, c.s, best ? best.score : 0);
    if (w && (!best || w.score > best.score)) best = w;
  }
  return best;
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
