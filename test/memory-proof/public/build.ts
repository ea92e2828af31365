/**
 * Rebuilds the frozen public set from a Defects4J clone:
 *   git clone https://github.com/rjust/defects4j /tmp/defects4j
 *   npx tsx test/memory-proof/public/build.ts --defects4j /tmp/defects4j [--out FILE]
 * Reads only git objects of DEFECTS4J_COMMIT (`git show <commit>:<path>`), so any clone that holds that commit
 * gives the same file. Per Defects4J project, the first SELECTION.perProject active bugs (by number) whose
 * patch is small (dataset.ts `isSmallPatch`) and that have trigger tests; hand labels from labels.json.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  cleanPatch,
  isSmallPatch,
  LABELS_FILE,
  type PublicBug,
  type PublicClass,
  type PublicSet,
  parseTriggerTests,
  SELECTION,
  SET_FILE,
} from "./dataset";

/** The Defects4J commit the set was built from (master on 2025-10-02). */
export const DEFECTS4J_COMMIT = "ca4a0ef98686bcd375336b1066acd6a54e875e34";

function main(): void {
  const { values } = parseArgs({ options: { defects4j: { type: "string" }, out: { type: "string" } } });
  if (!values.defects4j) throw new Error("--defects4j <path of a git clone of rjust/defects4j> is required");
  const gitDir = values.defects4j;
  const show = (file: string): string | undefined => {
    try {
      return execFileSync("git", ["-C", gitDir, "show", `${DEFECTS4J_COMMIT}:${file}`], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch {
      return undefined;
    }
  };
  const root = "framework/projects";
  const projects = execFileSync("git", ["-C", gitDir, "ls-tree", "-d", "--name-only", `${DEFECTS4J_COMMIT}:${root}`], {
    encoding: "utf8",
  })
    .split("\n")
    .filter((name) => name && name !== "lib")
    .sort();
  const labels = JSON.parse(readFileSync(LABELS_FILE, "utf8")) as Record<string, { class: PublicClass }>;
  const bugs: PublicBug[] = [];
  for (const project of projects) {
    const active = show(`${root}/${project}/active-bugs.csv`);
    if (!active) continue;
    const rows = active
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(","))
      .map(([id, , fixed]) => ({ id: Number(id), fixed }))
      .sort((a, b) => a.id - b.id);
    let taken = 0;
    for (const row of rows) {
      if (taken >= SELECTION.perProject) break;
      const patchPath = `${root}/${project}/patches/${row.id}.src.patch`;
      const testsPath = `${root}/${project}/trigger_tests/${row.id}`;
      const patch = show(patchPath);
      const tests = show(testsPath);
      if (!patch || !tests || !isSmallPatch(patch)) continue;
      const failures = parseTriggerTests(tests);
      if (failures.length === 0) continue;
      const { file, diff } = cleanPatch(patch);
      const id = `${project}-${row.id}`;
      bugs.push({
        id,
        project,
        source: {
          repo: "rjust/defects4j",
          commit: DEFECTS4J_COMMIT,
          patch: patchPath,
          triggerTests: testsPath,
          fixedRevision: row.fixed,
        },
        file,
        change: diff,
        failures,
        label: labels[id]?.class ?? null,
      });
      taken++;
    }
  }
  const set: PublicSet = {
    description:
      "Small single-file bugs of Defects4J (MIT; the projects' own licences apply to the short excerpts). " +
      "change: Defects4J's patch (fixed -> buggy); failures: its trigger_tests, shortened; label: hand-written.",
    selection: JSON.stringify(SELECTION),
    bugs,
  };
  const out = values.out ?? SET_FILE;
  writeFileSync(out, `${JSON.stringify(set, null, 1)}\n`);
  const missing = bugs.filter((b) => b.label === null).map((b) => b.id);
  process.stderr.write(
    `${bugs.length} bugs, ${bugs.reduce((n, b) => n + b.failures.length, 0)} failing tests -> ${out}\n`,
  );
  if (missing.length) process.stderr.write(`without a label: ${missing.join(" ")}\n`);
}

if (require.main === module) main();
