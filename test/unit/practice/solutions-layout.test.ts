import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { languageRow } from "../../../agent-core/languages";
import { loadPracticeProjects, type PracticeProject } from "../../../agent-core/training/projects";
import { REPO_ROOT, SOLUTIONS_DIR } from "./project-runner";

const PRACTICE_DIR = path.join(REPO_ROOT, "practice");

/** Every file below `dir`, as absolute paths. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function hashOf(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

describe("practice projects and reference solutions layout", () => {
  let projects: PracticeProject[] = [];
  before(async () => {
    projects = (await loadPracticeProjects(PRACTICE_DIR)).projects;
    assert.ok(projects.length >= 12, `only ${projects.length} bundled projects`);
  });

  it("every target has a reference solution under test/fixtures/solutions, and nothing else is there", () => {
    const expected = projects.flatMap((p) => p.target.map((t) => path.join(SOLUTIONS_DIR, p.language, p.name, t)));
    assert.deepEqual(listFiles(SOLUTIONS_DIR).sort(), expected.sort());
  });

  it("no reference solution lives under practice/", () => {
    assert.ok(path.relative(PRACTICE_DIR, SOLUTIONS_DIR).startsWith(".."), "solutions folder is inside practice/");
    const solutionHashes = new Map(listFiles(SOLUTIONS_DIR).map((file) => [hashOf(file), file]));
    for (const file of listFiles(PRACTICE_DIR)) {
      const copyOf = solutionHashes.get(hashOf(file));
      assert.equal(copyOf, undefined, `${file} is identical to the reference solution ${copyOf}`);
      assert.doesNotMatch(path.basename(file), /solution|example/i, `${file} looks like a solution`);
    }
  });

  it("stubs carry TODO markers and solutions none", () => {
    for (const project of projects) {
      for (const target of project.target) {
        const stub = readFileSync(path.join(project.dir, target), "utf8");
        const solution = readFileSync(path.join(SOLUTIONS_DIR, project.language, project.name, target), "utf8");
        assert.match(stub, /TODO/, `${project.id}/${target} has no TODO marker`);
        assert.doesNotMatch(solution, /TODO/, `${project.id}/${target} solution still has a TODO`);
        const lines = stub.trimEnd().split("\n").length;
        assert.ok(lines >= 10 && lines <= 60, `${project.id}/${target} stub has ${lines} lines`);
      }
    }
  });

  it("every project has a README with difficulty, skills and success criteria", () => {
    for (const project of projects) {
      const readmePath = path.join(project.dir, "README.md");
      assert.ok(existsSync(readmePath), `${project.id} has no README.md`);
      const readme = readFileSync(readmePath, "utf8");
      assert.match(readme, new RegExp(`\\*\\*Difficulty:\\*\\* ${project.difficulty} / 5`), project.id);
      assert.match(readme, /\*\*Skills:\*\*/, project.id);
      assert.match(readme, /## Success criteria/, project.id);
      assert.ok(readme.includes(project.testCommand.join(" ")), `${project.id} README does not show its test command`);
    }
  });

  it("projects live at practice/<language>/<name> and use their language's test command", () => {
    for (const project of projects) {
      assert.equal(project.dir, path.join(PRACTICE_DIR, project.language, project.name));
      assert.deepEqual(
        project.testCommand,
        languageRow(project.language).practiceTestCommand(project.tests),
        project.id,
      );
    }
  });
});
