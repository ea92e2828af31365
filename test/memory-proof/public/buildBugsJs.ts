/**
 * Rebuilds the frozen BugsJS set:
 *   git clone https://github.com/BugsJS/bug-dataset /tmp/bugsjs/bug-dataset
 *   git clone https://github.com/BugsJS/express /tmp/bugsjs/express     # and bower, hessian.js, hexo, …
 *   npx tsx test/memory-proof/public/runEslintBugs.ts --eslint /tmp/bugsjs/eslint --out /tmp/eslint-reports.json
 *   npx tsx test/memory-proof/public/buildBugsJs.ts --root /tmp/bugsjs --eslint-reports /tmp/eslint-reports.json
 * `--root` holds the dataset repository and one clone per project fork, named as on GitHub (a bare clone or
 * one ending in `.git` will do). Reads only git objects: the dataset at DATASET_COMMIT and each fork's
 * `Bug-N` / `Bug-N-fix` tags, so any clones holding those give the same file. Needs `unzip` (the dataset's
 * reports are zip archives inside zip archives). Eslint's archives hold no test reports: its bugs come from
 * `runEslintBugs.ts`, which runs the fix's tests on the buggy and the fixed code (without its file, none).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  BUGSJS_SELECTION,
  type MochaJsonReport,
  newFailures,
  parseMochaJson,
  patternLabel,
  smallChange,
} from "./bugsjs";
import { BUGSJS_SET_FILE, type PublicBug, type PublicSet } from "./dataset";
import { type EslintRun, git } from "./runEslintBugs";

/** BugsJS/bug-dataset's master on 2019-11-27. */
export const DATASET_COMMIT = "7abbad3e4df12cd5294110bb5db11b7d5bc758a6";

/** The dataset's project names and their forks. Projects whose archives hold no test reports give no bugs. */
const PROJECTS: Record<string, string> = {
  Bower: "bower",
  Eslint: "eslint",
  Express: "express",
  "Hessian.js": "hessian.js",
  Hexo: "hexo",
  Karma: "karma",
  Mongoose: "mongoose",
  "Node-redis": "node_redis",
  Pencilblue: "pencilblue",
  Shields: "shields",
};

/** A git object's bytes (the archives are zip files). */
const gitBytes = (dir: string, object: string): Buffer =>
  execFileSync("git", ["--git-dir", dir, "show", object], { maxBuffer: 256 * 1024 * 1024 });

/** A clone's git folder: `<root>/<name>/.git`, `<root>/<name>` (bare) or `<root>/<name>.git`. */
function gitDir(root: string, name: string): string {
  const found = [path.join(root, name, ".git"), path.join(root, name), path.join(root, `${name}.git`)].find((dir) =>
    existsSync(path.join(dir, "HEAD")),
  );
  if (!found) throw new Error(`no clone of ${name} in ${root}`);
  return found;
}

/** One member of a zip file, or undefined when it is not there. */
function unzipMember(zip: string, member: string): Buffer | undefined {
  const listing = execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).split("\n");
  return listing.includes(member)
    ? execFileSync("unzip", ["-p", zip, member], { maxBuffer: 256 * 1024 * 1024 })
    : undefined;
}

/** mocha's JSON report of one run of a bug (`buggy`, `only_test_changes`), read from the bug's archive. */
function report(bugZip: string, run: string, scratch: string): MochaJsonReport | undefined {
  const inner = unzipMember(bugZip, `${run}/test_results.json.zip`);
  if (!inner) return undefined;
  const innerZip = path.join(scratch, `${run}.zip`);
  writeFileSync(innerZip, inner);
  const json = unzipMember(innerZip, "test_results.json");
  return json ? parseMochaJson(json.toString("utf8")) : undefined;
}

function main(): void {
  const { values } = parseArgs({
    options: { root: { type: "string" }, out: { type: "string" }, "eslint-reports": { type: "string" } },
  });
  const eslintRuns: Record<string, EslintRun> = values["eslint-reports"]
    ? JSON.parse(readFileSync(values["eslint-reports"], "utf8"))
    : {};
  if (!values.root) throw new Error("--root <folder with clones of BugsJS/bug-dataset and the project forks>");
  const dataset = gitDir(values.root, "bug-dataset");
  const scratch = mkdtempSync(path.join(os.tmpdir(), "gl-bugsjs-"));
  const archives = new Set(git(dataset, ["ls-tree", "-r", "--name-only", DATASET_COMMIT, "Projects/"]).split("\n"));
  const bugs: PublicBug[] = [];
  try {
    for (const [project, fork] of Object.entries(PROJECTS)) {
      const csv = git(dataset, ["show", `${DATASET_COMMIT}:Projects/${project}/${project}_bugs.csv`]);
      const [header, ...rows] = csv.trim().split("\n");
      const patternsAt = header.split(";").indexOf("Bugfix patterns");
      const forkDir = gitDir(values.root, fork);
      for (const row of rows) {
        const cells = row.split(";");
        const n = Number(cells[0]);
        const label = patternLabel(cells[patternsAt] ?? "");
        if (!label) continue;
        const archive = `Projects/${project}/${project}-${n}.zip`;
        if (!archives.has(archive)) continue;
        const bugZip = path.join(scratch, "bug.zip");
        writeFileSync(bugZip, gitBytes(dataset, `${DATASET_COMMIT}:${archive}`));
        // Tests failing with the fix as well fail whatever the bug: a run here of the fixed code says which.
        const ranHere = eslintRuns[`${project}-${n}`];
        const [before, withTests] = ranHere
          ? [ranHere.fixed, ranHere.withTests]
          : ["buggy", "only_test_changes"].map((run) => report(bugZip, run, scratch));
        if (!before || !withTests) {
          process.stderr.write(`${project}-${n}: no mocha report of the ${before ? "" : "buggy "}run(s)\n`);
          continue;
        }
        const failures = newFailures(withTests, before);
        const [buggy, fixed] = [`Bug-${n}`, `Bug-${n}-fix`].map((tag) =>
          git(forkDir, ["rev-parse", `${tag}^{commit}`]).trim(),
        );
        const change = smallChange(git(forkDir, ["diff", "--no-color", "--no-ext-diff", fixed, buggy]));
        if (!change || failures.length === 0) continue;
        bugs.push({
          id: `${project}-${n}`,
          project,
          collection: "bugsjs",
          source: {
            repo: "BugsJS/bug-dataset",
            commit: DATASET_COMMIT,
            ...(ranHere ? { tests: "run by runEslintBugs.ts on Bug-N-test and Bug-N-full" } : { archive }),
            fork: `BugsJS/${fork}`,
            buggy,
            fixed,
          },
          file: change.file,
          change: change.diff,
          failures,
          label,
        });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const set: PublicSet = {
    description:
      "Small single-file bugs of BugsJS (MIT; the projects' own licences apply to the short excerpts). change: " +
      "git diff Bug-N-fix Bug-N of the project's BugsJS fork; failures: tests failing only with the fix's tests, " +
      "from BugsJS's mocha reports (Eslint: run by runEslintBugs.ts, failing on the buggy code and passing with " +
      "the fix); label: BugsJS's published fix patterns.",
    selection: JSON.stringify(BUGSJS_SELECTION),
    bugs,
  };
  const out = values.out ?? BUGSJS_SET_FILE;
  writeFileSync(out, `${JSON.stringify(set, null, 1)}\n`);
  const tests = bugs.reduce((count, b) => count + b.failures.length, 0);
  process.stderr.write(`${bugs.length} bugs, ${tests} failing tests -> ${out}\n`);
}

if (require.main === module) main();
