import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { importExercism, loadPracticeProjects } from "../../../agent-core/training/projects";
import { PracticeWorkspace } from "../../../agent-core/training/workspace";
import { runTestCommand } from "../../unit/practice/project-runner";

/** An exercise in Exercism's Go layout: its own module, the cases in a second test file, the example in .meta. */
const GO_EXERCISE: Record<string, string> = {
  ".meta/config.json": JSON.stringify({
    authors: ["someone"],
    files: {
      solution: ["vowels.go"],
      test: ["vowels_test.go", "cases_test.go"],
      example: [".meta/example.go"],
    },
    blurb: "Count the vowels of a word.",
  }),
  "go.mod": "module vowels\n\ngo 1.18\n",
  "vowels.go":
    "package vowels\n\n// Count counts the vowels (a, e, i, o, u, either case) of word.\nfunc Count(word string) int {\n\treturn -1\n}\n",
  "cases_test.go": [
    "package vowels",
    "",
    "var cases = []struct {",
    "\tword string",
    "\twant int",
    "}{",
    '\t{"sky", 0},',
    '\t{"banana", 3},',
    '\t{"QUEUE", 4},',
    "}",
    "",
  ].join("\n"),
  "vowels_test.go": [
    "package vowels",
    "",
    'import "testing"',
    "",
    "func TestCount(t *testing.T) {",
    "\tfor _, c := range cases {",
    "\t\tt.Run(c.word, func(t *testing.T) {",
    "\t\t\tif got := Count(c.word); got != c.want {",
    '\t\t\t\tt.Errorf("Count(%q) = %d, want %d", c.word, got, c.want)',
    "\t\t\t}",
    "\t\t})",
    "\t}",
    "}",
    "",
  ].join("\n"),
  ".meta/example.go": [
    "package vowels",
    "",
    'import "strings"',
    "",
    "// Count counts the vowels (a, e, i, o, u, either case) of word.",
    "func Count(word string) int {",
    "\tn := 0",
    "\tfor _, r := range strings.ToLower(word) {",
    '\t\tif strings.ContainsRune("aeiou", r) {',
    "\t\t\tn++",
    "\t\t}",
    "\t}",
    "\treturn n",
    "}",
    "",
  ].join("\n"),
};

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
}

describe("Exercism import (Go)", function () {
  this.timeout(120_000);
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "greenloop-exercism-go-"));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("imports a Go exercise whose test command really runs, without its example solution", async () => {
    const dir = path.join(tmp, "exercises", "practice", "vowel-count");
    await writeTree(dir, GO_EXERCISE);
    const project = await importExercism(dir);
    assert.deepEqual(
      [project.id, project.language, project.target, project.tests, project.exampleFiles, project.description],
      [
        "go/vowel-count",
        "go",
        ["vowels.go"],
        ["vowels_test.go", "cases_test.go"],
        [".meta/example.go"],
        "Count the vowels of a word.",
      ],
    );
    assert.deepEqual(project.testCommand, ["go", "test", "-json", "./..."]);

    // The attempt copy leaves the example out, and its tests fail on the stub.
    const workspace = new PracticeWorkspace(path.join(tmp, "practice"));
    const copy = await workspace.freshCopy(project, "run-1");
    assert.deepEqual((await readdir(copy)).sort(), ["cases_test.go", "go.mod", "vowels.go", "vowels_test.go"]);
    const stub = await runTestCommand(project, copy);
    assert.deepEqual([stub.exitCode, stub.passed, stub.failed], [1, 0, 3], stub.output);

    await cp(path.join(dir, ".meta", "example.go"), path.join(copy, "vowels.go"));
    const solved = await runTestCommand(project, copy);
    assert.deepEqual([solved.exitCode, solved.passed, solved.failed], [0, 3, 0], solved.output);

    const { projects, problems } = await loadPracticeProjects(tmp);
    assert.deepEqual([projects.map((p) => p.id), problems], [["go/vowel-count"], []]);
  });
});
