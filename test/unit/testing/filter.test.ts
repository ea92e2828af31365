import assert from "node:assert/strict";
import { filterCommand } from "../../../agent-core/testing/filter";
import type { TestCommand } from "../../../agent-core/testing/types";

const cwd = "/p";

describe("filterCommand", () => {
  it("appends pytest node ids", () => {
    const cmd: TestCommand = { argv: ["python3", "-m", "pytest", "-q", "-rA"], cwd, framework: "pytest" };
    assert.deepEqual(filterCommand(cmd, ["tests/t.py::test_a", "tests/t.py::C::test_b[1-2]"])?.argv, [
      "python3", "-m", "pytest", "-q", "-rA", "tests/t.py::test_a", "tests/t.py::C::test_b[1-2]",
    ]);
  });

  it("puts node's --test-name-pattern before --test with leaf names, escaped and anchored", () => {
    const cmd: TestCommand = { argv: ["node", "--test", "test/"], cwd, framework: "node" };
    assert.deepEqual(filterCommand(cmd, ["math > adds (a+b)", "top level"])?.argv, [
      "node", "--test-name-pattern=^(?:adds \\(a\\+b\\)|top level)$", "--test", "test/",
    ]);
  });

  it("uses --grep for mocha and -t for jest/vitest with space-joined full titles", () => {
    const mocha: TestCommand = { argv: ["/p/node_modules/.bin/mocha"], cwd, framework: "mocha" };
    assert.deepEqual(filterCommand(mocha, ["math > nested > works"])?.argv, ["/p/node_modules/.bin/mocha", "--grep", "^(?:math nested works)$"]);
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
    assert.equal(filterCommand({ ...node, argv: ["npm", "test"] }, ["a"]), undefined, "node via npm: flags would land after the files");
    assert.equal(filterCommand({ argv: ["sh", "-c", "make test"], cwd, framework: "mocha", filterable: false }, ["a"]), undefined);
    assert.equal(filterCommand({ argv: ["make", "test"], cwd, framework: "unknown" }, ["a"]), undefined);
    assert.equal(filterCommand({ argv: ["pytest"], cwd, framework: "pytest" }, ["just a name"]), undefined);
  });
});
