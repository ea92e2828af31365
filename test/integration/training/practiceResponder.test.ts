import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { applyEdit } from "../../../agent-core/edits/apply";
import { parseEditBlocks } from "../../../agent-core/edits/parse";
import { buildMessages } from "../../../agent-core/loop/prompts";
import type { PracticeProject } from "../../../agent-core/training/projects";
import { createPracticeResponder, fencedSection } from "../../support/practiceResponder";
import type { RecordedRequest } from "../../support/scriptedModelServer";
import { chosenProjects, SOLUTIONS_DIR } from "./helpers";

/** The chat request the loop would send for `target` showing `content` (and the project's tests). */
function request(target: string, content: string, tests: Array<{ path: string; content: string }>): RecordedRequest {
  const messages = buildMessages({
    target: { path: target, content },
    tests,
    todos: [],
    failures: [],
    totalFailed: 1,
    attempts: [],
    feedback: [],
    maxFileChars: 24_000,
  });
  return {
    protocol: "openai",
    kind: "chat",
    method: "POST",
    path: "/v1/chat/completions",
    body: {},
    messages,
    streamed: true,
    headers: {},
  };
}

function replyOf(
  step: ReturnType<Awaited<ReturnType<typeof createPracticeResponder>>["respond"]>,
  req: RecordedRequest,
): string {
  return typeof step.reply === "function" ? step.reply(req) : step.reply;
}

/** Applies every block of `answer` to `files`; returns the new contents, or the parse errors. */
function apply(answer: string, files: Record<string, string>): { files: Record<string, string>; errors: string[] } {
  const parsed = parseEditBlocks(answer);
  const out = { ...files };
  for (const block of parsed.blocks) {
    const outcome = applyEdit(out[block.path] ?? "", block);
    assert.ok(outcome.ok, `${block.path}: ${outcome.ok ? "" : outcome.message}`);
    out[block.path] = outcome.content;
  }
  return { files: out, errors: parsed.errors };
}

describe("practice responder", () => {
  let projects: PracticeProject[];
  const texts = async (p: PracticeProject) => ({
    stub: await readFile(path.join(p.dir, p.target[0]), "utf8"),
    tests: await Promise.all(
      p.tests.map(async (t) => ({ path: t, content: await readFile(path.join(p.dir, t), "utf8") })),
    ),
    solution: await readFile(path.join(SOLUTIONS_DIR, p.language, p.name, p.target[0]), "utf8"),
  });
  before(async () => {
    projects = await chosenProjects();
  });

  it("reads back exactly the content the prompt shows, with or without a final newline", () => {
    for (const content of ["a = 1\nb = 2\n", "a = 1\nb = 2", "", "x\n\n"]) {
      const prompt = request("m.py", content, [{ path: "test_m.py", content: "def test(): pass\n" }]).messages[1]
        .content;
      assert.deepEqual(fencedSection(prompt, "m.py"), { content, language: "python" });
      assert.equal(fencedSection(prompt, "test_m.py")?.content, "def test(): pass\n");
    }
  });

  it("turns the stub of every chosen project into its reference solution", async () => {
    const responder = await createPracticeResponder({ projects, solutionsDir: SOLUTIONS_DIR });
    for (const project of projects) {
      const { stub, tests, solution } = await texts(project);
      const req = request(project.target[0], stub, tests);
      const result = apply(replyOf(responder.respond(req), req), { [project.target[0]]: stub });
      assert.deepEqual(result.errors, []);
      assert.equal(result.files[project.target[0]], solution, project.id);
    }
    assert.deepEqual(
      responder.answers.map((a) => a.kind),
      projects.map(() => "solution"),
    );
  });

  it("answers per behaviour: wrong, tampered or malformed first, then the solution; never: always wrong", async () => {
    const byId = (id: string) => projects.find((p) => p.id === id)!;
    const responder = await createPracticeResponder({
      projects,
      solutionsDir: SOLUTIONS_DIR,
      behaviours: {
        "typescript/calculator": "wrong-first",
        "python/math_operations": "never",
        "javascript/string_utils": "tamper",
        "typescript/roman_numerals": "malformed-first",
      },
    });
    const answer = async (id: string, content?: string) => {
      const project = byId(id);
      const { stub, tests } = await texts(project);
      const req = request(project.target[0], content ?? stub, tests);
      const files = {
        [project.target[0]]: content ?? stub,
        ...Object.fromEntries(tests.map((t) => [t.path, t.content])),
      };
      return { ...apply(replyOf(responder.respond(req), req), files), stub, project };
    };

    const wrong = await answer("typescript/calculator");
    assert.match(wrong.files["calculator.ts"], /^\s+return 0;$/m);
    assert.notEqual(wrong.files["calculator.ts"], wrong.stub);
    const right = await answer("typescript/calculator", wrong.files["calculator.ts"]);
    assert.equal(right.files["calculator.ts"], (await texts(byId("typescript/calculator"))).solution);

    let current: string | undefined;
    for (let i = 0; i < 3; i++) {
      const never = await answer("python/math_operations", current);
      assert.notEqual(never.files["math_operations.py"], current ?? never.stub, "each answer changes the file");
      assert.equal(
        never.files["math_operations.py"].replace(/\n# tried again \(\d\)/g, ""),
        never.stub,
        "only comments: never solved",
      );
      current = never.files["math_operations.py"];
    }

    const tamper = await answer("javascript/string_utils");
    assert.match(tamper.files["string_utils.test.js"], /assert\.ok\(true\)/);
    assert.equal(tamper.files["string_utils.js"], tamper.stub, "the tampering answer leaves the source alone");
    assert.equal(
      (await answer("javascript/string_utils")).files["string_utils.js"],
      (await texts(byId("javascript/string_utils"))).solution,
    );

    const malformed = await answer("typescript/roman_numerals");
    assert.equal(malformed.errors.length, 1);
    assert.match(malformed.errors[0], /=======/);
    assert.deepEqual((await answer("typescript/roman_numerals")).errors, []);

    assert.deepEqual([responder.calls("typescript/calculator"), responder.calls("python/math_operations")], [2, 3]);
    responder.reset();
    assert.equal(responder.calls("typescript/calculator"), 0);
    assert.equal(
      (await answer("javascript/string_utils")).files["string_utils.js"],
      (await answer("javascript/string_utils")).stub,
      "after reset the first answer tampers again",
    );
  });

  it("tells apart projects that share a target name by the tests shown, and refuses unknown prompts", async () => {
    const make = async (name: string, testBody: string): Promise<PracticeProject> => {
      const dir = await mkdtemp(path.join(os.tmpdir(), `gl-resp-${name}-`));
      await writeFile(path.join(dir, "lib.py"), "def f():\n    raise NotImplementedError\n");
      await writeFile(path.join(dir, "test_lib.py"), testBody);
      return {
        name,
        language: "python",
        difficulty: 1,
        skills: [],
        description: "d",
        target: ["lib.py"],
        tests: ["test_lib.py"],
        testCommand: ["python3", "-m", "pytest"],
        dir,
        id: `python/${name}`,
      };
    };
    const a = await make("alpha", "def test_a():\n    assert 1\n");
    const b = await make("beta", "def test_b():\n    assert 2\n");
    const solutions = await mkdtemp(path.join(os.tmpdir(), "gl-resp-sol-"));
    for (const p of [a, b]) {
      await mkdir(path.join(solutions, "python", p.name), { recursive: true });
      await writeFile(path.join(solutions, "python", p.name, "lib.py"), `def f():\n    return "${p.name}"\n`);
    }
    const responder = await createPracticeResponder({ projects: [a, b], solutionsDir: solutions });
    const stub = "def f():\n    raise NotImplementedError\n";
    const req = request("lib.py", stub, [{ path: "test_lib.py", content: "def test_b():\n    assert 2\n" }]);
    assert.equal(
      apply(replyOf(responder.respond(req), req), { "lib.py": stub }).files["lib.py"],
      'def f():\n    return "beta"\n',
    );
    assert.equal(responder.answers[0].projectId, "python/beta");

    assert.throws(
      () => responder.respond(request("other.py", "x = 1\n", [])),
      /no known practice project edits other\.py/,
    );
    await assert.rejects(
      createPracticeResponder({ projects: [a], solutionsDir: path.join(solutions, "missing") }),
      /No reference solution for python\/alpha/,
    );
  });
});
