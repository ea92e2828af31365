/**
 * Retrieval-quality CLI:
 *   npx tsx test/memory-proof/evaluate.ts [--exact] [--floor X] [--refresh]
 * Builds (or reads from test-artifacts/) the labeled set of real test failures, runs the leave-one-mutant-out
 * evaluation against a real LanceDB memory, prints precision@3 / recall@3 / zero-hit share per language and
 * per bug class, and writes the per-query outcomes to test-artifacts/memory-proof/retrieval-report.json.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { JS_MUTATIONS } from "./jsCatalog";
import { buildLabeledSet, cacheFileFor } from "./labeledSet";
import { type RetrievalScores, scoreBy, scoreQueries } from "./metrics";
import { PY_MUTATIONS } from "./pyCatalog";
import { leaveOneMutantOut } from "./retrieval";
import { ARTIFACTS_DIR } from "./sources";

/** Markdown table of scores per group. */
export function scoresTable(title: string, rows: Array<[string, RetrievalScores]>): string {
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  return [
    `| ${title.padEnd(18)} | queries | precision@3 | recall@3 | zero hits |`,
    `|${"-".repeat(20)}|--------:|------------:|---------:|----------:|`,
    ...rows.map(([name, s]) => `| ${name.padEnd(18)} | ${String(s.queries).padStart(7)} | ${s.precisionAtK.toFixed(2).padStart(11)} | ${pct(s.recallAtK).padStart(8)} | ${pct(s.zeroHitShare).padStart(9)} |`),
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { exact: { type: "boolean" }, floor: { type: "string" }, refresh: { type: "boolean" } } });
  const cacheFile = cacheFileFor("full");
  if (values.refresh) await rm(cacheFile, { force: true });
  const set = await buildLabeledSet([...JS_MUTATIONS, ...PY_MUTATIONS], { cacheFile, log: (line) => process.stderr.write(`${line}\n`) });
  const dropped = set.mutants.filter((m) => m.problem);
  for (const m of dropped) process.stderr.write(`warning: ${m.id} gave no failures: ${m.problem}\n`);
  const floor = values.floor === undefined ? undefined : Number(values.floor);
  if (floor !== undefined && !(floor >= -1 && floor <= 1)) throw new Error(`--floor must be a number in [-1, 1], got "${values.floor}"`);
  process.stderr.write(`Evaluating ${set.items.length} failures of ${set.mutants.length - dropped.length} mutants (${values.exact ? "fresh memory per mutant" : "fast mode"})…\n`);
  const outcomes = await leaveOneMutantOut(set.items, {
    mode: values.exact ? "fresh" : "fast",
    tuning: floor === undefined ? undefined : { similarityFloor: floor },
    progress: (done, total) => done % 10 === 0 && process.stderr.write(`  ${done}/${total} mutants\n`),
  });
  const out = [
    scoresTable("all", [["all", scoreQueries(outcomes)]]),
    scoresTable("language", scoreBy(outcomes, (q) => q.language)),
    scoresTable("bug class", scoreBy(outcomes, (q) => q.bugClass)),
  ].join("\n\n");
  process.stdout.write(`${out}\n`);
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const report = path.join(ARTIFACTS_DIR, "retrieval-report.json");
  await writeFile(report, JSON.stringify({ labeledSetKey: set.key, floor: floor ?? 0.55, outcomes }, null, 1));
  process.stderr.write(`Per-query outcomes: ${report}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`evaluate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
