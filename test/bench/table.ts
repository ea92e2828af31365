/** Rows, percentiles and the plain-text table shared by every benchmark area. Numbers are reported, never asserted. */

/** One line of the benchmark table. */
export interface BenchRow {
  /** Benchmark area ("loop", "checkpoint", "edits", "prompt", "memory"). */
  area: string;
  measure: string;
  /** Median, or the single value when there is only one sample. Null when the measure could not be taken. */
  p50: number | null;
  p95: number | null;
  /** "ms", "MB", "tokens", "ratio", ... */
  unit: string;
  /** Human-readable goal, e.g. "< 50 ms"; empty when there is none. */
  goal: string;
  /** Whether p50 met the goal; undefined when there is no numeric goal. */
  goalMet?: boolean;
  note: string;
  /** Raw samples, kept in the JSON for later analysis (not printed). */
  samples?: number[];
  /** Extra per-case data for the JSON file (not printed). */
  details?: unknown;
}

/** A print-ready row as the edits and memory benchmarks return it; run.ts adds the area. */
export interface PlainResult {
  name: string;
  p50: number;
  p95: number;
  unit: string;
  note?: string;
  /** Checked against p50 when the table is built. */
  goal?: Goal;
}

/** A numeric goal on p50: "below" means smaller is better. */
export interface Goal {
  below?: number;
  above?: number;
  text: string;
}

/** Nearest-rank percentile of unsorted samples (p in 0..100); NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Arithmetic mean; NaN for no samples. */
export function mean(samples: readonly number[]): number {
  return samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN;
}

/** Builds a row from samples (p50/p95) and an optional goal checked against p50. */
export function rowFromSamples(
  area: string,
  measure: string,
  samples: readonly number[],
  unit: string,
  options: { goal?: Goal; note?: string; keepSamples?: boolean } = {},
): BenchRow {
  const p50 = samples.length ? percentile(samples, 50) : null;
  const p95 = samples.length ? percentile(samples, 95) : null;
  return withGoal(
    {
      area,
      measure,
      p50,
      p95,
      unit,
      goal: "",
      note: options.note ?? "",
      samples: options.keepSamples === false ? undefined : [...samples],
    },
    options.goal,
  );
}

/** A row holding one value (sizes, ratios, means), shown in both the p50 and p95 columns. */
export function singleValueRow(
  area: string,
  measure: string,
  value: number,
  unit: string,
  options: { goal?: Goal; note?: string } = {},
): BenchRow {
  return withGoal({ area, measure, p50: value, p95: value, unit, goal: "", note: options.note ?? "" }, options.goal);
}

/** The row with `goal` checked against its p50 (unchanged without a goal). */
export function withGoal(row: BenchRow, goal: Goal | undefined): BenchRow {
  if (!goal) return row;
  const met =
    row.p50 === null
      ? undefined
      : (goal.below === undefined || row.p50 < goal.below) && (goal.above === undefined || row.p50 > goal.above);
  return { ...row, goal: goal.text, goalMet: met };
}

/** A row for an area that failed: the table still prints, with the error in the note. */
export function errorRow(area: string, error: unknown): BenchRow {
  const message = error instanceof Error ? error.message : String(error);
  return {
    area,
    measure: "(area failed)",
    p50: null,
    p95: null,
    unit: "",
    goal: "",
    note: message.split("\n")[0].slice(0, 200),
  };
}

/** Three significant digits, no exponent, thousands separated; "-" for missing values. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "-";
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function goalCell(row: BenchRow): string {
  if (!row.goal) return "";
  if (row.goalMet === undefined) return row.goal;
  return `${row.goal} ${row.goalMet ? "(met)" : "(MISSED)"}`;
}

const HEADERS = ["area", "measure", "p50", "p95", "unit/ratio", "goal", "note"] as const;
const RIGHT_ALIGNED = new Set([2, 3]);

/** The whole table as aligned plain text (numbers right-aligned), header and rule included. */
export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [
    r.area,
    r.measure,
    formatNumber(r.p50),
    formatNumber(r.p95),
    r.unit,
    goalCell(r),
    r.note,
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]) =>
    c
      .map((text, i) =>
        i === c.length - 1 ? text : RIGHT_ALIGNED.has(i) ? text.padStart(widths[i]) : text.padEnd(widths[i]),
      )
      .join(" | ")
      .trimEnd();
  const rule = widths
    .map((w, i) => "-".repeat(i === widths.length - 1 ? Math.max(4, HEADERS[i].length) : w))
    .join("-+-");
  return [line(HEADERS), rule, ...cells.map(line)].join("\n");
}
