import assert from "node:assert/strict";
import { needsShell, splitArgs } from "../../../agent-core/testing/splitArgs";

describe("splitArgs", () => {
  it("splits on runs of whitespace", () => {
    assert.deepEqual(splitArgs("  pytest   -q\ttests/ "), ["pytest", "-q", "tests/"]);
    assert.deepEqual(splitArgs(""), []);
  });

  it("keeps quoted text together and drops the quotes", () => {
    assert.deepEqual(splitArgs(`jest -t "adds two numbers" --ci`), ["jest", "-t", "adds two numbers", "--ci"]);
    assert.deepEqual(splitArgs(`pytest -k 'not slow and not "db"'`), ["pytest", "-k", `not slow and not "db"`]);
    assert.deepEqual(splitArgs(`a"b c"d`), ["ab cd"]);
    assert.deepEqual(splitArgs(`x "" ''`), ["x", "", ""]);
  });

  it("handles backslash escapes inside double quotes and outside quotes", () => {
    assert.deepEqual(splitArgs(`echo "say \\"hi\\"" path\\ with\\ spaces`), ["echo", `say "hi"`, "path with spaces"]);
    assert.deepEqual(splitArgs(`echo "C:\\dir"`), ["echo", "C:\\dir"], "unknown escapes stay literal in double quotes");
    assert.deepEqual(splitArgs(`echo 'a\\b'`), ["echo", "a\\b"], "single quotes are fully literal");
  });

  it("throws a clear error on an unclosed quote or trailing backslash", () => {
    assert.throws(() => splitArgs(`pytest -k "oops`), /Unclosed double quote/);
    assert.throws(() => splitArgs(`pytest -k 'oops`), /Unclosed single quote/);
    assert.throws(() => splitArgs(`pytest \\`), /Trailing backslash/);
  });
});

describe("needsShell", () => {
  it("is false for plain commands, even with quoted operators", () => {
    assert.equal(needsShell("npx vitest run"), false);
    assert.equal(needsShell(`pytest -k "a and not b"`), false);
    assert.equal(needsShell(`mocha --grep 'x|y'`), false);
  });

  it("is true for operators, redirections, substitutions, globs and env assignments", () => {
    for (const line of [
      "npm run build && npm test",
      "pytest | tee log",
      "jest > out.txt",
      "echo $HOME",
      "node --test test/*.test.js",
      "CI=1 jest",
      'echo "$(whoami)"',
    ]) {
      assert.equal(needsShell(line), true, line);
    }
  });
});
