/**
 * Retrieval measured on the public real-bug sets, Defects4J then BugsJS (README.md in this folder):
 *   npm run proof:public [-- --projects Lang,Math] [--out FILE]
 * Leave one bug out: for each bug, a FailureMemory holding every other bug's failures with its fix as a proven
 * fix recalls for each of the bug's failing tests. Each project of a collection is one project, so the default scope
 * ("project") sees the other bugs of the same project and scope "all" the other projects' too. Reports, with
 * and without the developer's change: hints shown and the share right, precision@3, recall@3 and zero hits
 * at the shipped floors; the ranking with no floor; the random and most-common-class baselines over the same
 * candidates; and how many hints each floor would show and how many of them are right. Nothing is random and
 * inputs are sorted, so two runs print the same text.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Embedder } from "../../../agent-core/memory/embedder";
import { FLOORS, type Floors } from "../../../agent-core/memory/memory";
import type { MemoryScope } from "../../../agent-core/ports";
import { type RetrievalScores, scoreQueries } from "../metrics";
import { leaveOneMutantOut, type QueryOutcome, type RetrievalItem } from "../retrieval";
import { BUGSJS_SET_FILE, fixOf, languageOf, loadPublicSet, type PublicBug, queryOf, sameKind } from "./dataset";

const NO_FLOOR: Floors = { project: { change: -1, failure: -1 }, other: { change: -1, failure: -1 } };
const NEVER = 1.01;
export const FLOOR_GRID = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

/** Every failure gets the same vector, so only the change's shape ranks: does the failure text add anything? */
class SameFailureEmbedder implements Embedder {
  readonly name = "same-failure-control";
  readonly dim = 16;
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map(() => new Float32Array(this.dim).fill(0.25));
  }
}

/** The items of `bugs` (one per failing test), with or without the developer's change. */
export function publicItems(bugs: readonly PublicBug[], withChange: boolean): RetrievalItem[] {
  return bugs.flatMap((bug) =>
    bug.failures.map((failure) => ({
      mutant: bug.id,
      bugClass: bug.label ?? "other",
      language: languageOf(bug),
      project: bug.project,
      query: queryOf(bug, failure, withChange),
      fix: fixOf(bug),
    })),
  );
}

/** Scores where a hint is right when its bug is of the query's kind (`sameKind`). */
export function scorePublic(outcomes: readonly QueryOutcome[]): RetrievalScores {
  return scoreQueries(
    outcomes.map((o) => ({
      bugClass: o.bugClass,
      hitClasses: o.hits.map((h) => (sameKind(h.bugClass, o.bugClass) ? o.bugClass : undefined)),
    })),
  );
}

/** The bugs a query may get hints from under `scope`: every other bug, or the other bugs of its project. */
function pool(bugs: readonly PublicBug[], query: PublicBug, scope: MemoryScope): PublicBug[] {
  return bugs.filter((b) => b.id !== query.id && (scope === "all" || b.project === query.project));
}

/**
 * Baselines over the same candidates, per query (each failing test), for queries with any candidate:
 * `random`, the expected precision of hints drawn at random (the share of right candidates); `mostCommon`,
 * always showing the candidates' most common class; `ceiling`, the share of queries with a right candidate.
 */
export function baselines(
  bugs: readonly PublicBug[],
  scope: MemoryScope,
): { queries: number; random: number; mostCommon: number; ceiling: number } {
  let queries = 0;
  let random = 0;
  let mostCommon = 0;
  let ceiling = 0;
  for (const bug of bugs) {
    const candidates = pool(bugs, bug, scope);
    if (candidates.length === 0) continue;
    const right = candidates.filter((c) => sameKind(c.label, bug.label)).length;
    // A BugsJS label holds several patterns: each counts once per candidate.
    const counts = new Map<string, number>();
    for (const c of candidates)
      for (const kind of new Set(c.label?.split(",") ?? []))
        if (kind !== "other") counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    const n = bug.failures.length;
    queries += n;
    random += (n * right) / candidates.length;
    mostCommon += sameKind(top, bug.label) ? n : 0;
    ceiling += right > 0 ? n : 0;
  }
  return {
    queries,
    random: queries ? random / queries : 0,
    mostCommon: queries ? mostCommon / queries : 0,
    ceiling: queries ? ceiling / queries : 0,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const row = (cells: Array<string | number>) => `| ${cells.join(" | ")} |`;

function scoreRow(label: string, s: RetrievalScores): string {
  return row([
    label,
    s.queries,
    s.shown,
    s.shown ? pct(s.shownPrecision) : "–",
    s.shown ? s.precisionAtK.toFixed(2) : "–",
    pct(s.recallAtK),
    pct(s.zeroHitShare),
  ]);
}

/** The whole report for `bugs` as Markdown. */
export async function publicReport(bugs: readonly PublicBug[]): Promise<string> {
  const sorted = [...bugs].sort((a, b) => a.id.localeCompare(b.id));
  const items = { change: publicItems(sorted, true), none: publicItems(sorted, false) };
  const run = (which: "change" | "none", scope: MemoryScope, floors: Floors, embedder?: Embedder) =>
    leaveOneMutantOut(items[which], { scope, floors, backend: "builtin", embedder });
  const header = [
    row(["", "queries", "hints shown", "right", "precision@3", "recall@3", "zero hits"]),
    "|---|--:|--:|--:|--:|--:|--:|",
  ];
  const out: string[] = [
    `n = ${sorted.length} bugs, ${items.change.length} failing tests (queries), ${new Set(sorted.map((b) => b.project)).size} projects.`,
    "",
    "### At the shipped floors",
    "",
    ...header,
  ];
  for (const scope of ["project", "all"] as const)
    for (const which of ["change", "none"] as const)
      out.push(
        scoreRow(
          `${scope}, ${which === "change" ? "with change" : "no change"}`,
          scorePublic(await run(which, scope, FLOORS)),
        ),
      );
  // Without the failure part the similarity scale changes: does the floor still keep doubtful hints out?
  out.push(
    scoreRow(
      "all, with change, change's shape only",
      scorePublic(await run("change", "all", FLOORS, new SameFailureEmbedder())),
    ),
  );
  out.push("", "### Ranking with no floor (top 3 of every query) against baselines over the same candidates", "");
  out.push(
    row(["", "queries", "precision@3", "random", "most common class", "a right candidate exists"]),
    "|---|--:|--:|--:|--:|--:|",
  );
  for (const scope of ["project", "all"] as const) {
    const base = baselines(sorted, scope);
    for (const which of ["change", "none"] as const) {
      const s = scorePublic(await run(which, scope, NO_FLOOR));
      out.push(
        row([
          `${scope}, ${which === "change" ? "with change" : "no change"}`,
          s.queries,
          s.precisionAtK.toFixed(2),
          base.random.toFixed(2),
          base.mostCommon.toFixed(2),
          pct(base.ceiling),
        ]),
      );
    }
    const shapeOnly = scorePublic(await run("change", scope, NO_FLOOR, new SameFailureEmbedder()));
    out.push(row([`${scope}, change's shape only`, shapeOnly.queries, shapeOnly.precisionAtK.toFixed(2), "", "", ""]));
  }
  out.push("", "### Hints each floor would show (with the change): shown / right", "");
  out.push(row(["floor", "this project's", "other projects'"]), "|--:|--:|--:|");
  for (const floor of FLOOR_GRID) {
    const own = scorePublic(
      await run("change", "project", { project: { change: floor, failure: NEVER }, other: FLOORS.other }),
    );
    const other = scorePublic(
      await run("change", "all", {
        project: { change: NEVER, failure: NEVER },
        other: { change: floor, failure: NEVER },
      }),
    );
    const cell = (s: RetrievalScores) => (s.shown ? `${s.shown} / ${pct(s.shownPrecision)}` : "0");
    out.push(row([floor.toFixed(2), cell(own), cell(other)]));
  }
  return `${out.join("\n")}\n`;
}

/** The frozen sets, in the order the report gives them. */
const SETS = [
  { title: "Defects4J (Java)", file: undefined },
  { title: "BugsJS (JavaScript)", file: BUGSJS_SET_FILE },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { projects: { type: "string" }, out: { type: "string" } } });
  const only = values.projects?.split(",").map((p) => p.trim());
  const parts: string[] = [];
  for (const { title, file } of SETS) {
    const bugs = loadPublicSet(file).bugs.filter((b) => !only || only.includes(b.project));
    if (bugs.length) parts.push(`## ${title}\n\n${await publicReport(bugs)}`);
  }
  if (parts.length === 0) throw new Error(`no bugs for --projects ${values.projects}`);
  const report = parts.join("\n");
  process.stdout.write(report);
  if (values.out) writeFileSync(values.out, report);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`proof:public: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
