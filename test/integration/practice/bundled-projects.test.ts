import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { LANGUAGE_IDS } from "../../../agent-core/languages";
import { bundledPracticeDir, loadPracticeProjects, type PracticeProject } from "../../../agent-core/training/projects";
import {
  type ProjectOutcome,
  REPO_ROOT,
  runInPool,
  runStubAndSolution,
  type TestRun,
} from "../../unit/practice/project-runner";

const PRACTICE_DIR = path.join(REPO_ROOT, "practice");

/** ids read synchronously from disk so that one `it` per project can be declared up front. */
function bundledIdsOnDisk(): string[] {
  const ids: string[] = [];
  for (const entry of readdirSync(PRACTICE_DIR, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name !== "greenloop.json") continue;
    const manifest = JSON.parse(readFileSync(path.join(entry.parentPath, entry.name), "utf8")) as Record<
      string,
      unknown
    >;
    ids.push(`${String(manifest.language)}/${String(manifest.name)}`);
  }
  return ids.sort();
}

function describeRun(label: string, run: TestRun): string {
  return `${label}: exit ${run.exitCode}, ${run.passed} passed, ${run.failed} failed\n${run.output.slice(-3000)}`;
}

describe("bundled practice projects", function () {
  this.timeout(120_000);
  const ids = bundledIdsOnDisk();
  let projects: PracticeProject[] = [];
  const outcomes = new Map<string, Promise<ProjectOutcome>>();

  before(async () => {
    const loaded = await loadPracticeProjects(bundledPracticeDir());
    assert.deepEqual(loaded.problems, []);
    projects = loaded.projects;
    // Two at a time: each run starts a node, tsx or python process.
    const runs = runInPool(projects, 2, runStubAndSolution);
    projects.forEach((project, i) => outcomes.set(project.id, runs[i]));
  });

  it("the loader finds exactly the projects on disk, at least 3 per language (4 for the first three)", () => {
    assert.deepEqual(
      projects.map((p) => p.id),
      ids,
    );
    for (const language of ["javascript", "typescript", "python"]) {
      const count = projects.filter((p) => p.language === language).length;
      assert.ok(count >= 4, `${language} has ${count} projects`);
    }
    for (const language of LANGUAGE_IDS) {
      const count = projects.filter((p) => p.language === language).length;
      assert.ok(count >= 3, `${language} has ${count} projects`);
    }
  });

  it("difficulties rise from 1 and every project lists skills", () => {
    const difficulties = new Set(projects.map((p) => p.difficulty));
    for (const level of [1, 2, 3, 4]) assert.ok(difficulties.has(level), `no project of difficulty ${level}`);
    for (const project of projects) assert.ok(project.skills.length > 0, `${project.id} lists no skills`);
  });

  for (const id of ids) {
    it(`${id}: every test fails on the stub and passes with the reference solution`, async () => {
      const outcome = await outcomes.get(id);
      assert.ok(outcome, `${id} was not run`);
      assert.equal(outcome.error, undefined);
      const { stub, solved } = outcome;
      // cargo test exits with 101 when tests fail.
      assert.equal(stub.exitCode, id.startsWith("rust/") ? 101 : 1, describeRun("stub", stub));
      assert.equal(stub.passed, 0, describeRun("stub tests that pass without any work", stub));
      assert.ok(stub.failed >= 4 && stub.failed <= 12, describeRun("stub should have 4-12 tests", stub));
      assert.equal(solved.exitCode, 0, describeRun("solution", solved));
      assert.deepEqual(
        { passed: solved.passed, failed: solved.failed },
        { passed: stub.failed, failed: 0 },
        describeRun("solution", solved),
      );
    });
  }
});
