/**
 * BugsJS's Eslint archives hold coverage but no test reports, so this runs the tests itself:
 *   npx tsx test/memory-proof/public/runEslintBugs.ts --eslint /tmp/bugsjs/eslint [--out FILE] [--limit N]
 * For every Eslint bug whose fix passes BUGSJS_SELECTION, the test files the fix's commit changed are run with
 * mocha's JSON reporter twice: on `Bug-N-test` (the buggy code with the fix's tests) and on `Bug-N-full` (the
 * fix and its tests). Each tree is read from git objects; its production dependencies are installed from the
 * npm registry (one install per distinct `dependencies` list, `--ignore-scripts`). The output maps each bug
 * to the two runs' failures (`withTests`, `fixed`); `buildBugsJs.ts --eslint-reports FILE` reads it, so the
 * failures kept are those of the buggy code that the fix makes pass.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type MochaJsonReport, parseMochaJson, smallChange } from "./bugsjs";

/** A mocha that runs on today's Node and reads the old test files alike. */
const MOCHA = "mocha@10.8.2";

export interface EslintRun {
  withTests: MochaJsonReport;
  fixed: MochaJsonReport;
}

/** git's output, as text, for the repository whose git folder is `dir`. */
export const git = (dir: string, args: string[]): string =>
  execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });

/** A folder with `dependencies` installed (and mocha), shared by every tree with the same list. */
function dependencies(cache: string, packageJson: string): string {
  const deps = JSON.parse(packageJson).dependencies ?? {};
  const key = createHash("sha256").update(JSON.stringify(deps)).digest("hex").slice(0, 16);
  const dir = path.join(cache, key);
  if (existsSync(path.join(dir, "done"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, dependencies: deps }));
  const args = ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error"];
  execFileSync("npm", args, { cwd: dir, stdio: "inherit" });
  execFileSync("npm", [...args, "--no-save", MOCHA], { cwd: dir, stdio: "inherit" });
  writeFileSync(path.join(dir, "done"), "");
  return dir;
}

/** mocha's JSON report of `files` in the tree of `tag`; throws when the run ends without one. */
function runTests(eslint: string, tag: string, files: string[], cache: string, scratch: string): MochaJsonReport {
  const tree = mkdtempSync(path.join(scratch, `${tag}-`));
  const tar = `${tree}.tar`;
  git(eslint, ["archive", "--output", tar, tag]);
  execFileSync("tar", ["-x", "-f", tar, "-C", tree]);
  rmSync(tar);
  const deps = dependencies(cache, git(eslint, ["show", `${tag}:package.json`]));
  symlinkSync(path.join(deps, "node_modules"), path.join(tree, "node_modules"), "dir");
  const mocha = path.join(deps, "node_modules", "mocha", "bin", "mocha.js");
  const run = spawnSync(process.execPath, [mocha, "--reporter", "json", "--timeout", "20000", ...files], {
    cwd: tree,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  rmSync(tree, { recursive: true, force: true });
  const report = parseMochaJson(run.stdout ?? "");
  if (run.signal || !report)
    throw new Error(
      `${tag}: mocha ended (${run.signal ?? run.status}) without a report: ${run.stderr.trim().slice(0, 400)}`,
    );
  return report;
}

function main(): void {
  const { values } = parseArgs({
    options: { eslint: { type: "string" }, out: { type: "string" }, limit: { type: "string" } },
  });
  const limit = Number(values.limit ?? Infinity);
  if (!values.eslint) throw new Error("--eslint <git folder of a clone of BugsJS/eslint>");
  const eslint = existsSync(path.join(values.eslint, ".git")) ? path.join(values.eslint, ".git") : values.eslint;
  const scratch = mkdtempSync(path.join(os.tmpdir(), "gl-eslint-"));
  const cache = path.join(os.tmpdir(), "gl-eslint-deps");
  const out: Record<string, EslintRun> = {};
  const tags = new Set(git(eslint, ["tag"]).split("\n"));
  try {
    for (let n = 1; tags.has(`Bug-${n}`) && Object.keys(out).length < limit; n++) {
      if (!smallChange(git(eslint, ["diff", "--no-color", "--no-ext-diff", `Bug-${n}-fix`, `Bug-${n}`]))) continue;
      const files = git(eslint, ["diff", "--name-only", `Bug-${n}`, `Bug-${n}-test`])
        .split("\n")
        .filter((file) => /^tests\/.*\.js$/.test(file));
      if (files.length === 0) continue;
      try {
        const [withTests, fixed] = [`Bug-${n}-test`, `Bug-${n}-full`].map((tag) =>
          runTests(eslint, tag, files, cache, scratch),
        );
        out[`Eslint-${n}`] = { withTests, fixed };
        process.stderr.write(`Eslint-${n}: ${withTests.failures?.length} / ${fixed.failures?.length} failing\n`);
      } catch (err) {
        process.stderr.write(`Eslint-${n}: skipped: ${(err as Error).message.split("\n")[0]}\n`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const slim = (report: MochaJsonReport) => ({
    failures: (report.failures ?? []).map(({ fullTitle, err }) => ({
      fullTitle,
      err: err && { message: err.message, expected: err.expected, actual: err.actual },
    })),
  });
  const runs = Object.fromEntries(
    Object.entries(out).map(([id, run]) => [id, { withTests: slim(run.withTests), fixed: slim(run.fixed) }]),
  );
  const file = values.out ?? path.join(os.tmpdir(), "eslint-reports.json");
  writeFileSync(file, `${JSON.stringify(runs, null, 1)}\n`);
  process.stderr.write(`${Object.keys(runs).length} bugs run -> ${file}\n`);
}

if (require.main === module) main();
