/** Sums up chaos trials: interruptions by kind and phase, failures by kind, and every failure with its seed. */
import { FAILURE_KINDS, type FailureKind } from "./oracle";
import { describePlan, INTERRUPTS, PHASES } from "./plan";
import type { TrialResult } from "./trial";

export interface ChaosSummary {
  trials: number;
  failedTrials: number;
  /** Trials showing each failure kind. */
  failures: Record<FailureKind, number>;
  /** Differences behind "loss" failures, by what differed (changed, deleted, created, mode, type, link). */
  losses: Record<string, number>;
  /** interrupt kind → phase → trials whose signal was sent ("missed": the run ended before the moment). */
  interruptions: Record<string, Record<string, number>>;
}

export function summarize(results: readonly TrialResult[]): ChaosSummary {
  const failures = Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])) as Record<FailureKind, number>;
  const losses: Record<string, number> = {};
  const interruptions: Record<string, Record<string, number>> = {};
  for (const r of results) {
    const row = (interruptions[r.plan.interrupt] ??= {});
    const column = r.plan.interrupt === "none" ? "none" : r.missed ? "missed" : r.plan.phase;
    row[column] = (row[column] ?? 0) + 1;
    for (const kind of new Set(r.verdict.failures.map((f) => f.kind))) failures[kind]++;
    for (const f of r.verdict.failures.filter((f) => f.kind === "loss")) {
      for (const d of f.differences ?? []) losses[d.kind] = (losses[d.kind] ?? 0) + 1;
    }
  }
  return {
    trials: results.length,
    failedTrials: results.filter((r) => r.verdict.failures.length > 0).length,
    failures,
    losses,
    interruptions,
  };
}

const replay = (seed: number) => `npm run chaos -- --seed ${seed} --trials 1`;

/** One line per trial, for progress output. */
export function trialLine(index: number, total: number, r: TrialResult): string {
  const status =
    r.verdict.failures.length === 0 ? "ok" : `FAIL ${[...new Set(r.verdict.failures.map((f) => f.kind))].join(",")}`;
  const moment = r.missed ? " (moment missed: the run ended first)" : "";
  return `[${index}/${total}] seed ${r.plan.seed} ${status} in ${(r.durationMs / 1000).toFixed(1)} s — ${describePlan(r.plan)}${moment} → ${r.verdict.outcome}`;
}

/** Every failure of a trial, with the command that replays it. */
export function failureText(r: TrialResult): string {
  const lines = [`seed ${r.plan.seed}: ${describePlan(r.plan)} → ${r.verdict.outcome}`];
  for (const f of r.verdict.failures) lines.push(`  ${f.kind}: ${f.detail}`);
  if (r.kept) lines.push(`  kept: ${r.kept}`);
  lines.push(`  replay: ${replay(r.plan.seed)}`);
  return lines.join("\n");
}

export function formatSummary(summary: ChaosSummary, results: readonly TrialResult[]): string {
  const out: string[] = [];
  out.push(`Chaos: ${summary.trials} trials, ${summary.failedTrials} failed.`);
  out.push("", "Interruptions (trials by kind and phase; missed = the run ended before the moment):");
  const columns = [...PHASES, "missed"].filter((p) => Object.values(summary.interruptions).some((row) => row[p]));
  out.push(`  ${"kind".padEnd(13)}${columns.map((c) => c.padStart(11)).join("")}`);
  for (const kind of INTERRUPTS) {
    const row = summary.interruptions[kind];
    if (!row) continue;
    if (kind === "none") out.push(`  ${"none".padEnd(13)}${String(row.none ?? 0).padStart(11)} (uninterrupted)`);
    else out.push(`  ${kind.padEnd(13)}${columns.map((c) => String(row[c] ?? 0).padStart(11)).join("")}`);
  }
  out.push("", "Failures (trials showing each kind):");
  for (const kind of FAILURE_KINDS) out.push(`  ${kind.padEnd(20)} ${summary.failures[kind]}`);
  const lossKinds = Object.entries(summary.losses);
  if (lossKinds.length) out.push(`  losses by difference: ${lossKinds.map(([k, n]) => `${k} ${n}`).join(", ")}`);
  const failed = results.filter((r) => r.verdict.failures.length > 0);
  if (failed.length) out.push("", "Failed trials:", ...failed.map(failureText));
  return out.join("\n");
}
