/** A Rust exercise in Exercism's layout, imported and run with the real cargo. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { importExercism, loadPracticeProjects } from "../../../agent-core/training/projects";
import { PracticeWorkspace } from "../../../agent-core/training/workspace";
import { runTestCommand } from "../../unit/practice/project-runner";

/** Exercism's Rust layout: a crate whose tests but the first are #[ignore]d, the example kept in .meta/. */
const RUST_EXERCISE: Record<string, string> = {
  ".meta/config.json": JSON.stringify({
    authors: ["someone"],
    // Older Rust exercises list Cargo.toml among the solution files too.
    files: { solution: ["src/lib.rs", "Cargo.toml"], test: ["tests/vowel_count.rs"], example: [".meta/example.rs"] },
    blurb: "Count the vowels of a text.",
  }),
  "Cargo.toml": '[package]\nname = "vowel_count"\nversion = "0.1.0"\nedition = "2021"\n',
  "src/lib.rs": 'pub fn vowels(text: &str) -> usize {\n    todo!("count the vowels of {text}")\n}\n',
  "tests/vowel_count.rs": [
    "use vowel_count::vowels;",
    "",
    "#[test]",
    "fn no_vowels() {",
    '    assert_eq!(vowels("rhythm"), 0);',
    "}",
    "",
    "#[test]",
    "#[ignore]",
    "fn lower_and_upper_case() {",
    '    assert_eq!(vowels("AbEcI"), 3);',
    "}",
    "",
    "#[test]",
    "#[ignore]",
    "fn empty_text() {",
    '    assert_eq!(vowels(""), 0);',
    "}",
    "",
  ].join("\n"),
  ".meta/example.rs":
    'pub fn vowels(text: &str) -> usize {\n    text.chars().filter(|c| "aeiou".contains(c.to_ascii_lowercase())).count()\n}\n',
};

describe("Exercism import of a Rust exercise", function () {
  this.timeout(120_000);
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "greenloop-exercism-rust-"));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  async function exercise(): Promise<string> {
    const dir = path.join(tmp, "exercises", "practice", "vowel-count");
    for (const [file, content] of Object.entries(RUST_EXERCISE)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    return dir;
  }

  it("imports it as rust, running its test file's ignored tests too, with the example kept out", async () => {
    const dir = await exercise();
    const project = await importExercism(dir);
    assert.deepEqual(
      [project.id, project.language, project.target, project.tests, project.testCommand, project.exampleFiles],
      [
        "rust/vowel-count",
        "rust",
        ["src/lib.rs", "Cargo.toml"],
        ["tests/vowel_count.rs"],
        ["cargo", "test", "--test", "vowel_count", "--", "--include-ignored"],
        [".meta/example.rs"],
      ],
    );
    assert.equal(project.description, "Count the vowels of a text.");
    const loaded = await loadPracticeProjects(tmp);
    assert.deepEqual(
      loaded.projects.map((p) => p.id),
      ["rust/vowel-count"],
    );
    const copy = await new PracticeWorkspace(path.join(tmp, "ws")).freshCopy(project, "run");
    assert.ok(existsSync(path.join(copy, "tests/vowel_count.rs")));
    assert.ok(!existsSync(path.join(copy, ".meta/example.rs")), "the example never reaches the agent's copy");
  });

  it("its stub fails every test, ignored ones included, and the example passes them all", async () => {
    const dir = await exercise();
    const project = await importExercism(dir);
    const stub = await runTestCommand(project, dir);
    assert.equal(stub.exitCode, 101, stub.output);
    assert.deepEqual([stub.passed, stub.failed], [0, 3], stub.output);
    await cp(path.join(dir, ".meta/example.rs"), path.join(dir, "src/lib.rs"));
    const solved = await runTestCommand(project, dir);
    assert.equal(solved.exitCode, 0, solved.output);
    assert.deepEqual([solved.passed, solved.failed], [3, 0], solved.output);
  });
});
