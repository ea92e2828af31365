import assert from "node:assert/strict";
import { ownTestFiles } from "../../../agent-core/loop/related";
import { filterCommand, filterFiles, withPerTestTimeout } from "../../../agent-core/testing/filter";
import type { TestCommand } from "../../../agent-core/testing/types";

const cwd = "/p";

describe("filterCommand", () => {
  it("appends pytest node ids", () => {
    const cmd: TestCommand = { argv: ["python3", "-m", "pytest", "-q", "-rA"], cwd, framework: "pytest" };
    assert.deepEqual(filterCommand(cmd, ["tests/t.py::test_a", "tests/t.py::C::test_b[1-2]"])?.argv, [
      "python3",
      "-m",
      "pytest",
      "-q",
      "-rA",
      "tests/t.py::test_a",
      "tests/t.py::C::test_b[1-2]",
    ]);
  });

  it("puts node's --test-name-pattern before --test with leaf names, escaped and anchored", () => {
    const cmd: TestCommand = { argv: ["node", "--test", "test/"], cwd, framework: "node" };
    assert.deepEqual(filterCommand(cmd, ["math > adds (a+b)", "top level"])?.argv, [
      "node",
      "--test-name-pattern=^(?:adds \\(a\\+b\\)|top level)$",
      "--test",
      "test/",
    ]);
  });

  it("uses --grep for mocha and -t for jest/vitest with space-joined full titles", () => {
    const mocha: TestCommand = { argv: ["/p/node_modules/.bin/mocha"], cwd, framework: "mocha" };
    assert.deepEqual(filterCommand(mocha, ["math > nested > works"])?.argv, [
      "/p/node_modules/.bin/mocha",
      "--grep",
      "^(?:math nested works)$",
    ]);
    const jest: TestCommand = { argv: ["/p/node_modules/.bin/jest"], cwd, framework: "jest" };
    assert.deepEqual(filterCommand(jest, ["a > b", "c"])?.argv, ["/p/node_modules/.bin/jest", "-t", "^(?:a b|c)$"]);
    const vitest: TestCommand = { argv: ["/p/node_modules/.bin/vitest", "run"], cwd, framework: "vitest" };
    assert.deepEqual(filterCommand(vitest, ["x.y"])?.argv, ["/p/node_modules/.bin/vitest", "run", "-t", "^(?:x\\.y)$"]);
  });

  it("passes filter flags through npm after --", () => {
    const cmd: TestCommand = { argv: ["npm", "test", "--silent"], cwd, framework: "jest", filterable: true };
    assert.deepEqual(filterCommand(cmd, ["a"])?.argv, ["npm", "test", "--silent", "--", "-t", "^(?:a)$"]);
  });

  it("returns undefined when filtering is impossible or unsafe", () => {
    const node: TestCommand = { argv: ["node", "--test"], cwd, framework: "node" };
    assert.equal(filterCommand(node, []), undefined, "no ids");
    assert.equal(filterCommand(node, ["(test run)"]), undefined, "synthetic id");
    assert.equal(filterCommand(node, ["test/b.test.js"]), undefined, "a whole file that crashed");
    assert.equal(
      filterCommand({ ...node, argv: ["npm", "test"] }, ["a"]),
      undefined,
      "node via npm: flags would land after the files",
    );
    assert.equal(
      filterCommand({ argv: ["sh", "-c", "make test"], cwd, framework: "mocha", filterable: false }, ["a"]),
      undefined,
    );
    assert.equal(filterCommand({ argv: ["make", "test"], cwd, framework: "unknown" }, ["a"]), undefined);
    assert.equal(filterCommand({ argv: ["pytest"], cwd, framework: "pytest" }, ["just a name"]), undefined);
  });
});

describe("filterFiles", () => {
  it("narrows pytest, node --test, jest and vitest to test files", () => {
    const py: TestCommand = { argv: ["/usr/bin/python3", "-m", "pytest", "-q", "-rA"], cwd, framework: "pytest" };
    assert.deepEqual(filterFiles(py, ["tests/test_a.py"])?.argv, [...py.argv, "tests/test_a.py"]);
    assert.deepEqual(filterFiles({ argv: ["node", "--test"], cwd, framework: "node" }, ["test/a.test.js"])?.argv, [
      "node",
      "--test",
      "test/a.test.js",
    ]);
    assert.deepEqual(
      filterFiles({ argv: ["/p/node_modules/.bin/jest", "--verbose"], cwd, framework: "jest" }, ["src/a.test.ts"])
        ?.argv,
      ["/p/node_modules/.bin/jest", "--verbose", "src\\/a\\.test\\.ts$"],
    );
    assert.deepEqual(
      filterFiles({ argv: ["vitest", "run", "--reporter=verbose"], cwd, framework: "vitest" }, ["a.test.ts"])?.argv,
      ["vitest", "run", "--reporter=verbose", "a.test.ts"],
    );
  });

  it("refuses commands that already name files, go through a package script, or cannot take files", () => {
    assert.equal(
      filterFiles({ argv: ["node", "--test", "test/"], cwd, framework: "node" }, ["test/a.test.js"]),
      undefined,
    );
    assert.equal(
      filterFiles({ argv: ["python3", "-m", "pytest", "tests/unit"], cwd, framework: "pytest" }, ["tests/test_a.py"]),
      undefined,
    );
    assert.equal(filterFiles({ argv: ["npm", "test", "--silent"], cwd, framework: "jest" }, ["a.test.js"]), undefined);
    assert.equal(filterFiles({ argv: ["mocha"], cwd, framework: "mocha" }, ["a.test.js"]), undefined);
    assert.equal(filterFiles({ argv: ["node", "--test"], cwd, framework: "node" }, []), undefined);
  });
});

describe("withPerTestTimeout", () => {
  it("puts node's option before the files and appends the others, in the runner's unit", () => {
    const node: TestCommand = {
      argv: ["node", "--test-name-pattern=^a$", "--test", "t.js"],
      cwd,
      framework: "node",
      perTestTimeout: { flag: "--test-timeout=", unit: "ms" },
    };
    assert.deepEqual(withPerTestTimeout(node, 15000)?.argv, [
      "node",
      "--test-timeout=15000",
      "--test-name-pattern=^a$",
      "--test",
      "t.js",
    ]);
    const py: TestCommand = {
      argv: ["py", "-m", "pytest", "t.py::a"],
      cwd,
      framework: "pytest",
      perTestTimeout: { flag: "--timeout=", unit: "s", before: ["-p", "pytest_timeout"] },
    };
    assert.deepEqual(withPerTestTimeout(py, 15000)?.argv, [
      "py",
      "-m",
      "pytest",
      "t.py::a",
      "-p",
      "pytest_timeout",
      "--timeout=15",
    ]);
    const npm: TestCommand = {
      argv: ["npm", "test", "--silent"],
      cwd,
      framework: "jest",
      perTestTimeout: { flag: "--testTimeout=", unit: "ms" },
    };
    assert.deepEqual(withPerTestTimeout(npm, 2000)?.argv, ["npm", "test", "--silent", "--", "--testTimeout=2000"]);
    assert.equal(withPerTestTimeout({ argv: ["make"], cwd, framework: "unknown" }, 2000), undefined);
  });
});

describe("ownTestFiles", () => {
  it("finds the target's tests by name, nearest first, and nothing else", () => {
    const files = [
      "two_fer.py",
      "two_fer_test.py",
      "tests/test_two_fer.py",
      "other/two_fer_test.py",
      "tests/test_other.py",
      "src/twofer.ts",
      "src/twofer.test.ts",
      "README.md",
    ];
    assert.deepEqual(ownTestFiles("two_fer.py", files), [
      "two_fer_test.py",
      "tests/test_two_fer.py",
      "other/two_fer_test.py",
    ]);
    assert.deepEqual(ownTestFiles("src/twofer.ts", files), ["src/twofer.test.ts"], "same language only");
    assert.deepEqual(ownTestFiles("README.md", files), []);
  });
});
