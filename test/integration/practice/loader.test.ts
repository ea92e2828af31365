import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { MANIFEST_FILE_NAME, parsePracticeManifest } from "../../../agent-core/training/manifest";
import { bundledPracticeDir, loadPracticeProjects, loadProject } from "../../../agent-core/training/projects";
import { REPO_ROOT } from "../../unit/practice/project-runner";

const VALID = {
  name: "adder",
  language: "javascript",
  difficulty: 1,
  skills: ["functions"],
  description: "Add two numbers.",
  target: ["adder.js"],
  tests: ["adder.test.js"],
  testCommand: ["node", "--test", "adder.test.js"],
};

/** Writes a project folder with its manifest and the files it lists. */
async function writeProject(dir: string, manifest: Record<string, unknown>, files = ["adder.js", "adder.test.js"]) {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, MANIFEST_FILE_NAME), JSON.stringify(manifest));
  for (const file of files) await writeFile(path.join(dir, file), "// file\n");
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail("expected an error");
}

async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail("expected a rejection");
}

describe("practice manifest validation", () => {
  it("accepts a valid manifest", () => {
    assert.deepEqual(parsePracticeManifest(VALID, "/x"), VALID);
  });

  it("names the source and every invalid field", () => {
    const message = errorOf(() =>
      parsePracticeManifest({ ...VALID, language: "ruby", difficulty: 7, tests: undefined }, "/projects/adder"),
    );
    assert.match(message, /Invalid greenloop\.json in \/projects\/adder/);
    assert.match(message, /language:/);
    assert.match(message, /difficulty:/);
    assert.match(message, /tests:/);
  });

  it("rejects unknown keys so typos surface", () => {
    assert.match(
      errorOf(() => parsePracticeManifest({ ...VALID, testcommand: ["x"] }, "/p")),
      /testcommand/,
    );
  });

  it("rejects paths that leave the project folder", () => {
    for (const target of ["/etc/passwd", "../outside.js", "lib/../../x.js", "C:\\x.js"]) {
      assert.match(
        errorOf(() => parsePracticeManifest({ ...VALID, target: [target] }, "/p")),
        /target\.0: .*relative/,
      );
    }
  });

  it("rejects a file that is both target and test, empty lists and a bad name", () => {
    assert.match(
      errorOf(() => parsePracticeManifest({ ...VALID, tests: ["./adder.js"] }, "/p")),
      /both a target/,
    );
    assert.match(
      errorOf(() => parsePracticeManifest({ ...VALID, target: [] }, "/p")),
      /target:/,
    );
    assert.match(
      errorOf(() => parsePracticeManifest({ ...VALID, testCommand: [] }, "/p")),
      /testCommand:/,
    );
    assert.match(
      errorOf(() => parsePracticeManifest({ ...VALID, name: "My Project" }, "/p")),
      /name:/,
    );
    assert.match(
      errorOf(() => parsePracticeManifest({ ...VALID, difficulty: 2.5 }, "/p")),
      /difficulty:/,
    );
  });

  it("rejects a manifest that is not an object", () => {
    assert.match(
      errorOf(() => parsePracticeManifest([], "/p")),
      /Invalid greenloop\.json in \/p/,
    );
  });
});

describe("practice project loading", () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "greenloop-loader-"));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("loadProject returns the manifest with an absolute dir and an id", async () => {
    await writeProject(path.join(tmp, "adder"), VALID);
    const project = await loadProject(path.relative(process.cwd(), path.join(tmp, "adder")));
    assert.equal(project.dir, path.join(tmp, "adder"));
    assert.equal(project.id, "javascript/adder");
    assert.deepEqual(project.target, ["adder.js"]);
  });

  it("loadProject names the folder when the manifest is missing, not JSON or lists missing files", async () => {
    const empty = path.join(tmp, "empty");
    await mkdir(empty);
    assert.match(await rejectionOf(loadProject(empty)), new RegExp(`No greenloop\\.json in ${empty}`));

    const broken = path.join(tmp, "broken");
    await mkdir(broken);
    await writeFile(path.join(broken, MANIFEST_FILE_NAME), "{ not json");
    assert.match(await rejectionOf(loadProject(broken)), /Cannot parse .*broken\/greenloop\.json/);

    const missing = path.join(tmp, "missing");
    await writeProject(missing, VALID, ["adder.js"]);
    const message = await rejectionOf(loadProject(missing));
    assert.match(message, /missing lists files that do not exist: adder\.test\.js/);
  });

  it("loadPracticeProjects searches recursively and reports every bad folder", async () => {
    await writeProject(path.join(tmp, "javascript", "deep", "adder"), VALID);
    await writeProject(path.join(tmp, "javascript", "bad"), { ...VALID, name: "bad", difficulty: 9 });
    await writeProject(path.join(tmp, "copy", "adder"), VALID);
    await writeProject(path.join(tmp, "node_modules", "dep"), { ...VALID, name: "dep" });
    await writeProject(path.join(tmp, ".hidden", "secret"), { ...VALID, name: "secret" });

    const { projects, problems } = await loadPracticeProjects(tmp);
    assert.deepEqual(
      projects.map((p) => [p.id, p.dir]),
      [["javascript/adder", path.join(tmp, "copy", "adder")]],
    );
    assert.deepEqual(
      problems.map((p) => p.dir),
      [path.join(tmp, "javascript", "bad"), path.join(tmp, "javascript", "deep", "adder")],
    );
    assert.match(problems[0].message, /difficulty/);
    assert.match(problems[1].message, /Duplicate project id "javascript\/adder" \(also in .*copy\/adder\)/);
  });

  it("loadPracticeProjects throws for a folder that does not exist", async () => {
    const nowhere = path.join(tmp, "nowhere");
    assert.match(await rejectionOf(loadPracticeProjects(nowhere)), /Practice folder not found/);
  });
});

describe("bundledPracticeDir", () => {
  const practice = path.join(REPO_ROOT, "practice");

  it("finds practice/ from the sources and from the bundle folder", () => {
    assert.equal(bundledPracticeDir(), practice);
    assert.equal(bundledPracticeDir(path.join(REPO_ROOT, "agent-core", "training")), practice);
    assert.equal(bundledPracticeDir(path.join(REPO_ROOT, "dist")), practice);
  });

  it("throws when no package root with practice/ is above the start folder", async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "greenloop-noroot-"));
    try {
      assert.match(
        errorOf(() => bundledPracticeDir(tmp)),
        /Cannot find the bundled practice\/ folder/,
      );
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
