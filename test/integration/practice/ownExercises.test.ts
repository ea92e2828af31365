import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { CliIO } from "../../../agent-core/cli/io";
import { selectProjects } from "../../../agent-core/cli/trainCommand";
import { bundledPracticeDir, loadPracticeProjects } from "../../../agent-core/training/projects";

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
}

/** Training on your own exercises: only what was asked, with the exercise's own test runner. */
describe("greenloop train --projects-dir", () => {
  let dir: string;
  let warnings: string;
  const io = () => ({ cwd: dir, err: (t: string) => void (warnings += t) }) as unknown as CliIO;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gl-own-"));
    warnings = "";
    await writeTree(dir, {
      "leap/.meta/config.json": JSON.stringify({ files: { solution: ["leap.js"], test: ["leap.spec.js"] } }),
      "leap/leap.js": "export const isLeap = () => { throw new Error('Remove this line'); };\n",
      "leap/leap.spec.js":
        "import { describe, expect, test } from '@jest/globals';\nimport { isLeap } from './leap';\n",
      "leap/package.json": JSON.stringify({ scripts: { test: "jest ./*" }, devDependencies: { jest: "^29" } }),
      "broken/.meta/config.json": "{ not json",
    });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("trains only on the given folder, runs jest where the exercise's package.json names it, and skips a broken one", async () => {
    const projects = await selectProjects([], undefined, dir, false, io());
    assert.deepEqual(
      projects.map((p) => p.id),
      ["javascript/leap"],
    );
    assert.deepEqual(projects[0].testCommand.slice(0, 3), ["npx", "--no-install", "jest"]);
    assert.match(warnings, /skipped .*broken/);
  });

  it("adds the bundled projects only with --with-bundled", async () => {
    const bundled = (await loadPracticeProjects(bundledPracticeDir())).projects.length;
    const projects = await selectProjects([], undefined, dir, true, io());
    assert.equal(projects.length, bundled + 1);
  });
});
