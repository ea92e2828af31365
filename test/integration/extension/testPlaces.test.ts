import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  declarationLine,
  parseLocation,
  runnerTestId,
  splitTestId,
  TestPlaces,
} from "../../../extension/testing/testPlaces";

describe("where a parsed test lives (file and declaring line)", () => {
  let root = "";
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), "greenloop-places-"));
    const files: Record<string, string> = {
      "test/calc.test.js":
        'const test = require("node:test");\n\ntest("add adds", () => {});\ndescribe("money", () => {\n  it("rounds", () => {});\n});\n',
      "test/other.test.js": 'describe("dates", () => {\n  it("rounds", () => {});\n});\n',
      "tests/test_cart.py":
        "import pytest\n\nclass TestCart:\n    def test_total(self):\n        pass\n\n@pytest.mark.parametrize('n', [1, 2])\ndef test_many(n):\n    pass\n",
      "src/calc.js": '// "add adds" mentioned in a source file is no test\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("pytest ids name the file: the def or class line, parameters ignored", async () => {
    const places = new TestPlaces(root);
    assert.deepEqual(await places.place({ id: "tests/test_cart.py::TestCart::test_total", status: "passed" }), {
      file: path.join(root, "tests/test_cart.py"),
      line: 3,
    });
    assert.deepEqual(await places.place({ id: "tests/test_cart.py::test_many[2]", status: "failed" }), {
      file: path.join(root, "tests/test_cart.py"),
      line: 7,
    });
  });

  it("a failure location in a test file gives the file; the test's own line is preferred over the assertion's", async () => {
    const places = new TestPlaces(root);
    assert.deepEqual(await places.place({ id: "add adds", status: "failed", location: "test/calc.test.js:3" }), {
      file: path.join(root, "test/calc.test.js"),
      line: 2,
    });
    // A location in source code says nothing about where the test is: the test files are searched instead.
    assert.deepEqual(await places.place({ id: "add adds", status: "failed", location: "src/calc.js:1" }), {
      file: path.join(root, "test/calc.test.js"),
      line: 2,
    });
  });

  it("passing tests without a file are found by name in the test files; suite names pick between files", async () => {
    const places = new TestPlaces(root);
    assert.deepEqual(await places.place({ id: "money > rounds", status: "passed" }), {
      file: path.join(root, "test/calc.test.js"),
      line: 4,
    });
    assert.deepEqual(await places.place({ id: "dates > rounds", status: "passed" }), {
      file: path.join(root, "test/other.test.js"),
      line: 1,
    });
    assert.deepEqual(await places.place({ id: "nowhere to be found", status: "passed" }), {});
  });

  it("several projects with the same test: the files and folders the run named come first", async () => {
    const twin = 'test("add adds", () => {});\n';
    for (const dir of ["a-first", "b-second"]) {
      mkdirSync(path.join(root, dir, "test"), { recursive: true });
      writeFileSync(path.join(root, dir, "test", "twin.test.js"), `\n${twin}`);
    }
    const byFile = new TestPlaces(root, ["b-second/test/twin.test.js"]);
    assert.deepEqual(await byFile.place({ id: "add adds", status: "passed" }), {
      file: path.join(root, "b-second/test/twin.test.js"),
      line: 1,
    });
    const byFolder = new TestPlaces(root, [path.join(root, "b-second")]);
    assert.deepEqual(await byFolder.place({ id: "add adds", status: "passed" }), {
      file: path.join(root, "b-second/test/twin.test.js"),
      line: 1,
    });
    // A named file without the test does not hide the others.
    const elsewhere = new TestPlaces(root, ["test/other.test.js"]);
    assert.deepEqual(await elsewhere.place({ id: "money > rounds", status: "passed" }), {
      file: path.join(root, "test/calc.test.js"),
      line: 4,
    });
  });

  it("ids, locations and declarations", () => {
    assert.deepEqual(splitTestId("a > b > c"), { names: ["a", "b", "c"] });
    assert.deepEqual(splitTestId("t/test_x.py::C::test_y"), { file: "t/test_x.py", names: ["C", "test_y"] });
    assert.deepEqual(parseLocation("src/a.js:10:4", "/w"), { file: "/w/src/a.js", line: 9 });
    assert.deepEqual(parseLocation("/abs/a.py:1", "/w"), { file: "/abs/a.py", line: 0 });
    assert.equal(parseLocation("no line here", "/w"), undefined);
    assert.equal(declarationLine("it('a.b (c)', f)\n", "a.b (c)", false), 0, "names are matched literally");
    assert.equal(declarationLine("it('axb', f)\n", "a.b", false), undefined);
    assert.equal(declarationLine("    async def test_x(self):\n", "test_x", true), 0);
  });

  it("the id a runner's filter matches: Greenloop's own from the same folder, pytest node ids, suite > test", () => {
    const js = { cwd: "/w/app", framework: "node" as const };
    const py = { cwd: "/w/app", framework: "pytest" as const };
    assert.equal(runnerTestId({ names: ["money", "rounds"] }, js), "money > rounds");
    assert.equal(
      runnerTestId({ names: ["TestCart", "test_total"], file: "/w/app/tests/test_cart.py" }, py),
      "tests/test_cart.py::TestCart::test_total",
    );
    assert.equal(runnerTestId({ names: ["test_total"] }, py), undefined, "a pytest id needs the file");
    assert.equal(runnerTestId({ names: [] }, js), undefined, "a whole file is no single test");
    const own = { names: ["rounds"], greenloop: { testId: "money > rounds", cwd: "/w/app" } };
    assert.equal(runnerTestId(own, js), "money > rounds");
    assert.equal(
      runnerTestId(own, { ...js, cwd: "/w/other" }),
      "rounds",
      "an id parsed in another folder is not reused",
    );
  });
});
