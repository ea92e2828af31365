import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { block, cliSession, makeProject, read } from "../../support/cliHarness";
import { scriptedModelFlags } from "../../support/scriptedFix";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

// execFileSync throws on a non-zero exit status and on a signal.
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], {
    cwd,
    encoding: "utf8",
    stdio: "pipe",
  });

async function gitRepo(files: Record<string, string>): Promise<string> {
  const dir = await makeProject(files, "gl-mono-");
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "clone");
  return dir;
}

const ANAGRAM_STUB = "def find_anagrams(word, candidates):\n    return []\n";
const ANAGRAM_FIX = block(
  "exercises/practice/anagram/anagram.py",
  "def find_anagrams(word, candidates):\n    return []",
  "def find_anagrams(word, candidates):\n    key = sorted(word.lower())\n    return [c for c in candidates if c.lower() != word.lower() and sorted(c.lower()) == key]",
);
const ANAGRAM_TEST = [
  "from anagram import find_anagrams",
  "",
  "def test_detects_two_anagrams():",
  '    assert find_anagrams("solemn", ["lemons", "cherry", "melons"]) == ["lemons", "melons"]',
  "",
  "def test_no_matches():",
  '    assert find_anagrams("diaper", ["hello", "world"]) == []',
  "",
].join("\n");

/** A clone holding many programs: the target's exercise, and old tests elsewhere that no longer import. */
const MONOREPO = {
  "README.md": "Many small programs.\n",
  "exercises/practice/anagram/anagram.py": ANAGRAM_STUB,
  "exercises/practice/anagram/anagram_test.py": ANAGRAM_TEST,
  "exercises/practice/bob/bob.py": "def response(hey_bob):\n    return 'Whatever.'\n",
  "exercises/practice/bob/bob_test.py":
    "from bob import response\n\ndef test_shout():\n    assert response('HI') == 'Whoa, chill out!'\n",
  "tests/test_old_tool.py": "import old_tool_that_is_gone\n\ndef test_old():\n    assert old_tool_that_is_gone.run()\n",
};

const CALC_TEST = [
  'const test = require("node:test");',
  'const assert = require("node:assert/strict");',
  'const { add, subtract } = require("../calc");',
  'test("add adds", () => assert.equal(add(2, 3), 5));',
  'test("subtract subtracts", () => assert.equal(subtract(5, 3), 2));',
  "",
].join("\n");

describe("greenloop fix runs the right tests in a real project's shape", function () {
  this.timeout(120_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());
  const openai = () => [...scriptedModelFlags(server), "--no-memory"];

  it("inside a clone of many programs, runs the target's exercise folder, not the clone's old broken tests", async () => {
    server = await startScriptedModelServer([{ reply: ANAGRAM_FIX }]);
    const root = await gitRepo(MONOREPO);
    const cli = await cliSession();
    const result = await cli.run([
      "fix",
      path.join(root, "exercises/practice/anagram/anagram.py"),
      "--yes",
      ...openai(),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /test project: exercises\/practice\/anagram \(the target's folder, which holds its tests\)/,
    );
    assert.match(result.stderr, /tests: \S*python\S* -m pytest -q -rA/);
    assert.doesNotMatch(result.stderr, /old_tool_that_is_gone|test_old_tool/);
    const prompt = server.chatRequests()[0].messages.at(-1)!.content;
    assert.match(prompt, /anagram_test\.py::test_detects_two_anagrams/, "the model sees the target's own failing test");
    assert.match(await read(root, "exercises/practice/anagram/anagram.py"), /sorted\(word\.lower\(\)\)/);
  });

  it("with the whole clone as the workspace (an editor folder), runs the nearest project's tests, not the clone's", async () => {
    const fix = block(
      "programs/calc/calc.js",
      "function add(a, b) {\n  return a - b;\n}",
      "function add(a, b) {\n  return a + b;\n}",
    );
    server = await startScriptedModelServer([{ reply: fix }]);
    const root = await gitRepo({
      // The clone's own script would run every program's tests, the old broken one included.
      "package.json": JSON.stringify({ name: "clone", scripts: { test: "node --test" } }),
      "old/broken.test.js": 'require("./gone");\n',
      "programs/calc/package.json": JSON.stringify({ name: "calc", scripts: { test: "node --test" } }),
      "programs/calc/calc.js":
        "function add(a, b) {\n  return a - b;\n}\nfunction subtract(a, b) {\n  return a - b;\n}\nmodule.exports = { add, subtract };\n",
      "programs/calc/test/calc.test.js": CALC_TEST,
      "programs/calc/test/other.test.js": 'const test = require("node:test");\ntest("other passes", () => {});\n',
    });
    const cli = await cliSession();
    const result = await cli.run([
      "fix",
      path.join(root, "programs/calc/calc.js"),
      "--workspace",
      root,
      "--yes",
      ...openai(),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /test project: programs\/calc \(nearest folder with package\.json\)/);
    assert.match(
      result.stderr,
      /2 passed, 1 failed \(full,/,
      "the project's own suite, without the clone's broken test",
    );
    assert.match(result.stderr, /3 passed, 0 failed \(full,/);
    assert.doesNotMatch(result.stderr, /gone/);
  });

  it("when the project's whole suite cannot run, lets the target's own tests decide", async () => {
    const fix = ANAGRAM_FIX.replaceAll("exercises/practice/anagram/", "");
    server = await startScriptedModelServer([{ reply: fix }]);
    const dir = await makeProject({
      "pytest.ini": "[pytest]\npythonpath = .\n",
      "anagram.py": ANAGRAM_STUB,
      "tests/test_anagram.py": ANAGRAM_TEST,
      "tests/test_old_tool.py": MONOREPO["tests/test_old_tool.py"],
    });
    const cli = await cliSession();
    const result = await cli.run(["fix", path.join(dir, "anagram.py"), "--yes", ...openai()]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /if the whole suite cannot run: the target's own tests \(tests\/test_anagram\.py\)/);
    assert.match(
      result.stderr,
      /warn: The whole suite of the workspace does not run \(.*\); the target's own tests decide from here: .* tests\/test_anagram\.py/,
    );
    assert.match(result.stderr, /1 passed, 1 failed \(related,/);
    const prompt = server.chatRequests()[0].messages.at(-1)!.content;
    assert.match(prompt, /test_anagram\.py::test_detects_two_anagrams/);
    assert.doesNotMatch(prompt, /old_tool_that_is_gone/);
  });

  it("runs the suite once after a patch when every test was failing (no second full run)", async () => {
    const stub = ANAGRAM_STUB.replace("return []", "return None");
    server = await startScriptedModelServer([
      { reply: ANAGRAM_FIX.replaceAll("exercises/practice/anagram/", "").replace("return []", "return None") },
    ]);
    const dir = await makeProject({ "anagram.py": stub, "anagram_test.py": ANAGRAM_TEST, "pytest.ini": "[pytest]\n" });
    const cli = await cliSession();
    const result = await cli.run(["fix", path.join(dir, "anagram.py"), "--yes", ...openai()]);
    assert.equal(result.code, 0, result.stderr);
    const runs = result.stderr.split("\n").filter((l) => /^ {2}tests {3}/.test(l));
    assert.deepEqual(
      runs.map((l) => /\((\w+),/.exec(l)?.[1]),
      ["full", "full"],
      `one run to see the failures, one to check the fix:\n${runs.join("\n")}`,
    );
  });

  it("stops a test that loops forever with the runner's per-test timeout and says which one hangs", async () => {
    const fix = block(
      "calc.js",
      "function add(a, b) {\n  while (true) {}\n}",
      "function add(a, b) {\n  return a + b;\n}",
    );
    server = await startScriptedModelServer([{ reply: fix }]);
    const dir = await makeProject({
      "package.json": JSON.stringify({ name: "calc", scripts: { test: "node --test" } }),
      "calc.js":
        "function add(a, b) {\n  while (true) {}\n}\nfunction subtract(a, b) {\n  return a - b;\n}\nmodule.exports = { add, subtract };\n",
      "test/calc.test.js": CALC_TEST,
    });
    const cli = await cliSession();
    // A 40 s run timeout gives a 5 s per-test one: the hang must be stopped by the latter, and named.
    const result = await cli.run(["fix", path.join(dir, "calc.js"), "--yes", "--test-timeout", "40", ...openai()]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /warn: a test in test\/calc\.test\.js did not finish within 5 s: stopped by the per-test timeout/,
    );
    assert.doesNotMatch(result.stderr, /timed out after 40 s/);
    const prompt = server.chatRequests()[0].messages.at(-1)!.content;
    assert.match(prompt, /Hangs: a test in test\/calc\.test\.js did not finish within 5 s/);
  });

  it("names the pytest test that was still running when a looping run was stopped", async () => {
    const loop = "def find_anagrams(word, candidates):\n    while True:\n        pass";
    server = await startScriptedModelServer([
      { reply: block("anagram.py", loop, ANAGRAM_FIX.split("=======\n")[1].split("\n>>>>>>>")[0]) },
    ]);
    const dir = await makeProject({
      "pytest.ini": "[pytest]\n",
      "anagram.py": loop + "\n",
      "anagram_test.py": ANAGRAM_TEST,
    });
    const cli = await cliSession();
    // Per-test time 2 s, run timeout 16 s: faulthandler's dump comes long before the kill.
    const result = await cli.run(["fix", path.join(dir, "anagram.py"), "--yes", "--test-timeout", "16", ...openai()]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /warn: test_detects_two_anagrams in anagram_test\.py \(at anagram\.py:\d in find_anagrams\) was still running when the test command timed out/,
    );
    const prompt = server.chatRequests()[0].messages.at(-1)!.content;
    assert.match(prompt, /test_detects_two_anagrams in anagram_test\.py .*was still running/);
  });
});
