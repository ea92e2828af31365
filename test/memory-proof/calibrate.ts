/**
 * Calibration of the similarity floors (FLOORS in agent-core/memory/memory.ts) on the labeled set:
 *   npx tsx test/memory-proof/calibrate.ts [--holdout]
 * Runs leave-one-mutant-out with every floor at -1 (every candidate kept), once with scope "project" (this
 * program's hints only) and once with "all" (to see other programs' hints), with and without the developer's
 * change, and prints for each floor how many hints would be shown and how many of them are of the query's
 * bug class. The suggested floor is the lowest at which shown hints are right at least 80% of the time, with
 * at least MIN_SHOWN of them; none reaching it means "show none" (a floor above 1). --holdout prints the same
 * for the holdout bugs (added to the memory, only their queries scored), to check floors chosen without them.
 */
import { parseArgs } from "node:util";
import { withoutChanges } from "./evaluate";
import { HOLDOUT_MUTATIONS } from "./holdoutCatalog";
import { JS_MUTATIONS } from "./jsCatalog";
import { buildLabeledSet, cacheFileFor, type LabeledItem } from "./labeledSet";
import { PY_MUTATIONS } from "./pyCatalog";
import { leaveOneMutantOut, type QueryOutcome, type ScoredHit } from "./retrieval";

const TARGET = 0.8;
const MIN_SHOWN = 20;
const GRID = Array.from({ length: 15 }, (_, i) => Math.round((0.3 + i * 0.05) * 100) / 100);
const EVERYTHING = { project: { change: -1, failure: -1 }, other: { change: -1, failure: -1 } };

/** Shown hints and the right ones among them if only hits at or above `floor` were shown (top 3 each). */
export function atFloor(
  outcomes: readonly QueryOutcome[],
  pick: (hit: ScoredHit) => boolean,
  floor: number,
): { shown: number; right: number } {
  let shown = 0;
  let right = 0;
  for (const q of outcomes) {
    const kept = q.hits.filter((h) => pick(h) && h.similarity >= floor).slice(0, 3);
    shown += kept.length;
    right += kept.filter((h) => h.bugClass === q.bugClass).length;
  }
  return { shown, right };
}

/** The lowest grid floor whose shown hints are right ≥ TARGET with ≥ MIN_SHOWN of them; undefined when none. */
export function suggestFloor(outcomes: readonly QueryOutcome[], pick: (hit: ScoredHit) => boolean): number | undefined {
  return GRID.find((floor) => {
    const { shown, right } = atFloor(outcomes, pick, floor);
    return shown >= MIN_SHOWN && right / shown >= TARGET;
  });
}

function table(label: string, outcomes: readonly QueryOutcome[], pick: (hit: ScoredHit) => boolean): string {
  const lines = [`${label} (${outcomes.length} queries): floor → hints shown, right`];
  for (const floor of GRID) {
    const { shown, right } = atFloor(outcomes, pick, floor);
    lines.push(
      `  ${floor.toFixed(2)}  ${String(shown).padStart(4)}  ${shown ? `${((100 * right) / shown).toFixed(0)}%` : "-"}`,
    );
  }
  const suggested = suggestFloor(outcomes, pick);
  lines.push(
    `  suggested: ${suggested === undefined ? "none reaches 80% with enough hints: show none" : suggested.toFixed(2)}`,
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { holdout: { type: "boolean" } } });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const full = await buildLabeledSet([...JS_MUTATIONS, ...PY_MUTATIONS], { cacheFile: cacheFileFor("full"), log });
  const holdout = values.holdout
    ? await buildLabeledSet(HOLDOUT_MUTATIONS, { cacheFile: cacheFileFor("holdout"), log })
    : undefined;
  const items: LabeledItem[] = [...full.items, ...(holdout?.items ?? [])];
  const scored = (outcomes: QueryOutcome[]) =>
    holdout ? outcomes.filter((o) => o.mutant.startsWith("hold-")) : outcomes;
  for (const [scenario, set] of [
    ["with the developer's change", items],
    ["without a change", withoutChanges(items)],
  ] as const) {
    const own = scored(await leaveOneMutantOut(set, { scope: "project", floors: EVERYTHING }));
    const all = scored(await leaveOneMutantOut(set, { scope: "all", floors: EVERYTHING }));
    process.stdout.write(`\n## ${scenario}${holdout ? " (holdout queries)" : ""}\n`);
    process.stdout.write(`${table("this project's hints", own, (h) => h.sameProject)}\n`);
    process.stdout.write(`${table("other projects' hints", all, (h) => !h.sameProject)}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`calibrate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
