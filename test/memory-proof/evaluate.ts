/**
 * Retrieval-quality CLI:
 *   npx tsx test/memory-proof/evaluate.ts [--exact] [--scope both|project|all] [--floor X] [--refresh] [--scenario both|change|no-change] [--holdout]
 * --scope is the loop's setting (project: hints from the same program only; all: other programs' too);
 * the default runs both. --floor sets every similarity floor to X instead of the calibrated ones (calibrate.ts).
 * --holdout adds the bugs of holdoutCatalog.ts (written apart from the retrieval features) to the memory and
 * scores only their queries.
 * Builds (or reads from test-artifacts/) the labeled set of real test failures, runs the leave-one-mutant-out
 * evaluation against a real LanceDB memory, prints precision@3 / recall@3 / zero-hit share per language and
 * per bug class, and writes the per-query outcomes to test-artifacts/memory-proof/retrieval-report.json.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { FLOORS } from "../../agent-core/memory/memory";
import { HOLDOUT_MUTATIONS } from "./holdoutCatalog";
import { JS_MUTATIONS } from "./jsCatalog";
import { buildLabeledSet, cacheFileFor, type LabeledItem } from "./labeledSet";
import { type RetrievalScores, scoreBy, scoreQueries } from "./metrics";
import { PY_MUTATIONS } from "./pyCatalog";
import { leaveOneMutantOut, type QueryOutcome } from "./retrieval";
import { ARTIFACTS_DIR } from "./sources";

/** Markdown table of scores per group. */
export function scoresTable(title: string, rows: Array<[string, RetrievalScores]>): string {
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  return [
    `| ${title.padEnd(18)} | queries | precision@3 | recall@3 | zero hits | hints shown | right |`,
    `|${"-".repeat(20)}|--------:|------------:|---------:|----------:|------------:|------:|`,
    ...rows.map(
      ([name, s]) =>
        `| ${name.padEnd(18)} | ${String(s.queries).padStart(7)} | ${s.precisionAtK.toFixed(2).padStart(11)} | ${pct(s.recallAtK).padStart(8)} | ${pct(s.zeroHitShare).padStart(9)} | ${String(s.shown).padStart(11)} | ${(s.shown ? pct(s.shownPrecision) : "-").padStart(5)} |`,
    ),
  ].join("\n");
}

/** The three tables (all, per language, per class) for one evaluation. */
export function resultTables(outcomes: QueryOutcome[]): string {
  return [
    scoresTable("all", [["all", scoreQueries(outcomes)]]),
    scoresTable(
      "language",
      scoreBy(outcomes, (q) => q.language),
    ),
    scoresTable(
      "bug class",
      scoreBy(outcomes, (q) => q.bugClass),
    ),
  ].join("\n\n");
}

/** The same items with the developer's change taken out of every query. */
export function withoutChanges(items: readonly LabeledItem[]): LabeledItem[] {
  return items.map((item) => {
    const { recentChange: _, ...query } = item.query;
    return { ...item, query };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      exact: { type: "boolean" },
      floor: { type: "string" },
      refresh: { type: "boolean" },
      holdout: { type: "boolean" },
      scenario: { type: "string", default: "both" },
      scope: { type: "string", default: "both" },
    },
  });
  const scopes = values.scope === "both" ? (["project", "all"] as const) : [values.scope];
  if (!scopes.every((s) => s === "project" || s === "all"))
    throw new Error(`--scope must be both, project or all, got "${values.scope}"`);
  const scenarios = values.scenario === "both" ? (["change", "no-change"] as const) : [values.scenario];
  if (!scenarios.every((s) => s === "change" || s === "no-change"))
    throw new Error(`--scenario must be both, change or no-change, got "${values.scenario}"`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (values.refresh) await Promise.all(["full", "holdout"].map((name) => rm(cacheFileFor(name), { force: true })));
  const full = await buildLabeledSet([...JS_MUTATIONS, ...PY_MUTATIONS], { cacheFile: cacheFileFor("full"), log });
  const holdout = values.holdout
    ? await buildLabeledSet(HOLDOUT_MUTATIONS, { cacheFile: cacheFileFor("holdout"), log })
    : undefined;
  const set = holdout
    ? {
        ...full,
        key: `${full.key}+${holdout.key}`,
        items: [...full.items, ...holdout.items],
        mutants: [...full.mutants, ...holdout.mutants],
      }
    : full;
  const scored = (outcomes: QueryOutcome[]) =>
    holdout ? outcomes.filter((o) => o.mutant.startsWith("hold-")) : outcomes;
  const dropped = set.mutants.filter((m) => m.problem);
  for (const m of dropped) process.stderr.write(`warning: ${m.id} gave no failures: ${m.problem}\n`);
  const floor = values.floor === undefined ? undefined : Number(values.floor);
  if (floor !== undefined && !(floor >= -1 && floor <= 1))
    throw new Error(`--floor must be a number in [-1, 1], got "${values.floor}"`);
  const floors =
    floor === undefined
      ? FLOORS
      : { project: { change: floor, failure: floor }, other: { change: floor, failure: floor } };
  const report: Record<string, unknown> = { labeledSetKey: set.key, floors };
  for (const scope of scopes as ReadonlyArray<"project" | "all">)
    for (const scenario of scenarios) {
      // "change": the bug is the developer's uncommitted change (the loop reads it with git diff HEAD);
      // "no-change": the bug is already committed, so the query has only the failure and the code.
      const items = scenario === "change" ? set.items : withoutChanges(set.items);
      process.stderr.write(
        `Evaluating ${items.length} failures of ${set.mutants.length - dropped.length} mutants, ${scenario}, scope ${scope} (${values.exact ? "fresh memory per mutant" : "fast mode"})…\n`,
      );
      const outcomes = scored(
        await leaveOneMutantOut(items, {
          mode: values.exact ? "fresh" : "fast",
          scope,
          floors,
          progress: (done, total) => done % 25 === 0 && process.stderr.write(`  ${done}/${total} mutants\n`),
        }),
      );
      process.stdout.write(
        `\n### Scope ${scope}: ${scenario === "change" ? "bug in the uncommitted change" : "bug already committed (no change known)"}\n\n${resultTables(outcomes)}\n`,
      );
      report[`${scope}:${scenario}`] = outcomes;
    }
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const reportFile = path.join(ARTIFACTS_DIR, holdout ? "retrieval-report-holdout.json" : "retrieval-report.json");
  await writeFile(reportFile, JSON.stringify(report, null, 1));
  process.stderr.write(`Per-query outcomes: ${reportFile}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`evaluate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
