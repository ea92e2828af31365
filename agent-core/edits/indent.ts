/**
 * Re-indents REPLACE lines to the file's style when SEARCH matched only after ignoring indentation
 * (the model wrote 2 spaces where the file uses 4, or spaces where it uses tabs, or dropped a level).
 */
import { isBlank } from "./lines";

const TAB_WIDTH = 4;

function leading(line: string): string {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0] : "";
}

function columns(ws: string): number {
  let c = 0;
  for (const ch of ws) c += ch === "\t" ? TAB_WIDTH - (c % TAB_WIDTH) : 1;
  return c;
}

/** Most frequent positive indentation step (in columns) between consecutive non-blank lines, if any. */
export function detectIndentUnit(groups: ReadonlyArray<readonly string[]>): number | undefined {
  const counts = new Map<number, number>();
  for (const lines of groups) {
    let prev: number | undefined;
    for (const line of lines) {
      if (isBlank(line)) continue;
      const c = columns(leading(line));
      if (prev !== undefined && c > prev && c - prev <= 8) counts.set(c - prev, (counts.get(c - prev) ?? 0) + 1);
      prev = c;
    }
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [unit, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== undefined && unit < best)) {
      best = unit;
      bestCount = n;
    }
  }
  return best;
}

function usesTabs(lines: readonly string[]): boolean {
  let tabs = 0;
  let spaces = 0;
  for (const line of lines) {
    if (line.startsWith("\t")) tabs++;
    else if (line.startsWith(" ") && !isBlank(line)) spaces++;
  }
  return tabs > spaces;
}

function render(cols: number, tabs: boolean): string {
  if (!tabs) return " ".repeat(cols);
  return "\t".repeat(Math.floor(cols / TAB_WIDTH)) + " ".repeat(cols % TAB_WIDTH);
}

/**
 * Returns replaceLines with indentation translated from the model's style to the file's.
 * searchLines[i] was matched against matchedLines[i]; fileLines is the whole file (for its indent unit).
 */
export function reindentReplacement(
  searchLines: readonly string[],
  matchedLines: readonly string[],
  replaceLines: readonly string[],
  fileLines: readonly string[],
): string[] {
  const pairs: Array<{ m: string; f: string }> = [];
  for (let i = 0; i < searchLines.length && i < matchedLines.length; i++) {
    if (!isBlank(searchLines[i]) && !isBlank(matchedLines[i])) {
      pairs.push({ m: leading(searchLines[i]), f: leading(matchedLines[i]) });
    }
  }
  if (pairs.length === 0 || pairs.every((p) => p.m === p.f)) return [...replaceLines];

  // Exact indent strings seen in the match translate directly (keeps odd alignments intact).
  const direct = new Map<string, string>();
  const conflicting = new Set<string>();
  for (const p of pairs) {
    const seen = direct.get(p.m);
    if (seen !== undefined && seen !== p.f) conflicting.add(p.m);
    else direct.set(p.m, p.f);
  }
  for (const c of conflicting) direct.delete(c);

  const lo = pairs.reduce((a, b) => (columns(b.m) < columns(a.m) ? b : a));
  const hi = pairs.reduce((a, b) => (columns(b.m) > columns(a.m) ? b : a));
  let scale = 1;
  if (columns(hi.m) > columns(lo.m)) {
    scale = (columns(hi.f) - columns(lo.f)) / (columns(hi.m) - columns(lo.m));
  } else if (columns(lo.m) !== columns(lo.f)) {
    const fileUnit = detectIndentUnit([fileLines]) ?? TAB_WIDTH;
    const modelUnit = detectIndentUnit([searchLines, replaceLines]);
    if (modelUnit !== undefined) scale = fileUnit / modelUnit;
  }
  if (!Number.isFinite(scale) || scale <= 0) scale = 1;
  const offset = columns(lo.f) - scale * columns(lo.m);
  const tabs = usesTabs(matchedLines) || (!matchedLines.some((l) => l.startsWith(" ")) && usesTabs(fileLines));

  return replaceLines.map((line) => {
    if (isBlank(line)) return "";
    const ws = leading(line);
    const mapped = direct.get(ws);
    if (mapped !== undefined) return mapped + line.slice(ws.length);
    const cols = Math.max(0, Math.round(scale * columns(ws) + offset));
    return render(cols, tabs) + line.slice(ws.length);
  });
}
