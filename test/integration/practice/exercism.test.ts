import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { importExercism, loadPracticeProjects } from "../../../agent-core/training/projects";
import { runTestCommand } from "../../unit/practice/project-runner";

/** Writes `files` (relative path → content) under `dir`. */
async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
}

const PYTHON_EXERCISE = {
  ".meta/config.json": JSON.stringify({
    authors: ["someone"],
    files: { solution: ["two_fer.py"], test: ["two_fer_test.py"], example: [".meta/example.py"] },
    blurb: 'Create a sentence of the form "One for X, one for me."',
  }),
  "two_fer.py": "def two_fer(name='you'):\n    pass\n",
  "two_fer_test.py": [
    "from two_fer import two_fer",
    "",
    "def test_no_name():",
    "    assert two_fer() == 'One for you, one for me.'",
    "",
    "def test_a_name():",
    "    assert two_fer('Alice') == 'One for Alice, one for me.'",
    "",
  ].join("\n"),
  ".meta/example.py": "def two_fer(name='you'):\n    return f'One for {name}, one for me.'\n",
};

async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail("expected a rejection");
}

describe("Exercism import", function () {
  this.timeout(60_000);
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "greenloop-exercism-"));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("imports a Python exercise whose test command really runs", async () => {
    const dir = path.join(tmp, "two-fer");
    await writeTree(dir, PYTHON_EXERCISE);
    const project = await importExercism(dir);
    assert.deepEqual(
      {
        id: project.id,
        language: project.language,
        target: project.target,
        tests: project.tests,
        testCommand: project.testCommand,
        exampleFiles: project.exampleFiles,
        description: project.description,
      },
      {
        id: "python/two-fer",
        language: "python",
        target: ["two_fer.py"],
        tests: ["two_fer_test.py"],
        testCommand: ["python3", "-m", "pytest", "-q", "two_fer_test.py"],
        exampleFiles: [".meta/example.py"],
        description: 'Create a sentence of the form "One for X, one for me."',
      },
    );
    assert.equal(project.dir, dir);

    const stub = await runTestCommand(project, dir);
    assert.equal(stub.exitCode, 1, stub.output);
    await cp(path.join(dir, ".meta", "example.py"), path.join(dir, "two_fer.py"));
    const solved = await runTestCommand(project, dir);
    assert.equal(solved.exitCode, 0, solved.output);
    assert.equal(solved.passed, 2, solved.output);
  });

  it("guesses JavaScript and TypeScript and falls back to the instructions for the description", async () => {
    const js = path.join(tmp, "Hello_World");
    await writeTree(js, {
      ".meta/config.json": JSON.stringify({ files: { solution: ["hello.js"], test: ["hello.spec.js"] } }),
      ".docs/instructions.md": "# Instructions\n\nSay hello to the world.\n\nMore text.\n",
      "hello.js": "",
      "hello.spec.js": "",
    });
    const jsProject = await importExercism(js);
    assert.equal(jsProject.id, "javascript/hello_world");
    assert.deepEqual(jsProject.testCommand, ["node", "--test", "hello.spec.js"]);
    assert.equal(jsProject.description, "Say hello to the world.");
    assert.equal(jsProject.exampleFiles, undefined);

    const ts = path.join(tmp, "leap");
    await writeTree(ts, {
      ".meta/config.json": JSON.stringify({ files: { solution: ["leap.ts"], test: ["leap.test.ts"] } }),
      "leap.ts": "",
      "leap.test.ts": "",
    });
    const tsProject = await importExercism(ts);
    assert.equal(tsProject.language, "typescript");
    assert.deepEqual(tsProject.testCommand, ["tsx", "--test", "leap.test.ts"]);
    assert.equal(tsProject.description, 'Exercism exercise "leap"');
  });

  it("loads a folder with greenloop.json as-is, ignoring .meta", async () => {
    const dir = path.join(tmp, "mine");
    await writeTree(dir, {
      ...PYTHON_EXERCISE,
      "greenloop.json": JSON.stringify({
        name: "my_two_fer",
        language: "python",
        difficulty: 2,
        skills: ["strings"],
        description: "Mine.",
        target: ["two_fer.py"],
        tests: ["two_fer_test.py"],
        testCommand: ["python3", "-m", "pytest", "two_fer_test.py"],
      }),
    });
    const project = await importExercism(dir);
    assert.equal(project.id, "python/my_two_fer");
    assert.deepEqual(project.testCommand, ["python3", "-m", "pytest", "two_fer_test.py"]);
    assert.equal(project.exampleFiles, undefined);
  });

  it("explains what is wrong with a folder it cannot import", async () => {
    const plain = path.join(tmp, "plain");
    await mkdir(plain);
    assert.match(
      await rejectionOf(importExercism(plain)),
      /plain is not a practice project: .*greenloop\.json.*\.meta\/config\.json/,
    );

    const noSolution = path.join(tmp, "no-solution");
    await writeTree(noSolution, { ".meta/config.json": JSON.stringify({ files: { test: ["x_test.py"] } }) });
    assert.match(
      await rejectionOf(importExercism(noSolution)),
      /Invalid Exercism config .*no-solution.*files\.solution/s,
    );

    const mixed = path.join(tmp, "mixed");
    await writeTree(mixed, {
      ".meta/config.json": JSON.stringify({ files: { solution: ["x.rb"], test: ["x_test.rb"] } }),
    });
    assert.match(
      await rejectionOf(importExercism(mixed)),
      /Cannot tell the language of the exercise in .*mixed.*x\.rb/,
    );

    const missing = path.join(tmp, "missing");
    await writeTree(missing, {
      ".meta/config.json": JSON.stringify({ files: { solution: ["x.py"], test: ["x_test.py"] } }),
      "x.py": "",
    });
    assert.match(await rejectionOf(importExercism(missing)), /missing lists files that do not exist: x_test\.py/);
  });

  it("loadPracticeProjects picks up Exercism exercises in a track layout", async () => {
    await writeTree(path.join(tmp, "exercises", "practice", "two-fer"), PYTHON_EXERCISE);
    await writeTree(path.join(tmp, "exercises", "practice", "broken"), { ".meta/config.json": "{}" });
    const { projects, problems } = await loadPracticeProjects(tmp);
    assert.deepEqual(
      projects.map((p) => p.id),
      ["python/two-fer"],
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /files/);
    assert.equal(problems[0].dir, path.join(tmp, "exercises", "practice", "broken"));
  });
});
